#!/usr/bin/env python3
"""A Sparkplug B edge node for pdm's tests, built on pysparkplug.

    sparkplug_edge.py HOST PORT GROUP NODE DEVICE BDSEQ

It registers its NDEATH (with BDSEQ) as the MQTT will, publishes NBIRTH and the DBIRTH of DEVICE
(metrics `temp` alias 10 and `vib` alias 11, doubles), and answers a `Node Control/Rebirth`
command with new births. It takes its steps from the topic `edge-control/GROUP/NODE`:

    data VALUE   DDATA of `temp` = VALUE, by alias only (the data type comes from the birth)
    gap          the next DDATA skips five sequence numbers
    quit         disconnects cleanly (no death)

It prints one line per event, flushed: `connected`, `born N` (N-th birth), `sent data seq=S`,
`rebirth-requested`. Killing it makes the broker publish its death.
"""
import sys
import threading

import pysparkplug as sp

host, port, group, node, device, bd_seq = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6])

lock = threading.Lock()
state = {"seq": -1, "births": 0, "skip": 0, "temp": 60.0}
done = threading.Event()


def say(line):
    print(line, flush=True)


def next_seq():
    state["seq"] = (state["seq"] + 1 + state["skip"]) % 256
    state["skip"] = 0
    return state["seq"]


def topic(kind, device_id=None):
    return sp.Topic(group_id=group, message_type=kind, edge_node_id=node, device_id=device_id)


def bd_seq_metric():
    return sp.Metric(timestamp=sp.get_current_timestamp(), name="bdSeq", datatype=sp.DataType.INT64, value=bd_seq)


client = sp.Client(client_id=f"edge-{group}-{node}-{bd_seq}")
client.set_will(sp.Message(topic=topic(sp.MessageType.NDEATH),
                           payload=sp.NDeath(timestamp=None, bd_seq_metric=bd_seq_metric()),
                           qos=sp.QoS.AT_LEAST_ONCE, retain=False))


def births():
    with lock:
        now = sp.get_current_timestamp()
        state["seq"] = -1
        node_metrics = (
            bd_seq_metric(),
            sp.Metric(timestamp=now, name="Node Control/Rebirth", datatype=sp.DataType.BOOLEAN, value=False),
            sp.Metric(timestamp=now, name="supply", alias=1, datatype=sp.DataType.DOUBLE, value=24.0),
        )
        client.publish(sp.Message(topic=topic(sp.MessageType.NBIRTH), payload=sp.NBirth(timestamp=now, seq=next_seq(), metrics=node_metrics),
                                  qos=sp.QoS.AT_MOST_ONCE, retain=False), include_dtypes=True)
        device_metrics = (
            sp.Metric(timestamp=now, name="temp", alias=10, datatype=sp.DataType.DOUBLE, value=state["temp"]),
            sp.Metric(timestamp=now, name="vib", alias=11, datatype=sp.DataType.DOUBLE, value=2.0),
        )
        client.publish(sp.Message(topic=topic(sp.MessageType.DBIRTH, device), payload=sp.DBirth(timestamp=now, seq=next_seq(), metrics=device_metrics),
                                  qos=sp.QoS.AT_MOST_ONCE, retain=False), include_dtypes=True)
        state["births"] += 1
        say(f"born {state['births']}")


def data(value):
    with lock:
        now = sp.get_current_timestamp()
        state["temp"] = value
        metric = sp.Metric(timestamp=now, name=None, alias=10, datatype=sp.DataType.DOUBLE, value=value)
        seq = next_seq()
        client.publish(sp.Message(topic=topic(sp.MessageType.DDATA, device), payload=sp.DData(timestamp=now, seq=seq, metrics=(metric,)),
                                  qos=sp.QoS.AT_MOST_ONCE, retain=False))
        say(f"sent data seq={seq}")


def on_command(_client, message):
    for metric in message.payload.metrics:
        if metric.name == "Node Control/Rebirth" and metric.value:
            say("rebirth-requested")
            births()


def on_control(_client, message):
    text = message.payload.decode() if isinstance(message.payload, bytes) else str(message.payload)
    words = text.split()
    if not words:
        return
    if words[0] == "data":
        data(float(words[1]))
    elif words[0] == "gap":
        with lock:
            state["skip"] = 5
    elif words[0] == "quit":
        done.set()


subscribing = threading.Lock()


def on_connect(_client):
    client.subscribe(topic(sp.MessageType.NCMD), sp.QoS.AT_MOST_ONCE, on_command)
    # The control topic is not a Sparkplug topic: read with the underlying paho client, raw payloads.
    # The births (and so `born 1`, after which the tests send steps) wait for its SUBACK.
    raw = client._client
    raw.message_callback_add(f"edge-control/{group}/{node}", lambda _c, _u, msg: on_control(None, msg))

    def subscribed(_c, _u, mid, _granted):
        with subscribing:
            if mid != state.get("control_mid"):
                return
        say("connected")
        births()

    raw.on_subscribe = subscribed
    with subscribing:
        _, state["control_mid"] = raw.subscribe(f"edge-control/{group}/{node}", qos=1)


client.connect(host, port=port, blocking=False, callback=on_connect)
done.wait()
client.disconnect()

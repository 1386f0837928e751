#!/usr/bin/env python3
"""A Sparkplug B host application for pdm's tests, built on pysparkplug: prints what an edge
node group publishes, decoded by pysparkplug (not by pdm).

    sparkplug_host.py HOST PORT GROUP

One line per message, flushed: `TYPE NODE DEVICE seq=S name=value …` (DEVICE is `-` for the
node; metrics sent by alias only print as `#alias=value`). Prints `subscribed` first.
"""
import os
import sys
import threading

import pysparkplug as sp

host, port, group = sys.argv[1], int(sys.argv[2]), sys.argv[3]
client = sp.Client(client_id=f"host-{group}-{os.getpid()}")


def on_message(_client, message):
    topic = message.topic
    payload = message.payload
    parts = [topic.message_type.name if hasattr(topic.message_type, "name") else str(topic.message_type),
             topic.edge_node_id or "-", topic.device_id or "-"]
    seq = getattr(payload, "seq", None)
    if seq is not None:
        parts.append(f"seq={seq}")
    metrics = getattr(payload, "metrics", None)
    if metrics is None and hasattr(payload, "bd_seq_metric"):
        metrics = (payload.bd_seq_metric,)
    for metric in metrics or ():
        name = metric.name if metric.name is not None else f"#{metric.alias}"
        parts.append(f"{name}={metric.value}")
    print(" ".join(str(part) for part in parts), flush=True)


def on_connect(_client):
    client.subscribe(sp.Topic(group_id=group, message_type="#"), sp.QoS.AT_LEAST_ONCE, on_message)
    print("subscribed", flush=True)


client.connect(host, port=port, blocking=False, callback=on_connect)
threading.Event().wait()

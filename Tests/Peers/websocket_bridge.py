#!/usr/bin/env python3
"""A WebSocket-to-TCP bridge for pdm's tests: websockify in front of an MQTT broker.

    websocket_bridge.py LISTEN_PORT TARGET_PORT [CERT_FILE KEY_FILE]

Listens on 127.0.0.1:LISTEN_PORT and relays each WebSocket connection's binary frames to
127.0.0.1:TARGET_PORT. It accepts the subprotocol `mqtt`, as MQTT over WebSocket asks for
(websockify itself only knows `binary`). With a certificate and its key it speaks TLS (`wss`).
Prints `listening` once it accepts connections.
"""
import ssl
import sys

from websockify import websocketproxy, websockifyserver


class MQTTWebSocket(websockifyserver.CompatibleWebSocket):
    def select_subprotocol(self, protocols):
        for protocol in protocols:
            if protocol.strip() == "mqtt":
                return protocol
        return super().select_subprotocol(protocols)


class MQTTProxyHandler(websocketproxy.ProxyRequestHandler):
    SocketClass = MQTTWebSocket

    def log_message(self, *args):
        pass


listen_port, target_port = int(sys.argv[1]), int(sys.argv[2])
server = websocketproxy.LibProxyServer(RequestHandlerClass=MQTTProxyHandler, listen_host="127.0.0.1",
                                       listen_port=listen_port, target_host="127.0.0.1", target_port=target_port)
# The library server leaves out an attribute the proxy handler reads (it listens on TCP here).
server.unix_listen = None
if len(sys.argv) > 4:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(sys.argv[3], sys.argv[4])
    server.socket = context.wrap_socket(server.socket, server_side=True)
print("listening", flush=True)
server.serve_forever()

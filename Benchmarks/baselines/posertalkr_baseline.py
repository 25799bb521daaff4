"""The seed's design written plainly in Python: the baseline PoserTalkr is measured against.

As the forum post describes it: a dispatcher thread accepts connections and starts a thread
per client; client threads put incoming packets (one recv each) into per-client input deques
and send whatever waits in their output deques; exactly one interpreter thread works through
the input deques (round-robin over clients) with eval / object_from_path / exec in a per-IP
namespace and puts results into the output deques. Raw protocol only.

    python3 posertalkr_baseline.py --port 55600 [--shims ../../PythonShims]
"""

from __future__ import print_function

import argparse
import collections
import io
import os
import select
import socket

import sys
import threading
import traceback


class Client(object):
    def __init__(self, sock, address):
        self.sock = sock
        self.address = address
        self.inbox = collections.deque()
        self.outbox = collections.deque()
        self.wake = threading.Event()


class Server(object):
    def __init__(self, host, port):
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind((host, port))
        self.listener.listen(1024)
        self.clients = []
        self.clients_lock = threading.Lock()
        self.work = threading.Event()
        self.namespaces = {}

    # -- the dispatcher ------------------------------------------------------------------
    def dispatch(self):
        while True:
            sock, address = self.listener.accept()
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            client = Client(sock, address[0])
            with self.clients_lock:
                self.clients.append(client)
            threading.Thread(target=self.serve_client, args=(client,), daemon=True).start()

    # -- a client thread: incoming into the input deque, outgoing from the output deque ----
    def serve_client(self, client):
        try:
            while True:
                # Wait briefly for input, then look at the output deque, as the original's
                # client threads do (it used a recv timeout; select keeps sendall blocking).
                readable, _, _ = select.select([client.sock], [], [], 0.0005)
                if readable:
                    data = client.sock.recv(65536)
                    if not data:
                        break
                    client.inbox.append(data)
                    self.work.set()
                while client.outbox:
                    client.sock.sendall(client.outbox.popleft())
        except (OSError, socket.error):
            pass
        finally:
            with self.clients_lock:
                self.clients.remove(client)
            client.sock.close()

    # -- the one interpreter thread --------------------------------------------------------
    def interpret(self):
        import poser
        from object_from_path import describe, object_from_path

        while True:
            self.work.wait()
            self.work.clear()
            busy = True
            while busy:
                busy = False
                with self.clients_lock:
                    clients = list(self.clients)
                for client in clients:
                    if not client.inbox:
                        continue
                    busy = True
                    packet = client.inbox.popleft()
                    namespace = self.namespaces.get(client.address)
                    if namespace is None:
                        namespace = {"__builtins__": __builtins__, "SCENE": poser.Scene(), "poser": poser}
                        self.namespaces[client.address] = namespace
                    client.outbox.append(self.run(packet, namespace, object_from_path, describe))

    @staticmethod
    def run(packet, namespace, object_from_path, describe):
        text = packet.decode("utf-8", "replace").rstrip("\r\n")
        captured = io.StringIO()
        saved = sys.stdout, sys.stderr
        sys.stdout = sys.stderr = captured
        try:
            if text.startswith("="):
                result = str(eval(text[1:], namespace)) + "\n"
            elif text.startswith("%"):
                result = describe(object_from_path(text[1:], namespace)) + "\n"
            else:
                code = compile(text.replace("\r\n", "\n"), "<input>", "exec") if "\n" in text else text
                exec(code, namespace)
                result = ""
        except BaseException:
            result = traceback.format_exc()
        finally:
            sys.stdout, sys.stderr = saved
        return (captured.getvalue() + result).encode("utf-8")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--shims", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                        "..", "..", "PythonShims"))
    arguments = parser.parse_args()
    sys.path.insert(0, os.path.abspath(arguments.shims))
    server = Server(arguments.host, arguments.port)
    threading.Thread(target=server.dispatch, daemon=True).start()
    print("baseline listening on %s:%d" % (arguments.host, arguments.port), flush=True)
    server.interpret()


if __name__ == "__main__":
    main()

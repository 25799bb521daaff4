"""Shared helpers for the Python-side tests. The Swift test that runs them starts a real
PoserTalkr server and passes its address in POSERTALKR_TEST_HOST / POSERTALKR_TEST_PORT
(always loopback), and the server's process id in POSERTALKR_TEST_PID."""

from __future__ import print_function

import os
import socket
import struct
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "PythonShims"))

import posertalkr_client  # noqa: E402

HOST = os.environ.get("POSERTALKR_TEST_HOST", "127.0.0.1")
PORT = int(os.environ["POSERTALKR_TEST_PORT"])
SERVER_PID = int(os.environ.get("POSERTALKR_TEST_PID", "0"))
assert HOST in ("127.0.0.1", "::1"), "tests talk to loopback only"


def client(**options):
    return posertalkr_client.Client(HOST, PORT, **options)


def raw_request(text, wait_for=None, timeout=10.0, source=None):
    """One raw-mode packet and its reply (read until it contains ``wait_for`` or a newline)."""
    sock = socket.create_connection((HOST, PORT), timeout, source_address=(source, 0) if source else None)
    sock.settimeout(timeout)
    try:
        sock.sendall(text.encode("utf-8"))
        data = b""
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                chunk = sock.recv(65536)
            except socket.timeout:
                break
            if not chunk:
                break
            data += chunk
            decoded = data.decode("utf-8", "replace")
            if (wait_for is not None and wait_for in decoded) or (wait_for is None and decoded.endswith("\n")):
                return decoded
        return data.decode("utf-8", "replace")
    finally:
        sock.close()


def raw_execute(code, settle=0.3):
    """Raw-mode statements that print nothing: send, give them time to run, hang up."""
    sock = socket.create_connection((HOST, PORT), 10)
    try:
        sock.sendall(code.encode("utf-8"))
        time.sleep(settle)
    finally:
        sock.close()


def frame(op, request_id, body=b"", flags=0):
    return struct.pack(">IBBHQ", 12 + len(body), op, flags, 0, request_id) + body


def read_frame(sock):
    header = recv_exact(sock, 16)
    length, op, flags, _, request_id = struct.unpack(">IBBHQ", header)
    return op, flags, request_id, recv_exact(sock, length - 12)


def recv_exact(sock, count):
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise EOFError("closed after %d of %d bytes" % (len(data), count))
        data += chunk
    return data


def server_memory_kib():
    """(current RSS, peak RSS) of the server in KiB, from /proc."""
    values = {}
    with open("/proc/%d/status" % SERVER_PID) as status:
        for line in status:
            if line.startswith(("VmRSS:", "VmHWM:")):
                values[line.split(":")[0]] = int(line.split()[1])
    return values["VmRSS"], values["VmHWM"]

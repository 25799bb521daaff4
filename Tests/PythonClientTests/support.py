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

# A test runner may start this process with signals blocked (swift test blocks SIGINT,
# SIGTERM, SIGUSR2 ...); the servers, kernels and clients these tests start must get them.
if hasattr(__import__("signal"), "pthread_sigmask"):
    import signal

    signal.pthread_sigmask(signal.SIG_SETMASK, [])

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


def half_closed_exchange(data, timeout=10.0):
    """Sends ``data`` on a fresh raw connection, closes the sending side, and returns all
    the server sent until it closed."""
    sock = socket.create_connection((HOST, PORT), timeout)
    try:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
        received = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return received
            received += chunk
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


class OwnServer(object):
    """A server of the test's own (for tests that stop it or need other options), on a port
    it picks itself: ``with OwnServer("--max-frame", "1000") as server: server.port``.
    ``environment={"VIRTUAL_ENV": ...}`` adds to (or, with None values, removes from) the
    environment it inherits."""

    def __init__(self, *arguments, **options):
        import subprocess

        port = options.pop("port", 0)
        environment = dict(os.environ)
        for name, value in (options.pop("environment", None) or {}).items():
            if value is None:
                environment.pop(name, None)
            else:
                environment[name] = value
        host = options.pop("host", "127.0.0.1")
        assert not options, "unknown options %r" % sorted(options)
        self.process = subprocess.Popen(
            [os.environ["POSERTALKR_TEST_SERVER"], "--host", host, "--port", str(port)] + list(arguments),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment)
        line = self.process.stdout.readline().decode("utf-8")
        assert "listening on" in line, line + self.process.stderr.read().decode("utf-8", "replace")
        self.listening_line = line.rstrip("\n")
        self.port = int(line.split("listening on ")[1].split(" ")[0].rsplit(":", 1)[1])

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        # SIGTERM first, so the server finalizes Python and the scene's folder in /tmp goes too.
        if self.process.poll() is None:
            self.process.terminate()
            deadline = time.time() + 5
            while self.process.poll() is None and time.time() < deadline:
                time.sleep(0.02)
            if self.process.poll() is None:
                self.process.kill()
        self.process.wait()
        self.process.stdout.close()
        self.process.stderr.close()

    def stop(self, signum=None, timeout=30):
        """Sends ``signum`` (SIGTERM) and waits for the exit status."""
        import signal

        self.process.send_signal(signal.SIGTERM if signum is None else signum)
        deadline = time.time() + timeout
        while self.process.poll() is None and time.time() < deadline:
            time.sleep(0.02)
        return self.process.poll()


def framed_connection(port=None, session=None, receive_buffer=None):
    """A framed socket past the HELLO (and in ``session`` when given); ``receive_buffer``
    shrinks the socket's receive buffer (set before connecting, so it holds)."""
    sock = socket.socket(socket.AF_INET6 if ":" in HOST else socket.AF_INET, socket.SOCK_STREAM)
    if receive_buffer is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
    sock.settimeout(10)
    sock.connect((HOST, PORT if port is None else port))
    sock.sendall(posertalkr_client.PREAMBLE)
    op, _, _, _ = read_frame(sock)
    assert op == 0x80, op
    if session is not None:
        sock.sendall(frame(0x08, 1, session.encode("utf-8")))
        op, _, _, _ = read_frame(sock)
        assert op == 0x82, op
    return sock


def error_fields(body):
    """(code, type, message, traceback) of an ERROR frame's body."""
    code, = struct.unpack(">H", body[:2])
    at = 2
    for _ in range(2):
        length, = struct.unpack(">I", body[at:at + 4])
        at += 4 + length
    type_length, = struct.unpack(">H", body[at:at + 2])
    type_name = body[at + 2:at + 2 + type_length].decode("utf-8")
    at += 2 + type_length
    message_length, = struct.unpack(">I", body[at:at + 4])
    message = body[at + 4:at + 4 + message_length].decode("utf-8")
    return code, type_name, message, body[at + 4 + message_length:].decode("utf-8")

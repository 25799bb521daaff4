"""What bad input, floods and misbehaving clients do to the server: nothing lasting. Each
test checks that other clients are still served afterwards. Prints the figures it
measures."""

from __future__ import print_function

import os
import resource
import select
import socket
import struct
import subprocess
import sys
import time
import unittest

from support import (
    HOST, PORT, REPO, client, frame, half_closed_exchange, posertalkr_client, raw_request, read_frame,
    server_memory_kib)


def still_served():
    return raw_request("=6*7") == "42\n"


class BadInputTests(unittest.TestCase):
    def assert_raw_reply(self, packet, expected):
        sock = socket.create_connection((HOST, PORT), 10)
        try:
            sock.sendall(packet)
            data = b""
            while expected.encode("utf-8") not in data:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
            self.assertIn(expected, data.decode("utf-8", "replace"))
        finally:
            sock.close()
        self.assertTrue(still_served())

    def test_invalid_utf8(self):
        self.assert_raw_reply(b"=\xff\xfe", "not valid UTF-8")

    def test_nul_bytes(self):
        self.assert_raw_reply(b"x = 1\x00\n", "null bytes")

    def test_syntax_error(self):
        self.assert_raw_reply(b"def (:\n", "SyntaxError")

    def test_deep_python_recursion(self):
        self.assert_raw_reply(b"def f(n):\n    return f(n + 1)\nf(0)\n", "RecursionError")

    def test_deep_c_recursion(self):
        self.assert_raw_reply(b"import json\njson.loads('[' * 1000000)\n", "RecursionError")
        self.assert_raw_reply(b"nested = []\nfor _ in range(300000):\n    nested = [nested]\nrepr(nested)\n",
                              "RecursionError")

    def test_sys_exit(self):
        self.assert_raw_reply(b"import sys\nsys.exit(4)\n", "SystemExit: 4")

    def test_whitespace_only_packets_are_ignored(self):
        sock = socket.create_connection((HOST, PORT), 10)
        try:
            sock.sendall(b"  \r\n")
            time.sleep(0.2)
            sock.sendall(b"=1")
            self.assertEqual(sock.recv(100), b"1\n")
        finally:
            sock.close()

    def test_an_empty_framed_request_is_a_syntax_error(self):
        with client() as framed:
            with self.assertRaises(posertalkr_client.RemoteError) as caught:
                framed.eval("")
            self.assertEqual(caught.exception.type_name, "SyntaxError")
        self.assertTrue(still_served())

    def test_half_closed_socket_gets_its_answer_then_eof(self):
        self.assertEqual(half_closed_exchange(b"=3*3"), b"9\n")


class FloodTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 8192), hard))

    def test_a_thousand_connections_at_once(self):
        rss_before, _ = server_memory_kib()
        for round_number in range(2):
            sockets = [socket.create_connection((HOST, PORT), 10) for _ in range(1000)]
            for sock in sockets:
                sock.sendall(b"=1+1")
            pending = set(sockets)
            deadline = time.time() + 60
            answers = 0
            while pending and time.time() < deadline:
                readable, _, _ = select.select(list(pending)[:500], [], [], 1)
                for sock in readable:
                    self.assertEqual(sock.recv(10), b"2\n")
                    pending.discard(sock)
                    answers += 1
            if round_number == 0:
                rss_held, _ = server_memory_kib()
            for sock in sockets:
                sock.close()
            self.assertEqual(answers, 1000)
        time.sleep(0.5)
        rss_after, _ = server_memory_kib()
        print("\n[figure] 1,000 connections held and served twice: server RSS %.1f MiB before, %.1f MiB "
              "with 1,000 open, %.1f MiB after closing (%.1f KiB per open connection)"
              % (rss_before / 1024.0, rss_held / 1024.0, rss_after / 1024.0, (rss_held - rss_before) / 1000.0))
        self.assertTrue(still_served())

    def test_silent_clients_do_not_hold_anyone_up(self):
        silent = [socket.create_connection((HOST, PORT), 10) for _ in range(50)]
        try:
            self.assertTrue(still_served())
            time.sleep(1.0)
            self.assertTrue(still_served())
        finally:
            for sock in silent:
                sock.close()


class BackpressureTests(unittest.TestCase):
    def test_a_client_that_never_reads_does_not_grow_the_server(self):
        count, size = 4000, 100000
        sock = socket.create_connection((HOST, PORT), 10)
        try:
            sock.sendall(posertalkr_client.PREAMBLE)
            read_frame(sock)
            sock.sendall(frame(0x08, 1, b"backpressure"))
            read_frame(sock)
            rss_before, _ = server_memory_kib()
            expression = ("'x' * %d" % size).encode("ascii")
            sock.sendall(b"".join(frame(0x01, 100 + i, expression) for i in range(count)))
            time.sleep(3)
            rss_stalled, _ = server_memory_kib()
            self.assertTrue(still_served(), "other clients are served while this one is stalled")
            received = 0
            for i in range(count):
                op, _, request_id, body = read_frame(sock)
                self.assertEqual((op, request_id, len(body)), (0x82, 100 + i, 8 + size))
                received += 1
        finally:
            sock.close()
        growth = (rss_stalled - rss_before) / 1024.0
        print("\n[figure] a client not reading %d x %d KB of replies: server RSS grew %.1f MiB while stalled "
              "(%.0f MB of replies in total)" % (count, size // 1000, growth, count * size / 1e6))
        self.assertEqual(received, count)
        self.assertLess(growth, 64)


class MisbehavingClientTests(unittest.TestCase):
    def test_a_client_killed_in_the_middle_of_a_long_exec(self):
        script = (
            "import sys; sys.path.insert(0, %r)\n"
            "from posertalkr_client import Client\n"
            "c = Client(%r, %d, session='killed-client')\n"
            "c.submit('exec', 'import time\\ntime.sleep(0.6)\\nprint(\"finished anyway\")\\n')\n"
            "import os; os.kill(os.getpid(), 9)\n" % (os.path.join(REPO, "PythonShims"), HOST, PORT))
        process = subprocess.Popen([sys.executable, "-c", script])
        process.wait()
        self.assertEqual(process.returncode, -9)
        self.assertTrue(still_served())
        time.sleep(1.0)
        with client(session="killed-client") as again:
            self.assertEqual(again.eval("1"), "1")
            self.assertEqual(again.notices, ["finished anyway\n"])


if __name__ == "__main__":
    unittest.main()

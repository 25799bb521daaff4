"""Replies the interpreter thread sends into the socket itself (docs/PROTOCOL.md, "How
replies leave"): whichever path a reply takes, the client sees the same bytes in the same
order. These drive the cases where the two paths meet: a reply sent directly followed by
one of the server's own messages, pipelined requests mixed with PINGs, a client that stops
reading (the socket fills mid-reply), a half-close right after a request, replies just
under and over the direct path's size limit."""

from __future__ import print_function

import os
import socket
import struct
import time
import unittest

from support import (
    HOST, PORT, client, error_fields, frame, framed_connection, half_closed_exchange, read_frame)

EVAL, EXEC, PING = 0x01, 0x02, 0x07
OK, ERROR = 0x82, 0x83


def raw_connection():
    sock = socket.create_connection((HOST, PORT), 10)
    sock.settimeout(10)
    return sock


def read_until(sock, needle, limit=1 << 24):
    data = b""
    while needle not in data and len(data) < limit:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def ok_text(body):
    """The text result of an OK frame's body (u32 stdout, u32 stderr, result)."""
    stdout_length, = struct.unpack(">I", body[:4])
    at = 4 + stdout_length
    stderr_length, = struct.unpack(">I", body[at:at + 4])
    return body[at + 4 + stderr_length:].decode("utf-8")


class RawReplies(unittest.TestCase):
    def test_sequential_evals_execs_and_prints_keep_their_text(self):
        sock = raw_connection()
        try:
            for i in range(50):
                sock.sendall(b"=%d*3\n" % i)
                self.assertEqual(read_until(sock, b"\n"), b"%d\n" % (i * 3))
            # An exec that prints nothing answers nothing; the eval after it still answers.
            sock.sendall(b"quiet = 7\n")
            time.sleep(0.05)
            sock.sendall(b"print('p', quiet)\n")
            self.assertEqual(read_until(sock, b"\n"), b"p 7\n")
            sock.sendall(b"=quiet\n")
            self.assertEqual(read_until(sock, b"\n"), b"7\n")
        finally:
            sock.close()

    def test_a_reply_then_the_servers_own_message_in_order(self):
        sock = raw_connection()
        try:
            sock.sendall(b"=1+1\n")
            self.assertEqual(read_until(sock, b"\n"), b"2\n")
            # Not UTF-8: answered by the connection itself, after the reply before it.
            sock.sendall(b"=2+2\n")
            time.sleep(0.05)
            sock.sendall(b"=\xff\n")
            data = read_until(sock, b"posertalkr:")
            data += read_until(sock, b"\n") if not data.endswith(b"\n") else b""
            self.assertTrue(data.startswith(b"4\nposertalkr: "), data)
        finally:
            sock.close()

    def test_a_half_close_right_after_the_request_still_gets_the_reply(self):
        for _ in range(20):
            self.assertEqual(half_closed_exchange(b"=6*7\n"), b"42\n")

    def test_replies_around_the_size_limit_arrive_whole(self):
        sock = raw_connection()
        try:
            for size in (65000, 65536, 65537, 70000, 300000):
                sock.sendall(b"='y' * %d\n" % size)
                self.assertEqual(len(read_until(sock, b"\n")), size + 1)
        finally:
            sock.close()


class FramedReplies(unittest.TestCase):
    def test_sequential_requests_and_pings_in_order(self):
        with client(session="direct-seq-%d" % os.getpid()) as c:
            for i in range(50):
                self.assertEqual(c.eval("%d + 1" % i), str(i + 1))
                self.assertEqual(c.ping(b"p%d" % i), b"p%d" % i)
            c.execute("z = 5")
            self.assertEqual(c.eval("z"), "5")

    def test_pipelined_requests_mixed_with_pings_come_back_complete(self):
        sock = framed_connection(session="direct-pipe-%d" % os.getpid())
        try:
            batch = b""
            for i in range(1, 201):
                batch += frame(PING if i % 7 == 0 else EVAL, i, b"ping" if i % 7 == 0 else b"%d" % i)
            sock.sendall(batch)
            seen = {}
            for _ in range(200):
                op, _, request_id, body = read_frame(sock)
                self.assertEqual(op, OK, (request_id, body))
                seen[request_id] = body
            self.assertEqual(sorted(seen), list(range(1, 201)))
            # Final answers of evals keep request order; PINGs may overtake (docs/PROTOCOL.md).
            for i in range(1, 201):
                if i % 7:
                    self.assertEqual(ok_text(seen[i]), str(i))
        finally:
            sock.close()

    def test_a_client_that_stops_reading_gets_every_byte_later(self):
        # A small receive buffer fills within a few replies: the direct path then finds the
        # socket full mid-reply, and the rest must follow before anything else.
        sock = framed_connection(session="direct-slow-%d" % os.getpid(), receive_buffer=4096)
        try:
            count, size = 60, 60000
            for i in range(1, count + 1):
                sock.sendall(frame(EVAL, i, b"str(%d) * %d" % (i % 10, size)))
                time.sleep(0.002)
            time.sleep(0.3)
            for i in range(1, count + 1):
                op, _, request_id, body = read_frame(sock)
                self.assertEqual((op, request_id), (OK, i))
                self.assertEqual(ok_text(body), str(i % 10) * size)
            sock.sendall(frame(EVAL, 999, b"'still here'"))
            op, _, request_id, body = read_frame(sock)
            self.assertEqual((op, request_id, ok_text(body)), (OK, 999, "still here"))
        finally:
            sock.close()

    def test_errors_go_out_directly_with_their_details(self):
        sock = framed_connection(session="direct-err-%d" % os.getpid())
        try:
            sock.sendall(frame(EVAL, 5, b"1/0"))
            op, _, request_id, body = read_frame(sock)
            self.assertEqual((op, request_id), (ERROR, 5))
            _, type_name, _, traceback = error_fields(body)
            self.assertEqual(type_name, "ZeroDivisionError")
            self.assertIn("ZeroDivisionError", traceback)
        finally:
            sock.close()


if __name__ == "__main__":
    unittest.main()

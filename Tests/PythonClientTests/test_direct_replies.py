"""Replies the interpreter thread sends into the socket itself (docs/PROTOCOL.md, "How
replies leave"): whichever path a reply takes, the client sees the same bytes in the same
order. These drive the cases where the two paths meet: a reply sent directly followed by
one of the server's own messages, pipelined requests mixed with PINGs, a client that stops
reading (the socket fills mid-reply), a half-close right after a request, replies just
under and over the direct path's size limit; and, for a quiet connection whose commands
the interpreter thread reads itself (``--interpreter-reads``), PING and INTERRUPT while such
a command runs, and every frame it leaves to the event loop."""

from __future__ import print_function

import os
import socket
import struct
import time
import unittest

from support import (
    HOST, PORT, client, error_fields, frame, framed_connection, half_closed_exchange, read_frame)

EVAL, EXEC, PATH, INTERRUPT, PING, SESSION = 0x01, 0x02, 0x03, 0x06, 0x07, 0x08
OUTPUT, OK, ERROR = 0x81, 0x82, 0x83


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


    def sequential(self, sock, first_id, count=5):
        """Request-reply rounds, so that the interpreter thread reads the next ones."""
        for i in range(first_id, first_id + count):
            sock.sendall(frame(EVAL, i, b"%d * 2" % i))
            op, _, request_id, body = read_frame(sock)
            self.assertEqual((op, request_id, ok_text(body)), (OK, i, str(i * 2)))

    def test_ping_and_interrupt_are_answered_while_a_command_runs(self):
        sock = framed_connection(session="direct-watch-%d" % os.getpid())
        try:
            self.sequential(sock, 1)
            # PING right behind a command that sleeps: answered long before it ends.
            started = time.time()
            sock.sendall(frame(EXEC, 10, b"import time; time.sleep(1.5)"))
            sock.sendall(frame(PING, 11, b"still there?"))
            op, _, request_id, body = read_frame(sock)
            self.assertEqual((op, request_id, body[-12:]), (OK, 11, b"still there?"))
            self.assertLess(time.time() - started, 0.75)
            op, _, request_id, _ = read_frame(sock)
            self.assertEqual((op, request_id), (OK, 10))
            self.assertGreater(time.time() - started, 1.4)
            # INTERRUPT (the session's running request) stops a busy loop read the same way.
            self.sequential(sock, 20)
            started = time.time()
            sock.sendall(frame(EXEC, 30, b"while True: pass"))
            sock.sendall(frame(INTERRUPT, 31))
            replies = dict((request_id, (op, body)) for op, _, request_id, body in
                           [read_frame(sock), read_frame(sock)])
            self.assertLess(time.time() - started, 2)
            self.assertEqual(replies[31][0], OK)
            self.assertEqual(replies[30][0], ERROR)
            self.assertEqual(error_fields(replies[30][1])[1], "RequestInterrupted")
            # And by id.
            self.sequential(sock, 40)
            sock.sendall(frame(EXEC, 50, b"while True: pass"))
            time.sleep(0.1)
            sock.sendall(frame(INTERRUPT, 51, struct.pack(">Q", 50)))
            replies = dict((request_id, (op, body)) for op, _, request_id, body in
                           [read_frame(sock), read_frame(sock)])
            self.assertIn(b"interrupted", replies[51][1])
            self.assertEqual(error_fields(replies[50][1])[1], "RequestInterrupted")
            self.sequential(sock, 60)
        finally:
            sock.close()

    def test_frames_the_interpreter_thread_leaves_alone_are_served_in_order(self):
        sock = framed_connection(session="direct-mixed-%d" % os.getpid())
        try:
            self.sequential(sock, 1)
            # Larger than the interpreter thread reads itself.
            big = b"len('" + b"x" * 20000 + b"')"
            sock.sendall(frame(EVAL, 10, big))
            self.assertEqual(ok_text(read_frame(sock)[3]), "20000")
            self.sequential(sock, 20)
            # Streamed output: OUTPUT frames, then the final reply.
            sock.sendall(frame(EXEC, 30, b"print('streamed')", flags=0x01))
            op, _, request_id, body = read_frame(sock)
            self.assertEqual((op, request_id, body), (OUTPUT, 30, b"streamed\n"))
            self.assertEqual(read_frame(sock)[:3:2], (OK, 30))
            self.sequential(sock, 40)
            # A frame that arrives in two parts, and two frames in one send.
            request = frame(EVAL, 50, b"'split'")
            sock.sendall(request[:9])
            time.sleep(0.05)
            sock.sendall(request[9:])
            self.assertEqual(ok_text(read_frame(sock)[3]), "split")
            self.sequential(sock, 60)
            sock.sendall(frame(EXEC, 70, b"kept = 'kept'") + frame(EVAL, 71, b"kept"))
            self.assertEqual(read_frame(sock)[:3:2], (OK, 70))
            self.assertEqual(ok_text(read_frame(sock)[3]), "kept")
            self.sequential(sock, 80)
            # A body that is not UTF-8 is the event loop's to refuse; a PATH is read as usual.
            sock.sendall(frame(EVAL, 90, b"\xff"))
            op, _, request_id, body = read_frame(sock)
            self.assertEqual((op, request_id), (ERROR, 90))
            self.sequential(sock, 100)
            sock.sendall(frame(PATH, 110, b"SCENE.CurrentActor"))
            op, _, request_id, body = read_frame(sock)
            self.assertEqual((op, request_id), (OK, 110), body)
            # A session switch between requests read by the interpreter thread.
            self.sequential(sock, 120)
            sock.sendall(frame(SESSION, 130, b"direct-other-%d" % os.getpid()))
            self.assertEqual(read_frame(sock)[:3:2], (OK, 130))
            sock.sendall(frame(EVAL, 131, b"'kept' in globals()"))
            self.assertEqual(ok_text(read_frame(sock)[3]), "False")
            self.sequential(sock, 140)
        finally:
            sock.close()


if __name__ == "__main__":
    unittest.main()

"""What docs/PROTOCOL.md promises, checked through real sockets the way a client written
from the document alone would: replies leave when their request ends, output and replies
keep their order, a client that stops reading is held back, shutdown answers in order,
errors carry the documented details, and raw scripts run whole however they arrive."""

from __future__ import print_function

import os
import socket
import subprocess
import tempfile
import threading
import time
import unittest

from support import (
    HOST, PORT, OwnServer, error_fields, frame, framed_connection, read_frame, recv_exact)

EVAL, EXEC, GET, INTERRUPT, PING = 0x01, 0x02, 0x05, 0x06, 0x07
OUTPUT, OK, ERROR = 0x81, 0x82, 0x83
STREAM = 0x01


def read_frames_timed(sock, count, started):
    """``count`` frames as (seconds since ``started``, op, request id, body)."""
    frames = []
    for _ in range(count):
        op, _, request_id, body = read_frame(sock)
        frames.append((time.time() - started, op, request_id, body))
    return frames


def probe_count(name):
    """How many times the requests of ``name`` ran, asked from another session."""
    sock = framed_connection(session="probe-reader")
    try:
        sock.sendall(frame(EVAL, 9, ("len(__import__('sys').modules.get(%r, [None]).runs)" % name).encode()))
        op, _, _, body = read_frame(sock)
        assert op == OK, error_fields(body)
        return int(body[8:])
    finally:
        sock.close()


def counting_get(name):
    """A GET expression that counts its runs in a module ``name`` and answers the session's
    1 MiB ``blob`` (no copy: many such GETs run in microseconds)."""
    return (
        "(__import__('sys').modules.setdefault(%r, type(__import__('sys'))(%r)).__dict__.setdefault('runs', [])"
        ".append(1), blob)[1]" % (name, name)).encode()


def with_blob(sock):
    """Makes the 1 MiB ``blob`` in the socket's session."""
    sock.sendall(frame(EXEC, 2, b"blob = b'x' * (1 << 20)"))
    op, _, _, body = read_frame(sock)
    assert op == OK, error_fields(body)
    return sock


class RepliesLeaveWhenTheirRequestEnds(unittest.TestCase):
    def check_first_reply_is_not_held(self, flags):
        sock = framed_connection(session="latency-%d-%d" % (flags, os.getpid()))
        try:
            started = time.time()
            sock.sendall(
                frame(EXEC, 1, b"import time; time.sleep(0.1)", flags)
                + frame(EXEC, 2, b"import time; time.sleep(1.0)", flags))
            frames = read_frames_timed(sock, 2, started)
        finally:
            sock.close()
        self.assertEqual([(op, request_id) for _, op, request_id, _ in frames], [(OK, 1), (OK, 2)])
        first = frames[0][0]
        print("\n[figure] pipelined 0.1 s then 1 s request (flags %d): first reply after %.0f ms, second after %.0f ms"
              % (flags, first * 1000, frames[1][0] * 1000))
        self.assertLess(first, 0.6, "the first reply waited for the second request (%.2f s)" % first)
        self.assertGreater(frames[1][0], 1.0)

    def test_the_first_reply_leaves_before_the_second_request_ends(self):
        self.check_first_reply_is_not_held(0)

    def test_the_same_with_streaming(self):
        self.check_first_reply_is_not_held(STREAM)

    def test_output_of_a_request_comes_after_the_reply_before_it(self):
        sock = framed_connection(session="interleave-%d" % os.getpid())
        script = "import time\nprint('%s a')\ntime.sleep(0.15)\nprint('%s b')\ntime.sleep(0.15)\n"
        try:
            sock.sendall(frame(EXEC, 1, (script % (1, 1)).encode(), STREAM)
                         + frame(EXEC, 2, (script % (2, 2)).encode(), STREAM))
            frames = read_frames_timed(sock, 6, time.time())
        finally:
            sock.close()
        seen = ["%s%d" % ("O" if op == OUTPUT else "F", request_id) for _, op, request_id, _ in frames]
        self.assertEqual(seen, ["O1", "O1", "F1", "O2", "O2", "F2"])


class ABackedUpClientIsHeldBack(unittest.TestCase):
    def test_pipelined_gets_stop_running_once_4_mib_wait(self):
        sock = with_blob(framed_connection(session="backed-up-%d" % os.getpid(), receive_buffer=64 << 10))
        try:
            probe = "bp_pipelined_%d" % os.getpid()
            sock.sendall(b"".join(frame(GET, 100 + i, counting_get(probe)) for i in range(64)))
            time.sleep(2.0)
            ran = probe_count(probe)
            print("\n[figure] 64 x 1 MiB GETs, client not reading: %d ran while stalled" % ran)
            self.assertLess(ran, 16, "%d of 64 ran although the client read nothing" % ran)
            # Reading again lets everything run, in order and whole.
            for i in range(64):
                op, _, request_id, body = read_frame(sock)
                self.assertEqual((op, request_id, len(body)), (OK, 100 + i, 8 + (1 << 20)))
        finally:
            sock.close()
        self.assertEqual(probe_count(probe), 64)

    def test_the_sessions_other_connections_go_on(self):
        stalled = with_blob(
            framed_connection(session="shared-backed-up-%d" % os.getpid(), receive_buffer=64 << 10))
        other = framed_connection(session="shared-backed-up-%d" % os.getpid())
        try:
            probe = "bp_shared_%d" % os.getpid()
            stalled.sendall(b"".join(frame(GET, 100 + i, counting_get(probe)) for i in range(64)))
            time.sleep(1.5)
            started = time.time()
            other.sendall(frame(EVAL, 7, b"6 * 7"))
            op, _, request_id, body = read_frame(other)
            answered = time.time() - started
            self.assertEqual((op, request_id, body[8:]), (OK, 7, b"42"))
            self.assertLess(answered, 1.0)
            self.assertLess(probe_count(probe), 16, "the stalled connection was not held back")
        finally:
            stalled.close()
            other.close()


class ErrorsCarryTheDocumentedDetails(unittest.TestCase):
    def test_an_interrupted_request_says_why(self):
        for code in (b"while True: pass", b"import time; time.sleep(30)"):
            sock = framed_connection(session="interrupted")
            try:
                sock.sendall(frame(EXEC, 1, code))
                time.sleep(0.3)
                started = time.time()
                sock.sendall(frame(INTERRUPT, 2, b""))
                frames = {}
                while len(frames) < 2:
                    op, _, request_id, body = read_frame(sock)
                    frames[request_id] = (op, body)
                stopped = time.time() - started
            finally:
                sock.close()
            self.assertEqual(frames[2], (OK, b"\x00" * 8 + b"interrupted"))
            error_code, type_name, message, traceback = error_fields(frames[1][1])
            self.assertEqual((error_code, type_name), (2, "RequestInterrupted"))
            self.assertEqual(message, "the request was interrupted by an interrupt request")
            self.assertIn("RequestInterrupted", traceback)
            self.assertLess(stopped, 0.5, "%r stopped after %.2f s" % (code, stopped))

    def test_bad_put_names_are_bad_requests(self):
        sock = framed_connection(session="put-names")
        try:
            for request_id, name in ((1, b"1abc"), (2, b"class"), (3, b"a" * 1025)):
                sock.sendall(frame(0x04, request_id, len(name).to_bytes(2, "big") + name + b"xyz"))
                op, _, answered, body = read_frame(sock)
                self.assertEqual((op, answered), (ERROR, request_id))
                error_code, type_name, message, _ = error_fields(body)
                self.assertEqual(error_code, 4, message)
                if request_id == 3:
                    self.assertEqual(type_name, "bad-request")
                    self.assertIn("at most 1024", message)
                else:
                    self.assertEqual(type_name, "ValueError")
        finally:
            sock.close()

    def test_server_error_types_are_the_tables_names(self):
        sock = framed_connection(session="kebab")
        try:
            sock.sendall(frame(0x7F, 1, b"") + frame(EVAL, 2, b"\xff"))
            names = []
            for _ in range(2):
                _, _, _, body = read_frame(sock)
                names.append(error_fields(body)[:2])
        finally:
            sock.close()
        self.assertEqual(names, [(5, "unknown-operation"), (4, "bad-request")])

    def test_a_length_below_12_is_judged_from_the_length_field_alone(self):
        sock = framed_connection()
        try:
            sock.sendall(b"\x00\x00\x00\x05")
            sock.settimeout(5)
            op, _, request_id, body = read_frame(sock)
            self.assertEqual((op, request_id, error_fields(body)[:2]), (ERROR, 0, (9, "protocol-error")))
            self.assertEqual(sock.recv(1), b"")
        finally:
            sock.close()

    def test_max_frame_bounds_the_length_field(self):
        with OwnServer("--max-frame", "1000") as server:
            sock = framed_connection(port=server.port)
            try:
                body = b"'%s'" % (b"x" * (1000 - 12 - 2))
                sock.sendall(frame(EVAL, 1, body))
                op, _, _, reply = read_frame(sock)
                self.assertEqual((op, len(reply)), (OK, 8 + 1000 - 12 - 2))
                sock.sendall(frame(EVAL, 2, body + b" "))
                op, _, request_id, reply = read_frame(sock)
                self.assertEqual((op, request_id, error_fields(reply)[:2]), (ERROR, 0, (6, "too-large")))
            finally:
                sock.close()


class RunningAFile(unittest.TestCase):
    def test_run_sets_file_and_main_and_tracebacks_name_the_file(self):
        path = b"/studio/scripts/pose_tool.py"
        source = b"import sys\nif __name__ == '__main__':\n    print(__file__)\n    1 / 0\n"
        sock = framed_connection(session="run-%d" % os.getpid())
        try:
            sock.sendall(frame(0x0A, 1, len(path).to_bytes(2, "big") + path + source))
            op, _, request_id, body = read_frame(sock)
            sock.sendall(frame(0x0A, 2, b"\x00\x00print(1)"))
            op2, _, _, body2 = read_frame(sock)
        finally:
            sock.close()
        self.assertEqual((op, request_id), (ERROR, 1))
        self.assertIn(b"/studio/scripts/pose_tool.py\n", body)
        _, type_name, _, traceback = error_fields(body)
        self.assertEqual(type_name, "ZeroDivisionError")
        self.assertIn('File "/studio/scripts/pose_tool.py", line 4, in <module>\n    1 / 0', traceback)
        self.assertNotIn("posertalkr_runtime", traceback)
        self.assertEqual((op2, error_fields(body2)[0]), (ERROR, 4))


class ShutdownAnswersInOrder(unittest.TestCase):
    def test_the_running_request_finishes_and_the_rest_are_not_run_in_order(self):
        marker = tempfile.mktemp(prefix="posertalkr-not-run-")
        with OwnServer() as server:
            sock = framed_connection(port=server.port)
            try:
                sock.sendall(
                    frame(EXEC, 1, b"import time; time.sleep(1.0)")
                    + frame(EXEC, 2, ("open(%r, 'w').write('ran')" % marker).encode())
                    + frame(EVAL, 3, b"1 + 1"))
                time.sleep(0.3)
                server.process.send_signal(15)
                time.sleep(0.3)
                sock.sendall(frame(EVAL, 4, b"2 + 2"))
                replies = [read_frame(sock) for _ in range(4)]
                self.assertEqual(sock.recv(1), b"", "the connection closes after the last answer")
            finally:
                sock.close()
            self.assertEqual(server.stop(), 0)
        self.assertEqual([(op, request_id) for op, _, request_id, _ in replies],
                         [(OK, 1), (ERROR, 2), (ERROR, 3), (ERROR, 4)])
        for _, _, _, body in replies[1:]:
            self.assertEqual(error_fields(body)[:2], (8, "shutting-down"))
        self.assertFalse(os.path.exists(marker), "a request queued before SIGTERM ran")

    def test_an_idle_raw_connection_is_answered_during_the_grace(self):
        with OwnServer() as server:
            busy = framed_connection(port=server.port)
            idle = socket.create_connection((HOST, server.port), 10)
            try:
                idle.sendall(b"=1\n")
                self.assertEqual(idle.recv(100), b"1\n")
                busy.sendall(frame(EXEC, 1, b"import time; time.sleep(1.0)"))
                time.sleep(0.2)
                server.process.send_signal(15)
                time.sleep(0.3)
                idle.sendall(b"=2\n")
                idle.settimeout(5)
                self.assertEqual(
                    idle.recv(200), b"posertalkr: the server is shutting down; this request was not run\n")
                self.assertEqual(read_frame(busy)[0], OK)
            finally:
                idle.close()
                busy.close()
            self.assertEqual(server.stop(), 0)


class RawScriptsOfAnySize(unittest.TestCase):
    def script(self, size):
        """A script of about ``size`` bytes that prints one line when it ran whole."""
        line = "total += len('%s')" % ("y" * 60)
        lines = ["total = 0"] + [line] * ((size - 50) // (len(line) + 1))
        lines.append("print('ran', len(%r) and total)" % "end")
        return ("\n".join(lines) + "\n").encode()

    def test_nc_sends_a_17_kb_script_and_it_runs_once(self):
        self.run_with_nc(self.script(17 << 10))

    def test_nc_sends_a_10_mb_script_and_it_runs_once(self):
        self.run_with_nc(self.script(10 << 20), timeout=60)

    def run_with_nc(self, script, timeout=20):
        expected = ("ran %d\n" % (60 * (script.count(b"\n") - 2))).encode()
        with tempfile.NamedTemporaryFile(suffix=".py") as source:
            source.write(script)
            source.flush()
            with open(source.name, "rb") as stdin:
                output = subprocess.check_output(
                    ["nc", "-N", HOST, str(PORT)], stdin=stdin, timeout=timeout)
        self.assertEqual(output, expected)

    def test_a_script_split_mid_line_into_two_writes_runs_once(self):
        script = self.script(4000)
        sock = socket.create_connection((HOST, PORT), 10)
        try:
            sock.sendall(script[:1500])
            time.sleep(0.003)
            sock.sendall(script[1500:])
            sock.settimeout(10)
            self.assertEqual(sock.recv(100), ("ran %d\n" % (60 * (script.count(b"\n") - 2))).encode())
            sock.settimeout(0.5)
            self.assertRaises(socket.timeout, sock.recv, 100)
        finally:
            sock.close()

    def test_an_incomplete_script_waits_for_the_rest(self):
        sock = socket.create_connection((HOST, PORT), 10)
        try:
            sock.sendall(b"factor = 2\ndef waits_for_its_body(x):\n")
            time.sleep(0.2)
            sock.sendall(b"    return x * factor\nprint(waits_for_its_body(21))\n")
            sock.settimeout(10)
            self.assertEqual(sock.recv(100), b"42\n")
        finally:
            sock.close()

    def test_one_line_commands_still_run_one_per_burst(self):
        sock = socket.create_connection((HOST, PORT), 10)
        try:
            for i in range(3):
                started = time.time()
                sock.sendall(("=%d * 2\n" % i).encode())
                self.assertEqual(sock.recv(100), ("%d\n" % (i * 2)).encode())
                self.assertLess(time.time() - started, 0.5)
        finally:
            sock.close()


if __name__ == "__main__":
    unittest.main()

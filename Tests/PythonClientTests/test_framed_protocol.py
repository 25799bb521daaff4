"""The framed protocol through real sockets: ordering, streaming, interrupt, sessions shared
with raw mode, and what malformed frames get."""

from __future__ import print_function

import socket
import struct
import time
import unittest

from support import HOST, PORT, client, frame, posertalkr_client, raw_execute, raw_request, read_frame

PREAMBLE = posertalkr_client.PREAMBLE


def framed_socket():
    sock = socket.create_connection((HOST, PORT), 10)
    sock.sendall(PREAMBLE)
    op, _, _, _ = read_frame(sock)
    assert op == 0x80, op
    return sock


class FramedProtocolTests(unittest.TestCase):
    def test_raw_and_framed_connections_of_one_address_share_the_session(self):
        with client() as framed:
            framed.execute("from_framed = 'set over framed'")
            self.assertEqual(raw_request("=from_framed"), "set over framed\n")
            raw_execute("from_raw = 6 * 7\n")
            self.assertEqual(framed.eval("from_raw"), "42")
            self.assertEqual(framed.server_info["session"], "127.0.0.1")

    def test_ten_thousand_pipelined_evals_arrive_in_order(self):
        with client(session="pipeline") as framed:
            started = time.time()
            replies = framed.pipeline([("eval", "%d + 1" % i) for i in range(10000)])
            elapsed = time.time() - started
        self.assertEqual([reply.request_id for reply in replies], sorted(reply.request_id for reply in replies))
        self.assertEqual([reply.value for reply in replies], [str(i + 1) for i in range(10000)])
        print("\n[figure] 10,000 pipelined evals (Python client): %.0f requests/s" % (10000 / elapsed))

    def test_output_streams_before_the_final_reply(self):
        with client(session="streaming") as framed:
            arrivals = []
            started = time.time()
            framed.execute(
                "import time\nfor i in range(5):\n    print('tick', i)\n    time.sleep(0.2)\n",
                on_output=lambda stream, text: arrivals.append((time.time() - started, text)))
            finished = time.time() - started
        self.assertEqual("".join(text for _, text in arrivals), "".join("tick %d\n" % i for i in range(5)))
        first = arrivals[0][0]
        self.assertLess(first, 0.15, "the first line arrived after %.3f s" % first)
        self.assertGreater(finished, 0.95)
        self.assertLess(first, finished - 0.7)
        print("\n[figure] streaming: first line after %.0f ms, final reply after %.0f ms" % (first * 1000, finished * 1000))

    def test_interrupt_stops_an_endless_loop_and_the_session_lives_on(self):
        with client(session="interrupt") as framed:
            framed.execute("counter = 1")
            request_id = framed.submit("exec", "while True: counter += 1")
            time.sleep(0.3)
            framed.interrupt()
            reply = framed.wait(request_id)
            self.assertEqual(reply.error.code_name, "interrupted")
            self.assertIn("RequestInterrupted", reply.error.remote_traceback)
            self.assertGreater(int(framed.eval("counter")), 1000)
            self.assertEqual(framed.eval("'alive'"), "alive")

    def test_interrupt_by_id_cancels_a_request_that_has_not_started(self):
        with client(session="cancel") as framed:
            first = framed.submit("exec", "import time; time.sleep(0.5)")
            second = framed.submit("exec", "cancelled_ran = True")
            framed.interrupt(second)
            self.assertIsNone(framed.wait(first).error)
            self.assertEqual(framed.wait(second).error.code_name, "cancelled")
            self.assertEqual(framed.eval("'cancelled_ran' in globals()"), "False")

    def test_a_session_switch_waits_for_earlier_requests(self):
        with client() as framed:
            slow = framed.submit("exec", "import time; time.sleep(0.3); switched_late = __posertalkr_session__")
            self.assertEqual(framed.use_session("after-switch"), "after-switch")
            self.assertIsNone(framed.wait(slow).error)
            self.assertEqual(framed.eval("__posertalkr_session__"), "after-switch")
            framed.use_session("")
            self.assertEqual(framed.eval("switched_late"), "127.0.0.1")

    def test_unknown_operations_get_an_error_and_the_connection_goes_on(self):
        sock = framed_socket()
        try:
            sock.sendall(frame(0x42, 7, b"whatever") + frame(0x01, 8, b"1+1"))
            op, _, request_id, body = read_frame(sock)
            self.assertEqual((op, request_id), (0x83, 7))
            self.assertEqual(struct.unpack(">H", body[:2])[0], 5)
            op, flags, request_id, body = read_frame(sock)
            self.assertEqual((op, flags, request_id, body[-1:]), (0x82, 1, 8, b"2"))
        finally:
            sock.close()

    def test_bad_text_gets_a_bad_request_error(self):
        sock = framed_socket()
        try:
            sock.sendall(frame(0x01, 3, b"\xff\xfe"))
            op, _, request_id, body = read_frame(sock)
            self.assertEqual((op, request_id, struct.unpack(">H", body[:2])[0]), (0x83, 3, 4))
        finally:
            sock.close()

    def assert_closed_with_error(self, payload, code):
        sock = framed_socket()
        try:
            sock.sendall(payload)
            op, _, request_id, body = read_frame(sock)
            self.assertEqual((op, request_id, struct.unpack(">H", body[:2])[0]), (0x83, 0, code))
            sock.settimeout(5)
            self.assertEqual(sock.recv(1), b"", "the server closes after a framing error")
        finally:
            sock.close()

    def test_a_length_below_the_header_closes_with_an_error(self):
        self.assert_closed_with_error(struct.pack(">I", 3) + b"\x00" * 12, 9)

    def test_a_gigantic_length_header_closes_with_an_error(self):
        self.assert_closed_with_error(struct.pack(">IBBHQ", 1 << 30, 1, 0, 0, 1), 6)

    def test_a_wrong_preamble_closes(self):
        sock = socket.create_connection((HOST, PORT), 10)
        try:
            sock.sendall(b"\x00GARBAGE" + b"\x00" * 16)
            op, _, request_id, body = read_frame(sock)
            self.assertEqual((op, request_id, struct.unpack(">H", body[:2])[0]), (0x83, 0, 9))
            self.assertEqual(sock.recv(1), b"")
        finally:
            sock.close()

    def test_a_truncated_frame_is_dropped_when_the_client_leaves(self):
        sock = framed_socket()
        sock.sendall(struct.pack(">IBBHQ", 12 + 1000, 2, 0, 0, 1) + b"x = 1\n")
        sock.close()
        # Nothing ran, nothing broke: the next clients are served.
        self.assertEqual(raw_request("=2+2"), "4\n")
        with client() as framed:
            self.assertEqual(framed.eval("'x' in globals() and x == 1"), "False")

    def test_raw_clients_are_unaffected_by_garbage_on_other_connections(self):
        bystander = socket.create_connection((HOST, PORT), 10)
        try:
            bystander.sendall(b"=40+2")
            self.assertEqual(bystander.recv(100), b"42\n")
            for payload in (b"\x00PTKR\x01\x00\x00" + b"\xff" * 64, b"\x00\x00\x00", b"\x00PTKR\x09\x00\x00"):
                garbage = socket.create_connection((HOST, PORT), 10)
                garbage.sendall(payload)
                garbage.close()
            bystander.sendall(b"=6*7")
            self.assertEqual(bystander.recv(100), b"42\n")
        finally:
            bystander.close()

    def test_errors_carry_code_type_message_and_traceback(self):
        sock = framed_socket()
        try:
            sock.sendall(frame(0x02, 9, b"print('before')\nraise KeyError('k')\n"))
            op, _, request_id, body = read_frame(sock)
            self.assertEqual((op, request_id), (0x83, 9))
            code, = struct.unpack(">H", body[:2])
            offset = 2
            fields = []
            for size_format in (">I", ">I", ">H", ">I"):
                size, = struct.unpack_from(size_format, body, offset)
                offset += struct.calcsize(size_format)
                fields.append(body[offset:offset + size].decode("utf-8"))
                offset += size
            traceback_text = body[offset:].decode("utf-8")
            self.assertEqual(code, 1)
            self.assertEqual(fields, ["before\n", "", "KeyError", "'k'"])
            self.assertTrue(traceback_text.endswith("KeyError: 'k'\n"))
        finally:
            sock.close()

    def test_a_reply_kept_for_an_absent_connection_arrives_as_a_notice(self):
        with client(session="kept-replies") as framed:
            framed.submit("exec", "import time\ntime.sleep(0.4)\nprint('kept for later')\n")
            framed.close()
        time.sleep(0.8)
        with client(session="kept-replies") as again:
            self.assertEqual(again.eval("1"), "1")
            self.assertEqual(again.notices, ["kept for later\n"])


if __name__ == "__main__":
    unittest.main()

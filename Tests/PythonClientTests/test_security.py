"""A server started with a token (POSERTALKR_TEST_TOKEN): who gets in and who does not."""

from __future__ import print_function

import os
import socket
import struct
import time
import unittest

from support import HOST, PORT, client, posertalkr_client, read_frame

TOKEN = os.environ["POSERTALKR_TEST_TOKEN"]
ProtocolError = posertalkr_client.ProtocolError


class TokenTests(unittest.TestCase):
    def test_the_right_token_gets_in(self):
        with client(token=TOKEN) as framed:
            self.assertEqual(framed.eval("6 * 7"), "42")

    def test_the_token_never_crosses_the_wire(self):
        sock = socket.create_connection((HOST, PORT), 10)
        try:
            sock.sendall(posertalkr_client.PREAMBLE)
            op, _, _, body = read_frame(sock)
            hello = __import__("json").loads(body.decode("utf-8"))
            self.assertEqual((op, hello["auth"]), (0x80, "hmac-sha256"))
            self.assertEqual(len(hello["challenge"]), 64)
            import binascii
            import hashlib
            import hmac
            response = hmac.new(TOKEN.encode("utf-8"), b"PTKR-AUTH-1" + binascii.unhexlify(hello["challenge"]),
                                hashlib.sha256).digest()
            self.assertNotIn(TOKEN.encode("utf-8"), response)
            sock.sendall(struct.pack(">IBBHQ", 12 + len(response), 9, 0, 0, 1) + response)
            op, flags, request_id, body = read_frame(sock)
            self.assertEqual((op, request_id, body[-13:]), (0x82, 1, b"authenticated"))
        finally:
            sock.close()

    def test_a_challenge_is_never_reused(self):
        challenges = set()
        for _ in range(3):
            with client(token=TOKEN) as framed:
                challenges.add(framed.server_info["challenge"])
        self.assertEqual(len(challenges), 3)

    def test_requests_before_authentication_are_refused(self):
        sock = socket.create_connection((HOST, PORT), 10)
        try:
            sock.sendall(posertalkr_client.PREAMBLE)
            read_frame(sock)
            sock.sendall(struct.pack(">IBBHQ", 15, 1, 0, 0, 5) + b"1+1")
            op, _, request_id, body = read_frame(sock)
            self.assertEqual((op, request_id, struct.unpack(">H", body[:2])[0]), (0x83, 5, 10))
            self.assertEqual(sock.recv(1), b"")
        finally:
            sock.close()

    def test_no_token_is_a_clear_error(self):
        saved = os.environ.pop("POSERTALKR_TOKEN", None)
        try:
            with self.assertRaises(ProtocolError) as caught:
                client()
            self.assertIn("requires a token", str(caught.exception))
        finally:
            if saved is not None:
                os.environ["POSERTALKR_TOKEN"] = saved

    def test_raw_clients_authenticate_with_a_first_line(self):
        sock = socket.create_connection((HOST, PORT), 10)
        try:
            sock.sendall(("AUTH %s\r\n" % TOKEN).encode("utf-8"))
            self.assertEqual(sock.recv(100), b"posertalkr: authenticated\n")
            sock.sendall(b"=2+3")
            self.assertEqual(sock.recv(100), b"5\n")
        finally:
            sock.close()

    def test_raw_clients_without_auth_are_told_and_closed(self):
        sock = socket.create_connection((HOST, PORT), 10)
        try:
            sock.sendall(b"=2+3")
            self.assertEqual(sock.recv(200), b"posertalkr: this server needs AUTH <token> as the first line\n")
            self.assertEqual(sock.recv(1), b"")
        finally:
            sock.close()


class LockoutTests(unittest.TestCase):
    """Runs from its own address (127.0.0.9) so the lockout does not touch the others."""

    source = "127.0.0.9"

    def attempt(self, token):
        sock = socket.create_connection((HOST, PORT), 10, source_address=(self.source, 0))
        try:
            sock.sendall(("AUTH %s\n" % token).encode("utf-8"))
            return sock.recv(200)
        except socket.error:
            return b""
        finally:
            sock.close()

    def test_repeated_failures_lock_the_address_out(self):
        for _ in range(5):
            self.assertEqual(self.attempt("wrong"), b"posertalkr: authentication failed\n")
        # Locked out: even the right token is refused now, and the client is told why.
        self.assertEqual(
            self.attempt(TOKEN), b"posertalkr: too many failed authentications from this address; try again later\n")
        # Other addresses are not affected.
        with client(token=TOKEN) as framed:
            self.assertEqual(framed.eval("1"), "1")


if __name__ == "__main__":
    unittest.main()

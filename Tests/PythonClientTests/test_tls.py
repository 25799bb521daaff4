"""A server started with --tls-cert/--tls-key (POSERTALKR_TEST_CA is its self-signed
certificate): framed clients over TLS, plaintext still fine from loopback."""

from __future__ import print_function

import os
import ssl
import unittest

from support import HOST, client, posertalkr_client, raw_request

CA = os.environ["POSERTALKR_TEST_CA"]


class TLSTests(unittest.TestCase):
    def test_a_framed_round_trip_over_tls(self):
        with client(tls=True, cafile=CA, server_hostname="localhost") as framed:
            self.assertEqual(framed.eval("SCENE.CurrentActor().Name()"), "Hip")
            framed.put("blob", b"\x00" * 100000)
            self.assertEqual(len(framed.get("blob")), 100000)
            self.assertIsInstance(framed._sock, ssl.SSLSocket)
            self.assertTrue(framed._sock.version().startswith("TLS"))

    def test_an_untrusted_certificate_is_refused_by_the_client(self):
        with self.assertRaises(posertalkr_client.ProtocolError) as caught:
            client(tls=True, server_hostname="localhost")
        self.assertIn("TLS handshake failed", str(caught.exception))

    def test_plaintext_from_loopback_still_works(self):
        self.assertEqual(raw_request("=4+5"), "9\n")
        with client() as framed:
            self.assertEqual(framed.eval("1"), "1")


if __name__ == "__main__":
    unittest.main()

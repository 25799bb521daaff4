"""A server started with --tls-cert/--tls-key (POSERTALKR_TEST_CA is its self-signed
certificate): framed clients over TLS, plaintext still fine from loopback."""

from __future__ import print_function

import os
import shutil
import ssl
import subprocess
import sys
import tempfile
import unittest

from support import HOST, REPO, OwnServer, client, posertalkr_client, raw_request

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

    def test_server_hostname_for_a_server_reached_by_ip_address(self):
        # A certificate that names the host only (no IP address), as studio servers' do.
        folder = tempfile.mkdtemp()
        try:
            certificate, key = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
            with open(os.devnull, "wb") as quiet:
                subprocess.check_call(
                    ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                     "-out", certificate, "-days", "1", "-subj", "/CN=poser-box.studio.test",
                     "-addext", "subjectAltName=DNS:poser-box.studio.test"], stdout=quiet, stderr=quiet)
            with OwnServer("--tls-cert", certificate, "--tls-key", key) as server:
                command = [sys.executable, os.path.join(REPO, "PythonShims", "posertalkr_client.py"),
                           "--host", "127.0.0.1", "--port", str(server.port), "--tls", "--cafile", certificate]
                mismatch = subprocess.Popen(command + ["-e", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                _, err = mismatch.communicate()
                self.assertEqual(mismatch.returncode, 2)
                self.assertIn("TLS handshake failed", err.decode("utf-8"))
                named = subprocess.Popen(command + ["--server-hostname", "poser-box.studio.test", "-e", "6*7"],
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                out, err = named.communicate()
                self.assertEqual((named.returncode, out.decode("utf-8")), (0, "42\n"), err)
        finally:
            shutil.rmtree(folder)

    def test_plaintext_from_loopback_still_works(self):
        self.assertEqual(raw_request("=4+5"), "9\n")
        with client() as framed:
            self.assertEqual(framed.eval("1"), "1")


if __name__ == "__main__":
    unittest.main()

"""256 MiB through put and get: byte-identical, fast, and without the server holding the
payload twice. Prints the figures it measures."""

from __future__ import print_function

import hashlib
import time
import unittest

from support import SERVER_PID, client, server_memory_kib

MIB = 1 << 20
SIZE = 256 * MIB


class LargePayloadTests(unittest.TestCase):
    def test_256_mib_put_then_get_round_trips_with_bounded_memory(self):
        self.assertTrue(SERVER_PID, "the server's pid is needed to read its memory")
        payload = bytes(bytearray(range(256))) * (SIZE // 256)
        expected = hashlib.sha256(payload).hexdigest()
        with client(session="large") as framed:
            baseline_rss, _ = server_memory_kib()
            started = time.time()
            framed.put("big", payload)
            put_seconds = time.time() - started
            self.assertEqual(framed.eval("len(big), type(big).__name__"), "(%d, 'bytes')" % SIZE)
            self.assertEqual(framed.eval("__import__('hashlib').sha256(big).hexdigest()"), expected)
            started = time.time()
            echoed = framed.get("big")
            get_seconds = time.time() - started
            _, peak = server_memory_kib()
            self.assertEqual(len(echoed), SIZE)
            self.assertEqual(hashlib.sha256(echoed).hexdigest(), expected)
            framed.execute("del big")
        extra_peak_mib = (peak - baseline_rss) / 1024.0
        print("\n[figure] 256 MiB put: %.0f MB/s, get: %.0f MB/s; server RSS before %.0f MiB, peak %.0f MiB "
              "(%.2fx the payload above the baseline)"
              % (SIZE / put_seconds / 1e6, SIZE / get_seconds / 1e6, baseline_rss / 1024.0, peak / 1024.0,
                 extra_peak_mib / 256.0))
        self.assertLess(extra_peak_mib, 2 * 256, "the server's peak grew by %.0f MiB" % extra_peak_mib)


if __name__ == "__main__":
    unittest.main()

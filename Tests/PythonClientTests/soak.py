"""The soak: 8 clients mixing raw and framed requests, good and bad, for a bounded time
(POSERTALKR_SOAK_SECONDS, default 60). Checks every answer, and prints the server's RSS after
the warm-up and at the end. Exits 1 on any wrong answer or if RSS grew by more than 32 MiB."""

from __future__ import print_function

import os
import random
import socket
import sys
import threading
import time

from support import HOST, PORT, client, frame, posertalkr_client, server_memory_kib

SECONDS = float(os.environ.get("POSERTALKR_SOAK_SECONDS", "60"))
WARMUP = min(10.0, SECONDS / 4)
failures = []
counts = {"raw": 0, "framed": 0, "bad": 0}
lock = threading.Lock()
deadline = time.time() + SECONDS


def fail(message):
    with lock:
        failures.append(message)


def count(kind):
    with lock:
        counts[kind] += 1


def raw_once(rng):
    sock = socket.create_connection((HOST, PORT), 10, source_address=("127.0.0.%d" % rng.randint(20, 27), 0))
    sock.settimeout(10)
    try:
        a, b = rng.randint(0, 999), rng.randint(0, 999)
        sock.sendall(("=%d+%d" % (a, b)).encode())
        reply = sock.recv(100)
        if reply != ("%d\n" % (a + b)).encode():
            fail("raw eval answered %r" % reply)
        count("raw")
        choice = rng.randint(0, 3)
        time.sleep(0.01)
        if choice == 0:
            sock.sendall(b"=\xff\xfe")
            if b"UTF-8" not in sock.recv(200):
                fail("invalid UTF-8 not reported")
            count("bad")
        elif choice == 1:
            sock.sendall(b"1/0\n")
            data = b""
            while b"ZeroDivisionError" not in data:
                chunk = sock.recv(1000)
                if not chunk:
                    fail("raw connection closed after a traceback")
                    break
                data += chunk
            count("bad")
    finally:
        sock.close()


def framed_once(rng, index):
    with client(session="soak-%d" % index) as framed:
        for _ in range(rng.randint(5, 40)):
            kind = rng.randint(0, 9)
            if kind <= 4:
                values = [rng.randint(0, 10 ** 6) for _ in range(rng.randint(1, 50))]
                replies = framed.pipeline([("eval", "%d * 2" % v) for v in values])
                if [r.value for r in replies] != [str(v * 2) for v in values]:
                    fail("pipelined evals answered wrongly")
                count("framed")
            elif kind == 5:
                payload = os.urandom(rng.randint(0, 300000))
                framed.put("blob", payload)
                if bytes(framed.get("blob")) != payload:
                    fail("put/get did not round-trip")
                count("framed")
            elif kind == 6:
                try:
                    framed.execute("raise ValueError('soak')")
                    fail("an exception was not reported")
                except posertalkr_client.RemoteError as error:
                    if error.type_name != "ValueError":
                        fail("wrong error type %s" % error.type_name)
                count("bad")
            elif kind == 7:
                try:
                    framed.get("12")
                    fail("get of an int succeeded")
                except posertalkr_client.RemoteError as error:
                    if error.code_name != "not-a-buffer":
                        fail("wrong code %s" % error.code_name)
                count("bad")
            elif kind == 8:
                out = framed.execute("print(%r)" % ("line\n" * rng.randint(1, 200)))
                if not out.startswith("line\n"):
                    fail("output missing")
                count("framed")
            else:
                garbage = socket.create_connection((HOST, PORT), 10)
                garbage.sendall(b"\x00PTKR\x01\x00\x00" + os.urandom(rng.randint(1, 64)))
                garbage.close()
                count("bad")


def worker(index):
    rng = random.Random(index)
    while time.time() < deadline:
        try:
            if index % 2 == 0:
                raw_once(rng)
            else:
                framed_once(rng, index)
        except Exception as error:  # any client-side surprise is a failure of the server
            fail("client %d: %r" % (index, error))
            time.sleep(0.1)


threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
for thread in threads:
    thread.start()
time.sleep(WARMUP)
rss_warm, _ = server_memory_kib()
for thread in threads:
    thread.join()
time.sleep(1.0)
rss_end, peak = server_memory_kib()
growth = (rss_end - rss_warm) / 1024.0
print("[figure] soak %.0f s, 8 clients: %d raw, %d framed, %d bad requests; %d failures; server RSS after "
      "warm-up %.1f MiB, at the end %.1f MiB (%+.1f MiB), peak %.1f MiB"
      % (SECONDS, counts["raw"], counts["framed"], counts["bad"], len(failures), rss_warm / 1024.0,
         rss_end / 1024.0, growth, peak / 1024.0))
for message in failures[:20]:
    print("failure:", message)
sys.exit(1 if failures or growth > 32 else 0)

"""Load for the SIGTERM test: framed clients pipeline requests until the server closes on
them. Every request appends its id to a log file on the server side as it completes; at the
end this script checks that each completed request was answered with OK.

Usage: load_until_shutdown.py LOG_FILE  (address from POSERTALKR_TEST_PORT). Prints one line
with the counts and exits 1 if a completed request went unanswered."""

from __future__ import print_function

import os
import socket
import struct
import sys
import threading

from support import HOST, PORT, posertalkr_client, read_frame

LOG = sys.argv[1]
CLIENTS = 4
answered_ok = set()
answered_error = {}
lock = threading.Lock()
ready = threading.Barrier(CLIENTS + 1)


def run(index):
    sock = socket.create_connection((HOST, PORT), 10)
    sock.sendall(posertalkr_client.PREAMBLE)
    read_frame(sock)
    ready.wait()
    request_id = index * 10000000
    code = "import time\nwith open(%r, 'a') as log:\n    log.write('%%d\\n' %% ID)\ntime.sleep(0.002)\n" % LOG
    try:
        while True:
            batch = []
            for _ in range(20):
                request_id += 1
                body = ("ID = %d\n" % request_id + code).encode("utf-8")
                batch.append(struct.pack(">IBBHQ", 12 + len(body), 2, 0, 0, request_id) + body)
            sock.sendall(b"".join(batch))
            for _ in range(20):
                op, _, rid, body = read_frame(sock)
                with lock:
                    if op == 0x82:
                        answered_ok.add(rid)
                    else:
                        answered_error[rid] = struct.unpack(">H", body[:2])[0]
    except (EOFError, socket.error, OSError):
        pass
    finally:
        sock.close()


threads = [threading.Thread(target=run, args=(i,)) for i in range(CLIENTS)]
for thread in threads:
    thread.start()
ready.wait()
print("LOAD-STARTED", flush=True)
for thread in threads:
    thread.join()
with open(LOG) as log:
    completed = set(int(line) for line in log if line.strip())
unanswered = completed - answered_ok - set(answered_error)
print("completed %d, answered ok %d, answered with errors %d (codes %s), completed but unanswered %d"
      % (len(completed), len(answered_ok), len(answered_error), sorted(set(answered_error.values())), len(unanswered)))
sys.exit(1 if unanswered or not completed else 0)

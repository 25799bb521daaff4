"""Writes the seed corpus for the wire fuzzer (scripts/fuzz): valid and broken framed
streams and raw packets. Rerun after protocol changes: python3 Fuzz/make_seed_corpus.py"""

import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
PREAMBLE = b"\x00PTKR\x01\x00\x00"


def frame(op, request_id, body=b"", flags=0):
    return struct.pack(">IBBHQ", 12 + len(body), op, flags, 0, request_id) + body


def put(request_id, name, payload):
    encoded = name.encode("utf-8")
    return frame(0x04, request_id, struct.pack(">H", len(encoded)) + encoded + payload)


SEEDS = {
    "framed-eval": PREAMBLE + frame(0x01, 1, b"4+5"),
    "framed-pipeline": PREAMBLE + b"".join(frame(0x01, i, b"%d*2" % i) for i in range(1, 6)),
    "framed-exec-stream": PREAMBLE + frame(0x02, 7, b"print('hi')\n", flags=1),
    "framed-path": PREAMBLE + frame(0x03, 2, "Figure 1/lForeArm/Bend".encode()),
    "framed-put-small": PREAMBLE + put(3, "blob", b"\x01\x02\x03"),
    "framed-put-streamed": PREAMBLE + put(4, "mesh", bytes(range(200))) + frame(0x05, 5, b"mesh"),
    "framed-put-bad-name-length": PREAMBLE + frame(0x04, 6, b"\xff\xff" + b"x" * 10),
    "framed-put-no-name": PREAMBLE + frame(0x04, 6, b"\x00"),
    "framed-interrupt": PREAMBLE + frame(0x06, 8) + frame(0x06, 9, struct.pack(">Q", 1)),
    "framed-ping-session-auth": PREAMBLE + frame(0x07, 10, b"echo") + frame(0x08, 11, b"bridge") + frame(0x09, 12, b"\x00" * 32),
    "framed-unknown-op": PREAMBLE + frame(0x42, 13, b"whatever") + frame(0x01, 14, b"1"),
    "framed-server-op": PREAMBLE + frame(0x82, 15, b"\x00" * 8),
    "framed-short-length": PREAMBLE + struct.pack(">I", 3) + b"\x00" * 12,
    "framed-huge-length": PREAMBLE + struct.pack(">IBBHQ", 1 << 30, 1, 0, 0, 1),
    "framed-truncated": PREAMBLE + struct.pack(">IBBHQ", 500, 2, 0, 0, 1) + b"x = 1\n",
    "framed-bad-preamble": b"\x00PTKX\x01\x00\x00" + frame(0x01, 1, b"1"),
    "framed-bad-version": b"\x00PTKR\x09\x00\x00",
    "framed-invalid-utf8": PREAMBLE + frame(0x01, 1, b"\xff\xfe"),
    "raw-eval": b"=4+5",
    "raw-eval-crlf": b"=SCENE.CurrentActor().Name()\r\n",
    "raw-path": b"%Figure 1/lForeArm/Bend\n",
    "raw-script-crlf": b"for i in range(3):\r\n    print(i)\r\n",
    "raw-invalid-utf8": b"=\xff\xfe\xc3",
    "raw-bom": b"\xef\xbb\xbf=1",
    "raw-whitespace": b"  \r\n\t",
    "raw-auth": b"AUTH secret-token\r\n",
    "raw-nul": b"x = 1\x00\n",
}

if not os.path.isdir(CORPUS):
    os.makedirs(CORPUS)
for name, data in SEEDS.items():
    with open(os.path.join(CORPUS, name), "wb") as handle:
        handle.write(data)
print("wrote %d seeds to %s" % (len(SEEDS), CORPUS))

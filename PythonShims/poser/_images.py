"""Small, valid image files of one flat colour, written with the standard library only:
what the stub's renders produce (``SaveImage``, ``RenderToQueue``, image-sequence movies).

``write_image(path, suffix, width, height, rgb)``: ``rgb`` is three floats 0..1.
PNG, BMP and TIFF (uncompressed RGB) are written as such, JPEG as a baseline JFIF (each
8 x 8 block carries only its DC term, exact for a flat image). Poser's "pct" (PICT) is not
encoded: such a file holds PNG data.
"""

import struct
import zlib

from ._calllog import error

SUFFIXES = ("bmp", "jpg", "jpeg", "pct", "png", "tif", "tiff")


def _bytes_rgb(rgb):
    return tuple(max(0, min(255, int(round(float(c) * 255.0)))) for c in rgb)


def png(width, height, rgb):
    r, g, b = _bytes_rgb(rgb)
    row = b"\x00" + struct.pack("BBB", r, g, b) * width
    raw = row * height

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 6))
            + chunk(b"IEND", b""))


def bmp(width, height, rgb):
    r, g, b = _bytes_rgb(rgb)
    row = struct.pack("BBB", b, g, r) * width
    row += b"\x00" * ((4 - len(row) % 4) % 4)
    pixels = row * height
    header = struct.pack("<2sIHHI", b"BM", 54 + len(pixels), 0, 0, 54)
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, len(pixels), 2835, 2835, 0, 0)
    return header + info + pixels


def tiff(width, height, rgb):
    r, g, b = _bytes_rgb(rgb)
    pixels = struct.pack("BBB", r, g, b) * (width * height)
    entries = [(256, 4, 1, width), (257, 4, 1, height), (258, 3, 3, None), (259, 3, 1, 1),
               (262, 3, 1, 2), (273, 4, 1, None), (277, 3, 1, 3), (278, 4, 1, height),
               (279, 4, 1, len(pixels)), (282, 5, 1, None), (283, 5, 1, None), (296, 3, 1, 2)]
    ifd_size = 2 + 12 * len(entries) + 4
    extra = 8 + ifd_size  # bits per sample, then the two resolutions
    bits_at, xres_at, yres_at = extra, extra + 6, extra + 14
    data_at = extra + 22
    values = {258: bits_at, 273: data_at, 282: xres_at, 283: yres_at}
    ifd = struct.pack("<H", len(entries))
    for tag, kind, count, value in entries:
        value = values.get(tag, value)
        if kind == 3 and count == 1:
            ifd += struct.pack("<HHIHH", tag, kind, count, value, 0)
        else:
            ifd += struct.pack("<HHII", tag, kind, count, value)
    ifd += struct.pack("<I", 0)
    return (b"II*\x00" + struct.pack("<I", 8) + ifd + struct.pack("<HHH", 8, 8, 8)
            + struct.pack("<II", 72, 1) + struct.pack("<II", 72, 1) + pixels)


def _category(value):
    value = abs(value)
    bits = 0
    while value:
        bits += 1
        value >>= 1
    return bits


def jpeg(width, height, rgb):
    """A baseline JPEG of one colour: quantization 1, one DC Huffman table holding only
    the categories used, one AC table holding only end-of-block."""
    r, g, b = _bytes_rgb(rgb)
    y = 0.299 * r + 0.587 * g + 0.114 * b
    cb = -0.168736 * r - 0.331264 * g + 0.5 * b + 128.0
    cr = 0.5 * r - 0.418688 * g - 0.081312 * b + 128.0
    dcs = [int(round(8.0 * (max(0.0, min(255.0, c)) - 128.0))) for c in (y, cb, cr)]
    categories = sorted(set([0] + [_category(dc) for dc in dcs]))
    dc_codes = dict((cat, format(i, "03b")) for i, cat in enumerate(categories))
    eob = "0"

    def dc_bits(diff):
        cat = _category(diff)
        if cat == 0:
            return dc_codes[0]
        amplitude = diff if diff > 0 else diff + (1 << cat) - 1
        return dc_codes[cat] + format(amplitude, "0%db" % cat)

    blocks = ((width + 7) // 8) * ((height + 7) // 8)
    first = "".join(dc_bits(dc) + eob for dc in dcs)
    rest = (dc_codes[0] + eob) * 3
    bits = first + rest * (blocks - 1)
    bits += "1" * ((8 - len(bits) % 8) % 8)
    scan = bytearray(int(bits[i:i + 8], 2) for i in range(0, len(bits), 8))
    scan = bytes(scan).replace(b"\xff", b"\xff\x00")

    def segment(marker, payload):
        return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload

    jfif = segment(0xE0, b"JFIF\x00" + struct.pack(">BBBHHBB", 1, 1, 0, 1, 1, 0, 0))
    dqt = segment(0xDB, b"\x00" + b"\x01" * 64)
    sof = segment(0xC0, struct.pack(">BHHB", 8, height, width, 3) + b"\x01\x11\x00\x02\x11\x00\x03\x11\x00")
    dc_counts = [0] * 16
    dc_counts[2] = len(categories)
    dht_dc = segment(0xC4, b"\x00" + struct.pack("16B", *dc_counts) + struct.pack("%dB" % len(categories),
                                                                                *categories))
    ac_counts = [1] + [0] * 15
    dht_ac = segment(0xC4, b"\x10" + struct.pack("16B", *ac_counts) + b"\x00")
    sos = segment(0xDA, b"\x03\x01\x00\x02\x00\x03\x00\x00\x3f\x00")
    return b"\xff\xd8" + jfif + dqt + sof + dht_dc + dht_ac + sos + scan + b"\xff\xd9"


def encode(suffix, width, height, rgb):
    """The bytes of a ``width`` x ``height`` image of colour ``rgb`` in format ``suffix``."""
    kind = str(suffix).lower().lstrip(".")
    width, height = int(width), int(height)
    if width < 1 or height < 1:
        raise error("an image needs a positive size, got %d x %d" % (width, height))
    if kind == "png" or kind == "pct":
        return png(width, height, rgb)
    if kind == "bmp":
        return bmp(width, height, rgb)
    if kind in ("tif", "tiff"):
        return tiff(width, height, rgb)
    if kind in ("jpg", "jpeg"):
        return jpeg(width, height, rgb)
    raise error("image format '%s' is not one of %s" % (suffix, ", ".join(SUFFIXES)))


def write_image(path, suffix, width, height, rgb):
    data = encode(suffix, width, height, rgb)
    with open(path, "wb") as stream:
        stream.write(data)
    return path

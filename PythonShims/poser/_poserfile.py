"""Poser's text file format (.cr2, .pz2, .pp2, .pz3 ...): reading into a tree and writing.

A Poser file is one brace block of lines; a line is a keyword and the rest of the line
(``name Left Forearm``, ``k 0 12.5``); a line followed by a brace block owns that block
(``actor hip:1`` ``{ ... }``). ``parse`` turns the text into ``Node`` objects (keyword,
value, children or None), ``Writer`` writes them back in Poser's layout (the block's
braces one tab in from its keyword, tabs for indenting). Files starting with gzip's magic
bytes (Poser's compressed .crz, .p2z, .pzz ...) are read through gzip; ``write_file``
compresses when the name ends in one of those suffixes.

The library and document code (``_library``) decides what the keywords mean; this module
knows only the syntax.
"""

import gzip
import io

COMPRESSED_SUFFIXES = (".crz", ".p2z", ".ppz", ".pzz", ".fcz", ".hdz", ".hrz", ".ltz", ".cmz", ".mcz",
                       ".mtz", ".dsz")


class Node(object):
    """A line of a Poser file: ``key`` (the first word), ``value`` (the rest of the line,
    stripped) and ``children`` (the lines of its brace block, or None without one)."""

    __slots__ = ("key", "value", "children")

    def __init__(self, key, value="", children=None):
        self.key = key
        self.value = value
        self.children = children

    def find(self, key):
        """The first child line with keyword ``key``, or None."""
        for child in self.children or ():
            if child.key == key:
                return child
        return None

    def find_all(self, key):
        return [child for child in self.children or () if child.key == key]

    def get(self, key, default=None):
        """The value of the first child line with keyword ``key``; ``default`` when there
        is none. A keyword standing alone (``on``) answers ""."""
        child = self.find(key)
        return default if child is None else child.value

    def has(self, key):
        return self.find(key) is not None

    def floats(self, key, default=None):
        """The numbers of child line ``key`` as a tuple of floats, ``default`` without it."""
        value = self.get(key)
        if value is None:
            return default
        try:
            return tuple(float(word) for word in value.split())
        except ValueError:
            return default

    def __repr__(self):
        return "<Node %s %s%s>" % (self.key, self.value, " {%d}" % len(self.children) if self.children else "")


def unquote(text):
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1]
    return text


def parse(text):
    """The file's outer block as a Node (key ""): its children are the file's lines."""
    top = Node("", "", [])
    stack = [top]
    last = None
    for raw in text.splitlines():
        line = raw.strip()
        while line:
            first = line[0]
            if first == "{":
                owner = last
                if owner is None:
                    owner = Node("", "")
                    stack[-1].children.append(owner)
                if owner.children is None:
                    owner.children = []
                stack.append(owner)
                last = None
                line = line[1:].lstrip()
                continue
            if first == "}":
                if len(stack) > 1:
                    stack.pop()
                last = None
                line = line[1:].lstrip()
                continue
            cut = len(line)
            for brace in "{}":
                at = line.find(brace)
                if 0 <= at < cut:
                    cut = at
            words = line[:cut].split(None, 1)
            last = Node(words[0], words[1].strip() if len(words) > 1 else "")
            stack[-1].children.append(last)
            line = line[cut:]
    if len(top.children) == 1 and top.children[0].key == "" and top.children[0].children is not None:
        return top.children[0]
    return top


def read_file(path):
    """The parsed file at ``path`` (gzip-compressed or not)."""
    with open(path, "rb") as stream:
        data = stream.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.GzipFile(fileobj=io.BytesIO(data)).read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return parse(text)


def write_file(path, text):
    data = text.encode("utf-8")
    if path.lower().endswith(COMPRESSED_SUFFIXES):
        buffer = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0) as stream:
            stream.write(data)
        data = buffer.getvalue()
    with open(path, "wb") as stream:
        stream.write(data)


def number(value):
    """A number as Poser files write it: integers without a point, floats exactly."""
    value = float(value)
    if value == int(value) and abs(value) < 1e15:
        return "%d" % int(value)
    return repr(value)


class Writer(object):
    """Builds a Poser file: ``line(key, *values)``, ``open(key, *values)`` ... ``close()``;
    ``text()`` is the file, outer braces included."""

    def __init__(self):
        self._lines = ["{", ""]
        self._level = 0

    def _words(self, key, values):
        words = [key]
        for value in values:
            if isinstance(value, float):
                words.append(number(value))
            else:
                words.append(str(value))
        return " ".join(words)

    def line(self, key, *values):
        self._lines.append("\t" * self._level + self._words(key, values))

    def open(self, key, *values):
        self.line(key, *values)
        self._level += 1
        self._lines.append("\t" * self._level + "{")

    def close(self):
        self._lines.append("\t" * self._level + "}")
        self._level -= 1

    def blank(self):
        self._lines.append("")

    def text(self):
        return "\n".join(self._lines + ["}", ""])

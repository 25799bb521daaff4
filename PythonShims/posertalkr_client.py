#!/usr/bin/env python
"""Client for PoserTalkr's framed protocol: exact requests, binary data, streamed output.

Standard library only; runs unchanged on Python 2.7 and Python 3.8 or later, so it can be
dropped into Poser's or Cinema 4D's script folder. See docs/PROTOCOL.md for the protocol.

    from posertalkr_client import Client, RemoteError

    with Client("127.0.0.1", 55555) as server:
        print(server.eval("SCENE.CurrentActor().Name()"))      # 'Hip'
        server.execute("x = 41")                                 # exec (also .exec on Python 3)
        print(server.eval("x + 1"))                              # '42'
        server.put("blob", b"\\x00\\x01")                           # binds blob = b'\\x00\\x01'
        data = server.get("blob + blob")                         # bytearray(b'\\x00\\x01\\x00\\x01')
        server.execute("for i in range(3): print(i)",
                       on_output=lambda stream, text: print(stream, text))
        server.run_file("tools/pose.py")                         # __file__ and __main__ as in Poser
        try:
            server.eval("1/0")
        except RemoteError as error:
            print(error.remote_traceback)

As a command-line tool it runs code remotely and prints what it prints:

    python posertalkr_client.py [--host H] [--port P] [--session NAME] -c CODE | -e EXPR | [run] FILE | -

and exits with status 1 when the code raised (the remote traceback goes to stderr), 2 when
the server could not be reached. A FILE runs as Poser runs a script file (``__file__`` set,
``__name__ == "__main__"``, tracebacks naming the file). Without -c, -e or a file it is an
interactive console (line editing, history, multi-line blocks, completion of %paths, Ctrl-C
interrupts the remote request; :help lists its commands). Installed with pip (pip install
./PythonShims) it is the `posertalkr-client` command; `--help` lists the connection options
(token file, TLS), which also come from POSERTALKR_* environment variables.
"""

from __future__ import print_function

import binascii
import errno
import hashlib
import hmac
import json
import os
import select
import socket
import struct
import sys
import threading
import time

__all__ = ["Client", "RemoteError", "ProtocolError", "ReplyTimeout", "Reply", "DEFAULT_PORT"]
__version__ = "0.2.0"

PY2 = sys.version_info[0] == 2
if PY2:  # pragma: no cover - exercised by the Python 2.7 test run
    text_type = unicode  # noqa: F821
else:
    text_type = str

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 55555

PREAMBLE = b"\x00PTKR\x01\x00\x00"
_HEADER = struct.Struct(">IBBHQ")  # length, op, flags, reserved, id
_HEADER_TAIL = 12  # bytes of the header counted in the length field
_PROGRESS_CHUNK = 1 << 20  # bytes sent between progress reports
_PROGRESS_MINIMUM = 8 << 20  # smaller transfers show no progress


OP_EVAL, OP_EXEC, OP_PATH, OP_PUT, OP_GET, OP_INTERRUPT, OP_PING, OP_SESSION, OP_AUTH, OP_RUN = range(1, 11)
OP_HELLO, OP_OUTPUT, OP_OK, OP_ERROR, OP_NOTICE = 0x80, 0x81, 0x82, 0x83, 0x84
FLAG_STREAM = 0x01
RESULT_NONE, RESULT_TEXT, RESULT_BYTES = 0, 1, 2

ERROR_NAMES = {
    1: "python-exception", 2: "interrupted", 3: "cancelled", 4: "bad-request",
    5: "unknown-operation", 6: "too-large", 7: "not-a-buffer", 8: "shutting-down",
    9: "protocol-error", 10: "unauthorized", 11: "limit-reached",
}
AUTH_CONTEXT = b"PTKR-AUTH-1"


class ProtocolError(Exception):
    """The server said something this client cannot follow, or the connection broke."""


class ReplyTimeout(socket.timeout):
    """``wait(request_id, timeout=...)`` gave up: no reply came in time. Nothing of the reply
    was read, so the connection is still usable (``abandon`` drops the reply when it comes)."""


class RemoteError(Exception):
    """A request failed on the server. ``remote_traceback`` is Python's traceback text from
    the server (empty for errors the server raised itself, such as a cancelled request);
    ``code`` is the protocol's error code and ``code_name`` its name."""

    def __init__(self, code, type_name, message, remote_traceback, stdout="", stderr="", request_id=None):
        Exception.__init__(self, "%s: %s" % (type_name, message) if message else type_name)
        self.code = code
        self.code_name = ERROR_NAMES.get(code, "error-%d" % code)
        self.type_name = type_name
        self.message = message
        self.remote_traceback = remote_traceback
        self.stdout = stdout
        self.stderr = stderr
        self.request_id = request_id

    def __str__(self):
        if self.remote_traceback:
            return self.remote_traceback.rstrip("\n")
        return "%s (%s)" % (Exception.__str__(self), self.code_name)


class Reply(object):
    """The final answer to one request: ``value`` (text, a bytearray or None), and what the
    request printed, unless it was streamed to ``on_output``."""

    __slots__ = ("request_id", "value", "stdout", "stderr", "error")

    def __init__(self, request_id, value=None, stdout="", stderr="", error=None):
        self.request_id = request_id
        self.value = value
        self.stdout = stdout
        self.stderr = stderr
        self.error = error

    def result(self):
        """The value, or the RemoteError raised."""
        if self.error is not None:
            raise self.error
        return self.value


def _utf8(text):
    if isinstance(text, text_type):
        return text.encode("utf-8")
    return bytes(text)


def _text(data):
    return bytes(data).decode("utf-8", "replace")


def read_source(path):
    """A local script's text: UTF-8 (a byte-order mark is dropped), or the encoding its
    coding line names (PEP 263: ``# -*- coding: latin-1 -*-`` in its first two lines)."""
    import codecs
    import re

    with open(os.path.expanduser(path), "rb") as handle:
        data = handle.read()
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8")
    for line in data.split(b"\n")[:2]:
        match = re.match(br"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)", line)
        if match:
            return data.decode(match.group(1).decode("ascii"))
        if line.strip() and not line.lstrip().startswith(b"#"):
            break
    return data.decode("utf-8")


def _byte_view(data):
    """A view of ``data``'s bytes that sockets take without a copy (when one is possible)."""
    if PY2:  # pragma: no cover - exercised by the Python 2.7 test run
        if isinstance(data, memoryview):
            return data.tobytes()
        return buffer(data)  # noqa: F821 - str, bytearray and array.array on Python 2
    view = memoryview(data)
    if view.ndim == 1 and view.itemsize == 1 and view.c_contiguous:
        return view
    if view.c_contiguous:
        return view.cast("B")
    return memoryview(view.tobytes())


class Client(object):
    """A connection to a PoserTalkr server speaking the framed protocol.

    ``session``: use the named session instead of the one of this machine's IP address
    (two bridge scripts on one machine keep separate namespaces, or share one on purpose).
    ``timeout``: seconds to wait for any single reply (None waits for ever).
    ``on_output``: default callback ``(stream, text)`` for printed output; with it, requests
    stream their output as it is printed (stream is "stdout" or "stderr").
    ``on_notice``: callback for server notices (replies kept from an earlier connection);
    by default they are kept in ``notices``.
    ``token``: the server's token when it requires one (default: $POSERTALKR_TOKEN); it is
    never sent, only an HMAC of the server's challenge.
    ``tls``: connect with TLS; ``cafile`` names the CA (or self-signed certificate) to trust,
    ``verify=False`` skips certificate checks (testing only), ``server_hostname`` overrides
    the name checked against the certificate.

    One thread makes requests; another may call ``interrupt``.
    """

    def __init__(self, host=DEFAULT_HOST, port=DEFAULT_PORT, session=None, timeout=None,
                 on_output=None, on_notice=None, connect_timeout=10.0, token=None, tls=False,
                 cafile=None, verify=True, server_hostname=None):
        self.host = host
        self.port = int(port)
        self.timeout = timeout
        self.on_output = on_output
        self.on_notice = on_notice
        self.notices = []
        self.server_info = {}
        self.last_reply = None
        self._next_id = 1
        self._send_lock = threading.Lock()
        self._finished = {}
        self._callbacks = {}
        self._outputs = {}
        self._progress = {}
        self._ignored = set()
        self._running = None
        self._deferred_interrupt = False
        self._sock = None
        try:
            self._sock = socket.create_connection((host, self.port), connect_timeout)
        except (socket.error, OSError) as error:
            raise ProtocolError("cannot connect to %s:%s: %s" % (host, port, error))
        self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if tls:
            self._sock = self._wrap_tls(self._sock, cafile, verify, server_hostname or host)
        self._sock.settimeout(timeout)
        self._sendall(PREAMBLE)
        op, flags, request_id, body = self._read_frame()
        if op == OP_ERROR:
            raise ProtocolError("the server refused the connection: %s" % self._error(request_id, body).message)
        if op != OP_HELLO:
            raise ProtocolError("expected HELLO from the server, got op 0x%02x" % op)
        self.server_info = json.loads(_text(body))
        if self.server_info.get("auth"):
            self._authenticate(token if token is not None else os.environ.get("POSERTALKR_TOKEN"))
        if session is not None:
            self.use_session(session)

    @staticmethod
    def _wrap_tls(sock, cafile, verify, server_hostname):
        import ssl

        context = ssl.create_default_context(cafile=cafile)
        if not verify:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        try:
            return context.wrap_socket(sock, server_hostname=server_hostname)
        except (ssl.SSLError, socket.error, OSError) as error:
            sock.close()
            raise ProtocolError("TLS handshake failed: %s" % error)

    def _authenticate(self, token):
        scheme = self.server_info.get("auth")
        if scheme != "hmac-sha256":
            raise ProtocolError("the server asks for authentication this client does not know: %r" % scheme)
        if not token:
            self.close()
            raise ProtocolError("the server requires a token: use --token-file FILE or set $POSERTALKR_TOKEN "
                                "(Client(token=...) in Python)")
        challenge = binascii.unhexlify(self.server_info["challenge"])
        response = hmac.new(_utf8(token), AUTH_CONTEXT + challenge, hashlib.sha256).digest()
        try:
            self.request(OP_AUTH, response).result()
        except RemoteError as error:
            self.close()
            message = error.message or "authentication failed"
            if not message.startswith("authentication failed"):
                message = "authentication failed: " + message
            raise ProtocolError(message + " (check the token: --token-file or $POSERTALKR_TOKEN)")

    # -- context manager -------------------------------------------------------------------

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def close(self):
        """Closes the connection (the session and its namespace stay on the server)."""
        # Taken first: the reader thread and the caller may both close at once.
        sock, self._sock = self._sock, None
        if sock is not None:
            try:
                # Wakes a thread blocked reading this socket (close alone may not).
                sock.shutdown(socket.SHUT_RDWR)
            except (socket.error, OSError, ValueError):
                pass
            sock.close()

    # -- requests ---------------------------------------------------------------------------

    def eval(self, expression, on_output=None):
        """``str()`` of the expression's value, evaluated in the session."""
        return self.request(OP_EVAL, _utf8(expression), on_output).result()

    def execute(self, code, on_output=None):
        """Runs statements in the session; returns what they printed on stdout (stderr is in
        ``last_reply.stderr``), or "" when the output was streamed to ``on_output``."""
        reply = self.request(OP_EXEC, _utf8(code), on_output)
        reply.result()
        return reply.stdout

    def path(self, path):
        """The description of the object at a ``%``-style path (docs/PATHS.md)."""
        return self.request(OP_PATH, _utf8(path)).result()

    def run_file(self, path, source=None, on_output=None, remote_path=None):
        """Runs a local script file on the server as Poser runs a file (the RUN request): in the
        session, with ``__file__`` set to the file's absolute path (or ``remote_path``) and
        ``__name__ == "__main__"``; tracebacks name the file and quote its lines. ``source``
        (text) is sent instead of the file's contents when given. Returns what the script
        printed on stdout, as ``execute`` does."""
        if source is None:
            source = read_source(path)
        name = _utf8(remote_path if remote_path is not None else os.path.abspath(path))
        if not 1 <= len(name) <= 4096:
            raise ValueError("a script's path must have 1 to 4096 bytes, not %d" % len(name))
        reply = self.request(OP_RUN, struct.pack(">H", len(name)) + name + _utf8(source), on_output)
        reply.result()
        return reply.stdout

    def get(self, expression, on_output=None, progress=None):
        """The raw bytes of the expression's value (bytes, bytearray, memoryview, array.array,
        anything with the buffer protocol), as a bytearray received without extra copies.
        ``progress(received, total)`` is called as the bytes arrive."""
        request_id = self._submit_with_output(OP_GET, _utf8(expression), on_output)
        if progress is not None:
            self._progress[request_id] = progress
        self._running = request_id
        try:
            return self.wait(request_id).result()
        finally:
            self._running = None
            self._progress.pop(request_id, None)

    def put(self, name, data, progress=None):
        """Binds ``data`` (bytes or any buffer: bytearray, memoryview, array.array) to ``name``
        in the session, as a ``bytes`` object. The payload is sent without copying it.
        ``progress(sent, total)`` is called as it goes out."""
        payload = _byte_view(data)
        encoded_name = _utf8(name)
        prefix = struct.pack(">H", len(encoded_name)) + encoded_name
        request_id = self._submit(OP_PUT, prefix, 0, payload=payload, progress=progress)
        self.wait(request_id).result()

    def ping(self, data=b""):
        """Echoes ``data`` straight from the network side (not through Python)."""
        return bytes(self.request(OP_PING, bytes(data)).result())

    def use_session(self, name):
        """Switches this connection to the named session ("" returns to the address's own)."""
        self.server_info["session"] = self.request(OP_SESSION, _utf8(name)).result()
        return self.server_info["session"]

    def interrupt(self, request_id=None, wait=False):
        """Stops the session's running request (or the given one, cancelling it if it has not
        started). Safe to call from another thread or a signal handler; does not wait unless
        ``wait``, which returns the server's answer: 'interrupted', 'cancelled' or 'nothing to
        interrupt'. The interrupted request fails with a RemoteError whose code_name is
        'interrupted' (or 'cancelled')."""
        body = b"" if request_id is None else struct.pack(">Q", request_id)
        if wait:
            return self.request(OP_INTERRUPT, body).result()
        self._submit(OP_INTERRUPT, body, 0, ignore_reply=True)
        return None

    def abandon(self, request_id):
        """Gives up on a submitted request (after ``wait`` timed out): cancels it if it has not
        started, interrupts it if it runs, and drops its reply when it comes."""
        if request_id in self._finished:
            del self._finished[request_id]
        else:
            self._ignored.add(request_id)
            self.interrupt(request_id)
        self._outputs.pop(request_id, None)
        self._callbacks.pop(request_id, None)

    # -- pipelining -------------------------------------------------------------------------

    def submit(self, op_name, text, on_output=None):
        """Sends a request without waiting: ``op_name`` is 'eval', 'exec', 'path' or 'get'.
        Returns its id, for ``wait``."""
        op = {"eval": OP_EVAL, "exec": OP_EXEC, "path": OP_PATH, "get": OP_GET}[op_name]
        return self._submit_with_output(op, _utf8(text), on_output)

    def wait(self, request_id, timeout=None):
        """The Reply to a submitted request (reading and keeping other replies meanwhile).
        With ``timeout`` (seconds), raises ReplyTimeout when no reply came by then; the
        connection stays usable (``abandon(request_id)`` to drop the late reply)."""
        deadline = None if timeout is None else time.time() + timeout
        while request_id not in self._finished:
            try:
                if deadline is not None and not self._readable(deadline - time.time()):
                    raise ReplyTimeout("no reply to request %d within %g seconds" % (request_id, timeout))
                self._read_and_dispatch()
            except KeyboardInterrupt:
                # Ctrl-C while waiting: stop the remote request, then collect its reply.
                self.interrupt(request_id)
        self._outputs.pop(request_id, None)
        self._callbacks.pop(request_id, None)
        reply = self._finished.pop(request_id)
        self.last_reply = reply
        return reply

    def pipeline(self, requests):
        """Sends many ``(op_name, text)`` requests at once and returns their Replies in order.
        Replies are read while sending, so any number of requests is safe."""
        ids = []
        batch = []
        for op_name, text in requests:
            op = {"eval": OP_EVAL, "exec": OP_EXEC, "path": OP_PATH, "get": OP_GET}[op_name]
            body = _utf8(text)
            request_id = self._new_id()
            batch.append(_HEADER.pack(_HEADER_TAIL + len(body), op, 0, 0, request_id) + body)
            ids.append(request_id)
            if len(batch) >= 256:
                self._sendall(b"".join(batch))
                batch = []
                self._drain_available()
        if batch:
            self._sendall(b"".join(batch))
        return [self.wait(request_id) for request_id in ids]

    def request(self, op, body, on_output=None):
        """Sends one request and returns its Reply."""
        request_id = self._submit_with_output(op, body, on_output)
        self._running = request_id
        try:
            return self.wait(request_id)
        finally:
            self._running = None

    # -- internals --------------------------------------------------------------------------

    def _submit_with_output(self, op, body, on_output):
        callback = on_output if on_output is not None else self.on_output
        flags = FLAG_STREAM if callback is not None and op in (OP_EVAL, OP_EXEC, OP_PATH, OP_GET, OP_RUN) else 0
        request_id = self._submit(op, body, flags)
        if callback is not None:
            self._callbacks[request_id] = callback
        return request_id

    def _new_id(self):
        with self._send_lock:
            request_id = self._next_id
            self._next_id += 1
        return request_id

    def _submit(self, op, body, flags, payload=None, ignore_reply=False, progress=None):
        request_id = self._new_id()
        if ignore_reply:
            self._ignored.add(request_id)
        length = _HEADER_TAIL + len(body) + (len(payload) if payload is not None else 0)
        if length > 0xFFFFFFFF:
            raise ValueError("a request of %d bytes is larger than a frame can hold" % length)
        header = _HEADER.pack(length, op, flags, 0, request_id)
        with self._send_lock:
            self._sendall_unlocked(header + body)
            if payload is not None and len(payload):
                if progress is None:
                    self._sendall_unlocked(payload)
                else:
                    total = len(payload)
                    for start in range(0, total, _PROGRESS_CHUNK):
                        self._sendall_unlocked(payload[start:start + _PROGRESS_CHUNK])
                        progress(min(start + _PROGRESS_CHUNK, total), total)
        return request_id

    def _sendall(self, data):
        with self._send_lock:
            self._sendall_unlocked(data)

    def _sendall_unlocked(self, data):
        if self._sock is None:
            raise ProtocolError("the connection is closed")
        try:
            self._sock.sendall(data)
        except (socket.error, OSError) as error:
            raise ProtocolError("the connection to the server broke: %s" % error)

    def _recv_into(self, view, progress=None, frame_start=False):
        got = 0
        total = len(view)
        while got < total:
            try:
                if progress is not None and got:
                    progress(got, total)
                count = self._sock.recv_into(view[got:], total - got)
            except socket.timeout:
                raise
            except KeyboardInterrupt:
                if frame_start and got == 0:
                    raise
                # Ctrl-C in the middle of a frame: read the frame to its end first, or the
                # connection would lose its place; _read_and_dispatch raises it afterwards.
                self._deferred_interrupt = True
                continue
            except (socket.error, OSError) as error:
                raise ProtocolError("the connection to the server broke: %s" % error)
            if count == 0:
                raise ProtocolError("the server closed the connection")
            got += count
        if progress is not None:
            progress(total, total)

    def _recv_exact(self, count, progress=None, frame_start=False):
        data = bytearray(count)
        if count:
            self._recv_into(memoryview(data), progress, frame_start)
        return data

    def _readable(self, timeout):
        """Whether a frame starts arriving within ``timeout`` seconds (0: already there)."""
        if self._sock is None:
            raise ProtocolError("the connection is closed")
        pending = getattr(self._sock, "pending", None)
        if pending is not None and pending():
            return True  # TLS already holds decrypted bytes that select cannot see
        deadline = time.time() + max(timeout, 0)
        while True:
            try:
                if select.select([self._sock], [], [], max(deadline - time.time(), 0))[0]:
                    return True
            except (select.error, OSError) as error:
                if (error.args[0] if error.args else None) != errno.EINTR:
                    raise ProtocolError("the connection to the server broke: %s" % error)
            if time.time() >= deadline:
                return False

    def _read_frame_header(self):
        header = bytes(self._recv_exact(16, frame_start=True))
        if header.startswith(b"posertalkr: "):
            # The server answered in text: it refused the connection before any frame.
            rest = header
            try:
                while not rest.endswith(b"\n"):
                    rest += bytes(self._recv_exact(1))
            except ProtocolError:
                pass
            raise ProtocolError(_text(rest).strip())
        length, op, flags, _, request_id = _HEADER.unpack(header)
        if length < _HEADER_TAIL:
            raise ProtocolError("frame length %d is below the header size" % length)
        return op, flags, request_id, length - _HEADER_TAIL

    def _read_frame(self):
        op, flags, request_id, body_length = self._read_frame_header()
        return op, flags, request_id, self._recv_exact(body_length)

    def _drain_available(self):
        while self._sock is not None and self._readable(0):
            self._read_and_dispatch()

    def _read_and_dispatch(self):
        try:
            self._dispatch_one_frame()
        except BaseException:
            self._deferred_interrupt = False
            raise
        if self._deferred_interrupt:  # Ctrl-C came while the frame was half read
            self._deferred_interrupt = False
            raise KeyboardInterrupt()

    def _dispatch_one_frame(self):
        op, flags, request_id, body_length = self._read_frame_header()
        if op == OP_OK:
            self._finish_ok(request_id, flags, body_length)
            return
        body = self._recv_exact(body_length)
        if op == OP_OUTPUT:
            stream = "stderr" if flags & 1 else "stdout"
            callback = self._callbacks.get(request_id)
            if callback is not None:
                callback(stream, _text(body))
            else:
                self._outputs.setdefault(request_id, []).append((stream, _text(body)))
        elif op == OP_ERROR:
            error = self._error(request_id, body)
            if request_id == 0:
                raise ProtocolError("the server ended the connection: %s" % error.message)
            self._finish(Reply(request_id, None, error.stdout, error.stderr, error))
        elif op == OP_NOTICE:
            notice = _text(body)
            if self.on_notice is not None:
                self.on_notice(notice)
            else:
                self.notices.append(notice)
        else:
            raise ProtocolError("unexpected frame op 0x%02x from the server" % op)

    def _finish_ok(self, request_id, kind, body_length):
        stdout_length = struct.unpack(">I", bytes(self._recv_exact(4)))[0]
        stdout = _text(self._recv_exact(stdout_length))
        stderr_length = struct.unpack(">I", bytes(self._recv_exact(4)))[0]
        stderr = _text(self._recv_exact(stderr_length))
        result_length = body_length - 8 - stdout_length - stderr_length
        result = self._recv_exact(result_length, self._progress.get(request_id))
        if kind == RESULT_TEXT:
            value = _text(result)
        elif kind == RESULT_BYTES:
            value = result
        else:
            value = None
        self._finish(Reply(request_id, value, stdout, stderr))

    def _finish(self, reply):
        if reply.request_id in self._ignored:
            self._ignored.discard(reply.request_id)
            return
        self._finished[reply.request_id] = reply

    def _error(self, request_id, body):
        view = bytes(body)
        offset = 0

        def take(size_format):
            fmt = struct.Struct(size_format)
            size = fmt.unpack_from(view, offset)[0]
            return size, offset + fmt.size

        code = struct.unpack_from(">H", view, 0)[0]
        offset = 2
        fields = []
        for size_format in (">I", ">I", ">H", ">I"):
            size, offset = take(size_format)
            fields.append(view[offset:offset + size].decode("utf-8", "replace"))
            offset += size
        traceback_text = view[offset:].decode("utf-8", "replace")
        stdout, stderr, type_name, message = fields
        return RemoteError(code, type_name, message, traceback_text, stdout, stderr, request_id)


if not PY2:
    # `exec` is a keyword on Python 2, so the method is defined as `execute` and also
    # reachable as `exec` where the language allows it.
    setattr(Client, "exec", Client.execute)


# -- interactive console ----------------------------------------------------------------------

CONSOLE_HELP = """\
Type Python as in Python's own console: a block runs at the blank line after it; an
expression's value is shown (repr) and kept in _. Ctrl-C stops the running remote request;
Ctrl-D quits.
  =EXPR              evaluate and show str(value), as the raw protocol does
  %PATH              look an object up by path (%Figure 1/hip/Bend); %PATH/ lists below it
  :ls [PATH]         list the scene, or what is below PATH
  :session [NAME]    show the session, or switch to NAME (:session - goes back to this address's)
  :run FILE          run a local script file on the server as Poser runs it (__file__, __main__)
  :put NAME FILE     bind NAME to a local file's bytes on the server
  :get FILE EXPR     save the bytes of EXPR (buffer protocol) to a local file
  :interrupt         stop what runs now in this session (sent by another connection, say)
  :reconnect         connect again (done by itself when the server went away)
  :help, :quit
Tab completes %paths and names in the session.
"""

# The expression starts on the wrapper's first line, so tracebacks give its own line numbers.
# A value that is not None is kept in the session as `_`, as Python's console does.
_EXPRESSION_WRAPPER = ("(lambda __value: '' if __value is None else "
                       "(globals().__setitem__('_', __value), repr(__value))[1])((%s\n))")


class _Style(object):
    """ANSI colors when writing to a terminal, nothing otherwise (and with $NO_COLOR)."""

    def __init__(self, enabled):
        self.enabled = enabled

    def paint(self, text, code):
        return "\x1b[%sm%s\x1b[0m" % (code, text) if self.enabled and text else text

    def prompt(self, text, code, readline_markers):
        """A colored prompt; for readline, the escapes go between \\001 and \\002 so that it
        knows they take no room on screen (else its redraws, after history recall, land in
        the wrong column and show text that is not what runs)."""
        if not self.enabled:
            return text
        if readline_markers:
            return "\001\x1b[%sm\002%s\001\x1b[0m\002" % (code, text)
        return self.paint(text, code)

    def traceback(self, text):
        if not self.enabled:
            return text
        lines = text.rstrip("\n").split("\n")
        painted = []
        for index, line in enumerate(lines):
            if line.startswith("Traceback"):
                painted.append(self.paint(line, "1"))
            elif line.startswith("  File "):
                painted.append(self.paint(line, "36"))
            elif index == len(lines) - 1 or (not line.startswith(" ") and ":" in line):
                painted.append(self.paint(line, "1;31"))
            else:
                painted.append(line)
        return "\n".join(painted) + "\n"


class _Progress(object):
    """Bytes and rate of a transfer of 8 MiB or more, redrawn in place on a terminal at most
    ten times a second (the console uses it only on a terminal)."""

    def __init__(self, label, stream):
        import time

        self._time = time.time
        self.label = label
        self.stream = stream
        self.started = self._time()
        self.shown_at = 0.0
        self.shown = False

    def __call__(self, done, total):
        now = self._time()
        if total < _PROGRESS_MINIMUM or (done < total and now - self.shown_at < 0.1):
            return

        self.shown_at = now
        self.shown = True
        rate = done / max(now - self.started, 1e-6)
        _write(self.stream, "\r%s: %s of %s, %s/s   " % (
            self.label, _human_size(done), _human_size(total), _human_size(rate)))

    def finish(self):
        if self.shown:
            _write(self.stream, "\n")


def _human_size(count):
    for unit in ("B", "KiB", "MiB", "GiB"):
        if count < 1024 or unit == "GiB":
            return ("%d %s" if unit == "B" else "%.1f %s") % (count, unit)
        count /= 1024.0


class Console(object):
    """An interactive console on a PoserTalkr server (``python posertalkr_client.py`` with no
    script). ``connect`` makes a new Client; it is called again to reconnect."""

    def __init__(self, connect, where, stdin=None, stdout=None, stderr=None):
        self.connect = connect
        self.where = where
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.stderr = stderr or sys.stderr
        self.interactive = self.stdin.isatty()
        self.style = _Style(self.stdout.isatty() and not os.environ.get("NO_COLOR")
                            and os.environ.get("TERM") != "dumb")
        self.client = None
        self.session = None  # a named session to restore on reconnect
        self.readline = None
        self.status = 0

    # -- the loop -----------------------------------------------------------------------------

    def run(self):
        """Reads and runs input until end of file or :quit; returns the exit status."""
        if self.interactive:
            _receive_ctrl_c()
        self._setup_readline()

        if self._connect(first=True) and self.interactive:
            info = self.client.server_info
            self._note("connected to %s (Python %s, session %s). :help for commands, Ctrl-D quits." % (
                self.where, info.get("python", "?").split(" ")[0], info.get("session", "?")))
        lines = []
        while True:
            try:
                line = self._read(self.style.prompt("... " if lines else ">>> ", "32",
                                                    self.readline is not None))
            except EOFError:
                if self.interactive:
                    _write(self.stdout, "\n")
                break
            except KeyboardInterrupt:
                _write(self.stdout, "\nKeyboardInterrupt\n")
                lines = []
                continue
            if not lines and self._handle_special(line):
                if self.status is None:
                    break
                continue
            lines.append(line)
            source = "\n".join(lines)
            if self._is_incomplete(source) and (line.strip() or self._inside_brackets_or_string(source)):
                continue
            # Complete; or a blank line after a block header with no body yet, which Python's
            # console answers with an IndentationError: the server compiles it and says so.
            lines = []
            if source.strip():
                self._run_source(source)
        self._save_history()
        return self.status or 0

    def _read(self, prompt):
        if self.interactive:
            line = raw_input(prompt) if PY2 else input(prompt)  # noqa: F821
            return line.decode("utf-8") if PY2 and isinstance(line, bytes) else line
        line = self.stdin.readline()
        if not line:
            raise EOFError()
        line = line.rstrip("\n")
        return line.decode("utf-8") if PY2 and isinstance(line, bytes) else line

    def _handle_special(self, line):
        """Runs `:commands`, `=expr` and `%path`; returns False for Python source."""
        stripped = line.strip()
        if stripped.startswith(":"):
            self._command(stripped[1:])
            return True
        if stripped.startswith("="):
            self._request(lambda client: client.eval(stripped[1:], on_output=self._show_output),
                          show_value=str)
            return True
        if stripped.startswith("%"):
            self._request(lambda client: client.path(stripped[1:]), show_value=str, brief_path_errors=True)
            return True
        return False

    @staticmethod
    def _is_incomplete(source):
        """Whether more lines are needed, as Python's own console decides (codeop). Source
        this Python cannot compile is sent as it is: the server has the last word."""
        import codeop

        try:
            return codeop.compile_command(source, "<console>", "single") is None
        except (SyntaxError, OverflowError, ValueError, TypeError):
            return False

    @staticmethod
    def _inside_brackets_or_string(source):
        """Whether ``source`` ends inside an open bracket, a string or after a backslash, where
        a blank line continues it (rather than ending a block)."""
        import tokenize

        lines = iter((source + "\n").splitlines(True))
        readline = lambda: next(lines, "")  # noqa: E731
        try:
            for _ in tokenize.generate_tokens(readline):
                pass
        except tokenize.TokenError:
            return True
        except (SyntaxError, ValueError):
            return False
        return False

    def _run_source(self, source):
        try:
            compile(source, "<console>", "eval")
            expression = True
        except (SyntaxError, OverflowError, ValueError, TypeError):
            expression = False
        if expression:
            self._request(lambda client: client.eval(_EXPRESSION_WRAPPER % source,
                                                     on_output=self._show_output), show_value=str)
        else:
            self._request(lambda client: client.execute(source, on_output=self._show_output))

    # -- commands -----------------------------------------------------------------------------

    def _command(self, text):
        name, _, argument = text.strip().partition(" ")
        argument = argument.strip()
        if name in ("q", "quit", "exit"):
            self.status = None
        elif name in ("h", "help", "?"):
            _write(self.stdout, CONSOLE_HELP)
        elif name == "ls":
            path = argument.rstrip("/") + "/" if argument else ""
            self._request(lambda client: client.path(path), show_value=str, brief_path_errors=True)
        elif name == "interrupt":
            answer = self._request(lambda client: client.interrupt(wait=True))
            if answer is not None:
                self._note(answer)
        elif name == "session":
            self._session(argument)
        elif name == "run" and argument:
            self._run_file(argument)
        elif name == "put" and len(argument.split(None, 1)) == 2:
            self._put(*argument.split(None, 1))
        elif name == "get" and len(argument.split(None, 1)) == 2:
            self._get(*argument.split(None, 1))
        elif name == "reconnect":
            self._disconnect()
            self._connect()
        else:
            self._error("unknown command :%s (:help lists them)" % text.strip())

    def _session(self, name):
        if not name:
            if self._connected():
                _write(self.stdout, "%s\n" % self.client.server_info.get("session", "?"))
            return
        target = "" if name == "-" else name

        def switch(client):
            return client.use_session(target)

        if self._request(switch, show_value=lambda value: "session %s" % value) is not None:
            self.session = target or None

    def _run_file(self, path):
        try:
            source = read_source(path)
        except (IOError, OSError, UnicodeDecodeError, LookupError) as error:
            self._error("cannot read %s: %s" % (path, error))
            return
        path = os.path.expanduser(path)
        self._request(lambda client: client.run_file(path, source, on_output=self._show_output))

    def _put(self, name, path):
        try:
            with open(os.path.expanduser(path), "rb") as handle:
                data = handle.read()
        except (IOError, OSError) as error:
            self._error("cannot read %s: %s" % (path, error))
            return
        progress = self._progress("put %s" % name)

        def put(client):
            try:
                client.put(name, data, progress=progress)
            finally:
                progress.finish()
            return "%s = %s bytes" % (name, len(data))

        self._request(put, show_value=str)

    def _get(self, path, expression):
        progress = self._progress("get %s" % expression)

        def get(client):
            try:
                return client.get(expression, progress=progress)
            finally:
                progress.finish()

        data = self._request(get)
        if data is None:
            return
        try:
            with open(os.path.expanduser(path), "wb") as handle:
                handle.write(data)
        except (IOError, OSError) as error:
            self._error("cannot write %s: %s" % (path, error))
            return
        self._note("%s bytes written to %s" % (len(data), path))

    def _progress(self, label):
        if not self.stderr.isatty():
            return _SilentProgress()
        return _Progress(label, self.stderr)

    # -- requests -----------------------------------------------------------------------------

    def _request(self, call, show_value=None, brief_path_errors=False):
        """Runs ``call(client)`` on a worker thread, so that Ctrl-C here interrupts the
        remote request (and a second Ctrl-C stops waiting); shows the value, the remote
        traceback, or what went wrong with the connection. Returns the value, or None.
        With ``brief_path_errors``, a path that leads nowhere is one line, not a traceback."""
        if not self._connected() and not self._connect():
            return None
        client = self.client
        outcome = {}
        # An Event, not Thread.join: a join interrupted by Ctrl-C can report the thread as
        # finished when it is not (seen on CPython 3.11).
        done = threading.Event()

        def work():
            try:
                outcome["value"] = call(client)
            except BaseException as error:  # handed to the console's thread
                outcome["error"] = error
            finally:
                done.set()

        worker = threading.Thread(target=work, name="posertalkr-console-request")
        worker.daemon = True
        worker.start()
        interrupts = 0
        while not done.is_set():
            try:
                done.wait(0.05)
            except KeyboardInterrupt:
                interrupts += 1
                if interrupts == 1:
                    self._note("interrupting the remote request (Ctrl-C again to stop waiting)")
                    try:
                        client.interrupt()
                    except ProtocolError:
                        pass
                else:
                    self._note("stopped waiting; reconnecting")
                    self._disconnect()
                    done.wait(5)
                    self._connect()
                    return None

        error = outcome.get("error")
        if error is None:
            value = outcome.get("value")
            if show_value is not None:
                text = show_value(value)
                if text:
                    _write(self.stdout, text if text.endswith("\n") else text + "\n")
            self.status = 0
            return value if value is not None else True
        if isinstance(error, RemoteError):
            self.status = 1
            if brief_path_errors and error.type_name == "PathError":
                _write(self.stderr, self.style.paint("PathError: %s" % error.message, "1;31") + "\n")
            elif error.remote_traceback:
                _write(self.stderr, self.style.traceback(error.remote_traceback))
            else:
                self._error("%s: %s" % (error.code_name, error.message))
        elif isinstance(error, (ProtocolError, socket.timeout)):
            self.status = 2
            if isinstance(error, ProtocolError):
                self._error("connection to %s lost: %s" % (self.where, error))
            else:
                self._error("no reply within the timeout; reconnecting")
            self._disconnect()
            self._connect()
        else:
            raise error
        return None

    def _show_output(self, stream, text):
        _write(self.stderr if stream == "stderr" else self.stdout, text)

    # -- connection ---------------------------------------------------------------------------

    def _connected(self):
        return self.client is not None and self.client._sock is not None

    def _connect(self, first=False):
        import time

        delays = [0.0] if first else [0.0, 0.5, 1.0, 2.0]
        for attempt, delay in enumerate(delays):
            time.sleep(delay)
            try:
                self.client = self.connect()
                if self.session:
                    self.client.use_session(self.session)
                if not first:
                    self._note("reconnected to %s (session %s)" % (
                        self.where, self.client.server_info.get("session", "?")))
                return True
            except (ProtocolError, RemoteError) as error:
                last = error
                if attempt < len(delays) - 1:
                    self._note("cannot reach %s (%s); trying again" % (self.where, error))
        self.client = None
        self.status = 2
        self._error("the server at %s is not reachable: %s. Your next input tries again; "
                    ":reconnect too." % (self.where, last))
        return False

    def _disconnect(self):
        if self.client is not None:
            self.client.close()
        self.client = None

    # -- terminal -----------------------------------------------------------------------------

    def _setup_readline(self):
        if not self.interactive:
            return
        try:
            import readline
        except ImportError:  # Windows without pyreadline: plain input() still works
            return
        self.readline = readline
        self.history_file = os.environ.get("POSERTALKR_HISTORY") or os.path.expanduser(
            "~/.posertalkr_history")
        try:
            readline.read_history_file(self.history_file)
        except (IOError, OSError):
            pass
        readline.set_history_length(1000)
        readline.set_completer_delims("")
        readline.set_completer(self._complete)
        if "libedit" in (readline.__doc__ or ""):
            readline.parse_and_bind("bind ^I rl_complete")
        else:
            readline.parse_and_bind("tab: complete")

    def _save_history(self):
        if self.readline is not None:
            try:
                self.readline.write_history_file(self.history_file)
            except (IOError, OSError):
                pass

    def _complete(self, text, state):
        """readline's completer; ``text`` is the whole line up to the cursor."""
        if state == 0:
            try:
                self._matches = self._completions(text)
            except Exception:  # a completer must never raise into readline
                self._matches = []
        return self._matches[state] if state < len(self._matches) else None

    def _completions(self, text):
        import re

        if not self._connected():
            return []
        if text.startswith("%") or text.startswith(":ls "):
            head = text[:text.index(" ") + 1] if text.startswith(":ls ") else "%"
            path = text[len(head):]
            parent, _, partial = path.rpartition("/")
            listing = self._ask("path", parent + "/" if parent else "")
            names = [name for name in listing.split("\n") if name.startswith(partial)]
            prefix = head + (parent + "/" if parent else "")
            return [prefix + name for name in names]
        match = re.search(r"[A-Za-z_][A-Za-z0-9_.]*$", text)
        if not match:
            return []
        word = match.group(0)
        owner, dot, partial = word.rpartition(".")
        if dot:
            names = json.loads(self._ask("eval", "__import__('json').dumps(dir(%s))" % owner))
        else:
            names = json.loads(self._ask(
                "eval", "__import__('json').dumps(sorted(set(globals()) | set(dir(__import__('builtins')))))"))
        start = text[:match.start()] + (owner + "." if dot else "")
        return [start + name for name in sorted(names)
                if name.startswith(partial) and (partial.startswith("_") or not name.startswith("_"))]

    COMPLETION_TIMEOUT = 1.0

    def _ask(self, op_name, text):
        """A question for Tab: given up after COMPLETION_TIMEOUT seconds (the server may be busy
        with another session's long request), so the prompt never freezes."""
        request_id = self.client.submit(op_name, text)
        try:
            return self.client.wait(request_id, timeout=self.COMPLETION_TIMEOUT).result()
        except ReplyTimeout:
            self.client.abandon(request_id)
            raise

    def _note(self, text):
        _write(self.stderr, self.style.paint("posertalkr: " + text, "2") + "\n")

    def _error(self, text):
        _write(self.stderr, self.style.paint("posertalkr: " + text, "1;31") + "\n")


def _receive_ctrl_c():
    """Ctrl-C must reach the console even when whatever started it ignores or blocks SIGINT
    (children inherit both; some launchers and test runners block it), or the console could
    not interrupt the remote request."""
    import signal

    signal.signal(signal.SIGINT, signal.default_int_handler)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGINT])
    elif sys.platform.startswith("linux"):  # Python 2.7: through libc
        try:
            import ctypes
            import ctypes.util

            libc = ctypes.CDLL(ctypes.util.find_library("c"))
            mask = ctypes.create_string_buffer(128)  # sigset_t
            libc.sigemptyset(mask)
            libc.sigaddset(mask, signal.SIGINT)
            libc.pthread_sigmask(1, mask, None)  # SIG_UNBLOCK on Linux
        except (OSError, AttributeError, TypeError):
            pass


class _SilentProgress(object):

    def __call__(self, done, total):
        pass

    def finish(self):
        pass


# -- command line -----------------------------------------------------------------------------


def _write(stream, text):
    if PY2 and isinstance(text, text_type):
        text = text.encode("utf-8")
    stream.write(text)
    stream.flush()


def _environment_flag(name):
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def add_connection_arguments(parser):
    """The connection options shared by the command line and the Jupyter kernel, each with a
    POSERTALKR_* environment variable as its default."""
    environ = os.environ.get
    parser.add_argument("--host", default=environ("POSERTALKR_HOST", DEFAULT_HOST),
                        help="the server's address (default: $POSERTALKR_HOST or %s)" % DEFAULT_HOST)
    parser.add_argument("--port", type=int, default=int(environ("POSERTALKR_PORT", DEFAULT_PORT)),
                        help="its port (default: $POSERTALKR_PORT or %d)" % DEFAULT_PORT)
    parser.add_argument("--session", default=environ("POSERTALKR_SESSION") or None,
                        help="use this named session instead of the address's own ($POSERTALKR_SESSION)")
    parser.add_argument("--token-file", default=environ("POSERTALKR_TOKEN_FILE") or None,
                        help="file with the server's token ($POSERTALKR_TOKEN_FILE; else the token "
                             "itself in $POSERTALKR_TOKEN)")
    parser.add_argument("--tls", action="store_true", default=_environment_flag("POSERTALKR_TLS"),
                        help="connect with TLS ($POSERTALKR_TLS=1)")
    parser.add_argument("--cafile", default=environ("POSERTALKR_CAFILE") or None,
                        help="CA or self-signed certificate to trust for --tls ($POSERTALKR_CAFILE)")
    parser.add_argument("--server-hostname", default=environ("POSERTALKR_SERVER_HOSTNAME") or None,
                        help="the name the server's TLS certificate must carry, when it is not --host "
                             "(a server reached by IP address whose certificate names the host; "
                             "$POSERTALKR_SERVER_HOSTNAME)")


def read_token_file(path):
    """The token in ``path`` (surrounding whitespace dropped); ProtocolError when unreadable."""
    try:
        with open(os.path.expanduser(path), "rb") as handle:
            return handle.read().decode("utf-8").strip()
    except (IOError, OSError, UnicodeDecodeError) as error:
        raise ProtocolError("cannot read the token file %s: %s" % (path, error))


def client_options(arguments):
    """Keyword arguments for Client from parsed connection options (add_connection_arguments)."""
    return dict(token=read_token_file(arguments.token_file) if arguments.token_file else None,
                tls=arguments.tls, cafile=arguments.cafile, server_hostname=arguments.server_hostname)


def main(argv=None):
    import argparse

    parser = argparse.ArgumentParser(
        prog="posertalkr-client",
        description="Run Python on a PoserTalkr server and print what it prints; without code to "
                    "run, an interactive console.")
    add_connection_arguments(parser)
    parser.add_argument("--timeout", type=float, default=None, help="seconds to wait for the reply")
    parser.add_argument("--version", action="store_true", help="show the client's version and exit")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("-c", dest="code", help="statements to run")
    source.add_argument("-e", dest="expression", help="an expression to evaluate and print")
    source.add_argument("file", nargs="?", metavar="[run] FILE",
                        help="a script to run as Poser runs a file (__file__ set, __name__ == "
                             "'__main__', tracebacks naming the file), or - for standard input; "
                             "without one (and without -c or -e) an interactive console starts")
    parser.add_argument("run_file", nargs="?", help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)

    if arguments.version:
        _write(sys.stdout, "posertalkr-client %s (Python %s)\n" % (__version__, sys.version.split()[0]))
        return 0
    if arguments.run_file is not None:
        if arguments.file != "run":
            parser.error("unexpected argument %r (did you mean: run %s?)" % (arguments.run_file, arguments.run_file))
        arguments.file = arguments.run_file
    elif arguments.file == "run" and not os.path.exists("run"):
        parser.error("run needs a FILE")

    try:
        options = client_options(arguments)
    except ProtocolError as error:
        _write(sys.stderr, "posertalkr-client: %s\n" % error)
        return 2

    def connect(on_output=None):
        return Client(arguments.host, arguments.port, session=arguments.session,
                      timeout=arguments.timeout, on_output=on_output,
                      on_notice=lambda text: _write(sys.stderr, text), **options)

    if arguments.code is None and arguments.expression is None and arguments.file is None:
        console = Console(connect, "%s:%s" % (arguments.host, arguments.port))
        console.session = arguments.session
        return console.run()

    script = None
    if arguments.code is not None:
        code = arguments.code
    elif arguments.expression is None:
        if arguments.file == "-":
            code = sys.stdin.read()
        else:
            script = arguments.file
            try:
                code = read_source(script)
            except (IOError, OSError, UnicodeDecodeError, LookupError) as error:
                _write(sys.stderr, "posertalkr-client: cannot read %s: %s\n" % (script, error))
                return 2

    def show(stream, text):
        _write(sys.stderr if stream == "stderr" else sys.stdout, text)

    try:
        client = connect(on_output=show)
    except ProtocolError as error:
        _write(sys.stderr, "posertalkr-client: %s\n" % error)
        return 2
    try:
        if arguments.expression is not None:
            _write(sys.stdout, client.eval(arguments.expression) + "\n")
        elif script is not None:
            client.run_file(script, code)
        else:
            client.execute(code)
    except RemoteError as error:
        _write(sys.stderr, (error.remote_traceback or "posertalkr: %s\n" % error))
        return 1
    except ProtocolError as error:
        _write(sys.stderr, "posertalkr-client: %s\n" % error)
        return 2
    finally:
        client.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

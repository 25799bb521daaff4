"""Server-side helpers of PoserTalkr, imported once by the interpreter thread.

Not for client code. It installs the output capture (``sys.stdout``/``sys.stderr`` proxies
that collect what a request prints), replaces ``sys.stdin`` with a reader that explains
there is no console, builds each session's namespace, and keeps the source of multi-line
scripts so tracebacks can quote their lines.
"""

import builtins
import importlib
import io
import linecache
import sys
import threading

import object_from_path as _paths
import posertalkr_descriptors as _server_descriptors

# What the running request printed, in order: (is_stderr, text) pairs. The server checks
# its length after every request and drains it only when something was printed.
chunks = []

# While a streaming request runs, the server sets this to a function that takes
# (is_stderr, text) and sends the text to the client at once; output then bypasses
# ``chunks``. None otherwise.
stream_sink = None

_interpreter_thread = threading.get_ident()


class CapturedStream(io.TextIOBase):
    """``sys.stdout``/``sys.stderr`` while PoserTalkr runs.

    Writes from the interpreter thread belong to the running request and go back to its
    client. Writes from threads that client code started go to the server's own stream,
    because no request is waiting for them.
    """

    def __init__(self, name, is_stderr, fallback):
        super().__init__()
        self.name = name
        self._is_stderr = is_stderr
        self._fallback = fallback

    @property
    def encoding(self):
        return "utf-8"

    @property
    def errors(self):
        return "strict"

    def writable(self):
        return True

    def isatty(self):
        return False

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError("write() argument must be str, not %s" % type(text).__name__)
        if threading.get_ident() != _interpreter_thread:
            if self._fallback is not None:
                self._fallback.write(text)
            return len(text)
        if text:
            if stream_sink is not None:
                stream_sink(self._is_stderr, text)
            else:
                chunks.append((self._is_stderr, text))
        return len(text)

    def flush(self):
        if threading.get_ident() != _interpreter_thread and self._fallback is not None:
            self._fallback.flush()

    @property
    def buffer(self):
        return _BinaryWriter(self)


class _BinaryWriter(io.RawIOBase):
    """``sys.stdout.buffer``: bytes written here are decoded as UTF-8 and captured."""

    def __init__(self, text_stream):
        super().__init__()
        self._text = text_stream

    def writable(self):
        return True

    def write(self, data):
        self._text.write(bytes(data).decode("utf-8", "replace"))
        return len(data)


class NoConsoleInput(io.TextIOBase):
    """``sys.stdin``: a server has no console, so reading fails with a clear message."""

    name = "<stdin>"

    def readable(self):
        return True

    def isatty(self):
        return False

    def read(self, size=-1):
        raise EOFError("no console input on a PoserTalkr server: send the data with the request")

    readline = read

    def close(self):
        # exit() and quit() close sys.stdin before raising SystemExit; keep it usable.
        pass


def drain_output():
    """Returns (stdout, stderr, both in order) of what was printed, and forgets it."""
    out = []
    err = []
    both = []
    for is_stderr, text in chunks:
        (err if is_stderr else out).append(text)
        both.append(text)
    del chunks[:]
    return "".join(out), "".join(err), "".join(both)


# The exception class an interrupt wants raised in the running request; the server sets it
# (holding the GIL) right before it sends SIGUSR2 to the interpreter thread.
pending_interrupt = None


def _on_interrupt_signal(signum, frame):
    """SIGUSR2: the server interrupts the running request. The signal also makes blocking
    calls (time.sleep, socket waits, lock waits) return early, so they stop too."""
    global pending_interrupt
    exception_class, pending_interrupt = pending_interrupt, None
    if exception_class is not None:
        raise exception_class()


def install():
    """Puts the capture streams, the console-less stdin, the interrupt handler and the
    guards of the server's file descriptors in place."""
    global captured_stdout, captured_stderr, console_less_stdin
    captured_stdout = CapturedStream("<stdout>", False, sys.__stdout__)
    captured_stderr = CapturedStream("<stderr>", True, sys.__stderr__)
    console_less_stdin = NoConsoleInput()
    sys.stdout, sys.stderr, sys.stdin = captured_stdout, captured_stderr, console_less_stdin
    install_interrupt_handler()
    _server_descriptors.protect()


captured_stdout = captured_stderr = console_less_stdin = None


def install_interrupt_handler():
    """(Re)installs the SIGUSR2 handler that interrupts the running request; the server calls
    it again after client code replaced it."""
    import signal

    signal.signal(signal.SIGUSR2, _on_interrupt_signal)


# The scene module sessions get, kept here: a client that replaces or removes
# sys.modules['poser'] does not take it away from new sessions.
_scene_module_name = "poser"
_scene_module = None


def use_scene_module(name):
    """Sessions get module ``name`` as ``poser`` (the stub, or a host app's own module; see
    docs/EMBEDDING.md). Imported now so that a broken module fails the server's start."""
    global _scene_module_name, _scene_module
    _scene_module = importlib.import_module(name)
    _scene_module_name = name


def new_namespace(session_name):
    """The globals dict of a new session: the scene module and the path resolver in reach."""
    scene_module = _scene_module or importlib.import_module(_scene_module_name)
    if sys.modules.get(_scene_module_name) is not scene_module:
        # Client code replaced or removed it; ``import poser`` works again for everyone.
        sys.modules[_scene_module_name] = scene_module
    scene_class = getattr(scene_module, "Scene", None)
    try:
        scene = scene_class() if scene_class is not None else None
    except Exception as error:
        raise RuntimeError(
            "the scene module %s is broken: %s.Scene() raised %s: %s; this session's namespace "
            "could not be made" % (_scene_module_name, _scene_module_name, type(error).__name__, error))

    namespace = {
        "__name__": "__main__",
        "__doc__": None,
        "__builtins__": builtins,
        "__posertalkr_session__": session_name,
        "poser": scene_module,
        "SCENE": scene,
    }

    def object_from_path(path):
        """Resolves a Poser-style or dotted path (see docs/PATHS.md) in this session."""
        return _paths.object_from_path(path, namespace)

    namespace["object_from_path"] = object_from_path
    return namespace


def source_is_incomplete(source):
    """Whether ``source`` failed to compile only because it ends too early (an open bracket
    or string, a block header with no body yet): the rest may still be on its way."""
    import codeop

    try:
        return codeop.compile_command(source, "<input>", "exec") is None
    except (SyntaxError, ValueError, OverflowError):
        return False


def run_file(source, path, namespace):
    """Runs ``source`` as Poser runs a script file: in the session's namespace, with
    ``__file__`` set to ``path`` and ``__name__`` ``"__main__"``; tracebacks name the file and
    quote its lines."""
    remember_source(path, source)
    code = compile(source, path, "exec", dont_inherit=True)
    namespace["__file__"] = path
    namespace["__name__"] = "__main__"
    exec(code, namespace)


def check_binding_name(name):
    """A put binds its bytes to ``name``: it must be a plain identifier, not a keyword."""
    import keyword

    if not name.isidentifier() or keyword.iskeyword(name):
        raise ValueError("put needs a Python identifier to bind the bytes to, got %r" % (name,))


def resolve_and_describe(path, namespace):
    """What a ``%path`` request answers: the description of the object at ``path``."""
    return _paths.describe(_paths.object_from_path(path, namespace))


_remembered_sources = []
_MAX_REMEMBERED_SOURCES = 256


def remember_source(filename, source):
    """Lets tracebacks quote the lines of a script sent under ``filename``."""
    lines = source.splitlines(True)
    linecache.cache[filename] = (len(source), None, lines, filename)
    _remembered_sources.append(filename)
    if len(_remembered_sources) > _MAX_REMEMBERED_SOURCES:
        linecache.cache.pop(_remembered_sources.pop(0), None)


def prepare_shutdown(grace_seconds):
    """Gives threads that client code started ``grace_seconds`` to end, then lets the
    interpreter finalize without waiting for the rest (Python would wait forever).

    Returns the names of the threads left running."""
    import time

    deadline = time.monotonic() + grace_seconds
    current = threading.current_thread()
    for thread in threading.enumerate():
        if thread is current or thread.daemon:
            continue
        thread.join(max(0.0, deadline - time.monotonic()))
    left = [t.name for t in threading.enumerate() if t is not current and not t.daemon and t.is_alive()]
    if left:
        threading._shutdown = lambda: None
    return left


class RequestInterrupted(KeyboardInterrupt):
    """Raised inside a request that a client interrupted."""

    def __str__(self):
        return "the request was interrupted by an interrupt request"


class RequestTimedOut(RequestInterrupted):
    """Raised inside a request that ran longer than the server's --max-run allows."""

    def __str__(self):
        return "the request ran longer than the server allows (--max-run)"


class ServerShuttingDown(RequestInterrupted):
    """Raised inside a request still running when the server's shutdown grace ran out."""

    def __str__(self):
        return "the server is shutting down and could not wait for this request any longer"

"""A Jupyter kernel that runs notebook cells on a PoserTalkr server.

    pip install "./PythonShims[jupyter]"          # the client with ipykernel
    posertalkr-kernel install                      # a kernelspec for this user (--sys-prefix, --prefix DIR)
    posertalkr-kernel install --port 6000 --session shot-42 --name posertalkr-shot42
    jupyter lab                                    # pick "PoserTalkr" as the kernel

or, the usual route, ``jupyter kernelspec install PythonShims/kernelspec/posertalkr --user``.

Each cell is one EVAL request over the framed protocol (``posertalkr_client``), in a named
session: ``--session``/``$POSERTALKR_SESSION``, else ``notebook-XXXXXXXX`` from the kernel's
id (each notebook its own namespace; a console joins it with ``--session``). Connection
settings come from the kernelspec's argv, else the environment (``POSERTALKR_HOST``, ``_PORT``,
``_SESSION``, ``_TOKEN_FILE``/``_TOKEN``, ``_TLS``, ``_CAFILE``, ``_SERVER_HOSTNAME``,
``_COMPLETE_TIMEOUT``), else the defaults (127.0.0.1:55555).

How a cell runs. The first request on a connection installs a small helper module on the
server (``_posertalkr_kernel_<hash>`` in ``sys.modules``, its source is ``REMOTE_SOURCE``
below; nothing is added to the session's names). The cell's text goes to the helper, which
compiles it under the name ``<cell [N] XXXXXXXX>`` and remembers its lines, so tracebacks
quote the cell with its own line numbers; it runs the statements, then evaluates a last
expression and keeps its value in ``_``. Output streams into the cell as it is printed. The
answer is one JSON text (the OK reply's value): the value's display data, ``text/plain``
(its repr) plus whatever of ``_repr_html_``, ``_repr_markdown_``, ``_repr_svg_``,
``_repr_png_``, ``_repr_jpeg_``, ``_repr_latex_``, ``_repr_json_`` and
``_repr_mimebundle_`` the object offers, evaluated on the server; PNG and JPEG bytes are
base64-encoded there, as Jupyter's messages carry them, and passed on unchanged. An error
comes back the same way (name, message, the traceback without the helper's frames).

``%PATH`` lines (a ``%`` in the first column) print the object at the path (docs/PATHS.md);
a wrong path is one line with suggestions. A cell starting with ``=`` shows ``str()`` of the
expression after it, as the console's ``=EXPR``.

Interrupt sends INTERRUPT for the cell's request (a second one stops waiting and drops the
connection). Restart clears the session on the server (every name, back to what a new
session holds: SCENE, poser, object_from_path; a session shared with a console is cleared
for it too), then the new kernel process carries on in the same session. Tab completion and
Shift-Tab inspection ask the server, waiting at most ``--complete-timeout`` seconds (1):
behind a long request of another session they answer nothing rather than freeze the editor.
A server that is down gives a clear message in the cell; the next cell connects again.
"""

from __future__ import print_function

import hashlib
import json
import os
import re
import signal
import socket
import sys
import threading
import uuid

import posertalkr_client
from posertalkr_client import Client, ProtocolError, RemoteError, ReplyTimeout

__version__ = posertalkr_client.__version__

DEFAULT_KERNEL_NAME = "posertalkr"
DEFAULT_DISPLAY_NAME = "PoserTalkr"

# The helper the kernel installs on the server (Python 3.8 or later there). Each function
# takes the session's namespace (the request's globals()) and answers JSON text.
REMOTE_SOURCE = r'''
import ast
import base64
import builtins
import inspect
import io
import json
import keyword
import linecache
import re
import sys
import tokenize
import traceback

HELPER_FILE = "<posertalkr-kernel>"
_cells = []
_MAX_CELLS = 1024
_RICH = (
    ("_repr_html_", "text/html"),
    ("_repr_markdown_", "text/markdown"),
    ("_repr_svg_", "image/svg+xml"),
    ("_repr_png_", "image/png"),
    ("_repr_jpeg_", "image/jpeg"),
    ("_repr_latex_", "text/latex"),
    ("_repr_json_", "application/json"),
)
_BINARY = ("image/png", "image/jpeg")


def _remember(filename, source):
    """Lets tracebacks quote the cell's lines (the most recent cells are kept)."""
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    if filename in _cells:
        _cells.remove(filename)
    _cells.append(filename)
    while len(_cells) > _MAX_CELLS:
        linecache.cache.pop(_cells.pop(0), None)


def _path_rows(source):
    """Rows (from 1) of %path lines: a % in the first column where a statement starts (not
    inside brackets, a string or after a backslash)."""
    lines = source.splitlines(True)
    rows = set()
    for row, line in enumerate(lines, 1):
        if line.startswith("%"):
            before = "".join("pass\n" if earlier in rows else text for earlier, text in enumerate(lines[:row - 1], 1))
            if _ends_between_statements(before):
                rows.add(row)
    return rows


def _ends_between_statements(source):
    try:
        for _ in tokenize.generate_tokens(io.StringIO(source).readline):
            pass
    except (tokenize.TokenError, SyntaxError):
        return False  # an open bracket or string, or a backslash, goes on into the next line
    return True


def show_path(namespace, path):
    """What a %path line does: prints the description of the object at the path."""
    import object_from_path as paths

    try:
        found = paths.object_from_path(path, namespace)
    except paths.PathError as error:
        error.posertalkr_brief = True
        raise
    print(paths.describe(found))


def _answer(data, metadata):
    return json.dumps({"status": "ok", "data": data, "metadata": metadata})


def _error(error):
    kind = type(error)
    try:
        message = str(error)
    except Exception:
        message = "<str() of the exception failed>"
    if getattr(error, "posertalkr_brief", False):
        lines = ["%s: %s\n" % (kind.__name__, message)]
    elif isinstance(error, SyntaxError):
        lines = traceback.format_exception_only(kind, error)
    else:
        tb = error.__traceback__
        while tb is not None and tb.tb_frame.f_code.co_filename == HELPER_FILE:
            tb = tb.tb_next
        lines = traceback.format_exception(kind, error, tb)
    text = "".join(lines).rstrip("\n")
    return json.dumps({"status": "error", "ename": kind.__name__, "evalue": message,
                       "traceback": text.split("\n")})


def display_data(value):
    """Jupyter display data for a value: its repr, and the rich forms it offers."""
    try:
        plain = repr(value)
    except Exception as problem:
        plain = "<repr() failed: %s: %s>" % (type(problem).__name__, problem)
    data = {"text/plain": plain}
    metadata = {}
    if isinstance(value, type):
        return data, metadata
    rich = []
    try:
        method = getattr(value, "_repr_mimebundle_", None)
        if callable(method):
            bundle = method()
            if isinstance(bundle, tuple) and len(bundle) == 2:
                bundle, extra = bundle
                metadata.update(extra or {})
            rich.extend((bundle or {}).items())
    except Exception:
        pass
    for name, mime in _RICH:
        try:
            method = getattr(value, name, None)
            if not callable(method):
                continue
            result = method()
        except Exception:
            continue
        if result is None:
            continue
        if isinstance(result, tuple) and len(result) == 2:
            result, extra = result
            if extra:
                metadata[mime] = extra
        rich.append((mime, result))
    for mime, result in rich:
        if mime in data and mime != "text/plain":
            continue
        if mime in _BINARY and isinstance(result, (bytes, bytearray, memoryview)):
            result = base64.b64encode(bytes(result)).decode("ascii")
        elif isinstance(result, (bytes, bytearray)):
            result = bytes(result).decode("utf-8", "replace")
        try:
            json.dumps(result)
        except (TypeError, ValueError):
            continue
        data[mime] = result
    return data, metadata


def run_cell(namespace, source, filename):
    """Runs a notebook cell in the session; answers its display data or its error."""
    try:
        _remember(filename, source)
        lines = source.splitlines(True)
        first = next((row for row, line in enumerate(lines) if line.strip()), None)
        if first is not None and lines[first].lstrip().startswith("="):
            # "=EXPR": str() of the value, as the console's =EXPR (line numbers kept).
            lines = ["\n"] * first + [lines[first].lstrip()[1:].lstrip()] + lines[first + 1:]
            value = eval(compile("".join(lines), filename, "eval", dont_inherit=True), namespace)
            return _answer({"text/plain": str(value)}, {})
        rows = _path_rows(source)
        for row in rows:
            path = lines[row - 1][1:].rstrip("\r\n")
            lines[row - 1] = "__import__('sys').modules[%r].show_path(globals(), %r)\n" % (__name__, path)
        tree = ast.parse("".join(lines), filename, "exec")
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = ast.Expression(tree.body.pop().value)
        exec(compile(tree, filename, "exec", dont_inherit=True), namespace)
        if last is None:
            return _answer({}, {})
        value = eval(compile(last, filename, "eval", dont_inherit=True), namespace)
        if value is None:
            return _answer({}, {})
        namespace["_"] = value
        data, metadata = display_data(value)
        return _answer(data, metadata)
    except BaseException as error:
        return _error(error)


def _resolve(namespace, dotted):
    """The object a dotted name stands for, with getattr only (nothing is called)."""
    parts = dotted.split(".")
    if parts[0] in namespace:
        found = namespace[parts[0]]
    elif hasattr(builtins, parts[0]):
        found = getattr(builtins, parts[0])
    else:
        raise LookupError(parts[0])
    for part in parts[1:]:
        found = getattr(found, part)
    return found


def _completion(matches, start, end):
    return json.dumps({"status": "ok", "matches": matches, "cursor_start": start, "cursor_end": end,
                       "metadata": {}})


def complete(namespace, code, cursor_pos):
    """Tab: names of the session and attributes (dotted names, getattr only), or %paths."""
    before = code[:cursor_pos]
    line = before.rsplit("\n", 1)[-1]
    if line.startswith("%"):
        import object_from_path as paths

        parent, slash, partial = line[1:].rpartition("/")
        try:
            names = [str(name) for name in paths.object_from_path(parent + "/" if slash else "", namespace)]
        except Exception:
            names = []
        matches = [name for name in names if name.startswith(partial)]
        if not matches:
            matches = [name for name in names if name.casefold().startswith(partial.casefold())]
        return _completion(matches, cursor_pos - len(partial), cursor_pos)
    match = re.search(r"[A-Za-z_][A-Za-z0-9_.]*$", before)
    if not match or (match.start() > 0 and before[match.start() - 1] in ".)]}'\""):
        return _completion([], cursor_pos, cursor_pos)
    owner, dot, partial = match.group(0).rpartition(".")
    try:
        if dot:
            names = dir(_resolve(namespace, owner))
        else:
            names = list(namespace) + dir(builtins) + keyword.kwlist
    except Exception:
        names = []
    hidden = not partial.startswith("_")
    matches = sorted(set(name for name in names
                         if name.startswith(partial) and not (hidden and name.startswith("_"))))
    return _completion(matches, cursor_pos - len(partial), cursor_pos)


def _name_at(code, position, look_into_call=True):
    """The dotted name under the cursor; else the callee of the call it is in."""
    left = position
    while left > 0 and (code[left - 1].isalnum() or code[left - 1] in "_."):
        left -= 1
    right = position
    while right < len(code) and (code[right].isalnum() or code[right] == "_"):
        right += 1
    name = code[left:right].strip(".")
    if name and (name[0].isalpha() or name[0] == "_"):
        return name
    if not look_into_call:
        return ""
    depth = 0
    for index in range(position - 1, -1, -1):
        character = code[index]
        if character in ")]}":
            depth += 1
        elif character in "([{":
            if depth == 0:
                return _name_at(code, index, False) if character == "(" else ""
            depth -= 1
        elif character == "\n" and depth == 0:
            break
    return ""


def inspect_at(namespace, code, cursor_pos, detail_level=0):
    """Shift-Tab: type, value, signature and docstring of the name under the cursor (or of
    the object at a %path line); with detail_level 1, its source too."""
    import object_from_path as paths

    start = code.rfind("\n", 0, cursor_pos) + 1
    end = code.find("\n", cursor_pos)
    line = code[start:end if end >= 0 else len(code)]
    try:
        if line.startswith("%"):
            name = line
            found = paths.object_from_path(line[1:], namespace)
        else:
            name = _name_at(code, cursor_pos)
            if not name:
                return json.dumps({"status": "ok", "found": False, "data": {}, "metadata": {}})
            found = _resolve(namespace, name)
    except Exception:
        return json.dumps({"status": "ok", "found": False, "data": {}, "metadata": {}})
    fields = [("Name", name), ("Type", type(found).__name__)]
    try:
        form = paths.describe(found) if line.startswith("%") else repr(found)
    except Exception:
        form = "<repr() failed>"
    if len(form) > 400:
        form = form[:400] + " ..."
    fields.append(("String form", form))
    if callable(found):
        try:
            fields.append(("Signature", "%s%s" % (name.rsplit(".", 1)[-1], inspect.signature(found))))
        except (TypeError, ValueError):
            pass
    try:
        where = inspect.getsourcefile(found) or inspect.getfile(found)
        fields.append(("File", where))
    except TypeError:
        pass
    text = "\n".join("\x1b[31m%s:\x1b[0m %s" % (label, value) for label, value in fields)
    doc = inspect.getdoc(found)
    if doc:
        text += "\n\x1b[31mDocstring:\x1b[0m\n" + doc
    if detail_level:
        try:
            text += "\n\x1b[31mSource:\x1b[0m\n" + inspect.getsource(found)
        except (OSError, TypeError):
            pass
    return json.dumps({"status": "ok", "found": True, "data": {"text/plain": text}, "metadata": {}})


def reset_session(namespace):
    """Restart: the session back to what a new session holds (SCENE, poser, object_from_path)."""
    name = namespace.get("__posertalkr_session__", "")
    try:
        import posertalkr_runtime
        import object_from_path as paths

        fresh = posertalkr_runtime.new_namespace(name)
        namespace.clear()
        namespace.update(fresh)

        def object_from_path(path):
            """Resolves a Poser-style or dotted path (see docs/PATHS.md) in this session."""
            return paths.object_from_path(path, namespace)

        namespace["object_from_path"] = object_from_path
    except ImportError:
        kept = ("__name__", "__doc__", "__builtins__", "__posertalkr_session__", "poser", "SCENE",
                "object_from_path")
        for key in [key for key in namespace if key not in kept]:
            del namespace[key]
    return "cleared"
'''

REMOTE_MODULE = "_posertalkr_kernel_" + hashlib.sha1(REMOTE_SOURCE.encode("utf-8")).hexdigest()[:12]

_INSTALL = """\
import sys, types
if %(name)r not in sys.modules:
    module = types.ModuleType(%(name)r)
    exec(compile(%(source)r, "<posertalkr-kernel>", "exec"), module.__dict__)
    sys.modules[%(name)r] = module
""" % {"name": REMOTE_MODULE, "source": REMOTE_SOURCE}
INSTALL_EXPRESSION = "__import__('builtins').exec(%r, {})" % _INSTALL


def remote_call(function, *arguments):
    """The EVAL text that calls the helper's ``function(globals(), *arguments)``."""
    return "__import__('sys').modules[%r].%s(globals()%s)" % (
        REMOTE_MODULE, function, "".join(", %r" % (argument,) for argument in arguments))


# -- settings ---------------------------------------------------------------------------------


def settings_parser(prog="posertalkr-kernel"):
    import argparse

    parser = argparse.ArgumentParser(prog=prog, add_help=False)
    posertalkr_client.add_connection_arguments(parser)
    parser.add_argument("--complete-timeout", type=float,
                        default=float(os.environ.get("POSERTALKR_COMPLETE_TIMEOUT") or 1.0),
                        help="seconds Tab completion and Shift-Tab inspection wait for the server "
                             "($POSERTALKR_COMPLETE_TIMEOUT; 1)")
    parser.add_argument("--connect-timeout", type=float, default=5.0,
                        help="seconds to wait for the server when connecting (5)")
    return parser


def kernel_tag(kernel_argv):
    """8 hex digits naming this notebook's kernel, the same across restarts: from the
    connection file (Jupyter's kernel-<id>.json gives the kernel's id), else random."""
    connection_file = None
    for index, argument in enumerate(kernel_argv):
        if argument in ("-f", "--f", "--connection-file", "--IPKernelApp.connection_file") \
                and index + 1 < len(kernel_argv):
            connection_file = kernel_argv[index + 1]
        elif argument.startswith(("--f=", "-f=", "--IPKernelApp.connection_file=")):
            connection_file = argument.split("=", 1)[1]
    if connection_file:
        match = re.search(r"kernel-([0-9a-fA-F-]+)\.json$", os.path.basename(connection_file))
        if match and len(match.group(1).replace("-", "")) >= 8:
            return match.group(1).replace("-", "")[:8].lower()
        # Another name (jupyter_client's own managers use a temporary file): the same file
        # across restarts all the same.
        return hashlib.sha1(os.path.abspath(connection_file).encode("utf-8")).hexdigest()[:8]
    return uuid.uuid4().hex[:8]


# -- the connection -----------------------------------------------------------------------------


class ServerUnavailable(Exception):
    """The server could not be reached, or the connection broke during a request."""


class Remote(object):
    """The kernel's connection to the server: connects when needed, installs the helper,
    runs requests on a worker thread so that the kernel's main thread stays free for Ctrl-C
    (Jupyter's Interrupt) and for publishing output as it arrives."""

    def __init__(self, settings, session, log=None):
        self.settings = settings
        self.session = session
        self.log = log
        self.client = None
        self.installed = False
        self.where = "%s:%s" % (settings.host, settings.port)

    def connect(self, timeout=None):
        """The connection, made (and the helper installed) when there is none; ``timeout``
        bounds the wait (for quick questions: ReplyTimeout when the server is busy)."""
        if self.client is not None and self.client._sock is not None:
            try:
                self.client._drain_available()  # notices; and a server that went away shows here
            except ProtocolError:
                self.close()
        if self.client is None:
            connect_timeout = self.settings.connect_timeout
            if timeout is not None:
                connect_timeout = min(connect_timeout, max(timeout, 0.5))
            try:
                options = posertalkr_client.client_options(self.settings)
                self.client = Client(self.settings.host, self.settings.port, session=self.session,
                                     connect_timeout=connect_timeout, **options)
            except (ProtocolError, RemoteError) as error:
                raise ServerUnavailable("the PoserTalkr server at %s is not reachable: %s. The next cell "
                                        "tries again." % (self.where, error))
            self.installed = False
        if not self.installed:
            self._install(timeout)
        return self.client

    def _install(self, timeout=None):
        try:
            self._quick(self.client, INSTALL_EXPRESSION, timeout)
        except (ProtocolError, RemoteError) as error:
            self.close()
            raise ServerUnavailable("cannot prepare the session on %s: %s" % (self.where, error))
        self.installed = True

    def close(self):
        self.installed = False
        if self.client is not None:
            try:
                self.client.close()
            finally:
                self.client = None

    def call(self, function, arguments, on_output=None, timeout=None):
        """Runs the helper's function in the session; returns its JSON answer (decoded).
        ``on_output(stream, text)`` is called on this (the calling) thread as output comes;
        with ``timeout``, waits at most that long (ReplyTimeout)."""
        client = self.connect(timeout)
        text = remote_call(function, *arguments)
        for attempt in (0, 1):
            try:
                if timeout is None:
                    answer = self._wait(client, text, on_output)
                else:
                    answer = self._quick(client, text, timeout)
            except RemoteError as error:
                missing = error.type_name == "KeyError" and REMOTE_MODULE in (error.message or "")
                if attempt == 0 and missing:
                    self._install(timeout)  # the helper went away (a cleared sys.modules): once more
                    continue
                raise
            except ProtocolError as error:
                self.close()
                raise ServerUnavailable("the connection to %s was lost: %s; the next cell connects "
                                        "again" % (self.where, error))
            return json.loads(answer)

    def _quick(self, client, text, timeout):
        """A short question (or None: no limit): waits on this thread, at most ``timeout``
        seconds."""
        request_id = client.submit("eval", text)
        try:
            return client.wait(request_id, timeout=timeout).result()
        except ReplyTimeout:
            client.abandon(request_id)  # cancelled if not started; its reply will be dropped
            raise

    def _wait(self, client, text, on_output):
        """A cell: the reply is read on a worker thread; this thread publishes output as it
        comes and turns Ctrl-C (Jupyter's Interrupt) into INTERRUPT for the request."""
        import queue

        events = queue.Queue()
        request_id = client.submit("eval", text,
                                   on_output=lambda stream, chunk: events.put(("output", stream, chunk)))

        def work():
            try:
                events.put(("reply", client.wait(request_id)))
            except BaseException as error:  # handed to the kernel's thread
                events.put(("failed", error))

        worker = threading.Thread(target=work, name="posertalkr-kernel-request")
        worker.daemon = True
        worker.start()
        interrupts = 0
        while True:
            try:
                try:
                    event = events.get(timeout=0.1)
                except queue.Empty:
                    continue
                if event[0] == "output":
                    if on_output is not None:
                        on_output(event[1], event[2])
                    continue
                worker.join()
                if event[0] == "failed":
                    error = event[1]
                    if isinstance(error, (socket.error, OSError)) and not isinstance(error, ProtocolError):
                        error = ProtocolError(str(error))
                    raise error
                while not events.empty():  # output that came before the reply
                    late = events.get()
                    if late[0] == "output" and on_output is not None:
                        on_output(late[1], late[2])
                return event[1].result()
            except KeyboardInterrupt:
                interrupts += 1
                if interrupts == 1:
                    try:
                        client.interrupt(request_id)
                    except ProtocolError:
                        pass
                else:
                    self.close()
                    raise ServerUnavailable("stopped waiting for the server at %s (interrupted twice); "
                                            "the next cell connects again" % self.where)

    def reset_session(self, timeout=3.0):
        return self._quick(self.connect(timeout), remote_call("reset_session"), timeout)


# -- the kernel ---------------------------------------------------------------------------------


def _traceback_lines(lines):
    """Colors a traceback as the console does (Jupyter shows ANSI colors)."""
    return posertalkr_client._Style(True).traceback("\n".join(lines)).rstrip("\n").split("\n")


def make_kernel_class():
    """The ipykernel Kernel subclass (built on demand: ipykernel is the extra's dependency)."""
    try:
        from ipykernel.kernelbase import Kernel
    except ImportError:
        raise SystemExit("posertalkr-kernel needs ipykernel: pip install \"posertalkr-client[jupyter]\" "
                         "(from a checkout: pip install \"./PythonShims[jupyter]\")")

    class PoserTalkrKernel(Kernel):
        implementation = "posertalkr"
        implementation_version = __version__
        language = "python"
        language_version = "3"
        language_info = {
            "name": "python",
            "version": "3",
            "mimetype": "text/x-python",
            "file_extension": ".py",
            "codemirror_mode": {"name": "ipython", "version": 3},
            "pygments_lexer": "ipython3",
            "nbconvert_exporter": "python",
        }
        settings = None  # the parsed settings, set by main()
        tag = None  # 8 hex digits naming this notebook's kernel

        def __init__(self, **kwargs):
            super(PoserTalkrKernel, self).__init__(**kwargs)
            settings = type(self).settings or settings_parser().parse_args([])
            self.tag = type(self).tag or uuid.uuid4().hex[:8]
            self.session_name = settings.session or "notebook-%s" % self.tag
            self.remote = Remote(settings, self.session_name, self.log)
            self.silent_count = 0

        @property
        def banner(self):
            return ("PoserTalkr kernel %s: cells run on the PoserTalkr server at %s in session %s"
                    % (__version__, self.remote.where, self.session_name))

        # -- execute ------------------------------------------------------------------------

        async def do_execute(self, code, silent, store_history=True, user_expressions=None,
                             allow_stdin=False, *, cell_meta=None, cell_id=None):
            return self.execute(code, silent)

        def execute(self, code, silent):
            if silent:
                self.silent_count += 1
                filename = "<silent [%d] %s>" % (self.silent_count, self.tag)
            else:
                filename = "<cell [%d] %s>" % (self.execution_count, self.tag)
            if not code.strip():
                return self._ok()

            def show(stream, text):
                if not silent:
                    self.send_response(self.iopub_socket, "stream", {"name": stream, "text": text})

            try:
                answer = self.remote.call("run_cell", (code, filename), on_output=show)
            except ServerUnavailable as problem:
                return self._error("ServerUnavailable", str(problem), silent)
            except RemoteError as error:
                # Raised outside the cell (an interrupt that came as the cell ended, a
                # request cancelled before it started, a server limit).
                lines = (error.remote_traceback.rstrip("\n").split("\n") if error.remote_traceback
                         else ["%s: %s" % (error.type_name, error.message)])
                if error.code_name == "cancelled":
                    lines = ["the cell was interrupted before it started: it did not run"]
                return self._error(error.type_name, error.message, silent, lines)
            except KeyboardInterrupt:
                return self._error("KeyboardInterrupt", "interrupted", silent)
            except Exception as problem:  # a reply must go back whatever happened
                self.log.exception("the cell failed in the kernel")
                self.remote.close()
                return self._error("KernelError", "%s: %s" % (type(problem).__name__, problem), silent)
            if answer.get("status") == "error":
                return self._error(answer["ename"], answer["evalue"], silent, answer["traceback"])
            if answer.get("data") and not silent:
                self.send_response(self.iopub_socket, "execute_result", {
                    "execution_count": self.execution_count, "data": answer["data"],
                    "metadata": answer.get("metadata") or {}})
            return self._ok()

        def _ok(self):
            return {"status": "ok", "execution_count": self.execution_count, "payload": [],
                    "user_expressions": {}}

        def _error(self, name, value, silent, lines=None):
            traceback = _traceback_lines(lines if lines is not None else ["%s: %s" % (name, value)])
            content = {"ename": name, "evalue": value, "traceback": traceback}
            if not silent:
                self.send_response(self.iopub_socket, "error", content)
            content.update(status="error", execution_count=self.execution_count)
            return content

        # -- completion and inspection ----------------------------------------------------

        def _ask(self, function, arguments):
            """A quick question to the server, or None when it cannot answer in time."""
            try:
                return self.remote.call(function, arguments, timeout=self.remote.settings.complete_timeout)
            except (ReplyTimeout, ServerUnavailable, RemoteError, KeyboardInterrupt, ValueError):
                return None

        async def do_complete(self, code, cursor_pos):
            cursor_pos = len(code) if cursor_pos is None else cursor_pos
            answer = self._ask("complete", (code, cursor_pos))
            if answer is None:
                return {"status": "ok", "matches": [], "cursor_start": cursor_pos,
                        "cursor_end": cursor_pos, "metadata": {}}
            return answer

        async def do_inspect(self, code, cursor_pos, detail_level=0, omit_sections=()):
            cursor_pos = len(code) if cursor_pos is None else cursor_pos
            answer = self._ask("inspect_at", (code, cursor_pos, detail_level))
            if answer is None:
                return {"status": "ok", "found": False, "data": {}, "metadata": {}}
            return answer

        async def do_is_complete(self, code):
            """For console frontends (jupyter console): whether Enter runs the code."""
            import codeop

            if code.lstrip().startswith(("=", "%")) and "\n" not in code.strip():
                return {"status": "complete"}
            try:
                compiled = codeop.compile_command(code, "<cell>", "single")
            except (SyntaxError, OverflowError, ValueError):
                return {"status": "invalid"}
            if compiled is None:
                last = code.rstrip("\n").split("\n")[-1]
                indent = last[:len(last) - len(last.lstrip())]
                return {"status": "incomplete",
                        "indent": indent + ("    " if last.rstrip().endswith(":") else "")}
            return {"status": "complete"}

        # -- shutdown and restart ---------------------------------------------------------

        async def do_shutdown(self, restart):
            if restart:
                try:
                    self.remote.reset_session()
                except Exception as problem:  # the server may be gone: restart anyway
                    self.log.warning("could not clear session %s: %s", self.session_name, problem)
            self.remote.close()
            return {"status": "ok", "restart": restart}

    return PoserTalkrKernel


# -- kernelspecs --------------------------------------------------------------------------------


def kernel_spec(python=None, connection_argv=(), display_name=DEFAULT_DISPLAY_NAME):
    """The kernel.json for this kernel: ``python -m posertalkr_kernel`` with the given
    connection options baked into its argv."""
    return {
        "argv": [python or sys.executable, "-m", "posertalkr_kernel", "-f", "{connection_file}"]
        + list(connection_argv),
        "display_name": display_name,
        "language": "python",
        "interrupt_mode": "signal",
        "metadata": {"debugger": False},
    }


def _connection_argv(arguments):
    argv = []
    for option in ("host", "port", "session", "token_file", "cafile", "server_hostname", "complete_timeout"):
        value = getattr(arguments, option)
        if value is not None:
            if option in ("token_file", "cafile"):
                value = os.path.abspath(os.path.expanduser(value))
            argv += ["--" + option.replace("_", "-"), str(value)]
    if arguments.tls:
        argv.append("--tls")
    return argv


def install(argv):
    import argparse
    import shutil
    import tempfile

    parser = argparse.ArgumentParser(
        prog="posertalkr-kernel install",
        description="Install the PoserTalkr kernelspec for Jupyter. Connection options given here "
                    "are written into the kernelspec; options left out come from POSERTALKR_* "
                    "environment variables when the kernel starts, else the defaults.")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--user", action="store_true", help="for this user (the default)")
    where.add_argument("--sys-prefix", action="store_true",
                       help="into this Python environment (sys.prefix), for a Jupyter installed there")
    where.add_argument("--prefix", help="under PREFIX/share/jupyter/kernels")
    parser.add_argument("--name", default=DEFAULT_KERNEL_NAME, help="the kernelspec's name (posertalkr)")
    parser.add_argument("--display-name", default=None, help="the name Jupyter shows (PoserTalkr)")
    parser.add_argument("--host", default=None)
    parser.add_argument("--port", type=int, default=None)
    parser.add_argument("--session", default=None, help="a named session for the kernel's cells")
    parser.add_argument("--token-file", default=None)
    parser.add_argument("--tls", action="store_true")
    parser.add_argument("--cafile", default=None)
    parser.add_argument("--server-hostname", default=None)
    parser.add_argument("--complete-timeout", type=float, default=None)
    arguments = parser.parse_args(argv)
    try:
        from jupyter_client.kernelspec import KernelSpecManager
    except ImportError:
        raise SystemExit("installing the kernel needs jupyter_client: pip install \"posertalkr-client[jupyter]\"")
    display_name = arguments.display_name or (
        DEFAULT_DISPLAY_NAME if arguments.name == DEFAULT_KERNEL_NAME else "%s (%s)" % (DEFAULT_DISPLAY_NAME, arguments.name))
    folder = tempfile.mkdtemp(prefix="posertalkr-kernelspec-")
    try:
        with open(os.path.join(folder, "kernel.json"), "w") as handle:
            json.dump(kernel_spec(connection_argv=_connection_argv(arguments), display_name=display_name),
                      handle, indent=1)
        prefix = sys.prefix if arguments.sys_prefix else arguments.prefix
        destination = KernelSpecManager().install_kernel_spec(
            folder, kernel_name=arguments.name, user=prefix is None, prefix=prefix, replace=True)
    finally:
        shutil.rmtree(folder)
    print("installed kernelspec %s in %s" % (arguments.name, destination))
    return 0


def main(argv=None):
    """``posertalkr-kernel install ...`` installs the kernelspec; ``posertalkr-kernel -f FILE
    [options]`` (what Jupyter runs) is the kernel."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "install":
        return install(argv[1:])
    if argv and argv[0] in ("-h", "--help"):
        print(__doc__)
        settings_parser().print_help()
        return 0
    if argv and argv[0] == "--version":
        print("posertalkr-kernel %s (Python %s)" % (__version__, sys.version.split()[0]))
        return 0
    settings, kernel_argv = settings_parser().parse_known_args(argv)
    kernel_class = make_kernel_class()
    kernel_class.settings = settings
    kernel_class.tag = kernel_tag(kernel_argv)
    # Jupyter's Interrupt is SIGINT; a launcher that started us with it blocked would make
    # every interrupt vanish (a cell looping on the server could not be stopped).
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGINT])
    from ipykernel.kernelapp import IPKernelApp

    IPKernelApp.launch_instance(argv=kernel_argv, kernel_class=kernel_class)
    return 0


if __name__ == "__main__":
    sys.exit(main())

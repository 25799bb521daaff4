"""Every fenced code block of the documentation (every *.md of the repository) is either run
here or listed in NOT_RUN with the reason it cannot run in CI. A new block fails
test_every_block_is_run_or_listed until it is given a runner (most kinds are recognised by
their shape) or a line in NOT_RUN; a NOT_RUN line whose block is gone fails it too.

What runs, against the test server (POSERTALKR_TEST_HOST/PORT) or servers of the test's own:
telnet/nc transcripts (sent line by line in raw mode, the replies compared exactly), `nc -N`
commands, console transcripts (piped through PythonShims/posertalkr_client.py; the banner
through a pseudo-terminal), the `%` path examples, the framed protocol's byte-level examples,
Python snippets (with a small prelude where they assume names), shell commands that are safe
and quick (with the documented port 55555 replaced by the test server's, fixed ports by free
ones, 0.0.0.0 by 127.0.0.1 and ~ by a temporary folder), and output samples (the listening
line, log lines, HELLO, the virtualenv refusal). Only ports, pids, addresses, timestamps,
durations and the embedded Python's version are normalised."""

from __future__ import print_function

import collections
import json
import os
import pty
import re
import select
import shlex
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import unittest

from support import HOST, PORT, REPO, OwnServer, posertalkr_client, read_frame

CLIENT_SCRIPT = os.path.join(REPO, "PythonShims", "posertalkr_client.py")
SHIMS = os.path.join(REPO, "PythonShims")
DOC_PORT = "55555"

# Whole blocks that do not run. Every table here is keyed (file, the start of the block's
# first non-empty line, without its trailing comment and with whitespace collapsed); a key
# must match exactly one block.
NOT_RUN = {
    ("README.md", "scripts/serve"):
        "starts a long-running server after a release build (swift build); scripts/test runs every test, this one included",
    ("docs/GUIDE.md", "git clone <this repository> posertalkr && cd posertalkr"):
        "clones the repository and starts a long-running server: scripts/serve (a release build)",
    ("docs/GUIDE.md", "/usr/bin/python3.11 -m venv ~/studio-env"):
        "installs numpy from PyPI into ~/studio-env, then scripts/serve; test_poser_scripts makes such a virtualenv and serves from it",
    ("docs/GUIDE.md", 'pip install "./PythonShims[jupyter]"'):
        "needs PyPI (ipykernel), installs a kernelspec for the user and opens JupyterLab (GUI); test_jupyter_kernel runs the notebook with nbclient",
    ("PythonShims/README-client.md", 'pip install "./PythonShims[jupyter]"'):
        "needs PyPI (ipykernel) and installs kernelspecs for the user or the environment; test_jupyter_kernel covers the kernel",
    ("docs/PATHS.md", 'path = listing | poser-path'):
        "a grammar, not a command; the path examples around it run",
    ("docs/EMBEDDING.md", "swift run posertalkr-embedding-example --port 55556"):
        "swift run builds the example (no Swift builds here) and serves until stopped; EmbeddingExampleTests drives the built example the same way",
    ("docs/EMBEDDING.md", "// Package.swift of the host app"):
        "a host app's Package.swift excerpt, not a command; the package builds samples/EmbeddingExample the same way",
    ("docs/EMBEDDING.md", "import Logging"):
        "Swift code; samples/EmbeddingExample/main.swift is its compiled version (EmbeddingExampleTests)",
    ("docs/EMBEDDING.md", "let group = ServiceGroup(configuration: .init("):
        "Swift code; samples/EmbeddingExample/main.swift is its compiled version (EmbeddingExampleTests)",
    ("docs/EMBEDDING.md", "import PoserTalkr"):
        "Swift code; samples/EmbeddingExample/StudioModule.swift is its compiled version (EmbeddingExampleTests)",
    ("docs/PYTHON-VERSIONS.md", "mkdir -p .build-py3.13/pkgconfig"):
        "a Swift build for another Python (minutes; needs ~/.pyenv/versions/3.13.0)",
    ("docs/PYTHON-VERSIONS.md", 'POSERTALKR_TEST_PYTHONS="3.8 3.13" scripts/test'):
        "builds and tests the server for each listed Python (tens of minutes)",
    ("Benchmarks/README.md", "Benchmarks/run"):
        "release builds and minutes of load on the machine; scripts/test runs Benchmarks/run --smoke",
}

# Single commands inside shell blocks whose other commands run, keyed (file, command without
# its comment, whitespace collapsed).
NOT_RUN_COMMANDS = {
    ("docs/GUIDE.md", "scripts/install"):
        "installs into ~/.local/bin: scripts/install",
    ("docs/PYTHON-VERSIONS.md", "POSERTALKR_PYTHON=3.13 scripts/serve"):
        "builds the server for Python 3.13 (swift build, minutes) and serves until stopped",
    ("docs/PYTHON-VERSIONS.md", "POSERTALKR_PYTHON=3.13 scripts/install"):
        "builds the server for Python 3.13 (swift build, minutes) and installs into ~/.local/bin",
    ("PythonShims/README-client.md", "pip install ./PythonShims"):
        "installs into the current Python environment; test_packaging installs it into a throwaway virtualenv",
}

# Python snippets: where they run, and the prelude that supplies what they assume. "client"
# runs the snippet as a local script (PythonShims on its path, as the docs say to copy the
# client next to it), "server" sends it to the server as statements, "local" runs it locally
# with PythonShims on its path and no server, "shell" means a shell command of the same file
# runs it (written to the named file). A `print(...)  # TEXT` line expects TEXT as a line of
# output.
SNIPPETS = {
    ("README.md", "from posertalkr_client import Client"): dict(
        where="client", prelude="import array\npoints = [0.0, 0.5, 1.0]  # the mesh's coordinates\n"),
    ("docs/GUIDE.md", 'poser.DialogAnswers.push("/tmp/poses/Wave.pz2")'): dict(
        where="server", session="docs-dialog-answers"),
    ("docs/GUIDE.md", "from __future__ import print_function"): dict(
        where="client", cwd=REPO, session="my-bridge"),
    ("docs/GUIDE.md", "replies = poser.pipeline("): dict(
        where="client", session="my-bridge", prelude=(
            "# the bridge above: its client, `hip`, and the Twist it set\n"
            "from __future__ import print_function\n"
            "from posertalkr_client import Client\n"
            "poser = Client('127.0.0.1', 55555, session='my-bridge')\n"
            "poser.execute(\"hip = SCENE.CurrentFigure().Actor('Hip'); hip.Parameter('yrot').SetValue(30)\")\n")),
    ("PythonShims/README-client.md", "from posertalkr_client import Client"): dict(
        where="client", files={"tools/pose.py": "print('posed', __name__)\n"}),
    ("PythonShims/poser/README.md", "import poser"): dict(where="shell", file="my_pose_tool.py"),
    ("PythonShims/poser/README.md", 'poser.DialogAnswers.push("/tmp/out.obj")'): dict(
        where="local", prelude="import poser\n"),
}

# Output samples, each with its own check (methods of OutputSamples).
SAMPLES = {
    ("docs/GUIDE.md", "PoserTalkr listening on "): "listening_line",
    ("docs/GUIDE.md", "2026-11-25T17:24:21+0000 info posertalkr: client="): "text_log_line",
    ("docs/GUIDE.md", '{"time":"2026-11-25T17:24:21.512Z",'): "json_log_line",
    ("docs/PROTOCOL.md", '{"max_frame":'): "hello_json",
    ("docs/PYTHON-VERSIONS.md", "posertalkr: Python could not start: "): "virtualenv_refusal",
}

# Framed examples that show only the server's answer: the request they answer.
WIRE_REQUESTS = {
    ("docs/PROTOCOL.md", "S: 00 00 00 aa 83"):
        struct.pack(">IBBHQ", 15, 0x01, 0, 0, 3) + b"1/0",  # EVAL `1/0`, id 3, as the text says
}

RAN = set()  # (file, line) of the blocks that ran in this process


# -- the documents -----------------------------------------------------------------------------

Block = collections.namedtuple("Block", "file line lang text key")
FENCE = re.compile(r"^( *)(`{3,}|~{3,})\s*([^`\s]*)")


def strip_comment(text):
    """``text`` without a shell-style trailing comment (a # after whitespace, outside quotes)."""
    quote = None
    for index, char in enumerate(text):
        if quote:
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "#" and (index == 0 or text[index - 1].isspace()):
            return text[:index].rstrip(), text[index + 1:].strip()
    return text.rstrip(), None


def collapse(text):
    return " ".join(text.split())


def first_line(text):
    first = next((line for line in text.splitlines() if line.strip()), "")
    return collapse(strip_comment(first)[0])


def entry(table, block):
    """The key of ``table`` that names ``block`` (the longest that fits), or None."""
    keys = [key for key in table if key[0] == block.file and block.key[1].startswith(key[1])]
    return max(keys, key=lambda key: len(key[1])) if keys else None


def doc_files():
    found = []
    for root, folders, files in os.walk(REPO):
        folders[:] = sorted(name for name in folders if not name.startswith(".") and name != "node_modules")
        found.extend(os.path.relpath(os.path.join(root, name), REPO) for name in sorted(files) if name.endswith(".md"))
    return found


def read_blocks(path):
    with open(os.path.join(REPO, path), encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    blocks, index = [], 0
    while index < len(lines):
        match = FENCE.match(lines[index])
        if not match:
            index += 1
            continue
        indent, fence, lang = len(match.group(1)), match.group(2), match.group(3)
        body, end = [], index + 1
        while end < len(lines):
            stripped = lines[end].strip()
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                break
            body.append(lines[end][indent:] if lines[end][:indent].strip() == "" else lines[end].lstrip())
            end += 1
        text = "\n".join(body)
        blocks.append(Block(path, index + 1, lang, text, (path, first_line(text))))
        index = end + 1
    return blocks


BLOCKS = [block for path in doc_files() for block in read_blocks(path)]


def shell_commands(text):
    """(command, comment) for each command of a shell block (continuations joined)."""
    commands, pending = [], ""
    for line in text.splitlines():
        if pending:
            line = pending + " " + line.strip()
            pending = ""
        if line.rstrip().endswith("\\"):
            pending = line.rstrip()[:-1].rstrip()
            continue
        command, comment = strip_comment(line.strip())
        if command:
            commands.append((collapse(command), comment))
    if pending:
        commands.append((collapse(pending), None))
    return commands


TRANSCRIPT_COMMANDS = [
    ("telnet", re.compile(r"^telnet 127\.0\.0\.1 55555$")),
    ("nc", re.compile(r"^nc -N 127\.0\.0\.1 55555 < \S+$")),
    ("console", re.compile(r"^python3 PythonShims/posertalkr_client\.py$")),
]
PATH_LINE = re.compile(r"^(%.*?)\s+->\s+(.*)$")
WIRE_LINE = re.compile(r"^(C: |S: )?([0-9a-fA-F]{2} ){3,}")


def transcript_segments(text):
    """[(kind, command or None, lines)] of a transcript block: `$ command` starts a segment; a
    block without one is a console transcript."""
    segments = []
    for line in text.splitlines():
        if line.startswith("$ "):
            command, _ = strip_comment(line[2:])
            kind = next((kind for kind, pattern in TRANSCRIPT_COMMANDS if pattern.match(collapse(command))), None)
            segments.append([kind, collapse(command), []])
        elif not segments:
            segments.append(["console", None, [line]])
        else:
            segments[-1][2].append(line)
    for segment in segments:
        while segment[2] and not segment[2][-1].strip():
            segment[2].pop()
    return [tuple(segment) for segment in segments]


def kind_of(block):
    """How a block runs ("listed" when NOT_RUN names it), or None when nothing recognises it."""
    lines = [line for line in block.text.splitlines() if line.strip()]
    if entry(NOT_RUN, block):
        return "listed"
    if entry(SAMPLES, block):
        return "sample"
    if entry(SNIPPETS, block):
        return "python"
    if block.lang in ("sh", "bash", "shell"):
        return "shell"
    if any(line.startswith("$ ") for line in lines) or any(line.startswith(">>> ") for line in lines):
        if all(kind is not None for kind, _, _ in transcript_segments(block.text)):
            return "transcript"
        return None
    if lines and all(PATH_LINE.match(line) for line in lines):
        return "paths"
    if lines and lines[0].startswith("%") and "..." in lines:
        return "path-errors"
    if lines and WIRE_LINE.match(lines[0]):
        return "wire"
    return None


# -- talking to the servers --------------------------------------------------------------------

def server_binary():
    return os.environ["POSERTALKR_TEST_SERVER"]


def own_server(*arguments, **options):
    """A server of the test's own on a free port, with the checkout's shims."""
    environment = dict(options.pop("environment", {}))
    environment.setdefault("POSERTALKR_SHIMS", SHIMS)
    return OwnServer(*arguments, environment=environment, **options)


def server_python():
    """The embedded Python's version, as HELLO names it (3.11.2)."""
    with posertalkr_client.Client(HOST, PORT) as client:
        return client.server_info["python"].split(" ")[0]


def reset_scene(session=None):
    """The default scene again, bound to SCENE in the session (the scene is the server's, so
    examples that pose it must not see what an earlier one did)."""
    with posertalkr_client.Client(HOST, PORT, session=session) as client:
        client.execute("SCENE = __import__('poser').ResetScene()")


def read_until_quiet(sock, quiet=0.5, limit=15.0):
    """What arrives until the socket has been quiet for ``quiet`` seconds (a fifth of that
    once a reply ended with a newline)."""
    data, deadline = b"", time.time() + limit
    while time.time() < deadline:
        sock.settimeout(quiet / 5 if data.endswith(b"\n") else quiet)
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            break
        if not chunk:
            break
        data += chunk
    return data.decode("utf-8", "replace")


def read_line(sock, timeout=10.0):
    """One reply line (or what came before the server closed)."""
    data, deadline = b"", time.time() + timeout
    sock.settimeout(timeout)
    while not data.endswith(b"\n") and time.time() < deadline:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    return data.decode("utf-8", "replace")


class RawLine(object):
    """A telnet-like connection: one line at a time, each reply read once the command ran (a
    framed request of the same session, queued behind it, says when) and the socket is quiet
    (statements that print nothing get no reply at all)."""

    def __init__(self, host=HOST, port=PORT):
        self.sock = socket.create_connection((host, port), 10)
        self.probe = posertalkr_client.Client(host, port)

    def send(self, line):
        self.sock.sendall(line.encode("utf-8") + b"\r\n")
        time.sleep(0.05)
        self.probe.eval("0")
        return read_until_quiet(self.sock)

    def close(self):
        self.probe.close()
        self.sock.close()


def read_pipe_until(pipe, needle, timeout=10.0):
    """What a child's pipe says until it holds ``needle`` (bounded)."""
    data, deadline = b"", time.time() + timeout
    while needle.encode("utf-8") not in data and time.time() < deadline:
        ready, _, _ = select.select([pipe], [], [], 0.1)
        if ready:
            chunk = os.read(pipe.fileno(), 65536)
            if not chunk:
                break
            data += chunk
    return data.decode("utf-8", "replace")


def run(command, cwd=REPO, environment=None, stdin=None, timeout=60):
    """A shell command line (bash), its combined output and exit status."""
    env = dict(os.environ)
    env.update(environment or {})
    result = subprocess.run(
        ["bash", "-c", command], cwd=cwd, env=env, input=stdin.encode("utf-8") if stdin is not None else None,
        stdin=subprocess.DEVNULL if stdin is None else None, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        timeout=timeout)
    return result.stdout.decode("utf-8", "replace"), result.returncode


def client_environment(home):
    """The client's connection settings for the test server, through the documented variables."""
    return {"POSERTALKR_HOST": HOST, "POSERTALKR_PORT": str(PORT), "HOME": home,
            "POSERTALKR_HISTORY": os.path.join(home, ".history"), "NO_COLOR": "1", "PYTHONUNBUFFERED": "1",
            "PYTHONPATH": SHIMS, "PYTHONDONTWRITEBYTECODE": "1"}


def with_doc_python(actual, doc_text):
    """``actual`` with the server's Python version written as the one ``doc_text`` shows."""
    shown = re.search(r"(?<=Python )3\.\d+\.\d+|(?<=\"python\":\")3\.\d+\.\d+", doc_text)
    return actual.replace(SERVER_PYTHON[0], shown.group(0)) if shown and SERVER_PYTHON[0] else actual


SERVER_PYTHON = [None]


def setUpModule():
    SERVER_PYTHON[0] = server_python()


def tearDownModule():
    listed = sum(1 for block in BLOCKS if entry(NOT_RUN, block))
    print("\n[figure] docs: %d blocks run, %d listed as not runnable" % (len(RAN), listed))
    print("[figure] docs: %d blocks in all; %d single commands inside run blocks listed as not runnable"
          % (len(BLOCKS), len(NOT_RUN_COMMANDS)))


class Sandbox(object):
    """A temporary folder that stands in for ~ (and the current folder of commands that write
    files), one per document so its commands can use what earlier ones made."""

    def __init__(self):
        self.folders = {}
        self.root = tempfile.mkdtemp(prefix="posertalkr-docs-")

    def __call__(self, path):
        if path not in self.folders:
            self.folders[path] = tempfile.mkdtemp(prefix=path.replace("/", "_") + "-", dir=self.root)
        return self.folders[path]

    def remove(self):
        shutil.rmtree(self.root, ignore_errors=True)


class DocsTestCase(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.sandbox = Sandbox()

    @classmethod
    def tearDownClass(cls):
        cls.sandbox.remove()

    def blocks(self, kind):
        for block in BLOCKS:
            if kind_of(block) == kind:
                yield block


# -- coverage ----------------------------------------------------------------------------------

class EveryBlock(unittest.TestCase):
    def test_every_block_is_run_or_listed(self):
        problems = []
        for block in BLOCKS:
            kind = kind_of(block)
            if kind is None:
                problems.append("%s:%d (%s) is neither run nor listed: give it a runner, or add %r: \"why\" to NOT_RUN"
                                % (block.file, block.line, block.lang or "no language", block.key))
            if kind == "shell":
                runs = False
                for command, _ in shell_commands(block.text):
                    if (block.file, command) in NOT_RUN_COMMANDS:
                        continue
                    if command_rule(command) is None:
                        problems.append("%s:%d: the command %r is neither run nor listed in NOT_RUN_COMMANDS"
                                        % (block.file, block.line, command))
                    runs = True
                if not runs:
                    problems.append("%s:%d: no command of this block runs; list the block in NOT_RUN" % (block.file, block.line))
        for table, name in ((NOT_RUN, "NOT_RUN"), (SNIPPETS, "SNIPPETS"), (SAMPLES, "SAMPLES"),
                            (WIRE_REQUESTS, "WIRE_REQUESTS")):
            for key in sorted(table):
                named = [block for block in BLOCKS if entry(table, block) == key]
                if not named:
                    problems.append("%s lists %r, which matches no block any more" % (name, key))
                elif len(named) > 1:
                    problems.append("%s's %r matches %d blocks (lines %s): make it longer"
                                    % (name, key, len(named), ", ".join(str(block.line) for block in named)))
        commands = set((block.file, command) for block in BLOCKS if block.lang in ("sh", "bash", "shell")
                       for command, _ in shell_commands(block.text))
        for key in sorted(set(NOT_RUN_COMMANDS) - commands):
            problems.append("NOT_RUN_COMMANDS lists %r, which matches no command any more" % (key,))
        for key, reason in sorted(NOT_RUN.items()):
            if not reason.strip():
                problems.append("NOT_RUN gives no reason for %r" % (key,))
        self.assertEqual(problems, [], "\n".join(problems))


# -- transcripts -------------------------------------------------------------------------------

def console_banner(home):
    """The console's first line on a terminal (a pseudo-terminal; Ctrl-D at the first prompt)."""
    environment = dict(os.environ)
    environment.update(client_environment(home))
    environment["TERM"] = "dumb"
    pid, fd = pty.fork()
    if pid == 0:  # the child: the console
        try:
            os.execve(sys.executable, [sys.executable, CLIENT_SCRIPT, "--host", HOST, "--port", str(PORT)], environment)
        finally:
            os._exit(127)
    data, deadline = b"", time.time() + 15
    try:
        while b">>> " not in data and time.time() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                data += chunk
        os.write(fd, b"\x04")
        for _ in range(200):
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            if select.select([fd], [], [], 0.05)[0]:
                try:
                    os.read(fd, 4096)
                except OSError:
                    pass
        else:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    finally:
        os.close(fd)
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", data.decode("utf-8", "replace")).replace("\r", "")
    return next((line for line in text.splitlines() if line.startswith("posertalkr: connected")), text)


class Transcripts(DocsTestCase):
    """telnet, nc and console transcripts (`$ command` lines followed by what is typed and what
    comes back), against the test server in place of 127.0.0.1:55555."""

    def test_transcripts(self):
        for block in self.blocks("transcript"):
            with self.subTest(file=block.file, line=block.line):
                RAN.add(block[:2])
                for kind, command, lines in transcript_segments(block.text):
                    getattr(self, "check_" + kind)(block, command, lines)

    def check_telnet(self, block, command, lines):
        """Sends the first line, compares the reply with as many lines as it has, and goes on
        after them: the rebuilt transcript must be the documented one."""
        reset_scene()
        raw = RawLine()
        actual, index = [], 0
        try:
            while index < len(lines):
                sent = lines[index]
                actual.append(sent)
                reply = raw.send(sent) if sent.strip() else ""
                reply_lines = reply.splitlines()
                actual.extend(reply_lines)
                index += 1 + len(reply_lines)
        finally:
            raw.close()
        self.assertEqual(actual, lines, "%s:%d: $ %s" % (block.file, block.line, command))

    def check_nc(self, block, command, lines):
        home = self.sandbox(block.file)
        output, status = run(command.replace("127.0.0.1", HOST).replace(DOC_PORT, str(PORT)),
                             environment={"HOME": home}, timeout=30)
        self.assertEqual(status, 0, output)
        if lines:
            self.assertEqual(output.splitlines(), lines)
        else:  # the doc shows no output: the script ran whole, without an error
            self.assertTrue(output.strip(), "%s printed nothing" % command)
            self.assertNotIn("Traceback (most recent call last)", output)

    def check_console(self, block, command, lines):
        """Piped input runs as typed input does, without prompts; the banner shows only on a
        terminal, so it is checked through a pseudo-terminal."""
        reset_scene()
        home = self.sandbox(block.file)
        typed, shown, banner = [], [], None
        for line in lines:
            if line.startswith((">>> ", "... ")) or line in (">>>", "..."):
                typed.append(line[4:])
            elif not typed and not shown and line.startswith("posertalkr: connected"):
                banner = line
            else:
                shown.append(line)
        last_prompt = max(index for index, line in enumerate(lines) if line.startswith(">>>"))
        raised = any(line.startswith("Traceback (most recent call last):") for line in lines[last_prompt:])
        console = "%s %s" % (shlex.quote(sys.executable), shlex.quote(CLIENT_SCRIPT))
        output, status = run(console, environment=client_environment(home), stdin="\n".join(typed) + "\n", timeout=30)
        self.assertEqual(output.splitlines(), shown, "%s:%d" % (block.file, block.line))
        self.assertEqual(status, 1 if raised else 0, "exit status 1 when the last command raised")
        if banner is not None:
            actual = console_banner(home).replace("%s:%d" % (HOST, PORT), "127.0.0.1:" + DOC_PORT)
            actual = actual.replace("session %s)" % HOST, "session 127.0.0.1)")
            self.assertEqual(with_doc_python(actual, banner), banner)


# -- paths -------------------------------------------------------------------------------------

DESCRIBED = {
    # prose in place of an answer: the lines the answer must have, asked in other words
    "the names of its actors, one per line":
        "'\\n'.join(actor.Name() for actor in SCENE.Figure('Figure 1').Actors())",
    "the scene's figures (with a trailing /) and other actors":
        "'\\n'.join([figure.Name() + '/' for figure in SCENE.Figures()]"
        " + [actor.Name() for actor in SCENE.Actors() if not actor.ItsFigure()])",
}


class Paths(DocsTestCase):
    """docs/PATHS.md's `%path -> answer` lines and its error examples, in raw mode."""

    def test_path_tables(self):
        for block in self.blocks("paths"):
            RAN.add(block[:2])
            reset_scene()
            raw = RawLine()
            try:
                for line in block.text.splitlines():
                    if not line.strip():
                        continue
                    path, expected = PATH_LINE.match(line).groups()
                    with self.subTest(file=block.file, path=path):
                        if expected in DESCRIBED:
                            expected = raw.send("=" + DESCRIBED[expected]).rstrip("\n")
                        self.assertEqual(raw.send(path.rstrip()), expected + "\n")
            finally:
                raw.close()

    def test_path_errors(self):
        """Each example: the path, `...` for the traceback, and the traceback's last line."""
        for block in self.blocks("path-errors"):
            RAN.add(block[:2])
            reset_scene()
            raw = RawLine()
            try:
                for example in re.split(r"\n\s*\n", block.text.strip()):
                    lines = example.splitlines()
                    with self.subTest(file=block.file, path=lines[0]):
                        self.assertEqual(lines[1], "...")
                        reply = raw.send(lines[0]).splitlines()
                        self.assertEqual(reply[0], "Traceback (most recent call last):")
                        self.assertEqual(reply[-1], lines[-1])
            finally:
                raw.close()


# -- the framed protocol's bytes ---------------------------------------------------------------

TOKEN = re.compile(r'\s*("(?:[^"\\]|\\.)*"|[0-9a-fA-F]{2}(?=\s|$)|\.\.\.(?=\s|$))')


def wire_frames(text):
    """[(direction, bytes, cut short, annotation)] of a byte-level example: `C:`/`S:` start a
    frame, indented lines continue it; each line holds hex bytes and "quoted" text (JSON
    escapes), then an annotation; `...` ends a frame shown only in part."""
    frames = []
    for line in text.splitlines():
        direction = line[:2] if line[:3] in ("C: ", "S: ") else None
        rest = line[3:] if direction else line
        if direction or not frames:
            frames.append([direction or "C:", b"", False, ""])
        position = 0
        while True:
            match = TOKEN.match(rest, position)
            if not match:
                break
            token = match.group(1)
            if token == "...":
                frames[-1][2] = True
            elif token.startswith('"'):
                frames[-1][1] += json.loads(token).encode("utf-8")
            elif not frames[-1][2]:
                frames[-1][1] += bytes.fromhex(token)
            position = match.end()
        frames[-1][3] += " " + rest[position:].strip()
    return [tuple(frame) for frame in frames]


def normal_hello(body):
    """HELLO's JSON as the docs show it: the embedded Python 3.11.2, the session 127.0.0.1."""
    hello = json.loads(body.decode("utf-8"))
    text = body.decode("utf-8").replace('"python":"%s"' % hello["python"], '"python":"3.11.2"')
    return text.replace('"session":"%s"' % hello["session"], '"session":"127.0.0.1"').encode("utf-8")


def read_raw_frame(sock):
    op, flags, request_id, body = read_frame(sock)
    if op == 0x80:
        body = normal_hello(body)
    return struct.pack(">IBBHQ", 12 + len(body), op, flags, 0, request_id) + body


class Wire(DocsTestCase):
    def test_byte_level_examples(self):
        """docs/PROTOCOL.md's preamble, then its worked example on one connection, in order."""
        sock = None
        try:
            for block in self.blocks("wire"):
                RAN.add(block[:2])
                frames = wire_frames(block.text)
                with self.subTest(file=block.file, line=block.line):
                    if not block.text.startswith(("C: ", "S: ")):  # the preamble on its own
                        self.assertEqual(frames[0][1], posertalkr_client.PREAMBLE)
                        with socket.create_connection((HOST, PORT), 10) as alone:
                            alone.sendall(frames[0][1])
                            self.assertEqual(read_frame(alone)[:3], (0x80, 0, 0), "HELLO, id 0")
                        continue
                    sent = b"".join(data for direction, data, _, _ in frames if direction == "C:")
                    if entry(WIRE_REQUESTS, block):
                        sent += WIRE_REQUESTS[entry(WIRE_REQUESTS, block)]
                    if sock is None:
                        sock = socket.create_connection((HOST, PORT), 10)
                        if not sent.startswith(posertalkr_client.PREAMBLE):
                            sock.sendall(posertalkr_client.PREAMBLE)
                            read_frame(sock)
                    sock.sendall(sent)
                    for direction, data, cut, annotation in frames:
                        if direction != "S:":
                            continue
                        actual = read_raw_frame(sock)
                        shown = actual[:len(data)] if cut else actual
                        self.assertEqual(shown.hex(" "), data.hex(" "), annotation)
                        size = re.search(r"\((\d+) bytes of JSON\)", annotation)
                        if size:
                            self.assertEqual(len(actual) - 16, int(size.group(1)))
        finally:
            if sock is not None:
                sock.close()


# -- Python snippets ---------------------------------------------------------------------------

def expected_prints(text):
    """The TEXT of each `print(...)  # TEXT` line."""
    found = []
    for line in text.splitlines():
        code, comment = strip_comment(line)
        if comment and code.strip().startswith("print("):
            found.append(comment)
    return found


def for_test_server(source):
    return source.replace("127.0.0.1", HOST).replace(DOC_PORT, str(PORT))


class PythonSnippets(DocsTestCase):
    def test_python_snippets(self):
        for block in self.blocks("python"):
            settings = SNIPPETS[entry(SNIPPETS, block)]
            if settings["where"] == "shell":
                continue  # run by its document's shell command (ShellCommands)
            with self.subTest(file=block.file, line=block.line):
                RAN.add(block[:2])
                getattr(self, "run_" + settings["where"])(block, settings)

    def check_output(self, block, output, status):
        self.assertEqual(status, 0, "%s:%d failed:\n%s" % (block.file, block.line, output))
        lines = output.splitlines()
        for expected in expected_prints(block.text):
            self.assertIn(expected, lines, "%s:%d: the comment's output" % (block.file, block.line))

    def run_client(self, block, settings):
        home = self.sandbox(block.file)
        reset_scene(settings.get("session"))
        for name, content in settings.get("files", {}).items():
            path = os.path.join(home, name)
            if not os.path.isdir(os.path.dirname(path)):
                os.makedirs(os.path.dirname(path))
            with open(path, "w") as handle:
                handle.write(content)
        script = os.path.join(home, "snippet_%d.py" % block.line)
        with open(script, "w") as handle:
            handle.write(for_test_server(settings.get("prelude", "") + block.text + "\n"))
        output, status = run("%s %s" % (shlex.quote(sys.executable), shlex.quote(script)),
                             cwd=settings.get("cwd", home), environment=client_environment(home))
        self.check_output(block, output, status)

    def run_server(self, block, settings):
        with posertalkr_client.Client(HOST, PORT, session=settings["session"]) as client:
            output = client.execute(block.text)
        self.check_output(block, output, 0)

    def run_local(self, block, settings):
        home = self.sandbox(block.file)
        script = os.path.join(home, "snippet_%d.py" % block.line)
        with open(script, "w") as handle:
            handle.write(settings.get("prelude", "") + block.text + "\n")
        output, status = run("%s %s" % (shlex.quote(sys.executable), shlex.quote(script)), cwd=home,
                             environment=client_environment(home))
        self.check_output(block, output, status)


# -- shell commands ----------------------------------------------------------------------------

def command_rule(command):
    for pattern, method in COMMAND_RULES:
        if re.match(pattern, command):
            return method
    return None


COMMAND_RULES = [
    (r"^posertalkr --version$", "server_version"),
    (r"^posertalkr --port 6000$", "server_on_a_port"),
    (r"^(posertalkr|scripts/serve) --host 0\.0\.0\.0 --allow \S+ --token-file \S+( --tls-cert \S+ --tls-key \S+)?$",
     "protected_server"),
    (r"^openssl rand -hex 24 > ~/\.posertalkr-token && chmod 600 ~/\.posertalkr-token$", "make_token"),
    (r"^openssl req -x509 ", "make_certificate"),
    (r"^nc -N 127\.0\.0\.1 55555 < \S+$", "nc_file"),
    (r"^(python3 PythonShims/posertalkr_client\.py|posertalkr-client)$", "console_without_input"),
    (r"^posertalkr-client -e ", "client_one_shot"),
    (r"^posertalkr-client --port 6000 run script\.py$", "client_run_file"),
    (r"^posertalkr-client --version$", "client_version"),
    (r"^PYTHONPATH=/path/to/posertalkr/PythonShims python3 my_pose_tool\.py$", "scene_package_alone"),
]


class ShellCommands(DocsTestCase):
    """Each command of each shell block, in document order (later commands use the files
    earlier ones made: the token, the certificate), with ~ and the current folder a temporary
    folder of the document's own."""

    def test_shell_commands(self):
        for block in self.blocks("shell"):
            RAN.add(block[:2])
            for command, comment in shell_commands(block.text):
                if (block.file, command) in NOT_RUN_COMMANDS:
                    continue
                with self.subTest(file=block.file, line=block.line, command=command):
                    rule = command_rule(command)
                    if rule is None:
                        self.fail("no rule runs %r (test_every_block_is_run_or_listed says more)" % command)
                    getattr(self, rule)(block, command, comment)

    def client_command(self, command):
        return command.replace("posertalkr-client", "%s %s" % (shlex.quote(sys.executable), shlex.quote(CLIENT_SCRIPT)), 1)

    def server_version(self, block, command, comment):
        output, status = run(shlex.quote(server_binary()) + " --version", timeout=30)
        self.assertEqual(status, 0, output)
        self.assertEqual(with_doc_python(output.strip(), comment), comment)

    def server_on_a_port(self, block, command, comment):
        """`posertalkr --port 6000` on a free port: it listens there, and SIGTERM stops it."""
        with own_server() as server:  # --host 127.0.0.1 --port 0
            self.assertIn("listening on 127.0.0.1:%d " % server.port, server.listening_line)
            with posertalkr_client.Client("127.0.0.1", server.port) as client:
                self.assertEqual(client.eval("4+5"), "9")
            self.assertEqual(server.stop(), 0)

    def protected_server(self, block, command, comment):
        """On 127.0.0.1 and a free port instead of 0.0.0.0:55555 (nothing listens beyond
        loopback here): the token from ~/.posertalkr-token is needed, raw and framed; with TLS a
        client that trusts the self-signed certificate gets in."""
        home = self.sandbox(block.file)
        arguments = shlex.split(command)[1:]
        arguments[arguments.index("--host"):arguments.index("--host") + 2] = []
        arguments = [os.path.join(home, argument.replace("~/", "")) if argument.endswith((".pem", "-token")) else argument
                     for argument in arguments]
        with open(os.path.join(home, ".posertalkr-token")) as handle:
            token = handle.read().strip()
        tls = "--tls-cert" in arguments
        with own_server(*arguments, environment={"HOME": home}) as server:
            with socket.create_connection(("127.0.0.1", server.port), 10) as sock:
                sock.sendall(b"=4+5\n")
                self.assertIn("AUTH", read_line(sock))
            with socket.create_connection(("127.0.0.1", server.port), 10) as sock:
                sock.sendall(("AUTH %s\n" % token).encode())
                self.assertEqual(read_line(sock), "posertalkr: authenticated\n")
                sock.sendall(b"=4+5\n")
                self.assertEqual(read_line(sock), "9\n")
            with self.assertRaises(posertalkr_client.ProtocolError) as refused:
                posertalkr_client.Client("127.0.0.1", server.port).eval("4+5")
            self.assertIn("the server requires a token", str(refused.exception))
            options = dict(tls=True, cafile=os.path.join(home, "cert.pem"), server_hostname="poser-box") if tls else {}
            with posertalkr_client.Client("127.0.0.1", server.port, token=token, **options) as client:
                self.assertEqual(client.eval("4+5"), "9")

    def make_token(self, block, command, comment):
        home = self.sandbox(block.file)
        output, status = run(command, cwd=home, environment={"HOME": home})
        self.assertEqual(status, 0, output)
        path = os.path.join(home, ".posertalkr-token")
        self.assertEqual(os.stat(path).st_mode & 0o777, 0o600)
        with open(path) as handle:
            self.assertRegex(handle.read(), r"^[0-9a-f]{48}\n$")

    def make_certificate(self, block, command, comment):
        home = self.sandbox(block.file)
        output, status = run(command, cwd=home, environment={"HOME": home})
        self.assertEqual(status, 0, output)
        output, status = run("openssl x509 -in cert.pem -noout -text", cwd=home)
        self.assertEqual(status, 0, output)
        self.assertIn("DNS:poser-box, IP Address:192.168.1.215", output)
        self.assertTrue(os.path.exists(os.path.join(home, "key.pem")))

    def nc_file(self, block, command, comment):
        output, status = run(command.replace("127.0.0.1", HOST).replace(DOC_PORT, str(PORT)), timeout=30)
        self.assertEqual(status, 0, output)
        self.assertTrue(output.strip(), "%s printed nothing" % command)
        self.assertNotIn("Traceback (most recent call last)", output)

    def console_without_input(self, block, command, comment):
        """The console, with nothing to read: it connects and ends at once, printing nothing."""
        home = self.sandbox(block.file)
        console = "%s %s" % (shlex.quote(sys.executable), shlex.quote(CLIENT_SCRIPT))
        output, status = run(console, environment=client_environment(home), timeout=30)
        self.assertEqual((status, output), (0, ""))

    def client_one_shot(self, block, command, comment):
        home = self.sandbox(block.file)
        output, status = run(self.client_command(command), cwd=home, environment=client_environment(home))
        self.assertEqual(status, 0, output)
        expression = shlex.split(command)[-1]
        with posertalkr_client.Client(HOST, PORT) as client:
            self.assertEqual(output, client.eval(expression) + "\n")

    def client_run_file(self, block, command, comment):
        """script.py: a file that says how it ran."""
        home = self.sandbox(block.file)
        with open(os.path.join(home, "script.py"), "w") as handle:
            handle.write("import os\nprint(__name__, os.path.basename(__file__))\n")
        output, status = run(self.client_command(command).replace("6000", str(PORT)), cwd=home,
                             environment=client_environment(home))
        self.assertEqual((status, output), (0, "__main__ script.py\n"))

    def client_version(self, block, command, comment):
        home = self.sandbox(block.file)
        output, status = run(self.client_command(command), cwd=home, environment=client_environment(home))
        self.assertEqual(status, 0, output)
        self.assertRegex(output, r"^posertalkr-client \d+\.\d+\.\d+ \(Python \d+\.\d+\.\d+\)\n$")

    def scene_package_alone(self, block, command, comment):
        """my_pose_tool.py is the next block of the same document."""
        home = self.sandbox(block.file)
        tool = next(other for other in BLOCKS
                    if other.file == block.file and entry(SNIPPETS, other)
                    and SNIPPETS[entry(SNIPPETS, other)].get("file") == "my_pose_tool.py")
        RAN.add(tool[:2])
        with open(os.path.join(home, "my_pose_tool.py"), "w") as handle:
            handle.write(tool.text + "\n")
        command = command.replace("/path/to/posertalkr", REPO).replace("python3", shlex.quote(sys.executable))
        output, status = run(command, cwd=home, environment={"HOME": home})
        self.assertEqual(status, 0, output)
        self.assertEqual(output.splitlines(), expected_prints(tool.text))


# -- output samples ----------------------------------------------------------------------------

class OutputSamples(DocsTestCase):
    def test_output_samples(self):
        for block in self.blocks("sample"):
            with self.subTest(file=block.file, line=block.line):
                RAN.add(block[:2])
                getattr(self, SAMPLES[entry(SAMPLES, block)])(block)

    def listening_line(self, block):
        with own_server() as server:
            actual = server.listening_line.replace("127.0.0.1:%d " % server.port, "127.0.0.1:55555 ")
        actual = actual.replace("(shims: %s)" % SHIMS, "(shims: /home/you/posertalkr/PythonShims)")
        self.assertEqual(actual, block.text.strip())

    def connection_closed_line(self, needle, *arguments):
        """The server's log line for a framed connection in the session c4d-bridge that made 12
        requests."""
        with own_server(*arguments) as server:
            with posertalkr_client.Client("127.0.0.1", server.port, session="c4d-bridge") as client:
                for _ in range(12):
                    client.eval("4+5")
            log = read_pipe_until(server.process.stderr, needle)
        return next((line for line in log.splitlines() if needle in line), log)

    def direct_replies_as_shown(self, actual, pattern, expected):
        """``actual`` with its direct-reply count replaced by the sample's, once the count is
        checked: the first reply always takes the event loop's path (the socket is looked up
        from the second request on), and each later one finds the socket offered, since a
        framed connection offers it at the end of each read, before it submits what it read.
        So 12 sequential requests give exactly 11. The interpreter thread reads the last 10
        itself (the second's reply starts its lease), which the sample shows as they are."""
        count = int(re.search(pattern, actual).group(1))
        self.assertEqual(count, 11, "%d direct replies of 12 in %s" % (count, actual))
        return re.sub(pattern, re.search(pattern, expected).group(0), actual)

    def text_log_line(self, block):
        expected = block.text.strip()
        actual = self.connection_closed_line("[PoserTalkr] connection closed")
        self.assertRegex(actual, r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} ")
        actual = expected.split(" ")[0] + actual[actual.index(" "):]
        actual = re.sub(r"client=127\.0\.0\.1:\d+", re.search(r"client=\S+", expected).group(0), actual)
        actual = re.sub(r"seconds=\d+\.\d+", re.search(r"seconds=\S+", expected).group(0), actual)
        actual = self.direct_replies_as_shown(actual, r"direct_replies=(\d+)", expected)
        self.assertEqual(actual, expected)

    def json_log_line(self, block):
        expected = block.text.strip()
        actual = self.connection_closed_line('"message":"connection closed"', "--log-format", "json")
        self.assertRegex(actual, r'^\{"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"')
        for pattern in (r'"time":"[^"]*"', r'"client":"127\.0\.0\.1:\d+"', r'"seconds":\d+(\.\d+)?'):
            actual = re.sub(pattern, re.search(pattern, expected).group(0), actual)
        actual = self.direct_replies_as_shown(actual, r'"direct_replies":(\d+)', expected)
        self.assertEqual(actual, expected)

    def hello_json(self, block):
        with socket.create_connection((HOST, PORT), 10) as sock:
            sock.sendall(posertalkr_client.PREAMBLE)
            op, _, _, body = read_frame(sock)
        self.assertEqual(op, 0x80)
        self.assertEqual(normal_hello(body).decode("utf-8"), block.text.strip())

    def virtualenv_refusal(self, block):
        """A virtualenv of another version than the embedded one (the doc's: made by 3.11 for a
        server that embeds 3.13; here made by a version this server does not embed)."""
        expected = block.text.strip()
        embedded = ".".join(SERVER_PYTHON[0].split(".")[:2])
        made = "3.13" if embedded != "3.13" else "3.12"
        venv = os.path.join(self.sandbox(block.file), "env" + made.replace(".", ""))
        os.makedirs(venv)
        with open(os.path.join(venv, "pyvenv.cfg"), "w") as handle:
            handle.write("home = /usr/bin\ninclude-system-site-packages = false\nversion = %s.0\n" % made)
        environment = dict(os.environ, VIRTUAL_ENV=venv, POSERTALKR_SHIMS=SHIMS)
        result = subprocess.run([server_binary(), "--port", "0"], env=environment, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30)
        output = result.stdout.decode("utf-8", "replace")
        self.assertNotEqual(result.returncode, 0, output)
        actual = next((line for line in output.splitlines() if line.startswith("posertalkr: Python could not start")), output)
        actual = actual.replace(venv, "/home/you/env311")
        actual = re.sub(r"3\.\d+", lambda match: {made: "3.11", embedded: "3.13"}.get(match.group(0), match.group(0)), actual)
        self.assertEqual(actual, expected)


if __name__ == "__main__":
    unittest.main()

"""The interactive console (``posertalkr_client.py`` with no script), driven through a real
pseudo-terminal against a real server: what a person typing at it sees."""

from __future__ import print_function

import os
import pty
import re
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest

from support import HOST, PORT, REPO, posertalkr_client

CLIENT = os.path.join(REPO, "PythonShims", "posertalkr_client.py")
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]|\r")


class PtyConsole(object):
    """The console in a child process whose controlling terminal is a pty we hold."""

    def __init__(self, port=PORT, session=None, history=None):
        self.history = history or tempfile.mktemp(prefix="posertalkr-history-")
        arguments = [sys.executable, CLIENT, "--host", HOST, "--port", str(port)]
        if session:
            arguments += ["--session", session]
        environment = dict(os.environ, TERM="xterm", POSERTALKR_HISTORY=self.history,
                           PYTHONIOENCODING="utf-8", COLUMNS="200", LINES="50")
        environment.pop("NO_COLOR", None)
        environment.pop("PYTHONSTARTUP", None)
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: become the console
            try:
                os.execve(sys.executable, arguments, environment)
            finally:
                os._exit(127)
        self.raw = ""
        self.seen = 0
        self.status = None

    def send(self, text):
        os.write(self.fd, text.encode("utf-8"))

    def line(self, text):
        self.send(text + "\r")

    def _read(self, timeout):
        ready = select.select([self.fd], [], [], timeout)[0]
        if not ready:
            return False
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # the child exited and the pty closed
            return False
        if not chunk:
            return False
        self.raw += chunk.decode("utf-8", "replace")
        return True

    @property
    def text(self):
        return ESCAPES.sub("", self.raw)

    def expect(self, needle, timeout=15):
        """Waits until ``needle`` appears after what earlier expects consumed."""
        deadline = time.time() + timeout
        while True:
            position = self.text.find(needle, self.seen)
            if position >= 0:
                self.seen = position + len(needle)
                return
            remaining = deadline - time.time()
            if remaining <= 0 or (not self._read(min(remaining, 0.2)) and not self._alive()):
                raise AssertionError("did not see %r; the console showed:\n%s" % (needle, self.text))

    def settle(self, seconds):
        """Collects whatever arrives for ``seconds``."""
        deadline = time.time() + seconds
        while time.time() < deadline:
            self._read(deadline - time.time())

    def _alive(self):
        if self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid == self.pid:
                self.status = status
        return self.status is None

    def close(self):
        try:
            if self._alive():
                self.send("\x04")
                deadline = time.time() + 10
                while time.time() < deadline and self._alive():
                    self._read(0.1)
        finally:
            if self._alive():
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            if self.fd is not None:
                os.close(self.fd)
                self.fd = None


class ConsoleTests(unittest.TestCase):
    def setUp(self):
        self.session = "console-%s-%d" % (self.id().split(".")[-1], os.getpid())
        self.console = PtyConsole(session=self.session)
        self.console.expect("connected to")
        self.console.expect(">>> ")

    def tearDown(self):
        self.console.close()
        # Whatever a failed test left running must not hold the interpreter for the next.
        with posertalkr_client.Client(HOST, PORT, session=self.session) as client:
            client.interrupt()
        if os.path.exists(self.console.history):
            os.remove(self.console.history)

    def test_a_for_loop_typed_line_by_line_runs_once_at_the_blank_line(self):
        console = self.console
        console.line("for i in range(3):")
        console.expect("... ")
        console.line("    print('row %d' % (i * 11))")
        console.expect("... ")
        console.settle(0.5)
        self.assertNotIn("row 0", console.text, "the block ran before it was complete")
        console.line("")
        console.expect("row 22")
        console.expect(">>> ")
        self.assertEqual(console.text.count("row 0\n"), 1)
        self.assertEqual(console.text.count("row 22\n"), 1)

    def test_expressions_show_their_repr_and_statements_keep_state(self):
        console = self.console
        console.line("name = 'Hip'")
        console.expect(">>> ")
        console.line("name")
        console.expect("'Hip'")
        console.line("=SCENE.CurrentActor().Name()")
        console.expect("\nHip\n")
        console.line("%Figure 1/lForeArm/xRotate")
        console.expect("<ParmType 'xRotate' of 'Left Forearm'")
        console.line(":ls")
        console.expect("Figure 1/")

    def test_ctrl_c_interrupts_the_remote_request_and_the_console_goes_on(self):
        console = self.console
        console.line("while True: pass")
        console.expect("... ")
        console.line("")
        console.settle(0.7)
        console.send("\x03")
        console.expect("interrupting the remote request")
        console.expect("RequestInterrupted")
        console.expect(">>> ")
        console.line("=6*7")
        console.expect("42")
        console.expect(">>> ")

    def test_the_up_arrow_recalls_the_previous_line(self):
        console = self.console
        console.line("=40+2")
        console.expect("42")
        console.expect(">>> ")
        console.send("\x1b[A")
        console.expect("=40+2")
        console.send("\r")
        console.expect("42")
        console.expect(">>> ")
        console.close()
        with open(console.history) as handle:
            self.assertIn("=40+2", handle.read())

    def test_tracebacks_are_colored_on_a_terminal(self):
        console = self.console
        console.line("1/0")
        console.expect("ZeroDivisionError")
        self.assertIn("\x1b[1;31mZeroDivisionError: division by zero", console.raw)
        console.expect(">>> ")

    def test_tab_completes_scene_paths(self):
        console = self.console
        console.send("%Figure 1/Left Fore\t")
        console.expect("%Figure 1/Left Forearm")
        console.send("/xRot\t")
        console.expect("xRotate")
        console.send("\r")
        console.expect("<ParmType 'xRotate' of 'Left Forearm'")

    def test_put_shows_progress_and_binds_the_bytes(self):
        console = self.console
        handle, path = tempfile.mkstemp()
        try:
            os.write(handle, os.urandom(1 << 10) * (16 << 10))  # 16 MiB
            os.close(handle)
            console.line(":put blob %s" % path)
            console.expect("put blob: 16.0 MiB of 16.0 MiB")
            console.expect("blob = 16777216 bytes")
            console.line("len(blob)")
            console.expect("16777216")
        finally:
            os.remove(path)

    def test_commands_switch_sessions_and_run_files(self):
        console = self.console
        handle, path = tempfile.mkstemp(suffix=".py")
        os.write(handle, b"marker = 'from a file'\nprint(marker)\n")
        os.close(handle)
        try:
            console.line(":run %s" % path)
            console.expect("from a file")
            console.line(":session other-%d" % os.getpid())
            console.expect("session other-")
            console.line("'marker' in globals()")
            console.expect("False")
            console.line(":nonsense")
            console.expect("unknown command")
        finally:
            os.remove(path)


class PipedConsoleTests(unittest.TestCase):
    """With input from a pipe: no prompts, no colors, the same block rules."""

    def test_piped_input_runs_blocks_and_stays_plain(self):
        script = "for i in range(2):\n    print('piped', i)\n\n1/0\n=6*7\n"
        child = subprocess.Popen(
            [sys.executable, CLIENT, "--host", HOST, "--port", str(PORT), "--session",
             "piped-%d" % os.getpid()],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        # Bounded on Python 2.7 too, which has no communicate(timeout=...).
        watchdog = threading.Timer(60, child.kill)
        watchdog.start()
        try:
            out, err = child.communicate(script.encode("utf-8"))
        finally:
            watchdog.cancel()
        out, err = out.decode("utf-8"), err.decode("utf-8")
        self.assertEqual(out, "piped 0\npiped 1\n42\n")
        self.assertIn("ZeroDivisionError: division by zero", err)
        self.assertNotIn("\x1b[", out + err)
        self.assertEqual(child.returncode, 0, "the last command succeeded")


class ServerGoneTests(unittest.TestCase):
    """A server of this test's own, stopped and started again under the console."""

    def start_server(self, port=0):
        with open(os.devnull, "wb") as quiet:
            server = subprocess.Popen(
                [os.environ["POSERTALKR_TEST_SERVER"], "--host", "127.0.0.1", "--port", str(port)],
                stdout=subprocess.PIPE, stderr=quiet)
        line = server.stdout.readline().decode("utf-8")
        server.stdout.close()
        self.assertIn("listening on", line)
        return server, int(line.split("listening on ")[1].split(" ")[0].rsplit(":", 1)[1])

    def test_a_clear_message_when_the_server_is_gone_then_reconnect(self):
        server, port = self.start_server()
        console = PtyConsole(port=port)
        try:
            console.expect(">>> ")
            console.line("kept = 1")
            console.expect(">>> ")
            server.send_signal(signal.SIGTERM)
            server.wait()
            console.line("=1+1")
            console.expect("connection to 127.0.0.1:%d lost" % port)
            console.expect("not reachable")
            console.expect(">>> ")
            server, _ = self.start_server(port)
            console.line("=2+3")
            console.expect("reconnected to 127.0.0.1:%d" % port)
            console.expect("5")
            console.expect(">>> ")
        finally:
            console.close()
            if server.poll() is None:
                server.send_signal(signal.SIGTERM)
                server.wait()


if __name__ == "__main__":
    unittest.main()

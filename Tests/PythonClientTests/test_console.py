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

    def __init__(self, port=PORT, session=None, history=None, columns=200):
        # A history file of our own making goes when the console closes.
        self.own_history = history is None
        self.history = history or tempfile.mktemp(prefix="posertalkr-history-")
        arguments = [sys.executable, CLIENT, "--host", HOST, "--port", str(port)]
        if session:
            arguments += ["--session", session]
        environment = dict(os.environ, TERM="xterm", POSERTALKR_HISTORY=self.history,
                           PYTHONIOENCODING="utf-8", COLUMNS=str(columns), LINES="50")
        for name in ("NO_COLOR", "PYTHONSTARTUP", "POSERTALKR_SESSION", "POSERTALKR_TOKEN_FILE",
                     "POSERTALKR_TLS"):
            environment.pop(name, None)
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: become the console
            try:
                os.execve(sys.executable, arguments, environment)
            finally:
                os._exit(127)
        import fcntl
        import struct
        import termios

        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
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

    def close(self, keep_history=False):
        """Ends the console (Ctrl-D, else SIGKILL) and, unless ``keep_history``, removes the
        history file it was given by default."""
        try:
            if self._alive():
                # Ctrl-D; again each second: one typed before readline has the terminal (the
                # prompt just printed) is lost, as it would be for a person.
                deadline = time.time() + 10
                next_eof = time.time()
                while time.time() < deadline and self._alive():
                    if time.time() >= next_eof:
                        self.send("\x04")
                        next_eof = time.time() + 1
                    self._read(0.1)
        finally:
            if self._alive():
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            if self.fd is not None:
                os.close(self.fd)
                self.fd = None
            if self.own_history and not keep_history and os.path.exists(self.history):
                os.remove(self.history)


class ConsoleTests(unittest.TestCase):
    columns = 200

    def setUp(self):
        self.session = "console-%s-%d" % (self.id().split(".")[-1], os.getpid())
        self.console = PtyConsole(session=self.session, columns=self.columns)
        self.console.expect("connected to")
        self.console.expect(">>> ")

    def tearDown(self):
        self.console.close()
        # Whatever a failed test left running must not hold the interpreter for the next.
        with posertalkr_client.Client(HOST, PORT, session=self.session) as client:
            client.interrupt()

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
        console.line("%Figure 1/lForeArm/Bend")
        console.expect("<ParmType 'Bend' of 'Left Forearm'")
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
        console.close(keep_history=True)
        with open(console.history) as handle:
            self.assertIn("=40+2", handle.read())

    def test_tracebacks_are_colored_on_a_terminal(self):
        console = self.console
        console.line("1/0")
        console.expect("ZeroDivisionError")
        self.assertIn("\x1b[1;31mZeroDivisionError: division by zero", console.raw)
        console.expect(">>> ")

    def test_an_expression_s_traceback_gives_its_own_line_numbers(self):
        console = self.console
        console.line("1/0")
        console.expect('File "<input>", line 1, in <module>')
        console.expect(">>> ")
        console.line("(1,")
        console.expect("... ")
        console.line(" 2/0)")
        console.expect('File "<input>", line 2, in <module>')
        console.expect(">>> ")

    def test_underscore_holds_the_last_value(self):
        console = self.console
        console.line("6*7")
        console.expect("42")
        console.line("_ + 1")
        console.expect("43")
        console.line("None")
        console.expect(">>> ")
        console.line("_ * 2")
        console.expect("86")
        console.expect(">>> ")

    def test_a_blank_line_after_a_block_header_is_an_indentation_error(self):
        console = self.console
        console.line("if True:")
        console.expect("... ")
        console.line("")
        console.expect("IndentationError: expected an indented block")
        console.expect(">>> ")
        console.line("=6*7")
        console.expect("42")
        # Inside brackets a blank line continues, as in Python's console.
        console.line("(1,")
        console.expect("... ")
        console.line("")
        console.expect("... ")
        console.line(" 2)")
        console.expect("(1, 2)")
        console.expect(">>> ")

    def test_a_path_typo_is_one_line_with_suggestions(self):
        console = self.console
        console.line("%Figure 1/lForeArm/bendd")
        console.expect("PathError: 'Figure 1/lForeArm/bendd': actor 'Figure 1/lForeArm' has no "
                       "parameter 'bendd'; did you mean 'Bend'?")
        console.expect(">>> ")
        self.assertNotIn("Traceback", console.text)
        console.line("%figure 1/lforearm/bend")
        console.expect("<ParmType 'Bend' of 'Left Forearm'")
        console.expect(">>> ")

    def test_interrupt_stops_what_another_connection_runs_in_the_session(self):
        console = self.console
        with posertalkr_client.Client(HOST, PORT, session=self.session) as other:
            request_id = other.submit("exec", "while True: pass")
            time.sleep(0.5)
            console.line(":interrupt")
            console.expect("posertalkr: interrupted")
            console.expect(">>> ")
            self.assertEqual(other.wait(request_id).error.code_name, "interrupted")
        console.line(":interrupt")
        console.expect("posertalkr: nothing to interrupt")

    def test_run_sets_file_and_main_and_tracebacks_name_the_file(self):
        console = self.console
        handle, path = tempfile.mkstemp(suffix=".py")
        os.write(handle, b"print('ran', __file__, __name__)\n\nraise ValueError('from the file')\n")
        os.close(handle)
        try:
            console.line(":run %s" % path)
            console.expect("ran %s __main__" % path)
            console.expect('File "%s", line 3, in <module>' % path)
            console.expect("ValueError: from the file")
            console.expect(">>> ")
        finally:
            os.remove(path)

    def test_tab_completes_scene_paths(self):
        console = self.console
        console.send("%Figure 1/Left Fore\t")
        console.expect("%Figure 1/Left Forearm")
        console.send("/Be\t")
        console.expect("Bend")
        console.send("\r")
        console.expect("<ParmType 'Bend' of 'Left Forearm'")

    def test_tab_gives_up_quickly_behind_another_session_s_long_request(self):
        console = self.console
        with posertalkr_client.Client(HOST, PORT, session="busy-%s" % self.session) as other:
            busy = other.submit("exec", "import time; time.sleep(4)")
            time.sleep(0.3)
            started = time.time()
            console.send("SCENE.CurrentAc\tZ")  # Z is echoed once the completer has given up
            console.expect("SCENE.CurrentAc", timeout=3)
            console.expect("Z", timeout=3)  # after readline's bell: no completions
            self.assertLess(time.time() - started, 2.5)
            other.wait(busy).result()
        console.send("\x15")  # Ctrl-U: drop the line
        console.line("=6*7")
        console.expect("42")
        console.send("SCENE.CurrentAc\t")
        console.expect("SCENE.CurrentActor")
        console.send("\r")
        console.expect("<bound method")
        console.expect(">>> ")

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


class NarrowTerminalTests(unittest.TestCase):
    """A colored prompt must take no room in readline's sums (its escapes between \\001 and
    \\002): else, on a line near the terminal's width, readline believes the line wrapped
    and its redraws land on the wrong row."""

    def test_recalled_long_lines_are_redrawn_on_their_own_row(self):
        console = PtyConsole(session="narrow-%d" % os.getpid(), columns=40)
        try:
            console.expect(">>> ")
            console.settle(0.2)
            self.assertIn("\x1b[32m>>> \x1b[0m", console.raw)
            self.assertNotIn("\x01", console.raw)
            expression = "'abcdefghijklmnopqrstuvwxyz0123'"  # 32 characters: fits after ">>> "
            console.line(expression)
            console.expect("'abcdefghijklmnopqrstuvwxyz0123'\n")
            console.expect(">>> ")
            console.settle(0.2)
            console.send("\x1b[A")
            console.expect(expression)
            console.settle(0.2)
            before = len(console.raw)
            console.send("\x01")  # Ctrl-A: to the start of the line
            console.settle(0.5)
            self.assertNotIn("\x1b[A", console.raw[before:], "readline moved up a row: it counted the "
                             "prompt's color escapes as text")
            console.send("\r")
            console.expect("'abcdefghijklmnopqrstuvwxyz0123'\n")
        finally:
            console.close()


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

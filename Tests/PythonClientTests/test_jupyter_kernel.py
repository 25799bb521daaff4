"""The Jupyter kernel (PythonShims/posertalkr_kernel.py) driven by the real Jupyter clients:
jupyter_client's KernelManager (execute, streamed output, errors, rich output, interrupt,
completion, inspection, restart, a named session, a server that goes away and comes back)
and nbclient running samples/posertalkr_tour.ipynb end to end, against a real server.

ipykernel, jupyter_client, nbclient and nbformat come from PyPI into a virtualenv this test
makes (.build/jupyter-venv, reused while it has them; .gitignore covers it). The client
package is installed there as a user would, ``pip install "PythonShims[jupyter]"`` (from a
copy, so the checkout stays clean), and its ``posertalkr-kernel install`` writes the
kernelspec. When PyPI cannot be reached the test is skipped and says so.

Run by the Swift test like the other modules (POSERTALKR_TEST_HOST/PORT: a running server;
POSERTALKR_TEST_SERVER: the binary, for the server this test stops). The test methods of
``KernelTests`` and ``NotebookTests`` run inside the virtualenv's Python, started by
``JupyterKernelTests`` with POSERTALKR_JUPYTER_INSIDE=1."""

from __future__ import print_function

import base64
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

from support import HOST, PORT, REPO, posertalkr_client

INSIDE = os.environ.get("POSERTALKR_JUPYTER_INSIDE") == "1"
VENV = os.path.join(REPO, ".build", "jupyter-venv")
VENV_PYTHON = os.path.join(VENV, "bin", "python")
REQUIREMENTS = ["ipykernel>=6", "jupyter_client>=7", "nbclient>=0.5", "nbformat>=5", "wheel"]
BUDGET_SECONDS = 250  # all of it, within the Swift test's limit; the first run downloads ~30 packages
KERNEL = "posertalkr-test"
NOTEBOOK = os.path.join(REPO, "samples", "posertalkr_tour.ipynb")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run_bounded(command, seconds, **options):
    """(status, output) of a command, killed after ``seconds`` (status None then)."""
    seconds = max(1.0, seconds)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **options)
    timer = threading.Timer(seconds, process.kill)
    timer.start()
    try:
        output = process.communicate()[0].decode("utf-8", "replace")
    finally:
        killed = not timer.is_alive()
        timer.cancel()
    return (None if killed else process.returncode), output


def pypi_problem():
    """Why PyPI cannot be reached, or None when it can (through the usual proxy settings)."""
    try:
        from urllib.request import urlopen
    except ImportError:  # Python 2.7: this test needs Python 3 anyway
        return "Python 3 is needed"
    try:
        urlopen("https://pypi.org/simple/ipykernel/", timeout=10).close()
    except Exception as problem:  # any failure to reach it
        return "%s: %s" % (type(problem).__name__, problem)
    return None


def prepare_virtualenv(deadline):
    """Makes (or reuses) the virtualenv with the Jupyter packages; raises SkipTest without PyPI."""
    check = [VENV_PYTHON, "-c", "import ipykernel, jupyter_client, nbclient, nbformat, wheel, setuptools"]
    if os.path.exists(VENV_PYTHON) and run_bounded(check, 60)[0] == 0:
        return
    problem = pypi_problem()
    if problem is not None:
        raise unittest.SkipTest("PyPI is not reachable (%s): the Jupyter kernel test needs ipykernel, "
                                "jupyter_client, nbclient and nbformat from it" % problem)
    if not os.path.exists(VENV_PYTHON):
        status, output = run_bounded([sys.executable, "-m", "venv", VENV], min(60, deadline - time.time()))
        assert status == 0, "could not make the virtualenv %s:\n%s" % (VENV, output)
    status, output = run_bounded(
        [VENV_PYTHON, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--timeout", "30",
         "--retries", "2"] + REQUIREMENTS, min(150, deadline - time.time() - 60))
    if status != 0 and pypi_problem() is not None:
        raise unittest.SkipTest("PyPI went away while installing the Jupyter packages:\n" + output)
    assert status == 0, "pip install %s failed (status %s):\n%s" % (" ".join(REQUIREMENTS), status, output)


def install_client_package(home, deadline):
    """``pip install "PythonShims[jupyter]"`` (a copy of it) into the virtualenv, offline: the
    extra's dependencies are already there."""
    source = os.path.join(home, "PythonShims")
    shutil.copytree(os.path.join(REPO, "PythonShims"), source,
                    ignore=shutil.ignore_patterns("poser", "__pycache__", "*.pyc", "build", "*.egg-info"))
    run_bounded([VENV_PYTHON, "-m", "pip", "uninstall", "-q", "-y", "posertalkr-client"], 60)
    status, output = run_bounded(
        [VENV_PYTHON, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-index",
         "--no-build-isolation", source + "[jupyter]"], min(120, deadline - time.time()), cwd=home)
    assert status == 0, "pip install PythonShims[jupyter] failed:\n" + output


class JupyterKernelTests(unittest.TestCase):
    """Prepares the virtualenv, then runs this module's kernel tests inside it."""

    @unittest.skipIf(INSIDE, "runs the other tests; already inside")
    def test_the_kernel_with_the_real_jupyter_clients(self):
        if sys.version_info < (3, 8):
            self.skipTest("the Jupyter kernel needs Python 3.8 or later (ipykernel)")
        started = time.time()
        deadline = started + BUDGET_SECONDS
        try:
            prepare_virtualenv(deadline)
        except unittest.SkipTest as skipped:
            print("[figure] jupyter kernel: skipped: %s" % skipped)
            raise
        home = tempfile.mkdtemp(prefix="posertalkr-jupyter-")
        try:
            install_client_package(home, deadline)
            environment = dict(os.environ, POSERTALKR_JUPYTER_INSIDE="1", POSERTALKR_JUPYTER_HOME=home)
            status, output = run_bounded(
                [VENV_PYTHON, "-m", "unittest", "-v", "test_jupyter_kernel"], deadline - time.time(),
                env=environment, cwd=os.path.dirname(os.path.abspath(__file__)))
        finally:
            shutil.rmtree(home, ignore_errors=True)
        sys.stderr.write(output)
        counts = re.search(r"Ran (\d+) tests? in ([0-9.]+)s", output)
        if counts:
            print("[figure] jupyter kernel: %d tests inside the virtualenv in %ss (%.0f s in all)"
                  % (int(counts.group(1)) - 1, counts.group(2), time.time() - started))
        self.assertEqual(status, 0, "the kernel tests failed (status %s; None: stopped at the %d s budget)"
                         % (status, BUDGET_SECONDS))
        self.assertRegex(output, r"\nOK")


# -- inside the virtualenv -------------------------------------------------------------------------


def setUpModule():
    if not INSIDE:
        return
    home = os.environ["POSERTALKR_JUPYTER_HOME"]
    for name, folder in (("JUPYTER_DATA_DIR", "data"), ("JUPYTER_CONFIG_DIR", "config"),
                         ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython")):
        os.environ[name] = os.path.join(home, folder)
    os.environ["JUPYTER_PATH"] = os.path.join(home, "prefix", "share", "jupyter")
    for name in ("POSERTALKR_SESSION", "POSERTALKR_TOKEN", "POSERTALKR_TOKEN_FILE", "POSERTALKR_TLS",
                 "POSERTALKR_HOST", "POSERTALKR_PORT"):
        os.environ.pop(name, None)
    prefix = os.path.join(home, "prefix")
    # `posertalkr-kernel install`, with settings, as a user would (the tests' usual kernel) ...
    command = os.path.join(os.path.dirname(sys.executable), "posertalkr-kernel")
    subprocess.check_call([command, "install", "--prefix", prefix, "--name", KERNEL,
                           "--host", HOST, "--port", str(PORT), "--complete-timeout", "1"])
    # ... and `jupyter kernelspec install` of the checkout's spec (settings from the environment).
    jupyter = os.path.join(os.path.dirname(sys.executable), "jupyter")
    subprocess.check_call([jupyter, "kernelspec", "install", "--prefix", prefix,
                           os.path.join(REPO, "PythonShims", "kernelspec", "posertalkr")],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def start_kernel(name=KERNEL, env=None):
    from jupyter_client.manager import KernelManager

    manager = KernelManager(kernel_name=name)
    environment = dict(os.environ)
    environment.update(env or {})
    manager.start_kernel(env=environment)
    connection = manager.client()
    connection.start_channels()
    connection.wait_for_ready(timeout=60)
    return manager, connection


def stop_kernel(manager, connection):
    connection.stop_channels()
    manager.shutdown_kernel(now=True)


class Cell(object):
    """What one execute request produced: the reply and the iopub messages, with times."""

    def __init__(self, connection, code, timeout=30, during=None):
        self.started = time.time()
        message_id = connection.execute(code)
        if during is not None:
            during()
        self.messages = []
        while True:
            message = connection.get_iopub_msg(timeout=timeout)
            if message["parent_header"].get("msg_id") != message_id:
                continue
            kind = message["msg_type"]
            if kind == "status" and message["content"]["execution_state"] == "idle":
                break
            if kind in ("stream", "execute_result", "display_data", "error"):
                self.messages.append((time.time(), kind, message["content"]))
        while True:
            reply = connection.get_shell_msg(timeout=timeout)
            if reply["parent_header"].get("msg_id") == message_id:
                break
        self.finished = time.time()
        self.reply = reply["content"]

    @property
    def status(self):
        return self.reply["status"]

    @property
    def stdout(self):
        return "".join(c["text"] for _, kind, c in self.messages if kind == "stream" and c["name"] == "stdout")

    @property
    def stderr(self):
        return "".join(c["text"] for _, kind, c in self.messages if kind == "stream" and c["name"] == "stderr")

    @property
    def result(self):
        results = [c for _, kind, c in self.messages if kind == "execute_result"]
        return results[-1]["data"] if results else None

    @property
    def error(self):
        errors = [c for _, kind, c in self.messages if kind == "error"]
        return errors[-1] if errors else None

    @property
    def traceback(self):
        return ANSI.sub("", "\n".join(self.error["traceback"]))


@unittest.skipUnless(INSIDE, "runs inside the Jupyter virtualenv (JupyterKernelTests starts it)")
class KernelTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.manager, cls.connection = start_kernel()

    @classmethod
    def tearDownClass(cls):
        stop_kernel(cls.manager, cls.connection)

    def cell(self, code, **options):
        return Cell(self.connection, code, **options)

    def test_output_streams_into_the_cell_while_it_runs(self):
        cell = self.cell("import sys, time\nprint('first')\ntime.sleep(0.8)\nprint('late', file=sys.stderr)")
        self.assertEqual(cell.status, "ok")
        self.assertEqual((cell.stdout, cell.stderr), ("first\n", "late\n"))
        first = [when for when, kind, content in cell.messages if kind == "stream"][0]
        self.assertGreater(cell.finished - first, 0.5, "the first line came only at the end")

    def test_the_last_expression_is_shown_and_kept_in_underscore(self):
        cell = self.cell("x = 41\nx + 1")
        self.assertEqual(cell.result, {"text/plain": "42"})
        self.assertEqual(cell.reply["execution_count"], cell.messages[-1][2]["execution_count"])
        self.assertEqual(self.cell("_ + 1").result, {"text/plain": "43"})
        self.assertIsNone(self.cell("y = 1").result)
        self.assertIsNone(self.cell("None").result)
        self.assertEqual(self.cell("SCENE.CurrentActor()").result["text/plain"],
                         "<ActorType 'Hip' (bodypart, Figure 1)>")

    def test_rich_output_is_evaluated_on_the_server(self):
        cell = self.cell(
            "import os, tempfile\n"
            "class Picture(object):\n"
            "    def __init__(self, path):\n"
            "        self.path = path\n"
            "    def _repr_png_(self):\n"
            "        return open(self.path, 'rb').read()\n"
            "    def _repr_html_(self):\n"
            "        return '<b>%s</b>' % os.getpid()\n"
            "picture_path = os.path.join(tempfile.gettempdir(), 'posertalkr-kernel-test.png')\n"
            "SCENE.SaveImage('png', picture_path)\n"
            "Picture(picture_path)")
        self.assertEqual(cell.status, "ok", cell.error)
        data = cell.result
        png = base64.b64decode(data["image/png"])
        self.assertTrue(png.startswith(b"\x89PNG\r\n\x1a\n"))
        with posertalkr_client.Client(HOST, PORT) as server:
            self.assertEqual(data["text/html"], "<b>%s</b>" % server.eval("__import__('os').getpid()"))
            self.assertEqual(png, bytes(server.get("open(%r, 'rb').read()" % server.eval(
                "__import__('tempfile').gettempdir() + '/posertalkr-kernel-test.png'"))))
        self.assertIn("Picture object", data["text/plain"])

    def test_errors_show_the_remote_traceback_with_the_cells_line_numbers(self):
        cell = self.cell("def inner():\n    return {}['missing']\n\n\nvalue = inner()")
        self.assertEqual(cell.status, "error")
        self.assertEqual((cell.reply["ename"], cell.error["ename"]), ("KeyError", "KeyError"))
        text = cell.traceback
        execution = cell.reply["execution_count"]
        self.assertRegex(text, r'File "<cell \[%d\] [0-9a-f]{8}>", line 5, in <module>\n    value = inner\(\)'
                         % execution)
        self.assertRegex(text, r'line 2, in inner\n    return \{\}\[\'missing\'\]')
        self.assertNotIn("posertalkr-kernel", text)
        self.assertNotIn("<input>", text)
        self.assertTrue(text.endswith("KeyError: 'missing'"), text)
        syntax = self.cell("x = 1\ny = (\n")
        self.assertEqual(syntax.reply["ename"], "SyntaxError")
        self.assertIn("line 2", syntax.traceback)
        self.assertEqual(self.cell("=1+1").result, {"text/plain": "2"})

    def test_path_lines_and_equals_cells_work_as_in_the_console(self):
        cell = self.cell("%Figure 1/lForeArm/Bend\nname = 'x'\n%hip/yrot")
        self.assertEqual(cell.stdout, "<ParmType 'Bend' of 'Left Forearm' = 0>\n<ParmType 'Twist' of 'Hip' = 0>\n")
        listing = self.cell("%Figure 1/")
        self.assertTrue(listing.stdout.startswith("Body\nHip\nAbdomen\n"), listing.stdout)
        # A % inside brackets or a string is Python's.
        self.assertEqual(self.cell("(7\n% 4)").result, {"text/plain": "3"})
        self.assertEqual(self.cell("'''\n%not a path\n'''").result, {"text/plain": repr("\n%not a path\n")})
        typo = self.cell("%hip/bendd")
        self.assertEqual(typo.status, "error")
        self.assertEqual(typo.traceback, "PathError: 'hip/bendd': actor 'hip' has no parameter 'bendd'; "
                                         "did you mean 'Bend'?")
        self.assertEqual(self.cell("=SCENE.CurrentActor().Name()").result, {"text/plain": "Hip"})
        self.assertEqual(self.cell("\n= 'multi' +\\\n  'line'").result, {"text/plain": "multiline"})

    def test_interrupt_stops_the_remote_request(self):
        def interrupt_soon():
            time.sleep(1.0)
            self.manager.interrupt_kernel()

        cell = self.cell("print('looping')\nwhile True:\n    pass", during=interrupt_soon)
        self.assertEqual(cell.status, "error")
        self.assertEqual(cell.reply["ename"], "RequestInterrupted")
        self.assertRegex(cell.traceback, r'File "<cell \[\d+\] [0-9a-f]{8}>", line [23], in <module>')
        self.assertTrue(cell.traceback.endswith("RequestInterrupted: the request was interrupted by an "
                                                "interrupt request"), cell.traceback)
        self.assertEqual(cell.stdout, "looping\n")
        self.assertLess(cell.finished - cell.started, 10)
        self.assertEqual(self.cell("'alive'").result, {"text/plain": "'alive'"})

    def test_completion_and_inspection_ask_the_server(self):
        self.cell("my_long_variable_name = 1")
        reply = self.connection.complete("my_long_var", 11, reply=True, timeout=10)["content"]
        self.assertEqual(reply["matches"], ["my_long_variable_name"])
        self.assertEqual((reply["cursor_start"], reply["cursor_end"]), (0, 11))
        reply = self.connection.complete("x = SCENE.CurrentAc", reply=True, timeout=10)["content"]
        self.assertEqual(reply["matches"], ["CurrentActor"])
        self.assertEqual(reply["cursor_start"], len("x = SCENE."))
        reply = self.connection.complete("%Figure 1/Left Fore", reply=True, timeout=10)["content"]
        self.assertEqual(reply["matches"], ["Left Forearm"])
        reply = self.connection.inspect("SCENE.Actor(", reply=True, timeout=10)["content"]
        self.assertTrue(reply["found"])
        text = ANSI.sub("", reply["data"]["text/plain"])
        self.assertIn("Signature: Actor(actorName)", text)
        self.assertIn("Docstring:", text)
        reply = self.connection.inspect("%hip/Bend", reply=True, timeout=10)["content"]
        self.assertIn("<ParmType 'Bend' of 'Hip'", ANSI.sub("", reply["data"]["text/plain"]))
        self.assertFalse(self.connection.inspect("nothing_by_this_name", reply=True, timeout=10)["content"]["found"])

    def test_completion_does_not_wait_for_a_long_request_of_another_session(self):
        with posertalkr_client.Client(HOST, PORT, session="busy-%d" % os.getpid()) as other:
            busy = other.submit("exec", "import time; time.sleep(4)")
            time.sleep(0.3)
            started = time.time()
            reply = self.connection.complete("SCENE.CurrentAc", reply=True, timeout=10)["content"]
            waited = time.time() - started
            self.assertEqual((reply["status"], reply["matches"]), ("ok", []))
            self.assertLess(waited, 3.0, "completion waited for the other session's request")
            inspected = self.connection.inspect("SCENE", reply=True, timeout=10)["content"]
            self.assertFalse(inspected["found"])
            other.wait(busy).result()
        # The connection goes on: the given-up requests' late replies are dropped.
        self.assertEqual(self.cell("6 * 7").result, {"text/plain": "42"})
        reply = self.connection.complete("SCENE.CurrentAc", reply=True, timeout=10)["content"]
        self.assertEqual(reply["matches"], ["CurrentActor"])


@unittest.skipUnless(INSIDE, "runs inside the Jupyter virtualenv (JupyterKernelTests starts it)")
class KernelLifeTests(unittest.TestCase):
    def test_restart_gives_a_fresh_session_under_the_same_name(self):
        manager, connection = start_kernel()
        try:
            first = Cell(connection, "kept = 1\n__posertalkr_session__")
            self.assertEqual(first.status, "ok")
            session = first.result["text/plain"]
            self.assertRegex(session, r"^'notebook-[0-9a-f]{8}'$")
            manager.restart_kernel()
            connection.wait_for_ready(timeout=60)
            after = Cell(connection, "'kept' in globals(), __posertalkr_session__, SCENE.CurrentActor().Name()")
            self.assertEqual(after.result, {"text/plain": "(False, %s, 'Hip')" % session})
            self.assertEqual(Cell(connection, "%hip/Bend").stdout, "<ParmType 'Bend' of 'Hip' = 0>\n")
        finally:
            stop_kernel(manager, connection)

    def test_a_new_kernel_s_first_completion_does_not_wait_for_another_session_either(self):
        manager, connection = start_kernel()
        try:
            with posertalkr_client.Client(HOST, PORT, session="busier-%d" % os.getpid()) as other:
                busy = other.submit("exec", "import time; time.sleep(3)")
                time.sleep(0.3)
                started = time.time()
                reply = connection.complete("SCENE.CurrentAc", reply=True, timeout=10)["content"]
                self.assertLess(time.time() - started, 2.5)
                self.assertEqual(reply["matches"], [])
                other.wait(busy).result()
            self.assertEqual(Cell(connection, "=40 + 2").result, {"text/plain": "42"})
            reply = connection.complete("SCENE.CurrentAc", reply=True, timeout=10)["content"]
            self.assertEqual(reply["matches"], ["CurrentActor"])
        finally:
            stop_kernel(manager, connection)

    def test_the_kernelspec_route_and_a_session_named_in_the_environment(self):
        # The checkout's spec, installed with `jupyter kernelspec install`; settings from the
        # environment.
        jupyter = os.path.join(os.path.dirname(sys.executable), "jupyter")
        listed = json.loads(subprocess.check_output([jupyter, "kernelspec", "list", "--json"]).decode("utf-8"))
        self.assertLessEqual(set(["posertalkr", KERNEL]), set(listed["kernelspecs"]))
        self.assertEqual(listed["kernelspecs"][KERNEL]["spec"]["argv"][1:],
                         ["-m", "posertalkr_kernel", "-f", "{connection_file}", "--host", HOST,
                          "--port", str(PORT), "--complete-timeout", "1.0"])
        session = "shared-with-a-console-%d" % os.getpid()
        manager, connection = start_kernel("posertalkr", env={
            "POSERTALKR_HOST": HOST, "POSERTALKR_PORT": str(PORT), "POSERTALKR_SESSION": session})
        try:
            cell = Cell(connection, "shared = 'from the notebook'\nprint(__posertalkr_session__)")
            self.assertEqual((cell.status, cell.stdout), ("ok", session + "\n"))
            with posertalkr_client.Client(HOST, PORT, session=session) as console:
                self.assertEqual(console.eval("shared"), "from the notebook")
                console.execute("answer = 42")
            self.assertEqual(Cell(connection, "answer").result, {"text/plain": "42"})
        finally:
            stop_kernel(manager, connection)

    def test_a_server_that_is_down_gives_a_clear_message_then_the_next_cell_reconnects(self):
        port = free_port()
        server = start_server(port)
        manager, connection = start_kernel("posertalkr", env={"POSERTALKR_PORT": str(port),
                                                              "POSERTALKR_HOST": HOST})
        try:
            self.assertEqual(Cell(connection, "6 * 7").result, {"text/plain": "42"})
            stop_server(server)
            down = Cell(connection, "6 * 7")
            self.assertEqual(down.status, "error")
            self.assertEqual(down.reply["ename"], "ServerUnavailable")
            self.assertIn("127.0.0.1:%d" % port, down.reply["evalue"])
            again = Cell(connection, "1 + 1")
            self.assertIn("is not reachable", again.reply["evalue"])
            server = start_server(port)
            back = Cell(connection, "print('back')\n6 * 7")
            self.assertEqual((back.status, back.stdout, back.result), ("ok", "back\n", {"text/plain": "42"}))
        finally:
            stop_kernel(manager, connection)
            stop_server(server)


def free_port():
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


def start_server(port):
    server = subprocess.Popen([os.environ["POSERTALKR_TEST_SERVER"], "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    line = server.stdout.readline().decode("utf-8")
    server.stdout.close()
    assert "listening on" in line, line
    return server


def stop_server(server):
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        server.wait()


@unittest.skipUnless(INSIDE, "runs inside the Jupyter virtualenv (JupyterKernelTests starts it)")
class NotebookTests(unittest.TestCase):
    def test_the_sample_notebook_runs_end_to_end_with_nbclient(self):
        import nbformat
        from nbclient import NotebookClient

        notebook = nbformat.read(NOTEBOOK, as_version=4)
        self.assertEqual(notebook.metadata.kernelspec.name, "posertalkr")
        NotebookClient(notebook, kernel_name=KERNEL, timeout=60).execute()
        outputs = dict((cell.id, cell.outputs) for cell in notebook.cells if cell.cell_type == "code")

        def data(cell_id):
            return [output.data for output in outputs[cell_id] if output.output_type == "execute_result"][0]

        self.assertEqual(data("tour-02")["text/plain"], "('Figure 1', 'Hip')")
        self.assertEqual(outputs["tour-04"][0].text,
                         "<ParmType 'Bend' of 'Left Forearm' = 0>\n<ParmType 'Twist' of 'Hip' = 0>\n")
        self.assertEqual(data("tour-05")["text/plain"], "Hip")
        self.assertEqual("".join(output.text for output in outputs["tour-07"]), "step 0\nstep 1\nstep 2\n")
        self.assertIn("<td>Left Forearm</td><td>Bend</td><td>-45</td>", data("tour-09")["text/html"])
        self.assertTrue(base64.b64decode(data("tour-11")["image/png"]).startswith(b"\x89PNG"))
        typo, = outputs["tour-13"]
        self.assertEqual((typo.output_type, typo.ename), ("error", "PathError"))
        self.assertIn("did you mean 'Bend'?", typo.evalue)
        error, = outputs["tour-15"]
        traceback = ANSI.sub("", "\n".join(error.traceback))
        self.assertIn("line 4, in <module>\n    twist_per(hip, SCENE.Frame())", traceback)
        self.assertIn("line 2, in twist_per\n    return actor.Parameter('Twist').Value() / frames", traceback)
        self.assertEqual(data("tour-17")["text/plain"], "0")


if __name__ == "__main__":
    unittest.main()

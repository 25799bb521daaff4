"""The client module against a real server; runs under Python 2.7 and 3.x alike."""

from __future__ import print_function

import array
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import unittest

from support import HOST, PORT, REPO, OwnServer, client, posertalkr_client

RemoteError = posertalkr_client.RemoteError


class ClientTests(unittest.TestCase):
    def setUp(self):
        self.server = client(session="client-test-%d-%s" % (sys.version_info[0], self.id().split(".")[-1]))

    def tearDown(self):
        self.server.close()

    def test_eval_execute_and_path(self):
        self.assertEqual(self.server.eval("4+5"), "9")
        self.assertEqual(self.server.eval("SCENE.CurrentActor().Name()"), "Hip")
        self.assertEqual(self.server.execute("x = 41"), "")
        self.assertEqual(self.server.eval("x + 1"), "42")
        self.assertEqual(self.server.path("Figure 1/lForeArm/Bend"), "<ParmType 'Bend' of 'Left Forearm' = 0>")

    def test_execute_returns_what_was_printed(self):
        printed = self.server.execute("import sys\nprint('out')\nprint('err', file=sys.stderr)\n")
        self.assertEqual(printed, "out\n")
        self.assertEqual(self.server.last_reply.stderr, "err\n")

    def test_unicode_round_trips(self):
        self.assertEqual(self.server.eval(u"'caf\u00e9 \u2603'.upper()"), u"CAF\u00c9 \u2603")

    def test_remote_errors_carry_the_traceback(self):
        with self.assertRaises(RemoteError) as caught:
            self.server.execute("def f():\n    return 1/0\nf()\n")
        error = caught.exception
        self.assertEqual(error.code_name, "python-exception")
        self.assertEqual(error.type_name, "ZeroDivisionError")
        self.assertIn("return 1/0", error.remote_traceback)
        self.assertTrue(error.remote_traceback.startswith("Traceback (most recent call last):"))
        self.assertEqual(self.server.eval("2"), "2")

    def test_system_exit_is_an_error_not_a_shutdown(self):
        with self.assertRaises(RemoteError) as caught:
            self.server.execute("raise SystemExit(3)")
        self.assertEqual(caught.exception.type_name, "SystemExit")
        self.assertEqual(self.server.eval("'still here'"), "still here")

    def test_put_binds_bytes_and_get_returns_them(self):
        self.server.put("blob", b"\x00\x01\xff")
        self.assertEqual(self.server.eval("type(blob).__name__, len(blob)"), "('bytes', 3)")
        self.assertEqual(bytes(self.server.get("blob * 2")), b"\x00\x01\xff\x00\x01\xff")
        floats = array.array("f", [1.5, -2.0, 3.25])
        self.server.put("floats", floats)
        echoed = array.array("f")
        data = self.server.get("__import__('array').array('f', floats)")
        if sys.version_info[0] == 2:
            echoed.fromstring(bytes(data))
        else:
            echoed.frombytes(data)
        self.assertEqual(list(echoed), [1.5, -2.0, 3.25])
        self.assertEqual(bytes(self.server.get("memoryview(b'abc')[1:]")), b"bc")
        self.assertEqual(bytes(self.server.get("bytearray(70000)")), b"\x00" * 70000)

    def test_get_of_a_value_without_bytes_is_a_clear_error(self):
        with self.assertRaises(RemoteError) as caught:
            self.server.get("12")
        self.assertEqual(caught.exception.code_name, "not-a-buffer")
        self.assertIn("got int", caught.exception.message)

    def test_put_refuses_names_that_are_not_identifiers(self):
        with self.assertRaises(RemoteError) as caught:
            self.server.put("not a name", b"x")
        self.assertIn("identifier", caught.exception.message)

    def test_output_streams_to_the_callback(self):
        seen = []
        self.server.execute("for i in range(3): print(i)", on_output=lambda stream, text: seen.append((stream, text)))
        self.assertEqual("".join(text for _, text in seen), "0\n1\n2\n")
        self.assertEqual(set(stream for stream, _ in seen), set(["stdout"]))

    def test_interrupt_from_another_thread(self):
        timer = threading.Timer(0.3, self.server.interrupt)
        timer.start()
        started = time.time()
        with self.assertRaises(RemoteError) as caught:
            self.server.execute("while True: pass")
        timer.join()
        self.assertEqual(caught.exception.code_name, "interrupted")
        self.assertLess(time.time() - started, 5)
        self.assertEqual(self.server.eval("'alive'"), "alive")

    def test_ctrl_c_in_the_middle_of_a_reply_keeps_the_connection_in_step(self):
        import signal

        sent = []

        def progress(received, total):
            if not sent:
                sent.append(received)
                os.kill(os.getpid(), signal.SIGINT)  # as Ctrl-C would, half-way through the bytes

        data = self.server.get("bytearray(32 << 20)", progress=progress)
        self.assertEqual(len(data), 32 << 20)
        self.assertTrue(sent and 0 < sent[0] < 32 << 20, sent)
        self.assertEqual(self.server.eval("'in step'"), "in step")

    def test_named_sessions_are_separate_or_shared_on_purpose(self):
        with client(session="shared-%d" % sys.version_info[0]) as first:
            with client(session="shared-%d" % sys.version_info[0]) as second:
                first.execute("token = 'shared'")
                self.assertEqual(second.eval("token"), "shared")
        with self.assertRaises(RemoteError):
            self.server.eval("token")

    def test_run_file_runs_a_script_as_poser_runs_a_file(self):
        handle, path = tempfile.mkstemp(suffix=".py")
        os.write(handle, b"import sys\nprint(__name__, __file__)\nif len(sys.argv) > 5:\n    pass\n"
                         b"def fail():\n    raise KeyError('in the file')\n")
        os.close(handle)
        try:
            self.assertEqual(self.server.run_file(path), "__main__ %s\n" % path)
            self.assertEqual(self.server.eval("__file__"), path)
            with self.assertRaises(RemoteError) as caught:
                self.server.execute("fail()")
            self.assertIn('File "%s", line 6, in fail' % path, caught.exception.remote_traceback)
            self.assertIn("raise KeyError('in the file')", caught.exception.remote_traceback)
            printed = self.server.run_file("elsewhere.py", source=u"print(__file__)\n", remote_path="C:/poser/x.py")
            self.assertEqual(printed, "C:/poser/x.py\n")
        finally:
            os.remove(path)

    def test_a_wait_with_a_timeout_gives_up_and_the_connection_goes_on(self):
        with client(session="busy-%d" % sys.version_info[0]) as other:
            busy = other.submit("exec", "import time; time.sleep(1.5)")
            time.sleep(0.2)
            waiting = self.server.submit("eval", "'late'")
            started = time.time()
            with self.assertRaises(posertalkr_client.ReplyTimeout):
                self.server.wait(waiting, timeout=0.3)
            self.assertLess(time.time() - started, 1.0)
            self.server.abandon(waiting)
            self.assertEqual(self.server.eval("'next'"), "next")
            other.wait(busy).result()

    def test_ping(self):
        self.assertEqual(self.server.ping(b"echo"), b"echo")

    def test_pipelined_requests_come_back_in_order(self):
        replies = self.server.pipeline([("eval", "%d * 3" % i) for i in range(500)])
        self.assertEqual([reply.value for reply in replies], [str(i * 3) for i in range(500)])

    def test_context_manager_closes(self):
        with client() as connection:
            self.assertEqual(connection.eval("1"), "1")
        self.assertIsNone(connection._sock)

    def test_connection_refused_is_a_protocol_error(self):
        with self.assertRaises(posertalkr_client.ProtocolError):
            posertalkr_client.Client(HOST, 1, connect_timeout=2)


FAKE_C4D = """
# A stand-in for Cinema 4D's c4d module: records what the bridge builds.
import json, os
MSG_UPDATE = 1
built = []
class Vector(object):
    def __init__(self, x, y, z):
        self.x, self.y, self.z = x, y, z
class CPolygon(object):
    def __init__(self, a, b, c, d=None):
        self.corners = (a, b, c, c if d is None else d)
class PolygonObject(object):
    def __init__(self, points, polygons):
        self.points, self.polygons, self.name = [None] * points, [None] * polygons, ""
    def SetPoint(self, index, vector):
        self.points[index] = vector
    def SetPolygon(self, index, polygon):
        self.polygons[index] = polygon
    def SetName(self, name):
        self.name = name
    def GetName(self):
        return self.name
    def GetPointCount(self):
        return len(self.points)
    def GetPolygonCount(self):
        return len(self.polygons)
    def Message(self, kind):
        pass
class _Document(object):
    def InsertObject(self, mesh):
        with open(os.environ["FAKE_C4D_RECORD"], "w") as handle:
            json.dump({"name": mesh.name, "first_point": [mesh.points[0].x, mesh.points[0].y, mesh.points[0].z],
                       "polygons": len(mesh.polygons), "points": len(mesh.points)}, handle)
class documents(object):
    @staticmethod
    def GetActiveDocument():
        return _Document()
def EventAdd():
    pass
"""


class BridgeSampleTests(unittest.TestCase):
    sample = os.path.join(REPO, "samples", "c4d_bridge.py")

    def run_sample(self, *arguments, **environment):
        process = subprocess.Popen([sys.executable, self.sample, "--host", HOST, "--port", str(PORT),
                                    "--morph", "bridge_test_inflate"] + list(arguments),
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   env=dict(os.environ, **environment))
        out, err = process.communicate()
        self.assertEqual(process.returncode, 0, err.decode("utf-8"))
        return out.decode("utf-8")

    def tearDown(self):
        with client() as server:
            server.execute("for _a in SCENE.CurrentFigure().Actors():\n"
                           "    _d = _a.Parameter('bridge_test_inflate')\n"
                           "    if _d is not None: _d.SetValue(0)\n")

    def test_running_the_bridge_twice_leaves_one_morph_of_the_same_shape(self):
        first = self.run_sample()
        second = self.run_sample()
        delta = re.compile(r"largest vertex delta of the Hip morph: ([0-9.]+)")
        self.assertEqual(delta.search(first).group(1), delta.search(second).group(1))
        self.assertIn("reshaped on 53", second)
        self.assertIn("no c4d module here", first)
        with client() as server:
            self.assertEqual(server.eval("len([p for p in SCENE.Actor('hip').Parameters() "
                                         "if p.Name() == 'bridge_test_inflate'])"), "1")

    def test_inside_cinema4d_the_mesh_becomes_a_polygon_object(self):
        folder = tempfile.mkdtemp()
        try:
            with open(os.path.join(folder, "c4d.py"), "w") as handle:
                handle.write(FAKE_C4D)
            record = os.path.join(folder, "record.json")
            out = self.run_sample(PYTHONPATH=folder, FAKE_C4D_RECORD=record)
            self.assertIn("added Figure 1 to the document (1830 points, 1696 polygons)", out)
            with open(record) as handle:
                built = json.load(handle)
            with client() as server:
                x, y, z = eval(server.eval("SCENE.CurrentFigure().UnimeshInfo()[0].Vertices()[0].X(), "
                                           "SCENE.CurrentFigure().UnimeshInfo()[0].Vertices()[0].Y(), "
                                           "SCENE.CurrentFigure().UnimeshInfo()[0].Vertices()[0].Z()"))
            expected = [x * 262.128, y * 262.128, -z * 262.128]
            for got, want in zip(built["first_point"], expected):
                self.assertAlmostEqual(got, want, places=2)
        finally:
            for name in os.listdir(folder):
                os.remove(os.path.join(folder, name))
            os.rmdir(folder)


class CommandLineTests(unittest.TestCase):
    script = os.path.join(REPO, "PythonShims", "posertalkr_client.py")

    def run_tool(self, *arguments, **kwargs):
        process = subprocess.Popen(
            [sys.executable, self.script, "--host", HOST, "--port", str(PORT)] + list(arguments),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out, err = process.communicate(kwargs.get("stdin", b""))
        return process.returncode, out.decode("utf-8"), err.decode("utf-8")

    def test_runs_code_and_prints_its_output(self):
        status, out, err = self.run_tool("-c", "print(6 * 7)")
        self.assertEqual((status, out, err), (0, "42\n", ""))

    def test_evaluates_an_expression(self):
        self.assertEqual(self.run_tool("-e", "SCENE.CurrentActor().Name()")[:2], (0, "Hip\n"))

    def test_runs_a_script_from_stdin(self):
        status, out, _ = self.run_tool("-", stdin=b"for i in range(2):\n    print('line', i)\n")
        self.assertEqual((status, out), (0, "line 0\nline 1\n"))

    def test_runs_a_file(self):
        sample = os.path.join(REPO, "samples", "scene_report.py")
        status, out, _ = self.run_tool(sample)
        self.assertEqual(status, 0)
        self.assertIn("Current actor: Hip", out)

    def test_a_remote_error_exits_non_zero_with_the_traceback(self):
        status, out, err = self.run_tool("-c", "print('before'); 1/0")
        self.assertEqual(status, 1)
        self.assertEqual(out, "before\n")
        self.assertIn("ZeroDivisionError: division by zero", err)

    def test_run_file_sets_file_and_main(self):
        handle, path = tempfile.mkstemp(suffix=".py")
        os.write(handle, b"print(__name__, __file__)\n\n1/0\n")
        os.close(handle)
        try:
            for arguments in (("run", path), (path,)):
                status, out, err = self.run_tool(*arguments)
                self.assertEqual((status, out), (1, "__main__ %s\n" % path))
                self.assertIn('File "%s", line 3, in <module>' % path, err)
        finally:
            os.remove(path)

    def test_version(self):
        status, out, _ = self.run_tool("--version")
        self.assertEqual(status, 0)
        self.assertEqual(out, "posertalkr-client %s (Python %s)\n" % (
            posertalkr_client.__version__, sys.version.split()[0]))

    def test_token_hints_name_the_token_file_option(self):
        folder = tempfile.mkdtemp()
        token_file = os.path.join(folder, "token")
        wrong_file = os.path.join(folder, "wrong")
        for name, text in ((token_file, "the-right-token\n"), (wrong_file, "nope\n")):
            with open(name, "w") as handle:
                handle.write(text)
            os.chmod(name, 0o600)
        environment = dict(os.environ)
        environment.pop("POSERTALKR_TOKEN", None)
        environment.pop("POSERTALKR_TOKEN_FILE", None)
        try:
            with OwnServer("--token-file", token_file) as server:
                def tool(*arguments):
                    process = subprocess.Popen(
                        [sys.executable, self.script, "--port", str(server.port)] + list(arguments),
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment)
                    out, err = process.communicate()
                    return process.returncode, out.decode("utf-8"), err.decode("utf-8")

                status, _, err = tool("-e", "1")
                self.assertEqual(status, 2)
                self.assertIn("the server requires a token: use --token-file FILE", err)
                status, _, err = tool("--token-file", wrong_file, "-e", "1")
                self.assertEqual(status, 2)
                self.assertEqual(err.count("authentication failed"), 1, err)
                self.assertEqual(tool("--token-file", token_file, "-e", "6*7")[:2], (0, "42\n"))
        finally:
            for name in (token_file, wrong_file):
                os.remove(name)
            os.rmdir(folder)

    def test_an_unreachable_server_exits_2(self):
        process = subprocess.Popen([sys.executable, self.script, "--port", "1", "-c", "1"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        _, err = process.communicate()
        self.assertEqual(process.returncode, 2)
        self.assertIn("cannot connect", err.decode("utf-8"))


if __name__ == "__main__":
    unittest.main()

"""The client module against a real server; runs under Python 2.7 and 3.x alike."""

from __future__ import print_function

import array
import os
import subprocess
import sys
import threading
import time
import unittest

from support import HOST, PORT, REPO, client, posertalkr_client

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
        self.assertEqual(self.server.path("Figure 1/lForeArm/xRotate"), "<ParmType 'xRotate' of 'Left Forearm' = 0>")

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

    def test_named_sessions_are_separate_or_shared_on_purpose(self):
        with client(session="shared-%d" % sys.version_info[0]) as first:
            with client(session="shared-%d" % sys.version_info[0]) as second:
                first.execute("token = 'shared'")
                self.assertEqual(second.eval("token"), "shared")
        with self.assertRaises(RemoteError):
            self.server.eval("token")

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

    def test_an_unreachable_server_exits_2(self):
        process = subprocess.Popen([sys.executable, self.script, "--port", "1", "-c", "1"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        _, err = process.communicate()
        self.assertEqual(process.returncode, 2)
        self.assertIn("cannot connect", err.decode("utf-8"))


if __name__ == "__main__":
    unittest.main()

"""`pip install ./PythonShims` gives a working `posertalkr-client` command and module, in a
fresh virtualenv, without the network (the system's setuptools builds it)."""

from __future__ import print_function

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from support import HOST, PORT, REPO


class PackagingTests(unittest.TestCase):
    def test_pip_install_gives_the_command_and_the_module(self):
        home = tempfile.mkdtemp(prefix="posertalkr-venv-")
        source = os.path.join(home, "src")
        try:
            # A copy, so that the build leaves nothing behind in the checkout.
            shutil.copytree(os.path.join(REPO, "PythonShims"), source)
            venv = os.path.join(home, "venv")
            subprocess.check_call([sys.executable, "-m", "venv", "--system-site-packages", venv])
            python = os.path.join(venv, "bin", "python")
            subprocess.check_call(
                [python, "-m", "pip", "install", "-q", "--no-build-isolation", "--no-deps",
                 "--disable-pip-version-check", "--no-index", source])
            command = os.path.join(venv, "bin", "posertalkr-client")
            answer = subprocess.check_output(
                [command, "--host", HOST, "--port", str(PORT), "-e", "SCENE.CurrentActor().Name()"])
            self.assertEqual(answer.decode("utf-8"), "Hip\n")
            location = subprocess.check_output(
                [python, "-c", "import posertalkr_client, sys; sys.stdout.write(posertalkr_client.__file__)"],
                cwd=home)
            self.assertTrue(location.decode("utf-8").startswith(venv), location)
            # The kernel's command comes too; what it needs beyond the standard library is the
            # `jupyter` extra's (test_jupyter_kernel installs and drives it).
            version = subprocess.check_output([os.path.join(venv, "bin", "posertalkr-kernel"), "--version"])
            self.assertTrue(version.decode("utf-8").startswith("posertalkr-kernel "), version)
            # Only the client is installed, not the server's shims.
            status = subprocess.call([python, "-c", "import poser"], cwd=home, stderr=subprocess.DEVNULL)
            self.assertNotEqual(status, 0)
        finally:
            shutil.rmtree(home)


if __name__ == "__main__":
    unittest.main()

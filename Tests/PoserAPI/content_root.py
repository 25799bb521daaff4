"""A test case whose Poser content root is a fresh temporary folder (POSERTALKR_CONTENT_ROOT),
with a reset scene; the folder and the previous setting are restored afterwards. Shared by the
tests that write library files and documents."""

import os
import shutil
import tempfile
import unittest

import poser


class ContentRootTestCase(unittest.TestCase):
    def setUp(self):
        self.content = tempfile.mkdtemp(prefix="posertalkr-test-")
        self.saved_root = os.environ.get("POSERTALKR_CONTENT_ROOT")
        os.environ["POSERTALKR_CONTENT_ROOT"] = self.content
        self.scene = poser.ResetScene()

    def tearDown(self):
        if self.saved_root is None:
            os.environ.pop("POSERTALKR_CONTENT_ROOT", None)
        else:
            os.environ["POSERTALKR_CONTENT_ROOT"] = self.saved_root
        shutil.rmtree(self.content, True)
        poser.ResetScene()

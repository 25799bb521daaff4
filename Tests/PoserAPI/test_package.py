"""The scene package (PythonShims/poser) as a package: it imports fast in a fresh process
under the running Python (2.7 or 3.x), exports what ``__all__`` says, and still has every
public name of the single-file module it replaced.

    python3 Tests/PoserAPI/test_package.py
    ~/.pyenv/versions/2.7.18/bin/python Tests/PoserAPI/test_package.py
"""

from __future__ import print_function

import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SHIMS = os.path.join(os.path.dirname(os.path.dirname(HERE)), "PythonShims")

# Every public name of PythonShims/poser.py as of commit c09d39e (its __all__, which equals
# its non-underscore globals), frozen: scripts may use any of them.
SINGLE_MODULE_NAMES = """
    math os array
    kParmCodeXROT kParmCodeYROT kParmCodeZROT kParmCodeXTRAN kParmCodeYTRAN kParmCodeZTRAN
    kParmCodeXSCALE kParmCodeYSCALE kParmCodeZSCALE kParmCodeASCALE kParmCodeTGRASP
    kParmCodeTARGET kParmCodeFOCAL kParmCodeKDRED kParmCodeKDGREEN kParmCodeKDBLUE
    kParmCodeKDINTENSITY kParmCodeVALUE kParmCodeDEPTHMAPSIZE kParmCodeSHADOW
    kLightCodeINFINITE kLightCodeLOCAL kLightCodeSPOT kLightCodeIMAGE kLightCodePOINT
    kDialogFileChooserOpen kDialogFileChooserSave
    error VertType TexVertType PolyType GeomType GRID_SIDE ParmType ShaderNodeType
    ShaderTreeType MaterialType ActorType FigureType SceneType DialogSimple DialogFileChooser
    DialogDirChooser Scene ResetScene CallLog AppVersion Version AppLocation
    ContentRootLocation Libraries TempLocation PrefsLocation ProcessSomeEvents IsPro Language
    CloseDocument
""".split()

# Run in a fresh interpreter: the import time, then facts the tests below check.
PROBE = r"""
import sys, time
sys.path.insert(0, %r)
before = set(sys.modules)
started = time.time()
import poser
elapsed = time.time() - started
print(elapsed)
print(poser.__file__)
print(poser.Scene().CurrentActor().Name())
print(" ".join(sorted(set(sys.modules) - before)))
"""

# Loaded on first use, not by ``import poser`` and the first scene: the package's library,
# exchange and shader-node code, and standard modules only some calls need.
LOADED_ON_FIRST_USE = ("poser._libfiles", "poser._exchange", "poser._shader_nodes", "poser._material_files",
                       "poser._poserfile", "json", "traceback")


def probe():
    """(import seconds, poser.__file__, current actor's name, the modules the import and
    the first scene loaded) from a fresh interpreter."""
    output = subprocess.check_output([sys.executable, "-c", PROBE % SHIMS])
    seconds, location, actor, loaded = (output.decode("utf-8").splitlines() + [""])[:4]
    return float(seconds), location, actor, loaded.split()


def import_poser():
    if SHIMS not in sys.path:
        sys.path.insert(0, SHIMS)
    import poser

    return poser


class PackageTest(unittest.TestCase):
    def test_imports_in_a_fresh_process_in_under_a_second(self):
        seconds, location, actor, _ = probe()
        print("\n[figure] import poser (Python %d.%d): %.1f ms" % (sys.version_info[0], sys.version_info[1],
                                                                   seconds * 1000))
        self.assertLess(seconds, 1.0)
        self.assertTrue(location.startswith(os.path.join(SHIMS, "poser") + os.sep), location)
        self.assertEqual(actor, "Hip")

    def test_the_import_and_the_first_scene_leave_some_code_for_later(self):
        _, _, _, loaded = probe()
        self.assertIn("poser._scene", loaded)
        self.assertEqual([name for name in LOADED_ON_FIRST_USE if name in loaded], [])

    def test_every_name_in_all_exists(self):
        poser = import_poser()
        self.assertEqual(sorted(set(poser.__all__)), sorted(poser.__all__))
        for name in poser.__all__:
            self.assertTrue(hasattr(poser, name), name)
        self.assertFalse([name for name in poser.__all__ if name.startswith("_")])

    def test_the_single_module_names_are_all_still_there(self):
        poser = import_poser()
        self.assertEqual([name for name in SINGLE_MODULE_NAMES if not hasattr(poser, name)], [])
        self.assertEqual([name for name in SINGLE_MODULE_NAMES if name not in poser.__all__], [])

    def test_public_classes_belong_to_poser(self):
        poser = import_poser()
        for name in poser.__all__:
            value = getattr(poser, name)
            if isinstance(value, type) and value.__module__.startswith("poser"):
                self.assertEqual(value.__module__, "poser", name)

    def test_one_scene_per_process_and_reset(self):
        poser = import_poser()
        scene = poser.Scene()
        self.assertIs(poser.Scene(), scene)
        scene.Draw()
        self.assertIn(("Draw",), poser.CallLog())
        fresh = poser.ResetScene()
        self.assertIsNot(fresh, scene)
        self.assertIs(poser.Scene(), fresh)
        self.assertEqual(poser.CallLog(), [])


if __name__ == "__main__":
    unittest.main()

"""The poser module's own functions, the way scripts use them: versions parsed with float(),
folders that exist with Poser's library layout, running a file as Poser does, application
settings, rooms and palettes, the undo stack, documents, and the Types list's names.

    python3 Tests/PoserAPI/test_app.py
"""

import os
import subprocess
import sys
import textwrap
import traceback
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SHIMS = os.path.join(os.path.dirname(os.path.dirname(HERE)), "PythonShims")
if SHIMS not in sys.path:
    sys.path.insert(0, SHIMS)

import poser  # noqa: E402
from content_root import ContentRootTestCase  # noqa: E402

LIBRARIES = ("Character", "Pose", "Props", "Face", "Hand", "Hair", "Light", "Camera", "Materials")


class AppTestCase(ContentRootTestCase):
    def write(self, name, text):
        path = os.path.join(self.content, name)
        with open(path, "w") as stream:
            stream.write(textwrap.dedent(text))
        return path


class VersionTest(AppTestCase):
    def test_versions_parse_as_real_poser_scripts_parse_them(self):
        self.assertGreaterEqual(float(poser.Version()), 11.0)
        major, minor, build = poser.AppVersion().split(".")
        self.assertEqual("%s.%s" % (major, minor), poser.Version())
        self.assertTrue(build.isdigit())

    def test_edition(self):
        self.assertEqual(poser.IsPro(), 1)
        self.assertIn("Poser", poser.Flavor())
        self.assertIn(poser.Bitness(), ("32", "64"))

    def test_language(self):
        self.assertEqual(poser.Language(), poser.kLanguageCodeUSENGLISH)
        poser.SetLanguage(poser.kLanguageCodeGERMAN)
        self.assertEqual(poser.Language(), poser.kLanguageCodeGERMAN)
        self.assertRaises(poser.error, poser.SetLanguage, 999)
        poser.ResetScene()
        self.assertEqual(poser.Language(), poser.kLanguageCodeUSENGLISH)

    def test_string_resources_are_strings(self):
        self.assertEqual(poser.StringResource(1024, 1), "")


class FoldersTest(AppTestCase):
    def test_content_root_has_poser_library_layout(self):
        root = poser.ContentRootLocation()
        self.assertEqual(os.path.realpath(root), os.path.realpath(self.content))
        self.assertEqual(poser.Libraries(), [root])
        for name in LIBRARIES:
            self.assertTrue(os.path.isdir(os.path.join(root, "Runtime", "Libraries", name)), name)

    def test_application_folders_exist(self):
        self.assertTrue(os.path.isdir(os.path.dirname(poser.AppLocation())))
        self.assertTrue(os.path.isdir(poser.TempLocation()))
        self.assertTrue(os.path.isdir(poser.PrefsLocation()))
        # the scripts idiom: relative paths from the Poser folder
        os.chdir(os.path.dirname(poser.AppLocation()))
        self.assertTrue(os.path.isdir(os.path.join("Runtime", "Python")))
        os.chdir(HERE)

    def test_default_folders_in_a_fresh_process(self):
        probe = ("import sys, os; sys.path.insert(0, %r); import poser; "
                 "print(poser.ContentRootLocation()); print(poser.TempLocation()); "
                 "print(os.path.dirname(poser.AppLocation()))" % SHIMS)
        env = dict(os.environ)
        env.pop("POSERTALKR_CONTENT_ROOT", None)
        root, temp, app = subprocess.check_output([sys.executable, "-c", probe], env=env).decode().split()
        self.assertEqual(root, app)  # the Poser folder holds the main Runtime
        self.assertTrue(os.path.basename(os.path.dirname(temp)).startswith("posertalkr-"))
        self.assertFalse(os.path.exists(temp))  # removed when the process ended

    def test_colon_and_relative_paths_name_the_same_file(self):
        poser.Scene().SaveLibraryPose(":Runtime:Libraries:Pose:p.pz2")
        path = os.path.join(self.content, "Runtime", "Libraries", "Pose", "p.pz2")
        self.assertTrue(os.path.isfile(path))
        self.scene.LoadLibraryPose("Runtime\\Libraries\\Pose\\p.pz2")
        self.scene.LoadLibraryPose("Runtime/Libraries/Pose/p.pz2")
        self.scene.LoadLibraryPose(path)


    def test_the_manuals_windows_paths_still_work(self):
        scene = poser.Scene()
        scene.SaveImage("bmp", "C:\\My Documents\\My Pictures\\mypic.bmp")
        written = os.path.join(os.path.dirname(poser.AppLocation()), "My Documents", "My Pictures", "mypic.bmp")
        self.assertTrue(os.path.isfile(written))
        scene.SaveLibraryPose("Runtime:Libraries:Pose:New Folder:MyPose.pz2")
        self.assertTrue(os.path.isfile(os.path.join(self.content, "Runtime", "Libraries", "Pose", "New Folder",
                                                    "MyPose.pz2")))
        scene.LoadLibraryPose("\\Runtime\\Libraries\\Pose\\New Folder\\MyPose.pz2")
        self.assertEqual(poser.CallLog()[-1][0], "LoadLibraryPose")
        self.assertNotEqual(poser.CallLog()[-1][-1], "missing")
        outside = os.path.join(self.content + "-nowhere", "x.png")
        self.assertRaises(poser.error, scene.SaveImage, "png", outside)


class ExecFileTest(AppTestCase):
    def test_runs_as_main_with_its_file(self):
        script = self.write("script.py", """\
            import poser
            import helper
            seen = (__name__, __file__, poser.ScriptLocation(), helper.VALUE)
            poser.Scene().CurrentActor().SetName(repr(seen))
            """)
        self.write("helper.py", "VALUE = 42\n")
        poser.ExecFile(script)
        seen = eval(poser.Scene().CurrentActor().Name())
        self.assertEqual(seen, ("__main__", script, script, 42))
        self.assertNotIn(self.content, sys.path)
        sys.modules.pop("helper", None)

    def test_fresh_namespace_each_run(self):
        script = self.write("count.py", """\
            try:
                runs += 1
            except NameError:
                runs = 1
            import poser
            poser.Scene().CurrentActor().SetName("runs %d" % runs)
            """)
        poser.ExecFile(script)
        poser.ExecFile(script)
        self.assertEqual(poser.Scene().CurrentActor().Name(), "runs 1")

    def test_tracebacks_name_the_file_and_line(self):
        script = self.write("broken.py", "x = 1\n\nraise ValueError('line three')\n")
        try:
            poser.ExecFile(script)
        except ValueError:
            frames = traceback.extract_tb(sys.exc_info()[2])
        self.assertEqual((frames[-1][0], frames[-1][1]), (script, 3))

    def test_colon_path_and_missing_file(self):
        os.makedirs(os.path.join(self.content, "Runtime", "Python"))
        self.write(os.path.join("Runtime", "Python", "hello.py"),
                   "import poser\nposer.Scene().CurrentActor().SetName('hello')\n")
        poser.ExecFile(":Runtime:Python:hello.py")
        self.assertEqual(poser.Scene().CurrentActor().Name(), "hello")
        self.assertRaises(poser.error, poser.ExecFile, "nowhere.py")

    def test_script_location_outside_a_file_is_empty_or_main(self):
        self.assertIsInstance(poser.ScriptLocation(), str)

    def test_set_me_as_startup_script(self):
        script = self.write("startup.py", "import poser\nposer.Scene().SetMeAsStartupScript()\n")
        poser.ExecFile(script)
        self.assertEqual(self.scene.StartupScript(), script)


class SettingsTest(AppTestCase):
    def test_getters_answer_what_setters_stored(self):
        for getter, setter, value in (("NumRenderThreads", "SetNumRenderThreads", 8),
                                      ("RenderInSeparateProcess", "SetRenderInSeparateProcess", 1),
                                      ("WriteBinaryMorphs", "SetWriteBinaryMorphs", 1),
                                      ("PreviewRenderEngineType", "SetPreviewRenderEngineType",
                                       poser.kPreviewRenderEngineTypeCodeSREED)):
            getattr(poser, setter)(value)
            self.assertEqual(getattr(poser, getter)(), value, getter)
        self.assertRaises(poser.error, poser.SetPreviewRenderEngineType, 77)
        self.assertRaises(poser.error, poser.SetNumRenderThreads, 0)

    def test_rooms_and_palettes(self):
        self.assertIn(poser.kCmdCodePOSEROOM, poser.Rooms())
        self.assertEqual(poser.CurrentRoom(), poser.kCmdCodePOSEROOM)
        poser.SetCurrentRoom(poser.kCmdCodeMATERIALROOM)
        self.assertEqual(poser.CurrentRoom(), poser.kCmdCodeMATERIALROOM)
        self.assertRaises(poser.error, poser.SetCurrentRoom, 12345)
        palette = poser.PaletteById(poser.kCmdCodeLIBRARYPALETTE)
        self.assertIs(palette, poser.PaletteById(poser.kCmdCodeLIBRARYPALETTE))
        self.assertIn(palette, poser.Palettes())
        self.assertRaises(poser.error, poser.PaletteById, -1)

    def test_addons_and_buttons(self):
        addon = object()
        poser.RegisterAddon("com.example.addon", addon)
        self.assertIs(poser.Addons()["com.example.addon"], addon)
        poser.DefineScriptButton(1, "/scripts/a.py", "A")
        self.assertEqual(poser.ScriptButtons()[1], ("/scripts/a.py", "A"))

    def test_recorded_calls_and_windowless_answers(self):
        poser.Quit()
        poser.ProcessCommand(poser.kCmdCodeZEROFIGURE)
        poser.ClearTextureCache()
        names = [entry[0] for entry in poser.CallLog()]
        self.assertEqual(names, ["Quit", "ProcessCommand", "ClearTextureCache"])
        self.assertIsNone(poser.WxApp())
        self.assertIsNone(poser.WxAuiManager())
        self.assertIsNone(poser.NewMotionRig())

    def test_file_metadata(self):
        path = self.write("meta.pz2", "{\n}\n")
        self.assertEqual(poser.FileMetadata(path), {})
        poser.SetFileMetadata(path, {poser.kMetadataProperty_dc_title: "Wave"})
        self.assertEqual(poser.FileMetadata(path), {poser.kMetadataProperty_dc_title: "Wave"})
        self.assertRaises(poser.error, poser.FileMetadata, os.path.join(self.content, "none.pz2"))

    def test_new_geometry_is_empty_and_free(self):
        geom = poser.NewGeometry()
        self.assertIsInstance(geom, poser.GeomType)
        self.assertEqual(geom.NumVertices(), 0)
        self.assertIsNot(geom, poser.NewGeometry())


class UndoTest(AppTestCase):
    def test_commands_undo_and_redo(self):
        self.assertEqual((poser.CommandNames(), poser.CurrentCommand()), ([], -1))
        self.scene.CreateLight()
        prop = self.scene.CreatePropFromGeom(self.scene.Actor("ball").Geometry(), "Box")
        self.assertEqual(poser.CommandNames(), ["Create Light", "Create Prop"])
        self.assertEqual(poser.CurrentCommand(), 1)
        poser.Undo()
        self.assertNotIn(prop, self.scene.Actors())
        self.assertEqual(poser.CurrentCommand(), 0)
        poser.Undo()
        self.assertEqual(len(self.scene.Lights()), 4)
        poser.Undo()  # nothing left: nothing happens
        poser.Redo()
        poser.Redo()
        self.assertIn(prop, self.scene.Actors())
        self.assertEqual(len(self.scene.Lights()), 5)
        poser.Undo()
        self.scene.CreateGrouping()  # a new command drops the undone one
        self.assertEqual(poser.CommandNames(), ["Create Light", "Create Grouping"])
        poser.ClearCommands()
        self.assertEqual((poser.CommandNames(), poser.CurrentCommand()), ([], -1))


class DocumentFunctionsTest(AppTestCase):
    def test_save_new_open_revert(self):
        scene = poser.Scene()
        self.assertEqual(poser.DocumentPath(), "")
        self.assertRaises(poser.error, poser.SaveDocument)
        scene.Actor("lForeArm").SetParameter("Bend", 33)
        path = os.path.join(self.content, "one.pz3")
        poser.SaveDocument(path)
        self.assertEqual(poser.DocumentPath(), path)
        scene.Actor("lForeArm").SetParameter("Bend", 5)
        poser.RevertDocument()
        self.assertIs(poser.Scene(), scene)
        self.assertEqual(scene.Actor("lForeArm").Parameter("Bend").Value(), 33)
        poser.NewDocument()
        self.assertEqual(poser.DocumentPath(), "")
        self.assertEqual(scene.Actor("lForeArm").Parameter("Bend").Value(), 0)
        poser.OpenDocument(path)
        self.assertEqual(scene.Actor("lForeArm").Parameter("Bend").Value(), 33)
        poser.CloseDocument(1)
        self.assertEqual(scene.Actor("lForeArm").Parameter("Bend").Value(), 0)
        self.assertRaises(poser.error, poser.OpenDocument, os.path.join(self.content, "missing.pz3"))


class TypesTest(unittest.TestCase):
    def test_types_list_names(self):
        self.assertIs(poser.PolygonType, poser.PolyType)
        self.assertIs(poser.DictType, dict)
        self.assertIs(poser.TupleType, tuple)
        self.assertTrue(isinstance(len, type) or isinstance(lambda: 0, poser.FunctionType))
        self.assertIsInstance(poser.Scene().ImExporter(), poser.ImExporterType)
        self.assertIsInstance(poser.Scene().MovieMaker(), poser.MovieMakerType)
        self.assertIsInstance(poser.Scene().CreateAnimSet("a"), poser.AnimSetType)
        poser.ResetScene()


if __name__ == "__main__":
    unittest.main()

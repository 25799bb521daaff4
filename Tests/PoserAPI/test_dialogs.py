"""Dialogs and the credential store the way tool scripts use them: ask, choose a file or a
folder, enter text, wire up a laid-out dialog, remember a login; and the answer queue tests
script dialogs with (``poser.DialogAnswers``, not in Poser).

    python3 Tests/PoserAPI/test_dialogs.py
"""

import os
import shutil
import stat
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SHIMS = os.path.join(os.path.dirname(os.path.dirname(HERE)), "PythonShims")
if SHIMS not in sys.path:
    sys.path.insert(0, SHIMS)

import poser  # noqa: E402
from poser import _credentials  # noqa: E402

Answers = poser.DialogAnswers


class DialogTestCase(unittest.TestCase):
    def setUp(self):
        self.scene = poser.ResetScene()
        Answers.clear()

    def tearDown(self):
        Answers.clear()
        poser.ResetScene()


class DialogSimpleTest(DialogTestCase):
    def test_defaults_are_a_user_clicking_ok(self):
        self.assertIsNone(poser.DialogSimple.MessageBox("Done."))
        self.assertEqual(poser.DialogSimple.YesNo("Continue?"), 1)
        self.assertEqual(poser.DialogSimple.AskFloat("Scale?"), 0.0)
        self.assertEqual(poser.DialogSimple.AskInt("Frames?"), 0)
        self.assertEqual(poser.DialogSimple.AskText("Name?"), "")
        self.assertEqual(poser.DialogSimple.AskMenu("Pick", "Which?", "Red", "Green", "Blue"), "Red")
        self.assertIs(poser.DialogSimple.AskActor("Which actor?"), self.scene.CurrentActor())
        log = poser.CallLog()
        self.assertIn(("MessageBox", "Done."), log)
        self.assertIn(("YesNo", "Continue?"), log)
        self.assertIn(("AskMenu", "Pick", "Which?", ("Red", "Green", "Blue")), log)

    def test_a_dialog_simple_object_works_too(self):
        dialog = poser.DialogSimple()
        Answers.push(Answers.NO)
        self.assertEqual(dialog.YesNo("Overwrite?"), 0)

    def test_queued_answers_are_taken_in_order(self):
        Answers.push(Answers.NO, Answers.YES, 2.5, "7", "Lights", 1, Answers.CANCEL, "Hip")
        self.assertEqual(poser.DialogSimple.YesNo("a"), 0)
        self.assertEqual(poser.DialogSimple.YesNo("b"), 1)
        self.assertEqual(poser.DialogSimple.AskFloat("c"), 2.5)
        self.assertEqual(poser.DialogSimple.AskInt("d"), 7)
        self.assertEqual(poser.DialogSimple.AskText("e"), "Lights")
        self.assertEqual(poser.DialogSimple.AskMenu("f", "g", "Small", "Large"), "Large")
        self.assertIsNone(poser.DialogSimple.AskMenu("h", "i", "Small", "Large"))
        self.assertIs(poser.DialogSimple.AskActor("j"), self.scene.Actor("Hip"))
        self.assertEqual(Answers.pending(), [])

    def test_cancel(self):
        Answers.push(Answers.CANCEL, Answers.CANCEL, Answers.CANCEL, Answers.CANCEL)
        self.assertEqual(poser.DialogSimple.YesNo("?"), 0)
        self.assertIsNone(poser.DialogSimple.AskFloat("?"))
        self.assertIsNone(poser.DialogSimple.AskText("?"))
        self.assertIsNone(poser.DialogSimple.AskActor("?"))

    def test_answers_that_do_not_fit_raise(self):
        Answers.push("maybe")
        with self.assertRaises(poser.error):
            poser.DialogSimple.YesNo("?")
        Answers.push("lots")
        with self.assertRaises(poser.error):
            poser.DialogSimple.AskFloat("?")
        Answers.push("Purple")
        with self.assertRaises(poser.error):
            poser.DialogSimple.AskMenu("t", "m", "Red", "Green")

    def test_a_message_box_leaves_answers_for_the_next_dialog(self):
        Answers.push("/tmp/x.obj")
        poser.DialogSimple.MessageBox("Pick a file next.")
        self.assertEqual(Answers.pending(), ["/tmp/x.obj"])

    def test_pick_image_feeds_the_input_from_an_image_map(self):
        material = self.scene.CurrentFigure().Materials()[0]
        diffuse = material.ShaderTree().Node(0).InputByInternalName("Diffuse_Color")
        poser.DialogSimple.PickImage(diffuse)  # OK without a pick: nothing changes
        self.assertIsNone(diffuse.InNode())
        Answers.push("/textures/skin.jpg")
        poser.DialogSimple.PickImage(diffuse)
        self.assertEqual(diffuse.InNode().Type(), poser.kNodeTypeCodeIMAGEMAP)
        self.assertEqual(material.TextureMapFileName(), "/textures/skin.jpg")
        Answers.push("/textures/tan.jpg")
        poser.DialogSimple.PickImage(diffuse)
        self.assertEqual(material.TextureMapFileName(), "/textures/tan.jpg")
        self.assertEqual(material.ShaderTree().NumNodes(), 2)


class ChooserTest(DialogTestCase):
    def test_file_chooser_defaults_to_its_start_path(self):
        chooser = poser.DialogFileChooser(poser.kDialogFileChooserSave, None, "Save as", "/tmp/scene.obj")
        self.assertIsNone(chooser.Path())
        self.assertEqual(chooser.Show(), 1)
        self.assertEqual(chooser.Path(), "/tmp/scene.obj")
        self.assertIn(("DialogFileChooser.Show", "Save as"), poser.CallLog())

    def test_file_chooser_takes_a_queued_path_or_cancel(self):
        chooser = poser.DialogFileChooser(poser.kDialogFileChooserOpen, None, "Open", None)
        Answers.push("/content/pose.pz2", Answers.CANCEL)
        if chooser.Show():
            self.assertEqual(chooser.Path(), "/content/pose.pz2")
        self.assertFalse(chooser.Show())
        self.assertIsNone(chooser.Path())
        self.assertEqual(chooser.Show(), 1)
        self.assertEqual(chooser.Path(), poser.TempLocation())
        with self.assertRaises(poser.error):
            poser.DialogFileChooser(7, None, "?", None)

    def test_dir_chooser_has_the_real_argument_order(self):
        chooser = poser.DialogDirChooser(None, "Export to", "/exports")
        self.assertEqual(chooser.Show(), 1)
        self.assertEqual(chooser.Path(), "/exports")
        Answers.push("/elsewhere")
        chooser.Show()
        self.assertEqual(chooser.Path(), "/elsewhere")
        self.assertIn(("DialogDirChooser.Show", "Export to"), poser.CallLog())

    def test_text_entry(self):
        entry = poser.DialogTextEntry(None, "Name of the new prop")
        self.assertEqual(entry.Show(), 1)
        self.assertEqual(entry.Text(), "")
        Answers.push("Chair")
        self.assertEqual(entry.Show(), 1)
        self.assertEqual(entry.Text(), "Chair")
        Answers.push(Answers.CANCEL)
        self.assertEqual(entry.Show(), 0)
        self.assertEqual(entry.Text(), "")


class LayoutDialogTest(DialogTestCase):
    def test_buttons_texts_and_clicks(self):
        clicked = []
        dialog = poser.Dialog("/layouts/tool.xml", "Tool", "Pick an action", 300, 200)
        dialog.AddButtonCallback("apply", lambda value: clicked.append(("apply", value)))
        dialog.AddButtonCallback("reset", lambda: clicked.append(("reset",)))
        dialog.SetButtonValue("apply", 3)
        dialog.SetText("status", "Ready")
        self.assertEqual(dialog.ButtonValue("apply"), 3)
        self.assertEqual(dialog.WidgetText("status"), "Ready")
        self.assertEqual(dialog.Show(), 1)
        self.assertEqual(clicked, [])
        Answers.push(Answers.click("apply"), Answers.click("reset"), Answers.CANCEL, "next")
        self.assertEqual(dialog.Show(), 0)
        self.assertEqual(clicked, [("apply", 3), ("reset",)])
        self.assertEqual(Answers.pending(), ["next"])
        with self.assertRaises(poser.error):
            dialog.AddButtonCallback("x", "not a function")

    def test_bound_method_callbacks(self):
        class Tool(object):
            def __init__(self):
                self.values = []

            def on_ok(self, value):
                self.values.append(value)

        tool = Tool()
        dialog = poser.Dialog("/layouts/tool.xml", "Tool", "", 200, 100)
        dialog.AddButtonCallback("ok", tool.on_ok)
        Answers.push(Answers.click("ok"))
        dialog.Show()
        self.assertEqual(tool.values, [0])


class CredManagerTest(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="poser-creds-")
        self.path = os.path.join(self.folder, "creds.json")
        _credentials._reset(self.path)

    def tearDown(self):
        _credentials._reset(None)
        shutil.rmtree(self.folder, ignore_errors=True)

    def test_users_and_passwords_for_a_service(self):
        manager = poser.CredManager()
        self.assertEqual(manager.WantsPasswordSaved(), 0)
        self.assertIsNone(manager.GetLastUser("renderfarm"))
        manager.SavePassword("renderfarm", "ann", "s3cret")
        self.assertEqual(manager.GetLastUser("renderfarm"), "ann")
        self.assertEqual(poser.CredManager().GetPassword("renderfarm", "ann"), "s3cret")
        self.assertIsNone(manager.GetPassword("renderfarm", "bob"))
        self.assertNotIn("s3cret", repr(manager))

    def test_only_names_persist_until_password_saving_is_on(self):
        manager = poser.CredManager()
        manager.SavePassword("renderfarm", "ann", "s3cret")
        with open(self.path) as stream:
            self.assertNotIn("s3cret", stream.read())
        _credentials._reset(self.path)  # a new run
        self.assertEqual(poser.CredManager().GetLastUser("renderfarm"), "ann")
        self.assertIsNone(poser.CredManager().GetPassword("renderfarm", "ann"))
        manager.EnablePasswordSaving(1)
        manager.SavePassword("renderfarm", "ann", "s3cret")
        _credentials._reset(self.path)
        self.assertEqual(poser.CredManager().WantsPasswordSaved(), 1)
        self.assertEqual(poser.CredManager().GetPassword("renderfarm", "ann"), "s3cret")
        if os.name == "posix":
            self.assertEqual(stat.S_IMODE(os.stat(self.path).st_mode), 0o600)
        poser.CredManager().EnablePasswordSaving(0)
        with open(self.path) as stream:
            self.assertNotIn("s3cret", stream.read())

    def test_facebook_token(self):
        manager = poser.CredManager()
        self.assertIsNone(manager.FacebookAccessToken())
        manager.SaveFacebookToken("EAAB-token")
        _credentials._reset(self.path)
        self.assertEqual(poser.CredManager().FacebookAccessToken(), "EAAB-token")


if __name__ == "__main__":
    unittest.main()

"""Time and animation as scripts use them: 0-based frames that parameters read their values
at, the animation's length, output range, key navigation, sound, animation sets, and the
event callback's reports.

    python3 Tests/PoserAPI/test_animation.py
"""

import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SHIMS = os.path.join(os.path.dirname(os.path.dirname(HERE)), "PythonShims")
if SHIMS not in sys.path:
    sys.path.insert(0, SHIMS)

import poser  # noqa: E402


class AnimationTestCase(unittest.TestCase):
    def setUp(self):
        self.scene = poser.ResetScene()
        self.figure = self.scene.CurrentFigure()
        self.forearm = self.figure.Actor("lForeArm")
        self.bend = self.forearm.Parameter("Bend")

    def tearDown(self):
        poser.ResetScene()


class FramesTest(AnimationTestCase):
    def test_frames_are_zero_based_and_parameters_follow_them(self):
        self.assertEqual((self.scene.Frame(), self.scene.NumFrames()), (0, 30))
        self.bend.SetValueFrame(40.0, 20)
        self.scene.SetFrame(20)
        self.assertEqual(self.scene.Frame(), 20)
        self.assertEqual(self.bend.Value(), 40.0)
        self.scene.SetFrame(0)
        self.assertEqual(self.bend.Value(), 0.0)
        self.scene.SetFrame(29)
        self.assertRaises(poser.error, self.scene.SetFrame, 30)
        self.assertRaises(poser.error, self.scene.SetFrame, -1)

    def test_walking_the_frames_like_a_script(self):
        self.scene.SetNumFrames(11)
        self.bend.SetValueFrame(0.0, 0)
        self.bend.SetValueFrame(100.0, 10)
        self.bend.SetRangeLinear(0, 10)
        values = []
        for frame in range(self.scene.NumFrames()):
            self.scene.SetFrame(frame)
            values.append(round(self.bend.Value(), 6))
        self.assertEqual(values, [10.0 * f for f in range(11)])

    def test_shortening_drops_later_keys(self):
        self.scene.SetNumFrames(60)
        self.bend.SetValueFrame(10.0, 5)
        self.bend.SetValueFrame(50.0, 45)
        self.scene.SetFrame(50)
        self.scene.SetNumFrames(20)
        self.assertEqual(self.scene.Frame(), 19)
        self.assertEqual(self.bend.KeyFrames(), [0, 5])
        self.assertRaises(poser.error, self.scene.SetNumFrames, 0)

    def test_frame_rate(self):
        self.assertEqual(self.scene.FramesPerSecond(), 30)
        self.assertIsInstance(self.scene.FramesPerSecond(), int)
        self.scene.SetFramesPerSecond(24)
        self.assertEqual(self.scene.FramesPerSecond(), 24)

    def test_output_range(self):
        self.assertEqual(self.scene.OutputRange(), (0, 29))
        self.scene.SetNumFrames(50)
        self.assertEqual(self.scene.OutputRange(), (0, 49))
        self.scene.SetOutputRange(5, 20)
        self.assertEqual(self.scene.OutputRange(), (5, 20))
        self.scene.SetNumFrames(10)
        self.assertEqual(self.scene.OutputRange(), (5, 9))
        self.assertRaises(poser.error, self.scene.SetOutputRange, 8, 2)

    def test_key_navigation(self):
        self.scene.SelectActor(self.forearm)
        self.assertIsNone(self.scene.NextKeyFrame())
        self.bend.SetValueFrame(10.0, 8)
        self.bend.SetValueFrame(20.0, 16)
        self.scene.Actor("ball").Parameter("yTran").SetValueFrame(0.5, 12)
        self.scene.SetFrame(9)
        self.assertEqual((self.scene.PrevKeyFrame(), self.scene.NextKeyFrame()), (8, 16))
        self.assertEqual((self.scene.PrevKeyFrameAll(), self.scene.NextKeyFrameAll()), (8, 12))
        self.scene.SetFrame(20)
        self.assertIsNone(self.scene.NextKeyFrame())

    def test_sound(self):
        self.assertEqual(self.scene.Sound(), "")
        self.scene.SetSound("/music/beat.wav")
        self.scene.SetSoundRange(5, 12)
        self.assertEqual((self.scene.Sound(), self.scene.SoundRange()), ("/music/beat.wav", (5, 12)))
        self.scene.ClearSound()
        self.assertEqual((self.scene.Sound(), self.scene.SoundRange()), ("", (0, 29)))


class AnimSetTest(AnimationTestCase):
    def test_create_find_delete(self):
        walk = self.scene.CreateAnimSet("Walk")
        self.assertIs(self.scene.AnimSet("Walk"), walk)
        self.assertEqual(self.scene.AnimSets(), [walk])
        self.assertRaises(poser.error, self.scene.CreateAnimSet, "Walk")
        run = self.scene.CreateAnimSet("Run")
        self.scene.DeleteAnimSet("Walk")
        self.assertEqual(self.scene.AnimSets(), [run])
        self.assertRaises(poser.error, self.scene.AnimSet, "Walk")
        self.assertRaises(poser.error, self.scene.DeleteAnimSet, "Walk")

    def test_attributes(self):
        walk = self.scene.CreateAnimSet("Walk")
        walk.AddAttribute("speed", 1)
        walk.AddAttribute("style", "brisk")
        self.assertEqual(walk.Attributes(), [("speed", 1), ("style", "brisk")])
        self.assertRaises(poser.error, walk.RemoveAttribute, "speed", 2)  # the value must match
        self.assertRaises(poser.error, walk.RemoveAttribute, "nothing")
        self.assertEqual(len(walk.Attributes()), 2)

    def test_remove_attribute_by_name_and_value(self):
        walk = self.scene.CreateAnimSet("Walk")
        walk.AddAttribute("speed", 1)
        walk.AddAttribute("speed", 2)
        walk.RemoveAttribute("speed", 2)
        self.assertEqual(walk.Attributes(), [("speed", 1)])
        walk.RemoveAttribute("speed")
        self.assertEqual(walk.Attributes(), [])

    def test_object_ranges_and_parameters(self):
        walk = self.scene.CreateAnimSet("Walk")
        self.assertEqual(walk.ObjectRange(), (0, 0))
        walk.AddObjectRange(self.forearm, 5, 20)
        walk.AddObjectRange(self.figure.Actor("hip").Parameter("Twist"), 2, 10)
        self.assertEqual(walk.ObjectRange(), (2, 20))
        parms = walk.Parameters()
        self.assertEqual(parms[:len(self.forearm.Parameters())], self.forearm.Parameters())
        self.assertIn(self.figure.Actor("hip").Parameter("Twist"), parms)
        walk.RemoveObjectRange(self.forearm, 5, 20)
        self.assertEqual(walk.ObjectRange(), (2, 10))
        self.assertRaises(poser.error, walk.RemoveObjectRange, self.forearm, 5, 20)
        self.assertRaises(poser.error, walk.AddObjectRange, "lForeArm", 0, 1)
        self.assertRaises(poser.error, walk.AddObjectRange, self.forearm, 9, 3)
        walk.AddObjectRange(self.figure, 0, 29)  # the hip's Twist is the figure's too: once
        self.assertEqual(len(walk.Parameters()), sum(len(a.Parameters()) for a in self.figure.Actors()))


class EventsTest(AnimationTestCase):
    def setUp(self):
        AnimationTestCase.setUp(self)
        self.events = []
        self.scene.SetEventCallback(self.on_event)

    def on_event(self, scene, code):
        self.assertIs(scene, self.scene)
        self.events.append(code)

    def test_frame_change_and_parameter_change(self):
        self.scene.SetFrame(3)
        self.scene.SetFrame(3)  # no change, no event
        self.assertEqual(self.events, [poser.kEventCodePARMCHANGED])
        self.bend.SetValue(5)  # at frame 3: a key
        self.assertTrue(any(code & poser.kEventCodeKEYSCHANGED for code in self.events))
        self.assertTrue(self.events[-1] & poser.kEventCodePARMCHANGED)

    def test_selection_and_actor_list(self):
        self.scene.SelectActor(self.forearm)
        self.assertEqual(self.events, [poser.kEventCodeACTORSELECTIONCHANGED])
        self.scene.SelectActor(self.forearm)
        self.assertEqual(len(self.events), 1)
        self.scene.CreateLight()
        self.assertTrue(self.events[-1] & poser.kEventCodeACTORADDED)
        self.scene.Actor("ball").Delete()
        self.assertTrue(self.events[-1] & poser.kEventCodeACTORDELETED)

    def test_anim_sets_changed(self):
        walk = self.scene.CreateAnimSet("Walk")
        walk.AddAttribute("a", 1)
        self.assertEqual(self.events, [poser.kEventCodeANIMSETSCHANGED] * 2)

    def test_callback_arguments_and_clearing(self):
        seen = []
        self.scene.SetEventCallback(lambda scene, code, args: seen.append(args), "mine")
        self.scene.SelectActor(self.forearm)
        self.assertEqual(seen, ["mine"])
        self.scene.SetEventCallback(None)
        self.scene.SelectFigure(self.figure)
        self.scene.SetEventCallback(lambda scene, code: seen.append(code))
        self.scene.ClearEventCallback()
        self.scene.SelectActor(self.forearm)
        self.assertEqual(seen, ["mine"])
        self.assertRaises(poser.error, self.scene.SetEventCallback, 42)

    def test_a_failing_callback_does_not_stop_the_call(self):
        def broken(scene, code):
            raise RuntimeError("callback bug")

        self.scene.SetEventCallback(broken)
        stderr = sys.stderr
        try:
            import io
            sys.stderr = io.StringIO() if sys.version_info[0] > 2 else io.BytesIO()
            self.scene.SelectActor(self.forearm)
            printed = sys.stderr.getvalue()
        finally:
            sys.stderr = stderr
        self.assertIs(self.scene.CurrentActor(), self.forearm)
        self.assertIn("callback bug", printed)

    def test_scene_closing_and_callbacks_survive_a_new_document(self):
        poser.NewDocument()
        self.assertEqual(self.events[0], poser.kEventCodeSCENECLOSING)
        self.scene.SelectActor(self.scene.Actor("ball"))
        self.assertEqual(self.events[-1], poser.kEventCodeACTORSELECTIONCHANGED)

    def test_worldspace_callback(self):
        updates = []
        self.scene.SetWorldspaceCallback(lambda scene: updates.append(scene.Frame()))
        self.scene.SetFrame(4)
        self.scene.DrawAll()
        self.assertEqual(updates, [4, 4])
        self.scene.ClearWorldspaceCallback()
        self.scene.Draw()
        self.assertEqual(updates, [4, 4])


if __name__ == "__main__":
    unittest.main()

"""Parameters (ParmType) and value operations (ValueOpType) the way PoserPython scripts use
them: values per frame, keys and their interpolation, limits, names, morph dials that move
the mesh, and dependencies between dials.

    python3 Tests/PoserAPI/test_parameters.py
"""

import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SHIMS = os.path.join(os.path.dirname(os.path.dirname(HERE)), "PythonShims")
if SHIMS not in sys.path:
    sys.path.insert(0, SHIMS)

import poser  # noqa: E402


class ParmTestCase(unittest.TestCase):
    def setUp(self):
        self.scene = poser.ResetScene()
        self.scene.SetNumFrames(60)
        self.figure = self.scene.CurrentFigure()
        self.forearm = self.figure.ActorByInternalName("lForeArm")
        self.bend = self.forearm.Parameter("zrot")
        self.prop = self.scene.Actor("ball")

    def tearDown(self):
        poser.ResetScene()


class ValuesAndKeysTest(ParmTestCase):
    def test_a_dial_not_animated_has_one_value(self):
        self.bend.SetValue(12.5)
        self.assertEqual(self.bend.Value(), 12.5)
        self.assertEqual(self.bend.NumKeyFrames(), 0)
        self.scene.SetFrame(40)
        self.assertEqual(self.bend.Value(), 12.5)
        self.assertEqual(self.bend.ValueFrame(7), 12.5)

    def test_setting_a_value_at_another_frame_keys_it(self):
        self.bend.SetValue(10)
        self.scene.SetFrame(20)
        self.bend.SetValue(50)
        self.scene.SetFrame(10)
        self.assertEqual(self.bend.Value(), 30.0)
        self.assertEqual(self.bend.NumKeyFrames(), 2)
        self.assertEqual(self.bend.ValueFrame(20), 50.0)
        self.assertEqual(self.bend.ValueFrame(0), 10.0)
        self.assertEqual(self.bend.ValueFrame(45), 50.0)  # holds after the last key

    def test_set_value_frame_keys_the_frame_without_moving_time(self):
        self.bend.SetValueFrame(-30, 15)
        self.assertEqual(self.scene.Frame(), 0)
        self.assertEqual(self.bend.ValueFrame(15), -30.0)
        self.assertEqual(self.bend.Value(), 0.0)
        self.assertEqual(self.bend.NumKeyFrames(), 2)

    def test_add_and_delete_keyframes(self):
        self.bend.SetValueFrame(20, 10)
        self.bend.AddKeyFrame(5)
        self.assertEqual(self.bend.NumKeyFrames(), 3)
        self.scene.SetFrame(30)
        self.bend.AddKeyFrame()  # the current frame
        self.assertEqual(self.bend.KeyFrames(), [0, 5, 10, 30])
        self.bend.DeleteKeyFrame(5)
        self.bend.DeleteKeyFrame(6)  # no key there: nothing happens
        self.scene.SetFrame(30)
        self.bend.DeleteKeyFrame()
        self.assertEqual(self.bend.KeyFrames(), [0, 10])
        for frame in range(60):  # a script clearing every key
            self.bend.DeleteKeyFrame(frame)
        self.assertEqual(self.bend.NumKeyFrames(), 0)
        self.assertEqual(self.bend.Value(), 20.0)  # the last key's value stays

    def test_next_and_previous_keyframe_from_the_current_frame(self):
        for frame, value in ((0, 0), (10, 5), (25, 1)):
            self.bend.SetValueFrame(value, frame)
        self.scene.SetFrame(12)
        self.assertEqual(self.bend.NextKeyFrame(), 25)
        self.assertEqual(self.bend.PrevKeyFrame(), 10)
        self.scene.SetFrame(25)
        self.assertIsNone(self.bend.NextKeyFrame())
        self.assertEqual(self.bend.PrevKeyFrame(), 10)
        self.scene.SetFrame(0)
        self.assertIsNone(self.bend.PrevKeyFrame())

    def test_the_actor_follows_its_animated_dials(self):
        hip = self.scene.CurrentActor()
        rest = hip.WorldMatrix()[3][1]
        hip.Parameter("ytran").SetValueFrame(2.0, 10)
        self.scene.SetFrame(10)
        self.assertAlmostEqual(hip.WorldMatrix()[3][1] - rest, 2.0, places=5)
        self.scene.SetFrame(0)
        self.assertAlmostEqual(hip.WorldMatrix()[3][1] - rest, 0.0, places=5)


class InterpolationTest(ParmTestCase):
    def key(self, *pairs):
        for frame, value in pairs:
            self.bend.SetValueFrame(value, frame)

    def test_spline_is_the_default_and_passes_through_the_keys(self):
        self.key((0, 0), (10, 10), (20, 0))
        self.assertEqual(self.bend.SplineAtFrame(5), 1)
        self.assertEqual(self.bend.LinearAtFrame(5), 0)
        self.assertEqual(self.bend.ConstantAtFrame(5), 0)
        self.assertEqual(self.bend.ValueFrame(10), 10.0)
        self.assertNotAlmostEqual(self.bend.ValueFrame(5), 5.0)  # curved, not straight
        self.assertAlmostEqual(self.bend.ValueFrame(5), self.bend.ValueFrame(15))  # symmetric keys

    def test_linear_range(self):
        self.key((0, 0), (10, 10), (20, 0))
        self.bend.SetRangeLinear(0, 20)
        self.assertEqual(self.bend.LinearAtFrame(5), 1)
        self.assertEqual(self.bend.SplineAtFrame(5), 0)
        self.assertAlmostEqual(self.bend.ValueFrame(5), 5.0)
        self.assertAlmostEqual(self.bend.ValueFrame(17), 3.0)

    def test_constant_range_steps(self):
        self.key((0, 1), (10, 7), (20, 3))
        self.bend.SetRangeConstant(0, 10)
        self.assertEqual(self.bend.ConstantAtFrame(9), 1)
        self.assertEqual(self.bend.ValueFrame(9), 1.0)
        self.assertEqual(self.bend.ValueFrame(10), 7.0)
        self.assertEqual(self.bend.ConstantAtFrame(12), 0)  # 10..20 is still a spline
        self.assertEqual(self.bend.SplineAtFrame(12), 1)

    def test_a_range_adds_keys_at_both_ends(self):
        self.key((0, 0), (30, 30))
        self.bend.SetRangeLinear(10, 20)
        self.assertEqual(self.bend.KeyFrames(), [0, 10, 20, 30])
        self.assertEqual(self.bend.LinearAtFrame(15), 1)
        self.assertEqual(self.bend.LinearAtFrame(25), 0)
        self.assertEqual(self.bend.LinearAtFrame(5), 0)

    def test_a_new_key_inside_a_linear_range_stays_linear(self):
        self.key((0, 0), (20, 20))
        self.bend.SetRangeLinear(0, 20)
        self.bend.SetValueFrame(4, 10)
        self.assertEqual(self.bend.LinearAtFrame(15), 1)
        self.assertAlmostEqual(self.bend.ValueFrame(15), 12.0)

    def test_spline_breaks(self):
        self.key((0, 0), (10, 10), (20, 0))
        smooth = self.bend.ValueFrame(8)
        self.bend.SetSplineBreak(10)
        self.assertEqual(self.bend.SplineBreakAtFrame(10), 1)
        self.assertEqual(self.bend.SplineBreakAtFrame(5), 0)
        self.assertNotAlmostEqual(self.bend.ValueFrame(8), smooth)
        self.assertAlmostEqual(self.bend.ValueFrame(8), 8.0)  # a corner: straight into the key
        self.bend.SetSplineBreak(10, 0)
        self.assertEqual(self.bend.SplineBreakAtFrame(10), 0)
        self.assertAlmostEqual(self.bend.ValueFrame(8), smooth)
        self.bend.SetSplineBreak(7)  # not a key: ignored
        self.assertEqual(self.bend.SplineBreakAtFrame(7), 0)
        self.scene.SetFrame(20)
        self.bend.SetSplineBreak()  # the current frame
        self.assertEqual(self.bend.SplineBreakAtFrame(), 1)

    def test_queries_default_to_the_current_frame(self):
        self.key((0, 0), (10, 10), (20, 0))
        self.bend.SetRangeConstant(10, 20)
        self.scene.SetFrame(15)
        self.assertEqual(self.bend.ConstantAtFrame(), 1)
        self.assertEqual(self.bend.SplineAtFrame(), 0)
        self.assertEqual(self.bend.Value(), 10.0)


class LimitsNamesFlagsTest(ParmTestCase):
    def test_limits_and_forcing_them(self):
        self.assertEqual(self.bend.SetMinValue(-45), -45.0)
        self.assertEqual(self.bend.SetMaxValue(90), 90.0)
        self.assertEqual((self.bend.MinValue(), self.bend.MaxValue()), (-45.0, 90.0))
        self.assertEqual(self.bend.ForceLimits(), 0)
        self.bend.SetValue(120)
        self.assertEqual(self.bend.Value(), 120.0)  # limits not forced: kept as set
        self.bend.ApplyLimits()
        self.assertEqual(self.bend.Value(), 90.0)
        self.bend.SetForceLimits(1)
        self.assertEqual(self.bend.ForceLimits(), 1)
        self.bend.SetValue(-100)
        self.assertEqual(self.bend.Value(), -45.0)
        self.bend.SetValueFrame(300, 10)
        self.assertEqual(self.bend.ValueFrame(10), 90.0)

    def test_apply_limits_clamps_every_key(self):
        self.bend.SetMaxValue(10)
        self.bend.SetValueFrame(50, 5)
        self.bend.SetValueFrame(-5, 9)
        self.bend.ApplyLimits()
        self.assertEqual(self.bend.ValueFrame(5), 10.0)
        self.assertEqual(self.bend.ValueFrame(9), -5.0)

    def test_init_value(self):
        scale = self.forearm.Parameter("scale")
        self.assertEqual(scale.InitValue(), 1.0)
        self.assertEqual(scale.SetInitValue(2.0), 2.0)
        self.assertEqual(scale.InitValue(), 2.0)
        self.assertEqual(scale.Value(), 1.0)  # the value itself is not touched

    def test_names(self):
        self.assertEqual(self.bend.InternalName(), "zrot")
        self.bend.SetName("Elbow")
        self.assertEqual(self.bend.Name(), "Elbow")
        self.assertEqual(self.bend.InternalName(), "zrot")
        self.assertIs(self.forearm.Parameter("Elbow"), self.bend)
        self.assertIs(self.forearm.Parameter("zrot"), self.bend)
        self.bend.SetInternalName("zrot2")
        self.assertEqual(self.bend.InternalName(), "zrot2")
        self.bend.SetInternalName()  # as documented, no argument: nothing to change
        self.assertEqual(self.bend.InternalName(), "zrot2")

    def test_flags_are_ints(self):
        self.assertEqual(self.bend.Hidden(), 0)
        self.bend.SetHidden(1)
        self.assertIs(type(self.bend.Hidden()), int)
        self.assertEqual(self.bend.Hidden(), 1)
        self.assertEqual(self.bend.WantsConform(), 1)
        self.bend.SetWantsConform(0)
        self.assertEqual(self.bend.WantsConform(), 0)
        self.bend.SetSensitivity(0.25)
        self.assertEqual(self.bend.Sensitivity(), 0.25)

    def test_type_codes(self):
        self.assertEqual(self.bend.TypeCode(), poser.kParmCodeZROT)
        self.assertIs(self.forearm.ParameterByCode(poser.kParmCodeZROT), self.bend)
        self.assertEqual(self.bend.IsMorphTarget(), 0)
        self.assertEqual(self.bend.IsValueParameter(), 0)
        control = self.forearm.CreateValueParameter("Control")
        self.assertEqual(control.IsValueParameter(), 1)
        self.assertEqual(control.TypeCode(), poser.kParmCodeVALUE)
        self.assertIs(control.Actor(), self.forearm)
        self.assertIs(self.bend.Actor(), self.forearm)

    def test_zones(self):
        self.bend.AddZone(poser.kZoneTypeCodeSPHERE)
        self.assertRaises(poser.error, self.bend.AddZone, 12345)

    def test_event_hook(self):
        seen = []
        self.scene._note_event = lambda code, item: seen.append((code, item))
        self.bend.SetValue(3)
        self.bend.SetValueFrame(4, 8)
        self.assertIn((poser.kEventCodePARMCHANGED, self.bend), seen)
        self.assertIn((poser.kEventCodeKEYSCHANGED, self.bend), seen)


class MorphTest(ParmTestCase):
    def setUp(self):
        ParmTestCase.setUp(self)
        self.geom = self.prop.Geometry()
        self.prop.SpawnTarget("Bulge")
        self.morph = self.prop.Parameter("Bulge")

    def test_a_morph_dial(self):
        self.assertEqual(self.morph.IsMorphTarget(), 1)
        self.assertEqual(self.morph.TypeCode(), poser.kParmCodeTARGET)
        self.assertEqual(self.morph.NumMorphTargetDeltas(), self.geom.NumVertices())
        self.assertEqual(self.morph.MorphTargetDelta(5), (0.0, 0.0, 0.0))
        self.morph.SetMorphTargetDelta(5, 0.1, 0.2, -0.3)
        dx, dy, dz = self.morph.MorphTargetDelta(5)
        self.assertAlmostEqual(dy, 0.2)
        self.assertAlmostEqual(dz, -0.3)
        self.assertRaises(poser.error, self.morph.SetMorphTargetDelta, self.geom.NumVertices(), 1, 0, 0)
        self.assertRaises(poser.error, self.bend.MorphTargetDelta, 0)

    def test_the_morph_moves_world_vertices_by_value_times_delta(self):
        before = self.geom.WorldVertex(5)
        model_y = self.geom.Vertex(5).Y()
        self.morph.SetMorphTargetDelta(5, 0.0, 0.5, 0.0)
        self.assertAlmostEqual(self.geom.WorldVertex(5).Y(), before.Y())  # dial at 0
        self.morph.SetValue(0.5)
        self.assertAlmostEqual(self.geom.WorldVertex(5).Y(), before.Y() + 0.25, places=5)
        self.assertAlmostEqual(self.geom.WorldVertices()[5].Y(), before.Y() + 0.25, places=5)
        self.assertAlmostEqual(self.geom.WorldVertices()[6].Y(), self.geom.WorldVertex(6).Y(), places=6)
        self.assertEqual(self.geom.Vertex(5).Y(), model_y)  # the model mesh stays

    def test_an_animated_morph(self):
        self.morph.SetMorphTargetDelta(0, 1.0, 0.0, 0.0)
        self.morph.SetValueFrame(1.0, 10)
        start = self.geom.WorldVertex(0).X()
        self.scene.SetFrame(10)
        self.assertAlmostEqual(self.geom.WorldVertex(0).X(), start + 1.0, places=5)


class ValueOperationsTest(ParmTestCase):
    def setUp(self):
        ParmTestCase.setUp(self)
        self.body = self.figure.ParentActor()
        self.control = self.body.CreateValueParameter("Curl")

    def test_delta_add_drives_a_dial(self):
        op = self.bend.AddValueOperation(poser.kValueOpTypeCodeDELTAADD, self.control)
        self.assertIsInstance(op, poser.ValueOpType)
        self.assertEqual(op.Type(), poser.kValueOpTypeCodeDELTAADD)
        self.assertIs(op.Parameter(), self.bend)
        self.assertIs(op.SourceParameter(), self.control)
        op.SetDelta(2.5)
        self.assertEqual(op.Delta(), 2.5)
        self.control.SetValue(4)
        self.assertEqual(self.bend.Value(), 10.0)
        self.bend.SetValue(1)  # the dial's own value adds up
        self.assertEqual(self.bend.Value(), 11.0)
        self.assertEqual(self.bend.UnaffectedValue(), 1.0)

    def test_a_driven_dial_poses_the_actor(self):
        op = self.bend.AddValueOperation(poser.kValueOpTypeCodeDELTAADD, self.control)
        op.SetDelta(90)
        before = self.forearm.WorldMatrix()
        self.control.SetValue(1)
        self.assertNotEqual(self.forearm.WorldMatrix(), before)

    def test_math_operations_apply_in_order(self):
        source = self.body.CreateValueParameter("Source")
        source.SetValue(4)
        self.bend.SetValue(10)
        for code, expected in ((poser.kValueOpTypeCodePLUS, 14.0), (poser.kValueOpTypeCodeTIMES, 56.0),
                               (poser.kValueOpTypeCodeMINUS, 52.0), (poser.kValueOpTypeCodeDIVIDEBY, 13.0),
                               (poser.kValueOpTypeCodeDIVIDEINTO, 4.0 / 13.0)):
            self.bend.AddValueOperation(code, source)
            self.assertAlmostEqual(self.bend.Value(), expected)
        self.assertEqual(self.bend.NumValueOperations(), 5)
        self.assertEqual([op.Type() for op in self.bend.ValueOperations()],
                         [poser.kValueOpTypeCodePLUS, poser.kValueOpTypeCodeTIMES, poser.kValueOpTypeCodeMINUS,
                          poser.kValueOpTypeCodeDIVIDEBY, poser.kValueOpTypeCodeDIVIDEINTO])
        self.bend.DeleteValueOperation(4)
        self.bend.DeleteValueOperation(0)
        self.assertAlmostEqual(self.bend.Value(), (10 * 4 - 4) / 4.0)
        self.assertRaises(poser.error, self.bend.DeleteValueOperation, 3)

    def test_no_operations(self):
        self.assertIsNone(self.bend.ValueOperations())
        self.assertEqual(self.bend.NumValueOperations(), 0)
        self.assertRaises(poser.error, self.bend.AddValueOperation, 999, self.control)
        self.assertRaises(poser.error, self.bend.AddValueOperation, poser.kValueOpTypeCodePLUS, "Curl")

    def test_key_operation(self):
        op = self.bend.AddValueOperation(poser.kValueOpTypeCodeKEY, self.control)
        self.assertEqual(op.NumKeys(), 0)
        self.assertEqual(op.InsertKey(0, 0), 1)
        self.assertEqual(op.InsertKey(1, 80), 1)
        self.assertEqual(op.InsertKey(0.5, 30), 1)
        self.assertEqual(op.NumKeys(), 3)
        self.assertEqual(op.GetKey(1), (0.5, 30.0))
        self.control.SetValue(0.5)
        self.assertAlmostEqual(self.bend.Value(), 30.0)
        self.control.SetValue(1)
        self.assertAlmostEqual(self.bend.Value(), 80.0)
        self.control.SetValue(3)  # beyond the last key: holds
        self.assertAlmostEqual(self.bend.Value(), 80.0)
        self.control.SetValue(0.25)
        self.assertTrue(0.0 < self.bend.Value() < 30.0)
        self.assertEqual(op.DeleteKey(1), 1)
        self.assertEqual(op.DeleteKey(7), 0)
        self.control.SetValue(0.5)
        self.assertAlmostEqual(self.bend.Value(), 40.0)  # two keys: a straight line
        self.assertEqual(op.Delta(), 0.0)

    def test_key_methods_on_other_operations(self):
        op = self.bend.AddValueOperation(poser.kValueOpTypeCodePLUS, self.control)
        self.assertEqual(op.NumKeys(), -1)
        self.assertEqual(op.InsertKey(1, 1), 0)
        self.assertEqual(op.DeleteKey(0), 0)
        self.assertRaises(poser.error, op.GetKey, 0)
        self.assertEqual(op.Delta(), 0.0)

    def test_set_source_parameter(self):
        other = self.body.CreateValueParameter("Other")
        op = self.bend.AddValueOperation(poser.kValueOpTypeCodePLUS, self.control)
        op.SetSourceParameter(other)
        other.SetValue(7)
        self.control.SetValue(100)
        self.assertEqual(self.bend.Value(), 7.0)
        self.assertIs(op.SourceParameter(), other)

    def test_dependencies_follow_frames_and_chains(self):
        middle = self.body.CreateValueParameter("Middle")
        middle.AddValueOperation(poser.kValueOpTypeCodeDELTAADD, self.control)
        self.bend.AddValueOperation(poser.kValueOpTypeCodeDELTAADD, middle).SetDelta(10)
        self.control.SetValueFrame(2.0, 20)
        self.assertEqual(self.bend.ValueFrame(20), 20.0)
        self.scene.SetFrame(20)
        self.assertEqual(self.bend.Value(), 20.0)
        self.assertEqual(self.bend.ValueFrame(0), 0.0)

    def test_a_cycle_does_not_hang(self):
        self.bend.AddValueOperation(poser.kValueOpTypeCodePLUS, self.control)
        self.control.AddValueOperation(poser.kValueOpTypeCodePLUS, self.bend)
        self.bend.SetValue(1)
        self.control.SetValue(2)
        self.assertIsInstance(self.bend.Value(), float)
        self.assertIsInstance(self.control.Value(), float)

    def test_update_callback(self):
        calls = []

        def double(parm, value):
            calls.append(parm)
            return value * 2

        self.bend.SetValue(3)
        self.bend.SetUpdateCallback(double)
        self.assertEqual(self.bend.Value(), 6.0)
        self.assertIs(calls[0], self.bend)
        self.bend.SetUpdateCallback(lambda parm, value, extra: value + extra, 100)
        self.assertEqual(self.bend.Value(), 103.0)
        self.bend.ClearUpdateCallback()
        self.assertEqual(self.bend.Value(), 3.0)
        self.assertRaises(poser.error, self.bend.SetUpdateCallback, 5)


if __name__ == "__main__":
    unittest.main()

"""Actors (ActorType) and figures (FigureType) the way PoserPython scripts use them: walk a
figure by internal names, pose it, read matrices back, set flags, light and camera
settings, morphs, symmetry, conforming, the welded unimesh, material collections.

    python3 Tests/PoserAPI/test_actors_figures.py
"""

import math
import os
import shutil
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SHIMS = os.path.join(os.path.dirname(os.path.dirname(HERE)), "PythonShims")
if SHIMS not in sys.path:
    sys.path.insert(0, SHIMS)

import poser  # noqa: E402
from poser import _deformers  # noqa: E402
from poser._figures import FigureType  # noqa: E402


def multiply(a, b):
    return [[sum(a[r][k] * b[k][c] for k in range(4)) for c in range(4)] for r in range(4)]


def transform(point, m):
    return tuple(point[0] * m[0][c] + point[1] * m[1][c] + point[2] * m[2][c] + m[3][c] for c in range(3))


def add_figure(scene, name):
    """A second figure of the stand-in skeleton, as loading a figure file adds one."""
    figure = FigureType(name, len(scene.Figures()) + 1)
    scene._add_figure(figure)
    return figure


def lowest_world_y(actors):
    lows = []
    for actor in actors:
        geom = actor.Geometry()
        if geom is not None:
            m = actor.WorldMatrix()
            lows.extend(transform((v.X(), v.Y(), v.Z()), m)[1] for v in geom.Vertices())
    return min(lows)


class SceneTestCase(unittest.TestCase):
    def setUp(self):
        self.scene = poser.ResetScene()
        self.figure = self.scene.CurrentFigure()

    def tearDown(self):
        poser.ResetScene()

    def assertMatrixAlmostEqual(self, a, b, places=6):
        for row_a, row_b in zip(a, b):
            for x, y in zip(row_a, row_b):
                self.assertAlmostEqual(x, y, places)


class NamesAndLookupTest(SceneTestCase):
    def test_a_body_part_is_found_by_display_or_internal_name(self):
        forearm = self.figure.Actor("Left Forearm")
        self.assertIs(self.figure.Actor("lForeArm"), forearm)
        self.assertIs(self.figure.ActorByInternalName("lForeArm"), forearm)
        self.assertEqual(forearm.Name(), "Left Forearm")
        self.assertEqual(forearm.InternalName(), "lForeArm")
        self.assertIs(self.figure.Actor("BODY"), self.figure.ParentActor())

    def test_renaming_keeps_the_internal_name(self):
        hand = self.figure.Actor("rHand")
        hand.SetName("Right Paw")
        self.assertEqual(hand.Name(), "Right Paw")
        self.assertIs(self.figure.Actor("Right Paw"), hand)
        self.assertIs(self.figure.ActorByInternalName("rHand"), hand)
        self.assertRaises(poser.error, self.figure.Actor, "Right Hand")

    def test_unknown_names_raise_poser_error(self):
        self.assertRaises(poser.error, self.figure.Actor, "Tail")
        self.assertRaises(poser.error, self.figure.ActorByInternalName, "tail")

    def test_a_second_figure_has_numbered_internal_names(self):
        second = add_figure(self.scene, "shirt")
        hip = second.ActorByInternalName("hip")
        self.assertEqual(hip.InternalName(), "hip:2")
        self.assertIs(second.Actor("hip"), hip)
        self.assertIs(hip.ItsFigure(), second)
        self.assertIsNot(hip, self.figure.Actor("hip"))

    def test_objects_are_the_same_between_calls(self):
        self.assertIs(self.figure.Actors()[5], self.figure.Actors()[5])
        chest = self.figure.Actor("chest")
        self.assertIs(chest.Parameter("xrot"), chest.Parameters()[chest.Parameters().index(chest.Parameter("Bend"))])
        self.assertIs(chest.Geometry(), chest.Geometry())
        self.assertEqual(self.figure.Materials(), self.figure.Materials())

    def test_materials_by_name(self):
        skin = self.figure.Actor("head").Material("Skin")
        self.assertIs(skin, self.figure.Material("Skin"))
        self.assertIs(self.figure.Actor("head").FindMaterialByName("Skin"), skin)
        self.assertRaises(poser.error, self.figure.Actor("head").Material, "Chrome")
        ball = self.scene.Actor("ball")
        self.assertEqual([m.Name() for m in ball.Materials()], ["Preview"])
        self.assertIs(ball.Geometry().Materials()[0], ball.Material("Preview"))
        ground = self.scene.Actor("GROUND")
        self.assertEqual([m.Name() for m in ground.Materials()], ["Ground"])
        self.assertIs(ground.Materials()[0], ground.Geometry().Materials()[0])
        head = self.figure.Actor("head")
        self.assertIs(head.Geometry().Materials()[0], self.figure.Material("Skin"))
        self.assertEqual(self.scene.Actor("Light 1").Materials(), [])


class HierarchyTest(SceneTestCase):
    def test_parents_and_children(self):
        forearm = self.figure.Actor("lForeArm")
        self.assertEqual(forearm.Parent().InternalName(), "lShldr")
        self.assertEqual([c.InternalName() for c in forearm.Children()], ["lHand"])
        hand = self.figure.Actor("lHand")
        self.assertEqual(sorted(c.InternalName() for c in hand.Children()),
                         ["lIndex1", "lMid1", "lPinky1", "lRing1", "lThumb1"])
        self.assertEqual(self.figure.Actor("hip").Parent().InternalName(), "BODY")

    def test_actors_without_a_parent_hang_from_the_universe(self):
        body = self.figure.ParentActor()
        universe = body.Parent()
        self.assertEqual(universe.Name(), "UNIVERSE")
        self.assertIsNone(universe.Parent())
        self.assertIs(self.scene.Actor("ball").Parent(), universe)
        self.assertIs(self.scene.Actor("Main Camera").Parent(), universe)
        self.assertIn(body, universe.Children())
        self.assertIn(self.scene.Actor("GROUND"), universe.Children())

    def test_set_parent_moves_the_actor_in_the_tree(self):
        ball = self.scene.Actor("ball")
        hand = self.figure.Actor("rHand")
        ball.SetParent(hand)
        self.assertIs(ball.Parent(), hand)
        self.assertIn(ball, hand.Children())
        hand.SetParameter("Bend", 30)
        expected = multiply(ball.LocalMatrix(), hand.WorldMatrix())
        self.assertMatrixAlmostEqual(ball.WorldMatrix(), expected)
        ball.SetParent(self.scene.Actor("GROUND"), 1, 1)
        self.assertNotIn(ball, hand.Children())

    def test_a_parent_cycle_is_refused(self):
        shoulder = self.figure.Actor("lShldr")
        self.assertRaises(poser.error, shoulder.SetParent, self.figure.Actor("lHand"))
        self.assertRaises(poser.error, shoulder.SetParent, shoulder)
        self.assertEqual(shoulder.Parent().InternalName(), "lCollar")


class FlagsTest(SceneTestCase):
    PAIRS = (("Visible", "SetVisible"), ("OnOff", "SetOnOff"), ("Bends", "SetBends"),
             ("CastsShadows", "SetCastsShadows"),
             ("BackfaceCull", "SetBackfaceCull"), ("SmoothPolys", "SetSmoothPolys"), ("Static", "SetStatic"),
             ("AnimatableOrigin", "SetAnimatableOrigin"), ("VisibleInCamera", "SetVisibleInCamera"),
             ("VisibleInIDL", "SetVisibleInIDL"), ("VisibleInReflections", "SetVisibleInReflections"),
             ("VisibleInRender", "SetVisibleInRender"))

    def test_every_flag_answers_what_was_set_as_an_int(self):
        actor = self.figure.Actor("head")
        for getter, setter in self.PAIRS:
            before = getattr(actor, getter)()
            self.assertIn(before, (0, 1), getter)
            getattr(actor, setter)(0 if before else 1)
            self.assertEqual(getattr(actor, getter)(), 0 if before else 1, getter)
            self.assertEqual(getattr(self.figure.Actor("neck"), getter)(), before, getter)

    def test_shared_setters_cast_and_cast_shadows_are_one_flag(self):
        ball = self.scene.Actor("ball")
        ball.SetCastShadows(0)
        self.assertEqual(ball.CastsShadows(), 0)
        ball.SetCastsShadows(1)
        self.assertEqual(ball.CastShadows(), 1)

    def test_numeric_settings_and_display_style(self):
        actor = self.scene.Actor("ball")
        actor.SetCreaseAngle(45)
        actor.SetDisplacementBounds(0.9)
        actor.SetShadingRate(0.6)
        self.assertEqual((actor.CreaseAngle(), actor.DisplacementBounds(), actor.ShadingRate()), (45.0, 0.9, 0.6))
        self.assertEqual(actor.DisplayStyle(), poser.kDisplayCodeUSEPARENTSTYLE)
        actor.SetDisplayStyle(poser.kDisplayCodeWIREFRAME)
        self.assertEqual(actor.DisplayStyle(), poser.kDisplayCodeWIREFRAME)
        actor.SetIncludeInBoundingBox(0)
        actor.SetShadowRaytraceSoftness(5)

    def test_callbacks_run_on_an_update(self):
        from poser._actors import run_actor_callbacks

        seen = []
        hip = self.figure.Actor("hip")
        hip.SetLocalTransformCallback(lambda actor: seen.append(("local", actor.Name())))
        hip.SetVertexCallback(lambda actor, args: seen.append(("vertex", args)), "extra")
        run_actor_callbacks()
        self.assertEqual(seen, [("local", "Hip"), ("vertex", "extra")])
        hip.ClearLocalTransformCallback()
        hip.ClearVertexCallback()
        run_actor_callbacks()
        self.assertEqual(len(seen), 2)
        self.assertRaises(poser.error, hip.SetVertexCallback, "not a function")

    def test_custom_data(self):
        actor = self.figure.Actor("hip")
        self.assertIsNone(actor.CustomData("tool"))
        actor.SetCustomData("tool", "v1", 1, 0)
        self.assertEqual(actor.CustomData("tool"), "v1")
        actor.SetCustomData("tool", None, 0, 0)
        self.assertIsNone(actor.CustomData("tool"))
        self.figure.SetCustomData("outfit", "red", 0, 1)
        self.assertEqual(self.figure.CustomData("outfit"), "red")
        self.assertIsNone(self.figure.CustomData("missing"))


class PlacementTest(SceneTestCase):
    def test_world_matrix_is_local_times_parent_world(self):
        self.figure.Actor("BODY").SetParameter("yRotate", 20)
        self.figure.Actor("lShldr").SetParameter("Front-Back", 15)
        forearm = self.figure.Actor("lForeArm")
        forearm.SetParameter("Bend", 40)
        forearm.SetParameter("Twist", -10)
        for actor in (forearm, forearm.Parent(), self.figure.Actor("lThumb3")):
            expected = multiply(actor.LocalMatrix(), actor.Parent().WorldMatrix())
            self.assertMatrixAlmostEqual(actor.WorldMatrix(), expected)

    def test_a_joint_turns_about_its_origin(self):
        forearm = self.figure.Actor("lForeArm")
        forearm.SetParameter("Bend", 90)
        origin = forearm.Origin()
        for value, place in zip(transform(origin, forearm.LocalMatrix()), origin):
            self.assertAlmostEqual(value, place, 6)
        end = transform(forearm.EndPoint(), forearm.LocalMatrix())
        length = forearm.EndPoint()[0] - origin[0]
        self.assertAlmostEqual(end[0], origin[0], 6)
        self.assertAlmostEqual(abs(end[1] - origin[1]), length, 6)

    def test_rotation_order_follows_the_gimbal(self):
        forearm = self.figure.Actor("lForeArm")
        order, dials = forearm.Gimbal()
        self.assertEqual(order, (0, 1, 2))
        self.assertEqual([p.InternalName() for p in dials], ["xrot", "yrot", "zrot"])
        self.assertEqual(self.figure.Actor("hip").Gimbal()[0], (1, 2, 0))
        # two rotations in the gimbal order differ from the reverse order
        forearm.SetParameter("Twist", 30)
        forearm.SetParameter("Bend", 60)
        first = forearm.LocalMatrix()
        self.assertAlmostEqual(first[0][0], math.cos(math.radians(60)), 6)

    def test_translation_scale_and_displacements(self):
        ball = self.scene.Actor("ball")
        ball.SetParameter("xTran", 0.5)
        ball.SetParameter("yTran", 0.25)
        self.assertEqual(ball.LocalDisplacement(), (0.5, 0.25, 0.0))
        self.assertEqual(ball.WorldDisplacement(), (0.5, 0.25, 0.0))
        ball.SetParameter("Scale", 2.0)
        ball.SetParameter("yScale", 1.5)
        scale = ball.ScaleMatrix()
        self.assertEqual((scale[0][0], scale[1][1], scale[2][2]), (2.0, 3.0, 2.0))

    def test_quaternions(self):
        hip = self.figure.Actor("hip")
        self.assertEqual(hip.LocalQuaternion(), (1.0, 0.0, 0.0, 0.0))
        hip.SetParameter("Twist", 90)
        qw, qx, qy, qz = hip.WorldQuaternion()
        self.assertAlmostEqual(qw, math.sqrt(0.5), 6)
        self.assertAlmostEqual(qy, math.sqrt(0.5), 6)
        self.assertAlmostEqual(qx, 0.0, 6)

    def test_origin_endpoint_orientation_alignment_are_kept(self):
        hand = self.figure.Actor("rHand")
        hand.SetOrigin(-0.3, 0.61, 0.01)
        hand.SetEndPoint(-0.41, 0.61, 0.01)
        hand.SetOrientation(0.0, 10.0, 0.0)
        hand.SetAlignmentRotationXYZ(4.5, 7.5, 1.0)
        self.assertEqual(hand.Origin(), (-0.3, 0.61, 0.01))
        self.assertEqual(hand.EndPoint(), (-0.41, 0.61, 0.01))
        self.assertEqual(hand.Orientation(), (0.0, 10.0, 0.0))
        self.assertEqual(hand.AlignmentRotationXYZ(), (4.5, 7.5, 1.0))
        hand.SetAnimatableOrigin(1)
        self.assertEqual(hand.AnimatableOrigin(), 1)

    def test_point_at_aims_a_camera(self):
        camera = self.scene.Actor("Aux Camera")
        head = self.figure.Actor("head")
        camera.PointAt(head)
        self.assertIsNotNone(camera.Parameter("Point At"))
        m = camera.WorldMatrix()
        forward = [-m[2][c] for c in range(3)]
        here, there = camera.WorldDisplacement(), head.Origin()
        direction = [b - a for a, b in zip(here, there)]
        norm = math.sqrt(sum(c * c for c in direction))
        for f, d in zip(forward, direction):
            self.assertAlmostEqual(f, d / norm, 6)
        camera.PointAt(None)
        self.assertNotAlmostEqual(camera.WorldMatrix()[2][1], m[2][1], 3)

    def test_drop_to_floor(self):
        ball = self.scene.Actor("ball")
        ball.SetParameter("yTran", 2.0)
        ball.DropToFloor()
        self.assertAlmostEqual(lowest_world_y([ball]), 0.0, 5)
        self.figure.Actor("BODY").SetParameter("yTran", 0.3)
        self.figure.Actor("lThigh").SetParameter("Bend", -50)
        self.figure.DropToFloor()
        self.assertAlmostEqual(lowest_world_y(self.figure.Actors()), 0.0, 5)


class ParametersTest(SceneTestCase):
    def test_parameters_by_internal_name_display_name_and_code(self):
        hip = self.figure.Actor("hip")
        bend = hip.Parameter("xrot")
        self.assertEqual(bend.Name(), "Bend")
        self.assertIs(hip.Parameter("Bend"), bend)
        self.assertIs(hip.ParameterByCode(poser.kParmCodeXROT), bend)
        self.assertIsNone(hip.Parameter("wrot"))
        self.assertIsNone(hip.ParameterByCode(poser.kParmCodeFOCAL))
        hip.SetParameter("Twist", 12)
        hip.SetParameter("xtran", 0.1)
        hip.SetParameter(poser.kParmCodeZROT, 5)
        self.assertEqual((hip.Parameter("yrot").Value(), hip.Parameter("xTran").Value(),
                          hip.Parameter("Side-Side").Value()), (12.0, 0.1, 5.0))
        self.assertRaises(poser.error, hip.SetParameter, "wobble", 1)

    def test_value_parameters(self):
        ball = self.scene.Actor("ball")
        parm = ball.CreateValueParameter("Bounce")
        self.assertEqual(parm.IsValueParameter(), 1)
        self.assertIs(ball.ValueParameter("Bounce"), parm)
        self.assertEqual(ball.ValueParameters(), [parm])
        self.assertRaises(poser.error, ball.CreateValueParameter, "Bounce")
        ball.RemoveValueParameter("Bounce")
        self.assertIsNone(ball.Parameter("Bounce"))
        self.assertRaises(poser.error, ball.ValueParameter, "Bounce")

    def test_spawn_target_keeps_the_current_morph_shape(self):
        head = self.figure.Actor("head")
        head.SetParameter("Smile", 1.0)
        self.assertIsNone(head.SpawnTarget("Grin"))
        grin = head.Parameter("Grin")
        smile = head.Parameter("Smile")
        self.assertEqual(grin.IsMorphTarget(), 1)
        self.assertEqual(grin.Value(), 0.0)
        changed = [i for i in range(head.Geometry().NumVertices()) if smile.MorphTargetDelta(i) != (0.0, 0.0, 0.0)]
        self.assertTrue(changed)
        for i in changed:
            self.assertEqual(grin.MorphTargetDelta(i), smile.MorphTargetDelta(i))
        self.assertRaises(poser.error, head.SpawnTarget, "Grin")
        self.assertRaises(poser.error, self.figure.Actor("BODY").SpawnTarget, "Nothing")

    def test_spawn_target_from_geometry(self):
        chest = self.figure.Actor("chest")
        geom = chest.Geometry()
        target = self.scene.NewGeometry()
        moved = [[v.X(), v.Y() + (0.01 if i == 3 else 0.0), v.Z()] for i, v in enumerate(geom.Vertices())]
        target.AddGeneralMesh([[p.Start(), p.NumVertices()] for p in geom.Polygons()], geom.Sets(), moved)
        chest.SpawnTargetFromGeometry(target, "Lift")
        lift = chest.Parameter("Lift")
        self.assertAlmostEqual(lift.MorphTargetDelta(3)[1], 0.01, 6)
        self.assertEqual(lift.MorphTargetDelta(4), (0.0, 0.0, 0.0))
        small = self.scene.NewGeometry()
        small.AddGeneralMesh([[0, 3]], [0, 1, 2], [[0, 0, 0], [1, 0, 0], [0, 1, 0]])
        self.assertRaises(poser.error, chest.SpawnTargetFromGeometry, small, "Bad")

    def test_body_morph_dials_drive_the_body_parts(self):
        body, chest = self.figure.Actor("BODY"), self.figure.Actor("chest")
        heavy = chest.Parameter("Heavy")
        self.assertEqual(heavy.Hidden(), 1)
        self.assertTrue(heavy.NumMorphTargetDeltas())
        body.SetParameter("Heavy", 0.5)
        self.assertAlmostEqual(heavy.Value(), 0.5)
        self.assertAlmostEqual(self.figure.Actor("lShin").Parameter("Heavy").Value(), 0.5)

    def test_keyframes_of_all_dials(self):
        self.scene.SetNumFrames(40)
        ball = self.scene.Actor("ball")
        ball.AddKeyFrame(10)
        self.assertTrue(all(p.NumKeyFrames() == 1 for p in ball.Parameters()))
        self.assertEqual(ball.NextKeyFrame(), 10)
        self.assertIsNone(ball.PrevKeyFrame())
        self.scene.SetFrame(20)
        self.assertEqual(ball.PrevKeyFrame(), 10)
        ball.SetRangeLinear(20, 30)
        self.assertEqual(ball.Parameter("xtran").LinearAtFrame(25), 1)
        ball.SetRangeConstant(20, 30)
        self.assertEqual(ball.Parameter("xtran").ConstantAtFrame(25), 1)
        ball.SetRangeSpline(20, 30)
        ball.SetSplineBreak(20, 1)
        self.assertEqual(ball.Parameter("ytran").SplineBreakAtFrame(20), 1)
        ball.DeleteKeyFrame(10)
        self.assertEqual(ball.Parameter("xtran").IsKey(10), 0)

    def test_memorize_reset_restore(self):
        hip = self.figure.Actor("hip")
        hip.SetParameter("Bend", 10)
        hip.Reset()
        self.assertEqual(hip.Parameter("Bend").Value(), 0.0)
        hip.SetParameter("Bend", 20)
        hip.Memorize()
        hip.SetParameter("Bend", 35)
        hip.SetOrigin(0, 1, 0)
        hip.Reset()
        self.assertEqual(hip.Parameter("Bend").Value(), 20.0)
        self.assertEqual(hip.Origin(), (0.0, 1.0, 0.0))
        hip.Memorize()
        hip.SetOrigin(0, 2, 0)
        hip.Restore()
        self.assertEqual(hip.Origin(), (0.0, 1.0, 0.0))

    def test_figure_memorize_and_reset(self):
        self.figure.Actor("lForeArm").SetParameter("Bend", 45)
        self.figure.Memorize()
        self.figure.Actor("lForeArm").SetParameter("Bend", 5)
        self.figure.Actor("rShin").SetParameter("Bend", 5)
        self.figure.Reset()
        self.assertEqual(self.figure.Actor("lForeArm").Parameter("Bend").Value(), 45.0)
        self.assertEqual(self.figure.Actor("rShin").Parameter("Bend").Value(), 0.0)
        self.figure.Restore()


class DeleteTest(SceneTestCase):
    def test_body_parts_cannot_be_deleted(self):
        self.assertRaises(poser.error, self.figure.Actor("lHand").Delete)
        self.assertIn(self.figure.Actor("lHand"), self.figure.Actors())

    def test_a_prop_is_deleted(self):
        ball = self.scene.Actor("ball")
        ball.Delete()
        self.assertNotIn(ball, self.scene.Actors())
        self.assertRaises(poser.error, self.scene.Actor, "ball")


class LightsTest(SceneTestCase):
    def test_light_settings(self):
        light = self.scene.Actor("Light 2")
        self.assertEqual(light.LightType(), poser.kLightCodeINFINITE)
        light.SetLightType(poser.kLightCodeSPOT)
        self.assertEqual(light.LightType(), poser.kLightCodeSPOT)
        self.assertRaises(poser.error, light.SetLightType, 99)
        for getter, setter, value in (("LightOn", "SetLightOn", 0), ("Shadow", "SetShadow", 0),
                                      ("RayTraceShadows", "SetRayTraceShadows", 1),
                                      ("ShadowBiasMin", "SetShadowBiasMin", 0.3),
                                      ("ShadowBiasMax", "SetShadowBiasMax", 2.3),
                                      ("ShadowBlurRadius", "SetShadowBlurRadius", 5),
                                      ("AtmosphereStrength", "SetAtmosphereStrength", 0.15),
                                      ("LightAttenType", "SetLightAttenType", poser.kLightCodeINVSQUAREFALLOFF)):
            getattr(light, setter)(value)
            self.assertEqual(getattr(light, getter)(), value, getter)
        self.assertEqual(self.scene.Actor("Light 1").Shadow(), 1)

    def test_ambient_occlusion_is_for_image_lights(self):
        image = self.scene.Actor("Light 4")
        self.assertEqual(image.LightType(), poser.kLightCodeIMAGE)
        image.SetAmbientOcclusion(1)
        image.SetAmbientOcclusionStrength(0.7)
        image.SetAmbientOcclusionDistance(2.0)
        image.SetAmbientOcclusionBias(0.05)
        self.assertEqual((image.AmbientOcclusion(), image.AmbientOcclusionStrength(),
                          image.AmbientOcclusionDistance(), image.AmbientOcclusionBias()), (1, 0.7, 2.0, 0.05))
        self.assertRaises(poser.error, self.scene.Actor("Light 1").AmbientOcclusion)

    def test_light_methods_on_other_actors_raise(self):
        hip = self.figure.Actor("hip")
        for method in ("LightType", "Shadow", "LightOn", "AtmosphereStrength", "RayTraceShadows"):
            self.assertRaises(poser.error, getattr(hip, method))

    def test_light_dials(self):
        light = self.scene.Actor("Light 1")
        self.assertEqual(light.ParameterByCode(poser.kParmCodeKDINTENSITY).Value(), 1.0)
        self.assertEqual(light.Parameter("kdRed").Name(), "Red")
        light.SetOrigin(1.0, 2.0, 3.0)
        for got, want in zip(light.Origin(), (1.0, 2.0, 3.0)):
            self.assertAlmostEqual(got, want, 6)


class CamerasTest(SceneTestCase):
    def test_camera_dials(self):
        main = self.scene.Actor("Main Camera")
        names = [p.Name() for p in main.Parameters()]
        for name in ("Focal", "Perspective", "Hither", "Yon", "Scale", "DollyX", "DollyY", "DollyZ",
                     "xOrbit", "yOrbit", "zOrbit"):
            self.assertIn(name, names)
        dolly = self.scene.Actor("Dolly Camera")
        for name in ("Roll", "Pitch", "Yaw", "DollyX", "DollyY", "DollyZ", "Focal"):
            self.assertIsNotNone(dolly.Parameter(name), name)
        self.assertIs(main.ParameterByCode(poser.kParmCodeFOCAL), main.Parameter("focal"))
        self.assertIs(main.ParameterByCode(poser.kParmCodeHITHER), main.Parameter("Hither"))

    def test_a_camera_moves_with_its_dials(self):
        main = self.scene.Actor("Main Camera")
        self.assertEqual(main.Origin(), (0.0, 0.5, 3.0))
        main.SetParameter("DollyZ", 5.0)
        self.assertAlmostEqual(main.Origin()[2], 5.0)
        main.SetParameter("yOrbit", 90)
        x, y, z = main.Origin()
        self.assertAlmostEqual(x, 5.0, 6)
        self.assertAlmostEqual(z, 0.0, 6)
        dolly = self.scene.Actor("Dolly Camera")
        dolly.SetParameter("Yaw", 90)
        self.assertEqual(dolly.Origin(), (0.0, 0.5, 4.0))
        m = dolly.WorldMatrix()
        self.assertAlmostEqual(-m[2][0], -1.0, 6)  # looks along -X after a quarter turn


class DeformersTest(SceneTestCase):
    def test_a_magnet_has_a_base_and_a_zone(self):
        head = self.figure.Actor("head")
        magnet = _deformers.create_magnet(self.scene, head)
        base, zones = magnet.Base(), magnet.Zones()
        self.assertEqual((magnet.IsDeformer(), magnet.IsProp(), base.IsBase(), zones[0].IsZone()), (1, 1, 1, 1))
        self.assertEqual(magnet.Name(), "Magnet 1")
        self.assertIs(base.Parent(), head)
        self.assertIs(zones[0].Zones()[0], zones[0])
        self.assertIsNone(head.Base())
        self.assertEqual(head.Zones(), [])
        second = _deformers.create_magnet(self.scene, head)
        self.assertEqual(second.Name(), "Magnet 2")
        magnet.Delete()
        self.assertNotIn(base, self.scene.Actors())
        self.assertNotIn(base, head.Children())

    def test_a_wave_has_its_dials(self):
        wave = _deformers.create_wave(self.scene, self.scene.Actor("GROUND"))
        self.assertEqual(wave.IsDeformer(), 1)
        self.assertEqual(wave.ParameterByCode(poser.kParmCodeWAVEAMPLITUDE).Name(), "Amplitude")
        self.assertEqual(wave.Zones()[0].IsZone(), 1)


class JointsAndWeldsTest(SceneTestCase):
    def test_joint_and_twist_weights(self):
        forearm = self.figure.Actor("lForeArm")
        count = forearm.Geometry().NumVertices()
        self.assertIsNone(forearm.JointVertexWeights("x"))
        bend = forearm.JointVertexWeights("z")
        self.assertEqual(len(bend), count)
        self.assertTrue(all(0.0 <= w <= 1.0 for w in bend))
        self.assertEqual(bend[0], 0.0)
        self.assertEqual(bend[-1], 1.0)
        self.assertEqual(len(forearm.TwistVertexWeights("x")), count)
        self.assertIsNone(forearm.TwistVertexWeights("y"))
        self.assertIsNone(self.figure.Actor("BODY").JointVertexWeights("x"))
        self.assertIsNone(self.scene.Actor("ball").TwistVertexWeights("y"))

    def test_weld_goals_point_at_shared_vertices(self):
        forearm = self.figure.Actor("lForeArm")
        shoulder = self.figure.Actor("lShldr")
        self.assertEqual(forearm.WeldGoalActors(), [shoulder])
        goals = forearm.WeldGoals()[0]
        self.assertEqual(len(goals), forearm.Geometry().NumVertices())
        welded = [(i, j) for i, j in enumerate(goals) if j >= 0]
        self.assertTrue(welded)
        for i, j in welded:
            a, b = forearm.Geometry().Vertex(i), shoulder.Geometry().Vertex(j)
            self.assertEqual((a.X(), a.Y(), a.Z()), (b.X(), b.Y(), b.Z()))
        self.assertEqual(self.figure.Actor("lThigh").WeldGoalActors(), [])
        self.assertEqual(self.figure.Actor("hip").WeldGoalActors(), [])

    def test_unimesh_is_welded_and_consistent_with_each_actor(self):
        mesh, actors, maps = self.figure.UnimeshInfo()
        self.assertEqual(len(actors), self.figure.NumbBodyParts())
        self.assertLess(mesh.NumVertices(), sum(len(m) for m in maps))
        self.assertEqual(mesh.NumPolygons(), sum(a.Geometry().NumPolygons() for a in actors))
        for actor, mapping in zip(actors, maps):
            geom = actor.Geometry()
            self.assertEqual(len(mapping), geom.NumVertices())
            for i in (0, len(mapping) // 2, len(mapping) - 1):
                v, u = geom.Vertex(i), mesh.Vertex(mapping[i])
                self.assertAlmostEqual(v.X(), u.X(), 6)
                self.assertAlmostEqual(v.Y(), u.Y(), 6)
                self.assertAlmostEqual(v.Z(), u.Z(), 6)
        forearm, shoulder = actors.index(self.figure.Actor("lForeArm")), actors.index(self.figure.Actor("lShldr"))
        self.assertTrue(set(maps[forearm]) & set(maps[shoulder]))

    def test_unimesh_keeps_groups_and_follows_the_pose(self):
        self.figure.Actor("lForeArm").SetParameter("Bend", 45)
        mesh, actors, maps = self.figure.UnimeshInfo()
        k = actors.index(self.figure.Actor("lForeArm"))
        geom = actors[k].Geometry()
        weights = actors[k].JointVertexWeights("z")
        for i in range(geom.NumVertices()):
            if weights[i] == 1.0:  # away from the joint the part moves as a whole
                a, b = geom.WorldVertex(i), mesh.WorldVertex(maps[k][i])
                self.assertAlmostEqual(a.X(), b.X(), 5)
                self.assertAlmostEqual(a.Y(), b.Y(), 5)
        self.assertEqual(mesh.Polygon(0).Groups(), [actors[0].InternalName()])
        self.assertEqual(mesh.NumTexVertices(), sum(a.Geometry().NumTexVertices() for a in actors))
        self.assertEqual([m.Name() for m in mesh.Materials()][:2], ["Skin", "Eyes"])


class MaterialCollectionTest(SceneTestCase):
    def setUp(self):
        SceneTestCase.setUp(self)
        self.folder = tempfile.mkdtemp(prefix="posertalkr-mc-")

    def tearDown(self):
        shutil.rmtree(self.folder)
        SceneTestCase.tearDown(self)

    def test_saving_then_loading_restores_the_selected_materials(self):
        head = self.figure.Actor("head")
        skin, eyes = head.Material("Skin"), head.Material("Eyes")
        skin.SetDiffuseColor(0.5, 0.25, 0.125)
        skin.SetTextureMapFileName("skin.png")
        skin.SetSelected(1)
        eyes.SetDiffuseColor(0.1, 0.1, 0.1)
        path = os.path.join(self.folder, "look.mc6")
        head.SaveMaterialCollection(path)
        self.assertTrue(os.path.exists(path))
        skin.SetDiffuseColor(1, 1, 1)
        skin.SetTextureMapFileName("")
        eyes.SetDiffuseColor(0.9, 0.9, 0.9)
        head.LoadMaterialCollection(path)
        self.assertEqual(skin.DiffuseColor(), (0.5, 0.25, 0.125))
        self.assertEqual(skin.TextureMapFileName(), "skin.png")
        self.assertEqual(eyes.DiffuseColor(), (0.9, 0.9, 0.9))  # not selected: not saved

    def test_loading_a_missing_or_foreign_file_raises(self):
        head = self.figure.Actor("head")
        self.assertRaises(poser.error, head.LoadMaterialCollection, os.path.join(self.folder, "none.mc6"))
        other = os.path.join(self.folder, "other.mc6")
        with open(other, "w") as handle:
            handle.write("not a collection")
        self.assertRaises(poser.error, head.LoadMaterialCollection, other)


class HairTest(SceneTestCase):
    def test_hair_groups_grow_on_an_actor(self):
        head = self.figure.Actor("head")
        self.assertEqual(head.NumHairGroups(), 0)
        group = head.CreateHairGroup("Ponytail")
        self.assertEqual(head.NumHairGroups(), 1)
        self.assertIs(head.HairGroup(0), group)
        self.assertRaises(poser.error, head.HairGroup, 1)
        prop = group.HairProp()
        self.assertEqual((prop.IsHairProp(), prop.IsProp()), (1, 1))
        self.assertIs(prop.Parent(), head)


class FigureTest(SceneTestCase):
    def test_actors_come_in_hierarchy_order(self):
        actors = self.figure.Actors()
        self.assertEqual(actors[0].InternalName(), "BODY")
        self.assertEqual([a.Name() for a in actors[:3]], ["Body", "Hip", "Abdomen"])
        for index, actor in enumerate(actors[1:]):
            self.assertLess(actors.index(actor.Parent()), index + 1)
        self.assertIs(self.figure.ParentActor(), actors[0])
        self.assertIs(self.figure.RootActor(), actors[1])

    def test_set_parent_actor(self):
        ball = self.scene.Actor("ball")
        self.figure.SetParentActor(ball)
        self.assertIs(self.figure.ParentActor(), ball)
        self.assertIs(self.figure.Actor("BODY").Parent(), ball)
        self.assertRaises(poser.error, self.figure.SetParentActor, self.figure.Actor("hip"))

    def test_visible_display_style_geometry_file_skin_type(self):
        self.figure.SetVisible(0)
        self.assertEqual(self.figure.Visible(), 0)
        self.figure.SetOnOff(1)
        self.assertEqual(self.figure.Visible(), 1)
        self.figure.SetDisplayStyle(poser.kDisplayCodeFLATLINED)
        self.assertEqual(self.figure.DisplayStyle(), poser.kDisplayCodeFLATLINED)
        self.assertTrue(self.figure.GeomFileName().endswith(".obj"))
        self.assertEqual(self.figure.Actor("lHand").GeomFileName(), self.figure.GeomFileName())
        self.figure.SetSkinType(3)
        self.assertRaises(poser.error, self.figure.SetSkinType, 7)

    def test_startup_scripts(self):
        self.assertEqual(self.figure.StartupScript(), "")
        self.figure.SetStartupScript("Runtime/Python/script.py")
        self.assertEqual(self.figure.StartupScript(), "Runtime/Python/script.py")
        self.figure.ClearStartupScript()
        self.assertEqual(self.figure.StartupScript(), "")
        self.figure.SetMeAsStartupScript()
        self.assertTrue(self.figure.StartupScript())

    def test_ik_chains(self):
        self.assertEqual(self.figure.NumIkChains(), len(self.figure.IkNames()))
        self.assertEqual(self.figure.IkNames()[3], "Left Leg")
        self.assertEqual(self.figure.IkStatus(0), 0)
        self.figure.SetIkStatus(0, 1)
        self.assertEqual(self.figure.IkStatus(0), 1)
        self.assertRaises(poser.error, self.figure.IkStatus, 4)

    def test_symmetry_copies_mirrored_values(self):
        left = self.figure.Actor("lForeArm")
        left.SetParameter("Bend", 30)
        left.SetParameter("Twist", 10)
        left.SetParameter("Side-Side", 5)
        self.figure.Actor("lThigh").SetParameter("Bend", 25)
        self.figure.SymmetryLeftToRight()
        right = self.figure.Actor("rForeArm")
        self.assertEqual([right.Parameter(n).Value() for n in ("zrot", "xrot", "yrot")], [-30.0, 10.0, -5.0])
        self.assertEqual(self.figure.Actor("rThigh").Parameter("Bend").Value(), 25.0)
        right.SetParameter("Bend", -50)
        self.figure.SymmetryTopRightToLeft()
        self.assertEqual(left.Parameter("Bend").Value(), 50.0)
        self.figure.Actor("rShin").SetParameter("Bend", 40)
        self.figure.SymmetryTopLeftToRight()
        self.assertEqual(self.figure.Actor("rShin").Parameter("Bend").Value(), 40.0)  # bottom untouched
        self.figure.SymmetryBotRightToLeft()
        self.assertEqual(self.figure.Actor("lShin").Parameter("Bend").Value(), 40.0)
        self.figure.Actor("lShin").SetParameter("Bend", 10)
        self.figure.SymmetryBotLeftToRight(1)
        self.assertEqual(self.figure.Actor("rShin").Parameter("Bend").Value(), 10.0)
        self.assertEqual(self.figure.Actor("rShin").Origin()[0], -self.figure.Actor("lShin").Origin()[0])
        self.figure.SymmetryRightToLeft()

    def test_symmetry_and_memorize_keep_driven_dials_driven(self):
        body = self.figure.Actor("BODY")
        body.SetParameter("Heavy", 0.5)
        self.figure.SymmetryLeftToRight()
        self.assertAlmostEqual(self.figure.Actor("rThigh").Parameter("Heavy").Value(), 0.5)
        self.figure.Memorize()
        self.figure.Reset()
        self.assertAlmostEqual(self.figure.Actor("lThigh").Parameter("Heavy").Value(), 0.5)
        body.SetParameter("Heavy", 0.0)
        self.figure.Reset()
        self.assertAlmostEqual(self.figure.Actor("lThigh").Parameter("Heavy").Value(), 0.5)

    def test_swap_top_and_bottom(self):
        self.figure.Actor("lHand").SetParameter("Bend", 20)
        self.figure.Actor("rShin").SetParameter("Bend", 15)
        self.figure.SwapTop()
        self.assertEqual(self.figure.Actor("rHand").Parameter("Bend").Value(), -20.0)
        self.assertEqual(self.figure.Actor("lHand").Parameter("Bend").Value(), 0.0)
        self.assertEqual(self.figure.Actor("rShin").Parameter("Bend").Value(), 15.0)
        self.figure.SwapBottom()
        self.assertEqual(self.figure.Actor("lShin").Parameter("Bend").Value(), 15.0)

    def test_straighten_body(self):
        chest = self.figure.Actor("chest")
        chest.SetParameter("Bend", 20)
        chest.SetParameter("Twist", 10)
        self.figure.Actor("abdomen").SetParameter("Side-Side", 8)
        self.figure.StraightenBody()
        self.assertEqual((chest.Parameter("Bend").Value(), chest.Parameter("Twist").Value()), (0.0, 10.0))
        self.assertEqual(self.figure.Actor("abdomen").Parameter("Side-Side").Value(), 0.0)

    def test_conforming_follows_the_target(self):
        shirt = add_figure(self.scene, "shirt")
        shoulder = self.figure.Actor("lShldr")
        shoulder.SetParameter("Bend", 40)
        shirt.SetConformTarget(self.figure)
        self.assertIs(shirt.ConformTarget(), self.figure)
        self.assertEqual(shirt.Actor("lShldr").Parameter("Bend").Value(), 40.0)
        shoulder.SetParameter("Bend", -15)
        self.assertEqual(shirt.Actor("lShldr").WorldMatrix(), shoulder.WorldMatrix())
        self.assertRaises(poser.error, self.figure.SetConformTarget, shirt)
        shirt.SetConformTarget(None)
        self.assertIsNone(shirt.ConformTarget())
        self.figure.ConformTo(shirt)
        self.assertIs(shirt.ConformTarget(), self.figure)

    def test_conforming_options(self):
        for getter, setter, default in (("FollowOriginsWhenConforming", "SetFollowOriginsWhenConforming", 0),
                                        ("IncludeMorphsWhenConforming", "SetIncludeMorphsWhenConforming", 1),
                                        ("IncludeScalesWhenConforming", "SetIncludeScalesWhenConforming", 1),
                                        ("IncludeTranslationsWhenConforming",
                                         "SetIncludeTranslationsWhenConforming", 1),
                                        ("MatchEndpointsWhenConforming", "SetMatchEndpointsWhenConforming", 0)):
            self.assertEqual(getattr(self.figure, getter)(), default, getter)
            getattr(self.figure, setter)(1 - default)
            self.assertEqual(getattr(self.figure, getter)(), 1 - default, getter)

    def test_create_full_body_morph(self):
        head, chest, body = self.figure.Actor("head"), self.figure.Actor("chest"), self.figure.Actor("BODY")
        head.SetParameter("Smile", 1.0)
        chest.SetParameter("Heavy", 0.5)
        self.figure.CreateFullBodyMorph("Cheerful")
        dial = body.Parameter("Cheerful")
        self.assertEqual(dial.Value(), 0.0)
        part = head.Parameter("Cheerful")
        self.assertEqual(part.IsMorphTarget(), 1)
        index = next(i for i in range(head.Geometry().NumVertices())
                     if head.Parameter("Smile").MorphTargetDelta(i) != (0.0, 0.0, 0.0))
        self.assertEqual(part.MorphTargetDelta(index), head.Parameter("Smile").MorphTargetDelta(index))
        self.assertIsNone(self.figure.Actor("lFoot").Parameter("Cheerful"))
        dial.SetValue(1.0)
        self.assertEqual(part.Value(), 1.0)
        self.assertEqual(chest.Parameter("Cheerful").Value(), 1.0)
        self.assertRaises(poser.error, self.figure.CreateFullBodyMorph, "Cheerful")
        self.figure.StripRig()
        self.assertEqual(part.Value(), 0.0)

    def test_copy_joints_from_another_figure(self):
        other = add_figure(self.scene, "other")
        other.Actor("lHand").SetOrigin(0.3, 0.65, 0.0)
        self.figure.CopyJointParmsFrom(other)
        self.assertEqual(self.figure.Actor("lHand").Origin(), (0.3, 0.65, 0.0))

    def test_figure_measure_makes_measurement_actors(self):
        self.figure.FigureMeasure()
        measured = dict((a.Name(), a) for a in self.scene.Measurements())
        self.assertAlmostEqual(float(measured["Hip Height"].MeasurementValue()), 0.42, 5)
        self.assertAlmostEqual(float(measured["Feet Distance"].MeasurementValue()), 0.08, 5)
        self.figure.Actor("BODY").SetParameter("yTran", 0.1)
        self.figure.FigureMeasure()
        self.assertEqual(len(self.scene.Measurements()), 2)
        self.assertAlmostEqual(float(measured["Hip Height"].MeasurementValue()), 0.52, 5)
        self.assertRaises(poser.error, self.figure.Actor("hip").MeasurementValue)

    def test_recorded_calls(self):
        self.figure.FigureMeasure()
        self.figure.CheckFigureMagnets()
        self.figure.ConvertToUniversalPose()
        self.figure.ApplyMotionRig(None)
        names = [entry[0] for entry in poser.CallLog()]
        for name in ("FigureMeasure", "CheckFigureMagnets", "ConvertToUniversalPose", "ApplyMotionRig"):
            self.assertIn(name, names)

    @unittest.skipUnless(hasattr(poser.PolyType, "IncludeInGroup"), "needs PolyType.IncludeInGroup")
    def test_auto_group_actor(self):
        ball = self.scene.Actor("ball")
        ball.SetParent(self.figure.Actor("rHand"))
        self.figure.AutoGroupActor(ball)
        groups = set()
        for polygon in ball.Geometry().Polygons():
            groups.update(polygon.Groups())
        self.assertTrue(groups & set(a.InternalName() for a in self.figure.Actors()))

    def test_delete_figure(self):
        second = add_figure(self.scene, "second")
        second.Delete()
        self.assertNotIn(second, self.scene.Figures())


if __name__ == "__main__":
    unittest.main()

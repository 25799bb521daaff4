"""The scene (SceneType) the way scripts walk it: lookups by display or internal name,
selection and the current objects, creating and deleting actors (and undoing it), counts,
the scene's colours and settings, Memorize/Restore, the bounding box and WorldToScreen.

    python3 Tests/PoserAPI/test_scene.py
"""

import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SHIMS = os.path.join(os.path.dirname(os.path.dirname(HERE)), "PythonShims")
if SHIMS not in sys.path:
    sys.path.insert(0, SHIMS)

import poser  # noqa: E402


class SceneTestCase(unittest.TestCase):
    def setUp(self):
        self.scene = poser.ResetScene()
        self.figure = self.scene.CurrentFigure()

    def tearDown(self):
        poser.ResetScene()


class LookupTest(SceneTestCase):
    def test_actors_by_display_or_internal_name(self):
        forearm = self.scene.Actor("Left Forearm")
        self.assertIs(self.scene.Actor("lForeArm"), forearm)
        self.assertIs(self.scene.ActorByInternalName("lForeArm"), forearm)
        self.assertIs(self.scene.ActorByInternalName("Left Forearm"), forearm)
        self.assertIs(self.scene.Actor("BODY"), self.figure.ParentActor())
        self.assertIs(self.scene.Actor("Main Camera"), self.scene.CurrentCamera())
        self.assertIs(self.scene.Actor("MAIN_CAMERA"), self.scene.CurrentCamera())
        self.assertIs(self.scene.Actor("ball"), self.scene.Actor("ball_1"))
        self.assertEqual(self.scene.Actor("UNIVERSE").Name(), "UNIVERSE")
        self.assertRaises(poser.error, self.scene.Actor, "Tail")
        self.assertRaises(poser.error, self.scene.ActorByInternalName, "tail")

    def test_current_figure_first_and_numbered_names(self):
        second = self.scene.LoadLibraryFigure("second.cr2")
        self.assertIs(self.scene.CurrentFigure(), second)
        self.assertIs(self.scene.Actor("hip"), second.Actor("hip"))
        self.assertIs(self.scene.ActorByInternalName("hip"), second.Actor("hip"))
        self.assertIs(self.scene.ActorByInternalName("hip:2"), second.Actor("hip"))
        self.scene.SelectFigure(self.figure)
        self.assertIs(self.scene.Actor("hip"), self.figure.Actor("hip"))
        self.assertIs(self.scene.ActorByInternalName("hip:7"), self.figure.Actor("hip"))

    def test_figures_by_name(self):
        self.assertIs(self.scene.Figure("Figure 1"), self.figure)
        self.assertIs(self.scene.FigureByInternalName(self.figure.InternalName()), self.figure)
        self.assertRaises(poser.error, self.scene.Figure, "Figure 9")
        self.assertRaises(poser.error, self.scene.FigureByInternalName, "nobody")

    def test_lists_are_consistent_and_objects_stable(self):
        actors = self.scene.Actors()
        self.assertEqual(actors, self.scene.Actors())
        for actor in self.figure.Actors():
            self.assertIn(actor, actors)
        for group in (self.scene.Cameras(), self.scene.Lights()):
            for actor in group:
                self.assertIn(actor, actors)
        self.assertTrue(all(a.IsCamera() for a in self.scene.Cameras()))
        self.assertTrue(all(a.IsLight() for a in self.scene.Lights()))
        self.assertEqual([a for a in actors if a.IsProp()], self.scene.Props())
        self.scene.Cameras().pop()  # a copy
        self.assertEqual(len(self.scene.Cameras()), self.scene.NumCameras())

    def test_counts(self):
        self.assertEqual(self.scene.NumFigures(), 1)
        self.assertEqual(self.scene.NumLights(), len(self.scene.Lights()))
        self.assertEqual(self.scene.NumProps(), len(self.scene.Props()))
        parts = len([a for a in self.figure.Actors() if a.IsBodyPart() and a.Geometry() is not None])
        self.assertEqual(self.scene.NumBodyParts(), parts)
        self.assertEqual(self.scene.NumGeometries(), parts + self.scene.NumProps())
        self.figure.Materials()[0].SetTextureMapFileName("/tex/skin.jpg")
        self.assertEqual(self.scene.NumImageMaps(), 1)
        self.assertEqual(self.scene.MorphFiles(), [])


class SelectionTest(SceneTestCase):
    def test_select_actor_makes_its_figure_current(self):
        second = self.scene.LoadLibraryFigure("second.cr2")
        hand = self.figure.Actor("rHand")
        self.scene.SelectActor(hand)
        self.assertIs(self.scene.CurrentActor(), hand)
        self.assertIs(self.scene.CurrentFigure(), self.figure)
        self.assertEqual(hand.Selected(), 1)
        self.scene.SelectFigure(second)
        self.assertIs(self.scene.CurrentFigure(), second)
        self.assertIs(self.scene.CurrentActor().ItsFigure(), second)
        ball = self.scene.Actor("ball")
        self.scene.SelectActor(ball)
        self.assertIs(self.scene.CurrentFigure(), second)  # a prop leaves the figure current

    def test_lights_cameras_materials(self):
        light = self.scene.Lights()[1]
        self.scene.SelectActor(light)
        self.assertIs(self.scene.CurrentLight(), light)
        camera = self.scene.Actor("Aux Camera")
        self.scene.SetCurrentCamera(camera)
        self.assertIs(self.scene.CurrentCamera(), camera)
        self.assertRaises(poser.error, self.scene.SetCurrentCamera, light)
        self.assertRaises(poser.error, self.scene.SetCurrentLight, camera)
        self.assertIsNone(self.scene.CurrentMaterial())
        skin = self.figure.Material("Skin")
        self.scene.SelectMaterial(skin)
        self.assertIs(self.scene.CurrentMaterial(), skin)
        self.assertEqual(skin.Selected(), 1)
        self.scene.SelectMaterial(self.figure.Material("Eyes"))
        self.assertEqual((skin.Selected(), self.figure.Material("Eyes").Selected()), (0, 1))

    def test_wrong_arguments(self):
        self.assertRaises(poser.error, self.scene.SelectActor, "hip")
        self.assertRaises(poser.error, self.scene.SelectFigure, self.figure.Actor("hip"))

    def test_wacro_lists(self):
        self.assertEqual(self.scene.WacroLights(), self.scene.Lights())
        self.scene.SelectActor(self.figure.Actor("head"))
        self.assertEqual(self.scene.WacroMaterials(), self.figure.Materials())
        eyes = self.figure.Material("Eyes")
        eyes.SetSelected(1)
        self.assertEqual(self.scene.WacroMaterials(), [eyes])


class BuildingTest(SceneTestCase):
    def test_prop_from_geometry(self):
        geom = poser.NewGeometry()
        geom.AddGeneralMesh([[0, 4]], [0, 1, 2, 3], [[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0]])
        prop = self.scene.CreatePropFromGeom(geom, "Panel")
        self.assertIs(self.scene.Actor("Panel"), prop)
        self.assertIs(self.scene.CurrentActor(), prop)
        self.assertEqual(prop.IsProp(), 1)
        self.assertEqual(prop.Geometry().NumVertices(), 4)
        geom.Vertex(0).SetX(5.0)  # the prop has its own copy
        self.assertEqual(prop.Geometry().Vertex(0).X(), 0.0)
        again = self.scene.CreatePropFromGeom(self.scene.Actor("ball").Geometry(), "Panel")
        self.assertNotEqual(again.InternalName(), prop.InternalName())

    def test_create_light_magnet_wave_grouping(self):
        self.scene.CreateLight()
        light = self.scene.Lights()[-1]
        self.assertEqual(light.LightType(), poser.kLightCodeSPOT)
        self.assertIs(self.scene.CurrentLight(), light)
        self.assertIs(self.scene.Actor(light.Name()), light)
        self.scene.SelectActor(self.figure.Actor("head"))
        self.scene.CreateMagnet()
        magnet = self.scene.Actor("Magnet 1")
        self.assertEqual(magnet.IsDeformer(), 1)
        self.assertEqual(self.scene.Actor("Mag Zone 1").IsZone(), 1)
        self.scene.CreateWave()
        self.scene.CreateGrouping()
        self.assertEqual(self.scene.Actor("Wave 1").IsDeformer(), 1)
        self.assertEqual(self.scene.Actor("Grouping 1").IsProp(), 1)
        self.assertEqual(poser.CommandNames(), ["Create Light", "Create Magnet", "Create Wave", "Create Grouping"])
        poser.Undo()
        self.assertRaises(poser.error, self.scene.Actor, "Grouping 1")
        poser.Undo()
        self.assertRaises(poser.error, self.scene.Actor, "Wave Zone 1")

    def test_geometry_from_a_group(self):
        head = self.figure.Actor("head")
        geom = self.scene.CreateGeomFromGroup(head, "head")
        self.assertEqual(geom.NumPolygons(), head.Geometry().NumPolygons())
        self.assertEqual(geom.NumVertices(), head.Geometry().NumVertices())
        self.assertRaises(poser.error, self.scene.CreateGeomFromGroup, head, "tail")
        polygon = head.Geometry().Polygon(0)
        polygon.IncludeInGroup("patch")
        patch = self.scene.CreateGeomFromGroup(head, "patch")
        self.assertEqual(patch.NumPolygons(), 1)
        self.assertEqual(patch.NumVertices(), polygon.NumVertices())
        self.assertEqual(sorted((v.X(), v.Y(), v.Z()) for v in patch.Vertices()),
                         sorted((v.X(), v.Y(), v.Z()) for v in polygon.Vertices()))


class DeletingTest(SceneTestCase):
    def test_delete_current_prop_and_undo(self):
        ball = self.scene.Actor("ball")
        ball.SetParent(self.figure.Actor("rHand"))
        self.scene.SelectActor(ball)
        self.scene.DeleteCurrentProp()
        self.assertNotIn(ball, self.scene.Actors())
        self.assertRaises(poser.error, self.scene.Actor, "ball")
        self.assertIsNot(self.scene.CurrentActor(), ball)
        poser.Undo()
        self.assertIs(self.scene.Actor("ball"), ball)
        self.assertIs(ball.Parent(), self.figure.Actor("rHand"))
        self.assertIs(self.scene.CurrentActor(), ball)
        poser.Redo()
        self.assertNotIn(ball, self.scene.Actors())

    def test_delete_current_prop_needs_a_prop(self):
        self.scene.SelectActor(self.figure.Actor("hip"))
        self.assertRaises(poser.error, self.scene.DeleteCurrentProp)

    def test_delete_current_figure(self):
        second = self.scene.LoadLibraryFigure("second.cr2")
        self.scene.DeleteCurrentFigure()
        self.assertEqual(self.scene.Figures(), [self.figure])
        self.assertIs(self.scene.CurrentFigure(), self.figure)
        self.assertIs(self.scene.CurrentActor().ItsFigure(), self.figure)
        poser.Undo()
        self.assertIn(second, self.scene.Figures())
        self.figure.Delete()
        second.Delete()
        self.assertIsNone(self.scene.CurrentFigure())
        self.assertRaises(poser.error, self.scene.DeleteCurrentFigure)

    def test_lights_and_cameras(self):
        light = self.scene.CurrentLight()
        light.Delete()
        self.assertNotIn(light, self.scene.Lights())
        self.assertIsNot(self.scene.CurrentLight(), light)
        for camera in self.scene.Cameras()[1:]:
            camera.Delete()
        self.assertRaises(poser.error, self.scene.Cameras()[0].Delete)


class SettingsTest(SceneTestCase):
    def test_colours(self):
        for getter, setter in (("BackgroundColor", "SetBackgroundColor"), ("ForegroundColor", "SetForegroundColor"),
                               ("GroundColor", "SetGroundColor"), ("ShadowColor", "SetShadowColor")):
            getattr(self.scene, setter)(0.4, 0.5, 0.6)
            self.assertEqual(getattr(self.scene, getter)(), (0.4, 0.5, 0.6), getter)

    def test_display_and_files(self):
        self.scene.SetDisplayStyle(poser.kDisplayCodeWIREFRAME)
        self.assertEqual(self.scene.DisplayStyle(), poser.kDisplayCodeWIREFRAME)
        self.assertRaises(poser.error, self.scene.SetDisplayStyle, -5)
        self.scene.SetGroundShadows(0)
        self.assertEqual(self.scene.GroundShadows(), 0)
        self.scene.SetGroundShadows()
        self.assertEqual(self.scene.GroundShadows(), 1)
        self.scene.SetBackgroundImage("/img/sky.jpg")
        self.scene.SetBackgroundMovie("/mov/sea.avi")
        self.assertEqual((self.scene.BackgroundImage(), self.scene.BackgroundMovie()), ("/img/sky.jpg", "/mov/sea.avi"))
        self.scene.SetStartupScript("/scripts/start.py")
        self.assertEqual(self.scene.StartupScript(), "/scripts/start.py")
        self.scene.ClearStartupScript()
        self.assertEqual(self.scene.StartupScript(), "")
        self.scene.SetOutputRes(800, 600)
        self.assertEqual(self.scene.OutputRes(), (800, 600))
        self.assertEqual(self.scene.GeomFileName(), self.figure.GeomFileName())

    def test_memorize_and_restore(self):
        bend = self.figure.Actor("lShldr").Parameter("Bend")
        bend.SetValue(20)
        self.scene.MemorizeAll()
        bend.SetValue(70)
        self.scene.RestoreAll()
        self.assertEqual(bend.Value(), 20)
        intensity = self.scene.Lights()[0].ParameterByCode(poser.kParmCodeKDINTENSITY)
        self.scene.MemorizeLights()
        old = intensity.Value()
        intensity.SetValue(old + 0.5)
        self.scene.RestoreLights()
        self.assertEqual(intensity.Value(), old)

    def test_redraws_are_recorded(self):
        for name in ("Draw", "DrawAll", "AntialiasNow", "CopyToClipboard", "FrameSelected", "UpdateBGPreview",
                     "ResolvePendingTextures"):
            getattr(self.scene, name)()
        self.scene.ProcessSomeEvents(numEvents=1)
        names = [entry[0] for entry in poser.CallLog()]
        self.assertEqual(names, ["Draw", "DrawAll", "AntialiasNow", "CopyToClipboard", "FrameSelected",
                                 "UpdateBGPreview", "ResolvePendingTextures", "ProcessSomeEvents"])


class RenderSettingsTest(SceneTestCase):
    def test_flags(self):
        for getter, setter, default in (("RenderAntiAliased", "SetRenderAntiAliased", 1),
                                        ("RenderBumpMaps", "SetRenderBumpMaps", 1),
                                        ("RenderTextureMaps", "SetRenderTextureMaps", 1),
                                        ("RenderCastShadows", "SetRenderCastShadows", 1),
                                        ("RenderIgnoreShaderTrees", "SetRenderIgnoreShaderTrees", 0),
                                        ("RenderToNewWindow", "SetRenderToNewWindow", 0)):
            self.assertEqual(getattr(self.scene, getter)(), default, getter)
            getattr(self.scene, setter)(1 - default)
            self.assertEqual(getattr(self.scene, getter)(), 1 - default, getter)
            getattr(self.scene, setter)()  # the default argument turns it on
            self.assertEqual(getattr(self.scene, getter)(), 1, getter)
        self.scene.SetRenderCastShadows(0)
        self.assertEqual(self.scene.CurrentFireFlyOptions().Shadows(), 0)

    def test_render_over(self):
        self.assertEqual((self.scene.RenderOverType(), self.scene.RenderOnBGColor()), (0, 1))
        self.scene.SetRenderOnBlack(1)
        self.assertEqual((self.scene.RenderOverType(), self.scene.RenderOnBlack(), self.scene.RenderOnBGColor()),
                         (1, 1, 0))
        self.scene.SetRenderOverType(2)
        self.assertEqual(self.scene.RenderOnBGPict(), 1)
        self.assertRaises(poser.error, self.scene.SetRenderOverType, 7)

    def test_engine_resolution_and_options(self):
        self.assertEqual(self.scene.CurrentRenderEngine(), poser.kRenderEngineCodeFIREFLY)
        self.scene.SetCurrentRenderEngine(poser.kRenderEngineCodeSUPERFLY)
        self.assertEqual(self.scene.CurrentRenderEngine(), poser.kRenderEngineCodeSUPERFLY)
        self.assertRaises(poser.error, self.scene.SetCurrentRenderEngine, -3)
        self.scene.SetResolution(300)
        self.assertEqual(self.scene.Resolution(), 300.0)
        self.scene.SetResolution(100, 1)
        self.assertAlmostEqual(self.scene.Resolution(), 254.0)
        self.scene.SetResolutionScale(1)
        self.assertEqual(self.scene.ResolutionScale(), 1)
        self.scene.SetRenderDimAutoscale(2)
        self.assertEqual(self.scene.RenderDimAutoscale(), 2)
        self.assertIs(self.scene.FireFlyOptions(0), self.scene.CurrentFireFlyOptions())
        self.assertIs(self.scene.FireFlyOptionsByName("FireFly"), self.scene.CurrentFireFlyOptions())
        self.assertRaises(poser.error, self.scene.FireFlyOptions, 1)
        background = self.scene.BackgroundShaderTree()
        self.assertIs(background, self.scene.BackgroundShaderTree())
        self.assertIsNot(background, self.scene.AtmosphereShaderTree())
        self.assertGreaterEqual(background.NumNodes(), 1)


class SpaceTest(SceneTestCase):
    def test_bounding_box_in_inches(self):
        (x0, y0, z0), (x1, y1, z1) = self.scene.SceneBBox()
        self.assertLess(x0, 0)
        self.assertGreater(x1, 0)
        self.assertGreater(y1, 60.0)  # a figure about six feet tall
        self.assertLess(y1, 100.0)
        hip = self.figure.Actor("BODY").Parameter("yTran")
        hip.SetValue(1.0)  # one Poser unit up
        self.assertAlmostEqual(self.scene.SceneBBox()[1][1] - y1, 103.2, 2)
        for figure in self.scene.Figures():
            figure.SetVisible(0)
        for prop in self.scene.Props():
            prop.SetVisible(0)
        self.assertEqual(self.scene.SceneBBox(), ((0.0, 0.0, 0.0), (0.0, 0.0, 0.0)))

    def test_world_to_screen_follows_the_camera(self):
        width, height = self.scene.OutputRes()
        camera = self.scene.CurrentCamera()
        eye = camera.WorldDisplacement()
        x, y, depth = self.scene.WorldToScreen(eye[0], eye[1], eye[2] - 2.0)
        self.assertAlmostEqual(x, width / 2.0)
        self.assertAlmostEqual(y, height / 2.0)
        self.assertAlmostEqual(depth, 2.0)
        right = self.scene.WorldToScreen(eye[0] + 0.1, eye[1], eye[2] - 2.0)
        up = self.scene.WorldToScreen(eye[0], eye[1] + 0.1, eye[2] - 2.0)
        self.assertGreater(right[0], x)
        self.assertLess(up[1], y)
        # turn the camera: the point now lies to one side
        camera.Parameter("yOrbit").SetValue(30)
        turned = self.scene.WorldToScreen(eye[0], eye[1], eye[2] - 2.0)
        self.assertGreater(abs(turned[0] - width / 2.0), 10)
        # a longer lens magnifies
        camera.Parameter("yOrbit").SetValue(0)
        camera.Parameter("Focal").SetValue(76)
        zoomed = self.scene.WorldToScreen(eye[0] + 0.1, eye[1], eye[2] - 2.0)
        self.assertAlmostEqual(zoomed[0] - width / 2.0, 2 * (right[0] - width / 2.0))


if __name__ == "__main__":
    unittest.main()

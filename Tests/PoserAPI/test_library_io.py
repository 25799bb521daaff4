"""Library files, documents, import/export, images and movies on real files, the way scripts
use them: save then load restores what was saved (poses, faces, hands, figures, props,
hair, cameras, lights, whole scenes), exported files are well-formed and hold the scene's
geometry, imports add props or pose the figure, images are real image files.

    python3 Tests/PoserAPI/test_library_io.py
"""

import os
import struct
import sys
import textwrap
import unittest
import xml.dom.minidom
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
SHIMS = os.path.join(os.path.dirname(os.path.dirname(HERE)), "PythonShims")
if SHIMS not in sys.path:
    sys.path.insert(0, SHIMS)

import poser  # noqa: E402
from content_root import ContentRootTestCase  # noqa: E402


class FilesTestCase(ContentRootTestCase):
    def setUp(self):
        ContentRootTestCase.setUp(self)
        self.figure = self.scene.CurrentFigure()
        poser.ContentRootLocation()  # lays the library folders out

    def library(self, kind, name):
        return os.path.join(self.content, "Runtime", "Libraries", kind, name)

    def dial(self, part, name, figure=None):
        return (figure or self.figure).Actor(part).Parameter(name)


class PoseTest(FilesTestCase):
    def test_a_saved_pose_restores_the_dials(self):
        self.dial("lShldr", "Bend").SetValue(-45)
        self.dial("hip", "Twist").SetValue(12.5)
        self.dial("BODY", "yTran").SetValue(0.25)
        self.scene.SaveLibraryPose(":Runtime:Libraries:Pose:wave.pz2")
        self.assertTrue(os.path.isfile(self.library("Pose", "wave.pz2")))
        poser.NewDocument()
        self.figure = self.scene.CurrentFigure()
        self.scene.LoadLibraryPose(":Runtime:Libraries:Pose:wave.pz2")
        self.assertEqual(self.dial("lShldr", "Bend").Value(), -45)
        self.assertEqual(self.dial("hip", "Twist").Value(), 12.5)
        self.assertEqual(self.dial("BODY", "yTran").Value(), 0.25)
        self.assertEqual(poser.CommandNames(), ["Load Pose"])
        poser.Undo()
        self.assertEqual(self.dial("lShldr", "Bend").Value(), 0)
        poser.Redo()
        self.assertEqual(self.dial("lShldr", "Bend").Value(), -45)

    def test_morphs_only_with_include_morph_targets(self):
        smile = self.dial("head", "Smile")
        smile.SetValue(0.8)
        self.scene.SaveLibraryPose(self.library("Pose", "plain.pz2"))
        self.scene.SaveLibraryPose(self.library("Pose", "morphs.pz2"), 1)
        smile.SetValue(0.0)
        self.scene.LoadLibraryPose(self.library("Pose", "plain.pz2"))
        self.assertEqual(smile.Value(), 0.0)
        self.scene.LoadLibraryPose(self.library("Pose", "morphs.pz2"))
        self.assertEqual(smile.Value(), 0.8)

    def test_a_pose_goes_on_the_current_figure_at_the_current_frame(self):
        self.dial("rForeArm", "Bend").SetValue(30)
        self.scene.SaveLibraryPose(self.library("Pose", "arm.pz2"))
        second = self.scene.LoadLibraryFigure("second.cr2")
        self.scene.SetFrame(10)
        self.scene.LoadLibraryPose(self.library("Pose", "arm.pz2"))
        bend = self.dial("rForeArm", "Bend", second)
        self.assertEqual(bend.Value(), 30)
        self.assertEqual(bend.ValueFrame(0), 0)  # keyed at frame 10, as with auto-key
        self.assertIn(10, bend.KeyFrames())

    def test_multi_frame_pose(self):
        bend = self.dial("lForeArm", "Bend")
        bend.SetValueFrame(10, 2)
        bend.SetValueFrame(40, 6)
        self.scene.SaveLibraryPose(self.library("Pose", "anim.pz2"), 0, 1, 2, 6)
        poser.NewDocument()
        self.figure = self.scene.CurrentFigure()
        self.scene.SetNumFrames(3)
        self.scene.SetFrame(1)
        self.scene.LoadLibraryPose(self.library("Pose", "anim.pz2"))
        bend = self.dial("lForeArm", "Bend")
        self.assertEqual(self.scene.NumFrames(), 6)  # frames 1..5 hold the file's 0..4
        self.assertEqual((bend.ValueFrame(1), bend.ValueFrame(5)), (10, 40))

    def test_a_pose_written_by_poser(self):
        path = self.library("Pose", "poser.pz2")
        with open(path, "w") as stream:
            stream.write(textwrap.dedent("""\
                {
                version
                \t{
                \tnumber 4.01
                \t}
                actor hip:1
                \t{
                \tchannels
                \t\t{
                \t\trotateY yrot
                \t\t\t{
                \t\t\tkeys
                \t\t\t\t{
                \t\t\t\tstatic  0
                \t\t\t\tk  0  -17.5
                \t\t\t\t}
                \t\t\t}
                \t\tkinkyChannel nothing
                \t\t\t{
                \t\t\tkeys { k 0 3 }
                \t\t\t}
                \t\t}
                \t}
                actor neck:1
                	{
                	channels
                		{
                		rotateX xrot
                			{
                			staticValue 7
                			keys
                				{
                				static 1
                				k 0 99
                				}
                			}
                		}
                	}
                actor tail:1
                \t{
                \tchannels { rotateX xrot { keys { k 0 5 } } }
                \t}
                figure
                \t{
                \t}
                }
                """))
        self.scene.LoadLibraryPose(path)
        self.assertEqual(self.dial("hip", "Twist").Value(), -17.5)
        self.assertEqual(self.dial("neck", "xrot").Value(), 7)  # static 1: the staticValue counts

    def test_face_and_hands(self):
        self.dial("head", "Smile").SetValue(0.6)
        self.dial("head", "Bend").SetValue(20)
        self.scene.SaveLibraryFace(self.library("Face", "smile.fc2"))
        self.dial("rIndex1", "Bend").SetValue(50)
        self.dial("rHand", "Side-Side").SetValue(15)
        self.scene.SaveLibraryHand(self.library("Hand", "point.hd2"))
        poser.NewDocument()
        self.figure = self.scene.CurrentFigure()
        self.scene.LoadLibraryFace(self.library("Face", "smile.fc2"))
        self.assertEqual(self.dial("head", "Smile").Value(), 0.6)
        self.assertEqual(self.dial("head", "Bend").Value(), 0)  # a face holds morphs only
        self.scene.LoadLibraryHand(self.library("Hand", "point.hd2"))
        self.assertEqual(self.dial("rIndex1", "Bend").Value(), 50)
        self.scene.LoadLibraryHand(self.library("Hand", "point.hd2"), 1)
        # mirrored as the figure's symmetry mirrors: yrot, zrot and xtran change sign
        self.assertEqual(self.dial("lIndex1", "Bend").Value(), -50)
        self.assertEqual(self.dial("lHand", "Side-Side").Value(), -15)

    def test_compressed_files(self):
        self.dial("neck", "Twist").SetValue(9)
        self.scene.SaveLibraryPose(self.library("Pose", "small.p2z"))
        with open(self.library("Pose", "small.p2z"), "rb") as stream:
            self.assertEqual(stream.read(2), b"\x1f\x8b")
        self.dial("neck", "Twist").SetValue(0)
        self.scene.LoadLibraryPose(self.library("Pose", "small.p2z"))
        self.assertEqual(self.dial("neck", "Twist").Value(), 9)

    def test_missing_files(self):
        self.scene.LoadLibraryPose(":Runtime:Libraries:Pose:Somebody's:gone.pz2")
        self.assertEqual(poser.CallLog()[-1][0::2], ("LoadLibraryPose", "missing"))
        figure = self.scene.LoadLibraryFigure(":Runtime:Libraries:Character:Andy.cr2")
        self.assertEqual(figure.Name(), "Andy")
        prop = self.scene.LoadLibraryProp(":Runtime:Libraries:Props:Chair.pp2")
        self.assertEqual((prop.Name(), prop.IsProp()), ("Chair", 1))
        self.assertGreater(prop.Geometry().NumVertices(), 0)


class FigureAndPropTest(FilesTestCase):
    def test_a_saved_figure_loads_as_a_new_figure(self):
        self.dial("lForeArm", "Bend").SetValueFrame(35, 12)
        self.dial("head", "Smile").SetValue(0.5)
        self.dial("head", "Smile").SetMaxValue(2.0)
        self.figure.Actor("hip").SetName("Pelvis")
        self.figure.Material("Skin").SetDiffuseColor(0.1, 0.2, 0.3)
        head = self.figure.Actor("head")
        head.SpawnTarget("Squint")
        head.Parameter("Squint").SetMorphTargetDelta(3, 0.0, 0.01, 0.0)
        self.scene.SaveLibraryFigure(":Runtime:Libraries:Character:me.cr2")
        copy = self.scene.LoadLibraryFigure(":Runtime:Libraries:Character:me.cr2")
        self.assertIsNot(copy, self.figure)
        self.assertEqual(self.scene.Figures(), [self.figure, copy])
        self.assertIs(self.scene.CurrentFigure(), copy)
        bend = self.dial("lForeArm", "Bend", copy)
        self.assertEqual((bend.KeyFrames(), bend.ValueFrame(12)), ([0, 12], 35))
        self.assertEqual(self.dial("head", "Smile", copy).Value(), 0.5)
        self.assertEqual(self.dial("head", "Smile", copy).MaxValue(), 2.0)
        self.assertEqual(copy.ActorByInternalName("hip").Name(), "Pelvis")
        self.assertEqual(copy.Material("Skin").DiffuseColor()[:3], (0.1, 0.2, 0.3))
        self.assertEqual(copy.Actor("head").Parameter("Squint").MorphTargetDelta(3), (0.0, 0.01, 0.0))
        self.assertEqual(copy.Actor("hip").InternalName(), "hip:2")
        poser.Undo()
        self.assertEqual(self.scene.Figures(), [self.figure])
        self.assertIs(self.scene.CurrentFigure(), self.figure)

    def test_a_saved_prop_loads_its_geometry(self):
        geom = poser.NewGeometry()
        geom.AddGeneralMesh([[0, 3], [3, 3]], [0, 1, 2, 0, 2, 3],
                            [[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0]],
                            [[0, 3], [3, 3]], [0, 1, 2, 0, 2, 3], [[0, 0], [1, 0], [1, 1], [0, 1]])
        prop = self.scene.CreatePropFromGeom(geom, "Sign")
        prop.Geometry().Polygon(1).SetMaterialName("Paint")
        prop.Parameter("xTran").SetValue(0.5)
        self.scene.SaveLibraryProp(":Runtime:Libraries:Props:sign.pp2")
        poser.NewDocument()
        loaded = self.scene.LoadLibraryProp(":Runtime:Libraries:Props:sign.pp2")
        self.assertIs(self.scene.Actor("Sign"), loaded)
        self.assertIs(self.scene.CurrentActor(), loaded)
        mesh = loaded.Geometry()
        self.assertEqual((mesh.NumVertices(), mesh.NumPolygons(), mesh.NumTexVertices()), (4, 2, 4))
        self.assertEqual([(v.X(), v.Y(), v.Z()) for v in mesh.Vertices()],
                         [(0, 0, 0), (1, 0, 0), (1, 1, 0), (0, 1, 0)])
        self.assertEqual(mesh.Sets(), [0, 1, 2, 0, 2, 3])
        self.assertEqual(mesh.Polygon(1).MaterialName(), "Paint")
        self.assertEqual(loaded.Parameter("xTran").Value(), 0.5)

    def test_save_prop_needs_a_prop(self):
        self.scene.SelectActor(self.figure.Actor("hip"))
        self.assertRaises(poser.error, self.scene.SaveLibraryProp, self.library("Props", "x.pp2"))

    def test_hair(self):
        self.assertRaises(poser.error, self.scene.SaveLibraryHair, self.library("Hair", "none.hr2"))
        head = self.figure.Actor("head")
        group = head.CreateHairGroup("Bob")
        hair = [a for a in self.scene.Actors() if a.IsHairProp()][0]
        self.scene.SaveLibraryHair(self.library("Hair", "bob.hr2"))
        hair.Delete()
        loaded = self.scene.LoadLibraryHair(self.library("Hair", "bob.hr2"))
        self.assertEqual(loaded.IsHairProp(), 1)
        self.assertIs(loaded.Parent(), head)
        self.assertIsNotNone(group)

    def test_cameras_and_lights(self):
        camera = self.scene.Actor("Main Camera")
        camera.Parameter("Focal").SetValue(85)
        self.scene.SaveLibraryCamera(self.library("Camera", "portrait.cm2"))
        camera.Parameter("Focal").SetValue(38)
        self.scene.LoadLibraryCamera(self.library("Camera", "portrait.cm2"))
        self.assertEqual(camera.Parameter("Focal").Value(), 85)
        self.scene.CreateLight()
        spot = self.scene.Lights()[-1]
        spot.ParameterByCode(poser.kParmCodeKDRED).SetValue(0.25)
        self.scene.SaveLibraryLight(self.library("Light", "rig.lt2"))
        poser.NewDocument()
        count = len(self.scene.Lights())
        self.scene.LoadLibraryLight(self.library("Light", "rig.lt2"))
        lights = self.scene.Lights()
        self.assertEqual(len(lights), count + 1)
        self.assertEqual(lights[-1].LightType(), poser.kLightCodeSPOT)
        self.assertEqual(lights[-1].ParameterByCode(poser.kParmCodeKDRED).Value(), 0.25)
        poser.Undo()
        self.assertEqual(len(self.scene.Lights()), count)


class DocumentTest(FilesTestCase):
    def test_a_document_restores_the_scene(self):
        scene = self.scene
        scene.SetNumFrames(48)
        scene.SetFramesPerSecond(24)
        self.dial("lShldr", "Bend").SetValueFrame(60, 20)
        second = scene.LoadLibraryFigure("second.cr2")
        second.SetName("Twin")
        self.dial("head", "Smile", second).SetValue(1.0)
        prop = scene.CreatePropFromGeom(scene.Actor("ball").Geometry(), "Orb")
        prop.SetParent(self.figure.Actor("rHand"))
        prop.Parameter("yTran").SetValue(0.2)
        scene.Actor("Main Camera").Parameter("yOrbit").SetValue(15)
        scene.SetBackgroundColor(0.1, 0.2, 0.3)
        scene.SetOutputRange(4, 40)
        walk = scene.CreateAnimSet("Walk")
        walk.AddAttribute("speed", 2)
        walk.AddObjectRange(self.figure.Actor("lShldr"), 0, 20)
        walk.AddObjectRange(self.dial("hip", "Twist"), 3, 9)
        scene.SelectActor(prop)
        scene.SetFrame(20)
        path = os.path.join(self.content, "scene.pz3")
        poser.SaveDocument(path)

        poser.NewDocument()
        self.assertEqual(len(scene.Figures()), 1)
        poser.OpenDocument(path)
        self.assertIs(poser.Scene(), scene)
        self.assertEqual(poser.DocumentPath(), path)
        self.assertEqual([f.Name() for f in scene.Figures()], ["Figure 1", "Twin"])
        figure = scene.Figure("Figure 1")
        self.assertEqual((scene.NumFrames(), scene.FramesPerSecond(), scene.Frame()), (48, 24, 20))
        self.assertEqual(self.dial("lShldr", "Bend", figure).ValueFrame(20), 60)
        self.assertEqual(self.dial("head", "Smile", scene.Figure("Twin")).Value(), 1.0)
        orb = scene.Actor("Orb")
        self.assertIs(scene.CurrentActor(), orb)
        self.assertIs(orb.Parent(), figure.Actor("rHand"))
        self.assertEqual(orb.Parameter("yTran").Value(), 0.2)
        self.assertEqual(orb.Geometry().NumVertices(), scene.Actor("ball").Geometry().NumVertices())
        self.assertEqual(scene.Actor("Main Camera").Parameter("yOrbit").Value(), 15)
        self.assertEqual(scene.BackgroundColor(), (0.1, 0.2, 0.3))
        self.assertEqual(scene.OutputRange(), (4, 40))
        walk = scene.AnimSet("Walk")
        self.assertEqual(walk.Attributes(), [("speed", 2)])
        self.assertEqual(walk.ObjectRange(), (0, 20))
        self.assertIn(self.dial("hip", "Twist", figure), walk.Parameters())
        self.assertIsNotNone(scene.Actor("Ground Grid"))
        self.assertEqual(poser.CommandNames(), [])

    def test_the_ground_grid_is_saved_by_reference(self):
        path = os.path.join(self.content, "small.pz3")
        poser.SaveDocument(path)
        self.assertLess(os.path.getsize(path), 2000000)
        with open(path) as stream:
            self.assertIn("geomStock GROUND_GRID", stream.read())


class ExportTest(FilesTestCase):
    def read_obj(self, path):
        counts = {"v": 0, "vt": 0, "f": 0}
        groups, materials, faces = set(), set(), []
        with open(path) as stream:
            for line in stream:
                words = line.split()
                if not words:
                    continue
                if words[0] in counts:
                    counts[words[0]] += 1
                if words[0] == "g":
                    groups.add(words[1])
                if words[0] == "usemtl":
                    materials.add(words[1])
                if words[0] == "f":
                    faces.append([int(c.split("/")[0]) for c in words[1:]])
        return counts, groups, materials, faces

    def test_obj_of_the_visible_scene(self):
        imex = self.scene.ImExporter()
        self.assertIs(imex, self.scene.ImExporter())
        self.dial("lShldr", "Bend").SetValue(80)
        path = os.path.join(self.content, "scene.obj")
        imex.Export("OBJ", None, path)
        counts, groups, materials, faces = self.read_obj(path)
        actors = [a for a in self.scene.Actors() if a.Geometry() is not None and not a.IsCamera()
                  and not a.IsLight() and not a.Name().startswith("G")]
        self.assertEqual(counts["v"], sum(a.Geometry().NumVertices() for a in actors))
        self.assertEqual(counts["f"], sum(a.Geometry().NumPolygons() for a in actors))
        self.assertTrue(all(1 <= i <= counts["v"] for face in faces for i in face))
        self.assertIn("lForeArm", groups)
        self.assertIn("ball", groups)
        self.assertIn("Skin", materials)
        with open(os.path.join(self.content, "scene.mtl")) as stream:
            mtl = stream.read()
        self.assertIn("newmtl Skin", mtl)
        self.assertIn("Kd 0.93 0.76 0.65", mtl)

    def test_obj_holds_world_positions(self):
        ball = self.scene.Actor("ball")
        ball.Parameter("xTran").SetValue(2.0)
        path = os.path.join(self.content, "ball.obj")
        self.scene.ImExporter().Export("obj", None, path, None, lambda actor: actor is ball)
        with open(path) as stream:
            xs = [float(line.split()[1]) for line in stream if line.startswith("v ")]
        world = [v.X() for v in ball.Geometry().WorldVertices()]
        self.assertEqual(len(xs), len(world))
        for x, expected in zip(xs, world):
            self.assertAlmostEqual(x, expected, 5)
        self.assertGreater(min(xs), 1.5)

    def test_options(self):
        imex = self.scene.ImExporter()
        options = imex.ExportOptions("obj", None)
        self.assertEqual(options[poser.kExOptCodeLASTFRAME], 29)
        self.assertEqual(imex.ExportOptionString("obj", None, poser.kExOptCodeMULTIFRAME), "Multiple frames")
        self.assertIn(poser.kImOptCodePLACEONFLOOR, imex.ImportOptions("OBJ", None))
        self.assertIsInstance(imex.ImportOptionString("obj", None, poser.kImOptCodePERCENTFIGSIZE), str)
        self.assertRaises(poser.error, imex.ExportOptionString, "obj", None, poser.kImOptCodeCENTERED)
        self.assertRaises(poser.error, imex.ExportOptions, "lwo", None)
        self.assertRaises(poser.error, imex.Export, "lwo", None, os.path.join(self.content, "x.lwo"))
        options[poser.kExOptCodeMULTIFRAME] = 1
        options[poser.kExOptCodeFIRSTFRAME] = 2
        options[poser.kExOptCodeLASTFRAME] = 4
        imex.Export("obj", None, os.path.join(self.content, "run.obj"), options,
                    lambda actor: actor.Name() == "ball")
        self.assertEqual(sorted(n for n in os.listdir(self.content) if n.startswith("run") and n.endswith(".obj")),
                         ["run_0002.obj", "run_0003.obj", "run_0004.obj"])

    def test_other_formats(self):
        imex = self.scene.ImExporter()
        only_ball = (lambda actor: actor.Name() == "ball")
        dae = os.path.join(self.content, "ball.dae")
        imex.Export("dae", None, dae, None, only_ball)
        document = xml.dom.minidom.parse(dae)
        self.assertEqual(len(document.getElementsByTagName("geometry")), 1)
        ds = os.path.join(self.content, "ball.3ds")
        imex.Export("3ds", None, ds, None, only_ball)
        with open(ds, "rb") as stream:
            data = stream.read()
        self.assertEqual(struct.unpack("<HI", data[:6]), (0x4D4D, len(data)))
        dxf = os.path.join(self.content, "ball.dxf")
        imex.Export("dxf", None, dxf, None, only_ball)
        with open(dxf) as stream:
            lines = stream.read().split()
        self.assertEqual(lines[-1], "EOF")
        self.assertEqual(lines.count("3DFACE"), self.scene.Actor("ball").Geometry().NumPolygons())

    def test_bvh_round_trip(self):
        bend = self.dial("lForeArm", "Bend")
        bend.SetValueFrame(45, 5)
        self.dial("hip", "yTran").SetValueFrame(0.1, 5)
        path = os.path.join(self.content, "walk.bvh")
        self.scene.ImExporter().Export("bvh", None, path)
        with open(path) as stream:
            text = stream.read()
        self.assertTrue(text.startswith("HIERARCHY\nROOT hip"))
        self.assertIn("Frames: 30", text)
        poser.NewDocument()
        self.figure = self.scene.CurrentFigure()
        self.scene.ImExporter().Import("bvh", path)
        self.assertAlmostEqual(self.dial("lForeArm", "Bend").ValueFrame(5), 45, 4)
        self.assertAlmostEqual(self.dial("hip", "yTran").ValueFrame(5), 0.1, 4)
        self.assertEqual(poser.CommandNames(), ["Import"])


class ImportTest(FilesTestCase):
    CUBE = textwrap.dedent("""\
        # a unit cube standing on y = 2
        v 0 2 0
        v 1 2 0
        v 1 3 0
        v 0 3 0
        v 0 2 1
        v 1 2 1
        v 1 3 1
        v 0 3 1
        vt 0 0
        vt 1 0
        vt 1 1
        vt 0 1
        g front
        usemtl Red
        f 1/1 2/2 3/3 4/4
        g back
        usemtl Blue
        f 5/1 8/4 7/3 6/2
        g sides
        f 1 4 8 5
        f 2 6 7 3
        f -4 -3 -7 -8
        f 4 3 7 8
        """)

    def write_cube(self):
        path = os.path.join(self.content, "cube.obj")
        with open(path, "w") as stream:
            stream.write(self.CUBE)
        return path

    def test_obj_becomes_a_prop(self):
        path = self.write_cube()
        self.scene.ImExporter().Import("obj", path)
        cube = self.scene.CurrentActor()
        self.assertIs(self.scene.Actor("cube"), cube)
        geom = cube.Geometry()
        self.assertEqual((geom.NumVertices(), geom.NumPolygons()), (8, 6))
        ys = [v.Y() for v in geom.Vertices()]
        self.assertEqual(min(ys), 0.0)  # placed on the floor
        xs = [v.X() for v in geom.Vertices()]
        self.assertEqual((min(xs), max(xs)), (-0.5, 0.5))  # centred
        self.assertEqual(geom.Polygon(0).MaterialName(), "Red")
        self.assertEqual(geom.Polygon(1).MaterialName(), "Blue")
        self.assertEqual(geom.Polygon(2).Groups(), ["sides"])
        self.assertEqual(geom.Polygon(4).Vertices()[0].Y(), 0.0)
        poser.Undo()
        self.assertNotIn(cube, self.scene.Actors())

    def test_import_options(self):
        path = self.write_cube()
        imex = self.scene.ImExporter()
        options = imex.ImportOptions("obj", None)
        options[poser.kImOptCodeCENTERED] = 0
        options[poser.kImOptCodePLACEONFLOOR] = 0
        options[poser.kImOptCodeOFFSETX] = 10.0
        options[poser.kImOptCodeFLIPNORMS] = 1
        imex.Import("obj", path, options)
        geom = self.scene.CurrentActor().Geometry()
        self.assertEqual(min(v.Y() for v in geom.Vertices()), 2.0)
        self.assertEqual(min(v.X() for v in geom.Vertices()), 10.0)
        self.assertEqual(geom.Sets()[:4], [3, 2, 1, 0])
        self.assertRaises(poser.error, imex.Import, "obj", os.path.join(self.content, "none.obj"))
        self.assertRaises(poser.error, imex.Import, "3ds", path)

    def test_export_then_import(self):
        path = os.path.join(self.content, "ball.obj")
        ball = self.scene.Actor("ball")
        imex = self.scene.ImExporter()
        imex.Export("obj", None, path, None, lambda actor: actor is ball)
        options = imex.ImportOptions("obj", None)
        options[poser.kImOptCodeCENTERED] = 0
        options[poser.kImOptCodePLACEONFLOOR] = 0
        imex.Import("obj", path, options)
        copy = self.scene.CurrentActor()
        self.assertEqual(copy.Geometry().NumVertices(), ball.Geometry().NumVertices())
        for a, b in zip(copy.Geometry().Vertices(), ball.Geometry().WorldVertices()):
            self.assertAlmostEqual(a.Y(), b.Y(), 5)


def png_size(path):
    with open(path, "rb") as stream:
        data = stream.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    length = struct.unpack(">I", data[33:37])[0]
    pixels = zlib.decompress(data[41:41 + length])
    return width, height, pixels[1:4]


class ImageTest(FilesTestCase):
    def test_save_image_writes_real_images(self):
        self.scene.SetOutputRes(64, 32)
        self.scene.SetBackgroundColor(1.0, 0.5, 0.0)
        folder = self.content
        self.scene.SaveImage("png", os.path.join(folder, "a.png"))
        width, height, pixel = png_size(os.path.join(folder, "a.png"))
        self.assertEqual((width, height, bytearray(pixel)), (64, 32, bytearray([255, 128, 0])))
        self.scene.SaveImage("bmp", os.path.join(folder, "a.bmp"))
        with open(os.path.join(folder, "a.bmp"), "rb") as stream:
            data = stream.read()
        self.assertEqual(data[:2], b"BM")
        self.assertEqual(struct.unpack("<ii", data[18:26]), (64, 32))
        self.scene.SaveImage("jpg", os.path.join(folder, "a.jpg"), 90)
        with open(os.path.join(folder, "a.jpg"), "rb") as stream:
            data = stream.read()
        self.assertEqual((data[:2], data[-2:]), (b"\xff\xd8", b"\xff\xd9"))
        self.scene.SaveImage("tif", os.path.join(folder, "a.tif"), poser.kTIFF_LZW)
        with open(os.path.join(folder, "a.tif"), "rb") as stream:
            self.assertEqual(stream.read(4), b"II*\x00")
        self.assertRaises(poser.error, self.scene.SaveImage, "gif", os.path.join(folder, "a.gif"))
        names = [entry[0] for entry in poser.CallLog()]
        self.assertEqual(names.count("SaveImage"), 4)

    def test_render_to_queue(self):
        path = os.path.join(self.content, "queued.png")
        self.scene.RenderToQueue(path, 20, 10)
        self.assertEqual(png_size(path)[:2], (20, 10))
        self.assertEqual(poser.CallLog()[-1][0], "RenderToQueue")


class MovieTest(FilesTestCase):
    def test_settings_are_kept(self):
        movie = self.scene.MovieMaker()
        self.assertIs(movie, self.scene.MovieMaker())
        formats = movie.OutputFormats()
        movie.SetMovieFormat(formats.index("Flash"))
        self.assertEqual(formats[movie.MovieFormat()], "Flash")
        self.assertRaises(poser.error, movie.SetMovieFormat, len(formats))
        movie.SetFrameOptions(24, 2)
        self.assertEqual(movie.FrameOptions(), (24, 2))
        movie.SetMotionBlur(1, 0.75)
        self.assertEqual(movie.MotionBlur(), (1, 0.75))
        movie.SetMotionBlur(0)
        self.assertEqual(movie.MotionBlur(), (0, 0.75))
        movie.SetFlashQuantizeOne(12)
        self.assertEqual((movie.FlashQuantizeOne(), movie.FlashQuantizeAll(), movie.FlashQuantizeFrame()),
                         (1, 0, 12))
        movie.SetFlashQuantizeAll()
        self.assertEqual((movie.FlashQuantizeOne(), movie.FlashQuantizeAll()), (0, 1))
        movie.SetFlashLineWidth(2.43)
        movie.SetFlashNumColors(6)
        self.assertEqual((movie.FlashLineWidth(), movie.FlashNumColors()), (2.43, 6))
        self.assertEqual(movie.OutputEndFrame(), 29)
        movie.SetOutputStartFrame(1)
        movie.SetOutputEndFrame(60)
        self.assertEqual((movie.OutputStartFrame(), movie.OutputEndFrame()), (1, 29))
        movie.SetMovieRenderer(poser.kRenderEngineCodeSUPERFLY)
        self.assertEqual(movie.MovieRenderer(), poser.kRenderEngineCodeSUPERFLY)
        self.assertRaises(poser.error, movie.SetMovieRenderer, -1)

    def test_make_movie(self):
        movie = self.scene.MovieMaker()
        movie.SetOutputRes(32, 24)
        movie.SetOutputStartFrame(2)
        movie.SetOutputEndFrame(4)
        movie.SetMovieFormat(movie.OutputFormats().index("Image Files"))
        movie.MakeMovie(os.path.join(self.content, "frames"), "png")
        made = sorted(n for n in os.listdir(self.content) if n.startswith("frames"))
        self.assertEqual(made, ["frames_0002.png", "frames_0003.png", "frames_0004.png"])
        self.assertEqual(png_size(os.path.join(self.content, made[0]))[:2], (32, 24))
        movie.SetMovieFormat(0)
        movie.MakeMovie(os.path.join(self.content, "movie.avi"))
        self.assertTrue(os.path.isfile(os.path.join(self.content, "movie.avi")))
        movie.MakeFlash(os.path.join(self.content, "movie.swf"))
        self.assertEqual([entry[0] for entry in poser.CallLog()], ["MakeMovie", "MakeMovie", "MakeFlash"])


if __name__ == "__main__":
    unittest.main()

"""PoserPython scripts written the way Poser users write them (``import poser``,
``scene = poser.Scene()``, body parts by internal name, dials by parameter code, library
files, the ImExporter, morphs built with numpy, a script run as a file with dialogs), sent
through a real server to the scene stand-in (PythonShims/poser), their results checked.

Each test starts from a fresh default scene (``poser.ResetScene()``, the stand-in's own
call, sent before the script) in a session of its own. The numpy test builds a virtualenv
from the interpreter the server embeds (once, under ``.build/scene-venv-X.Y``), installs numpy
from PyPI into it and starts a server of its own inside that virtualenv."""

from __future__ import print_function

import os
import re
import shutil
import struct
import subprocess
import tempfile
import textwrap
import threading
import time
import unittest

from support import REPO, OwnServer, client, error_fields, frame, framed_connection, posertalkr_client, read_frame

RUN, OK, ERROR = 0x0A, 0x82, 0x83


def script(text):
    return textwrap.dedent(text).lstrip("\n")


def report_lines(output, prefix):
    """The lines of a script's report that start with ``prefix``, prefix removed."""
    return [line[len(prefix):].strip() for line in output.splitlines() if line.startswith(prefix)]


class SceneScript(unittest.TestCase):
    """A session of the test's own on the shared server, with a fresh default scene."""

    def setUp(self):
        self.session = "scripts-%s-%d" % (self.id().split(".")[-1], os.getpid())
        self.client = client(session=self.session)
        self.addCleanup(self.client.close)
        self.client.execute("import poser\nposer.ResetScene()\nposer.DialogAnswers.clear()")

    def run_script(self, source):
        """Runs a whole script as EXEC; answers what it printed (a remote error fails the
        test with the remote traceback)."""
        try:
            return self.client.execute(script(source))
        except posertalkr_client.RemoteError as problem:
            self.fail("the script raised %s: %s\n%s" % (problem.type_name, problem, problem.remote_traceback))


class WalkingAFigure(SceneScript):
    def test_a_figure_walked_by_internal_names_reports_its_skeleton_and_dials(self):
        output = self.run_script("""
            import poser

            scene = poser.Scene()
            fig = scene.CurrentFigure()
            print("figure: %s (%d actors, %d body parts)" % (fig.Name(), len(fig.Actors()), fig.NumbBodyParts()))

            def chain(actor):
                names = []
                while actor is not None and actor.IsBodyPart():
                    names.append(actor.InternalName())
                    actor = actor.Parent()
                return "/".join(reversed(names))

            # The spine and head, as pose scripts address them: by internal name.
            for name in ("BODY", "hip", "abdomen", "chest", "neck", "head", "lEye", "rEye"):
                act = fig.Actor(name)
                print("part: %-8s %-10s %s" % (name, act.Name(), chain(act)))

            # Every finger joint of both hands, parent to child.
            fingers = 0
            for side in "lr":
                hand = fig.Actor(side + "Hand")
                for finger in ("Thumb", "Index", "Mid", "Ring", "Pinky"):
                    parent = hand
                    for joint in (1, 2, 3):
                        act = fig.Actor("%s%s%d" % (side, finger, joint))
                        if act.Parent().InternalName() != parent.InternalName():
                            print("bad parent:", act.InternalName(), act.Parent().InternalName())
                        parent = act
                        fingers += 1
                print("hand: %s %s" % (hand.Name(), ", ".join(p.Name() for p in hand.Parameters()
                                                               if p.Name() in ("Grasp", "Thumb Grasp", "Spread"))))
            print("finger joints: %d" % fingers)
            print("tip: %s" % fig.Actor("rRing3").Name())

            # Dials by parameter code, the way pose tools find them on any figure.
            for name in ("hip", "lForeArm", "rShldr", "lEye", "rThigh"):
                act = fig.Actor(name)
                dials = [act.ParameterByCode(code) for code in
                         (poser.kParmCodeXROT, poser.kParmCodeYROT, poser.kParmCodeZROT)]
                print("dials: %s %s" % (name, ", ".join("%s=%s" % (p.InternalName(), p.Name()) for p in dials)))
            print("head morphs: %s" % ", ".join(p.Name() for p in fig.Actor("head").Parameters() if p.IsMorphTarget()))

            # Display names and internal names find the same actor.
            same = all(fig.Actor(a.Name()) is a and fig.Actor(a.InternalName()) is a for a in fig.Actors())
            print("lookups agree: %s" % same)
            print("by internal name: %s" % scene.ActorByInternalName("rEye").Name())
            print("cameras: %s" % ", ".join(c.Name() for c in scene.Cameras()))
            print("lights: %s" % ", ".join(l.Name() for l in scene.Lights()))
            print("props: %s" % ", ".join(a.Name() for a in scene.Actors() if a.IsProp()))
            print("current: %s, %s, %s" % (scene.CurrentActor().Name(), scene.CurrentCamera().Name(),
                                           scene.CurrentLight().Name()))
            """)
        self.assertIn("figure: Figure 1 (54 actors, 53 body parts)", output)
        parts = dict(line.split(None, 1) for line in report_lines(output, "part:"))
        self.assertEqual(parts["BODY"].split(), ["Body", "BODY"])
        self.assertEqual(parts["hip"].split(), ["Hip", "BODY/hip"])
        self.assertEqual(parts["head"].split(), ["Head", "BODY/hip/abdomen/chest/neck/head"])
        self.assertEqual(parts["rEye"].rsplit(None, 1), ["Right Eye", "BODY/hip/abdomen/chest/neck/head/rEye"])
        self.assertNotIn("bad parent:", output)
        self.assertIn("finger joints: 30", output)
        self.assertIn("tip: Right Ring 3", output)
        self.assertEqual(report_lines(output, "hand:"),
                         ["Left Hand Grasp, Thumb Grasp, Spread", "Right Hand Grasp, Thumb Grasp, Spread"])
        dials = dict(line.split(None, 1) for line in report_lines(output, "dials:"))
        self.assertEqual(dials["hip"], "xrot=Bend, yrot=Twist, zrot=Side-Side")
        self.assertEqual(dials["lForeArm"], "xrot=Twist, yrot=Side-Side, zrot=Bend")
        self.assertEqual(dials["rShldr"], "xrot=Twist, yrot=Front-Back, zrot=Bend")
        self.assertEqual(dials["lEye"], "xrot=Up-Down, yrot=Side-Side, zrot=Twist")
        self.assertIn("head morphs: Smile, Frown, OpenLips, Blink Left, Blink Right, BrowUp", output)
        self.assertIn("lookups agree: True", output)
        self.assertIn("by internal name: Right Eye", output)
        self.assertIn("Main Camera, Aux Camera, Posing Camera, Dolly Camera, Face Camera", output)
        self.assertIn("lights: Light 1, Light 2, Light 3, Light 4", output)
        self.assertIn("props: GROUND, ball, Ground Grid", output)
        self.assertIn("current: Hip, Main Camera, Light 1", output)

    def test_a_missing_body_part_raises_poser_error_as_in_poser(self):
        with self.assertRaises(posertalkr_client.RemoteError) as caught:
            self.client.execute("poser.Scene().CurrentFigure().Actor('lWing')")
        self.assertEqual(caught.exception.type_name, "error")
        self.assertIn("poser.error", caught.exception.remote_traceback)


class PosingAFigure(SceneScript):
    def test_keyed_rotations_survive_a_saved_pose_a_reset_and_a_reload(self):
        output = self.run_script("""
            import os
            import poser

            scene = poser.Scene()
            fig = scene.CurrentFigure()
            ROT = (poser.kParmCodeXROT, poser.kParmCodeYROT, poser.kParmCodeZROT)

            # A wave over ten frames: keys at 0, 5 and 10 on the right arm, a hip twist.
            keys = {0: {"rShldr": (0, 0, 70), "rForeArm": (0, 0, 20), "hip": (0, 0, 0)},
                    5: {"rShldr": (0, -20, 80), "rForeArm": (10, 0, 95)},
                    10: {"rShldr": (0, 0, 70), "rForeArm": (0, 0, 20), "hip": (0, 15, 0)}}
            for frame in sorted(keys):
                scene.SetFrame(frame)
                for name, values in keys[frame].items():
                    act = fig.Actor(name)
                    for code, value in zip(ROT, values):
                        act.ParameterByCode(code).SetValue(value)
            scene.SetFrame(5)
            print("frame 5: rForeArm bend %.1f" % fig.Actor("rForeArm").ParameterByCode(poser.kParmCodeZROT).Value())
            print("frame 7: hip twist %.2f" % fig.Actor("hip").ParameterByCode(poser.kParmCodeYROT).ValueFrame(7))

            def pose_of(figure, frames):
                return dict(((act.InternalName(), p.InternalName(), f), round(p.ValueFrame(f), 4))
                            for act in figure.Actors() for p in act.Parameters()
                            for f in frames)

            before = pose_of(fig, range(11))
            folder = os.path.join(poser.ContentRootLocation(), "Runtime", "Libraries", "Pose", "PoserTalkr")
            path = os.path.join(folder, "Wave.pz2")
            scene.SaveLibraryPose(path, 0, 1, 0, 10)
            print("saved: %s %s" % (os.path.exists(path), path))

            # Zero every rotation at every frame, as a "zero figure" script does.
            for f in range(11):
                scene.SetFrame(f)
                for act in fig.Actors():
                    for code in ROT:
                        parm = act.ParameterByCode(code)
                        if parm is not None and parm.Value() != 0:
                            parm.SetValue(0)
            scene.SetFrame(0)
            zeroed = pose_of(fig, range(11))
            print("nonzero after reset: %d" % sum(1 for k, v in zeroed.items() if k[1] in ("xrot", "yrot", "zrot") and v))

            scene.LoadLibraryPose(path)
            after = pose_of(fig, range(11))
            wrong = sorted(k for k in before if before[k] != after[k])
            print("differences after reload: %d %s" % (len(wrong), wrong[:5]))
            print("frame 5 after reload: rShldr %s" % [fig.Actor("rShldr").ParameterByCode(c).ValueFrame(5) for c in ROT])
            """)
        self.assertIn("frame 5: rForeArm bend 95.0", output)
        # Two keys: the spline between them is a straight line (PythonShims/poser/_keyframes.py).
        self.assertIn("frame 7: hip twist 10.50", output)
        saved = report_lines(output, "saved:")[0]
        self.assertTrue(saved.startswith("True "), output)
        self.assertIn("nonzero after reset: 0", output)
        self.assertIn("differences after reload: 0 []", output)
        self.assertIn("frame 5 after reload: rShldr [0.0, -20.0, 80.0]", output)
        # The file is a real Poser pose file in the server's content folder.
        with open(saved.split(" ", 1)[1]) as handle:
            text = handle.read()
        self.assertTrue(text.lstrip().startswith("{"))
        self.assertIn("actor rShldr", text)

    def test_a_single_frame_pose_saved_then_loaded_at_another_frame(self):
        output = self.run_script("""
            import os
            import poser

            scene = poser.Scene()
            fig = scene.CurrentFigure()
            arm = fig.Actor("lForeArm")
            arm.ParameterByCode(poser.kParmCodeZROT).SetValue(-60)
            fig.Actor("lHand").Parameter("Grasp").SetValue(0.8)
            path = os.path.join(poser.TempLocation(), "grab.pz2")
            scene.SaveLibraryPose(path)
            arm.ParameterByCode(poser.kParmCodeZROT).SetValue(0)
            fig.Actor("lHand").Parameter("Grasp").SetValue(0)
            scene.SetFrame(20)
            scene.LoadLibraryPose(path)
            print("at 20: %g %g" % (arm.ParameterByCode(poser.kParmCodeZROT).Value(),
                                    fig.Actor("lHand").Parameter("Grasp").Value()))
            print("at 0: %g" % arm.ParameterByCode(poser.kParmCodeZROT).ValueFrame(0))
            """)
        self.assertIn("at 20: -60 0.8", output)
        self.assertIn("at 0: 0", output)


class TogglingShaderInputs(SceneScript):
    def test_the_diffuse_color_toggled_and_an_image_map_linked(self):
        output = self.run_script("""
            import os
            import poser

            scene = poser.Scene()
            fig = scene.CurrentFigure()

            def find_material(figure, name):
                for mat in figure.Materials():
                    if mat.Name() == name:
                        return mat
                return None

            def surface_root(tree):
                for node in tree.Nodes():
                    if node.Type() == poser.kNodeTypeCodePOSERSURFACE:
                        return node
                return None

            mat = find_material(fig, "Skin")
            tree = mat.ShaderTree()
            root = surface_root(tree)
            print("root: %s (%s), %d inputs" % (root.Name(), root.Type(), root.NumInputs()))
            diffuse = root.InputByInternalName("Diffuse_Color")
            print("diffuse: %s %s %s" % (diffuse.Name(), diffuse.Type() == poser.kNodeInputCodeCOLOR,
                                         diffuse.Value() == mat.DiffuseColor()))
            original = diffuse.Value()

            # Toggle: red, then back.
            diffuse.SetColor(1.0, 0.0, 0.0)
            tree.UpdatePreview()
            print("red: %s %s" % (diffuse.Value(), mat.DiffuseColor()))
            diffuse.SetColor(*original)
            print("restored: %s" % (diffuse.Value() == original))
            root.InputByInternalName("Diffuse_Value").SetFloat(0.5)
            print("diffuse value: %s" % root.InputByInternalName("Diffuse_Value").Value())

            # Link an image map into the diffuse colour.
            texture = os.path.join(poser.ContentRootLocation(), "Runtime", "Textures", "PoserTalkr", "skin.png")
            if not os.path.isdir(os.path.dirname(texture)):
                os.makedirs(os.path.dirname(texture))
            open(texture, "wb").close()
            image = tree.CreateNode(poser.kNodeTypeCodeIMAGEMAP)
            image.InputByInternalName("Image_Source").SetString(texture)
            image.ConnectToInput(diffuse)
            tree.UpdatePreview()
            linked = diffuse.InNode()
            print("linked: %s %s %s" % (linked is not None and linked.Name(), linked == image,
                                        linked.InputByInternalName("Image_Source").Value() == texture))
            print("nodes: %s" % ", ".join(n.Name() for n in tree.Nodes()))

            # The other materials still have their own trees, untouched.
            for other in fig.Materials():
                if other.Name() != "Skin":
                    node = surface_root(other.ShaderTree()).InputByInternalName("Diffuse_Color").InNode()
                    print("other: %s %s" % (other.Name(), node))

            # Unlink again, and drop the node.
            diffuse.Disconnect()
            print("unlinked: %s" % diffuse.InNode())
            image.Delete()
            tree.UpdatePreview()
            print("nodes left: %d" % tree.NumNodes())
            """)
        self.assertIn("root: PoserSurface (poser)", output)
        self.assertIn("diffuse: Diffuse_Color True True", output)
        self.assertIn("red: (1.0, 0.0, 0.0) (1.0, 0.0, 0.0)", output)
        self.assertIn("restored: True", output)
        self.assertIn("diffuse value: 0.5", output)
        self.assertIn("linked: Image_Map True True", output)
        self.assertIn("nodes: PoserSurface, Image_Map", output)
        self.assertIn("other: Eyes None", output)
        self.assertIn("unlinked: None", output)
        self.assertIn("nodes left: 1", output)


class LibraryFiles(SceneScript):
    def test_figure_prop_light_camera_and_material_files_saved_and_loaded_back(self):
        output = self.run_script("""
            import os
            import poser

            scene = poser.Scene()
            libraries = os.path.join(poser.ContentRootLocation(), "Runtime", "Libraries")

            def library_path(kind, name):
                folder = os.path.join(libraries, kind, "PoserTalkr")
                if not os.path.isdir(folder):
                    os.makedirs(folder)
                return os.path.join(folder, name)

            # A figure with a smile, saved to the Character library and loaded as a second figure.
            fig = scene.CurrentFigure()
            fig.Actor("head").Parameter("Smile").SetValue(0.7)
            fig.Actor("lShldr").ParameterByCode(poser.kParmCodeZROT).SetValue(-40)
            cr2 = library_path("Character", "Smiling.cr2")
            scene.SaveLibraryFigure(cr2)
            scene.LoadLibraryFigure(cr2)
            second = scene.CurrentFigure()
            print("figures: %s" % ", ".join(f.Name() for f in scene.Figures()))
            print("second: %d actors, smile %g, shoulder %g" % (
                len(second.Actors()), second.Actor("head").Parameter("Smile").Value(),
                second.Actor("lShldr").ParameterByCode(poser.kParmCodeZROT).Value()))

            # The ball, moved, saved to the Props library and loaded again.
            ball = scene.Actor("ball")
            ball.ParameterByCode(poser.kParmCodeYTRAN).SetValue(0.25)
            scene.SelectActor(ball)
            pp2 = library_path("Props", "Ball.pp2")
            scene.SaveLibraryProp(pp2)
            scene.LoadLibraryProp(pp2)
            copy = scene.CurrentActor()
            print("prop: %s is new %s, %d vertices, yTran %g" % (
                copy.Name(), copy is not ball, copy.Geometry().NumVertices(),
                copy.ParameterByCode(poser.kParmCodeYTRAN).Value()))

            # Lights: a dimmer key light, saved, changed, restored.
            key = scene.Actor("Light 1")
            key.Parameter("Intensity").SetValue(0.35)
            key.SetLightType(poser.kLightCodeSPOT)
            lt2 = library_path("Light", "Dim.lt2")
            scene.SaveLibraryLight(lt2)
            key.Parameter("Intensity").SetValue(1.0)
            scene.LoadLibraryLight(lt2)
            lights = scene.Lights()
            print("lights: %d, %s intensity %g, spot %s" % (
                len(lights), lights[0].Name(), lights[0].Parameter("Intensity").Value(),
                lights[0].LightType() == poser.kLightCodeSPOT))

            # Cameras: a portrait lens.
            cam = scene.Actor("Main Camera")
            cam.Parameter("Focal").SetValue(85)
            cam.Parameter("DollyZ").SetValue(-3)
            cm2 = library_path("Camera", "Portrait.cm2")
            scene.SaveLibraryCamera(cm2)
            cam.Parameter("Focal").SetValue(35)
            cam.Parameter("DollyZ").SetValue(0)
            scene.LoadLibraryCamera(cm2)
            cam = scene.Actor("Main Camera")
            print("camera: focal %g, dollyZ %g" % (cam.Parameter("Focal").Value(),
                                                  cam.Parameter("DollyZ").Value()))

            # A material set: blue skin, saved, painted over, loaded back.
            skin = fig.Material("Skin")
            skin.SetDiffuseColor(0.2, 0.3, 0.9)
            mt5 = library_path("Materials", "BlueSkin.mt5")
            skin.SaveMaterialSet(mt5)
            skin.SetDiffuseColor(1.0, 1.0, 1.0)
            skin.LoadMaterialSet(mt5)
            root = skin.ShaderTree().Node(0)
            print("material: %s %s" % (skin.DiffuseColor(), root.InputByInternalName("Diffuse_Color").Value()))

            # A hand pose (Hand library), right hand.
            fig.Actor("rHand").Parameter("Grasp").SetValue(0.9)
            hd2 = library_path("Hand", "Fist.hd2")
            scene.SelectFigure(fig)
            scene.SaveLibraryHand(hd2)
            fig.Actor("rHand").Parameter("Grasp").SetValue(0)
            scene.LoadLibraryHand(hd2)
            print("hand: grasp %g" % fig.Actor("rHand").Parameter("Grasp").Value())

            for path in (cr2, pp2, lt2, cm2, mt5, hd2):
                print("file: %s %d" % (path, os.path.getsize(path)))
            """)
        self.assertIn("figures: Figure 1, Figure 2", output)
        self.assertIn("second: 54 actors, smile 0.7, shoulder -40", output)
        self.assertIn("prop: ball is new True, 144 vertices, yTran 0.25", output)
        self.assertIn("lights: 4, Light 1 intensity 0.35, spot True", output)
        self.assertIn("camera: focal 85, dollyZ -3", output)
        self.assertIn("material: (0.2, 0.3, 0.9) (0.2, 0.3, 0.9)", output)
        self.assertIn("hand: grasp 0.9", output)
        files = dict(line.rsplit(" ", 1) for line in report_lines(output, "file:"))
        self.assertEqual(len(files), 6)
        for path, size in files.items():
            self.assertIn(os.sep + os.path.join("Runtime", "Libraries") + os.sep, path)
            self.assertGreater(int(size), 0, path)
            with open(path) as handle:  # the server runs on this machine: its files are ours to read
                self.assertEqual(handle.read(1), "{", path)


class ExportingAMesh(SceneScript):
    def test_an_obj_export_read_back_matches_the_geometry(self):
        output = self.run_script("""
            import os
            import poser

            scene = poser.Scene()
            fig = scene.CurrentFigure()
            imex = scene.ImExporter()
            out = os.path.join(poser.TempLocation(), "export")
            if not os.path.isdir(out):
                os.makedirs(out)

            def count_obj(path):
                counts = {"v": 0, "vt": 0, "f": 0, "g": set()}
                with open(path) as obj:
                    for line in obj:
                        words = line.split()
                        if not words:
                            continue
                        if words[0] in ("v", "vt", "f"):
                            counts[words[0]] += 1
                        elif words[0] == "g":
                            counts["g"].add(words[1])
                counts["g"] = len(counts["g"])
                return counts

            # The figure alone (the callback picks what goes out), one group per body part.
            options = imex.ExportOptions("obj", None)
            options[poser.kExOptCodeMULTIFRAME] = 0
            path = os.path.join(out, "figure.obj")
            imex.Export("obj", None, path, options, lambda actor: actor.ItsFigure() is not None and actor.IsBodyPart())
            got = count_obj(path)
            parts = [a for a in fig.Actors() if a.Geometry() is not None]
            print("figure: file v=%d f=%d g=%d" % (got["v"], got["f"], got["g"]))
            print("figure: geometry v=%d f=%d parts=%d" % (
                sum(a.Geometry().NumVertices() for a in parts), sum(a.Geometry().NumPolygons() for a in parts),
                len(parts)))

            # Welded, it is the unimesh.
            options[poser.kExOptCodeWELDSEAMS] = 1
            welded_path = os.path.join(out, "figure_welded.obj")
            imex.Export("obj", None, welded_path, options, lambda actor: actor.ItsFigure() is fig)
            welded = count_obj(welded_path)
            unimesh = fig.UnimeshInfo()[0]
            print("welded: file v=%d f=%d, unimesh v=%d f=%d" % (welded["v"], welded["f"], unimesh.NumVertices(),
                                                                 unimesh.NumPolygons()))

            # The ball, with its UVs, and imported back as a new prop.
            ball = scene.Actor("ball")
            geom = ball.Geometry()
            ball_path = os.path.join(out, "ball.obj")
            imex.Export("obj", None, ball_path, None, lambda actor: actor is ball)
            got = count_obj(ball_path)
            print("ball: file v=%d vt=%d f=%d, geometry v=%d vt=%d f=%d" % (
                got["v"], got["vt"], got["f"], geom.NumVertices(), geom.NumTexVertices(), geom.NumPolygons()))
            # Poser's import dialog centres the mesh and puts it on the floor; keep it in place.
            imex.Import("obj", ball_path, {poser.kImOptCodeCENTERED: 0, poser.kImOptCodePLACEONFLOOR: 0})
            imported = scene.CurrentActor()
            back = imported.Geometry()
            print("imported: %s v=%d f=%d same first vertex %s" % (
                imported.Name(), back.NumVertices(), back.NumPolygons(),
                [round(c, 5) for c in (back.Vertex(0).X(), back.Vertex(0).Y(), back.Vertex(0).Z())] ==
                [round(c, 5) for c in (geom.WorldVertex(0).X(), geom.WorldVertex(0).Y(), geom.WorldVertex(0).Z())]))
            print("mtl: %s" % os.path.exists(os.path.join(out, "ball.mtl")))
            print("path: %s" % ball_path)
            """)
        file_counts, geometry_counts = report_lines(output, "figure:")
        self.assertEqual(file_counts.replace("file ", "").split()[:2],
                         geometry_counts.replace("geometry ", "").split()[:2], output)
        self.assertEqual(file_counts.split()[-1], "g=53")
        welded = re.match(r"file v=(\d+) f=(\d+), unimesh v=(\d+) f=(\d+)", report_lines(output, "welded:")[0])
        self.assertEqual(welded.group(1, 2), welded.group(3, 4), output)
        ball = re.match(r"file v=(\d+) vt=(\d+) f=(\d+), geometry v=(\d+) vt=(\d+) f=(\d+)",
                        report_lines(output, "ball:")[0])
        self.assertEqual(ball.group(1, 2, 3), ball.group(4, 5, 6), output)
        self.assertIn("imported: ball v=144 f=128 same first vertex True", output)
        self.assertIn("mtl: True", output)
        # The test reads the same file the server wrote.
        with open(report_lines(output, "path:")[0]) as handle:
            self.assertEqual(sum(1 for line in handle if line.startswith("v ")), 144)


POSE_SAVER = '''"""Saves the current figure's pose where the user says, next to this script by default."""
import os
import sys

import poser

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.append(HERE)

import %(helpers)s as helpers  # a module shipped next to the script


def main():
    scene = poser.Scene()
    figure = scene.CurrentFigure()
    chooser = poser.DialogFileChooser(poser.kDialogFileChooserSave, None, "Save the pose as",
                                      os.path.join(HERE, "poses"))
    if not chooser.Show():
        print("cancelled")
        return
    path = chooser.Path()
    helpers.make_folder(os.path.dirname(path))
    figure.Actor("rForeArm").ParameterByCode(poser.kParmCodeZROT).SetValue(helpers.BEND)
    scene.SaveLibraryPose(path)
    print("saved %%s for %%s" %% (path, figure.Name()))
    print("run as %%s from %%s" %% (__name__, os.path.basename(__file__)))
    print("script location: %%s" %% (poser.ScriptLocation() == os.path.abspath(__file__)))


if __name__ == "__main__":
    main()
'''

HELPERS = '''import os

BEND = 42.5


def make_folder(path):
    if not os.path.isdir(path):
        os.makedirs(path)


def check(figure):
    if figure is None:
        raise ValueError("no figure in the scene")
'''


class RunningAScriptFile(SceneScript):
    """RUN (op 0x0A): the script runs as Poser runs a file: ``__file__`` set, as ``__main__``."""

    def setUp(self):
        SceneScript.setUp(self)
        self.folder = tempfile.mkdtemp(prefix="posertalkr-scripts-")
        self.addCleanup(shutil.rmtree, self.folder, True)
        self.helpers = "ptk_pose_helpers_%d_%s" % (os.getpid(), self.id().split(".")[-1][-12:])
        with open(os.path.join(self.folder, self.helpers + ".py"), "w") as handle:
            handle.write(HELPERS)
        self.path = os.path.join(self.folder, "SavePose.py")
        with open(self.path, "w") as handle:
            handle.write(POSE_SAVER % {"helpers": self.helpers})
        # The server's sys.path and sys.modules are shared by every session: leave them as found.
        self.addCleanup(self.client.execute, "import sys\nsys.path[:] = [p for p in sys.path if p != %r]\n"
                                             "sys.modules.pop(%r, None)" % (self.folder, self.helpers))

    def run_file(self, path, source):
        """(stdout, None) or (stdout, (code, type, message, traceback)) of one RUN request."""
        encoded = path.encode("utf-8")
        sock = framed_connection(session=self.session)
        try:
            sock.sendall(frame(RUN, 7, struct.pack(">H", len(encoded)) + encoded + source.encode("utf-8")))
            op, _, request_id, body = read_frame(sock)
        finally:
            sock.close()
        self.assertEqual(request_id, 7)
        if op == ERROR:
            length, = struct.unpack(">I", body[2:6])
            return body[6:6 + length].decode("utf-8"), error_fields(body)
        self.assertEqual(op, OK)
        length, = struct.unpack(">I", body[:4])
        return body[4:4 + length].decode("utf-8"), None

    def test_a_script_file_saves_where_the_scripted_file_chooser_says(self):
        target = os.path.join(self.folder, "poses", "Bent.pz2")
        self.client.execute("poser.DialogAnswers.push(%r)" % target)
        with open(self.path) as handle:
            output, problem = self.run_file(self.path, handle.read())
        self.assertIsNone(problem, problem and problem[3])
        self.assertIn("saved %s for Figure 1" % target, output)
        self.assertIn("run as __main__ from SavePose.py", output)
        self.assertIn("script location: True", output)
        with open(target) as handle:
            self.assertIn("actor rForeArm", handle.read())
        self.assertEqual(self.client.eval("poser.DialogAnswers.pending()"), "[]")
        self.assertIn("('DialogFileChooser.Show', 'Save the pose as')", self.client.eval("poser.CallLog()"))
        self.assertEqual(self.client.eval("__file__"), self.path)  # stays set, as in a module

    def test_a_cancelled_chooser_and_the_default_answer(self):
        self.client.execute("poser.DialogAnswers.push(poser.DialogAnswers.CANCEL)")
        with open(self.path) as handle:
            output, problem = self.run_file(self.path, handle.read())
        self.assertEqual((output, problem), ("cancelled\n", None))
        # Nothing queued: the user clicks OK on the start folder the script gave.
        self.client.execute(
            "chooser = poser.DialogFileChooser(poser.kDialogFileChooserOpen, None, 'Pick', %r)\n"
            "shown = chooser.Show()" % self.folder)
        self.assertEqual(self.client.eval("(shown, chooser.Path())"), str((1, self.folder)))

    def test_a_traceback_names_the_script_file_and_its_helper(self):
        source = (POSE_SAVER % {"helpers": self.helpers}).replace(
            "    figure = scene.CurrentFigure()\n",
            "    figure = scene.CurrentFigure()\n    helpers.check(None)\n")
        line = source.splitlines().index("    helpers.check(None)") + 1
        output, problem = self.run_file(self.path, source)
        self.assertIsNotNone(problem, output)
        code, type_name, message, traceback = problem
        self.assertEqual((code, type_name, message), (1, "ValueError", "no figure in the scene"))
        self.assertIn('File "%s", line %d, in main\n    helpers.check(None)' % (self.path, line), traceback)
        self.assertIn('File "%s", line 13, in check' % os.path.join(self.folder, self.helpers + ".py"), traceback)


# The numpy test's virtualenv: made once from the interpreter the server embeds and kept
# (the repository ignores .build/); a marker file says numpy went in completely.
SCENE_VENVS = os.path.join(REPO, ".build")  # scene-venv-X.Y, one per embedded Python
PIP_SECONDS = 150  # with the rest, well inside the 280 s PythonSuiteTests gives the module


def _run(arguments, timeout):
    """(exit status, output) of a command; the status is None when it was killed after
    ``timeout`` seconds."""
    process = subprocess.Popen(arguments, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    timer = threading.Timer(timeout, process.kill)
    timer.start()
    try:
        output = process.communicate()[0].decode("utf-8", "replace")
    finally:
        timed_out = not timer.is_alive()
        timer.cancel()
    return (None if timed_out else process.returncode), output


def _pypi_reachable():
    try:
        from urllib.request import urlopen
    except ImportError:  # Python 2
        from urllib2 import urlopen
    try:
        urlopen("https://pypi.org/simple/numpy/", timeout=15).close()
        return True
    except Exception:
        return False


def embedded_python():
    """The executable of the Python the shared server embeds and its version (the HELLO's
    ``python`` field), e.g. ('/usr/bin/python3.11', '3.11.2')."""
    with client() as remote:
        version = remote.server_info["python"]
        base = remote.eval("__import__('sys').base_prefix")
        short = remote.eval("'%d.%d' % __import__('sys').version_info[:2]")
    return os.path.join(base, "bin", "python" + short), version


def scene_venv(test):
    """The virtualenv with numpy, made (or made again) when missing or incomplete; skips
    ``test`` when PyPI cannot be reached."""
    import fcntl

    python, version = embedded_python()
    scene_venv_path = os.path.join(SCENE_VENVS, "scene-venv-" + ".".join(version.split(".")[:2]))
    ready = os.path.join(scene_venv_path, "numpy-installed")
    status, output = _run([python, "-c", "import platform; print(platform.python_version())"], 30)
    test.assertEqual((status, output.strip()), (0, version), "%s is not the Python the server embeds" % python)
    if not os.path.isdir(os.path.dirname(scene_venv_path)):
        os.makedirs(os.path.dirname(scene_venv_path))
    with open(scene_venv_path + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a run building it at the same time finishes first
        venv_python = os.path.join(scene_venv_path, "bin", "python")
        if os.path.exists(ready):
            status, output = _run([venv_python, "-c", "import platform, numpy; print(platform.python_version())"], 60)
            if (status, output.strip()) == (0, version):
                return scene_venv_path
        shutil.rmtree(scene_venv_path, True)
        status, output = _run([python, "-m", "venv", scene_venv_path], 60)
        test.assertEqual(status, 0, "%s -m venv failed:\n%s" % (python, output))
        status, output = _run([venv_python, "-m", "pip", "install", "--disable-pip-version-check", "--quiet",
                               "--timeout", "30", "numpy"], PIP_SECONDS)
        if status != 0:
            shutil.rmtree(scene_venv_path, True)
            if not _pypi_reachable():
                test.skipTest("PyPI (https://pypi.org) cannot be reached to install numpy into a virtualenv")
            test.fail("pip install numpy %s:\n%s" % (
                "took over %d s" % PIP_SECONDS if status is None else "failed", output))
        with open(ready, "w") as marker:
            marker.write(version + "\n")
    return scene_venv_path


PUFF_AND_BELLY = """
    import numpy as np
    import poser

    scene = poser.Scene()
    figure = scene.CurrentFigure()

    def points(vertices):
        return np.array([[v.X(), v.Y(), v.Z()] for v in vertices], dtype=np.float32)

    # 1. A head morph: the upper half of the head puffed out from its centre.
    head = figure.Actor("head")
    geom = head.Geometry()
    rest = points(geom.Vertices())
    center = rest.mean(axis=0)
    deltas = (rest - center) * np.float32(0.08)
    deltas[rest[:, 1] < center[1]] = 0
    head.SpawnTarget("Puffy")
    puffy = head.Parameter("Puffy")
    for i in np.flatnonzero(deltas.any(axis=1)):
        dx, dy, dz = deltas[i]
        puffy.SetMorphTargetDelta(int(i), dx, dy, dz)
    back = np.array([puffy.MorphTargetDelta(i) for i in range(geom.NumVertices())], dtype=np.float32)
    print("puffy: %d of %d vertices moved, read back equal %s" % (
        np.count_nonzero(deltas.any(axis=1)), len(rest), np.array_equal(back, deltas)))
    puffy.SetValue(0.5)
    print("puffy at 0.5: off by %.1e" % np.abs(points(geom.WorldVertices()) - (rest + 0.5 * deltas)).max())

    # 2. A body morph made on the welded mesh (UnimeshInfo) and split into the body parts.
    welded_geom, actors, indices = figure.UnimeshInfo()
    welded = points(welded_geom.Vertices())
    agree = all(np.allclose(welded[np.asarray(idcs)], points(actor.Geometry().WorldVertices()), atol=1e-5)
                for actor, idcs in zip(actors, indices) if actor.InternalName() != "head")
    print("unimesh: %d vertices, %d parts, parts agree %s" % (len(welded), len(actors), agree))
    low, high = welded[:, 1].min(), welded[:, 1].max()
    belly = ((welded[:, 1] > low + 0.45 * (high - low)) & (welded[:, 1] < low + 0.65 * (high - low))
             & (welded[:, 2] > 0))
    body_deltas = np.zeros_like(welded)
    body_deltas[belly, 2] = 0.02
    spawned = []
    for actor, idcs in zip(actors, indices):
        part = body_deltas[np.asarray(idcs)]
        if not part.any():
            continue
        actor.SpawnTarget("Belly")
        morph = actor.Parameter("Belly")
        for k in np.flatnonzero(part.any(axis=1)):
            morph.SetMorphTargetDelta(int(k), *part[k])
        morph.SetValue(1.0)
        spawned.append(actor.InternalName())
    print("belly: %s" % ", ".join(spawned))
    worst = max(np.abs(points(actor.Geometry().WorldVertices()) - (welded + body_deltas)[np.asarray(idcs)]).max()
                for actor, idcs in zip(actors, indices) if actor.InternalName() != "head")
    print("belly dialled: off by %.1e" % worst)
    """


class AMorphBuiltWithNumpy(unittest.TestCase):
    """numpy from a virtualenv the server runs in. A server of the test's own, started with
    VIRTUAL_ENV: the shared server starts before the virtualenv can exist."""

    def test_a_morph_from_displaced_geometry_reads_back_equal(self):
        started = time.time()
        venv = scene_venv(self)
        print("\n[figure] the scene virtualenv with numpy ready in %.1f s" % (time.time() - started))
        with OwnServer(environment={"VIRTUAL_ENV": venv, "PYTHONPATH": None}) as server:
            with posertalkr_client.Client("127.0.0.1", server.port, timeout=120) as remote:
                self.assertEqual(remote.eval("__import__('sys').prefix"), venv)
                self.assertTrue(remote.eval("__import__('numpy').__file__").startswith(venv + os.sep))
                try:
                    output = remote.execute(script(PUFF_AND_BELLY))
                except posertalkr_client.RemoteError as problem:
                    self.fail("the script raised %s:\n%s" % (problem.type_name, problem.remote_traceback))
        moved = re.search(r"puffy: (\d+) of 40 vertices moved, read back equal True", output)
        self.assertTrue(moved and 0 < int(moved.group(1)) < 40, output)
        self.assertLess(float(report_lines(output, "puffy at 0.5: off by")[0]), 1e-6, output)
        self.assertIn("unimesh: 1830 vertices, 53 parts, parts agree True", output)
        self.assertNotEqual(report_lines(output, "belly:"), [""], output)
        self.assertLess(float(report_lines(output, "belly dialled: off by")[0]), 1e-6, output)


if __name__ == "__main__":
    unittest.main()

"""The default scene every session starts with: a figure with a real Poser figure's body
parts and dials, the standard cameras and lights, the floor, a ball and the large Ground
Grid, all built lazily.

    python3 Tests/PoserAPI/test_default_scene.py
"""

import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SHIMS = os.path.join(os.path.dirname(os.path.dirname(HERE)), "PythonShims")
if SHIMS not in sys.path:
    sys.path.insert(0, SHIMS)

import poser  # noqa: E402

TORSO = {"BODY": "Body", "hip": "Hip", "abdomen": "Abdomen", "chest": "Chest", "neck": "Neck", "head": "Head"}
SIDED = {"Eye": "Eye", "Collar": "Collar", "Shldr": "Shoulder", "ForeArm": "Forearm", "Hand": "Hand",
         "Thigh": "Thigh", "Shin": "Shin", "Foot": "Foot", "Toe": "Toe"}
FINGERS = ("Thumb", "Index", "Mid", "Ring", "Pinky")


def expected_names():
    names = dict(TORSO)
    for prefix, word in (("l", "Left "), ("r", "Right ")):
        for internal, display in SIDED.items():
            names[prefix + internal] = word + display
        for finger in FINGERS:
            for joint in (1, 2, 3):
                names["%s%s%d" % (prefix, finger, joint)] = "%s%s %d" % (word, finger, joint)
    return names


class DefaultSceneTest(unittest.TestCase):
    def setUp(self):
        self.scene = poser.ResetScene()
        self.figure = self.scene.CurrentFigure()

    def tearDown(self):
        poser.ResetScene()

    def test_the_figure_has_a_poser_figures_body_parts(self):
        names = expected_names()
        actual = dict((a.InternalName(), a.Name()) for a in self.figure.Actors())
        self.assertEqual(actual, names)
        self.assertEqual(self.figure.Name(), "Figure 1")
        self.assertTrue(all(a.IsBodyPart() for a in self.figure.Actors()))
        self.assertEqual(self.figure.NumbBodyParts(), len(names) - 1)  # all but BODY have a mesh
        self.assertIsNone(self.figure.Actor("BODY").Geometry())

    def test_the_skeleton_is_a_tree_a_script_can_walk(self):
        parent = dict((a.InternalName(), a.Parent().InternalName()) for a in self.figure.Actors()[1:])
        self.assertEqual(parent["hip"], "BODY")
        self.assertEqual(parent["head"], "neck")
        self.assertEqual(parent["rEye"], "head")
        self.assertEqual(parent["lCollar"], "chest")
        self.assertEqual(parent["lHand"], "lForeArm")
        self.assertEqual(parent["lRing1"], "lHand")
        self.assertEqual(parent["lRing2"], "lRing1")
        self.assertEqual(parent["rThigh"], "hip")
        self.assertEqual(parent["rToe"], "rFoot")
        # left is +X, right is -X, the figure stands on the floor
        self.assertGreater(self.figure.Actor("lHand").Origin()[0], 0)
        self.assertLess(self.figure.Actor("rHand").Origin()[0], 0)

    def test_the_scene_finds_body_parts_as_real_scripts_name_them(self):
        self.assertEqual(self.scene.ActorByInternalName("lRing2").Name(), "Left Ring 2")
        self.assertEqual(self.scene.Actor("Left Forearm").InternalName(), "lForeArm")
        self.assertEqual(self.figure.Actor("rEye").Name(), "Right Eye")
        self.assertEqual(self.scene.CurrentActor().Name(), "Hip")

    def test_body_part_dials(self):
        hip = self.figure.Actor("hip")
        named = dict((p.InternalName(), p.Name()) for p in hip.Parameters())
        self.assertEqual((named["xrot"], named["yrot"], named["zrot"]), ("Bend", "Twist", "Side-Side"))
        self.assertEqual((named["xtran"], named["scale"], named["xscale"]), ("xTran", "Scale", "xScale"))
        self.assertEqual(hip.Parameter("xtran").Hidden(), 0)
        forearm = self.figure.Actor("lForeArm")
        self.assertEqual([forearm.Parameter(n).Name() for n in ("xrot", "yrot", "zrot")],
                         ["Twist", "Side-Side", "Bend"])
        self.assertEqual(forearm.Parameter("xtran").Hidden(), 1)
        self.assertEqual(self.figure.Actor("lShldr").Parameter("yrot").Name(), "Front-Back")
        self.assertEqual(self.figure.Actor("rFoot").Parameter("zrot").Name(), "Twist")
        self.assertEqual(self.figure.Actor("lEye").Parameter("xrot").Name(), "Up-Down")
        hand = self.figure.Actor("rHand")
        self.assertEqual(hand.ParameterByCode(poser.kParmCodeGRASP).Name(), "Grasp")
        self.assertEqual(hand.ParameterByCode(poser.kParmCodeTGRASP).Name(), "Thumb Grasp")
        body = self.figure.Actor("BODY")
        self.assertEqual([body.Parameter(n).Name() for n in ("xrot", "yrot", "zrot", "ytran")],
                         ["xRotate", "yRotate", "zRotate", "yTran"])
        for actor in self.figure.Actors():
            for code in (poser.kParmCodeXROT, poser.kParmCodeYROT, poser.kParmCodeZROT, poser.kParmCodeASCALE):
                self.assertIsNotNone(actor.ParameterByCode(code), (actor.Name(), code))

    def test_morph_dials_on_the_head_and_the_body(self):
        head = self.figure.Actor("head")
        morphs = [p for p in head.Parameters() if p.IsMorphTarget() and not p.Hidden()]
        self.assertTrue(len(morphs) >= 4)
        for morph in morphs:
            self.assertTrue(any(morph.MorphTargetDelta(i) != (0.0, 0.0, 0.0)
                                for i in range(head.Geometry().NumVertices())), morph.Name())
        body = self.figure.Actor("BODY")
        self.assertEqual([p.Name() for p in body.Parameters() if p.IsValueParameter()], ["Heavy", "Thin"])

    def test_cameras(self):
        names = [c.Name() for c in self.scene.Cameras()]
        for name in ("Main Camera", "Aux Camera", "Posing Camera", "Face Camera", "Dolly Camera", "Left Camera",
                     "Right Camera", "Top Camera", "Bottom Camera", "Front Camera", "Back Camera"):
            self.assertIn(name, names)
        self.assertEqual(names[:2], ["Main Camera", "Aux Camera"])
        self.assertEqual(self.scene.CurrentCamera().Name(), "Main Camera")
        self.assertTrue(all(c.IsCamera() for c in self.scene.Cameras()))
        self.assertEqual(self.scene.Actor("Main Camera").InternalName(), "MAIN_CAMERA")
        top = self.scene.Actor("Top Camera")
        self.assertGreater(top.Origin()[1], 2.0)
        self.assertEqual(self.scene.Actor("Main Camera").Parameter("Focal").Value(), 38.0)

    def test_lights(self):
        lights = self.scene.Lights()
        self.assertEqual([l.Name() for l in lights], ["Light 1", "Light 2", "Light 3", "Light 4"])
        self.assertEqual([l.LightType() for l in lights],
                         [poser.kLightCodeINFINITE] * 3 + [poser.kLightCodeIMAGE])
        self.assertIs(self.scene.CurrentLight(), lights[0])
        self.assertEqual(lights[1].ParameterByCode(poser.kParmCodeKDINTENSITY).Value(), 0.6)

    def test_props(self):
        names = [p.Name() for p in self.scene.Props()]
        self.assertEqual(names[:3], ["GROUND", "ball", "Ground Grid"])
        ground = self.scene.Actor("GROUND")
        ys = set(v.Y() for v in ground.Geometry().Vertices())
        self.assertEqual(ys, set([0.0]))
        self.assertEqual(self.scene.Actor("ball").Geometry().NumVertices(), 144)

    def test_the_ground_grid_is_built_on_first_use(self):
        grid = self.scene.Actor("Ground Grid")
        self.assertIsNone(grid._geometry)
        self.assertEqual(grid.Geometry().NumVertices(), poser.GRID_SIDE * poser.GRID_SIDE)
        self.assertIs(grid.Geometry(), grid.Geometry())

    def test_nothing_heavy_is_built_with_the_scene(self):
        scene = poser.ResetScene()
        actors = []
        for figure in scene.Figures():
            actors.extend(figure.Actors())
        actors.extend(scene.Cameras() + scene.Lights() + scene.Props())
        self.assertFalse([a.Name() for a in actors if a._geometry is not None])
        self.assertFalse([a.Name() for a in actors if a._parms is not None])

    def test_the_first_scene_is_quick_in_a_fresh_process(self):
        probe = ("import sys, time\nsys.path.insert(0, %r)\nimport poser\nstarted = time.time()\n"
                 "name = poser.Scene().CurrentActor().Name()\nprint('%%s %%f' %% (name, time.time() - started))\n"
                 % SHIMS)
        output = subprocess.check_output([sys.executable, "-c", probe]).decode("utf-8").split()
        print("\n[figure] first Scene().CurrentActor().Name(): %.2f ms" % (float(output[1]) * 1000))
        self.assertEqual(output[0], "Hip")
        self.assertLess(float(output[1]), 0.05)


if __name__ == "__main__":
    unittest.main()

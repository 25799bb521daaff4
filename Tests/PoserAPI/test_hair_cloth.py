"""Hair groups and cloth simulations the way dynamics scripts use them: set hair and cloth
settings, list cloth and collision objects, run (record) the simulations.

    python3 Tests/PoserAPI/test_hair_cloth.py
"""

import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SHIMS = os.path.join(os.path.dirname(os.path.dirname(HERE)), "PythonShims")
if SHIMS not in sys.path:
    sys.path.insert(0, SHIMS)

import poser  # noqa: E402

HAIR_FLOATS = ["AirDamping", "BendResistance", "Clumpiness", "Density", "Gravity", "KinkDelay", "KinkScale",
               "KinkStrength", "LengthMax", "LengthMin", "PositionForce", "PullBack", "PullDown", "PullLeft",
               "RootStiffness", "RootStiffnessFalloff", "RootWidth", "SpringDamping", "SpringStrength", "TipWidth"]
HAIR_INTS = ["NumbPopHairs", "NumbVertsPerHair"]
HAIR_FLAGS = ["CollisionsOn", "ShowPopulated"]
CLOTH_CODES = sorted(name for name in dir(poser) if name.startswith("kClothParmCode"))


class HairTest(unittest.TestCase):
    def setUp(self):
        self.scene = poser.ResetScene()
        self.head = self.scene.CurrentFigure().ActorByInternalName("head")
        self.prop = self.scene.Actor("ball")
        self.hair = poser.HairType(self.head, "Hair 1", self.prop)

    def tearDown(self):
        poser.ResetScene()

    def test_every_setting_keeps_what_was_set(self):
        for offset, name in enumerate(HAIR_FLOATS):
            value = 0.125 + offset
            getattr(self.hair, "Set" + name)(value)
            self.assertEqual(getattr(self.hair, name)(), value, name)
            self.assertIsInstance(getattr(self.hair, name)(), float, name)
        for name in HAIR_INTS:
            getattr(self.hair, "Set" + name)(42)
            self.assertEqual(getattr(self.hair, name)(), 42)
            self.assertIsInstance(getattr(self.hair, name)(), int)
        for name in HAIR_FLAGS:
            getattr(self.hair, "Set" + name)(0)
            self.assertEqual(getattr(self.hair, name)(), 0)
            getattr(self.hair, "Set" + name)(True)
            self.assertEqual(getattr(self.hair, name)(), 1)

    def test_bad_values_raise(self):
        with self.assertRaises(poser.error):
            self.hair.SetDensity("thick")
        with self.assertRaises(poser.error):
            self.hair.SetNumbVertsPerHair(-3)

    def test_name_prop_and_simulation(self):
        self.assertEqual(self.hair.Name(), "Hair 1")
        self.assertEqual(self.hair.SetName("Long hair"), "Long hair")
        self.assertEqual(self.hair.Name(), "Long hair")
        self.assertIs(self.hair.HairProp(), self.prop)
        self.assertIsNone(self.hair.GrowHair())
        self.assertIs(self.hair.CalculateDynamics(), self.prop)
        log = poser.CallLog()
        self.assertIn(("GrowHair", "Long hair"), log)
        self.assertIn(("CalculateDynamics", "Long hair"), log)

    @unittest.skipUnless(hasattr(poser.ActorType, "CreateHairGroup"), "ActorType.CreateHairGroup not there yet")
    def test_grow_a_hair_group_on_the_head_and_delete_it(self):
        group = self.head.CreateHairGroup("Brows")
        self.assertIsInstance(group, poser.HairType)
        self.assertEqual(group.Name(), "Brows")
        self.assertIs(self.head.HairGroup(self.head.NumHairGroups() - 1), group)
        prop = group.HairProp()
        self.assertIn(prop, self.scene.Actors())
        group.SetLengthMax(0.08)
        group.GrowHair()
        self.assertEqual(group.LengthMax(), 0.08)
        group.Delete()
        self.assertEqual(self.head.NumHairGroups(), 0)
        self.assertNotIn(prop, self.scene.Actors())


class ClothTest(unittest.TestCase):
    def setUp(self):
        self.scene = poser.ResetScene()
        self.figure = self.scene.CurrentFigure()
        self.ball = self.scene.Actor("ball")
        self.sim = self.scene.CreateClothSimulator("Drape")

    def tearDown(self):
        poser.ResetScene()

    def test_the_scene_lists_its_simulations(self):
        second = self.scene.CreateClothSimulator("Wind")
        self.assertEqual(self.scene.NumClothSimulators(), 2)
        self.assertIs(self.scene.ClothSimulator(0), self.sim)
        self.assertIs(self.scene.ClothSimulator(1), second)
        self.assertIs(self.scene.ClothSimulatorByName("Wind"), second)
        with self.assertRaises(poser.error):
            self.scene.ClothSimulatorByName("Storm")
        with self.assertRaises(poser.error):
            self.scene.ClothSimulator(2)
        second.Delete()
        self.assertEqual(self.scene.NumClothSimulators(), 1)
        self.assertEqual(poser.ResetScene().NumClothSimulators(), 0)

    def test_names_and_frames(self):
        self.assertEqual(self.sim.Name(), "Drape")
        self.assertEqual(self.sim.SetName("Skirt"), "Skirt")
        self.assertIs(self.scene.ClothSimulatorByName("Skirt"), self.sim)
        self.sim.SetStartFrame(5)
        self.sim.SetEndFrame(25)
        self.sim.SetDrapingFrames(10)
        self.assertEqual((self.sim.StartFrame(), self.sim.EndFrame(), self.sim.DrapingFrames()), (5, 25, 10))
        with self.assertRaises(poser.error):
            self.sim.SetDrapingFrames(-1)

    def test_cloth_and_collision_objects(self):
        sim = self.sim
        self.assertIsNone(sim.CurrentClothActor())
        sim.AddClothActor(self.ball)
        self.assertEqual(sim.IsClothActor(self.ball), 1)
        self.assertIs(sim.CurrentClothActor(), self.ball)
        hip = self.figure.Actor("Hip")
        sim.AddCollisionActor(hip)
        self.assertEqual((sim.IsCollisionActor(hip), sim.IsCollisionActor(self.ball)), (1, 0))
        sim.AddCollisionFigure(self.figure, ["head", "lHand", "rHand"])
        self.assertEqual(sim.IsCollisionFigure(self.figure), 1)
        self.assertEqual(sim.CollisionFigureExcludes(self.figure), ["head", "lHand", "rHand"])
        sim.RemoveCollisionFigure(self.figure)
        sim.RemoveCollisionActor(hip)
        self.assertEqual((sim.IsCollisionFigure(self.figure), sim.IsCollisionActor(hip)), (0, 0))
        with self.assertRaises(poser.error):
            sim.SetCurrentClothActor(hip)
        sim.RemoveClothActor(self.ball)
        self.assertEqual(sim.IsClothActor(self.ball), 0)
        self.assertIsNone(sim.CurrentClothActor())
        with self.assertRaises(poser.error):
            sim.AddCollisionFigure(self.ball, [])

    def test_dynamics_properties_by_code(self):
        self.assertTrue(CLOTH_CODES)
        for offset, name in enumerate(CLOTH_CODES):
            code = getattr(poser, name)
            self.assertIsInstance(self.sim.DynamicsProperty(code), float)
            self.sim.SetDynamicsProperty(code, 0.5 + offset)
            self.assertEqual(self.sim.DynamicsProperty(code), 0.5 + offset)
        with self.assertRaises(poser.error):
            self.sim.DynamicsProperty("noSuchProperty")
        with self.assertRaises(poser.error):
            self.sim.SetDynamicsProperty(poser.kClothParmCodeDENSITY, "heavy")

    def test_calculate_and_clear_are_recorded(self):
        with self.assertRaises(poser.error):
            self.sim.CalculateDynamics()  # nothing to drape
        self.sim.AddClothActor(self.ball)
        self.assertIsNone(self.sim.CalculateDynamics())
        self.sim.ClearDynamics()
        log = poser.CallLog()
        self.assertIn(("CalculateDynamics",), log)
        self.assertIn(("ClearDynamics",), log)


if __name__ == "__main__":
    unittest.main()

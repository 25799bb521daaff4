"""FireFly and SuperFly render options the way render-setup scripts use them: read the
defaults, switch settings, check the manual's ranges, save and load render presets.

    python3 Tests/PoserAPI/test_render_options.py
"""

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

# getter, setter, a value to set that differs from the default
FLAGS = ["DepthOfField", "Displacement", "DrawToonOutline", "GIOnlyRender", "HDRIOutput", "Manual", "MotionBlur",
         "RayTracing", "RemoveBackfacing", "ShadowOnlyRender", "Shadows", "SmoothPolys", "TextureFiltering",
         "UseGI", "UseGamma", "UseIrradianceCache", "UseOcclusionCulling", "UseSSS", "UseTextureCache"]
INTS = {"AutoValue": 8, "BucketSize": 64, "FilterSize": 3, "GINumBounces": 4, "GINumSamples": 256,
        "MaxRayDepth": 6, "MaxTextureRes": 8192, "PixelSamples": 9, "TextureCacheSize": 1024, "ToneMapper": 1}
FLOATS = {"DisplacementBounds": 0.05, "GIIntensity": 0.5, "GIMaxError": 0.25, "GIPassScale": 0.5, "Gamma": 1.8,
          "MaxError": 0.02, "MaxSampleSize": 2.5, "MinShadingRate": 0.5, "ToneExposure": 1.5, "ToneGain": 0.75}


class FireFlyTestCase(unittest.TestCase):
    def setUp(self):
        self.scene = poser.ResetScene()
        self.options = self.scene.CurrentFireFlyOptions()
        self.folder = tempfile.mkdtemp(prefix="poser-render-")

    def tearDown(self):
        shutil.rmtree(self.folder, ignore_errors=True)
        poser.ResetScene()


class OptionObjectsTest(FireFlyTestCase):
    def test_one_options_object_per_scene(self):
        self.assertIsInstance(self.options, poser.FireFlyOptionsType)
        self.assertIs(self.scene.CurrentFireFlyOptions(), self.options)
        superfly = self.scene.CurrentSuperFlyOptions()
        self.assertIsInstance(superfly, poser.SuperFlyOptionsType)
        self.assertIs(self.scene.CurrentSuperFlyOptions(), superfly)
        fresh = poser.ResetScene()
        self.assertIsNot(fresh.CurrentFireFlyOptions(), self.options)

    def test_renders_are_recorded(self):
        self.scene.Render()
        self.assertIn(("Render",), poser.CallLog())


class DefaultsTest(FireFlyTestCase):
    def test_defaults_are_poser_like_and_of_the_documented_types(self):
        o = self.options
        for name in FLAGS:
            self.assertIn(getattr(o, name)(), (0, 1), name)
            self.assertIsInstance(getattr(o, name)(), int, name)
        for name in INTS:
            self.assertIsInstance(getattr(o, name)(), int, name)
        for name in FLOATS:
            self.assertIsInstance(getattr(o, name)(), float, name)
        self.assertEqual(o.Shadows(), 1)
        self.assertEqual(o.Gamma(), 2.2)
        self.assertEqual(o.ToneMapper(), 0)
        self.assertTrue(0 <= o.AutoValue() <= 8)
        self.assertEqual(o.Hider(), poser.kHiderREYES)
        self.assertIn(o.FilterType(), (poser.kPixelFilterCodeBOX, poser.kPixelFilterCodeGAUSS,
                                       poser.kPixelFilterCodeSINC))
        self.assertEqual(o.ExtraOutput(3), 0)


class SettersTest(FireFlyTestCase):
    def test_every_getter_answers_what_its_setter_stored(self):
        o = self.options
        for name in FLAGS:
            value = 1 - getattr(o, name)()
            getattr(o, "Set" + name)(value)
            self.assertEqual(getattr(o, name)(), value, name)
        for name, value in INTS.items():
            getattr(o, "Set" + name)(value)
            self.assertEqual(getattr(o, name)(), value, name)
        for name, value in FLOATS.items():
            getattr(o, "Set" + name)(value)
            self.assertEqual(getattr(o, name)(), value, name)

    def test_flags_store_one_for_any_true_value(self):
        self.options.SetRayTracing(True)
        self.assertEqual(self.options.RayTracing(), 1)
        self.options.SetMotionBlur(5)
        self.assertEqual(self.options.MotionBlur(), 1)
        self.options.SetMotionBlur(0)
        self.assertEqual(self.options.MotionBlur(), 0)

    def test_code_valued_options(self):
        o = self.options
        o.SetHider(poser.kHiderRayTrace)
        o.SetFilterType(poser.kPixelFilterCodeSINC)
        o.SetToonOutlineStyle(poser.kOutlineCodeTHICKMARKER)
        o.SetRayAccelerator(poser.kRayAcceleratorCodeKDTREE)
        o.SetTextureCacheCompression(poser.kTextureCompressorCodeRLE)
        self.assertEqual((o.Hider(), o.FilterType(), o.ToonOutlineStyle(), o.RayAccelerator(),
                          o.TextureCacheCompression()),
                         (poser.kHiderRayTrace, poser.kPixelFilterCodeSINC, poser.kOutlineCodeTHICKMARKER,
                          poser.kRayAcceleratorCodeKDTREE, poser.kTextureCompressorCodeRLE))
        with self.assertRaises(poser.error):
            o.SetFilterType(-999)
        with self.assertRaises(poser.error):
            o.SetHider(-12345)

    def test_the_manuals_ranges(self):
        o = self.options
        for bad in (-1, 9):
            with self.assertRaises(poser.error):
                o.SetAutoValue(bad)
        o.SetAutoValue(0)
        self.assertEqual(o.AutoValue(), 0)
        with self.assertRaises(poser.error):
            o.SetMaxError(1.5)
        with self.assertRaises(poser.error):
            o.SetGIMaxError(-0.1)
        with self.assertRaises(poser.error):
            o.SetToneMapper(2)
        with self.assertRaises(poser.error):
            o.SetPixelSamples("many")
        self.assertEqual(o.AutoValue(), 0)

    def test_extra_outputs_per_kind(self):
        self.options.SetExtraOutput(2, 1)
        self.assertEqual(self.options.ExtraOutput(2), 1)
        self.assertEqual(self.options.ExtraOutput(1), 0)
        self.options.SetExtraOutput(2, 0)
        self.assertEqual(self.options.ExtraOutput(2), 0)


class PresetsTest(FireFlyTestCase):
    def test_save_then_load_restores_every_option(self):
        o = self.options
        o.SetPixelSamples(12)
        o.SetRayTracing(0)
        o.SetGamma(1.0)
        o.SetHider(poser.kHiderRayTrace)
        o.SetExtraOutput(4, 1)
        path = os.path.join(self.folder, "final.prp")
        o.SavePreset(path)
        self.assertTrue(os.path.isfile(path))
        fresh = poser.ResetScene().CurrentFireFlyOptions()
        self.assertNotEqual(fresh.PixelSamples(), 12)
        fresh.LoadPreset(path)
        self.assertEqual((fresh.PixelSamples(), fresh.RayTracing(), fresh.Gamma(), fresh.Hider(),
                          fresh.ExtraOutput(4)), (12, 0, 1.0, poser.kHiderRayTrace, 1))

    def test_bad_presets_raise(self):
        with self.assertRaises(poser.error):
            self.options.LoadPreset(os.path.join(self.folder, "missing.prp"))
        path = os.path.join(self.folder, "other.prp")
        with open(path, "w") as stream:
            stream.write("[render]\npixelSamples 4\n")
        with self.assertRaises(poser.error):
            self.options.LoadPreset(path)


if __name__ == "__main__":
    unittest.main()

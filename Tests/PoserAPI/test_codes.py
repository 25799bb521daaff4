"""Poser's codes in the scene package: every code of the inventory's code tables exists,
with the type the inventory gives and the values it fixes; codes of one table differ from
each other; event codes are bit flags; the earlier stub's codes and the manual's spelling
variants are still there.

    python3 Tests/PoserAPI/test_codes.py
"""

import glob
import io
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SHIMS = os.path.join(os.path.dirname(os.path.dirname(HERE)), "PythonShims")
if SHIMS not in sys.path:
    sys.path.insert(0, SHIMS)

import poser  # noqa: E402

try:
    STRING_TYPES = (str, unicode)  # noqa: F821 (Python 2)
except NameError:
    STRING_TYPES = (str,)


def inventory_codes():
    """{table name: [(code name, returns, note)]} from inventory/*.tsv."""
    tables = {}
    for path in sorted(glob.glob(os.path.join(HERE, "inventory", "*.tsv"))):
        with io.open(path, encoding="utf-8") as stream:
            for line in stream:
                cells = line.rstrip("\r\n").split("\t")
                if line.startswith("#") or len(cells) < 4 or cells[3] != "constant":
                    continue
                cells += [""] * (8 - len(cells))
                tables.setdefault(cells[0], []).append((cells[2], cells[5], cells[7]))
    return tables


class CodeTablesTest(unittest.TestCase):
    def setUp(self):
        self.tables = inventory_codes()

    def test_every_code_exists_with_its_type(self):
        self.assertGreater(sum(len(codes) for codes in self.tables.values()), 340)
        for table, codes in self.tables.items():
            for name, returns, _ in codes:
                value = getattr(poser, name, None)
                self.assertIsNotNone(value, "%s (%s)" % (name, table))
                if returns == "StringType":
                    self.assertIsInstance(value, STRING_TYPES, name)
                    self.assertTrue(value, name)
                else:
                    self.assertIs(type(value), int, name)

    def test_values_the_inventory_fixes(self):
        checked = 0
        for codes in self.tables.values():
            for name, _, note in codes:
                if note.startswith("value="):
                    text = note[len("value="):].split(" ", 1)[0].rstrip(";")
                    expected = text.strip('"') if text.startswith('"') else int(text)
                    self.assertEqual(getattr(poser, name), expected, name)
                    checked += 1
        self.assertGreaterEqual(checked, 30)

    def test_codes_of_one_table_differ(self):
        for table, codes in self.tables.items():
            seen = {}
            for name, _, _ in codes:
                if name == "kLightCodePOINT":  # Poser's point light is its local light
                    continue
                value = getattr(poser, name)
                self.assertNotIn(value, seen, "%s: %s and %s are both %r" % (table, name, seen.get(value), value))
                seen[value] = name

    def test_a_dict_keyed_by_codes_keeps_one_entry_per_code(self):
        options = {poser.kImOptCodeCENTERED: 1, poser.kImOptCodePLACEONFLOOR: 0,
                   poser.kImOptCodePERCENTFIGSIZE: 100.0, poser.kImOptCodeOFFSETX: 0.0,
                   poser.kExOptCodeFIRSTFRAME: 2, poser.kExOptCodeLASTFRAME: 9,
                   poser.kExOptCodeCOLLADAUpAxis: 1}
        self.assertEqual(len(options), 7)


class CodeValuesTest(unittest.TestCase):
    def test_parameter_codes_of_the_earlier_stub(self):
        names = ("XROT YROT ZROT XTRAN YTRAN ZTRAN XSCALE YSCALE ZSCALE ASCALE TGRASP TARGET FOCAL "
                 "KDRED KDGREEN KDBLUE KDINTENSITY VALUE DEPTHMAPSIZE SHADOW").split()
        self.assertEqual([getattr(poser, "kParmCode" + n) for n in names], list(range(1, 21)))

    def test_light_codes(self):
        self.assertEqual((poser.kLightCodeINFINITE, poser.kLightCodeLOCAL, poser.kLightCodeSPOT,
                          poser.kLightCodeIMAGE), (0, 1, 2, 3))
        self.assertEqual(poser.kLightCodePOINT, poser.kLightCodeLOCAL)
        attenuations = (poser.kLightCodePOSERATTEN, poser.kLightCodeINVLINEARATTEN, poser.kLightCodeINVSQUAREATTEN)
        self.assertEqual(len(set(attenuations)), 3)
        self.assertFalse(set(attenuations) & set(range(4)))

    def test_import_option_codes_the_manual_numbers(self):
        self.assertEqual([poser.kImOptCodeCENTERED, poser.kImOptCodePLACEONFLOOR, poser.kImOptCodePERCENTFIGSIZE,
                          poser.kImOptCodeOFFSETX, poser.kImOptCodeOFFSETY], [0, 1, 2, 3, 4])

    def test_event_codes_are_single_bits(self):
        events = [getattr(poser, n) for n in dir(poser) if n.startswith("kEventCode")]
        self.assertEqual(len(events), 11)
        combined = 0
        for code in events:
            self.assertTrue(code > 0 and code & (code - 1) == 0, code)
            self.assertFalse(combined & code)
            combined |= code
        flags = poser.kEventCodePARMCHANGED | poser.kEventCodeKEYSCHANGED
        self.assertTrue(flags & poser.kEventCodePARMCHANGED)
        self.assertFalse(flags & poser.kEventCodeACTORADDED)

    def test_shader_node_type_codes_are_poser_node_type_names(self):
        self.assertEqual(poser.kNodeTypeCodePOSERSURFACE, "poser")
        self.assertEqual(poser.kNodeTypeCodeIMAGEMAP, "image_map")
        self.assertEqual(poser.kNodeTypeCodeBLENDER, "blender")
        node_types = [getattr(poser, n) for n in dir(poser) if n.startswith("kNodeTypeCode")]
        self.assertEqual(len(node_types), 69)
        for value in node_types:
            self.assertEqual(value, value.strip())
            self.assertNotIn(" ", value)

    def test_cloth_property_codes_are_strings(self):
        self.assertIsInstance(poser.kClothParmCodeDENSITY, STRING_TYPES)
        self.assertNotEqual(poser.kClothParmCodeUSCALE, poser.kClothParmCodeVSCALE)

    def test_language_code_matches_language(self):
        self.assertEqual(poser.Language(), poser.kLanguageCodeUSENGLISH)

    def test_value_op_codes_differ_from_each_other(self):
        codes = [poser.kValueOpTypeCodePLUS, poser.kValueOpTypeCodeMINUS, poser.kValueOpTypeCodeTIMES,
                 poser.kValueOpTypeCodeDIVIDEBY, poser.kValueOpTypeCodeDIVIDEINTO, poser.kValueOpTypeCodeDELTAADD,
                 poser.kValueOpTypeCodeKEY, poser.kValueOpTypeCodePYTHONCALLBACK]
        self.assertEqual(len(set(codes)), 8)

    def test_spelling_variants_are_aliases(self):
        self.assertEqual(poser.kPreviewRenderEngineTypeCodeOpenGL, poser.kPreviewRenderEngineTypeCodeOPENGL)
        self.assertEqual(poser.kLightCodePOSER, poser.kLightCodePOSERATTEN)
        self.assertEqual(poser.kLightCodeINVSQUAREFALLOFF, poser.kLightCodeINVSQUAREATTEN)
        self.assertEqual(poser.KDisplayCodeWIREFRAME, poser.kDisplayCodeWIREFRAME)
        self.assertEqual(poser.KCmdCodeFACEOOM, poser.kCmdCodeFACEROOM)
        self.assertEqual(poser.keventCodeANIMSETSCHANGED, poser.kEventCodeANIMSETSCHANGED)

    def test_codes_are_exported(self):
        for name in ("kParmCodeXROT", "kNodeTypeCodeIMAGEMAP", "kTIFF_LZW", "kParmCodeSHADOW"):
            self.assertIn(name, poser.__all__)
        namespace = {}
        exec("from poser import *", namespace)
        self.assertEqual(namespace["kValueOpTypeCodeKEY"], poser.kValueOpTypeCodeKEY)


if __name__ == "__main__":
    unittest.main()

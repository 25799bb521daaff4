"""The getters ``%path`` lookups may call (PythonShims/path_getters.py) are exactly the
inventory's methods with no required argument and a result, less the ones that act."""

import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "PythonShims"))

import path_getters  # noqa: E402


def documented_getters():
    import glob
    names = set()
    for path in sorted(glob.glob(os.path.join(HERE, "inventory", "*.tsv"))):
        with open(path) as table:
            lines = [line.rstrip("\n") for line in table if line.strip() and not line.startswith("#")]
        header = lines[0].split("\t")
        for line in lines[1:]:
            row = dict(zip(header, line.split("\t")))
            if row["kind"] != "method" or row["returns"].strip() in ("NoneType", ""):
                continue
            parameters = [p.strip() for p in row["params"].split(",") if p.strip()]
            if all("=" in p or p.startswith("*") for p in parameters):
                names.add(row["member"])
    return names - path_getters.ACTING_DESPITE_A_RESULT


class PathGettersTest(unittest.TestCase):
    def test_the_list_is_what_the_inventory_documents(self):
        self.assertEqual(set(path_getters.DOCUMENTED_GETTERS), documented_getters())

    def test_no_setter_or_action_is_in_it(self):
        import re
        for name in path_getters.DOCUMENTED_GETTERS:
            self.assertIsNone(re.match(r"(Set|Create|Load|Save|Delete|Add)([A-Z]|$)", name), name)


if __name__ == "__main__":
    unittest.main()

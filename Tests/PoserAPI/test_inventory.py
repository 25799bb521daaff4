# -*- coding: utf-8 -*-
"""Checks every entry of inventory/*.tsv against the scene package (PythonShims/poser).

    python3 Tests/PoserAPI/test_inventory.py                 # the test: fails on gaps
    python3 Tests/PoserAPI/test_inventory.py --report        # coverage only, never fails
    python3 Tests/PoserAPI/test_inventory.py --report ActorType ParmType
                                                             # ... and those owners' gaps

An entry is present when it exists with a compatible signature, as README.md defines it:
callable; the documented parameters accepted positionally in order, under the same names,
optional ones with a default; extra parameters only with defaults. A constant has the type
its ``returns`` column names (``IntType`` when empty) and, when its note says
``value=...``, that value. A type is a class; a class also takes its documented constructor
arguments. A member of a type the package lacks is missing.
"""

import ast
import glob
import inspect
import os
import sys
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
INVENTORY = os.path.join(HERE, "inventory")
SHIMS = os.path.join(os.path.dirname(os.path.dirname(HERE)), "PythonShims")

COLUMNS = ("section", "owner", "member", "kind", "params", "returns", "editions", "note")
KINDS = ("function", "method", "constant", "type", "class")
CONSTANT_TYPES = {"IntType": int, "StringType": str, "FloatType": float}


def import_poser():
    """The scene package from this checkout's PythonShims, whatever else is on sys.path."""
    if SHIMS not in sys.path:
        sys.path.insert(0, SHIMS)
    import poser

    if not os.path.abspath(poser.__file__).startswith(SHIMS + os.sep):
        raise ImportError("imported poser from %s, not from %s" % (poser.__file__, SHIMS))
    return poser


# ---------------------------------------------------------------------------------------
# Reading the inventory


class Entry(object):
    """One inventory row; ``where`` is "file.tsv:line" for messages."""

    def __init__(self, cells, where):
        for column, value in zip(COLUMNS, cells):
            setattr(self, column, value.strip())
        self.where = where

    @property
    def key(self):
        return (self.owner, self.member)

    @property
    def group(self):
        """What coverage is counted by: the owner; module-level entries by kind."""
        if self.owner != "poser":
            return self.owner
        return "poser " + {"constant": "codes", "function": "functions"}.get(self.kind, "types")

    def label(self):
        if self.kind in ("function", "method", "class"):
            return "%s(%s)" % (self.member, self.params)
        return self.member


def read_inventory(folder=INVENTORY):
    """(entries, problems): every row of every TSV in ``folder`` (none is fine), and the
    rows that cannot be checked (wrong column count, unknown kind, unreadable params,
    duplicates)."""
    entries, problems, seen = [], [], {}
    for path in sorted(glob.glob(os.path.join(folder, "*.tsv"))):
        name = os.path.basename(path)
        header = None
        with open(path, encoding="utf-8") as stream:
            for number, line in enumerate(stream, 1):
                line = line.rstrip("\r\n")
                if not line.strip() or line.startswith("#"):
                    continue
                cells = line.split("\t")
                if header is None:
                    header = cells
                    if tuple(c.strip() for c in cells[:len(COLUMNS)]) != COLUMNS[:len(cells)]:
                        problems.append("%s:%d: header is not %s" % (name, number, "\t".join(COLUMNS)))
                    continue
                where = "%s:%d" % (name, number)
                if not 4 <= len(cells) <= len(COLUMNS):
                    problems.append("%s: %d columns, expected %d" % (where, len(cells), len(COLUMNS)))
                    continue
                entry = Entry(cells + [""] * (len(COLUMNS) - len(cells)), where)
                if entry.kind not in KINDS:
                    problems.append("%s: unknown kind %r" % (where, entry.kind))
                    continue
                try:
                    entry.parameters = parse_params(entry.params)
                except SyntaxError:
                    problems.append("%s: params %r are not Python notation" % (where, entry.params))
                    continue
                if entry.key in seen:
                    problems.append("%s: %s.%s again (first at %s)" % (
                        where, entry.owner, entry.member, seen[entry.key]))
                    continue
                seen[entry.key] = where
                entries.append(entry)
    return entries, problems


def parse_params(text):
    """``"value, frame=None"`` -> [("value", False), ("frame", True)]: names and whether
    each is optional. A documented ``*items`` (any number of further arguments, as
    AskMenu's menu items) is not listed: the member's own ``*args`` takes them, and the
    plain parameters before it are checked as usual."""
    arguments = ast.parse("def f(%s): pass" % text).body[0].args
    if arguments.kwarg or arguments.kwonlyargs:
        raise SyntaxError("only plain parameters and *args are documented")
    names = [a.arg for a in arguments.args]
    first_optional = len(names) - len(arguments.defaults)
    return [(name, i >= first_optional) for i, name in enumerate(names)]


# ---------------------------------------------------------------------------------------
# Checking one entry: None when it is present and compatible, else why not


MISSING = "missing"


def check(entry, poser):
    """None when ``entry`` is present and compatible, MISSING, or a short reason."""
    module_level = entry.kind in ("function", "constant", "type", "class") or entry.owner == "poser"
    holder = poser if module_level else getattr(poser, entry.owner, None)
    if not (module_level or isinstance(holder, type)) or not hasattr(holder, entry.member):
        return MISSING
    value = getattr(holder, entry.member)
    if entry.kind == "constant":
        return check_constant(entry, value)
    if entry.kind == "type":
        return None if isinstance(value, type) else "not a class (%s)" % type(value).__name__
    if entry.kind == "class":
        if not isinstance(value, type):
            return "not a class (%s)" % type(value).__name__
        return check_signature(entry.parameters, value, False) or check_instantiable(entry, value)
    if not callable(value):
        return "not callable (%s)" % type(value).__name__
    return check_signature(entry.parameters, value, not module_level and is_plain_method(holder, entry.member))


def is_plain_method(owner, name):
    """True for a function defined on the class (called on an instance, so its first
    parameter is self); False for static and class methods."""
    for klass in owner.__mro__:
        if name in vars(klass):
            return inspect.isfunction(vars(klass)[name])
    return False


def check_constant(entry, value):
    expected = CONSTANT_TYPES.get(entry.returns or "IntType")
    if expected is not None and (not isinstance(value, expected) or isinstance(value, bool)):
        return "%r is a %s, not %s" % (value, type(value).__name__, entry.returns or "IntType")
    documented = documented_value(entry.note)
    if documented is not None and value != documented:
        return "%r, the note says value=%r" % (value, documented)
    return None


def documented_value(note):
    """The literal after ``value=`` in a note (``value=42 (inferred)`` -> 42), or None."""
    start = note.find("value=")
    if start < 0:
        return None
    text = note[start + len("value="):].split(";")[0].split(" (")[0].strip()
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return None


def check_signature(documented, value, drops_self):
    """None when a callable with ``inspect.signature`` ``value`` accepts the documented
    parameters as README.md defines it; else the first incompatibility."""
    try:
        signature = inspect.signature(value)
    except (TypeError, ValueError):
        return None  # built-in without a signature (an exception class): accepts what it gets
    parameters = list(signature.parameters.values())
    if drops_self:
        if not parameters or parameters[0].kind not in (parameters[0].POSITIONAL_ONLY,
                                                         parameters[0].POSITIONAL_OR_KEYWORD):
            return "has no self parameter: %s" % signature
        parameters = parameters[1:]
    positional = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    shown = "(%s)" % ", ".join(str(p) for p in parameters)
    for index, (name, optional) in enumerate(documented):
        if index >= len(positional):
            return "takes %s, documented %s" % (shown, described(documented))
        actual = positional[index]
        if actual.name != name:
            return "takes %s: %r where %r is documented" % (shown, actual.name, name)
        if optional and actual.default is actual.empty:
            return "takes %s: %r needs a default" % (shown, name)
    for extra in parameters[len(documented):]:
        if extra.kind in (extra.VAR_POSITIONAL, extra.VAR_KEYWORD):
            continue
        if extra.default is extra.empty:
            return "takes %s: extra %r needs a default" % (shown, extra.name)
    return None


def described(documented):
    return "(%s)" % ", ".join(name + ("=…" if optional else "") for name, optional in documented)


def check_instantiable(entry, klass):
    """A class with no required documented arguments is built once with none."""
    if any(not optional for _, optional in entry.parameters):
        return None
    try:
        klass()
    except Exception as exception:  # the reason is the report
        return "%s() raises %s: %s" % (entry.member, type(exception).__name__, exception)
    return None


# ---------------------------------------------------------------------------------------
# Coverage


class Coverage(object):
    def __init__(self, entries, poser):
        self.entries = entries
        self.results = [(entry, check(entry, poser)) for entry in entries]

    @property
    def present(self):
        return sum(1 for _, reason in self.results if reason is None)

    def groups(self):
        """[(group, present, total)]: module level (``poser ...``) first, then by owner."""
        counts = {}
        for entry, reason in self.results:
            present, total = counts.get(entry.group, (0, 0))
            counts[entry.group] = (present + (reason is None), total + 1)
        order = sorted(counts, key=lambda group: (not group.startswith("poser "), group))
        return [(group,) + counts[group] for group in order]

    def headline(self):
        total = len(self.results)
        percent = 100.0 * self.present / total if total else 100.0
        return "[figure] poser API coverage: %d/%d members present (%.1f%%)" % (self.present, total, percent)

    def summary(self):
        lines = [self.headline()]
        groups = self.groups()
        width = max([len(group) for group, _, _ in groups] or [0])
        for group, present, total in groups:
            lines.append("  %-*s %4d/%d" % (width, group, present, total))
        return "\n".join(lines)

    def gaps(self, only=None):
        """The missing and incompatible entries, grouped by owner, compact; ``only``: the
        owners or groups to list (all when empty)."""
        lines = []
        for group, _, _ in self.groups():
            failed = [(e, r) for e, r in self.results if e.group == group and r is not None]
            if not failed or (only and group not in only and failed[0][0].owner not in only):
                continue
            missing = [e.member for e, r in failed if r is MISSING]
            if missing:
                text = "%s: %d missing: %s" % (group, len(missing), ", ".join(missing))
                lines.extend(textwrap.wrap(text, 100, subsequent_indent="    ", break_on_hyphens=False))
            for entry, reason in failed:
                if reason is not MISSING:
                    lines.append("%s: incompatible %s (%s): %s" % (group, entry.label(), entry.where, reason))
        return "\n".join(lines)


@unittest.skipIf(sys.version_info < (3,), "signatures are read with Python 3's inspect.signature")
class InventoryTest(unittest.TestCase):
    def test_the_inventory_is_readable(self):
        _, problems = read_inventory()
        self.assertFalse(problems, "inventory rows that cannot be checked:\n" + "\n".join(problems))

    def test_every_documented_member_is_present_and_compatible(self):
        entries, _ = read_inventory()
        coverage = Coverage(entries, import_poser())
        print("\n" + coverage.summary())
        if coverage.present < len(entries):
            self.fail("missing or incompatible members of the documented API:\n" + coverage.gaps())


@unittest.skipIf(sys.version_info < (3,), "signatures are read with Python 3's inspect.signature")
class SignatureRulesTest(unittest.TestCase):
    """The compatibility rules themselves, on small examples."""

    def verdict(self, documented, function, drops_self=True):
        return check_signature(parse_params(documented), function, drops_self)

    def test_documented_parameters_in_order_under_their_names(self):
        self.assertIsNone(self.verdict("a, b=None", lambda self, a, b=2: None))
        self.assertIsNone(self.verdict("a", lambda self, a=0: None))  # required may default
        self.assertIsNone(self.verdict("", lambda self, extra=1, *args, **kwargs: None))
        self.assertIn("'x' where 'a'", self.verdict("a", lambda self, x: None))
        self.assertIn("documented", self.verdict("a, b=None", lambda self, a: None))
        self.assertIn("needs a default", self.verdict("a=None", lambda self, a: None))
        self.assertIn("extra 'b'", self.verdict("a", lambda self, a, b: None))
        self.assertIn("documented", self.verdict("a", lambda self, *args: None))
        self.assertIsNone(self.verdict("a", lambda a: None, drops_self=False))

    def test_static_methods_have_no_self(self):
        class Owner(object):
            @staticmethod
            def Static(message):
                pass

            def Plain(self, message):
                pass

        self.assertFalse(is_plain_method(Owner, "Static"))
        self.assertTrue(is_plain_method(Owner, "Plain"))

    def test_values_in_notes(self):
        self.assertEqual(documented_value("x rotation; value=1 (inferred)"), 1)
        self.assertEqual(documented_value("wood node; value='wood'"), "wood")
        self.assertIsNone(documented_value("value in 104-108"))


def report(owners):
    entries, problems = read_inventory()
    coverage = Coverage(entries, import_poser())
    print(coverage.summary())
    if problems:
        print("%d inventory rows cannot be checked, e.g. %s" % (len(problems), problems[0]))
    if owners:
        print(coverage.gaps(owners) or "no gaps for %s" % ", ".join(owners))


if __name__ == "__main__":
    if "--report" in sys.argv[1:]:
        report([arg for arg in sys.argv[1:] if arg != "--report"])
    else:
        unittest.main()

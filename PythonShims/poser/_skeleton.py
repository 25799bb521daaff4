"""The stand-in figure as data: its body parts, their dials, and the tube meshes they get.

The body-part internal names are those of Poser's human figures (``BODY``, ``hip``,
``abdomen``, ``chest``, ``neck``, ``head``, ``lEye``/``rEye``, ``lCollar`` ... ``lHand``,
``lThumb1`` .. ``lPinky3``, ``lThigh`` .. ``lToe``, and the right side), display names as
Poser shows them ("Left Forearm", "Left Thumb 1"). The figure faces +Z, its left is +X,
units are Poser native units (1 PNU = 8.6 ft; the figure is about 0.77 PNU tall).

``SKELETON`` rows, parents before children, in hierarchy (depth-first) order:
``(internal name, display name, parent's internal name, origin, end point, radius, axis)``.
``axis`` is the bone's twist axis ("x" arms and fingers, "y" torso and legs, "z" feet and
eyes); BODY has no geometry (radius 0). The rest of this module turns a row into dials
(``dials_for``), a mesh (``tube``) and joint weights, all computed on first use.
"""

import math

from ._codes import (kParmCodeASCALE, kParmCodeGRASP, kParmCodeSPREAD, kParmCodeTAPERX, kParmCodeTAPERY,
                     kParmCodeTAPERZ, kParmCodeTARGET, kParmCodeTGRASP, kParmCodeVALUE, kParmCodeXROT,
                     kParmCodeXSCALE, kParmCodeXTRAN, kParmCodeYROT, kParmCodeYSCALE, kParmCodeYTRAN,
                     kParmCodeZROT, kParmCodeZSCALE, kParmCodeZTRAN)

# ---------------------------------------------------------------------------------------
# The table

_LEFT = (
    # (name without side, display without "Left ", parent, origin, end, radius, axis)
    ("Collar", "Collar", "chest", (0.02, 0.6, 0.0), (0.08, 0.6, 0.0), 0.03, "x"),
    ("Shldr", "Shoulder", "Collar", (0.08, 0.6, 0.0), (0.21, 0.6, 0.0), 0.03, "x"),
    ("ForeArm", "Forearm", "Shldr", (0.21, 0.6, 0.0), (0.33, 0.6, 0.0), 0.025, "x"),
    ("Hand", "Hand", "ForeArm", (0.33, 0.6, 0.0), (0.4, 0.6, 0.0), 0.02, "x"),
)
# Fingers: (name, first knuckle, direction, three joint lengths, radius)
_FINGERS = (
    ("Thumb", (0.345, 0.595, 0.015), (0.7071, 0.0, 0.7071), (0.016, 0.013, 0.011), 0.0045),
    ("Index", (0.4, 0.6, 0.011), (1.0, 0.0, 0.0), (0.018, 0.012, 0.01), 0.0035),
    ("Mid", (0.4, 0.6, 0.003), (1.0, 0.0, 0.0), (0.02, 0.013, 0.011), 0.0035),
    ("Ring", (0.4, 0.6, -0.005), (1.0, 0.0, 0.0), (0.018, 0.012, 0.01), 0.0033),
    ("Pinky", (0.4, 0.6, -0.012), (1.0, 0.0, 0.0), (0.014, 0.01, 0.009), 0.003),
)
_LEGS = (
    ("Thigh", "Thigh", "hip", (0.04, 0.42, 0.0), (0.04, 0.22, 0.0), 0.045, "y"),
    ("Shin", "Shin", "Thigh", (0.04, 0.22, 0.0), (0.04, 0.05, 0.0), 0.035, "y"),
    ("Foot", "Foot", "Shin", (0.04, 0.05, 0.0), (0.04, 0.02, 0.07), 0.025, "z"),
    ("Toe", "Toe", "Foot", (0.04, 0.02, 0.07), (0.04, 0.02, 0.1), 0.015, "z"),
)


def _sided(rows, side):
    """The rows of one side: "l"/"Left " keep +X, "r"/"Right " mirror X."""
    prefix, word, sign = ("l", "Left ", 1.0) if side == "l" else ("r", "Right ", -1.0)
    sided = []
    for name, display, parent, origin, end, radius, axis in rows:
        if parent[0].isupper():
            parent = prefix + parent
        sided.append((prefix + name, word + display, parent, (sign * origin[0], origin[1], origin[2]),
                      (sign * end[0], end[1], end[2]), radius, axis))
    return sided


def _finger_rows():
    rows = []
    for name, knuckle, direction, lengths, radius in _FINGERS:
        start = knuckle
        for joint, length in enumerate(lengths):
            end = tuple(s + length * d for s, d in zip(start, direction))
            parent = "Hand" if joint == 0 else "%s%d" % (name, joint)
            rows.append(("%s%d" % (name, joint + 1), "%s %d" % (name, joint + 1), parent,
                         tuple(round(c, 6) for c in start), tuple(round(c, 6) for c in end),
                         round(radius * (1.0 - 0.1 * joint), 6), "x"))
            start = end
    return rows


def _build_table():
    rows = [
        ("BODY", "Body", None, (0.0, 0.0, 0.0), (0.0, 0.0, 0.0), 0.0, "y"),
        ("hip", "Hip", "BODY", (0.0, 0.42, 0.0), (0.0, 0.47, 0.0), 0.07, "y"),
        ("abdomen", "Abdomen", "hip", (0.0, 0.47, 0.0), (0.0, 0.53, 0.0), 0.065, "y"),
        ("chest", "Chest", "abdomen", (0.0, 0.53, 0.0), (0.0, 0.63, 0.0), 0.08, "y"),
        ("neck", "Neck", "chest", (0.0, 0.63, 0.0), (0.0, 0.67, 0.0), 0.025, "y"),
        ("head", "Head", "neck", (0.0, 0.67, 0.0), (0.0, 0.77, 0.0), 0.05, "y"),
        ("lEye", "Left Eye", "head", (0.016, 0.72, 0.04), (0.016, 0.72, 0.05), 0.006, "z"),
        ("rEye", "Right Eye", "head", (-0.016, 0.72, 0.04), (-0.016, 0.72, 0.05), 0.006, "z"),
    ]
    for side in ("l", "r"):
        rows.extend(_sided(_LEFT + tuple(_finger_rows()), side))
    for side in ("l", "r"):
        rows.extend(_sided(_LEGS, side))
    return tuple(rows)


SKELETON = _build_table()

# ---------------------------------------------------------------------------------------
# Dials

# The rotation order (Gimbal) per twist axis: twist first, then side-side, then bend.
GIMBAL_ORDER = {"x": (0, 1, 2), "y": (1, 2, 0), "z": (2, 1, 0)}

# Display names of xrot, yrot, zrot per twist axis, as Poser labels a joint's dials.
_ROTATION_NAMES = {"x": ("Twist", "Side-Side", "Bend"), "y": ("Bend", "Twist", "Side-Side"),
                   "z": ("Bend", "Side-Side", "Twist")}
_TAPER_CODES = {"x": kParmCodeTAPERX, "y": kParmCodeTAPERY, "z": kParmCodeTAPERZ}

# The head's expression morphs and the figure's full-body morphs (dials on BODY driving a
# morph of the same name in every body part that has geometry, except the eyes).
HEAD_MORPHS = ("Smile", "Frown", "OpenLips", "Blink Left", "Blink Right", "BrowUp")
BODY_MORPHS = (("Heavy", 0.15), ("Thin", -0.12))

# A dial: (display name, internal name, code, value, min, max, hidden)
_BIG = 10000.0


def _rotations(names, hidden=False):
    return tuple((name, internal, code, 0.0, -_BIG, _BIG, hidden)
                 for name, internal, code in zip(names, ("xrot", "yrot", "zrot"),
                                                 (kParmCodeXROT, kParmCodeYROT, kParmCodeZROT)))


def _translations(hidden):
    return (("xTran", "xtran", kParmCodeXTRAN, 0.0, -_BIG, _BIG, hidden),
            ("yTran", "ytran", kParmCodeYTRAN, 0.0, -_BIG, _BIG, hidden),
            ("zTran", "ztran", kParmCodeZTRAN, 0.0, -_BIG, _BIG, hidden))


SCALES = (("Scale", "scale", kParmCodeASCALE, 1.0, 0.0, _BIG, False),
          ("xScale", "xscale", kParmCodeXSCALE, 1.0, 0.0, _BIG, False),
          ("yScale", "yscale", kParmCodeYSCALE, 1.0, 0.0, _BIG, False),
          ("zScale", "zscale", kParmCodeZSCALE, 1.0, 0.0, _BIG, False))

# Props, the BODY actor, deformers: what Poser calls a prop's dials.
OBJECT_DIALS = SCALES + _rotations(("xRotate", "yRotate", "zRotate")) + _translations(False)

_HAND = (("Grasp", "grasp", kParmCodeGRASP, 0.0, -0.5, 1.0, False),
         ("Thumb Grasp", "thumbGrasp", kParmCodeTGRASP, 0.0, -0.5, 1.0, False),
         ("Spread", "spread", kParmCodeSPREAD, 0.0, -0.5, 1.0, False))

_DIAL_CACHE = {}


def dials_for(internal, axis):
    """The dials of a body part (shared tuples): morphs, taper, scales, rotations named for
    its joint, translations (visible on the hip, hidden elsewhere as in Poser)."""
    key = (internal, axis)
    if key in _DIAL_CACHE:
        return _DIAL_CACHE[key]
    if internal == "BODY":
        morphs = tuple((name, name, kParmCodeVALUE, 0.0, -1.0, 1.0, False) for name, _ in BODY_MORPHS)
        dials = morphs + OBJECT_DIALS
    else:
        side_name = internal[1:] if internal[:1] in "lr" and internal[1:2].isupper() else internal
        names = _ROTATION_NAMES[axis]
        if side_name in ("Collar", "Shldr"):
            names = ("Twist", "Front-Back", "Bend")
        elif side_name == "Eye":
            names = ("Up-Down", "Side-Side", "Twist")
        dials = ()
        if internal == "head":
            dials += tuple((name, name, kParmCodeTARGET, 0.0, -1.0, 1.0, False) for name in HEAD_MORPHS)
        if side_name != "Eye":
            dials += tuple((name, name, kParmCodeTARGET, 0.0, -1.0, 1.0, True) for name, _ in BODY_MORPHS)
        dials += (("Taper", "taper", _TAPER_CODES[axis], 0.0, -_BIG, _BIG, False),)
        dials += SCALES + _rotations(names) + _translations(internal != "hip")
        if side_name == "Hand":
            dials += _HAND
    _DIAL_CACHE[key] = dials
    return dials


# ---------------------------------------------------------------------------------------
# Meshes: each body part is an open tube from its origin to its end point. A part whose
# origin is its parent's end point starts with exactly its parent's last ring, so the two
# share those vertices once welded (weld goals, UnimeshInfo).

SEGMENTS = 8
RINGS = 5

_TABLE = dict((row[0], row) for row in SKELETON)


def _basis(direction):
    """Two unit vectors perpendicular to ``direction`` (deterministic)."""
    dx, dy, dz = direction
    helper = (0.0, 0.0, 1.0) if abs(dz) < 0.9 else (1.0, 0.0, 0.0)
    ux = dy * helper[2] - dz * helper[1]
    uy = dz * helper[0] - dx * helper[2]
    uz = dx * helper[1] - dy * helper[0]
    n = math.sqrt(ux * ux + uy * uy + uz * uz)
    u = (ux / n, uy / n, uz / n)
    v = (dy * u[2] - dz * u[1], dz * u[0] - dx * u[2], dx * u[1] - dy * u[0])
    return u, v


def _direction(origin, end):
    d = [e - o for e, o in zip(end, origin)]
    n = math.sqrt(sum(c * c for c in d)) or 1.0
    return tuple(c / n for c in d)


def _ring(center, direction, radius):
    u, v = _basis(direction)
    ring = []
    for s in range(SEGMENTS):
        angle = 2.0 * math.pi * s / SEGMENTS
        c, sn = math.cos(angle) * radius, math.sin(angle) * radius
        ring.append(tuple(center[k] + c * u[k] + sn * v[k] for k in range(3)))
    return ring


def welded_to_parent(internal):
    """True when the part starts at its parent's end point (its first ring is the parent's
    last one)."""
    row = _TABLE.get(internal)
    if row is None or row[2] is None:
        return False
    parent = _TABLE[row[2]]
    return parent[5] > 0 and parent[4] == row[3]


def tube_rings(internal):
    """The part's rings, bottom to top: ``RINGS`` lists of ``SEGMENTS`` points, and the
    centre of each ring."""
    name, _, parent, origin, end, radius, _ = _TABLE[internal]
    direction = _direction(origin, end)
    centers = [tuple(o + (e - o) * i / float(RINGS - 1) for o, e in zip(origin, end)) for i in range(RINGS)]
    rings = [_ring(center, direction, radius) for center in centers]
    if welded_to_parent(internal):
        rings[0] = tube_rings(parent)[0][-1]
    return rings, centers


def tube(internal):
    """``(coords, starts, counts, sets, uvs)`` of the part's open tube, flat lists."""
    rings, _ = tube_rings(internal)
    coords = [c for ring in rings for point in ring for c in point]
    starts, counts, sets = [], [], []
    for r in range(RINGS - 1):
        for s in range(SEGMENTS):
            a = r * SEGMENTS + s
            b = r * SEGMENTS + (s + 1) % SEGMENTS
            starts.append(len(sets))
            counts.append(4)
            sets.extend((a, b, b + SEGMENTS, a + SEGMENTS))
    uvs = []
    for r in range(RINGS):
        for s in range(SEGMENTS):
            uvs.extend((s / float(SEGMENTS), r / float(RINGS - 1)))
    return coords, starts, counts, sets, uvs


def outward(internal):
    """Per vertex of the part's tube, its offset from its ring's centre (the direction a
    "Heavy" morph pushes it)."""
    rings, centers = tube_rings(internal)
    if welded_to_parent(internal):
        centers = [_TABLE[_TABLE[internal][2]][4]] + centers[1:]
    return [tuple(p[k] - center[k] for k in range(3)) for ring, center in zip(rings, centers) for p in ring]


def head_morph_deltas(name, coords):
    """Deterministic deltas of a head expression morph over the head's vertex coords (flat
    x, y, z list): {vertex index: (dx, dy, dz)}."""
    deltas = {}
    count = len(coords) // 3
    ys = coords[1::3]
    low, high = min(ys), max(ys)
    span = (high - low) or 1.0
    for i in range(count):
        x, y, z = coords[3 * i:3 * i + 3]
        if z <= 0.0:
            continue
        height = (y - low) / span
        delta = None
        if name == "Smile" and height < 0.3:
            delta = (0.004 * (1 if x >= 0 else -1), 0.003, 0.0)
        elif name == "Frown" and height < 0.3:
            delta = (0.0, -0.003, 0.0)
        elif name == "OpenLips" and height < 0.05:
            delta = (0.0, -0.006, 0.001)
        elif name == "Blink Left" and 0.4 < height < 0.6 and x > 0:
            delta = (0.0, -0.002, 0.001)
        elif name == "Blink Right" and 0.4 < height < 0.6 and x < 0:
            delta = (0.0, -0.002, 0.001)
        elif name == "BrowUp" and 0.6 < height < 0.8:
            delta = (0.0, 0.004, 0.0)
        if delta is not None:
            deltas[i] = delta
    return deltas


def joint_weights(internal, coords, axis):
    """How much each vertex follows this part's own rotation about ``axis`` rather than its
    parent's: 0 at the joint, rising to 1 over the first third of the bone."""
    row = _TABLE.get(internal)
    if row is None or row[5] <= 0:
        return None
    origin, end = row[3], row[4]
    direction = _direction(origin, end)
    length = math.sqrt(sum((e - o) ** 2 for e, o in zip(end, origin))) or 1.0
    weights = []
    for i in range(len(coords) // 3):
        along = sum((coords[3 * i + k] - origin[k]) * direction[k] for k in range(3)) / length
        weights.append(round(max(0.0, min(1.0, along * 3.0)), 6))
    return weights


def side_of(internal):
    """``("l", "ForeArm")`` for ``lForeArm``, ``(None, internal)`` for a part with no side
    (Poser's symmetry pairs parts by an l/r prefix before a capital letter)."""
    base = internal.split(":")[0]
    if len(base) > 1 and base[0] in "lr" and base[1].isupper():
        return base[0], base[1:]
    return None, base


BOTTOM_PARTS = ("Thigh", "Shin", "Foot", "Toe", "Buttock")

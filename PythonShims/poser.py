"""A stand-in for Poser's built-in ``poser`` module.

PoserPython scripts (and snippets sent to a PoserTalkr server) call ``poser.Scene()`` and
walk figures, actors, parameters and geometry through CamelCase methods. This module
implements that API (see the PoserPython Methods Manual, Poser 9-13) over an in-memory
scene, so such scripts run unchanged without Poser. The default scene is deterministic:

* "Figure 1": a body-part hierarchy (Body > hip > abdomen > chest > neck > head, collars,
  shoulders, forearms, hands, thighs, shins, feet), each part with the usual rotation,
  translation and scale parameters and a small cylinder of geometry. The current actor is
  its hip ("Hip").
* Cameras "Main Camera" (current), "Aux Camera", "Posing Camera", "Dolly Camera",
  "Face Camera"; lights "Light 1" (infinite, current), "Light 2" (spot), "Light 3" (point).
* Props "ball" (a small sphere) and "Ground Grid", a 708 x 708 vertex grid (501,264
  vertices, built on first use) for large-data work.

Things a headless stub cannot do (render, redraw, show dialogs) are recorded in
``poser.CallLog()`` and answered the way a user clicking "OK" or "Yes" would.

Only the standard library is used. ``ResetScene()`` (not in Poser) restores the default
scene.
"""

import math
import os
from array import array

__all__ = []  # filled below

_VERSION = "13.0.0.0"

# ---------------------------------------------------------------------------------------
# Codes


kParmCodeXROT = 1
kParmCodeYROT = 2
kParmCodeZROT = 3
kParmCodeXTRAN = 4
kParmCodeYTRAN = 5
kParmCodeZTRAN = 6
kParmCodeXSCALE = 7
kParmCodeYSCALE = 8
kParmCodeZSCALE = 9
kParmCodeASCALE = 10
kParmCodeTGRASP = 11
kParmCodeTARGET = 12
kParmCodeFOCAL = 13
kParmCodeKDRED = 14
kParmCodeKDGREEN = 15
kParmCodeKDBLUE = 16
kParmCodeKDINTENSITY = 17
kParmCodeVALUE = 18
kParmCodeDEPTHMAPSIZE = 19
kParmCodeSHADOW = 20

kLightCodeINFINITE = 0
kLightCodeLOCAL = 1
kLightCodeSPOT = 2
kLightCodeIMAGE = 3
kLightCodePOINT = kLightCodeLOCAL

kDialogFileChooserOpen = 0
kDialogFileChooserSave = 1

_CALL_LOG = []


class error(Exception):
    """Raised as Poser raises ``poser.error``: unknown names, bad arguments."""


def _log(what, *args):
    _CALL_LOG.append((what,) + args)
    del _CALL_LOG[:-1000]


# ---------------------------------------------------------------------------------------
# Geometry


class VertType(object):
    """A vertex of a geometry; setters write through to the mesh."""

    __slots__ = ("_geom", "_index")

    def __init__(self, geom, index):
        self._geom = geom
        self._index = index

    def X(self):
        return self._geom._coords[3 * self._index]

    def Y(self):
        return self._geom._coords[3 * self._index + 1]

    def Z(self):
        return self._geom._coords[3 * self._index + 2]

    def SetX(self, value):
        self._geom._coords[3 * self._index] = float(value)

    def SetY(self, value):
        self._geom._coords[3 * self._index + 1] = float(value)

    def SetZ(self, value):
        self._geom._coords[3 * self._index + 2] = float(value)

    def __repr__(self):
        return "<VertType %d (%g, %g, %g)>" % (self._index, self.X(), self.Y(), self.Z())


class _WorldVert(VertType):
    """A vertex in world space: a copy, its setters change nothing in the scene."""

    __slots__ = ("_xyz",)

    def __init__(self, index, xyz):
        VertType.__init__(self, None, index)
        self._xyz = list(xyz)

    def X(self):
        return self._xyz[0]

    def Y(self):
        return self._xyz[1]

    def Z(self):
        return self._xyz[2]

    def SetX(self, value):
        self._xyz[0] = float(value)

    def SetY(self, value):
        self._xyz[1] = float(value)

    def SetZ(self, value):
        self._xyz[2] = float(value)


class TexVertType(object):
    """A texture (UV) vertex."""

    __slots__ = ("_geom", "_index")

    def __init__(self, geom, index):
        self._geom = geom
        self._index = index

    def U(self):
        return self._geom._uvs[2 * self._index]

    def V(self):
        return self._geom._uvs[2 * self._index + 1]

    def SetU(self, value):
        self._geom._uvs[2 * self._index] = float(value)

    def SetV(self, value):
        self._geom._uvs[2 * self._index + 1] = float(value)


class PolyType(object):
    """A polygon: a run of vertex indices in the geometry's ``Sets()``."""

    __slots__ = ("_geom", "_index")

    def __init__(self, geom, index):
        self._geom = geom
        self._index = index

    def Start(self):
        return self._geom._poly_starts[self._index]

    def NumVertices(self):
        return self._geom._poly_counts[self._index]

    def Vertices(self):
        start = self.Start()
        sets = self._geom._sets
        return [VertType(self._geom, sets[i]) for i in range(start, start + self.NumVertices())]

    def MaterialIndex(self):
        return self._geom._poly_materials[self._index]

    def MaterialName(self):
        names = self._geom._material_names
        index = self.MaterialIndex()
        return names[index] if 0 <= index < len(names) else "Preview"

    def SetMaterialIndex(self, index):
        self._geom._poly_materials[self._index] = int(index)

    def Groups(self):
        return list(self._geom._groups)

    def InGroup(self, name):
        return 1 if name in self._geom._groups else 0

    def __repr__(self):
        return "<PolyType %d (%d vertices)>" % (self._index, self.NumVertices())


class GeomType(object):
    """A polygon mesh stored flat: coordinates, polygon starts and counts, vertex sets."""

    def __init__(self, coords=(), poly_starts=(), poly_counts=(), sets=(), material_names=("Preview",),
                 groups=(), uvs=()):
        self._coords = array("f", coords)
        self._poly_starts = array("i", poly_starts)
        self._poly_counts = array("i", poly_counts)
        self._sets = array("i", sets)
        self._poly_materials = array("i", [0] * len(self._poly_starts))
        self._material_names = list(material_names)
        self._groups = list(groups)
        self._uvs = array("f", uvs)
        self._actor = None

    # Counts
    def NumVertices(self):
        return len(self._coords) // 3

    def NumPolygons(self):
        return len(self._poly_starts)

    def NumSets(self):
        return len(self._sets)

    def NumTexVertices(self):
        return len(self._uvs) // 2

    def NumTexPolygons(self):
        return self.NumPolygons() if self._uvs else 0

    def NumTexSets(self):
        return self.NumSets() if self._uvs else 0

    # Access
    def Vertex(self, index):
        _check_index(index, self.NumVertices(), "vertex")
        return VertType(self, index)

    def Vertices(self):
        return [VertType(self, i) for i in range(self.NumVertices())]

    def WorldVertex(self, index):
        _check_index(index, self.NumVertices(), "vertex")
        return _WorldVert(index, self._world_xyz(index))

    def WorldVertices(self):
        return [_WorldVert(i, self._world_xyz(i)) for i in range(self.NumVertices())]

    def _world_xyz(self, index):
        x, y, z = self._coords[3 * index:3 * index + 3]
        if self._actor is None:
            return (x, y, z)
        return _transform_point(self._actor.WorldMatrix(), (x, y, z))

    def Polygon(self, index):
        _check_index(index, self.NumPolygons(), "polygon")
        return PolyType(self, index)

    def Polygons(self):
        return [PolyType(self, i) for i in range(self.NumPolygons())]

    def Sets(self):
        return list(self._sets)

    def TexVertices(self):
        return [TexVertType(self, i) for i in range(self.NumTexVertices())]

    def TexPolygons(self):
        return self.Polygons() if self._uvs else []

    def TexSets(self):
        return self.Sets() if self._uvs else []

    def Materials(self):
        return [MaterialType(name) for name in self._material_names]

    def Groups(self):
        return list(self._groups)

    # Building
    def AddGeneralMesh(self, polygons, sets, vertices, texPolygons=None, texSets=None, texVertices=None):
        """Appends a mesh: ``polygons`` are [start, count] pairs into ``sets``, which holds
        vertex indices into ``vertices`` ([x, y, z] triples), as in PoserPython."""
        base_vertex = self.NumVertices()
        base_set = len(self._sets)
        for vertex in vertices:
            if len(vertex) != 3:
                raise error("AddGeneralMesh: a vertex needs 3 coordinates, got %r" % (vertex,))
            self._coords.extend(float(c) for c in vertex)
        count = len(vertices)
        for index in sets:
            if not 0 <= int(index) < count:
                raise error("AddGeneralMesh: vertex index %d out of range 0..%d" % (index, count - 1))
            self._sets.append(base_vertex + int(index))
        for polygon in polygons:
            start, size = int(polygon[0]), int(polygon[1])
            if start < 0 or size < 1 or start + size > len(sets):
                raise error("AddGeneralMesh: polygon %r is outside the sets list" % (polygon,))
            self._poly_starts.append(base_set + start)
            self._poly_counts.append(size)
            self._poly_materials.append(0)
        if texVertices:
            for uv in texVertices:
                self._uvs.extend(float(c) for c in uv[:2])

    def AddPolygon(self, coords):
        """Appends one polygon given as a list of [x, y, z] corners."""
        if len(coords) < 3:
            raise error("AddPolygon needs at least 3 corners")
        self.AddGeneralMesh([[0, len(coords)]], list(range(len(coords))), coords)

    def AddMaterialName(self, name):
        self._material_names.append(name)
        return len(self._material_names) - 1

    def Weld(self):
        """Merges vertices at the same position and points polygons at the survivors."""
        seen = {}
        remap = []
        coords = array("f")
        for i in range(self.NumVertices()):
            key = tuple(self._coords[3 * i:3 * i + 3])
            if key not in seen:
                seen[key] = len(coords) // 3
                coords.extend(key)
            remap.append(seen[key])
        self._coords = coords
        self._sets = array("i", (remap[i] for i in self._sets))

    def Copy(self):
        copy = GeomType(self._coords, self._poly_starts, self._poly_counts, self._sets,
                        self._material_names, self._groups, self._uvs)
        copy._poly_materials = array("i", self._poly_materials)
        return copy

    def __repr__(self):
        return "<GeomType %d vertices, %d polygons>" % (self.NumVertices(), self.NumPolygons())


def _check_index(index, count, what):
    if not isinstance(index, int) or not 0 <= index < count:
        raise error("%s index %r out of range 0..%d" % (what, index, count - 1))


def _cylinder(length, radius, segments=10, rings=6, offset=(0.0, 0.0, 0.0), groups=()):
    """A capped-less cylinder along +Y: the body-part stand-in geometry."""
    coords = []
    ox, oy, oz = offset
    for ring in range(rings):
        y = length * ring / float(rings - 1)
        for s in range(segments):
            angle = 2.0 * math.pi * s / segments
            coords.extend((ox + radius * math.cos(angle), oy + y, oz + radius * math.sin(angle)))
    starts, counts, sets = [], [], []
    for ring in range(rings - 1):
        for s in range(segments):
            a = ring * segments + s
            b = ring * segments + (s + 1) % segments
            starts.append(len(sets))
            counts.append(4)
            sets.extend((a, b, b + segments, a + segments))
    return GeomType(coords, starts, counts, sets, ("Skin",), groups)


def _sphere(radius, segments=16, rings=9):
    coords = []
    for ring in range(rings):
        phi = math.pi * ring / (rings - 1)
        for s in range(segments):
            theta = 2.0 * math.pi * s / segments
            coords.extend((radius * math.sin(phi) * math.cos(theta), radius * math.cos(phi),
                           radius * math.sin(phi) * math.sin(theta)))
    starts, counts, sets = [], [], []
    for ring in range(rings - 1):
        for s in range(segments):
            a = ring * segments + s
            b = ring * segments + (s + 1) % segments
            starts.append(len(sets))
            counts.append(4)
            sets.extend((a, b, b + segments, a + segments))
    return GeomType(coords, starts, counts, sets, ("Preview",), ("ball",))


GRID_SIDE = 708  # 708 * 708 = 501,264 vertices


def _grid(side=GRID_SIDE, size=10.0):
    """A flat square grid in XZ with ``side`` x ``side`` vertices (built with arrays)."""
    step = size / (side - 1)
    half = size / 2.0
    row_x = array("f", (i * step - half for i in range(side)))
    coords = array("f", bytes(12 * side * side))
    for row in range(side):
        z = row * step - half
        base = 3 * side * row
        coords[base:base + 3 * side:3] = row_x
        coords[base + 2:base + 3 * side:3] = array("f", [z]) * side
    cells = side - 1
    sets = array("i", bytes(16 * cells * cells))
    for row in range(cells):
        a = array("i", (row * side + c for c in range(cells)))
        base = 4 * cells * row
        sets[base:base + 4 * cells:4] = a
        sets[base + 1:base + 4 * cells:4] = array("i", (v + 1 for v in a))
        sets[base + 2:base + 4 * cells:4] = array("i", (v + side + 1 for v in a))
        sets[base + 3:base + 4 * cells:4] = array("i", (v + side for v in a))
    geom = GeomType((), (), (), (), ("Ground",), ("ground",))
    geom._coords = coords
    geom._sets = sets
    geom._poly_starts = array("i", range(0, 4 * cells * cells, 4))
    geom._poly_counts = array("i", [4]) * (cells * cells)
    geom._poly_materials = array("i", bytes(4 * cells * cells))
    return geom


# ---------------------------------------------------------------------------------------
# Matrices (row-major 4x4, points as row vectors as in Poser: p' = p * M)


def _identity():
    return [[1.0 if r == c else 0.0 for c in range(4)] for r in range(4)]


def _multiply(a, b):
    return [[sum(a[r][k] * b[k][c] for k in range(4)) for c in range(4)] for r in range(4)]


def _rotation(axis, degrees):
    radians = math.radians(degrees)
    c, s = math.cos(radians), math.sin(radians)
    m = _identity()
    if axis == "x":
        m[1][1], m[1][2], m[2][1], m[2][2] = c, s, -s, c
    elif axis == "y":
        m[0][0], m[0][2], m[2][0], m[2][2] = c, -s, s, c
    else:
        m[0][0], m[0][1], m[1][0], m[1][1] = c, s, -s, c
    return m


def _transform_point(m, p):
    x, y, z = p
    return tuple(x * m[0][c] + y * m[1][c] + z * m[2][c] + m[3][c] for c in range(3))


def _as_tuple(m):
    return tuple(tuple(row) for row in m)


# ---------------------------------------------------------------------------------------
# Parameters


class ParmType(object):
    """A dial: a value over frames, with limits, keyframes and, for morphs, deltas."""

    def __init__(self, actor, name, code, value=0.0, minimum=-10000.0, maximum=10000.0,
                 internal_name=None, sensitivity=1.0, hidden=False):
        self._actor = actor
        self._name = name
        self._internal_name = internal_name or name
        self._code = code
        self._default = float(value)
        self._value = float(value)
        self._min = float(minimum)
        self._max = float(maximum)
        self._sensitivity = float(sensitivity)
        self._hidden = bool(hidden)
        self._keys = {}
        self._deltas = {}

    def Name(self):
        return self._name

    def SetName(self, name):
        self._name = str(name)

    def InternalName(self):
        return self._internal_name

    def Actor(self):
        return self._actor

    def TypeCode(self):
        return self._code

    def IsMorphTarget(self):
        return 1 if self._code == kParmCodeTARGET else 0

    def IsValueParameter(self):
        return 1 if self._code == kParmCodeVALUE else 0

    def Hidden(self):
        return 1 if self._hidden else 0

    def SetHidden(self, on):
        self._hidden = bool(on)

    def Sensitivity(self):
        return self._sensitivity

    def SetSensitivity(self, value):
        self._sensitivity = float(value)

    def MinValue(self):
        return self._min

    def MaxValue(self):
        return self._max

    def SetMinValue(self, value):
        self._min = float(value)

    def SetMaxValue(self, value):
        self._max = float(value)

    def Default(self):
        return self._default

    def SetDefault(self, value):
        self._default = float(value)

    # Values over time
    def Value(self):
        return self.ValueFrame(_scene().Frame())

    def SetValue(self, value):
        self.SetValueFrame(value, _scene().Frame())

    def ValueFrame(self, frame):
        if not self._keys:
            return self._value
        frames = sorted(self._keys)
        if frame <= frames[0]:
            return self._keys[frames[0]]
        if frame >= frames[-1]:
            return self._keys[frames[-1]]
        for before, after in zip(frames, frames[1:]):
            if before <= frame <= after:
                t = (frame - before) / float(after - before)
                return self._keys[before] + t * (self._keys[after] - self._keys[before])
        return self._value

    def SetValueFrame(self, value, frame):
        value = float(value)
        frame = int(frame)
        if self._keys or frame != 0:
            # Setting a dial away from frame 0 animates it, as in Poser: the value it had
            # becomes the key at frame 0.
            if not self._keys:
                self._keys[0] = self._value
            self._keys[frame] = value
        else:
            self._value = value

    def AddKeyFrame(self, frame=None):
        frame = _scene().Frame() if frame is None else int(frame)
        self._keys[frame] = self.ValueFrame(frame)

    def DeleteKeyFrame(self, frame=None):
        frame = _scene().Frame() if frame is None else int(frame)
        if frame not in self._keys:
            raise error("no keyframe at frame %d" % frame)
        value = self._keys.pop(frame)
        if not self._keys:
            self._value = value

    def NumKeyFrames(self):
        return len(self._keys)

    def KeyFrames(self):
        return sorted(self._keys)

    def IsKey(self, frame=None):
        frame = _scene().Frame() if frame is None else int(frame)
        return 1 if frame in self._keys else 0

    # Morph targets
    def MorphTargetDelta(self, vertexIndex):
        if not self.IsMorphTarget():
            raise error("%s is not a morph target" % self._name)
        return self._deltas.get(int(vertexIndex), (0.0, 0.0, 0.0))

    def SetMorphTargetDelta(self, vertexIndex, deltaX, deltaY, deltaZ):
        if not self.IsMorphTarget():
            raise error("%s is not a morph target" % self._name)
        geom = self._actor.Geometry() if self._actor is not None else None
        if geom is not None:
            _check_index(int(vertexIndex), geom.NumVertices(), "vertex")
        delta = (float(deltaX), float(deltaY), float(deltaZ))
        if delta == (0.0, 0.0, 0.0):
            self._deltas.pop(int(vertexIndex), None)
        else:
            self._deltas[int(vertexIndex)] = delta

    def NumMorphTargetDeltas(self):
        return len(self._deltas)

    def __repr__(self):
        owner = self._actor.Name() if self._actor is not None else "?"
        return "<ParmType '%s' of '%s' = %g>" % (self._name, owner, self.Value())


# ---------------------------------------------------------------------------------------
# Materials


class ShaderNodeType(object):
    def __init__(self, name, node_type):
        self._name = name
        self._type = node_type

    def Name(self):
        return self._name

    def InternalName(self):
        return self._name

    def Type(self):
        return self._type


class ShaderTreeType(object):
    def __init__(self, material):
        self._nodes = [ShaderNodeType("PoserSurface", "poser"), ShaderNodeType("Image_Map", "image_map")]

    def Nodes(self):
        return list(self._nodes)

    def Node(self, index):
        _check_index(index, len(self._nodes), "node")
        return self._nodes[index]

    def NodeByInternalName(self, name):
        for node in self._nodes:
            if node.InternalName() == name:
                return node
        return None

    def NumNodes(self):
        return len(self._nodes)

    def UpdatePreview(self):
        _log("UpdatePreview")


class MaterialType(object):
    def __init__(self, name, color=(0.8, 0.8, 0.8)):
        self._name = name
        self._color = tuple(float(c) for c in color)
        self._texture = ""
        self._selected = False
        self._tree = None

    def Name(self):
        return self._name

    def ExtName(self):
        return self._name

    def DiffuseColor(self):
        return self._color

    def SetDiffuseColor(self, r, g, b):
        self._color = (float(r), float(g), float(b))

    def TextureMapFileName(self):
        return self._texture

    def SetTextureMapFileName(self, path):
        self._texture = str(path)

    def ShaderTree(self):
        if self._tree is None:
            self._tree = ShaderTreeType(self)
        return self._tree

    def Select(self):
        self._selected = True

    def Selected(self):
        return 1 if self._selected else 0

    def __repr__(self):
        return "<MaterialType '%s'>" % self._name


# ---------------------------------------------------------------------------------------
# Actors


_ROTATIONS = (("xRotate", "xrot", kParmCodeXROT), ("yRotate", "yrot", kParmCodeYROT),
              ("zRotate", "zrot", kParmCodeZROT))
_TRANSLATIONS = (("xTran", "xtran", kParmCodeXTRAN), ("yTran", "ytran", kParmCodeYTRAN),
                 ("zTran", "ztran", kParmCodeZTRAN))
_SCALES = (("Scale", "scale", kParmCodeASCALE, 1.0), ("xScale", "xscale", kParmCodeXSCALE, 1.0),
           ("yScale", "yscale", kParmCodeYSCALE, 1.0), ("zScale", "zscale", kParmCodeZSCALE, 1.0))


class ActorType(object):
    """A body part, prop, camera or light."""

    _BODY_PART, _PROP, _CAMERA, _LIGHT = "bodypart", "prop", "camera", "light"

    def __init__(self, name, internal_name, kind, figure=None, parent=None, geometry=None,
                 origin=(0.0, 0.0, 0.0), length=0.0):
        self._name = name
        self._internal_name = internal_name
        self._kind = kind
        self._figure = figure
        self._parent = parent
        self._children = []
        if parent is not None:
            parent._children.append(self)
        self._geometry = None
        self.SetGeometry(geometry)
        self._origin = tuple(float(c) for c in origin)
        self._length = float(length)
        self._visible = True
        self._on = True
        self._bends = True
        self._shadows = True
        self._light_type = kLightCodeINFINITE
        self._materials = [MaterialType("Preview")] if kind == self._PROP else []
        self._parameters = []
        self._deleted = False
        for name_, internal, code in _ROTATIONS + _TRANSLATIONS:
            self._parameters.append(ParmType(self, name_, code, internal_name=internal))
        for name_, internal, code, default in _SCALES:
            self._parameters.append(ParmType(self, name_, code, default, 0.0, 100.0, internal))
        if kind == self._CAMERA:
            self._parameters.append(ParmType(self, "Focal", kParmCodeFOCAL, 38.0, 1.0, 1000.0, "focal"))
        if kind == self._LIGHT:
            for name_, internal, code, value in (("Red", "kdRed", kParmCodeKDRED, 1.0),
                                                 ("Green", "kdGreen", kParmCodeKDGREEN, 1.0),
                                                 ("Blue", "kdBlue", kParmCodeKDBLUE, 1.0),
                                                 ("Intensity", "kdIntensity", kParmCodeKDINTENSITY, 1.0)):
                self._parameters.append(ParmType(self, name_, code, value, 0.0, 10.0, internal))

    # Names and kinds
    def Name(self):
        return self._name

    def SetName(self, name):
        self._name = str(name)

    def InternalName(self):
        return self._internal_name

    def IsBodyPart(self):
        return 1 if self._kind == self._BODY_PART else 0

    def IsProp(self):
        return 1 if self._kind == self._PROP else 0

    def IsCamera(self):
        return 1 if self._kind == self._CAMERA else 0

    def IsLight(self):
        return 1 if self._kind == self._LIGHT else 0

    def IsDeformer(self):
        return 0

    def IsHairProp(self):
        return 0

    def IsZone(self):
        return 0

    def IsBase(self):
        return 0

    # Parameters
    def Parameters(self):
        return list(self._parameters)

    def Parameter(self, name):
        for parm in self._parameters:
            if parm.Name() == name:
                return parm
        for parm in self._parameters:
            if parm.InternalName() == name:
                return parm
        return None

    def ParameterByCode(self, code):
        for parm in self._parameters:
            if parm.TypeCode() == code:
                return parm
        return None

    def SetParameter(self, name, value):
        parm = self.Parameter(name)
        if parm is None:
            raise error("actor '%s' has no parameter '%s'" % (self._name, name))
        parm.SetValue(value)

    def CreateValueParameter(self, name):
        parm = ParmType(self, str(name), kParmCodeVALUE)
        self._parameters.append(parm)
        return parm

    def SpawnTarget(self, name):
        """Adds a morph-target dial with no deltas (Poser: from the current shape)."""
        if self._geometry is None:
            raise error("actor '%s' has no geometry to morph" % self._name)
        parm = ParmType(self, str(name), kParmCodeTARGET, 0.0, -10.0, 10.0)
        self._parameters.append(parm)
        return parm

    def SpawnTargetFromGeometry(self, geom, name):
        """Adds a morph-target dial whose deltas turn this actor's mesh into ``geom``."""
        parm = self.SpawnTarget(name)
        base = self._geometry._coords
        target = geom._coords
        if len(target) != len(base):
            self._parameters.remove(parm)
            raise error("SpawnTargetFromGeometry: %d vertices given, actor '%s' has %d"
                        % (len(target) // 3, self._name, len(base) // 3))
        for i in range(len(base) // 3):
            delta = (target[3 * i] - base[3 * i], target[3 * i + 1] - base[3 * i + 1],
                     target[3 * i + 2] - base[3 * i + 2])
            if delta != (0.0, 0.0, 0.0):
                parm._deltas[i] = delta
        return parm

    # Hierarchy
    def Parent(self):
        return self._parent

    def Children(self):
        return list(self._children)

    def SetParent(self, parent, inheritBends=0, realign=0):
        if parent is self:
            raise error("an actor cannot be its own parent")
        if self._parent is not None:
            self._parent._children.remove(self)
        self._parent = parent
        if parent is not None:
            parent._children.append(self)

    def ItsFigure(self):
        return self._figure

    # Geometry and materials
    def Geometry(self):
        return self._geometry

    def SetGeometry(self, geom):
        self._geometry = geom
        if geom is not None:
            geom._actor = self

    def Materials(self):
        if self._figure is not None and not self._materials:
            return self._figure.Materials()
        return list(self._materials)

    def Material(self, name):
        for material in self.Materials():
            if material.Name() == name:
                return material
        return None

    # Placement
    def Origin(self):
        return self._origin

    def SetOrigin(self, x, y, z):
        self._origin = (float(x), float(y), float(z))

    def EndPoint(self):
        x, y, z = self._origin
        return (x, y + self._length, z)

    def SetEndPoint(self, x, y, z):
        self._length = math.sqrt((x - self._origin[0]) ** 2 + (y - self._origin[1]) ** 2
                                 + (z - self._origin[2]) ** 2)

    def _value(self, name):
        parm = self.Parameter(name)
        return parm.Value() if parm is not None else 0.0

    def LocalMatrix(self):
        return _as_tuple(self._local())

    def _local(self):
        scale = self._value("Scale")
        m = _identity()
        m[0][0] = scale * self._value("xScale")
        m[1][1] = scale * self._value("yScale")
        m[2][2] = scale * self._value("zScale")
        for axis in ("y", "x", "z"):
            m = _multiply(m, _rotation(axis, self._value(axis + "Rotate")))
        ox, oy, oz = self._origin
        to_origin = _identity()
        to_origin[3][:3] = [-ox, -oy, -oz]
        back = _identity()
        back[3][:3] = [ox + self._value("xTran"), oy + self._value("yTran"), oz + self._value("zTran")]
        return _multiply(_multiply(to_origin, m), back)

    def WorldMatrix(self):
        m = self._local()
        parent = self._parent
        while parent is not None:
            m = _multiply(m, parent._local())
            parent = parent._parent
        return _as_tuple(m)

    def WorldDisplacement(self):
        m = self.WorldMatrix()
        return (m[3][0], m[3][1], m[3][2])

    # Flags
    def Visible(self):
        return 1 if self._visible else 0

    def SetVisible(self, on):
        self._visible = bool(on)

    def OnOff(self):
        return 1 if self._on else 0

    def SetOnOff(self, on):
        self._on = bool(on)

    def Bends(self):
        return 1 if self._bends else 0

    def SetBends(self, on):
        self._bends = bool(on)

    def CastShadows(self):
        return 1 if self._shadows else 0

    def SetCastShadows(self, on):
        self._shadows = bool(on)

    def Selected(self):
        return 1 if _scene().CurrentActor() is self else 0

    def Delete(self):
        _scene()._delete_actor(self)

    # Lights
    def LightType(self):
        if not self.IsLight():
            raise error("'%s' is not a light" % self._name)
        return self._light_type

    def SetLightType(self, code):
        if not self.IsLight():
            raise error("'%s' is not a light" % self._name)
        self._light_type = int(code)

    def __repr__(self):
        return "<ActorType '%s' (%s%s)>" % (
            self._name, self._kind,
            ", %s" % self._figure.Name() if self._figure is not None else "")


# ---------------------------------------------------------------------------------------
# Figures


# (internal name, display name, parent, origin, length, radius)
_SKELETON = (
    ("BODY", "Body", None, (0.0, 0.0, 0.0), 0.0, 0.0),
    ("hip", "Hip", "BODY", (0.0, 0.42, 0.0), 0.05, 0.07),
    ("abdomen", "Abdomen", "hip", (0.0, 0.47, 0.0), 0.06, 0.065),
    ("chest", "Chest", "abdomen", (0.0, 0.53, 0.0), 0.1, 0.08),
    ("neck", "Neck", "chest", (0.0, 0.63, 0.0), 0.04, 0.025),
    ("head", "Head", "neck", (0.0, 0.67, 0.0), 0.1, 0.05),
    ("lCollar", "Left Collar", "chest", (0.02, 0.6, 0.0), 0.06, 0.03),
    ("lShldr", "Left Shoulder", "lCollar", (0.08, 0.6, 0.0), 0.13, 0.03),
    ("lForeArm", "Left Forearm", "lShldr", (0.21, 0.6, 0.0), 0.12, 0.025),
    ("lHand", "Left Hand", "lForeArm", (0.33, 0.6, 0.0), 0.07, 0.02),
    ("rCollar", "Right Collar", "chest", (-0.02, 0.6, 0.0), 0.06, 0.03),
    ("rShldr", "Right Shoulder", "rCollar", (-0.08, 0.6, 0.0), 0.13, 0.03),
    ("rForeArm", "Right Forearm", "rShldr", (-0.21, 0.6, 0.0), 0.12, 0.025),
    ("rHand", "Right Hand", "rForeArm", (-0.33, 0.6, 0.0), 0.07, 0.02),
    ("lThigh", "Left Thigh", "hip", (0.04, 0.42, 0.0), 0.2, 0.045),
    ("lShin", "Left Shin", "lThigh", (0.04, 0.22, 0.0), 0.18, 0.035),
    ("lFoot", "Left Foot", "lShin", (0.04, 0.04, 0.0), 0.04, 0.03),
    ("rThigh", "Right Thigh", "hip", (-0.04, 0.42, 0.0), 0.2, 0.045),
    ("rShin", "Right Shin", "rThigh", (-0.04, 0.22, 0.0), 0.18, 0.035),
    ("rFoot", "Right Foot", "rShin", (-0.04, 0.04, 0.0), 0.04, 0.03),
)


class FigureType(object):
    """A posable figure: body-part actors under a Body actor, with shared materials."""

    def __init__(self, name, number, geom_file=""):
        self._name = name
        self._internal_name = name
        self._geom_file = geom_file or ":Runtime:Geometries:stub:%s.obj" % name.replace(" ", "")
        self._visible = True
        self._conform_target = None
        self._subdiv = 0
        self._subdiv_render = 1
        self._materials = [MaterialType("Skin", (0.93, 0.76, 0.65)), MaterialType("Eyes", (0.2, 0.3, 0.6)),
                           MaterialType("Hair", (0.25, 0.15, 0.1))]
        suffix = "" if number <= 1 else ":%d" % number
        self._actors = []
        by_internal = {}
        for internal, display, parent, origin, length, radius in _SKELETON:
            geometry = None
            if length > 0:
                geometry = _cylinder(length, radius, offset=origin, groups=(internal,))
            actor = ActorType(display, internal + suffix, ActorType._BODY_PART, self,
                              by_internal.get(parent), geometry, origin, length)
            by_internal[internal] = actor
            self._actors.append(actor)

    def Name(self):
        return self._name

    def SetName(self, name):
        self._name = str(name)

    def InternalName(self):
        return self._internal_name

    def Actors(self):
        return list(self._actors)

    def Actor(self, name):
        for actor in self._actors:
            if actor.Name() == name:
                return actor
        raise error("figure '%s' has no actor '%s'" % (self._name, name))

    def ActorByInternalName(self, name):
        for actor in self._actors:
            if actor.InternalName() == name or actor.InternalName().split(":")[0] == name:
                return actor
        raise error("figure '%s' has no actor with internal name '%s'" % (self._name, name))

    def ParentActor(self):
        return self._actors[0]

    def RootActor(self):
        return self._actors[1]

    def Materials(self):
        return list(self._materials)

    def Material(self, name):
        for material in self._materials:
            if material.Name() == name:
                return material
        return None

    def Visible(self):
        return 1 if self._visible else 0

    def SetVisible(self, on):
        self._visible = bool(on)

    def ConformTarget(self):
        return self._conform_target

    def SetConformTarget(self, figure):
        if figure is self:
            raise error("a figure cannot conform to itself")
        self._conform_target = figure

    def GeomFileName(self):
        return self._geom_file

    def NumbBodyParts(self):
        return sum(1 for actor in self._actors if actor.Geometry() is not None)

    def NumbSubdivLevels(self):
        return self._subdiv

    def SetNumbSubdivLevels(self, levels):
        self._subdiv = int(levels)

    def NumbSubdivRenderLevels(self):
        return self._subdiv_render

    def SetNumbSubdivRenderLevels(self, levels):
        self._subdiv_render = int(levels)

    def SubdivGeometry(self):
        return self.UnimeshInfo()[0]

    def UnimeshInfo(self):
        """``(geometry, actors, vertex maps)``: the whole figure as one mesh, the actors
        that have geometry, and for each of them the unimesh index of its every vertex."""
        unimesh = GeomType((), (), (), (), [m.Name() for m in self._materials])
        actors, maps = [], []
        for actor in self._actors:
            geom = actor.Geometry()
            if geom is None:
                continue
            base = unimesh.NumVertices()
            unimesh._coords.extend(geom._coords)
            offset = len(unimesh._sets)
            unimesh._sets.extend(base + i for i in geom._sets)
            unimesh._poly_starts.extend(offset + s for s in geom._poly_starts)
            unimesh._poly_counts.extend(geom._poly_counts)
            unimesh._poly_materials.extend(geom._poly_materials)
            actors.append(actor)
            maps.append(list(range(base, base + geom.NumVertices())))
        return unimesh, actors, maps

    def Delete(self):
        _scene()._delete_figure(self)

    def __repr__(self):
        return "<FigureType '%s' (%d actors)>" % (self._name, len(self._actors))


# ---------------------------------------------------------------------------------------
# The scene


class SceneType(object):
    """The one scene: figures, props, cameras, lights, the current selection and time."""

    def __init__(self):
        self._figures = [FigureType("Figure 1", 1)]
        figure = self._figures[0]
        self._cameras = [ActorType(name, internal, ActorType._CAMERA, origin=origin)
                         for name, internal, origin in (("Main Camera", "MAIN_CAMERA", (0.0, 0.5, 3.0)),
                                                        ("Aux Camera", "AUX_CAMERA", (3.0, 1.0, 3.0)),
                                                        ("Posing Camera", "POSE_CAMERA", (0.0, 0.6, 2.0)),
                                                        ("Dolly Camera", "DOLLY_CAMERA", (0.0, 0.5, 4.0)),
                                                        ("Face Camera", "FACE_CAMERA", (0.0, 0.7, 0.6)))]
        self._lights = []
        for name, code in (("Light 1", kLightCodeINFINITE), ("Light 2", kLightCodeSPOT),
                           ("Light 3", kLightCodeLOCAL)):
            light = ActorType(name, name.replace(" ", "_").upper(), ActorType._LIGHT)
            light._light_type = code
            self._lights.append(light)
        self._props = [ActorType("ball", "ball_1", ActorType._PROP, geometry=_sphere(0.1),
                                 origin=(0.5, 0.1, 0.0)),
                       _LazyGeometryActor("Ground Grid", "GROUND_GRID", _grid)]
        self._current_figure = figure
        self._current_actor = figure.Actor("Hip")
        self._current_camera = self._cameras[0]
        self._current_light = self._lights[0]
        self._frame = 0
        self._num_frames = 30
        self._fps = 30.0
        self._figure_count = 1

    # Collections
    def Figures(self):
        return list(self._figures)

    def Actors(self):
        actors = []
        for figure in self._figures:
            actors.extend(figure.Actors())
        return actors + self._props + self._cameras + self._lights

    def Cameras(self):
        return list(self._cameras)

    def Lights(self):
        return list(self._lights)

    def Props(self):
        return list(self._props)

    # Selection
    def CurrentActor(self):
        return self._current_actor

    def CurrentFigure(self):
        return self._current_figure

    def CurrentCamera(self):
        return self._current_camera

    def CurrentLight(self):
        return self._current_light

    def SelectActor(self, actor):
        _require(actor, ActorType, "SelectActor")
        self._current_actor = actor
        if actor.ItsFigure() is not None:
            self._current_figure = actor.ItsFigure()
        if actor.IsLight():
            self._current_light = actor

    def SelectFigure(self, figure):
        _require(figure, FigureType, "SelectFigure")
        self._current_figure = figure
        self._current_actor = figure.RootActor()

    def SetCurrentCamera(self, camera):
        _require(camera, ActorType, "SetCurrentCamera")
        if not camera.IsCamera():
            raise error("'%s' is not a camera" % camera.Name())
        self._current_camera = camera

    def SetCurrentLight(self, light):
        _require(light, ActorType, "SetCurrentLight")
        if not light.IsLight():
            raise error("'%s' is not a light" % light.Name())
        self._current_light = light

    # Lookup (unknown names raise poser.error, as Poser does)
    def Actor(self, name):
        for actor in self._search_order():
            if actor.Name() == name:
                return actor
        raise error("no actor named '%s' in the scene" % name)

    def ActorByInternalName(self, name):
        for actor in self._search_order():
            if actor.InternalName() == name:
                return actor
        raise error("no actor with internal name '%s' in the scene" % name)

    def _search_order(self):
        first = self._current_figure.Actors() if self._current_figure is not None else []
        return first + [a for a in self.Actors() if a not in first]

    def Figure(self, name):
        for figure in self._figures:
            if figure.Name() == name:
                return figure
        raise error("no figure named '%s' in the scene" % name)

    def FigureByInternalName(self, name):
        for figure in self._figures:
            if figure.InternalName() == name:
                return figure
        raise error("no figure with internal name '%s' in the scene" % name)

    # Time
    def Frame(self):
        return self._frame

    def SetFrame(self, frame):
        frame = int(frame)
        if not 0 <= frame < self._num_frames:
            raise error("frame %d is outside 0..%d" % (frame, self._num_frames - 1))
        self._frame = frame

    def NumFrames(self):
        return self._num_frames

    def SetNumFrames(self, count):
        count = int(count)
        if count < 1:
            raise error("a scene needs at least one frame")
        self._num_frames = count
        self._frame = min(self._frame, count - 1)

    def FramesPerSecond(self):
        return self._fps

    def SetFramesPerSecond(self, fps):
        self._fps = float(fps)

    # Things a headless stub only records
    def DrawAll(self):
        _log("DrawAll")

    def Draw(self):
        _log("Draw")

    def Render(self):
        _log("Render")

    def RenderInSeparateWindow(self):
        _log("RenderInSeparateWindow")

    def ProcessSomeEvents(self, count=1):
        _log("ProcessSomeEvents", count)

    # Building and loading
    def NewGeometry(self):
        return GeomType()

    def CreatePropFromGeom(self, geom, name):
        _require(geom, GeomType, "CreatePropFromGeom")
        prop = ActorType(str(name), "%s_%d" % (str(name).replace(" ", "_"), len(self._props) + 1),
                         ActorType._PROP, geometry=geom.Copy())
        self._props.append(prop)
        return prop

    def LoadLibraryFigure(self, path):
        _log("LoadLibraryFigure", path)
        self._figure_count += 1
        name = os.path.splitext(os.path.basename(str(path)))[0] or "Figure %d" % self._figure_count
        existing = set(f.Name() for f in self._figures)
        if name in existing:
            name = "Figure %d" % self._figure_count
        figure = FigureType(name, self._figure_count, str(path))
        self._figures.append(figure)
        self._current_figure = figure
        self._current_actor = figure.RootActor()
        return figure

    def LoadLibraryPose(self, path):
        _log("LoadLibraryPose", path)

    def LoadLibraryProp(self, path):
        _log("LoadLibraryProp", path)
        name = os.path.splitext(os.path.basename(str(path)))[0] or "prop"
        geom = _cylinder(0.1, 0.1, segments=4, rings=2)
        prop = self.CreatePropFromGeom(geom, name)
        self._current_actor = prop
        return prop

    def LoadLibraryCamera(self, path):
        _log("LoadLibraryCamera", path)

    def LoadLibraryLight(self, path):
        _log("LoadLibraryLight", path)

    def Materials(self):
        materials = []
        for figure in self._figures:
            materials.extend(figure.Materials())
        for prop in self._props:
            materials.extend(prop.Materials())
        return materials

    def WorldToScreen(self, x, y, z):
        """A simple perspective projection through the current camera onto 640 x 480."""
        cx, cy, cz = self._current_camera.Origin()
        depth = max(cz - z, 1e-6)
        focal = self._current_camera.ParameterByCode(kParmCodeFOCAL).Value()
        scale = focal / 38.0 * 480.0
        return (320.0 + (x - cx) / depth * scale, 240.0 - (y - cy) / depth * scale, depth)

    # Deletion
    def _delete_actor(self, actor):
        if actor.IsBodyPart():
            raise error("body parts are deleted with their figure")
        for group in (self._props, self._cameras, self._lights):
            if actor in group:
                if len(group) == 1 and group is not self._props:
                    raise error("the scene needs at least one %s" % actor._kind)
                group.remove(actor)
                break
        else:
            raise error("'%s' is not in the scene" % actor.Name())
        if self._current_actor is actor:
            self._current_actor = self._current_figure.RootActor() if self._current_figure else self._cameras[0]
        if self._current_camera is actor:
            self._current_camera = self._cameras[0]
        if self._current_light is actor:
            self._current_light = self._lights[0]

    def _delete_figure(self, figure):
        if figure not in self._figures:
            raise error("'%s' is not in the scene" % figure.Name())
        self._figures.remove(figure)
        if self._current_figure is figure:
            self._current_figure = self._figures[0] if self._figures else None
            self._current_actor = (self._current_figure.RootActor() if self._current_figure
                                   else self._cameras[0])

    def __repr__(self):
        return "<SceneType %d figures, %d props, frame %d>" % (
            len(self._figures), len(self._props), self._frame)


class _LazyGeometryActor(ActorType):
    """A prop whose large geometry is built the first time someone asks for it."""

    def __init__(self, name, internal_name, build):
        ActorType.__init__(self, name, internal_name, ActorType._PROP)
        self._build = build

    def Geometry(self):
        if self._geometry is None and self._build is not None:
            self.SetGeometry(self._build())
            self._build = None
        return self._geometry


def _require(value, kind, where):
    if not isinstance(value, kind):
        raise error("%s expects %s, got %s" % (where, kind.__name__, type(value).__name__))


# ---------------------------------------------------------------------------------------
# Dialogs: answered without a window, as a user clicking OK / Yes would.


class DialogSimple(object):
    @staticmethod
    def MessageBox(message):
        _log("MessageBox", message)

    @staticmethod
    def YesNo(message):
        _log("YesNo", message)
        return 1

    @staticmethod
    def AskFloat(message):
        _log("AskFloat", message)
        return None

    @staticmethod
    def AskInt(message):
        _log("AskInt", message)
        return None

    @staticmethod
    def AskText(message):
        _log("AskText", message)
        return None

    @staticmethod
    def AskMenu(title, message, items):
        _log("AskMenu", title, message, items)
        return None


class DialogFileChooser(object):
    def __init__(self, kind=kDialogFileChooserOpen, parent=None, message="", startDir=None):
        self._kind = kind
        self._message = message
        self._dir = startDir or TempLocation()
        self._path = None

    def Show(self):
        _log("DialogFileChooser.Show", self._message)
        return 0  # cancelled: there is nobody to pick a file

    def Path(self):
        return self._path

    def Paths(self):
        return []


class DialogDirChooser(DialogFileChooser):
    pass


# ---------------------------------------------------------------------------------------
# Module level


_SCENE = [None]


def _scene():
    if _SCENE[0] is None:
        _SCENE[0] = SceneType()
    return _SCENE[0]


def Scene():
    """The scene (one per process, shared by every session, as in Poser)."""
    return _scene()


def ResetScene():
    """Not in Poser: restores the default scene (for tests and samples)."""
    _SCENE[0] = SceneType()
    del _CALL_LOG[:]
    return _SCENE[0]


def CallLog():
    """Not in Poser: the recorded calls a headless stub could not perform (newest last)."""
    return list(_CALL_LOG)


def AppVersion():
    return _VERSION


def Version():
    return _VERSION


def AppLocation():
    return "/opt/Poser (stub)/Poser.exe"


def ContentRootLocation():
    return os.path.join(TempLocation(), "Runtime")


def Libraries():
    return [ContentRootLocation()]


def TempLocation():
    import tempfile

    return tempfile.gettempdir()


def PrefsLocation():
    return os.path.join(TempLocation(), "PoserPrefs")


def ProcessSomeEvents(count=1):
    _log("ProcessSomeEvents", count)


def IsPro():
    return 1


def Language():
    return 0


def CloseDocument(discardChanges=0):
    ResetScene()


ActorType.__module__ = FigureType.__module__ = ParmType.__module__ = __name__

__all__ = [name for name in globals() if not name.startswith("_")]

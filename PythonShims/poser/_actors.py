"""Actors: ActorType, one class for every kind of actor, as in Poser (body parts, props,
cameras, lights, the universe, deformers and their zones, hair props, measurements).
``IsBodyPart()`` and friends tell the kinds apart.

What other areas may rely on:

* ``ActorType(name, internal_name, kind, figure=None, parent=None, geometry=None,
  origin=(0, 0, 0), length=0.0, dials=None, end=None, axis="y", build=None)``; ``kind`` is
  one of the ``ActorType._...`` kind strings. ``dials`` is a tuple of dial specs
  ``(name, internal name, code, value, min, max, hidden)`` (default: the kind's usual
  dials); ``build`` a function returning the actor's GeomType, called on the first
  ``Geometry()`` (so large or numerous meshes cost nothing until used).
* An actor is cheap to make: its parameters are made on the first ``Parameters()``-style
  call, its geometry on the first ``Geometry()``.
* ``Parent()`` of an actor without a parent is the scene's universe actor
  (``scene._universe``, made by ``_default_scene``), whose own parent is None.
* ``run_actor_callbacks()`` runs the actors' local transform and vertex callbacks
  (``SetLocalTransformCallback``/``SetVertexCallback``): a scene update (Draw, DrawAll,
  SetFrame) calls it.

Placement: the local matrix (row vectors, ``p' = p * M``, as in ``_math``) scales and
rotates about the actor's origin, in the frame its ``Orientation()`` gives, the rotations
in the actor's gimbal order (``Gimbal()``), then translates by the translation dials;
``WorldMatrix() = LocalMatrix() * Parent().WorldMatrix()``. Cameras dolly then orbit
(or roll, pitch, yaw for the dolly camera); lights and props rotate then translate.
"""

import math
import os
import weakref

from . import _skeleton
from ._base import Named, find_named
from ._calllog import error, log, require
from ._codes import (kDisplayCodeUSEPARENTSTYLE, kLightCodeIMAGE, kLightCodeINFINITE, kLightCodeINVLINEARATTEN,
                     kLightCodeINVSQUAREATTEN, kLightCodeLOCAL, kLightCodePOSERATTEN, kLightCodeSPOT,
                     kParmCodePOINTAT, kParmCodeTARGET, kParmCodeVALUE, kValueOpTypeCodeDELTAADD)
from ._current import Scene
from ._geometry import GeomType
from ._materials import MaterialType, find_material, material_for
from ._math import as_tuple
from ._parameters import ParmType

_AXES = "xyz"
_LIGHT_TYPES = (kLightCodeINFINITE, kLightCodeLOCAL, kLightCodeSPOT, kLightCodeIMAGE)
_ATTEN_TYPES = (kLightCodePOSERATTEN, kLightCodeINVLINEARATTEN, kLightCodeINVSQUAREATTEN)

# Flags every actor has, with their defaults: kept on the class until an actor changes
# one, so a new actor costs only its few own attributes.
_FLAG_DEFAULTS = dict(
    _visible=1, _on=1, _bends=1, _casts_shadows=1, _backface_cull=0, _smooth_polys=1, _static=0,
    _animatable_origin=0, _include_in_bbox=1, _visible_in_camera=1, _visible_in_idl=1,
    _visible_in_reflections=1, _visible_in_render=1, _crease_angle=80.0, _displacement_bounds=0.0,
    _shading_rate=0.2, _display_style=kDisplayCodeUSEPARENTSTYLE, _shadow_softness=0,
    # lights
    _light_type=kLightCodeINFINITE, _light_on=1, _shadow=1, _raytrace_shadows=0, _shadow_bias_min=0.8,
    _shadow_bias_max=1.0, _shadow_blur_radius=2, _atmosphere_strength=0.0, _atten_type=kLightCodePOSERATTEN,
    _ambient_occlusion=0, _ao_strength=1.0, _ao_distance=0.5, _ao_bias=0.01,
)


# ---------------------------------------------------------------------------------------
# 3x3 helpers (row vectors)


def _mul3(a, b):
    return [[a[r][0] * b[0][c] + a[r][1] * b[1][c] + a[r][2] * b[2][c] for c in range(3)] for r in range(3)]


def _rot3(axis, degrees):
    radians = math.radians(degrees)
    c, s = math.cos(radians), math.sin(radians)
    if axis == 0:
        return [[1.0, 0.0, 0.0], [0.0, c, s], [0.0, -s, c]]
    if axis == 1:
        return [[c, 0.0, -s], [0.0, 1.0, 0.0], [s, 0.0, c]]
    return [[c, s, 0.0], [-s, c, 0.0], [0.0, 0.0, 1.0]]


def _transpose3(m):
    return [[m[c][r] for c in range(3)] for r in range(3)]


def _inverse3(m):
    a, b, c = m[0]
    d, e, f = m[1]
    g, h, i = m[2]
    det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)
    if abs(det) < 1e-12:
        return None
    inv = [[e * i - f * h, c * h - b * i, b * f - c * e],
           [f * g - d * i, a * i - c * g, c * d - a * f],
           [d * h - e * g, b * g - a * h, a * e - b * d]]
    return [[v / det for v in row] for row in inv]


def _apply3(v, m):
    return tuple(v[0] * m[0][c] + v[1] * m[1][c] + v[2] * m[2][c] for c in range(3))


def _euler(angles, order=(0, 1, 2)):
    """The rotation by ``angles`` (x, y, z degrees) applied in ``order`` (axis indices)."""
    m = None
    for axis in order:
        if angles[axis]:
            r = _rot3(axis, angles[axis])
            m = r if m is None else _mul3(m, r)
    return m


def _affine(m3, t):
    return [list(m3[0]) + [0.0], list(m3[1]) + [0.0], list(m3[2]) + [0.0], [t[0], t[1], t[2], 1.0]]


def _mul4(a, b):
    """Two affine 4x4 matrices (last column 0, 0, 0, 1)."""
    m = [[a[r][0] * b[0][c] + a[r][1] * b[1][c] + a[r][2] * b[2][c] for c in range(3)] + [0.0] for r in range(3)]
    m.append([a[3][0] * b[0][c] + a[3][1] * b[1][c] + a[3][2] * b[2][c] + b[3][c] for c in range(3)] + [1.0])
    return m


def _quaternion(m):
    """(qw, qx, qy, qz) of the rotation in a 4x4 row-vector matrix, scale removed."""
    rows = []
    for r in range(3):
        n = math.sqrt(sum(m[r][c] ** 2 for c in range(3))) or 1.0
        rows.append([m[r][c] / n for c in range(3)])
    # column-vector rotation matrix R = rows transposed
    r = _transpose3(rows)
    trace = r[0][0] + r[1][1] + r[2][2]
    if trace > 0:
        s = 2.0 * math.sqrt(trace + 1.0)
        q = (0.25 * s, (r[2][1] - r[1][2]) / s, (r[0][2] - r[2][0]) / s, (r[1][0] - r[0][1]) / s)
    elif r[0][0] > r[1][1] and r[0][0] > r[2][2]:
        s = 2.0 * math.sqrt(1.0 + r[0][0] - r[1][1] - r[2][2])
        q = ((r[2][1] - r[1][2]) / s, 0.25 * s, (r[0][1] + r[1][0]) / s, (r[0][2] + r[2][0]) / s)
    elif r[1][1] > r[2][2]:
        s = 2.0 * math.sqrt(1.0 + r[1][1] - r[0][0] - r[2][2])
        q = ((r[0][2] - r[2][0]) / s, (r[0][1] + r[1][0]) / s, 0.25 * s, (r[1][2] + r[2][1]) / s)
    else:
        s = 2.0 * math.sqrt(1.0 + r[2][2] - r[0][0] - r[1][1])
        q = ((r[1][0] - r[0][1]) / s, (r[0][2] + r[2][0]) / s, (r[1][2] + r[2][1]) / s, 0.25 * s)
    if q[0] < 0:
        q = tuple(-c for c in q)
    return tuple(float(c) for c in q)


def _aim(rest, target):
    """The rotation (row-vector 3x3) turning unit vector ``rest`` onto unit vector ``target``."""
    cx = rest[1] * target[2] - rest[2] * target[1]
    cy = rest[2] * target[0] - rest[0] * target[2]
    cz = rest[0] * target[1] - rest[1] * target[0]
    dot = max(-1.0, min(1.0, sum(a * b for a, b in zip(rest, target))))
    sin = math.sqrt(cx * cx + cy * cy + cz * cz)
    if sin < 1e-9:
        if dot > 0:
            return [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
        axis = (0.0, 1.0, 0.0) if abs(rest[1]) < 0.9 else (1.0, 0.0, 0.0)
        angle = math.pi
    else:
        axis = (cx / sin, cy / sin, cz / sin)
        angle = math.atan2(sin, dot)
    return _axis_angle(axis, angle)


def _axis_angle(axis, angle):
    x, y, z = axis
    c, s = math.cos(angle), math.sin(angle)
    t = 1.0 - c
    # column-vector matrix, then transposed for row vectors
    col = [[t * x * x + c, t * x * y - s * z, t * x * z + s * y],
           [t * x * y + s * z, t * y * y + c, t * y * z - s * x],
           [t * x * z - s * y, t * y * z + s * x, t * z * z + c]]
    return _transpose3(col)


def _normalized(v):
    n = math.sqrt(sum(c * c for c in v))
    return tuple(c / n for c in v) if n > 1e-12 else None


# ---------------------------------------------------------------------------------------


class ActorType(Named):
    """A body part, prop, camera, light, deformer, zone, hair prop or the universe."""

    _BODY_PART, _PROP, _CAMERA, _LIGHT = "bodypart", "prop", "camera", "light"
    _UNIVERSE, _HAIR, _MEASUREMENT, _GROUPING = "universe", "hair", "measurement", "grouping"
    _MAGNET, _MAGNET_BASE, _MAGNET_ZONE, _WAVE, _WAVE_ZONE = "magnet", "magnet base", "magnet zone", "wave", "wave zone"
    _PROP_KINDS = ("prop", "hair", "grouping", "magnet", "magnet base", "magnet zone", "wave", "wave zone")

    locals().update(_FLAG_DEFAULTS)
    _parms = None
    _build = None
    _figure = None
    _orientation = (0.0, 0.0, 0.0)
    _alignment = (0.0, 0.0, 0.0)
    _custom = None
    _memo = None
    _point_at = None
    _aiming = False
    _geom_changed = 0
    _callbacks = None
    _hair_groups = ()
    _deformer = None
    _base = None
    _zones = ()
    _measurement = ""
    _geom_file = ""
    _alt_geom_file = ""
    _material_names = ("Preview",)  # a prop's materials before its mesh is built

    def __init__(self, name, internal_name, kind, figure=None, parent=None, geometry=None,
                 origin=(0.0, 0.0, 0.0), length=0.0, dials=None, end=None, axis="y", build=None):
        self._name = name
        self._internal_name = internal_name
        self._kind = kind
        if figure is not None:
            self._figure = figure
        self._parent = parent
        self._children = []
        if parent is not None:
            parent._children.append(self)
        self._geometry = None
        if geometry is not None:
            self.SetGeometry(geometry)
        if build is not None:
            self._build = build
        self._origin = (float(origin[0]), float(origin[1]), float(origin[2]))
        self._end = (tuple(float(c) for c in end) if end is not None
                     else (self._origin[0], self._origin[1] + float(length), self._origin[2]))
        self._rest = (self._origin, self._end)
        self._axis = axis
        self._dials = dials

    # Kinds
    def IsBodyPart(self):
        return 1 if self._kind == self._BODY_PART else 0

    def IsProp(self):
        return 1 if self._kind in self._PROP_KINDS else 0

    def IsCamera(self):
        return 1 if self._kind == self._CAMERA else 0

    def IsLight(self):
        return 1 if self._kind == self._LIGHT else 0

    def IsDeformer(self):
        return 1 if self._kind in (self._MAGNET, self._WAVE) else 0

    def IsHairProp(self):
        return 1 if self._kind == self._HAIR else 0

    def IsZone(self):
        return 1 if self._kind in (self._MAGNET_ZONE, self._WAVE_ZONE) else 0

    def IsBase(self):
        return 1 if self._kind == self._MAGNET_BASE else 0

    def Base(self):
        """A deformer's base (a magnet's "Mag Base"); None for other actors."""
        return self._base

    def Zones(self):
        """The zones of a deformer (a zone answers its deformer's zones); [] otherwise."""
        owner = self._deformer if self.IsZone() else self
        return list(owner._zones) if owner is not None else []

    def SetName(self, ActorName):
        self._name = str(ActorName)

    # ------------------------------------------------------------------ parameters
    def _default_dials(self):
        kind = self._kind
        if kind == self._BODY_PART:
            return _skeleton.dials_for(self._internal_name.split(":")[0], self._axis)
        if kind in (self._UNIVERSE, self._MEASUREMENT):
            return ()
        return _skeleton.OBJECT_DIALS

    def _parameters(self):
        parms = self._parms
        if parms is None:
            dials = self._dials if self._dials is not None else self._default_dials()
            parms = self._parms = []
            self._by_internal = {}
            self._initial = {}
            for name, internal, code, value, low, high, hidden in dials:
                self._add_parm(ParmType(self, name, code, value, low, high, internal, 1.0, hidden))
            self._fill_morphs()
        return parms

    def _add_parm(self, parm):
        self._parameters().append(parm)
        self._by_internal[parm.InternalName()] = parm
        self._initial[parm] = parm.InitValue()
        return parm

    def _fill_morphs(self):
        """Deltas of the stand-in figure's morphs, and the links of body-part morphs to the
        full-body dials on BODY of the same name."""
        if self._kind != self._BODY_PART:
            return
        internal = self._internal_name.split(":")[0]
        morphs = [p for p in self._parms if p.TypeCode() == kParmCodeTARGET]
        if not morphs:
            return
        geom = self.Geometry()
        if geom is None:
            return
        count = geom.NumVertices()
        factors = dict(_skeleton.BODY_MORPHS)
        outward = None
        coords = None
        body = self._figure.ParentActor() if self._figure is not None else None
        for parm in morphs:
            name = parm.InternalName()
            if name in factors:
                if outward is None:
                    outward = _skeleton.outward(internal)
                for i, vector in enumerate(outward[:count]):
                    parm._deltas[i] = tuple(factors[name] * c for c in vector)
                source = body._dial_parm(name) if body is not None and body is not self else None
                if source is not None:
                    parm.AddValueOperation(kValueOpTypeCodeDELTAADD, source)
            elif internal == "head":
                if coords is None:
                    coords = list(geom._coords)
                parm._deltas.update(_skeleton.head_morph_deltas(name, coords))

    def _dial_parm(self, internal):
        """The dial with internal name ``internal`` (None when there is none), through an
        index that a renamed dial (``ParmType.SetInternalName``) sends back to the list."""
        parms = self._parms if self._parms is not None else self._parameters()
        parm = self._by_internal.get(internal)
        if parm is not None and parm._internal_name == internal:
            return parm
        for candidate in parms:
            if candidate.InternalName() == internal:
                self._by_internal[internal] = candidate
                return candidate
        return None

    def _dial(self, internal, default=0.0):
        """A dial's value by internal name (``default`` when there is no such dial). A
        body part of a conforming figure reads its conform target's matching dial."""
        figure = self._figure
        if figure is not None and figure._conform_target is not None:
            source = figure._conform_source(self, internal)
            if source is not None:
                return source.Value()
        parm = self._dial_parm(internal)
        return parm.Value() if parm is not None else default

    def Parameters(self):
        return list(self._parameters())

    def Parameter(self, parmName):
        """The dial with that internal name or display name; None when there is none."""
        return find_named(self._parameters(), parmName)

    def ParameterByCode(self, parmCode):
        for parm in self._parameters():
            if parm.TypeCode() == parmCode:
                return parm
        return None

    def SetParameter(self, parmName, value):
        """Sets a dial by display or internal name (a kParmCode* code also works, as the
        manual's example passes one)."""
        if isinstance(parmName, int) and not isinstance(parmName, bool):
            parm = self.ParameterByCode(parmName)
        else:
            parm = self.Parameter(parmName)
        if parm is None:
            raise error("actor '%s' has no parameter '%s'" % (self._name, parmName))
        parm.SetValue(value)

    def CreateValueParameter(self, valueParmName):
        """A new value dial (kParmCodeVALUE) on this actor, for a script's own controls."""
        name = str(valueParmName)
        if find_named(self._parameters(), name) is not None:
            raise error("actor '%s' already has a parameter '%s'" % (self._name, name))
        return self._add_parm(ParmType(self, name, kParmCodeVALUE, 0.0, -10000.0, 10000.0, name))

    def ValueParameters(self):
        return [p for p in self._parameters() if p.IsValueParameter()]

    def ValueParameter(self, valueParmName):
        parm = find_named(self.ValueParameters(), valueParmName)
        if parm is None:
            raise error("actor '%s' has no value parameter '%s'" % (self._name, valueParmName))
        return parm

    def RemoveValueParameter(self, valueParmName):
        parm = self.ValueParameter(valueParmName)
        self._parms.remove(parm)
        self._initial.pop(parm, None)
        self._by_internal.pop(parm.InternalName(), None)

    def SpawnTarget(self, label):
        """A new morph dial whose deltas are the actor's current morph deformation (every
        morph dial's value x deltas); the new dial starts at 0."""
        geom = self.Geometry()
        if geom is None:
            raise error("actor '%s' has no geometry to morph" % self._name)
        deltas = {}
        for parm in self._parameters():
            if parm.TypeCode() == kParmCodeTARGET and parm._deltas:
                value = parm.Value()
                if value:
                    for index, delta in parm._deltas.items():
                        old = deltas.get(index, (0.0, 0.0, 0.0))
                        deltas[index] = tuple(o + value * d for o, d in zip(old, delta))
        self._new_morph(label, deltas)

    def SpawnTargetFromGeometry(self, geometry, label):
        """A new morph dial whose deltas turn this actor's mesh into ``geometry`` (same
        vertex count and order)."""
        require(geometry, GeomType, "SpawnTargetFromGeometry")
        geom = self.Geometry()
        if geom is None:
            raise error("actor '%s' has no geometry to morph" % self._name)
        base, target = geom._coords, geometry._coords
        if len(target) != len(base):
            raise error("SpawnTargetFromGeometry: %d vertices given, actor '%s' has %d"
                        % (len(target) // 3, self._name, len(base) // 3))
        deltas = {}
        for i in range(len(base) // 3):
            delta = (target[3 * i] - base[3 * i], target[3 * i + 1] - base[3 * i + 1],
                     target[3 * i + 2] - base[3 * i + 2])
            if delta != (0.0, 0.0, 0.0):
                deltas[i] = delta
        self._new_morph(label, deltas)

    def _new_morph(self, label, deltas):
        name = str(label)
        if find_named(self._parameters(), name) is not None:
            raise error("actor '%s' already has a parameter '%s'" % (self._name, name))
        parm = ParmType(self, name, kParmCodeTARGET, 0.0, -10.0, 10.0, name)
        parm._deltas.update(dict((i, d) for i, d in deltas.items() if d != (0.0, 0.0, 0.0)))
        self._add_parm(parm)
        return parm

    def Gimbal(self):
        """((rotation order as axis indices), (xrot, yrot, zrot dials))."""
        return (self._gimbal_order(),
                tuple(self._dial_parm(name) for name in self._rotation_names()))

    def _gimbal_order(self):
        if self._kind == self._BODY_PART and self._internal_name.split(":")[0] != "BODY":
            return _skeleton.GIMBAL_ORDER[self._axis]
        return (1, 2, 0)

    def _rotation_names(self):
        if self._kind == self._CAMERA:
            if self._dial_parm("xOrbit") is not None:
                return ("xOrbit", "yOrbit", "zOrbit")
        return ("xrot", "yrot", "zrot")

    # ------------------------------------------------------------------ hierarchy
    def Parent(self):
        if self._parent is not None or self._kind == self._UNIVERSE:
            return self._parent
        return getattr(Scene(), "_universe", None)

    def Children(self):
        if self._kind == self._UNIVERSE:
            return self._universe_children()
        return list(self._children)

    def _universe_children(self):
        scene = Scene()
        found = []
        for figure in scene.Figures():
            found.extend(a for a in figure.Actors() if a._parent is None)
        found.extend(a for a in scene.Actors() if a._parent is None and a is not self and a not in found)
        return found + [a for a in self._children if a not in found]

    def SetParent(self, newParent, inheritBends=0, realign=0):
        """Makes ``newParent`` this actor's parent. ``inheritBends=1`` takes the parent's
        bend flag, ``realign=1`` its orientation."""
        require(newParent, ActorType, "SetParent")
        walker = newParent
        while walker is not None:
            if walker is self:
                raise error("'%s' cannot become a child of itself or of its own child" % self._name)
            walker = walker._parent
        if self._kind == self._UNIVERSE:
            raise error("the universe has no parent")
        if self._parent is not None:
            self._parent._children.remove(self)
        if newParent._kind == self._UNIVERSE:
            self._parent = None  # the universe's children are the parentless actors
        else:
            self._parent = newParent
            newParent._children.append(self)
        if inheritBends:
            self._bends = newParent._bends
        if realign:
            self._orientation = newParent._orientation

    def ItsFigure(self):
        return self._figure

    # ------------------------------------------------------------------ geometry, materials
    def Geometry(self):
        geom = self._geometry
        if geom is None and self._build is not None:
            build, self._build = self._build, None
            self.SetGeometry(build())
            geom = self._geometry
        return geom

    def SetGeometry(self, geometry):
        if geometry is not None:
            require(geometry, GeomType, "SetGeometry")
            geometry._actor = self
        self._build = None
        self._geometry = geometry
        self._geom_changed = 1

    def MarkGeomChanged(self):
        self._geom_changed = 1

    def GeomFileName(self):
        if self._figure is not None and self._kind == self._BODY_PART:
            return self._figure.GeomFileName()
        return self._geom_file

    def AltGeomFileName(self):
        return self._alt_geom_file

    @property
    def _materials(self):
        """The actor's own material list (``_materials.materials_of`` reads it): a prop's
        materials are made on first use, one per material name of its mesh."""
        materials = self.__dict__.get("_material_list")
        if materials is None:
            materials = []
            if self._kind in self._PROP_KINDS:
                geom = self._geometry
                names = geom._material_names if geom is not None else self._material_names
                materials = [MaterialType(name, None, self) for name in names]
            self.__dict__["_material_list"] = materials
        return materials

    @_materials.setter
    def _materials(self, materials):
        self.__dict__["_material_list"] = materials

    def Materials(self):
        """The materials this actor's mesh uses: its figure's for a body part, its own for
        a prop (the same objects every call); none for cameras and lights."""
        if self._figure is not None and self._kind == self._BODY_PART:
            return self._figure.Materials()
        materials = self._materials
        geom = self._geometry
        if geom is not None and self._kind in self._PROP_KINDS:
            for name in geom._material_names:
                material_for(self, name)
        return list(materials)

    def Material(self, name):
        """A material of this actor (or its figure) by name; poser.error when there is none."""
        material = find_material(self.Materials(), name)
        if material is None:
            raise error("actor '%s' has no material '%s'" % (self._name, name))
        return material

    FindMaterialByName = Material  # the manual's syntax line and example use this name

    # ------------------------------------------------------------------ placement
    def Origin(self):
        """The origin (joint centre); for cameras and lights, where they are in the world."""
        if self._kind in (self._CAMERA, self._LIGHT):
            return self.WorldDisplacement()
        return self._origin

    def SetOrigin(self, x, y, z):
        if self._kind in (self._CAMERA, self._LIGHT):
            self._place_at((float(x), float(y), float(z)))
            return
        self._origin = (float(x), float(y), float(z))

    def _place_at(self, position):
        """Sets a camera's dolly (or a light's translation) dials so that it sits at
        ``position`` with its current rotations."""
        names = ("dollyX", "dollyY", "dollyZ") if self._dial_parm("dollyX") is not None else ("xtran", "ytran", "ztran")
        if names[0] == "dollyX" and self._dial_parm("xOrbit") is not None:
            orbit = self._orbit3()
            if orbit is not None:
                position = _apply3(position, _transpose3(orbit))
        for name, value in zip(names, position):
            parm = self._dial_parm(name)
            if parm is not None:
                parm.SetValue(value)

    def EndPoint(self):
        return self._end

    def SetEndPoint(self, x, y, z):
        self._end = (float(x), float(y), float(z))

    SetEndpoint = SetEndPoint  # the manual's syntax line spells it so

    def Orientation(self):
        return self._orientation

    def SetOrientation(self, x, y, z):
        self._orientation = (float(x), float(y), float(z))

    def AlignmentRotationXYZ(self):
        return self._alignment

    def SetAlignmentRotationXYZ(self, Rx, Ry, Rz):
        self._alignment = (float(Rx), float(Ry), float(Rz))

    def AnimatableOrigin(self):
        return self._animatable_origin

    def SetAnimatableOrigin(self, animatable):
        self._animatable_origin = 1 if animatable else 0

    def _scale3(self):
        s = self._dial("scale", 1.0)
        return [[s * self._dial("xscale", 1.0), 0.0, 0.0], [0.0, s * self._dial("yscale", 1.0), 0.0],
                [0.0, 0.0, s * self._dial("zscale", 1.0)]]

    def _orbit3(self):
        return _euler((self._dial("xOrbit"), self._dial("yOrbit"), self._dial("zOrbit")), (2, 0, 1))

    def _rest_axis(self):
        """The direction this actor points at rest (its bone; -Z for cameras and lights)."""
        if self._kind in (self._CAMERA, self._LIGHT):
            return (0.0, 0.0, -1.0)
        direction = _normalized([e - o for e, o in zip(self._end, self._origin)])
        return direction or (0.0, 0.0, 1.0)

    def _local(self):
        """The local matrix (4x4 lists)."""
        kind = self._kind
        if kind == self._UNIVERSE:
            return _affine([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]], (0.0, 0.0, 0.0))
        scale = self._scale3()
        if kind == self._CAMERA:
            return self._camera_local(scale)
        names = self._rotation_names()
        rotation = _euler(tuple(self._dial(n) for n in names), self._gimbal_order())
        aim = self._aim_rotation()
        if aim is not None:
            rotation = aim
        orientation = _euler(self._orientation)
        m = scale if rotation is None else _mul3(scale, rotation)
        if orientation is not None:
            m = _mul3(_mul3(_transpose3(orientation), m), orientation)
        o = self._origin
        t = (self._dial("xtran"), self._dial("ytran"), self._dial("ztran"))
        moved = _apply3(o, m)
        return _affine(m, (o[0] - moved[0] + t[0], o[1] - moved[1] + t[1], o[2] - moved[2] + t[2]))

    def _camera_local(self, scale):
        dolly = (self._dial("dollyX"), self._dial("dollyY"), self._dial("dollyZ"))
        if self._dial_parm("xOrbit") is not None:
            orbit = self._orbit3()
            position = _apply3(dolly, orbit) if orbit is not None else dolly
            rotation = orbit
        else:
            rotation = _euler((self._dial("xrot"), self._dial("yrot"), self._dial("zrot")), (2, 0, 1))
            position = dolly
        aim = self._aim_rotation(position)
        if aim is not None:
            rotation = aim
        m = scale if rotation is None else _mul3(scale, rotation)
        return _affine(m, position)

    def _aim_rotation(self, position=None):
        """The rotation that points this actor at its PointAt target, scaled by its
        "Point At" dial; None when it points at nothing."""
        target = self._point_at
        if target is None or self._aiming:
            return None
        strength = self._dial("PointAt", 1.0)
        if not strength:
            return None
        self._aiming = True
        try:
            parent = self.Parent()
            parent_world = parent._world() if parent is not None else None
            if position is None:
                o = self._origin
                position = (o[0] + self._dial("xtran"), o[1] + self._dial("ytran"), o[2] + self._dial("ztran"))
            here = position if parent_world is None else _apply_point(position, parent_world)
            there = _apply_point(target._pivot(), target._world())
            direction = _normalized([b - a for a, b in zip(here, there)])
            if direction is None:
                return None
            if parent_world is not None:
                inverse = _inverse3([row[:3] for row in parent_world[:3]])
                if inverse is not None:
                    direction = _normalized(_apply3(direction, inverse)) or direction
            full = _aim(self._rest_axis(), direction)
            if strength == 1.0:
                return full
            q = _quaternion(_affine(full, (0.0, 0.0, 0.0)))
            angle = 2.0 * math.acos(max(-1.0, min(1.0, q[0])))
            axis = _normalized(q[1:])
            if axis is None:
                return full
            return _axis_angle(axis, angle * strength)
        finally:
            self._aiming = False

    def _pivot(self):
        """The point this actor turns about, in its own model space."""
        if self._kind in (self._CAMERA, self._LIGHT, self._UNIVERSE):
            return (0.0, 0.0, 0.0)
        return self._origin

    def _world(self):
        m = self._local()
        parent = self.Parent()
        while parent is not None:
            m = _mul4(m, parent._local())
            parent = parent.Parent()
        return m

    def LocalMatrix(self):
        return as_tuple(self._local())

    def WorldMatrix(self):
        return as_tuple(self._world())

    def ScaleMatrix(self):
        return as_tuple(_affine(self._scale3(), (0.0, 0.0, 0.0)))

    def LocalDisplacement(self):
        if self._kind == self._CAMERA:
            return (self._dial("dollyX"), self._dial("dollyY"), self._dial("dollyZ"))
        return (self._dial("xtran"), self._dial("ytran"), self._dial("ztran"))

    def WorldDisplacement(self):
        m = self._world()
        return (m[3][0], m[3][1], m[3][2])

    def LocalQuaternion(self):
        return _quaternion(self._local())

    def WorldQuaternion(self):
        return _quaternion(self._world())

    def PointAt(self, target):
        """Aims this actor at ``target`` (None stops aiming); adds its "Point At" dial."""
        if target is not None:
            require(target, ActorType, "PointAt")
            if target is self:
                raise error("an actor cannot point at itself")
            if self._dial_parm("PointAt") is None:
                self._add_parm(ParmType(self, "Point At", kParmCodePOINTAT, 1.0, 0.0, 1.0, "PointAt"))
        self._point_at = target

    def DropToFloor(self):
        """Moves the actor down (or up) along world Y until its lowest vertex is at Y = 0."""
        lowest = self._lowest_world_y()
        if lowest is not None:
            self._shift_world_y(-lowest)

    def _lowest_world_y(self):
        geom = self.Geometry()
        if geom is None or not geom.NumVertices():
            return None
        m = self._world()
        coords = geom._coords
        return min(coords[i] * m[0][1] + coords[i + 1] * m[1][1] + coords[i + 2] * m[2][1] + m[3][1]
                   for i in range(0, len(coords), 3))

    def _shift_world_y(self, dy):
        parent = self.Parent()
        shift = (0.0, dy, 0.0)
        if parent is not None:
            inverse = _inverse3([row[:3] for row in parent._world()[:3]])
            if inverse is not None:
                shift = _apply3(shift, inverse)
        names = ("dollyX", "dollyY", "dollyZ") if self._kind == self._CAMERA else ("xtran", "ytran", "ztran")
        for name, amount in zip(names, shift):
            parm = self._dial_parm(name)
            if parm is not None and amount:
                parm.SetValue(parm.UnaffectedValue() + amount)

    # ------------------------------------------------------------------ joints and welds
    def JointVertexWeights(self, axis):
        """Per-vertex weights of the joint bending about ``axis`` ('x', 'y' or 'z'); None
        when there is no such joint (not a body part, or the twist axis)."""
        return self._weights(axis, twist=False)

    def TwistVertexWeights(self, axis):
        """Per-vertex weights of the twist about ``axis``; None unless ``axis`` is this body
        part's twist axis."""
        return self._weights(axis, twist=True)

    def _weights(self, axis, twist):
        axis = str(axis).lower()
        if axis not in ("x", "y", "z"):
            raise error("axis must be 'x', 'y' or 'z', not %r" % (axis,))
        if self._kind != self._BODY_PART or (axis == self._axis) != twist:
            return None
        geom = self.Geometry()
        if geom is None:
            return None
        return _skeleton.joint_weights(self._internal_name.split(":")[0], list(geom._coords), axis)

    def WeldGoalActors(self):
        """The actors this one is welded to: its parent body part when they share vertices."""
        parent = self._parent
        if self._kind != self._BODY_PART or parent is None or parent._kind != self._BODY_PART:
            return []
        goals = self._weld_goal(parent)
        return [parent] if goals is not None else []

    def WeldGoals(self):
        """Per weld goal actor, one entry per vertex of this actor: the vertex of the goal
        actor it is welded to, or -1."""
        return [self._weld_goal(goal) for goal in self.WeldGoalActors()]

    def _weld_goal(self, goal):
        mine, theirs = self.Geometry(), goal.Geometry()
        if mine is None or theirs is None:
            return None
        where = {}
        coords = theirs._coords
        for i in range(len(coords) // 3):
            where.setdefault(_key(coords, i), i)
        coords = mine._coords
        found = [where.get(_key(coords, i), -1) for i in range(len(coords) // 3)]
        return found if any(i >= 0 for i in found) else None

    # ------------------------------------------------------------------ flags
    def Visible(self):
        return self._visible

    def SetVisible(self, visible):
        self._visible = 1 if visible else 0

    def OnOff(self):
        return self._on

    def SetOnOff(self, on):
        self._on = 1 if on else 0

    def Bends(self):
        return self._bends

    def SetBends(self, bends=1):
        self._bends = 1 if bends else 0

    def CastsShadows(self):
        return self._casts_shadows

    CastShadows = CastsShadows  # the manual's index spells it so

    def SetCastsShadows(self, Cast):
        self._casts_shadows = 1 if Cast else 0

    SetCastShadows = SetCastsShadows

    def BackfaceCull(self):
        return self._backface_cull

    def SetBackfaceCull(self, on=1):
        self._backface_cull = 1 if on else 0

    def SmoothPolys(self):
        return self._smooth_polys

    def SetSmoothPolys(self, Smooth):
        self._smooth_polys = 1 if Smooth else 0

    def Static(self):
        return self._static

    def SetStatic(self, on=1):
        self._static = 1 if on else 0

    def SetIncludeInBoundingBox(self, on=1):
        self._include_in_bbox = 1 if on else 0

    def VisibleInCamera(self):
        return self._visible_in_camera

    def SetVisibleInCamera(self, Visible):
        self._visible_in_camera = 1 if Visible else 0

    def VisibleInIDL(self):
        return self._visible_in_idl

    def SetVisibleInIDL(self, Visible):
        self._visible_in_idl = 1 if Visible else 0

    def VisibleInReflections(self):
        return self._visible_in_reflections

    def SetVisibleInReflections(self, on=1):
        self._visible_in_reflections = 1 if on else 0

    def VisibleInRender(self):
        return self._visible_in_render

    def SetVisibleInRender(self, on=1):
        self._visible_in_render = 1 if on else 0

    def CreaseAngle(self):
        return self._crease_angle

    def SetCreaseAngle(self, angle):
        self._crease_angle = float(angle)

    def DisplacementBounds(self):
        return self._displacement_bounds

    def SetDisplacementBounds(self, dispBounds):
        self._displacement_bounds = float(dispBounds)

    def ShadingRate(self):
        return self._shading_rate

    def SetShadingRate(self, minShadingRate):
        self._shading_rate = float(minShadingRate)

    def DisplayStyle(self):
        return self._display_style

    def SetDisplayStyle(self, displayCode):
        self._display_style = int(displayCode)

    def SetShadowRaytraceSoftness(self, SoftnessRad):
        self._shadow_softness = int(SoftnessRad)

    def Selected(self):
        return 1 if Scene().CurrentActor() is self else 0

    def MeasurementValue(self):
        if self._kind != self._MEASUREMENT:
            raise error("'%s' is not a measurement" % self._name)
        return self._measurement

    # Custom data
    def CustomData(self, key):
        entry = (self._custom or {}).get(key)
        return entry[0] if entry is not None else None

    def SetCustomData(self, key, value, storeWithPoses=0, storeWithMaterials=0):
        """Stores ``value`` under ``key`` (None removes it); the flags say whether pose and
        material files carry it too."""
        if self._custom is None:
            self._custom = {}
        if value is None:
            self._custom.pop(key, None)
        else:
            self._custom[key] = (value, 1 if storeWithPoses else 0, 1 if storeWithMaterials else 0)

    # Callbacks
    def SetLocalTransformCallback(self, newCB, cbArgs=None):
        self._set_callback("local", newCB, cbArgs)

    def ClearLocalTransformCallback(self):
        (self._callbacks or {}).pop("local", None)

    def SetVertexCallback(self, newCB, cbArgs=None):
        self._set_callback("vertex", newCB, cbArgs)

    def ClearVertexCallback(self):
        (self._callbacks or {}).pop("vertex", None)

    def _set_callback(self, which, callback, args):
        if not callable(callback):
            raise error("a callback must be a function")
        if self._callbacks is None:
            self._callbacks = {}
        self._callbacks[which] = (callback, args)
        _WITH_CALLBACKS.add(self)

    def _run_callbacks(self):
        """Runs this actor's local transform callback, then its vertex callback, as one
        scene update would: ``newCB(actor)`` (``newCB(actor, cbArgs)`` when given). An
        exception is printed to stderr, as Poser prints it, and the update goes on."""
        for which in ("local", "vertex"):
            entry = (self._callbacks or {}).get(which)
            if entry is not None:
                callback, args = entry
                try:
                    callback(self) if args is None else callback(self, args)
                except Exception:
                    import traceback

                    traceback.print_exc()

    # ------------------------------------------------------------------ keyframes
    def AddKeyFrame(self, frame=None):
        for parm in self._parameters():
            parm.AddKeyFrame(frame)

    def DeleteKeyFrame(self, frame=None):
        for parm in self._parameters():
            parm.DeleteKeyFrame(frame)

    def NextKeyFrame(self):
        """The first frame after the current one where a dial of this actor has a key;
        None when there is none."""
        frames = [f for f in (p.NextKeyFrame() for p in self._parameters()) if f is not None]
        return min(frames) if frames else None

    def PrevKeyFrame(self):
        frames = [f for f in (p.PrevKeyFrame() for p in self._parameters()) if f is not None]
        return max(frames) if frames else None

    def SetRangeSpline(self, startFrame, endFrame):
        for parm in self._parameters():
            parm.SetRangeSpline(startFrame, endFrame)

    def SetRangeLinear(self, startFrame, endFrame):
        for parm in self._parameters():
            parm.SetRangeLinear(startFrame, endFrame)

    def SetRangeConstant(self, startFrame, endFrame):
        for parm in self._parameters():
            parm.SetRangeConstant(startFrame, endFrame)

    def SetSplineBreak(self, frame=None, on=1):
        for parm in self._parameters():
            parm.SetSplineBreak(frame, on)

    # ------------------------------------------------------------------ memorize, reset
    def Memorize(self):
        """The current dial values (and placement) become what Reset/Restore return to.
        (A dial's own value: what other dials add through value operations is not kept.)"""
        self._memo = (dict((p, p.UnaffectedValue()) for p in self._parameters()), self._placement())

    def _placement(self):
        return dict(_origin=self._origin, _end=self._end, _orientation=self._orientation,
                    _alignment=self._alignment)

    def Reset(self):
        """Dials back to their memorized values (their first values if never memorized)."""
        values = self._memo[0] if self._memo is not None else {}
        initial = self._initial if self._parms is not None else {}
        for parm in self._parameters():
            value = values.get(parm, initial.get(parm, parm.InitValue()))
            if parm.UnaffectedValue() != value:
                parm.SetValue(value)

    def Restore(self):
        """Reset, and the origin, end point, orientation and alignment back too."""
        self.Reset()
        if self._memo is not None:
            self.__dict__.update(self._memo[1])
        else:
            for name in ("_orientation", "_alignment"):
                self.__dict__.pop(name, None)
            self._origin, self._end = self._rest

    # ------------------------------------------------------------------ deletion
    def Delete(self):
        """Removes the actor from the scene; a figure's body parts cannot be deleted."""
        if self._kind == self._BODY_PART:
            raise error("'%s' is a body part of '%s'; body parts cannot be deleted"
                        % (self._name, self._figure.Name() if self._figure is not None else "?"))
        if self._kind == self._UNIVERSE:
            raise error("the universe cannot be deleted")
        parts = [self]
        if self._kind in (self._MAGNET, self._WAVE):
            parts.extend(z for z in self._zones)
            if self._base is not None:
                parts.append(self._base)
        for part in parts:
            Scene()._delete_actor(part)
            part._detach()

    def _detach(self):
        if self._parent is not None and self in self._parent._children:
            self._parent._children.remove(self)
        for child in list(self._children):
            child._parent = None
        self._children = []

    # ------------------------------------------------------------------ lights
    def _light(self, what):
        if self._kind != self._LIGHT:
            raise error("%s: '%s' is not a light" % (what, self._name))

    def _image_light(self, what):
        self._light(what)
        if self._light_type != kLightCodeIMAGE:
            raise error("%s: '%s' is not an image light" % (what, self._name))

    def LightType(self):
        self._light("LightType")
        return self._light_type

    def SetLightType(self, lightTypeCode):
        self._light("SetLightType")
        if lightTypeCode not in _LIGHT_TYPES:
            raise error("SetLightType: unknown light type %r" % (lightTypeCode,))
        self._light_type = lightTypeCode

    def LightOn(self):
        self._light("LightOn")
        return self._light_on

    def SetLightOn(self, lightOn):
        self._light("SetLightOn")
        self._light_on = 1 if lightOn else 0

    def LightAttenType(self):
        self._light("LightAttenType")
        return self._atten_type

    def SetLightAttenType(self, lightAttenTypeCode):
        self._light("SetLightAttenType")
        if lightAttenTypeCode not in _ATTEN_TYPES:
            raise error("SetLightAttenType: unknown falloff type %r" % (lightAttenTypeCode,))
        self._atten_type = lightAttenTypeCode

    def Shadow(self):
        self._light("Shadow")
        return self._shadow

    def SetShadow(self, shadow):
        self._light("SetShadow")
        self._shadow = 1 if shadow else 0

    def RayTraceShadows(self):
        self._light("RayTraceShadows")
        return self._raytrace_shadows

    def SetRayTraceShadows(self, on=1):
        self._light("SetRayTraceShadows")
        self._raytrace_shadows = 1 if on else 0

    def ShadowBiasMin(self):
        self._light("ShadowBiasMin")
        return self._shadow_bias_min

    def SetShadowBiasMin(self, minShadowBias):
        self._light("SetShadowBiasMin")
        self._shadow_bias_min = float(minShadowBias)

    def ShadowBiasMax(self):
        self._light("ShadowBiasMax")
        return self._shadow_bias_max

    def SetShadowBiasMax(self, maxShadowBias):
        self._light("SetShadowBiasMax")
        self._shadow_bias_max = float(maxShadowBias)

    def ShadowBlurRadius(self):
        self._light("ShadowBlurRadius")
        return self._shadow_blur_radius

    def SetShadowBlurRadius(self, shadowBlurRad):
        self._light("SetShadowBlurRadius")
        self._shadow_blur_radius = int(shadowBlurRad)

    def AtmosphereStrength(self):
        self._light("AtmosphereStrength")
        return self._atmosphere_strength

    def SetAtmosphereStrength(self, atmStrength):
        self._light("SetAtmosphereStrength")
        self._atmosphere_strength = float(atmStrength)

    def AmbientOcclusion(self):
        self._image_light("AmbientOcclusion")
        return self._ambient_occlusion

    def SetAmbientOcclusion(self, ambientocclusion):
        self._image_light("SetAmbientOcclusion")
        self._ambient_occlusion = 1 if ambientocclusion else 0

    def AmbientOcclusionStrength(self):
        self._image_light("AmbientOcclusionStrength")
        return self._ao_strength

    def SetAmbientOcclusionStrength(self, strength):
        self._image_light("SetAmbientOcclusionStrength")
        self._ao_strength = float(strength)

    def AmbientOcclusionDistance(self):
        self._image_light("AmbientOcclusionDistance")
        return self._ao_distance

    def SetAmbientOcclusionDistance(self, distance):
        self._image_light("SetAmbientOcclusionDistance")
        self._ao_distance = float(distance)

    def AmbientOcclusionBias(self):
        self._image_light("AmbientOcclusionBias")
        return self._ao_bias

    def SetAmbientOcclusionBias(self, bias):
        self._image_light("SetAmbientOcclusionBias")
        self._ao_bias = float(bias)

    # ------------------------------------------------------------------ hair
    def CreateHairGroup(self, name):
        """A new hair group growing on this actor, with its hair prop (a child of it)."""
        from ._hair_cloth import HairType

        if self.Geometry() is None:
            raise error("'%s' has no geometry to grow hair on" % self._name)
        scene = Scene()
        number = 1 + sum(1 for actor in scene._props if actor._kind == self._HAIR)
        prop = ActorType(str(name), "hair_%d" % number, self._HAIR, parent=self)
        scene._props.append(prop)
        group = HairType(self, str(name), prop)
        if "_hair_groups" not in self.__dict__:
            self._hair_groups = []
        self._hair_groups.append(group)
        return group

    def NumHairGroups(self):
        return len(self._hair_groups)

    def HairGroup(self, index):
        if not isinstance(index, int) or not 0 <= index < len(self._hair_groups):
            raise error("hair group index %r out of range 0..%d" % (index, len(self._hair_groups) - 1))
        return self._hair_groups[index]

    # ------------------------------------------------------------------ material collections
    def SaveMaterialCollection(self, FileName):
        """Writes this actor's selected materials (``MaterialType.Selected()``), values and
        shader trees, to a material collection file (a small JSON format of the stub)."""
        import json

        from ._material_files import material_to_data

        entries = [material_to_data(m) for m in self.Materials() if m.Selected()]
        document = {"format": _COLLECTION_FORMAT, "version": 1, "actor": self._internal_name,
                    "materials": entries}
        path = os.path.abspath(str(FileName))
        try:
            with open(path, "w") as handle:
                json.dump(document, handle, indent=1, sort_keys=True)
        except (IOError, OSError) as problem:
            raise error("SaveMaterialCollection: cannot write %s: %s" % (path, problem))
        log("SaveMaterialCollection", path)

    def LoadMaterialCollection(self, FileName):
        """Gives this actor's materials the values and shader trees a material collection
        file holds for materials of the same names (others stay as they are)."""
        import json

        from ._material_files import material_from_data

        path = os.path.abspath(str(FileName))
        try:
            with open(path) as handle:
                document = json.load(handle)
        except (IOError, OSError) as problem:
            raise error("LoadMaterialCollection: cannot read %s: %s" % (path, problem))
        except ValueError:
            raise error("LoadMaterialCollection: %s is not a material collection" % path)
        if not isinstance(document, dict) or document.get("format") != _COLLECTION_FORMAT:
            raise error("LoadMaterialCollection: %s is not a material collection" % path)
        materials = self.Materials()
        for entry in document.get("materials", []):
            material = find_material(materials, entry.get("name")) if isinstance(entry, dict) else None
            if material is not None:
                material_from_data(material, entry)
        log("LoadMaterialCollection", path)

    def __repr__(self):
        return "<ActorType '%s' (%s%s)>" % (
            self._name, self._kind,
            ", %s" % self._figure.Name() if self._figure is not None else "")


# Actors that have a callback set (weakly held): what an update has to run.
_WITH_CALLBACKS = weakref.WeakSet()


def run_actor_callbacks():
    """Runs every actor's local transform and vertex callbacks: what a scene update (Draw,
    DrawAll, SetFrame) should call before its world-space callback."""
    for actor in list(_WITH_CALLBACKS):
        if actor._callbacks:
            actor._run_callbacks()


def _apply_point(p, m):
    return tuple(p[0] * m[0][c] + p[1] * m[1][c] + p[2] * m[2][c] + m[3][c] for c in range(3))


def _key(coords, i):
    return (round(coords[3 * i], 5), round(coords[3 * i + 1], 5), round(coords[3 * i + 2], 5))


_COLLECTION_FORMAT = "PoserTalkr material collection"

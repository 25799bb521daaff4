"""Figures: FigureType, a posable figure built from the body-part table in ``_skeleton``.

What other areas may rely on: ``FigureType(name, number, geom_file="")`` makes a figure
(body parts' internal names get ":<number>" from the second figure on, as in Poser);
``figure._actors`` is its actors in hierarchy order, BODY first. Making a figure makes its
actors only; their dials and meshes come on first use.
"""

import functools
import sys
from array import array

from ._actors import ActorType
from ._base import Named, find_named
from ._calllog import error, log, require
from ._codes import kDisplayCodeUSEPARENTSTYLE, kParmCodeTARGET, kParmCodeVALUE, kValueOpTypeCodeDELTAADD
from ._current import Scene
from ._geometry import GeomType
from ._materials import MaterialType, find_material
from ._parameters import ParmType
from ._skeleton import BOTTOM_PARTS, SKELETON, side_of, tube

_IK_CHAINS = ("Right Hand", "Left Hand", "Right Leg", "Left Leg")
_TORSO = ("waist", "abdomen", "chest")
_MIRRORED = ("yrot", "zrot", "xtran")  # dials whose sign flips between left and right
_ROTATIONS = ("xrot", "yrot", "zrot")
_TRANSLATIONS = ("xtran", "ytran", "ztran")
_SCALES = ("scale", "xscale", "yscale", "zscale")
_MATERIALS = (("Skin", (0.93, 0.76, 0.65)), ("Eyes", (0.2, 0.3, 0.6)), ("Hair", (0.25, 0.15, 0.1)))


def _part_geometry(internal):
    coords, starts, counts, sets, uvs = tube(internal)
    material = "Eyes" if internal in ("lEye", "rEye") else "Skin"
    return GeomType(coords, starts, counts, sets, (material,), (internal,), uvs)


class FigureType(Named):
    """A posable figure: body-part actors under its BODY actor, with shared materials."""

    _visible = 1
    _display_style = kDisplayCodeUSEPARENTSTYLE
    _conform_target = None
    _conform_map = None
    _follow_origins = 0
    _include_morphs = 1
    _include_scales = 1
    _include_translations = 1
    _match_endpoints = 0
    _subdiv = 0
    _subdiv_render = 1
    _skin_type = 0
    _startup_script = ""
    _custom = None
    _parent_actor = None
    _motion_rig = None
    _measures = None

    def __init__(self, name, number, geom_file=""):
        self._name = name
        self._internal_name = name
        self._number = number
        self._geom_file = geom_file or ":Runtime:Geometries:stub:%s.obj" % name.replace(" ", "")
        self._ik = [0] * len(_IK_CHAINS)
        suffix = "" if number <= 1 else ":%d" % number
        self._actors = []
        by_internal = {}
        part = ActorType._BODY_PART
        for internal, display, parent, origin, end, radius, axis in SKELETON:
            build = functools.partial(_part_geometry, internal) if radius > 0 else None
            actor = ActorType(display, internal + suffix, part, self, by_internal.get(parent), None, origin, 0.0,
                              None, end, axis, build)
            by_internal[internal] = actor
            self._actors.append(actor)

    # ------------------------------------------------------------------ actors
    def Actors(self):
        return list(self._actors)

    def Actor(self, name):
        """A body part by display name or internal name ('Left Forearm' or 'lForeArm';
        'lForeArm' also finds 'lForeArm:2' of a second figure)."""
        actor = find_named(self._actors, name) or self._part(name)
        if actor is None:
            raise error("figure '%s' has no actor '%s'" % (self._name, name))
        return actor

    def ActorByInternalName(self, name):
        """A body part by internal name; 'hip' also finds 'hip:2' of a second figure."""
        for actor in self._actors:
            if actor.InternalName() == name:
                return actor
        for actor in self._actors:
            if actor.InternalName().split(":")[0] == name:
                return actor
        actor = find_named(self._actors, name)
        if actor is None:
            raise error("figure '%s' has no actor with internal name '%s'" % (self._name, name))
        return actor

    def _part(self, base):
        for actor in self._actors:
            if actor.InternalName().split(":")[0] == base:
                return actor
        return None

    def ParentActor(self):
        """The actor the whole figure hangs from: its BODY unless SetParentActor changed it."""
        return self._parent_actor if self._parent_actor is not None else self._actors[0]

    def SetParentActor(self, newParent):
        require(newParent, ActorType, "SetParentActor")
        if newParent.ItsFigure() is self:
            raise error("a figure cannot hang from one of its own actors")
        self._actors[0].SetParent(newParent)
        self._parent_actor = newParent

    def RootActor(self):
        """Not in the manual: the hip, root of the body parts (what SelectFigure selects)."""
        return self._actors[1] if len(self._actors) > 1 else self._actors[0]

    def NumbBodyParts(self):
        """Not in the manual: how many body parts have geometry."""
        return sum(1 for actor in self._actors if actor._geometry is not None or actor._build is not None)

    # ------------------------------------------------------------------ materials, display
    @property
    def _materials(self):
        """The figure's material list (``_materials.materials_of`` reads it), made on first
        use; its body parts' meshes use these materials by name."""
        materials = self.__dict__.get("_material_list")
        if materials is None:
            materials = self.__dict__["_material_list"] = [MaterialType(name, color, self)
                                                           for name, color in _MATERIALS]
        return materials

    @_materials.setter
    def _materials(self, materials):
        self.__dict__["_material_list"] = materials

    def Materials(self):
        return list(self._materials)

    def Material(self, name):
        material = find_material(self._materials, name)
        if material is None:
            raise error("figure '%s' has no material '%s'" % (self._name, name))
        return material

    def Visible(self):
        return self._visible

    def SetVisible(self, visible):
        self._visible = 1 if visible else 0

    def SetOnOff(self, on):
        self._visible = 1 if on else 0

    def DisplayStyle(self):
        return self._display_style

    def SetDisplayStyle(self, displayCode):
        self._display_style = int(displayCode)

    def GeomFileName(self):
        return self._geom_file

    def SetSkinType(self, on):
        if int(on) not in (0, 1, 2, 3):
            raise error("SetSkinType: skin type %r is not 0, 1, 2 or 3" % (on,))
        self._skin_type = int(on)

    # ------------------------------------------------------------------ custom data, scripts
    def CustomData(self, key):
        entry = (self._custom or {}).get(key)
        return entry[0] if entry is not None else None

    def SetCustomData(self, key, value, storeWithPoses=0, storeWithMaterials=0):
        if self._custom is None:
            self._custom = {}
        if value is None:
            self._custom.pop(key, None)
        else:
            self._custom[key] = (value, 1 if storeWithPoses else 0, 1 if storeWithMaterials else 0)

    def StartupScript(self):
        return self._startup_script

    def SetStartupScript(self, filePath):
        self._startup_script = str(filePath)

    def ClearStartupScript(self):
        self._startup_script = ""

    def SetMeAsStartupScript(self):
        """The running script (``__main__``'s file) becomes the figure's startup script."""
        main = sys.modules.get("__main__")
        path = getattr(main, "__file__", None) or (sys.argv[0] if sys.argv and sys.argv[0] else "")
        self._startup_script = str(path)
        log("SetMeAsStartupScript", self._startup_script)

    # ------------------------------------------------------------------ conforming
    def ConformTarget(self):
        return self._conform_target

    def SetConformTarget(self, conformee):
        """Conforms this figure to ``conformee`` (None stops): its matching body parts take
        the conformee's pose now and follow it from then on."""
        if conformee is not None:
            require(conformee, FigureType, "SetConformTarget")
            walker = conformee
            while walker is not None:
                if walker is self:
                    raise error("'%s' cannot conform to '%s': that figure follows it" % (self._name, conformee.Name()))
                walker = walker._conform_target
        self._conform_target = None
        self._conform_map = None
        if conformee is not None:
            self._copy_pose_from(conformee)
            self._conform_target = conformee
            self._conform_map = dict((a.InternalName().split(":")[0], a) for a in conformee._actors)

    def ConformTo(self, conformee):
        """Poses ``conformee`` like this figure (it conforms to this one)."""
        require(conformee, FigureType, "ConformTo")
        conformee.SetConformTarget(self)

    def _conform_names(self, parm):
        internal = parm.InternalName()
        if internal in _ROTATIONS:
            return True
        if internal in _TRANSLATIONS:
            return bool(self._include_translations)
        if internal in _SCALES:
            return bool(self._include_scales)
        if parm.TypeCode() == kParmCodeTARGET:
            return bool(self._include_morphs)
        return False

    def _conform_source(self, actor, internal):
        """The conform target's dial that drives ``actor``'s dial ``internal``, or None."""
        target = self._conform_map.get(actor.InternalName().split(":")[0]) if self._conform_map else None
        if target is None:
            return None
        parm = target._dial_parm(internal)
        if parm is None:
            return None
        mine = actor._dial_parm(internal)
        return parm if mine is not None and self._conform_names(mine) else None

    def _copy_pose_from(self, source):
        matches = dict((a.InternalName().split(":")[0], a) for a in source._actors)
        for actor in self._actors:
            other = matches.get(actor.InternalName().split(":")[0])
            if other is None:
                continue
            for parm in actor.Parameters():
                if self._conform_names(parm):
                    theirs = other._dial_parm(parm.InternalName())
                    if theirs is not None and theirs.UnaffectedValue() != parm.UnaffectedValue():
                        parm.SetValue(theirs.UnaffectedValue())

    def FollowOriginsWhenConforming(self):
        return self._follow_origins

    def SetFollowOriginsWhenConforming(self, on):
        self._follow_origins = 1 if on else 0

    def IncludeMorphsWhenConforming(self):
        return self._include_morphs

    def SetIncludeMorphsWhenConforming(self, on):
        self._include_morphs = 1 if on else 0

    def IncludeScalesWhenConforming(self):
        return self._include_scales

    def SetIncludeScalesWhenConforming(self, on):
        self._include_scales = 1 if on else 0

    def IncludeTranslationsWhenConforming(self):
        return self._include_translations

    def SetIncludeTranslationsWhenConforming(self, on):
        self._include_translations = 1 if on else 0

    def MatchEndpointsWhenConforming(self):
        return self._match_endpoints

    def SetMatchEndpointsWhenConforming(self, on):
        self._match_endpoints = 1 if on else 0

    def CopyJointParmsFrom(self, figure, searchAllWeightMaps=None):
        """Takes the joint setup (origins, end points, orientations) of ``figure``'s
        matching body parts."""
        require(figure, FigureType, "CopyJointParmsFrom")
        for actor in self._actors:
            other = figure._part(actor.InternalName().split(":")[0])
            if other is not None:
                actor._origin, actor._end = other._origin, other._end
                actor._orientation = other._orientation

    # ------------------------------------------------------------------ IK
    def IkNames(self):
        return list(_IK_CHAINS)

    def NumIkChains(self):
        return len(_IK_CHAINS)

    def IkStatus(self, whichLimb):
        return self._ik[self._ik_index(whichLimb)]

    def SetIkStatus(self, whichLimb, on):
        self._ik[self._ik_index(whichLimb)] = 1 if on else 0

    def _ik_index(self, which):
        if not isinstance(which, int) or not 0 <= which < len(_IK_CHAINS):
            raise error("IK chain index %r out of range 0..%d" % (which, len(_IK_CHAINS) - 1))
        return which

    # ------------------------------------------------------------------ posing
    def Memorize(self):
        for actor in self._actors:
            actor.Memorize()

    def Reset(self):
        for actor in self._actors:
            actor.Reset()

    def Restore(self):
        for actor in self._actors:
            actor.Restore()

    def DropToFloor(self):
        """Moves the whole figure along Y until its lowest vertex touches Y = 0."""
        lows = [low for low in (a._lowest_world_y() for a in self._actors if a.Visible()) if low is not None]
        if lows:
            self._actors[0]._shift_world_y(-min(lows))

    def StraightenBody(self):
        """Straightens the torso: its parts' bends and side-sides back to 0 (twists stay)."""
        for base in _TORSO:
            actor = self._part(base)
            if actor is not None:
                for name in ("xrot", "zrot"):
                    parm = actor._dial_parm(name)
                    if parm is not None and parm.UnaffectedValue():
                        parm.SetValue(0.0)

    def _pairs(self, region):
        """(left actor, right actor) for every l/r pair in ``region`` ("top", "bottom", "all")."""
        by_side = {}
        for actor in self._actors:
            side, rest = side_of(actor.InternalName())
            if side is None:
                continue
            bottom = rest in BOTTOM_PARTS or "Toe" in rest
            if region == "all" or (region == "bottom") == bottom:
                by_side.setdefault(rest, {})[side] = actor
        return [(pair["l"], pair["r"]) for pair in by_side.values() if "l" in pair and "r" in pair]

    @staticmethod
    def _mirror(internal, value):
        return 0.0 - value if internal in _MIRRORED else value

    def _copy_side(self, region, left_to_right, copy_joints):
        for left, right in self._pairs(region):
            source, target = (left, right) if left_to_right else (right, left)
            for parm in source.Parameters():
                other = target._dial_parm(parm.InternalName())
                if other is not None:
                    value = self._mirror(parm.InternalName(), parm.UnaffectedValue())
                    if other.UnaffectedValue() != value:
                        other.SetValue(value)
            if copy_joints:
                target._origin = (-source._origin[0], source._origin[1], source._origin[2])
                target._end = (-source._end[0], source._end[1], source._end[2])
                o = source._orientation
                target._orientation = (o[0], -o[1], -o[2])

    def _swap(self, region):
        for left, right in self._pairs(region):
            for name in _ROTATIONS:
                a, b = left._dial_parm(name), right._dial_parm(name)
                if a is not None and b is not None:
                    va, vb = a.UnaffectedValue(), b.UnaffectedValue()
                    a.SetValue(self._mirror(name, vb))
                    b.SetValue(self._mirror(name, va))

    def SymmetryLeftToRight(self, copyJoints=0):
        self._copy_side("all", True, copyJoints)

    def SymmetryRightToLeft(self, copyJoints=0):
        self._copy_side("all", False, copyJoints)

    def SymmetryTopLeftToRight(self, copyJoints=0):
        self._copy_side("top", True, copyJoints)

    def SymmetryTopRightToLeft(self, copyJoints=0):
        self._copy_side("top", False, copyJoints)

    def SymmetryBotLeftToRight(self, copyJoints=0):
        self._copy_side("bottom", True, copyJoints)

    def SymmetryBotRightToLeft(self, copyJoints=0):
        self._copy_side("bottom", False, copyJoints)

    def SwapTop(self):
        self._swap("top")

    def SwapBottom(self):
        self._swap("bottom")

    # ------------------------------------------------------------------ morphs, rig
    def CreateFullBodyMorph(self, name):
        """A dial ``name`` on BODY that brings back the figure's current morph settings:
        each body part with morphs dialled gets a hidden morph ``name`` holding them, driven
        by the new BODY dial (which starts at 0)."""
        name = str(name)
        body = self._actors[0]
        if body.Parameter(name) is not None:
            raise error("'%s' already has a parameter '%s'" % (body.Name(), name))
        parts = []
        for actor in self._actors[1:]:
            if actor._geometry is None and actor._build is None:
                continue
            deltas = {}
            for parm in actor.Parameters():
                if parm.TypeCode() == kParmCodeTARGET and parm._deltas:
                    value = parm.Value()
                    if value:
                        for index, delta in parm._deltas.items():
                            old = deltas.get(index, (0.0, 0.0, 0.0))
                            deltas[index] = tuple(o + value * d for o, d in zip(old, delta))
            if deltas:
                if actor.Parameter(name) is not None:
                    raise error("'%s' already has a parameter '%s'" % (actor.Name(), name))
                parts.append((actor, deltas))
        dial = body._add_parm(ParmType(body, name, kParmCodeVALUE, 0.0, -1.0, 1.0, name))
        for actor, deltas in parts:
            morph = actor._new_morph(name, deltas)
            morph.SetHidden(1)
            morph.AddValueOperation(kValueOpTypeCodeDELTAADD, dial)

    def StripRig(self):
        """Removes every value operation (morph and magnet dependency) from the figure's dials."""
        for actor in self._actors:
            for parm in actor.Parameters():
                while parm.NumValueOperations():
                    parm.DeleteValueOperation(0)

    def ApplyMotionRig(self, motionRig):
        self._motion_rig = motionRig
        log("ApplyMotionRig", motionRig)

    def CheckFigureMagnets(self):
        log("CheckFigureMagnets", self._name)

    def ConvertToUniversalPose(self):
        log("ConvertToUniversalPose", self._name)

    def FigureMeasure(self):
        """Measures the hip height and the distance between the feet: two measurement
        actors ("Hip Height", "Feet Distance"; ``MeasurementValue()`` in PNU, ``Scene().
        Measurements()`` lists them), made the first time, updated after."""
        hip, left, right = self._part("hip"), self._part("lFoot"), self._part("rFoot")
        height = _world_point(hip, hip._origin)[1] if hip is not None else 0.0
        distance = 0.0
        if left is not None and right is not None:
            a = _world_point(left, left._origin)
            b = _world_point(right, right._origin)
            distance = sum((x - y) ** 2 for x, y in zip(a, b)) ** 0.5
        scene = Scene()
        if self._measures is None:
            self._measures = {}
        for label, internal, value in (("Hip Height", "hipHeight", height), ("Feet Distance", "feetDistance", distance)):
            actor = self._measures.get(label)
            if actor is None:
                actor = self._measures[label] = ActorType(label, "measure_%s_%d" % (internal, self._number),
                                                          ActorType._MEASUREMENT)
            actor._measurement = "%.6f" % value
            if actor not in scene.Actors():
                scene._add_actor(actor)
        log("FigureMeasure", self._name, round(height, 6), round(distance, 6))

    def AutoGroupActor(self, actor):
        """Puts each polygon of ``actor``'s mesh in the group of the body part nearest to it."""
        require(actor, ActorType, "AutoGroupActor")
        geom = actor.Geometry()
        if geom is None:
            raise error("'%s' has no geometry to group" % actor.Name())
        bones = [(a.InternalName().split(":")[0], a._origin, a._end) for a in self._actors
                 if a._build is not None or a._geometry is not None]
        for polygon in geom.Polygons():
            points = [(v.X(), v.Y(), v.Z()) for v in polygon.Vertices()]
            centre = tuple(sum(p[k] for p in points) / len(points) for k in range(3))
            best = min(bones, key=lambda bone: _segment_distance(centre, bone[1], bone[2]))
            polygon.IncludeInGroup(best[0])

    # ------------------------------------------------------------------ meshes
    def NumbSubdivLevels(self):
        return self._subdiv

    def SetNumbSubdivLevels(self, levels):
        self._subdiv = int(levels)

    def NumbSubdivRenderLevels(self):
        return self._subdiv_render

    def SetNumbSubdivRenderLevels(self, levels):
        self._subdiv_render = int(levels)

    def SubdivGeometry(self):
        """The unimesh subdivided ``NumbSubdivLevels()`` times (Catmull-Clark)."""
        from ._mesh_ops import subdivide

        return subdivide(self.UnimeshInfo()[0], self._subdiv)

    def UnimeshInfo(self):
        """``(geometry, actors, vertex maps)``: the figure as one welded mesh (a body part's
        vertices welded to its parent's are shared), the body parts that have geometry, and
        for each of them the unimesh index of each of its vertices. The mesh keeps each
        part's polygons, materials, group and UVs; its world vertices are the posed parts'."""
        from ._mesh_ops import merge

        actors = [a for a in self._actors if a.Geometry() is not None]
        merged, merged_maps = merge([a.Geometry() for a in actors], [m.Name() for m in self.Materials()])
        new_index = [0] * merged.NumVertices()
        kept = []  # (actor position, vertex) of each unimesh vertex
        maps = []
        for k, actor in enumerate(actors):
            welded = {}
            for goal, goals in zip(actor.WeldGoalActors(), actor.WeldGoals()):
                if goal in actors[:k]:
                    goal_map = maps[actors.index(goal)]
                    for mine, theirs in enumerate(goals):
                        if theirs >= 0 and mine not in welded:
                            welded[mine] = goal_map[theirs]
            mapping = []
            for i, merged_index in enumerate(merged_maps[k]):
                if i in welded:
                    index = welded[i]
                else:
                    index = len(kept)
                    kept.append((k, i))
                new_index[merged_index] = index
                mapping.append(index)
            maps.append(mapping)
        coords = merged._coords
        welded_coords = array("f", [0.0]) * (3 * len(kept))
        for index, (k, i) in enumerate(kept):
            merged_index = merged_maps[k][i]
            welded_coords[3 * index:3 * index + 3] = coords[3 * merged_index:3 * merged_index + 3]
        coords[:] = welded_coords
        merged._sets[:] = array("i", [new_index[i] for i in merged._sets])
        merged._world_source = functools.partial(_unimesh_world, actors, kept)
        return merged, actors, maps

    def Delete(self):
        Scene()._delete_figure(self)

    def __repr__(self):
        return "<FigureType '%s' (%d actors)>" % (self._name, len(self._actors))


def _unimesh_world(actors, kept):
    """World coordinates of a unimesh: each vertex where its body part has it now."""
    from ._geometry import world_coords

    worlds = [world_coords(actor.Geometry()) for actor in actors]
    out = array("f", [0.0]) * (3 * len(kept))
    for index, (k, i) in enumerate(kept):
        out[3 * index:3 * index + 3] = worlds[k][3 * i:3 * i + 3]
    return out


def _world_point(actor, point):
    m = actor._world()
    return tuple(point[0] * m[0][c] + point[1] * m[1][c] + point[2] * m[2][c] + m[3][c] for c in range(3))


def _segment_distance(p, a, b):
    ab = [y - x for x, y in zip(a, b)]
    ap = [y - x for x, y in zip(a, p)]
    length = sum(c * c for c in ab)
    t = max(0.0, min(1.0, sum(x * y for x, y in zip(ab, ap)) / length)) if length else 0.0
    closest = [x + t * d for x, d in zip(a, ab)]
    return sum((x - y) ** 2 for x, y in zip(p, closest))

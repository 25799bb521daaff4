"""Meshes: GeomType and its views (VertType, PolyType, TexVertType, TexPolygonType), the
builders of the stand-in meshes (``cylinder``, ``sphere``, the large ``grid``), and
``world_coords``; the heavier mesh operations are in ``_mesh_ops``.

A GeomType stores its mesh flat in ``array`` buffers; the view objects are made on demand
and read or write through, so an edit through ``VertType.SetX`` is seen by every later
``Vertices()``, ``WorldVertices()`` and by anything built from the buffers. Views compare
equal (and hash alike) when they show the same element of the same geometry. What other
areas may read directly (to change them, change them in place; never rebind them):

* ``_coords``: array('f'), x y z per vertex, model space (the benchmark reads it too);
* ``_poly_starts``, ``_poly_counts``: array('i'), per polygon its first index into
  ``_sets`` and its vertex count; ``_sets``: array('i'), vertex indices;
  ``_poly_materials``: array('i'), per polygon an index into ``_material_names``;
* ``_groups``: the group names, in order; ``_group_flags[name]``: a bytearray with one
  0/1 flag per polygon, or None when every polygon is in the group (the builders' groups
  and the ``groups`` argument of ``GeomType()`` are such); a mesh made of several parts
  (a unimesh) sets one bytearray per part's group; ``poly_groups(geom, i)`` the groups of
  polygon ``i``;
* ``_actor``: the actor showing the geometry (set by ``ActorType.SetGeometry``), None for
  a free geometry;
* texture data, after ``geom._tex()`` (which builds it when it is built on first use):
  ``_uvs`` array('f'), u v per texture vertex; ``_tex_starts``, ``_tex_counts``,
  ``_tex_sets`` array('i') like the polygon arrays (no texture polygons, or one per
  polygon; a polygon without UVs has a texture polygon of 0 vertices).

World space: ``world_coords(geom)`` is an array('f') like ``_coords`` with the actor's
morph dials (value x ``ParmType._deltas``) and world matrix applied, or None when the
geometry has no actor (Poser's "no world-space data"). A geometry that is not an actor's
but has world data (a figure's unimesh) can set ``_world_source`` to a function returning
that array. Texture data (UVs, texture polygons and sets) may be built on first use.

For a figure, in ``_mesh_ops`` (import it inside the method that needs it, it is not
loaded with the package): ``merge(geoms)`` joins meshes into one (UnimeshInfo),
``subdivide(geom, levels=1, coords=None)`` is Catmull-Clark (SubdivGeometry).
"""

import math
from array import array

from ._calllog import check_index, error
from . import _materials


def _list(data):
    """A sequence as a list (numpy/Numeric arrays through ``tolist``)."""
    if hasattr(data, "tolist"):
        data = data.tolist()
    return list(data)


def _rows(data, width, what):
    """``data`` as rows: nested rows as they are, a flat list cut into rows of ``width``."""
    data = _list(data)
    if data and not hasattr(data[0], "__len__"):
        if len(data) % width:
            raise error("%s: %d numbers do not make rows of %d" % (what, len(data), width))
        return [data[i:i + width] for i in range(0, len(data), width)]
    return data


def _flat(data):
    """A flat list of ints; nested ``[[i], [j]]`` (n x 1) rows are flattened."""
    data = _list(data)
    if data and hasattr(data[0], "__len__"):
        data = [row[0] for row in data]
    return [int(i) for i in data]


# ---------------------------------------------------------------------------------------
# Views


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

    def __eq__(self, other):
        return (type(other) is VertType and type(self) is VertType and self._geom is other._geom
                and self._index == other._index)

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash((id(self._geom), self._index))

    def __repr__(self):
        return "<VertType %d (%g, %g, %g)>" % (self._index, self.X(), self.Y(), self.Z())


class _DetachedVert(VertType):
    """A computed vertex (world space, a normal): reads a private copy of the numbers, so
    its setters change nothing in the scene. Compares by identity."""

    __slots__ = ("_xyz",)

    def __init__(self, xyz, index):
        VertType.__init__(self, None, index)
        self._xyz = xyz

    def X(self):
        return self._xyz[3 * self._index]

    def Y(self):
        return self._xyz[3 * self._index + 1]

    def Z(self):
        return self._xyz[3 * self._index + 2]

    def SetX(self, value):
        self._xyz[3 * self._index] = float(value)

    def SetY(self, value):
        self._xyz[3 * self._index + 1] = float(value)

    def SetZ(self, value):
        self._xyz[3 * self._index + 2] = float(value)

    def __eq__(self, other):
        return self is other

    def __hash__(self):
        return id(self)


def _detached(xyz):
    return [_DetachedVert(xyz, i) for i in range(len(xyz) // 3)]


class TexVertType(object):
    """A texture (UV) vertex; setters write through to the mesh."""

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

    def __eq__(self, other):
        return type(other) is TexVertType and self._geom is other._geom and self._index == other._index

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash((id(self._geom), self._index, "uv"))

    def __repr__(self):
        return "<TexVertType %d (%g, %g)>" % (self._index, self.U(), self.V())


class TexPolygonType(object):
    """A texture polygon: a run of texture-vertex indices in the geometry's ``TexSets()``,
    one per polygon."""

    __slots__ = ("_geom", "_index")

    def __init__(self, geom, index):
        self._geom = geom
        self._index = index

    def Start(self):
        return self._geom._tex_starts[self._index]

    def NumTexVertices(self):
        return self._geom._tex_counts[self._index]

    def TexVertices(self):
        geom = self._geom
        start = geom._tex_starts[self._index]
        sets = geom._tex_sets
        return [TexVertType(geom, sets[i]) for i in range(start, start + geom._tex_counts[self._index])]

    def __eq__(self, other):
        return type(other) is TexPolygonType and self._geom is other._geom and self._index == other._index

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash((id(self._geom), self._index, "texpoly"))

    def __repr__(self):
        return "<TexPolygonType %d (%d texture vertices)>" % (self._index, self.NumTexVertices())


class PolyType(object):
    """A polygon: a run of vertex indices in the geometry's ``Sets()``, a material, and the
    groups it belongs to."""

    __slots__ = ("_geom", "_index")

    def __init__(self, geom, index):
        self._geom = geom
        self._index = index

    def Start(self):
        return self._geom._poly_starts[self._index]

    def NumVertices(self):
        return self._geom._poly_counts[self._index]

    def Vertices(self):
        geom = self._geom
        start = geom._poly_starts[self._index]
        sets = geom._sets
        return [VertType(geom, sets[i]) for i in range(start, start + geom._poly_counts[self._index])]

    # Materials
    def MaterialIndex(self):
        return self._geom._poly_materials[self._index]

    def MaterialName(self):
        names = self._geom._material_names
        index = self.MaterialIndex()
        return names[index] if 0 <= index < len(names) else ""

    def SetMaterialIndex(self, index):
        check_index(index, len(self._geom._material_names), "material")
        self._geom._poly_materials[self._index] = index

    def SetMaterialName(self, name):
        """Gives the polygon the material ``name`` (added to the geometry's materials when
        new); returns its index."""
        index = self._geom._material_index(str(name))
        self._geom._poly_materials[self._index] = index
        return index

    # Groups
    def Groups(self):
        return poly_groups(self._geom, self._index)

    def InGroup(self, groupName):
        return 1 if self._geom._in_group(groupName, self._index) else 0

    def IncludeInGroup(self, groupName):
        """Adds the polygon to the group (a new group name makes a new group)."""
        self._geom._group_flags_for(str(groupName), True)[self._index] = 1

    def RemoveFromGroup(self, groupName):
        flags = self._geom._group_flags_for(str(groupName), False)
        if flags is not None:
            flags[self._index] = 0

    def __eq__(self, other):
        return type(other) is PolyType and self._geom is other._geom and self._index == other._index

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash((id(self._geom), self._index, "poly"))

    def __repr__(self):
        return "<PolyType %d (%d vertices)>" % (self._index, self.NumVertices())


# ---------------------------------------------------------------------------------------
# The geometry


class GeomType(object):
    """A polygon mesh stored flat: coordinates, polygon starts and counts, vertex sets,
    per-polygon materials and groups, and texture vertices and polygons."""

    def __init__(self, coords=(), poly_starts=(), poly_counts=(), sets=(), material_names=("Preview",),
                 groups=(), uvs=(), tex_sets=None, tex_starts=None, tex_counts=None):
        """``groups``: names of groups holding every polygon. ``uvs``: u v per texture
        vertex; without ``tex_sets`` the texture polygons follow the polygons."""
        self._coords = array("f", coords)
        self._poly_starts = array("i", poly_starts)
        self._poly_counts = array("i", poly_counts)
        self._sets = array("i", sets)
        self._poly_materials = array("i", [0]) * len(self._poly_starts)
        self._material_names = list(material_names)
        self._material_objects = {}
        self._groups = []
        self._group_flags = {}  # group name -> bytearray, one flag per polygon; None: all
        for name in groups:
            if name not in self._group_flags:
                self._groups.append(name)
                self._group_flags[name] = None
        self._uvs = array("f", uvs)
        if tex_sets is None:
            tex_sets, tex_starts, tex_counts = ((self._sets, self._poly_starts, self._poly_counts)
                                                if self._uvs else ((), (), ()))
        self._tex_sets = array("i", tex_sets)
        self._tex_starts = array("i", tex_starts)
        self._tex_counts = array("i", tex_counts)
        self._tex_build = None  # a function filling the texture data on first use
        self._actor = None
        self._world_source = None

    # Counts
    def NumVertices(self):
        return len(self._coords) // 3

    def NumPolygons(self):
        return len(self._poly_starts)

    def NumSets(self):
        return len(self._sets)

    def NumTexVertices(self):
        return len(self._tex()._uvs) // 2

    def NumTexPolygons(self):
        return len(self._tex()._tex_starts)

    def NumTexSets(self):
        return len(self._tex()._tex_sets)

    def NumNormals(self):
        return self.NumVertices()

    def NumMaterials(self):
        return len(self._material_names)

    # Vertices
    def Vertex(self, index):
        check_index(index, self.NumVertices(), "vertex")
        return VertType(self, index)

    def Vertices(self):
        make = VertType
        return [make(self, i) for i in range(len(self._coords) // 3)]

    def WorldVertex(self, index):
        """The vertex in world space (a copy), None without world-space data."""
        check_index(index, self.NumVertices(), "vertex")
        if self._world_source is not None:
            world = self._world_source()
            return _DetachedVert(world[3 * index:3 * index + 3], 0) if world is not None else None
        if self._actor is None:
            return None
        xyz = _morphed_point(self, index)
        return _DetachedVert(array("f", _transform(self._actor.WorldMatrix(), xyz)), 0)

    def WorldVertices(self):
        """Every vertex in world space (copies), None without world-space data."""
        world = world_coords(self)
        return _detached(world) if world is not None else None

    def Normals(self):
        """Per-vertex normals (unit length, model space) as vertex objects (copies)."""
        from ._mesh_ops import vertex_normals

        return _detached(vertex_normals(self, self._coords))

    def WorldNormals(self):
        from ._mesh_ops import vertex_normals

        world = world_coords(self)
        return _detached(vertex_normals(self, world)) if world is not None else None

    # Polygons and sets
    def Polygon(self, index):
        check_index(index, self.NumPolygons(), "polygon")
        return PolyType(self, index)

    def Polygons(self):
        make = PolyType
        return [make(self, i) for i in range(len(self._poly_starts))]

    def Sets(self):
        return self._sets.tolist()

    # Texture data
    def _tex(self):
        if self._tex_build is not None:
            build, self._tex_build = self._tex_build, None
            build(self)
        return self

    def TexVertices(self):
        self._tex()
        make = TexVertType
        return [make(self, i) for i in range(len(self._uvs) // 2)]

    def TexPolygons(self):
        self._tex()
        make = TexPolygonType
        return [make(self, i) for i in range(len(self._tex_starts))]

    def TexSets(self):
        return self._tex()._tex_sets.tolist()

    # Materials
    def Materials(self):
        """The geometry's materials, in material-index order, the same objects every call:
        those of the materials area's registry (``_materials.geometry_materials``: the
        figure's for a body part, the actor's for a prop, the geometry's own otherwise)."""
        registry = getattr(_materials, "geometry_materials", None)
        if registry is not None:
            return registry(self)
        return [self._material_object(name) for name in self._material_names]

    def _material_object(self, name):
        """Without the registry: the actor's material of that name, else one kept here."""
        actor = self._actor
        if actor is not None:
            try:
                material = actor.Material(name)
            except error:
                material = None
            if material is not None:
                return material
        material = self._material_objects.get(name)
        if material is None:
            material = self._material_objects[name] = _materials.MaterialType(name)
        return material

    def AddMaterialName(self, name):
        self._material_names.append(str(name))
        return len(self._material_names) - 1

    def _material_index(self, name):
        if name in self._material_names:
            return self._material_names.index(name)
        return self.AddMaterialName(name)

    # Groups
    def Groups(self):
        return list(self._groups)

    def _in_group(self, name, index):
        if name not in self._group_flags:
            return False
        flags = self._group_flags[name]
        return flags is None or flags[index] == 1

    def _group_flags_for(self, name, create):
        """The group's per-polygon flags as a bytearray (made when the group holds every
        polygon; a new group when ``create``), or None."""
        if name not in self._group_flags:
            if not create:
                return None
            self._groups.append(name)
            self._group_flags[name] = bytearray(self.NumPolygons())
        flags = self._group_flags[name]
        if flags is None:
            flags = self._group_flags[name] = bytearray(b"\x01") * self.NumPolygons()
        return flags

    # Building
    def AddGeneralMesh(self, polygons, sets, vertices, texPolygons=None, texSets=None, texVertices=None):
        """Appends a mesh: ``polygons`` n x 2 (start into ``sets``, vertex count), ``sets``
        flat vertex indices into ``vertices`` (n x 3, or flat x y z); optionally the same
        for texture data (``texVertices`` n x 2 or n x 3, u v first), one texture polygon
        per polygon. Lists, tuples or numpy arrays."""
        vertices = _rows(vertices, 3, "AddGeneralMesh vertices")
        sets = _flat(sets)
        polygons = _rows(polygons, 2, "AddGeneralMesh polygons")
        count = len(vertices)
        for vertex in vertices:
            if len(vertex) != 3:
                raise error("AddGeneralMesh: a vertex needs 3 coordinates, got %r" % (vertex,))
        for index in sets:
            if not 0 <= index < count:
                raise error("AddGeneralMesh: vertex index %d out of range 0..%d" % (index, count - 1))
        runs = _runs(polygons, len(sets), "polygon")
        tex = None
        if texPolygons is not None or texSets is not None or texVertices is not None:
            if texPolygons is None or texSets is None or texVertices is None:
                raise error("AddGeneralMesh: texture data needs texPolygons, texSets and texVertices")
            uvs = _rows(texVertices, 2, "AddGeneralMesh texVertices")
            tex_sets = _flat(texSets)
            for index in tex_sets:
                if not 0 <= index < len(uvs):
                    raise error("AddGeneralMesh: texture vertex index %d out of range 0..%d"
                                % (index, len(uvs) - 1))
            tex_runs = _runs(_rows(texPolygons, 2, "AddGeneralMesh texPolygons"), len(tex_sets),
                             "texture polygon")
            if len(tex_runs) != len(runs):
                raise error("AddGeneralMesh: %d texture polygons for %d polygons" % (len(tex_runs), len(runs)))
            tex = (uvs, tex_sets, tex_runs)
        self._append(vertices, sets, runs, tex)

    def _append(self, vertices, sets, runs, tex):
        self._tex()
        self._unshare_tex()
        old_polys = self.NumPolygons()
        base_vertex = self.NumVertices()
        base_set = len(self._sets)
        for vertex in vertices:
            self._coords.extend((float(vertex[0]), float(vertex[1]), float(vertex[2])))
        self._sets.extend(base_vertex + i for i in sets)
        for start, size in runs:
            self._poly_starts.append(base_set + start)
            self._poly_counts.append(size)
        self._poly_materials.extend([0] * len(runs))
        for name in self._groups:
            flags = self._group_flags[name]
            if flags is None:
                flags = self._group_flags[name] = bytearray(b"\x01") * old_polys
            flags.extend(bytearray(len(runs)))
        had_tex = len(self._tex_starts) > 0
        if tex is None and not had_tex:
            return
        if not had_tex:  # earlier polygons get empty texture polygons
            self._tex_starts.extend([0] * old_polys)
            self._tex_counts.extend([0] * old_polys)
        if tex is None:
            self._tex_starts.extend([len(self._tex_sets)] * len(runs))
            self._tex_counts.extend([0] * len(runs))
            return
        uvs, tex_sets, tex_runs = tex
        base_uv = len(self._uvs) // 2
        base_tex_set = len(self._tex_sets)
        for uv in uvs:
            self._uvs.extend((float(uv[0]), float(uv[1])))
        self._tex_sets.extend(base_uv + i for i in tex_sets)
        for start, size in tex_runs:
            self._tex_starts.append(base_tex_set + start)
            self._tex_counts.append(size)

    def _unshare_tex(self):
        """Texture polygons that follow the polygons share their arrays; copy before an
        edit."""
        if self._tex_sets is self._sets:
            self._tex_sets = array("i", self._sets)
        if self._tex_starts is self._poly_starts:
            self._tex_starts = array("i", self._poly_starts)
        if self._tex_counts is self._poly_counts:
            self._tex_counts = array("i", self._poly_counts)

    def AddPolygon(self, vertices):
        """Appends one polygon with new vertices at ``vertices`` (n x 3); returns it."""
        vertices = _rows(vertices, 3, "AddPolygon")
        if len(vertices) < 3:
            raise error("AddPolygon needs at least 3 corners")
        self.AddGeneralMesh([[0, len(vertices)]], list(range(len(vertices))), vertices)
        return PolyType(self, self.NumPolygons() - 1)

    def AddTriangle(self, v1, v2, v3):
        """Appends a triangle with corners at the (x, y, z) points given; returns it."""
        return self.AddPolygon([v1, v2, v3])

    def Weld(self):
        """Merges vertices at the same position into the first of them; polygons (and the
        actor's morph deltas) point at the survivors."""
        seen = {}
        remap = array("i")
        coords = array("f")
        source = self._coords
        for i in range(len(source) // 3):
            key = (source[3 * i], source[3 * i + 1], source[3 * i + 2])
            j = seen.get(key)
            if j is None:
                j = seen[key] = len(coords) // 3
                coords.extend(key)
            remap.append(j)
        if len(coords) == len(source):
            return
        self._tex()
        self._unshare_tex()
        self._coords[:] = coords
        self._sets[:] = array("i", [remap[i] for i in self._sets])
        if self._actor is not None:
            for parm in self._actor.Parameters():
                if parm.IsMorphTarget() and parm._deltas:
                    deltas = {}
                    for index in sorted(parm._deltas):
                        deltas.setdefault(remap[index], parm._deltas[index])
                    parm._deltas = deltas

    def Copy(self):
        """Not in Poser: an independent copy without an actor (CreatePropFromGeom)."""
        self._tex()
        copy = GeomType(self._coords, self._poly_starts, self._poly_counts, self._sets, self._material_names,
                        (), (), self._tex_sets, self._tex_starts, self._tex_counts)
        copy._uvs = array("f", self._uvs)
        copy._poly_materials = array("i", self._poly_materials)
        copy._groups = list(self._groups)
        copy._group_flags = dict((name, None if flags is None else bytearray(flags))
                                 for name, flags in self._group_flags.items())
        return copy

    def __repr__(self):
        return "<GeomType %d vertices, %d polygons>" % (self.NumVertices(), self.NumPolygons())


def _runs(polygons, num_sets, what):
    runs = []
    for polygon in polygons:
        if len(polygon) < 2:
            raise error("AddGeneralMesh: a %s needs (start, count), got %r" % (what, polygon))
        start, size = int(polygon[0]), int(polygon[1])
        if start < 0 or size < 1 or start + size > num_sets:
            raise error("AddGeneralMesh: %s %r is outside its sets list" % (what, polygon))
        runs.append((start, size))
    return runs


# ---------------------------------------------------------------------------------------
# Helpers for other areas


def poly_groups(geom, index):
    """The names of the groups polygon ``index`` of ``geom`` belongs to."""
    return [name for name in geom._groups if geom._in_group(name, index)]


def coords_array(geom):
    """The model-space coordinates, x y z per vertex (the live array: do not resize)."""
    return geom._coords


def _morph_dials(geom):
    """(value, deltas) of the actor's morph dials that move something now."""
    actor = geom._actor
    if actor is None:
        return []
    morphs = []
    for parm in actor.Parameters():
        if parm._deltas and parm.IsMorphTarget():
            value = parm.Value()
            if value:
                morphs.append((value, parm._deltas))
    return morphs


def _morphed_point(geom, index):
    x, y, z = geom._coords[3 * index:3 * index + 3]
    for value, deltas in _morph_dials(geom):
        delta = deltas.get(index)
        if delta is not None:
            x += value * delta[0]
            y += value * delta[1]
            z += value * delta[2]
    return (x, y, z)


def _transform(m, p):
    x, y, z = p
    return tuple(x * m[0][c] + y * m[1][c] + z * m[2][c] + m[3][c] for c in range(3))


_IDENTITY = ((1.0, 0.0, 0.0, 0.0), (0.0, 1.0, 0.0, 0.0), (0.0, 0.0, 1.0, 0.0), (0.0, 0.0, 0.0, 1.0))


def world_coords(geom):
    """A new array('f') of world-space x y z per vertex (the actor's active morphs, then its
    world matrix), or None when the geometry has no world-space data."""
    if geom._world_source is not None:
        return geom._world_source()
    actor = geom._actor
    if actor is None:
        return None
    coords = array("f", geom._coords)
    for value, deltas in _morph_dials(geom):
        for index, (dx, dy, dz) in deltas.items():
            if 3 * index + 2 < len(coords):
                coords[3 * index] += value * dx
                coords[3 * index + 1] += value * dy
                coords[3 * index + 2] += value * dz
    m = tuple(tuple(row) for row in actor.WorldMatrix())
    if m == _IDENTITY:
        return coords
    (a, b, c, _), (d, e, f, _), (g, h, i, _), (tx, ty, tz, _) = m
    xs, ys, zs = coords[0::3], coords[1::3], coords[2::3]
    if (a, b, c, d, e, f, g, h, i) == (1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0):
        coords[0::3] = array("f", [x + tx for x in xs])
        coords[1::3] = array("f", [y + ty for y in ys])
        coords[2::3] = array("f", [z + tz for z in zs])
        return coords
    points = list(zip(xs, ys, zs))
    coords[0::3] = array("f", [x * a + y * d + z * g + tx for x, y, z in points])
    coords[1::3] = array("f", [x * b + y * e + z * h + ty for x, y, z in points])
    coords[2::3] = array("f", [x * c + y * f + z * i + tz for x, y, z in points])
    return coords


# ---------------------------------------------------------------------------------------
# Builders of the stand-in meshes


_RING_TOPOLOGY = {}


def _ring_topology(rings, segments, flip):
    """Arrays shared by every ring mesh of this shape (copied into each GeomType): quads
    between consecutive rings of ``segments`` vertices (``flip`` reverses their corners),
    and UVs with (segments + 1) texture vertices per ring (the seam column twice)."""
    key = (rings, segments, flip)
    topology = _RING_TOPOLOGY.get(key)
    if topology is not None:
        return topology
    sets, tex_sets, uvs = array("i"), array("i"), array("f")
    row = segments + 1
    for ring in range(rings - 1):
        for s in range(segments):
            a = ring * segments + s
            b = ring * segments + (s + 1) % segments
            t = ring * row + s
            quad, tex_quad = (a, b, b + segments, a + segments), (t, t + 1, t + 1 + row, t + row)
            sets.extend(quad[::-1] if flip else quad)
            tex_sets.extend(tex_quad[::-1] if flip else tex_quad)
    for ring in range(rings):
        for s in range(row):
            uvs.extend((s / float(segments), ring / float(rings - 1)))
    quads = (rings - 1) * segments
    starts, counts = array("i", range(0, 4 * quads, 4)), array("i", [4]) * quads
    angles = [2.0 * math.pi * s / segments for s in range(segments)]
    circle = [(math.cos(angle), math.sin(angle)) for angle in angles]
    topology = _RING_TOPOLOGY[key] = (starts, counts, sets, uvs, tex_sets, circle)
    return topology


def _ring_mesh(coords, topology, material, groups):
    starts, counts, sets, uvs, tex_sets, _ = topology
    return GeomType(coords, starts, counts, sets, (material,), groups, uvs, tex_sets, starts, counts)


def cylinder(length, radius, segments=10, rings=6, offset=(0.0, 0.0, 0.0), groups=()):
    """An open cylinder along +Y from ``offset``: the body-part stand-in geometry."""
    topology = _ring_topology(rings, segments, True)
    ox, oy, oz = offset
    ring_xz = [(ox + radius * c, oz + radius * s) for c, s in topology[5]]
    coords = []
    for ring in range(rings):
        y = oy + length * ring / float(rings - 1)
        for x, z in ring_xz:
            coords.extend((x, y, z))
    return _ring_mesh(coords, topology, "Skin", groups)


def sphere(radius, segments=16, rings=9):
    """A UV sphere (poles as rings of coincident vertices), group "ball"."""
    topology = _ring_topology(rings, segments, False)
    coords = []
    for ring in range(rings):
        phi = math.pi * ring / (rings - 1)
        y, r = radius * math.cos(phi), radius * math.sin(phi)
        for c, s in topology[5]:
            coords.extend((r * c, y, r * s))
    return _ring_mesh(coords, topology, "Preview", ("ball",))


GRID_SIDE = 708  # 708 * 708 = 501,264 vertices


def grid(side=GRID_SIDE, size=10.0):
    """A flat square grid in XZ with ``side`` x ``side`` vertices (built with arrays), facing
    +Y; its UVs are built the first time texture data is asked for."""
    step = size / (side - 1)
    half = size / 2.0
    row_x = array("f", (i * step - half for i in range(side)))
    coords = array("f", [0.0]) * (3 * side * side)
    for row in range(side):
        z = row * step - half
        base = 3 * side * row
        coords[base:base + 3 * side:3] = row_x
        coords[base + 2:base + 3 * side:3] = array("f", [z]) * side
    cells = side - 1
    sets = array("i", [0]) * (4 * cells * cells)
    for row in range(cells):
        a = array("i", (row * side + c for c in range(cells)))
        base = 4 * cells * row
        sets[base:base + 4 * cells:4] = a  # corners counter-clockwise seen from +Y
        sets[base + 1:base + 4 * cells:4] = array("i", (v + side for v in a))
        sets[base + 2:base + 4 * cells:4] = array("i", (v + side + 1 for v in a))
        sets[base + 3:base + 4 * cells:4] = array("i", (v + 1 for v in a))
    geom = GeomType((), (), (), (), ("Ground",), ("ground",))
    geom._coords = coords
    geom._sets = sets
    geom._poly_starts = array("i", range(0, 4 * cells * cells, 4))
    geom._poly_counts = array("i", [4]) * (cells * cells)
    geom._poly_materials = array("i", [0]) * (cells * cells)
    geom._tex_build = lambda g: _grid_uvs(g, side)
    return geom


def _grid_uvs(geom, side):
    """The grid's UVs: one texture vertex per vertex, u along x, v along z; the texture
    polygons share the polygons' arrays until an edit copies them."""
    row = array("f", (i / float(side - 1) for i in range(side)))
    uvs = array("f", [0.0]) * (2 * side * side)
    for r in range(side):
        base = 2 * side * r
        uvs[base:base + 2 * side:2] = row
        uvs[base + 1:base + 2 * side:2] = array("f", [r / float(side - 1)]) * side
    geom._uvs = uvs
    geom._tex_sets, geom._tex_starts, geom._tex_counts = geom._sets, geom._poly_starts, geom._poly_counts

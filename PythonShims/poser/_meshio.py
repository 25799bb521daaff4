"""Meshes to and from text: a GeomType read into plain flat lists, a GeomType built from
them, and the Wavefront OBJ lines that both OBJ files and Poser's inline ``geomCustom``
blocks use.

A ``Mesh`` is flat data, like GeomType's own buffers: ``coords`` (x y z per vertex),
``starts``/``counts``/``sets`` (per polygon its run of vertex indices in ``sets``),
``uvs`` (u v per texture vertex) with ``tex_starts``/``tex_counts``/``tex_sets`` (one
texture polygon per polygon, or None), ``material_names`` and per polygon
``materials`` (indices into them), and ``groups`` (per polygon a list of group names).
Reading a GeomType uses the buffers ``_geometry`` documents for other areas (fast for
the half-million-vertex grid), or its public methods when they are missing.
"""

from ._calllog import error


class Mesh(object):
    def __init__(self):
        self.coords = []
        self.starts = []
        self.counts = []
        self.sets = []
        self.uvs = []
        self.tex_starts = self.tex_counts = self.tex_sets = None
        self.material_names = ["Preview"]
        self.materials = []
        self.groups = []

    def num_vertices(self):
        return len(self.coords) // 3

    def num_polygons(self):
        return len(self.starts)

    def polygon(self, index):
        start = self.starts[index]
        return self.sets[start:start + self.counts[index]]


def mesh_of(geom, world=False):
    """The mesh of a GeomType; ``world``: world coordinates (morphs and the actor's
    transform applied), model coordinates otherwise."""
    if not all(hasattr(geom, name) for name in ("_coords", "_sets", "_poly_starts", "_poly_counts",
                                                  "_poly_materials", "_material_names", "_groups")):
        return _mesh_by_methods(geom, world)
    from . import _geometry

    mesh = Mesh()
    coords = _geometry.world_coords(geom) if world else None
    mesh.coords = coords if coords is not None else geom._coords
    mesh.starts, mesh.counts, mesh.sets = geom._poly_starts, geom._poly_counts, geom._sets
    mesh.material_names = list(geom._material_names) or ["Preview"]
    mesh.materials = geom._poly_materials
    count = len(mesh.starts)
    names = list(geom._groups)
    flags = getattr(geom, "_group_flags", {})
    if all(flags.get(name) is None for name in names):
        mesh.groups = [names] * count
    else:
        mesh.groups = [[name for name in names if flags.get(name) is None or flags[name][i]]
                       for i in range(count)]
    if hasattr(geom, "_tex"):
        geom._tex()
    uvs = getattr(geom, "_uvs", ())
    if len(uvs) and len(getattr(geom, "_tex_starts", ())) == count:
        mesh.uvs = uvs
        mesh.tex_starts, mesh.tex_counts, mesh.tex_sets = geom._tex_starts, geom._tex_counts, geom._tex_sets
    return mesh


def _mesh_by_methods(geom, world):
    mesh = Mesh()
    for vertex in (geom.WorldVertices() if world else geom.Vertices()):
        mesh.coords.extend((vertex.X(), vertex.Y(), vertex.Z()))
    mesh.sets = geom.Sets()
    names = []
    for poly in geom.Polygons():
        mesh.starts.append(poly.Start())
        mesh.counts.append(poly.NumVertices())
        name = poly.MaterialName()
        if name not in names:
            names.append(name)
        mesh.materials.append(names.index(name))
        mesh.groups.append(list(poly.Groups()))
    mesh.material_names = names or ["Preview"]
    if geom.NumTexVertices():
        tex_polygons = geom.TexPolygons()
        if len(tex_polygons) == len(mesh.starts):
            for uv in geom.TexVertices():
                mesh.uvs.extend((uv.U(), uv.V()))
            mesh.tex_sets = geom.TexSets()
            mesh.tex_starts = [t.Start() for t in tex_polygons]
            mesh.tex_counts = [t.NumTexVertices() for t in tex_polygons]
    return mesh


def build_geometry(mesh):
    """A new GeomType holding ``mesh`` (materials, polygon groups and UVs included)."""
    from ._geometry import GeomType

    geom = GeomType()
    vertices = [mesh.coords[i:i + 3] for i in range(0, len(mesh.coords), 3)]
    polygons = [[start, count] for start, count in zip(mesh.starts, mesh.counts)]
    tex = (None, None, None)
    if mesh.tex_sets is not None and len(mesh.uvs):
        tex = ([[start, count] for start, count in zip(mesh.tex_starts, mesh.tex_counts)], list(mesh.tex_sets),
               [mesh.uvs[i:i + 2] for i in range(0, len(mesh.uvs), 2)])
    if polygons or vertices:
        geom.AddGeneralMesh(polygons, list(mesh.sets), vertices, tex[0], tex[1], tex[2])
    names = mesh.material_names
    used = sorted(set(mesh.materials))
    if any(names[i] != "Preview" for i in used):
        existing = [m.Name() for m in geom.Materials()]
        index_of = {}
        for i in used:
            name = names[i]
            index_of[i] = existing.index(name) if name in existing else geom.AddMaterialName(name)
            if name not in existing:
                existing.append(name)
        for polygon, material in enumerate(mesh.materials):
            if index_of[material] != 0:
                geom.Polygon(polygon).SetMaterialIndex(index_of[material])
    if any(mesh.groups):
        for polygon, groups in enumerate(mesh.groups):
            if groups:
                view = geom.Polygon(polygon)
                for group in groups:
                    view.IncludeInGroup(group)
    return geom


def _num(value):
    return "%.7g" % value


def obj_lines(mesh, vertex_base=0, uv_base=0, group=None, use_groups=True, lines=None):
    """Appends OBJ lines for ``mesh`` to ``lines`` (a new list by default): ``v`` and
    ``vt``, then the polygons as ``f`` (1-based, offset by ``vertex_base``/``uv_base``
    vertices written before), with ``g`` (``group``, else the polygon's own groups) and
    ``usemtl`` lines where they change."""
    out = [] if lines is None else lines
    coords = mesh.coords
    append = out.append
    for i in range(0, len(coords), 3):
        append("v %s %s %s" % (_num(coords[i]), _num(coords[i + 1]), _num(coords[i + 2])))
    uvs = mesh.uvs
    for i in range(0, len(uvs), 2):
        append("vt %s %s" % (_num(uvs[i]), _num(uvs[i + 1])))
    current_group = current_material = None
    tex = mesh.tex_sets is not None and len(uvs) > 0
    sets, names = mesh.sets, mesh.material_names
    fixed_label = group
    for index in range(len(mesh.starts)):
        if fixed_label is None and use_groups:
            names_here = mesh.groups[index] if index < len(mesh.groups) else ()
            label = " ".join(names_here) if names_here else None
        else:
            label = fixed_label
        if label and label != current_group:
            append("g " + label)
            current_group = label
        material = names[mesh.materials[index]] if index < len(mesh.materials) else None
        if material and material != current_material:
            append("usemtl " + material)
            current_material = material
        start, count = mesh.starts[index], mesh.counts[index]
        corners = sets[start:start + count]
        if tex and mesh.tex_counts[index] == count:
            tstart = mesh.tex_starts[index]
            tcorners = mesh.tex_sets[tstart:tstart + count]
            append("f " + " ".join("%d/%d" % (vertex_base + v + 1, uv_base + t + 1)
                                   for v, t in zip(corners, tcorners)))
        else:
            append("f " + " ".join("%d" % (vertex_base + v + 1) for v in corners))
    return out


class ObjReader(object):
    """Collects OBJ lines (``add(key, value)``) into a Mesh: ``v``, ``vt``, ``f`` with
    ``v``, ``v/vt``, ``v//vn`` or ``v/vt/vn`` corners (negative indices count back from the
    last vertex read), ``g``, ``usemtl``, ``mtllib``; ``vn``, ``o``, ``s`` are ignored."""

    def __init__(self):
        self.mesh = Mesh()
        self.mesh.material_names = []
        self.material_files = []
        self._groups = []
        self._material = 0
        self._material_set = False
        self._all_uv = True

    def add(self, key, value):
        mesh = self.mesh
        if key == "v":
            words = value.split()
            mesh.coords.extend((float(words[0]), float(words[1]), float(words[2])))
        elif key == "vt":
            words = value.split()
            mesh.uvs.extend((float(words[0]), float(words[1]) if len(words) > 1 else 0.0))
        elif key == "f":
            self._face(value)
        elif key == "g":
            self._groups = value.split()
        elif key == "usemtl":
            self._use(value.strip() or "Preview")
        elif key == "mtllib":
            self.material_files.append(value.strip())

    def _use(self, name):
        names = self.mesh.material_names
        if name not in names:
            names.append(name)
        self._material = names.index(name)
        self._material_set = True

    def _face(self, value):
        mesh = self.mesh
        vertices = len(mesh.coords) // 3
        uvs = len(mesh.uvs) // 2
        corners, tex = [], []
        for corner in value.split():
            parts = corner.split("/")
            corners.append(_index(parts[0], vertices))
            if len(parts) > 1 and parts[1]:
                tex.append(_index(parts[1], uvs))
        if len(corners) < 3:
            raise error("an OBJ face needs 3 corners: f %s" % value)
        if not self._material_set:
            self._use("Preview")
        mesh.starts.append(len(mesh.sets))
        mesh.counts.append(len(corners))
        mesh.sets.extend(corners)
        if len(tex) != len(corners):
            self._all_uv = False
            tex = []
        if mesh.tex_sets is None:
            mesh.tex_starts, mesh.tex_counts, mesh.tex_sets = [], [], []
        mesh.tex_starts.append(len(mesh.tex_sets))
        mesh.tex_counts.append(len(tex))
        mesh.tex_sets.extend(tex)
        mesh.materials.append(self._material)
        mesh.groups.append(list(self._groups))

    def result(self):
        mesh = self.mesh
        if not mesh.uvs or not self._all_uv:
            mesh.tex_starts = mesh.tex_counts = mesh.tex_sets = None
        if not mesh.material_names:
            mesh.material_names = ["Preview"]
        count = mesh.num_vertices()
        for index in mesh.sets:
            if not 0 <= index < count:
                raise error("an OBJ face uses vertex %d of %d" % (index + 1, count))
        return mesh


def _index(text, count):
    index = int(text)
    return index - 1 if index > 0 else count + index


def read_obj_text(text):
    reader = ObjReader()
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] == "#":
            continue
        words = line.split(None, 1)
        reader.add(words[0], words[1] if len(words) > 1 else "")
    return reader


def read_obj(path):
    with open(path, "rb") as stream:
        data = stream.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return read_obj_text(text)

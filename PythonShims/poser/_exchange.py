"""The work behind ImExporterType (``_imexport``): option tables, the writers of OBJ,
BVH, COLLADA, 3DS and DXF files, the OBJ and BVH readers. Loaded on first use; see
``_imexport`` for what each format holds.
"""


import os

from . import _app, _codes
from ._calllog import error, log
from ._codes import (kEventCodeKEYSCHANGED, kEventCodePARMCHANGED, kParmCodeXROT, kParmCodeXTRAN, kParmCodeYROT,
                     kParmCodeYTRAN, kParmCodeZROT, kParmCodeZTRAN)
from ._meshio import build_geometry, mesh_of, obj_lines, read_obj

from ._imexport import INCHES_PER_UNIT, _format

_LAST = object()  # "the last frame of the scene" as a default


def _c(name):
    return getattr(_codes, name)


# Options per format: (code name, default, label)
_FRAMES = (("kExOptCodeMULTIFRAME", 0, "Multiple frames"), ("kExOptCodeFIRSTFRAME", 0, "First frame"),
           ("kExOptCodeLASTFRAME", _LAST, "Last frame"))
_EXPORT_OPTIONS = {
    "obj": _FRAMES + (
        ("kExOptCodeASMORPHTARGET", 0, "As morph target (no world transformations)"),
        ("kExOptCodeWELDSEAMS", 0, "Weld body part seams"),
        ("kExOptCodeUSEINTERNALNAMES", 0, "Use internal names"),
        ("kExOptCodeBODYPARTNAMESINPOLYGROUPS", 1, "Include body part names in polygon groups"),
        ("kExOptCodeEXISTINGGROUPSINPOLYGROUPS", 0, "Include existing groups in polygon groups"),
        ("kExOptCodeFIGNAMESINGROUPS", 0, "Include figure names in polygon groups"),
        ("kExOptCodeGROUPSPERBODYPART", 0, "Keep the groups of each body part")),
    "bvh": (("kExOptCodeFIRSTFRAME", 0, "First frame"), ("kExOptCodeLASTFRAME", _LAST, "Last frame"),
            ("kExOptCodeAUTOSCALE", 1, "Automatic scale"), ("kExOptCodeSCALEFACTOR", 1.0, "Scale factor"),
            ("kExOptCodeUSEINTERNALNAMES", 1, "Use internal names")),
    "dae": _FRAMES + (
        ("kExOptCodeCOLLADAExportTriangles", 0, "Export triangles"),
        ("kExOptCodeCOLLADAIncludeNormals", 0, "Include normals"),
        ("kExOptCodeCOLLADAFreezeFigMesh", 0, "Export figures as static props"),
        ("kExOptCodeCOLLADAUpAxis", 1, "Up axis"),
        ("kExOptCodeCOLLADAPercentageScale", 100.0, "Scene scale (percent)")),
    "3ds": _FRAMES + (("kExOptCodeSCALEFACTOR", 1.0, "Scale factor"),
                      ("kExOptCodeUSEINTERNALNAMES", 0, "Use internal names")),
    "dxf": _FRAMES + (("kExOptCodeSCALEFACTOR", 1.0, "Scale factor"),
                      ("kExOptCodeUSEINTERNALNAMES", 0, "Use internal names")),
}
_IMPORT_OPTIONS = {
    "obj": (("kImOptCodeCENTERED", 1, "Centered"), ("kImOptCodePLACEONFLOOR", 1, "Place on floor"),
            ("kImOptCodePERCENTFIGSIZE", 0.0, "Percent of standard figure size"),
            ("kImOptCodeOFFSETX", 0.0, "Offset (X)"), ("kImOptCodeOFFSETY", 0.0, "Offset (Y)"),
            ("kImOptCodeOFFSETZ", 0.0, "Offset (Z)"),
            ("kImOptCodeWELDIDENTICALVERTS", 0, "Weld identical vertices"),
            ("kImOptCodeMAKEPOLYNORMSCONSISTENT", 0, "Make polygon normals consistent"),
            ("kImOptCodeFLIPNORMS", 0, "Flip normals"), ("kImOptCodeFLIPUTEXTCOORDS", 0, "Flip U texture coordinates"),
            ("kImOptCodeFLIPVTEXTCOORDS", 0, "Flip V texture coordinates")),
    "bvh": (("kImOptCodeAUTOSCALE", 1, "Automatic scale"),
            ("kImOptCodeARMALIGNMENTAXIS", 0, "Arm alignment axis")),
}
_PLUGINS = {"obj": "File Format Wavefront", "3ds": "File Format 3D Studio", "dxf": "File Format DXF",
            "bvh": "File Format BVH", "dae": "File Format COLLADA"}


def _table(tables, fileSuffix, what):
    kind = _format(fileSuffix)
    if kind not in tables:
        raise error("%s: the stub has no %s for '%s' files (it knows %s)"
                    % (what, "exporter" if tables is _EXPORT_OPTIONS else "importer", fileSuffix,
                       ", ".join(sorted(tables))))
    return kind, tables[kind]


def _defaults(table, scene):
    options = {}
    for name, default, _ in table:
        options[_c(name)] = scene.NumFrames() - 1 if default is _LAST else default
    return options


def _label(table, enumValue):
    for name, _, label in table:
        if _c(name) == enumValue:
            return label
    raise error("option %r is not one of this format's options" % (enumValue,))


def _actors_for_export(scene, callback):
    chosen = []
    for actor in scene.Actors():
        if callback is not None:
            if callback(actor):
                chosen.append(actor)
            continue
        if not (actor.Visible() and actor.OnOff()):
            continue
        figure = actor.ItsFigure()
        if figure is not None and not figure.Visible():
            continue
        if actor.IsProp() and actor.InternalName().upper().startswith("GROUND"):
            continue
        chosen.append(actor)
    return [a for a in chosen if not a.IsCamera() and not a.IsLight() and a.Geometry() is not None
            and a.Geometry().NumVertices() > 0]


def _clean(name):
    return "".join(c if c.isalnum() or c in "_-.:" else "_" for c in name) or "_"


class _AtFrame(object):
    """``with _AtFrame(scene, frame):`` reads the scene at ``frame`` and goes back."""

    def __init__(self, scene, frame):
        self._scene = scene
        self._frame = frame

    def __enter__(self):
        self._saved = self._scene._frame
        self._scene._frame = self._frame

    def __exit__(self, *exc):
        self._scene._frame = self._saved
        return False


# ---------------------------------------------------------------------------------------
# Writers


def _group_name(actor, options, internal):
    """A body part's group is its internal name ("hip"), a prop's its name (internal
    name with kExOptCodeUSEINTERNALNAMES); figure names go in front on request."""
    base = actor.InternalName().split(":")[0] if internal or actor.IsBodyPart() else actor.Name()
    figure = actor.ItsFigure()
    if figure is not None and options.get(_c("kExOptCodeFIGNAMESINGROUPS")):
        base = "%s_%s" % (figure.Name(), base)
    return _clean(base)


def _material_for(actor, name):
    for material in actor.Materials():
        if material.Name() == name:
            return material
    return None


def write_obj(scene, path, actors, options):
    """One OBJ (and its MTL) of ``actors`` at the scene's current frame."""
    world = not options.get(_c("kExOptCodeASMORPHTARGET"))
    internal = options.get(_c("kExOptCodeUSEINTERNALNAMES"))
    part_groups = options.get(_c("kExOptCodeBODYPARTNAMESINPOLYGROUPS"), 1)
    own_groups = options.get(_c("kExOptCodeEXISTINGGROUPSINPOLYGROUPS"))
    weld = options.get(_c("kExOptCodeWELDSEAMS"))
    mtl_path = os.path.splitext(path)[0] + ".mtl"
    lines = ["# Wavefront OBJ written by PoserTalkr's Poser stand-in (Poser %s)" % _app.AppVersion(),
             "mtllib " + os.path.basename(mtl_path)]
    materials = []
    vertex_base = uv_base = 0
    welded = {}
    for actor in actors:
        mesh = mesh_of(actor.Geometry(), world=world)
        for name in mesh.material_names:
            if name not in [m[0] for m in materials]:
                materials.append((name, _material_for(actor, name)))
        if own_groups or not part_groups:
            group = None if own_groups else "default"
        else:
            group = _group_name(actor, options, internal)
        lines.append("o " + _clean(actor.InternalName() if internal else actor.Name()))
        figure = actor.ItsFigure()
        if weld and figure is not None:
            vertex_base, uv_base = _welded_lines(lines, mesh, group, welded.setdefault(id(figure), {}),
                                                 vertex_base, uv_base)
            continue
        obj_lines(mesh, vertex_base, uv_base, group, own_groups, lines)
        vertex_base += mesh.num_vertices()
        uv_base += len(mesh.uvs) // 2
    with open(path, "w") as stream:
        stream.write("\n".join(lines) + "\n")
    mtl = ["# Materials of %s" % os.path.basename(path)]
    for name, material in materials:
        color = material.DiffuseColor()[:3] if material is not None else (0.8, 0.8, 0.8)
        mtl.extend(["", "newmtl " + name, "Ka 0 0 0", "Kd %.6g %.6g %.6g" % tuple(color), "Ks 0 0 0", "d 1",
                    "illum 2"])
        texture = material.TextureMapFileName() if material is not None else ""
        if texture:
            mtl.append("map_Kd " + texture)
    with open(mtl_path, "w") as stream:
        stream.write("\n".join(mtl) + "\n")


def _welded_lines(lines, mesh, group, shared, vertex_base, uv_base):
    """OBJ lines of one body part whose vertices at a position another part of the same
    figure already wrote are that part's (``shared``: position -> OBJ index)."""
    coords = mesh.coords
    remap = []
    for i in range(0, len(coords), 3):
        key = (round(coords[i], 5), round(coords[i + 1], 5), round(coords[i + 2], 5))
        index = shared.get(key)
        if index is None:
            vertex_base += 1
            index = shared[key] = vertex_base
            lines.append("v %.7g %.7g %.7g" % (coords[i], coords[i + 1], coords[i + 2]))
        remap.append(index)
    if group:
        lines.append("g " + group)
    current = None
    for p in range(mesh.num_polygons()):
        name = mesh.material_names[mesh.materials[p]]
        if name != current:
            lines.append("usemtl " + name)
            current = name
        lines.append("f " + " ".join("%d" % remap[v] for v in mesh.polygon(p)))
    return vertex_base, uv_base


def _triangles(mesh):
    for p in range(mesh.num_polygons()):
        corners = mesh.polygon(p)
        for i in range(1, len(corners) - 1):
            yield corners[0], corners[i], corners[i + 1]


def write_dxf(scene, path, actors, options):
    scale = float(options.get(_c("kExOptCodeSCALEFACTOR"), 1.0))
    out = ["0", "SECTION", "2", "ENTITIES"]
    for actor in actors:
        mesh = mesh_of(actor.Geometry(), world=True)
        layer = _clean(actor.InternalName() if options.get(_c("kExOptCodeUSEINTERNALNAMES")) else actor.Name())
        c = mesh.coords
        for p in range(mesh.num_polygons()):
            corners = list(mesh.polygon(p))
            faces = [corners] if len(corners) <= 4 else [[corners[0], corners[i], corners[i + 1]]
                                                         for i in range(1, len(corners) - 1)]
            for face in faces:
                face = face + [face[-1]] * (4 - len(face))
                out.extend(["0", "3DFACE", "8", layer])
                for k, v in enumerate(face):
                    out.extend(["1%d" % k, "%.6g" % (c[3 * v] * scale), "2%d" % k, "%.6g" % (c[3 * v + 1] * scale),
                                "3%d" % k, "%.6g" % (c[3 * v + 2] * scale)])
    out.extend(["0", "ENDSEC", "0", "EOF"])
    with open(path, "w") as stream:
        stream.write("\n".join(out) + "\n")


def write_3ds(scene, path, actors, options):
    import struct

    scale = float(options.get(_c("kExOptCodeSCALEFACTOR"), 1.0))

    def chunk(ident, payload):
        return struct.pack("<HI", ident, 6 + len(payload)) + payload

    objects = b""
    used = set()
    for actor in actors:
        mesh = mesh_of(actor.Geometry(), world=True)
        count = mesh.num_vertices()
        if count > 65535:
            raise error("3ds holds at most 65535 vertices per object; '%s' has %d" % (actor.Name(), count))
        triangles = list(_triangles(mesh))
        if len(triangles) > 65535:
            raise error("3ds holds at most 65535 faces per object; '%s' has %d" % (actor.Name(), len(triangles)))
        name = _clean(actor.InternalName() if options.get(_c("kExOptCodeUSEINTERNALNAMES")) else actor.Name())[:10]
        while name in used:
            name = name[:8] + "%02d" % (len(used) % 100)
        used.add(name)
        c = mesh.coords
        vertices = struct.pack("<H", count) + b"".join(
            struct.pack("<fff", c[i] * scale, c[i + 1] * scale, c[i + 2] * scale) for i in range(0, len(c), 3))
        faces = struct.pack("<H", len(triangles)) + b"".join(struct.pack("<HHHH", a, b, d, 0) for a, b, d in triangles)
        trimesh = chunk(0x4100, chunk(0x4110, vertices) + chunk(0x4120, faces))
        objects += chunk(0x4000, name.encode("ascii", "replace") + b"\x00" + trimesh)
    editor = chunk(0x3D3E, struct.pack("<I", 3)) + objects
    data = chunk(0x4D4D, chunk(0x0002, struct.pack("<I", 3)) + chunk(0x3D3D, editor))
    with open(path, "wb") as stream:
        stream.write(data)


def _xml(text):
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def write_dae(scene, path, actors, options):
    scale = float(options.get(_c("kExOptCodeCOLLADAPercentageScale"), 100.0)) / 100.0
    triangles_only = options.get(_c("kExOptCodeCOLLADAExportTriangles"))
    effects, materials, geometries, nodes = [], [], [], []
    known = {}
    for n, actor in enumerate(actors):
        mesh = mesh_of(actor.Geometry(), world=True)
        gid = "geom%d" % n
        symbols = []
        for name in mesh.material_names:
            key = (id(actor.ItsFigure() or actor), name)
            if key not in known:
                mid = known[key] = "mat%d" % len(known)
                material = _material_for(actor, name)
                r, g, b = material.DiffuseColor()[:3] if material is not None else (0.8, 0.8, 0.8)
                effects.append('<effect id="%s-fx"><profile_COMMON><technique sid="common"><lambert><diffuse>'
                               '<color>%.6g %.6g %.6g 1</color></diffuse></lambert></technique></profile_COMMON>'
                               '</effect>' % (mid, r, g, b))
                materials.append('<material id="%s" name="%s"><instance_effect url="#%s-fx"/></material>'
                                 % (mid, _xml(name), mid))
            symbols.append((name, known[key]))
        c = mesh.coords
        positions = " ".join("%.6g" % (v * scale) for v in c)
        parts = []
        for m_index, (name, mid) in enumerate(symbols):
            polys = [p for p in range(mesh.num_polygons()) if mesh.materials[p] == m_index]
            if not polys:
                continue
            if triangles_only:
                tris = []
                for p in polys:
                    corners = mesh.polygon(p)
                    tris.extend([corners[0], corners[i], corners[i + 1]] for i in range(1, len(corners) - 1))
                parts.append('<triangles material="%s" count="%d"><input semantic="VERTEX" source="#%s-v" offset="0"/>'
                             '<p>%s</p></triangles>' % (_xml(name), len(tris), gid,
                                                        " ".join("%d" % v for t in tris for v in t)))
            else:
                parts.append('<polylist material="%s" count="%d"><input semantic="VERTEX" source="#%s-v" offset="0"/>'
                             '<vcount>%s</vcount><p>%s</p></polylist>'
                             % (_xml(name), len(polys), gid, " ".join("%d" % mesh.counts[p] for p in polys),
                                " ".join("%d" % v for p in polys for v in mesh.polygon(p))))
        geometries.append('<geometry id="%s" name="%s"><mesh><source id="%s-pos"><float_array id="%s-pos-array" '
                          'count="%d">%s</float_array><technique_common><accessor source="#%s-pos-array" count="%d" '
                          'stride="3"><param name="X" type="float"/><param name="Y" type="float"/><param name="Z" '
                          'type="float"/></accessor></technique_common></source><vertices id="%s-v"><input '
                          'semantic="POSITION" source="#%s-pos"/></vertices>%s</mesh></geometry>'
                          % (gid, _xml(actor.Name()), gid, gid, len(c), positions, gid, len(c) // 3, gid, gid,
                             "".join(parts)))
        binds = "".join('<instance_material symbol="%s" target="#%s"/>' % (_xml(name), mid) for name, mid in symbols)
        nodes.append('<node id="node%d" name="%s"><instance_geometry url="#%s"><bind_material><technique_common>%s'
                     '</technique_common></bind_material></instance_geometry></node>'
                     % (n, _xml(actor.Name()), gid, binds))
    up = "Z_UP" if options.get(_c("kExOptCodeCOLLADAUpAxis")) == 2 else "Y_UP"
    text = ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<COLLADA xmlns="http://www.collada.org/2005/11/COLLADASchema" version="1.4.1">\n'
            '<asset><contributor><authoring_tool>PoserTalkr Poser stand-in %s</authoring_tool></contributor>'
            '<unit name="PNU" meter="2.62128"/><up_axis>%s</up_axis></asset>\n'
            '<library_effects>%s</library_effects>\n<library_materials>%s</library_materials>\n'
            '<library_geometries>%s</library_geometries>\n'
            '<library_visual_scenes><visual_scene id="scene" name="scene">%s</visual_scene></library_visual_scenes>\n'
            '<scene><instance_visual_scene url="#scene"/></scene>\n</COLLADA>\n'
            % (_app.AppVersion(), up, "".join(effects), "".join(materials), "".join(geometries), "".join(nodes)))
    with open(path, "w") as stream:
        stream.write(text)


def _bvh_joints(figure):
    root = figure.RootActor() if hasattr(figure, "RootActor") else figure.ParentActor()
    return root


def _dial(actor, code):
    return actor.ParameterByCode(code)


def write_bvh(scene, path, actors, options):
    figure = scene.CurrentFigure()
    if figure is None:
        body_parts = [a for a in actors if a.IsBodyPart()]
        figure = body_parts[0].ItsFigure() if body_parts else None
    if figure is None:
        raise error("a BVH export needs a figure")
    scale = INCHES_PER_UNIT * float(options.get(_c("kExOptCodeSCALEFACTOR"), 1.0) or 1.0)
    internal = options.get(_c("kExOptCodeUSEINTERNALNAMES"), 1)
    root = _bvh_joints(figure)
    order = []
    lines = ["HIERARCHY"]

    def name_of(actor):
        return _clean(actor.InternalName().split(":")[0] if internal else actor.Name())

    def joint(actor, parent_origin, depth, is_root):
        pad = "\t" * depth
        ox, oy, oz = actor.Origin()
        offset = (ox, oy, oz) if is_root else (ox - parent_origin[0], oy - parent_origin[1], oz - parent_origin[2])
        lines.append("%s%s %s" % (pad, "ROOT" if is_root else "JOINT", name_of(actor)))
        lines.append(pad + "{")
        lines.append("%s\tOFFSET %.6f %.6f %.6f" % ((pad,) + tuple(c * scale for c in offset)))
        if is_root:
            lines.append(pad + "\tCHANNELS 6 Xposition Yposition Zposition Zrotation Xrotation Yrotation")
        else:
            lines.append(pad + "\tCHANNELS 3 Zrotation Xrotation Yrotation")
        order.append(actor)
        children = [c for c in actor.Children() if c.IsBodyPart() and c.ItsFigure() is figure]
        for child in children:
            joint(child, (ox, oy, oz), depth + 1, False)
        if not children:
            ex, ey, ez = actor.EndPoint()
            lines.append(pad + "\tEnd Site")
            lines.append(pad + "\t{")
            lines.append("%s\t\tOFFSET %.6f %.6f %.6f" % (pad, (ex - ox) * scale, (ey - oy) * scale, (ez - oz) * scale))
            lines.append(pad + "\t}")
        lines.append(pad + "}")

    joint(root, (0.0, 0.0, 0.0), 0, True)
    first = int(options.get(_c("kExOptCodeFIRSTFRAME"), 0))
    last = int(options.get(_c("kExOptCodeLASTFRAME"), scene.NumFrames() - 1))
    last = min(max(last, first), scene.NumFrames() - 1)
    lines.extend(["MOTION", "Frames: %d" % (last - first + 1), "Frame Time: %.6f" % (1.0 / scene.FramesPerSecond())])
    for frame in range(first, last + 1):
        values = []
        for actor in order:
            if actor is root:
                ox, oy, oz = actor.Origin()
                for code, base in ((kParmCodeXTRAN, ox), (kParmCodeYTRAN, oy), (kParmCodeZTRAN, oz)):
                    parm = _dial(actor, code)
                    values.append((base + (parm.ValueFrame(frame) if parm is not None else 0.0)) * scale)
            for code in (kParmCodeZROT, kParmCodeXROT, kParmCodeYROT):
                parm = _dial(actor, code)
                values.append(parm.ValueFrame(frame) if parm is not None else 0.0)
        lines.append(" ".join("%.6f" % v for v in values))
    with open(path, "w") as stream:
        stream.write("\n".join(lines) + "\n")


_WRITERS = {"obj": write_obj, "bvh": write_bvh, "dae": write_dae, "3ds": write_3ds, "dxf": write_dxf}


# ---------------------------------------------------------------------------------------
# Readers


def read_bvh(path):
    """(joints, frames, frame time): joints as [(name, [channel names], offset)] in file
    order, frames as lists of numbers."""
    with open(path) as stream:
        words = stream.read().split()
    joints = []
    i = 0
    while i < len(words) and words[i] != "MOTION":
        word = words[i]
        if word in ("ROOT", "JOINT"):
            joints.append([words[i + 1], [], (0.0, 0.0, 0.0)])
            i += 2
            continue
        if word == "End":
            i += 2
            depth = 0
            while i < len(words):
                if words[i] == "{":
                    depth += 1
                elif words[i] == "}":
                    depth -= 1
                    if depth == 0:
                        break
                i += 1
        elif word == "OFFSET" and joints:
            joints[-1][2] = tuple(float(w) for w in words[i + 1:i + 4])
            i += 4
            continue
        elif word == "CHANNELS" and joints:
            count = int(words[i + 1])
            joints[-1][1] = words[i + 2:i + 2 + count]
            i += 2 + count
            continue
        i += 1
    if i >= len(words) or not joints:
        raise error("%s is not a BVH file" % path)
    count = int(words[words.index("Frames:", i) + 1])
    at = words.index("Time:", i) + 1
    frame_time = float(words[at])
    numbers = [float(w) for w in words[at + 1:]]
    width = sum(len(j[1]) for j in joints)
    frames = [numbers[f * width:(f + 1) * width] for f in range(count) if len(numbers) >= (f + 1) * width]
    return joints, frames, frame_time


# ---------------------------------------------------------------------------------------
# What ImExporterType's methods do


def export_options(scene, fileSuffix):
    """The format's options with their defaults, keyed by kExOptCode* values."""
    _, table = _table(_EXPORT_OPTIONS, fileSuffix, "ExportOptions")
    return _defaults(table, scene)


def import_options(scene, fileSuffix):
    """The format's options with their defaults, keyed by kImOptCode* values."""
    _, table = _table(_IMPORT_OPTIONS, fileSuffix, "ImportOptions")
    return _defaults(table, scene)


def export_label(fileSuffix, enumValue):
    """The label the export dialog shows for option ``enumValue``."""
    _, table = _table(_EXPORT_OPTIONS, fileSuffix, "ExportOptionString")
    return _label(table, enumValue)


def import_label(fileSuffix, enumValue):
    _, table = _table(_IMPORT_OPTIONS, fileSuffix, "ImportOptionString")
    return _label(table, enumValue)


def export(scene, fileSuffix, pluginName, filePath, options=None, sceneSelectionCallback=None):
    """Writes ``filePath`` in the format of ``fileSuffix`` (see the module notes)."""
    kind, table = _table(_EXPORT_OPTIONS, fileSuffix, "Export")
    chosen = _defaults(table, scene)
    if options:
        chosen.update(options)
    path = _app.resolve_path(filePath, for_writing=True)
    folder = os.path.dirname(path)
    if folder and not os.path.isdir(folder):
        raise error("Export: no folder %s" % folder)
    actors = _actors_for_export(scene, sceneSelectionCallback)
    log("Export", kind, pluginName, path)
    writer = _WRITERS[kind]
    if kind != "bvh" and chosen.get(_c("kExOptCodeMULTIFRAME")):
        first = int(chosen.get(_c("kExOptCodeFIRSTFRAME"), 0))
        last = min(int(chosen.get(_c("kExOptCodeLASTFRAME"), scene.NumFrames() - 1)), scene.NumFrames() - 1)
        stem, suffix = os.path.splitext(path)
        for frame in range(first, last + 1):
            with _AtFrame(scene, frame):
                writer(scene, "%s_%04d%s" % (stem, frame, suffix), actors, chosen)
        return None
    writer(scene, path, actors, chosen)
    return None


def import_file(scene, fileSuffix, filePath, options=None):
    """Reads ``filePath``: an OBJ becomes a new prop, a BVH poses the current figure."""
    kind, table = _table(_IMPORT_OPTIONS, fileSuffix, "Import")
    chosen = _defaults(table, scene)
    if options:
        chosen.update(options)
    path = _app.resolve_path(filePath, must_exist=True)
    log("Import", kind, path)
    if kind == "obj":
        return import_obj(scene, path, chosen)
    return import_bvh(scene, path, chosen)


def import_obj(scene, path, options):
    from ._actors import ActorType

    mesh = read_obj(path).result()
    coords = mesh.coords
    if options.get(_c("kImOptCodeFLIPNORMS")):
        for p in range(mesh.num_polygons()):
            start, count = mesh.starts[p], mesh.counts[p]
            mesh.sets[start:start + count] = mesh.sets[start:start + count][::-1]
            if mesh.tex_sets is not None:
                tstart, tcount = mesh.tex_starts[p], mesh.tex_counts[p]
                mesh.tex_sets[tstart:tstart + tcount] = mesh.tex_sets[tstart:tstart + tcount][::-1]
    for flag, axis in (("kImOptCodeFLIPUTEXTCOORDS", 0), ("kImOptCodeFLIPVTEXTCOORDS", 1)):
        if options.get(_c(flag)):
            for i in range(axis, len(mesh.uvs), 2):
                mesh.uvs[i] = 1.0 - mesh.uvs[i]
    if coords:
        lows = [min(coords[a::3]) for a in range(3)]
        highs = [max(coords[a::3]) for a in range(3)]
        scale = 1.0
        percent = float(options.get(_c("kImOptCodePERCENTFIGSIZE"), 0.0) or 0.0)
        height = highs[1] - lows[1]
        if percent > 0 and height > 0:
            scale = percent / 100.0 * _figure_height(scene) / height
        shift = [0.0, 0.0, 0.0]
        if options.get(_c("kImOptCodeCENTERED")):
            shift = [-(lows[a] + highs[a]) / 2.0 * scale for a in range(3)]
        if options.get(_c("kImOptCodePLACEONFLOOR")):
            shift[1] = -lows[1] * scale
        for a, name in enumerate(("kImOptCodeOFFSETX", "kImOptCodeOFFSETY", "kImOptCodeOFFSETZ")):
            shift[a] += float(options.get(_c(name), 0.0) or 0.0)
        if scale != 1.0 or shift != [0.0, 0.0, 0.0]:
            mesh.coords = [coords[i] * scale + shift[i % 3] for i in range(len(coords))]
    geom = build_geometry(mesh)
    if options.get(_c("kImOptCodeWELDIDENTICALVERTS")):
        geom.Weld()
    name = os.path.splitext(os.path.basename(path))[0] or "prop"
    prop = ActorType(name, scene._unique_internal(_clean(name)), ActorType._PROP, geometry=geom)
    before = scene._selection()
    with scene._events():
        scene._add_actor(prop)
        scene._select_actor(prop)
    scene._record_added("Import", before, scene._selection(), [], [prop])
    return None


def import_bvh(scene, path, options):
    from . import _commands

    figure = scene.CurrentFigure()
    if figure is None:
        raise error("a BVH import needs a current figure")
    joints, frames, _ = read_bvh(path)
    targets = []
    for name, channels, offset in joints:
        actor = None
        for candidate in figure.Actors():
            if candidate.InternalName().split(":")[0] == name or _clean(candidate.Name()) == name \
                    or candidate.Name() == name:
                actor = candidate
                break
        targets.append((actor, channels))
    parms = [p for actor, _ in targets if actor is not None for p in actor.Parameters()]
    states = _commands.parms_state(parms)
    codes = {"Xrotation": kParmCodeXROT, "Yrotation": kParmCodeYROT, "Zrotation": kParmCodeZROT,
             "Xposition": kParmCodeXTRAN, "Yposition": kParmCodeYTRAN, "Zposition": kParmCodeZTRAN}
    with scene._events():
        scene._ensure_frames(len(frames) - 1)
        for frame, values in enumerate(frames):
            at = 0
            for actor, channels in targets:
                for channel in channels:
                    value = values[at]
                    at += 1
                    if actor is None or channel not in codes:
                        continue
                    parm = actor.ParameterByCode(codes[channel])
                    if parm is None:
                        continue
                    if channel.endswith("position"):
                        axis = "XYZ".index(channel[0])
                        value = value / INCHES_PER_UNIT - actor.Origin()[axis]
                    if len(frames) == 1:
                        parm.SetValue(value)
                    else:
                        parm.SetValueFrame(value, frame)
        scene._note_event(kEventCodeKEYSCHANGED | kEventCodePARMCHANGED, None)
    scene._record_parms("Import", states)
    return None


def _figure_height(scene):
    figure = scene.CurrentFigure()
    if figure is None:
        return 0.77
    lows, highs = [], []
    for actor in figure.Actors():
        geom = actor.Geometry()
        if geom is not None and geom.NumVertices():
            ys = geom._coords[1::3] if hasattr(geom, "_coords") else [v.Y() for v in geom.Vertices()]
            lows.append(min(ys))
            highs.append(max(ys))
    return (max(highs) - min(lows)) if lows else 0.77



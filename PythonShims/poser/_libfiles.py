"""Library files and documents on real files: the work behind SceneLibraryMixin
(``_library``: ``LoadLibrary*``, ``SaveLibrary*`` and the document methods behind
``poser.OpenDocument``/``SaveDocument``), loaded on first use.

The files are written in Poser's own text format (``_poserfile``), a subset of what Poser
writes, so a saved file reads like a Poser file and the stub also reads simple real Poser
content (poses, faces, hands, inline-geometry props, cameras, lights):

* ``actor ID { name ...; channels { rotateY yrot { name yRotate; keys { static 0;
  k FRAME VALUE; spl|lin|con } } } }`` for body parts (``prop``, ``camera``, ``light``,
  ``hairProp``, ``universe`` for the others);
* channels carry ``parmCode`` (the kParmCode*), limits, ``hidden``, ``forceLimits``,
  ``trackingScale`` and, for morphs in figure, prop and scene files, ``deltas { d INDEX
  DX DY DZ }``; poses carry keys (and ``name``) only;
* a prop's mesh is an inline ``geomCustom`` block of OBJ lines (``v``, ``vt``, ``g``,
  ``usemtl``, ``f``); ``objFileGeom 0 0 :Runtime:Geometries:x.obj`` is read too;
* ``figure { name ...; root BODY; material NAME { KdColor r g b 1; textureMap PATH } }``;
* documents (.pz3) add ``sceneState { ... }``: frames, selection, colours, animation sets.

What each file holds and restores:

* pose (.pz2): the current figure's body-part dials (morph dials with
  ``includeMorphTargets``). A one-frame pose sets the dials at the current frame; a
  multi-frame pose (``multiFrame``: frames startFrame..endFrame, stored from 0) keys them
  from the current frame on, lengthening the animation when needed.
* face (.fc2): the head's morph dials. hand (.hd2): the right hand and its fingers;
  ``LoadLibraryHand(path, 1)`` puts it on the left hand, mirrored (yrot, zrot, xtran
  change sign), as it would any hand file onto the other side.
* figure (.cr2): the current figure's actors, names, dials with their keys, limits and
  morph deltas, flags and materials; it loads as a new figure of the stand-in skeleton.
* prop (.pp2) and hair (.hr2): the current prop (and its child props) or the current
  figure's hair props, with their meshes; each load adds new props (hair parented to the
  current figure's head).
* camera (.cm2): every camera; loading sets the cameras of the same internal names (and
  adds the missing). light (.lt2): every light; loading replaces the scene's lights.
* document (.pz3): everything above for the whole scene, plus frames, selection, scene
  colours, display style, sound, startup script and animation sets. Not saved: render
  settings, value operations (ERC links), custom data, shader trees (materials keep
  their colour and texture map), hair groups and cloth simulations, and the links of a
  magnet to its base and zone (they come back as plain props).

Every load is one undo command (``poser.Undo``) and reports its events at once.

A library path that no content folder holds (a script written for someone's Poser
content) does not stop the script: a figure, prop or hair load adds the stand-in figure
or a small stand-in prop named after the file, the other loads change nothing, and the
call log records ``(method, path, "missing")``. ``LoadLibraryFigure``/``Prop``/``Hair``
answer the new figure or prop (Poser answers None). Documents must exist.
"""

import os

from . import _app, _commands, _poserfile
from ._animation import key_frames
from ._calllog import error, log
from ._codes import (kEventCodeSCENECLOSING,
                     kParmCodeASCALE, kParmCodeDEPTHMAPSIZE, kParmCodeDEPTHMAPSTRENGTH, kParmCodeFOCAL,
                     kParmCodeKDBLUE, kParmCodeKDGREEN, kParmCodeKDINTENSITY, kParmCodeKDRED, kParmCodeSHADOW,
                     kParmCodeTAPERX, kParmCodeTAPERY, kParmCodeTAPERZ, kParmCodeTARGET, kParmCodeVALUE,
                     kParmCodeXROT, kParmCodeXSCALE, kParmCodeXTRAN, kParmCodeYROT, kParmCodeYSCALE,
                     kParmCodeYTRAN, kParmCodeZROT, kParmCodeZSCALE, kParmCodeZTRAN)
from ._meshio import ObjReader, build_geometry, mesh_of, obj_lines, read_obj
from ._poserfile import Writer, unquote

FILE_VERSION = "%d.%d" % _app.VERSION[:2]

# Poser's channel keywords by parameter code; other codes are written as valueParm with
# their parmCode line.
_KEYWORDS = {kParmCodeXROT: "rotateX", kParmCodeYROT: "rotateY", kParmCodeZROT: "rotateZ",
             kParmCodeXTRAN: "translateX", kParmCodeYTRAN: "translateY", kParmCodeZTRAN: "translateZ",
             kParmCodeASCALE: "scale", kParmCodeXSCALE: "scaleX", kParmCodeYSCALE: "scaleY",
             kParmCodeZSCALE: "scaleZ", kParmCodeTARGET: "targetGeom", kParmCodeVALUE: "valueParm",
             kParmCodeFOCAL: "focal", kParmCodeKDRED: "kdRed", kParmCodeKDGREEN: "kdGreen",
             kParmCodeKDBLUE: "kdBlue", kParmCodeKDINTENSITY: "kdIntensity", kParmCodeTAPERX: "taperX",
             kParmCodeTAPERY: "taperY", kParmCodeTAPERZ: "taperZ", kParmCodeDEPTHMAPSIZE: "depthMapSize",
             kParmCodeDEPTHMAPSTRENGTH: "depthMapStrength", kParmCodeSHADOW: "shadow"}
_CODES = dict((keyword, code) for code, keyword in _KEYWORDS.items())
_ACTOR_KEYWORDS = ("actor", "prop", "hairProp", "camera", "light", "controlProp", "magnetDeformerProp",
                   "magnetZoneProp", "waveDeformerProp", "sphereZoneProp", "universe")
_MIRRORED = ("yrot", "zrot", "xtran")  # dials whose sign flips between a left and a right part
_POSE, _EXACT = "pose", "exact"


# ---------------------------------------------------------------------------------------
# Small helpers


def base_name(internal):
    """'hip:2' -> 'hip'."""
    return internal.split(":")[0]


def _suffix(internal):
    return internal.split(":", 1)[1] if ":" in internal else ""


def _own_value(parm, frame):
    own = getattr(parm, "_own_value", None)
    return own(frame) if own is not None else parm.ValueFrame(frame)


def _parameter(actor, internal, name=None):
    """The actor's dial whose internal name is ``internal``, else whose name is ``name``
    (else ``internal``)."""
    parms = actor.Parameters()
    for parm in parms:
        if parm.InternalName() == internal:
            return parm
    for wanted in (name, internal):
        if wanted:
            for parm in parms:
                if parm.Name() == wanted:
                    return parm
    return None


def _flag(text, default=1):
    try:
        return 1 if float(text.split()[0]) else 0
    except (ValueError, IndexError, AttributeError):
        return default


def _descendants(actor):
    found = []
    for child in actor.Children():
        found.append(child)
        found.extend(_descendants(child))
    return found


# ---------------------------------------------------------------------------------------
# Writing


def _write_channel(w, parm, mode, frames=None, deltas=False):
    """A channel block. ``mode`` _POSE: keys only (``frames``: None for the value at the
    current frame, else (start, end) keyed from 0); _EXACT: the dial's own keys, with
    its limits and flags (and morph deltas with ``deltas``)."""
    code = parm.TypeCode()
    w.open(_KEYWORDS.get(code, "valueParm"), parm.InternalName())
    w.line("name", parm.Name())
    if code not in _KEYWORDS:
        w.line("parmCode", code)
    if mode == _EXACT:
        init = getattr(parm, "InitValue", None)
        if init is not None:
            w.line("initValue", float(init()))
        w.line("hidden", parm.Hidden())
        force = getattr(parm, "ForceLimits", None)
        if force is not None:
            w.line("forceLimits", force())
        w.line("min", float(parm.MinValue()))
        w.line("max", float(parm.MaxValue()))
        w.line("trackingScale", float(parm.Sensitivity()))
    w.open("keys")
    if mode == _EXACT:
        frames_keyed = key_frames(parm)
        w.line("static", 0)
        if not frames_keyed:
            w.line("k", 0, float(_own_value(parm, 0)))
        for frame in frames_keyed:
            w.line("k", frame, float(_own_value(parm, frame)))
            if hasattr(parm, "ConstantAtFrame") and parm.ConstantAtFrame(frame):
                w.line("con")
            elif hasattr(parm, "LinearAtFrame") and parm.LinearAtFrame(frame):
                w.line("lin")
            else:
                w.line("spl")
            if hasattr(parm, "SplineBreakAtFrame") and parm.SplineBreakAtFrame(frame):
                w.line("brk")
    elif frames is None:
        w.line("static", 0)
        w.line("k", 0, float(parm.Value()))
    else:
        w.line("static", 0)
        start, end = frames
        for frame in range(start, end + 1):
            w.line("k", frame - start, float(_own_value(parm, frame)))
    w.close()
    if deltas and parm.IsMorphTarget() and not _stock_deltas(parm):
        changed = getattr(parm, "_deltas", None)
        if changed is None:
            geom = parm.Actor().Geometry()
            count = geom.NumVertices() if geom is not None else 0
            changed = dict((i, parm.MorphTargetDelta(i)) for i in range(count))
        items = sorted((i, d) for i, d in changed.items() if tuple(d) != (0.0, 0.0, 0.0))
        geom = parm.Actor().Geometry()
        w.line("indexes", geom.NumVertices() if geom is not None else len(items))
        w.line("numbDeltas", len(items))
        w.open("deltas")
        for index, (dx, dy, dz) in items:
            w.line("d", index, "%.7g" % dx, "%.7g" % dy, "%.7g" % dz)
        w.close()
    w.close()


_STOCK_DELTAS = []


def _stock_deltas(parm):
    """True when a body part's morph still has the deltas every stand-in figure is made
    with (figure and scene files leave those out; a new figure has them anyway)."""
    actor = parm.Actor()
    if actor is None or not actor.IsBodyPart():
        return False
    if not _STOCK_DELTAS:
        from ._figures import FigureType

        stock = {}
        for part in FigureType("stock", 1).Actors():
            for dial in part.Parameters():
                if dial.IsMorphTarget():
                    stock[(part.InternalName(), dial.InternalName())] = dict(getattr(dial, "_deltas", {}))
        _STOCK_DELTAS.append(stock)
    key = (base_name(actor.InternalName()), parm.InternalName())
    return key in _STOCK_DELTAS[0] and _STOCK_DELTAS[0][key] == getattr(parm, "_deltas", None)


def _write_channels(w, parms, mode, frames=None, deltas=False):
    w.open("channels")
    for parm in parms:
        _write_channel(w, parm, mode, frames, deltas)
    w.close()


def _write_geometry(w, geom):
    mesh = mesh_of(geom)
    w.open("geomCustom")
    w.line("numbVerts", mesh.num_vertices())
    w.line("numbTVerts", len(mesh.uvs) // 2)
    w.line("numbTSets", len(mesh.tex_sets) if mesh.tex_sets is not None else 0)
    w.line("numbElems", mesh.num_polygons())
    w.line("numbSets", len(mesh.sets))
    for line in obj_lines(mesh):
        key, _, rest = line.partition(" ")
        w.line(key, rest)
    w.close()


def _write_material(w, material):
    w.open("material", material.Name())
    r, g, b = material.DiffuseColor()[:3]
    w.line("KdColor", float(r), float(g), float(b), 1)
    texture = material.TextureMapFileName()
    w.line("textureMap", '"%s"' % texture if texture else "NO_MAP")
    w.close()


def _apply_material(material, node):
    color = node.floats("KdColor")
    if color and len(color) >= 3:
        material.SetDiffuseColor(color[0], color[1], color[2])
    texture = node.get("textureMap")
    if texture is not None:
        texture = unquote(texture)
        material.SetTextureMapFileName("" if texture == "NO_MAP" else texture)


def _stock(actor):
    """True for a prop of the default scene whose mesh is still the stock one (not made
    yet, or equal to a fresh build): documents save a reference, not the vertices (the
    Ground Grid has half a million)."""
    if actor.__dict__.get("_geometry") is None and getattr(actor, "_build", None) is not None:
        return True
    from . import _default_scene, _geometry

    builders = {"GROUND": getattr(_default_scene, "ground", None), "ball_1": getattr(_default_scene, "ball", None),
                "GROUND_GRID": getattr(_geometry, "grid", None)}
    build = builders.get(actor.InternalName())
    geom = actor.Geometry()
    if build is None or geom is None:
        return False
    stock = build()
    return all(getattr(geom, name, None) == getattr(stock, name, 0)
               for name in ("_coords", "_sets", "_poly_starts", "_poly_counts"))


def _actor_kind(actor):
    for test, kind in (("IsHairProp", "hair"), ("IsDeformer", None), ("IsZone", None), ("IsBase", None)):
        if getattr(actor, test)():
            return kind
    return getattr(actor, "_kind", "prop")


def write_actor(w, keyword, actor, ids, parms, mode, frames=None, full=True, geometry=False,
                materials=False, deltas=False, stock=False):
    """An actor block: ``keyword ID { name; flags; parent; channels; geometry }``."""
    w.open(keyword, ids.get(actor, actor.InternalName()))
    w.line("name", actor.Name())
    if full:
        w.line("on" if actor.OnOff() else "off")
        w.line("visible", actor.Visible())
        w.line("bend", actor.Bends())
        w.line("castsShadow", actor.CastShadows())
        parent = actor.Parent()
        if parent is not None and parent.InternalName() != "UNIVERSE":
            w.line("parent", ids.get(parent, parent.InternalName()))
        else:
            w.line("parent", "UNIVERSE")
        if not actor.IsBodyPart() and not actor.IsCamera() and not actor.IsLight():
            w.line("actorKind", _actor_kind(actor))
        if actor.IsLight():
            w.line("lightType", actor.LightType())
        if not actor.IsCamera() and not actor.IsLight():
            w.line("origin", *[float(c) for c in actor.Origin()])
            w.line("endPoint", *[float(c) for c in actor.EndPoint()])
        if geometry and not actor.IsBodyPart():
            if stock and _stock(actor):
                w.line("geomStock", actor.InternalName())
            elif actor.Geometry() is not None:
                _write_geometry(w, actor.Geometry())
    _write_channels(w, parms, mode, frames, deltas)
    if materials and not actor.IsBodyPart():
        for material in actor.Materials():
            _write_material(w, material)
    w.close()


def write_figure(w, figure, ids, scene_file=False):
    parms_of = lambda actor: actor.Parameters()  # noqa: E731
    w.line("figureResFile", figure.GeomFileName())
    for actor in figure.Actors():
        write_actor(w, "actor", actor, ids, parms_of(actor), _EXACT, deltas=True)
    w.open("figure")
    w.line("name", figure.Name())
    w.line("internalName", figure.InternalName())
    w.line("root", ids.get(figure.ParentActor(), figure.ParentActor().InternalName()))
    w.line("visible", figure.Visible())
    if scene_file and figure.ConformTarget() is not None:
        w.line("conformingTarget", figure.ConformTarget().InternalName())
    for material in figure.Materials():
        _write_material(w, material)
    w.close()


def _frames(multiFrame, startFrame, endFrame, scene):
    if not multiFrame:
        return None
    start = 0 if startFrame is None else int(startFrame)
    end = scene.NumFrames() - 1 if endFrame is None else int(endFrame)
    if start < 0 or end < start:
        raise error("frames %d..%d are not a range" % (start, end))
    return (start, min(end, scene.NumFrames() - 1))


def _save(path, w):
    _poserfile.write_file(path, w.text())


def new_writer():
    w = Writer()
    w.open("version")
    w.line("number", FILE_VERSION)
    w.close()
    return w


# ---------------------------------------------------------------------------------------
# Reading


def _keys(node):
    """[(frame, value, kind, break)] of a channel's ``keys`` block."""
    keys = []
    block = node.find("keys")
    static = node.floats("staticValue") or (block.floats("staticValue") if block is not None else None)
    if static and block is not None and _flag(block.get("static", "0"), 0):
        return [[0, static[0], "spl", False]]  # a non-animatable channel: its staticValue counts
    if block is None:
        return keys
    for child in block.children or ():
        if child.key == "k":
            words = child.value.split()
            if len(words) >= 2:
                keys.append([int(round(float(words[0]))), float(words[1]), "spl", False])
        elif keys and child.key in ("spl", "lin", "con"):
            keys[-1][2] = child.key
        elif keys and child.key == "brk":
            keys[-1][3] = True
    return keys


def _set_exact_keys(parm, keys):
    for frame in key_frames(parm):
        parm.DeleteKeyFrame(frame)
    if not keys:
        return
    if len(keys) == 1 and keys[0][0] == 0:
        parm.SetValueFrame(keys[0][1], 0)
        return
    for frame, value, _, _ in keys:
        parm.SetValueFrame(value, frame)
    if 0 not in [k[0] for k in keys]:
        parm.DeleteKeyFrame(0)
    for index, (frame, _, kind, brk) in enumerate(keys[:-1]):
        following = keys[index + 1][0]
        if kind == "lin" and hasattr(parm, "SetRangeLinear"):
            parm.SetRangeLinear(frame, following)
        elif kind == "con" and hasattr(parm, "SetRangeConstant"):
            parm.SetRangeConstant(frame, following)
    for frame, _, _, brk in keys:
        if brk and hasattr(parm, "SetSplineBreak"):
            parm.SetSplineBreak(frame, 1)


def _channel_code(node):
    code = node.get("parmCode")
    if code is not None:
        try:
            return int(code)
        except ValueError:
            pass
    return _CODES.get(node.key)


def _apply_channel(actor, node, mode, scene, offset=0, create=False, mirror=False):
    """Applies a channel block to the actor's dial of that internal name; returns the
    dial, or None when the actor has none (and ``create`` does not make one)."""
    words = node.value.split()
    internal = words[0] if words else node.get("name", "")
    name = node.get("name")
    parm = _parameter(actor, internal, name)
    code = _channel_code(node)
    if parm is None:
        if not create or code not in (kParmCodeTARGET, kParmCodeVALUE):
            return None
        try:
            if code == kParmCodeTARGET:
                if actor.Geometry() is None:
                    return None
                actor.SpawnTarget(internal)
                parm = _parameter(actor, internal)
            else:
                parm = actor.CreateValueParameter(internal)
        except error:
            return None
        if parm is None:
            return None
    if mode == _EXACT:
        if name and name != parm.Name():
            parm.SetName(name)
        for key, setter in (("min", "SetMinValue"), ("max", "SetMaxValue"), ("trackingScale", "SetSensitivity"),
                            ("initValue", "SetInitValue")):
            value = node.floats(key)
            if value and hasattr(parm, setter):
                getattr(parm, setter)(value[0])
        if node.has("hidden"):
            parm.SetHidden(_flag(node.get("hidden"), 0))
        if node.has("forceLimits") and hasattr(parm, "SetForceLimits"):
            parm.SetForceLimits(_flag(node.get("forceLimits"), 0))
    deltas = node.find("deltas")
    if deltas is not None and parm.IsMorphTarget():
        geom = actor.Geometry()
        count = geom.NumVertices() if geom is not None else 0
        stored = getattr(parm, "_deltas", None)
        if stored is not None:
            stored.clear()
        for line in deltas.children or ():
            if line.key == "d":
                values = line.value.split()
                index = int(values[0])
                if 0 <= index < count:
                    parm.SetMorphTargetDelta(index, float(values[1]), float(values[2]), float(values[3]))
    keys = _keys(node)
    if mirror and parm.InternalName() in _MIRRORED:
        keys = [[f, -v, kind, brk] for f, v, kind, brk in keys]
    if not keys:
        return parm
    if mode == _EXACT:
        _set_exact_keys(parm, keys)
    elif len(keys) == 1 and keys[0][0] == 0:
        parm.SetValue(keys[0][1])
    else:
        scene._ensure_frames(max(k[0] for k in keys) + offset)
        for frame, value, _, _ in keys:
            parm.SetValueFrame(value, frame + offset)
    return parm


def apply_actor(actor, node, mode, scene, ids=None, offset=0, create=False, mirror=False, full=False):
    """Applies an actor block (name, flags, parent, channels, materials) to ``actor``."""
    if full:
        name = node.get("name")
        if name and not name.startswith("GetStringRes"):
            actor.SetName(name)
        if node.has("off"):
            actor.SetOnOff(0)
        elif node.has("on"):
            actor.SetOnOff(1)
        for key, setter in (("visible", "SetVisible"), ("bend", "SetBends"), ("castsShadow", "SetCastShadows")):
            if node.has(key):
                getattr(actor, setter)(_flag(node.get(key)))
        if actor.IsLight() and node.has("lightType"):
            try:
                actor.SetLightType(int(float(node.get("lightType"))))
            except (ValueError, error):
                pass
        if not actor.IsCamera() and not actor.IsLight():
            origin = node.floats("origin")
            if origin and len(origin) == 3:
                actor.SetOrigin(*origin)
            end = node.floats("endPoint")
            if end and len(end) == 3:
                actor.SetEndPoint(*end)
        parent_id = node.get("parent")
        if ids is not None and parent_id and parent_id in ids and ids[parent_id] is not actor:
            parent = ids[parent_id]
            if actor.Parent() is not parent:
                try:
                    actor.SetParent(parent)
                except error:
                    pass
        for material_node in node.find_all("material"):
            try:
                material = actor.Material(material_node.value)
            except error:
                material = None
            if material is not None:
                _apply_material(material, material_node)
    applied = []
    for channels in node.find_all("channels"):
        for channel in channels.children or ():
            parm = _apply_channel(actor, channel, mode, scene, offset, create, mirror)
            if parm is not None:
                applied.append(parm)
    return applied


def read_geometry(node, path=None):
    """The mesh of an actor block (``geomCustom``, or an ``objFileGeom`` file found in
    the content folders), as a new GeomType; None without one."""
    custom = node.find("geomCustom")
    if custom is not None:
        reader = ObjReader()
        for line in custom.children or ():
            if line.key in ("v", "vt", "f", "g", "usemtl"):
                reader.add(line.key, line.value)
        return build_geometry(reader.result())
    obj = node.get("objFileGeom")
    if obj:
        words = obj.split(None, 2)
        reference = unquote(words[-1])
        try:
            resolved = _app.resolve_path(reference, must_exist=True)
        except error:
            candidate = os.path.join(os.path.dirname(path or ""), os.path.basename(reference.replace(":", "/")))
            if not os.path.exists(candidate):
                log("MissingGeometry", reference)
                return None
            resolved = candidate
        return build_geometry(read_obj(resolved).result())
    return None


def actor_blocks(top, keywords=_ACTOR_KEYWORDS):
    """{(keyword, id): [blocks]} in file order: Poser files may give an actor two blocks
    (its geometry, then its settings); both count."""
    order = []
    blocks = {}
    for node in top.children or ():
        if node.key in keywords and node.children is not None:
            key = (node.key, node.value.strip())
            if key not in blocks:
                blocks[key] = []
                order.append(key)
            blocks[key].append(node)
    return [(key, blocks[key]) for key in order]


def merged(nodes):
    """One Node standing for an actor's blocks (their lines in order)."""
    if len(nodes) == 1:
        return nodes[0]
    first = nodes[0]
    node = _poserfile.Node(first.key, first.value, [])
    for part in nodes:
        node.children.extend(part.children or ())
    return node


def read(path):
    """(OS path, parsed file) of a library or document path; poser.error when missing."""
    resolved = _app.resolve_path(path, must_exist=True)
    try:
        return resolved, _poserfile.read_file(resolved)
    except (IOError, OSError) as problem:
        raise error("cannot read %s: %s" % (resolved, problem))


def read_library(path, what):
    """(OS path, parsed file) of a library file, or (path, None) when no content folder
    has it: the load then uses stand-in content and the call log says
    ``(what, path, "missing")``."""
    try:
        return read(path)
    except error:
        resolved = _app.resolve_path(path)
        if os.path.exists(resolved):
            raise
        log(what, resolved, "missing")
        return resolved, None


# ---------------------------------------------------------------------------------------
# The SceneType methods


def _new_actor(name, internal, kind, geometry=None):
    from ._actors import ActorType

    return ActorType(name, internal, kind, geometry=geometry)


def _kind_for(node, default):
    from ._actors import ActorType

    kind = node.get("actorKind")
    if kind and kind in ActorType._PROP_KINDS:
        return kind
    if node.key == "hairProp":
        return ActorType._HAIR
    return default


class LibraryMethods(object):
    """The bodies of SceneLibraryMixin's methods (``_library``), called with the scene as
    ``self``. They lean on the scene core (``_scene``): ``_add_figure``, ``_add_actor``,
    ``_remove_actor``, ``_selection``/``_restore_selection``, ``_record_added``,
    ``_record_parms`` and ``_events``."""

    # ---------------------------------------------------------------- loading
    def LoadLibraryFigure(self, filePath, setupAutoGroup=None):
        """Adds the figure of a .cr2 file (the stand-in skeleton, with the file's names,
        dials, keys, morphs, flags and materials) and selects it. A path no content
        folder holds adds the stand-in figure, named after the file (the call log says
        "missing"). Poser answers None; the stub answers the new figure."""
        path, top = read_library(filePath, "LoadLibraryFigure")
        before = self._selection()
        if top is None:
            figures = [self._new_figure(os.path.splitext(os.path.basename(path))[0] or "Figure")]
        else:
            log("LoadLibraryFigure", path)
            figure_nodes = [n for n in top.children or () if n.key == "figure" and n.children is not None]
            blocks = actor_blocks(top, ("actor",))
            if not blocks:
                raise error("%s holds no figure" % path)
            figures = [self._figure_from_blocks(node, blocks, path, len(figure_nodes) > 1)
                       for node in figure_nodes or [None]]
        with self._events():
            for figure in figures:
                self._add_figure(figure)
        self._record_added("Load Figure", before, self._selection(), figures, [])
        return figures[0]

    def _figure_from_blocks(self, figure_node, blocks, path, several):
        """A new figure for the ``actor`` blocks (those of ``figure_node``'s root suffix
        when the file holds several figures), not yet in the scene."""
        name = figure_node.get("name") if figure_node is not None else None
        if not name or name.startswith("GetStringRes"):
            name = os.path.splitext(os.path.basename(path))[0]
        mine = blocks
        if several and figure_node is not None:
            suffix = _suffix(figure_node.get("root", ""))
            mine = [(key, nodes) for key, nodes in blocks if _suffix(key[1]) == suffix]
        geom_file = None
        figure = self._new_figure(name, geom_file)
        ids = {}
        pairs = []
        for (keyword, ident), nodes in mine:
            try:
                actor = figure.ActorByInternalName(base_name(ident))
            except error:
                continue
            ids[ident] = actor
            pairs.append((actor, merged(nodes)))
        for actor, node in pairs:
            apply_actor(actor, node, _EXACT, self, ids, create=True, full=True)
        if figure_node is not None:
            for material_node in figure_node.find_all("material"):
                material = figure.Material(material_node.value)
                if material is not None:
                    _apply_material(material, material_node)
            if figure_node.has("visible"):
                figure.SetVisible(_flag(figure_node.get("visible")))
        return figure

    def _new_figure(self, name, geom_file=None):
        from ._figures import FigureType

        self._figure_count += 1
        number = self._figure_count
        taken = set(f.Name() for f in self._figures)
        if name in taken:
            name = "Figure %d" % number if name.startswith("Figure ") else "%s %d" % (name, number)
        return FigureType(name, number, geom_file or "")

    def _apply_pose_file(self, filePath, what, mirror_to=None):
        """Applies a pose-like file (pose, face, hand) to the current figure; one command."""
        figure = self.CurrentFigure()
        if figure is None:
            raise error("%s needs a current figure" % what)
        path, top = read_library(filePath, what)
        if top is None:
            return
        log(what, path)
        targets = []
        for (keyword, ident), nodes in actor_blocks(top):
            actor = self._pose_target(figure, keyword, ident, mirror_to)
            if actor is not None:
                mirror = mirror_to is not None and base_name(ident)[:1] != mirror_to
                targets.append((actor, merged(nodes), mirror))
        parms = []
        for actor, _, _ in targets:
            parms.extend(actor.Parameters())
        states = _commands.parms_state(parms)
        offset = self.Frame()
        with self._events():
            for actor, node, mirror in targets:
                apply_actor(actor, node, _POSE, self, offset=offset, create=True, mirror=mirror)
        self._record_parms(what.replace("LoadLibrary", "Load "), states)

    def _pose_target(self, figure, keyword, ident, side=None):
        if keyword == "actor":
            base = base_name(ident)
            if side is not None and len(base) > 1 and base[0] in "lr" and base[1].isupper():
                base = side + base[1:]
            try:
                return figure.ActorByInternalName(base)
            except error:
                return None
        for actor in self.Actors():
            if actor.InternalName() == ident:
                return actor
        return None

    def LoadLibraryPose(self, filePath):
        """Poses the current figure (see the module notes for one- and multi-frame poses)."""
        self._apply_pose_file(filePath, "LoadLibraryPose")

    def LoadLibraryFace(self, filePath):
        self._apply_pose_file(filePath, "LoadLibraryFace")

    def LoadLibraryHand(self, filePath, leftHand=0):
        """Poses the right hand (``leftHand`` nonzero: the left), mirroring a hand file
        saved from the other side."""
        self._apply_pose_file(filePath, "LoadLibraryHand", "l" if leftHand else "r")

    def LoadLibraryCamera(self, filePath):
        """Sets the cameras the file holds (by internal name), adding those missing."""
        path, top = read_library(filePath, "LoadLibraryCamera")
        if top is None:
            return
        log("LoadLibraryCamera", path)
        from ._lights_cameras import camera

        before = self._selection()
        added = []
        pairs = []
        for (keyword, ident), nodes in actor_blocks(top, ("camera",)):
            target = self._find_internal(self._cameras, ident)
            node = merged(nodes)
            if target is None:
                target = camera(node.get("name") or ident, ident)
                added.append(target)
            pairs.append((target, node))
        states = _commands.parms_state([p for actor, _ in pairs if actor not in added for p in actor.Parameters()])
        with self._events():
            for actor in added:
                self._add_actor(actor)
            for actor, node in pairs:
                apply_actor(actor, node, _POSE, self, offset=self.Frame(), full=True)
        after = self._selection()
        after_states = _commands.parms_state([p for actor, _ in pairs if actor not in added
                                              for p in actor.Parameters()])

        def undo():
            for actor in added:
                self._remove_actor(actor)
            _commands.restore_parms(states)
            self._restore_selection(before)

        def redo():
            for actor in added:
                self._add_actor(actor)
            _commands.restore_parms(after_states)
            self._restore_selection(after)

        self._record("Load Camera", undo, redo)

    def LoadLibraryLight(self, filePath):
        """Replaces the scene's lights with those of the file (lights of the same internal
        name are kept and set)."""
        path, top = read_library(filePath, "LoadLibraryLight")
        if top is None:
            return
        log("LoadLibraryLight", path)
        from ._lights_cameras import light

        before_lights = list(self._lights)
        before = self._selection()
        pairs = []
        for (keyword, ident), nodes in actor_blocks(top, ("light",)):
            node = merged(nodes)
            target = self._find_internal(before_lights, ident)
            if target is None:
                code = node.floats("lightType", (0,))[0]
                target = light(node.get("name") or ident, ident, int(code))
            pairs.append((target, node))
        if not pairs:
            raise error("%s holds no light" % path)
        kept = [actor for actor, _ in pairs]
        states = _commands.parms_state([p for actor in before_lights if actor in kept for p in actor.Parameters()])
        with self._events():
            for actor in before_lights:
                if actor not in kept:
                    self._remove_actor(actor)
            for actor in kept:
                if actor not in self._lights:
                    self._add_actor(actor)
            self._lights[:] = kept
            for actor, node in pairs:
                apply_actor(actor, node, _POSE, self, offset=self.Frame(), full=True)
        after = self._selection()
        after_states = _commands.parms_state([p for actor in kept for p in actor.Parameters()])

        def undo():
            self._swap_lights(before_lights)
            _commands.restore_parms(states)
            self._restore_selection(before)

        def redo():
            self._swap_lights(kept)
            _commands.restore_parms(after_states)
            self._restore_selection(after)

        self._record("Load Light", undo, redo)

    def _swap_lights(self, lights):
        with self._events():
            for actor in list(self._lights):
                if actor not in lights:
                    self._remove_actor(actor)
            for actor in lights:
                if actor not in self._lights:
                    self._add_actor(actor)
            self._lights[:] = lights

    def LoadLibraryProp(self, filePath):
        """Adds the props of a .pp2 file (meshes included) and selects the first. A path
        no content folder holds adds a small stand-in prop named after the file. Poser
        answers None; the stub answers the (first) new prop."""
        return self._load_props(filePath, "LoadLibraryProp", None)

    def LoadLibraryHair(self, filePath):
        """Adds the hair props of a .hr2 file to the current figure (on its head); a
        missing file adds a stand-in hair prop. The stub answers the (first) new one."""
        return self._load_props(filePath, "LoadLibraryHair", "hair")

    def _load_props(self, filePath, what, hair):
        from ._actors import ActorType

        path, top = read_library(filePath, what)
        default_kind = ActorType._HAIR if hair else ActorType._PROP
        if top is None:
            from ._geometry import cylinder

            name = os.path.splitext(os.path.basename(path))[0] or "prop"
            top = _poserfile.Node("", "", [_poserfile.Node("prop", name, [_poserfile.Node("name", name)])])
            stand_in = cylinder(0.1, 0.1, segments=4, rings=2)
        else:
            log(what, path)
            stand_in = None
        blocks = actor_blocks(top, ("prop", "hairProp", "controlProp"))
        if not blocks:
            raise error("%s holds no prop" % path)
        figure = self.CurrentFigure()
        before = self._selection()
        ids = {}
        made = []
        for (keyword, ident), nodes in blocks:
            node = merged(nodes)
            name = node.get("name") or base_name(ident)
            if name.startswith("GetStringRes"):
                name = base_name(ident)
            geometry = stand_in if stand_in is not None else read_geometry(node, path)
            actor = _new_actor(name, self._unique_internal(base_name(ident) or "prop"), _kind_for(node, default_kind),
                               geometry)
            ids[ident] = actor
            made.append((actor, node))
        with self._events():
            for actor, node in made:
                self._add_actor(actor)
            for actor, node in made:
                apply_actor(actor, node, _EXACT, self, ids, create=True, full=True)
                parent_id = node.get("parent", "UNIVERSE")
                if parent_id not in ids and actor.Parent() is not None and actor.Parent().InternalName() == "UNIVERSE":
                    parent = None
                    if figure is not None and parent_id not in ("UNIVERSE", ""):
                        parent = self._pose_target(figure, "actor", parent_id)
                    if parent is None and hair and figure is not None:
                        parent = self._pose_target(figure, "actor", "head")
                    if parent is not None:
                        actor.SetParent(parent)
            self._select_actor(made[0][0])
        after = self._selection()
        self._record_added(what.replace("LoadLibrary", "Load "), before, after, [], [a for a, _ in made])
        return made[0][0]

    def _find_internal(self, actors, ident):
        for actor in actors:
            if actor.InternalName() == ident:
                return actor
        for actor in actors:
            if base_name(actor.InternalName()) == base_name(ident):
                return actor
        return None

    # ---------------------------------------------------------------- saving
    def SaveLibraryPose(self, filePath, includeMorphTargets=None, multiFrame=None, startFrame=None, endFrame=None):
        """Writes the current figure's pose (morph dials too with ``includeMorphTargets``;
        frames startFrame..endFrame with ``multiFrame``)."""
        figure = self._needs_figure("SaveLibraryPose")
        frames = _frames(multiFrame, startFrame, endFrame, self)
        w = new_writer()
        for actor in figure.Actors():
            parms = [p for p in actor.Parameters() if includeMorphTargets or not p.IsMorphTarget()]
            write_actor(w, "actor", actor, {}, parms, _POSE, frames, full=False)
        w.open("figure")
        w.close()
        self._write_library("SaveLibraryPose", filePath, w)

    def SaveLibraryFace(self, filePath, multiFrame=0, startFrame=0, endFrame=0):
        """Writes the current figure's head morph dials."""
        figure = self._needs_figure("SaveLibraryFace")
        frames = _frames(multiFrame, startFrame, endFrame, self)
        head = self._pose_target(figure, "actor", "head")
        if head is None:
            raise error("the current figure has no head")
        w = new_writer()
        write_actor(w, "actor", head, {}, [p for p in head.Parameters() if p.IsMorphTarget()], _POSE, frames,
                    full=False)
        self._write_library("SaveLibraryFace", filePath, w)

    def SaveLibraryHand(self, filePath, multiFrame=0, startFrame=0, endFrame=0):
        """Writes the current figure's right hand (the hand and every finger joint)."""
        figure = self._needs_figure("SaveLibraryHand")
        frames = _frames(multiFrame, startFrame, endFrame, self)
        hand = self._pose_target(figure, "actor", "rHand")
        if hand is None:
            raise error("the current figure has no right hand")
        w = new_writer()
        for actor in [hand] + [a for a in _descendants(hand) if a.IsBodyPart()]:
            write_actor(w, "actor", actor, {}, actor.Parameters(), _POSE, frames, full=False)
        self._write_library("SaveLibraryHand", filePath, w)

    def SaveLibraryFigure(self, filePath):
        """Writes the current figure: its actors, dials (keys, limits, morphs), flags and
        materials."""
        figure = self._needs_figure("SaveLibraryFigure")
        w = new_writer()
        write_figure(w, figure, {})
        self._write_library("SaveLibraryFigure", filePath, w)

    def SaveLibraryProp(self, filePath):
        """Writes the current actor, a prop, and its child props, meshes included."""
        actor = self.CurrentActor()
        if actor is None or not actor.IsProp():
            raise error("SaveLibraryProp: the current actor is not a prop")
        props = [actor] + [a for a in _descendants(actor) if a.IsProp()]
        w = new_writer()
        for prop in props:
            write_actor(w, "prop", prop, {}, prop.Parameters(), _EXACT, geometry=True, materials=True,
                        deltas=True)
        self._write_library("SaveLibraryProp", filePath, w)

    def SaveLibraryHair(self, filePath):
        """Writes the current figure's hair props (the current actor when it is one)."""
        hair = []
        current = self.CurrentActor()
        figure = self.CurrentFigure()
        if current is not None and current.IsHairProp():
            hair.append(current)
        elif figure is not None:
            parts = set(id(a) for a in figure.Actors())
            for actor in self._props:
                if actor.IsHairProp():
                    walker = actor.Parent()
                    while walker is not None and id(walker) not in parts:
                        walker = walker.Parent()
                    if walker is not None:
                        hair.append(actor)
        if not hair:
            raise error("SaveLibraryHair: the current figure has no hair")
        w = new_writer()
        for actor in hair:
            write_actor(w, "hairProp", actor, {}, actor.Parameters(), _EXACT, geometry=True, materials=True)
        self._write_library("SaveLibraryHair", filePath, w)

    def SaveLibraryCamera(self, filePath, multiFrame=None, startFrame=None, endFrame=None):
        """Writes every camera (values at the current frame, or keyed over a range)."""
        frames = _frames(multiFrame, startFrame, endFrame, self)
        w = new_writer()
        for actor in self._cameras:
            write_actor(w, "camera", actor, {}, actor.Parameters(), _POSE, frames)
        self._write_library("SaveLibraryCamera", filePath, w)

    def SaveLibraryLight(self, filePath, multiFrame=None, startFrame=None, endFrame=None):
        """Writes every light (type, flags, dials)."""
        frames = _frames(multiFrame, startFrame, endFrame, self)
        w = new_writer()
        for actor in self._lights:
            write_actor(w, "light", actor, {}, actor.Parameters(), _POSE, frames)
        self._write_library("SaveLibraryLight", filePath, w)

    def _needs_figure(self, what):
        figure = self.CurrentFigure()
        if figure is None:
            raise error("%s needs a current figure" % what)
        return figure

    def _write_library(self, what, filePath, w):
        path = _app.resolve_path(filePath, for_writing=True)
        log(what, path)
        try:
            _save(path, w)
        except (IOError, OSError) as problem:
            raise error("cannot write %s: %s" % (path, problem))

    # ---------------------------------------------------------------- documents
    def _save_document(self, filePath=None):
        if filePath is None:
            if not self._document_path:
                raise error("SaveDocument: the scene has no file yet; give a path")
            path = self._document_path
        else:
            path = _app.resolve_path(filePath, for_writing=True)
        log("SaveDocument", path)
        try:
            _save(path, write_scene(self))
        except (IOError, OSError) as problem:
            raise error("cannot write %s: %s" % (path, problem))
        self._document_path = path

    def _open_document(self, filePath):
        path, top = read(filePath)
        log("OpenDocument", path)
        self._close_content()
        load_scene(self, top, path)
        self._document_path = path

    def _new_document(self):
        log("NewDocument")
        self._close_content()

    def _revert_document(self):
        if self._document_path:
            self._open_document(self._document_path)
        else:
            self._new_document()

    def _close_content(self):
        """Tells the event callback the scene closes, then starts again from the default
        scene (same object, same callbacks, empty undo stack, no document path)."""
        self._note_event(kEventCodeSCENECLOSING, self)
        self._reset_content()


# ---------------------------------------------------------------------------------------
# Documents


def _entity_ref(entity, scene, ids):
    if hasattr(entity, "TypeCode"):
        actor = entity.Actor()
        return "parm %s %s" % (ids.get(actor, actor.InternalName()), entity.InternalName())
    if hasattr(entity, "Parameters"):
        return "actor %s" % ids.get(entity, entity.InternalName())
    return "figure %d" % scene.Figures().index(entity)


def write_scene(scene):
    """The whole scene as a document (a Writer)."""
    import json

    w = new_writer()
    ids = {}
    universe = getattr(scene, "_universe", None)
    if universe is not None:
        write_actor(w, "universe", universe, ids, universe.Parameters(), _EXACT, full=False)
    for figure in scene._figures:
        write_figure(w, figure, ids, scene_file=True)
    for prop in scene._props:
        write_actor(w, "hairProp" if prop.IsHairProp() else "prop", prop, ids, prop.Parameters(), _EXACT,
                    geometry=True, materials=True, deltas=True, stock=True)
    for keyword, group in (("camera", scene._cameras), ("light", scene._lights)):
        for actor in group:
            write_actor(w, keyword, actor, ids, actor.Parameters(), _EXACT)
    w.open("sceneState")
    w.line("numFrames", scene.NumFrames())
    w.line("frame", scene.Frame())
    w.line("fps", scene.FramesPerSecond())
    if scene._output_range is not None:
        w.line("outputRange", *scene._output_range)
    for key, actor in (("currentActor", scene.CurrentActor()), ("currentCamera", scene.CurrentCamera()),
                       ("currentLight", scene.CurrentLight())):
        if actor is not None:
            w.line(key, ids.get(actor, actor.InternalName()))
    if scene.CurrentFigure() is not None:
        w.line("currentFigure", scene._figures.index(scene.CurrentFigure()))
    for key, value in scene._settings_state():
        w.line(key, json.dumps(value))
    for anim_set in scene._anim_sets:
        w.open("animSet", json.dumps(anim_set.Name()))
        for name, value in anim_set.Attributes():
            try:
                w.line("attribute", json.dumps([name, value]))
            except TypeError:
                w.line("attribute", json.dumps([name, str(value)]))
        for entity, start, end in anim_set._ranges:
            w.line("range", start, end, _entity_ref(entity, scene, ids))
        w.close()
    w.close()
    return w


def load_scene(scene, top, path):
    """Makes the (freshly reset, default) scene what the document ``top`` describes."""
    import json
    from ._lights_cameras import camera, light

    ids = {}
    state = top.find("sceneState") or _poserfile.Node("sceneState", "", [])
    frames = state.floats("numFrames")
    if frames:
        scene._num_frames = max(1, int(frames[0]))
    # figures
    for figure in list(scene._figures):
        scene._figures.remove(figure)
    scene._figure_count = 0
    scene._current_figure = None
    figure_nodes = [n for n in top.children or () if n.key == "figure" and n.children is not None]
    blocks = actor_blocks(top, ("actor",))
    figures = []
    for figure_node in figure_nodes:
        suffix = _suffix(figure_node.get("root", ""))
        mine = [(key, nodes) for key, nodes in blocks if _suffix(key[1]) == suffix]
        name = figure_node.get("name") or "Figure %d" % (len(figures) + 1)
        figure = scene._new_figure(name)
        internal = figure_node.get("internalName")
        if internal:
            figure._internal_name = internal
        scene._figures.append(figure)
        figures.append((figure, figure_node, mine))
        for (keyword, ident), nodes in mine:
            try:
                ids[ident] = figure.ActorByInternalName(base_name(ident))
            except error:
                pass
    # props, cameras, lights: reuse the default scene's of the same internal name
    others = []
    keep = {"prop": [], "camera": [], "light": []}
    pools = {"prop": scene._props, "camera": scene._cameras, "light": scene._lights}
    for (keyword, ident), nodes in actor_blocks(top, ("prop", "hairProp", "camera", "light")):
        node = merged(nodes)
        group = "prop" if keyword in ("prop", "hairProp") else keyword
        existing = None
        for actor in pools[group]:
            if actor.InternalName() == ident:
                existing = actor
        name = node.get("name") or ident
        if group == "prop":
            if existing is not None and node.has("geomStock"):
                actor = existing
            else:
                from ._actors import ActorType

                actor = _new_actor(name, ident, _kind_for(node, ActorType._PROP), read_geometry(node, path))
        elif existing is not None:
            actor = existing
        elif group == "camera":
            actor = camera(name, ident)
        else:
            actor = light(name, ident, int(node.floats("lightType", (0,))[0]))
        keep[group].append(actor)
        ids[ident] = actor
        others.append((actor, node))
    for group in ("prop", "camera", "light"):
        if keep[group] or group == "prop":
            pools[group][:] = keep[group]
    if not scene._cameras:
        scene._cameras.append(camera("Main Camera", "MAIN_CAMERA"))
    universe_node = top.find("universe")
    universe = getattr(scene, "_universe", None)
    with scene._events():
        if universe is not None and universe_node is not None:
            apply_actor(universe, universe_node, _EXACT, scene, ids, create=True)
        for figure, figure_node, mine in figures:
            for (keyword, ident), nodes in mine:
                if ident in ids:
                    apply_actor(ids[ident], merged(nodes), _EXACT, scene, ids, create=True, full=True)
            for material_node in figure_node.find_all("material"):
                material = figure.Material(material_node.value)
                if material is not None:
                    _apply_material(material, material_node)
            if figure_node.has("visible"):
                figure.SetVisible(_flag(figure_node.get("visible")))
        for actor, node in others:
            apply_actor(actor, node, _EXACT, scene, ids, create=True, full=True)
        for figure, figure_node, _ in figures:
            target = figure_node.get("conformingTarget")
            if target:
                for other, _, _ in figures:
                    if other.InternalName() == target and other is not figure:
                        figure.SetConformTarget(other)
    # the scene's own state
    scene._restore_state(state, ids, [f for f, _, _ in figures])
    for anim_node in state.find_all("animSet"):
        try:
            anim_set = scene.CreateAnimSet(json.loads(anim_node.value))
        except (ValueError, error):
            continue
        for line in anim_node.children or ():
            if line.key == "attribute":
                name, value = json.loads(line.value)
                anim_set.AddAttribute(name, value)
            elif line.key == "range":
                words = line.value.split(None, 3)
                entity = None
                if len(words) >= 4 and words[2] == "figure":
                    index = int(words[3])
                    entity = scene._figures[index] if index < len(scene._figures) else None
                elif len(words) >= 4 and words[2] == "actor":
                    entity = ids.get(words[3])
                elif len(words) >= 4 and words[2] == "parm":
                    actor_id, _, parm_id = words[3].partition(" ")
                    actor = ids.get(actor_id)
                    entity = _parameter(actor, parm_id) if actor is not None else None
                if entity is not None:
                    anim_set.AddObjectRange(entity, int(words[0]), int(words[1]))

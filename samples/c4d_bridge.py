#!/usr/bin/env python
"""A Cinema 4D-style bridge to a PoserTalkr server, runnable outside Cinema 4D.

What a real bridge does, step by step:

1. connect to the server (framed protocol, its own named session);
2. pull the current figure's mesh, without this bridge's own morph dialed in: vertex
   positions as a packed float32 buffer and polygon vertex indices as int32, built on the
   server with the PoserPython API and moved with `get` (raw bytes, no text conversion);
3. build it as a `c4d.PolygonObject` (`build_polygon_object`; inside Cinema 4D only, the
   rest runs anywhere);
4. change the mesh on this side (here: inflate it 5% away from its centre, as a sculpt in
   C4D would);
5. push the new positions back with `put` and turn them into a morph target on every body
   part (`SpawnTargetFromGeometry`, as in Poser), or, when the morph is there already
   from an earlier run, give it the new shape (`SetMorphTargetDelta`): running the bridge
   twice leaves one morph, not two;
6. dial the morph in (`SetValue`) and read the value back.

Runs on Python 2.7 (Poser, older C4D) and 3.x, with or without Cinema 4D's `c4d` module.
Usage:

    python samples/c4d_bridge.py [--host 127.0.0.1] [--port 55555] [--morph c4d_inflate]
"""

from __future__ import print_function

import argparse
import array
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "PythonShims"))

from posertalkr_client import Client  # noqa: E402

# Runs on the server, in the bridge's session: the figure as one mesh, packed, with this
# bridge's morph (from an earlier run) dialed out, so that a second run starts from the same
# shape as the first.
PULL_MESH = """
from array import array
_figure = SCENE.CurrentFigure()
for _actor in _figure.Actors():
    _dial = _actor.Parameter(MORPH_NAME)
    if _dial is not None and _dial.IsMorphTarget():
        _dial.SetValue(0.0)
_mesh, _mesh_actors, _mesh_maps = _figure.UnimeshInfo()
bridge_positions = array('f', [c for v in _mesh.Vertices() for c in (v.X(), v.Y(), v.Z())])
bridge_polygon_sizes = array('i', [p.NumVertices() for p in _mesh.Polygons()])
bridge_polygon_indices = array('i', _mesh.Sets())
print('%s: %d vertices, %d polygons' % (_figure.Name(), _mesh.NumVertices(), _mesh.NumPolygons()))
"""

# Runs on the server: `morph_positions` (bytes, from put) becomes a morph on each body part;
# where the morph exists already (an earlier run), it gets the new shape instead.
APPLY_MORPH = """
from array import array
_new = array('f')
_new.frombytes(morph_positions)
_made = _reshaped = 0
for _actor, _map in zip(_mesh_actors, _mesh_maps):
    _geom = _actor.Geometry()
    _dial = _actor.Parameter(MORPH_NAME)
    if _dial is None:
        _target = SCENE.NewGeometry()
        _target.AddGeneralMesh(
            [[p.Start(), p.NumVertices()] for p in _geom.Polygons()],
            _geom.Sets(),
            [[_new[3 * i], _new[3 * i + 1], _new[3 * i + 2]] for i in _map])
        _actor.SpawnTargetFromGeometry(_target, MORPH_NAME)
        _dial = _actor.Parameter(MORPH_NAME)
        _made += 1
    elif _dial.IsMorphTarget():
        for _j, (_vertex, _i) in enumerate(zip(_geom.Vertices(), _map)):
            _dial.SetMorphTargetDelta(_j, _new[3 * _i] - _vertex.X(), _new[3 * _i + 1] - _vertex.Y(),
                                      _new[3 * _i + 2] - _vertex.Z())
        _reshaped += 1
    else:
        raise ValueError('%s already has a dial %r that is not a morph' % (_actor.Name(), MORPH_NAME))
    _dial.SetValue(1.0)
print('morph %r: made on %d body parts, reshaped on %d' % (MORPH_NAME, _made, _reshaped))
"""


def floats_from(data):
    values = array.array("f")
    if sys.version_info[0] == 2:
        values.fromstring(bytes(data))
    else:
        values.frombytes(data)
    return values


def ints_from(data):
    values = array.array("i")
    if sys.version_info[0] == 2:
        values.fromstring(bytes(data))
    else:
        values.frombytes(data)
    return values


# 1 Poser native unit is 8.6 feet; Cinema 4D works in centimetres by default.
CM_PER_POSER_UNIT = 262.128


def c4d_polygons(sizes, indices):
    """The mesh's polygons as Cinema 4D takes them: (a, b, c, d) corner tuples, triangles with
    d == c; polygons of five or more corners are split into a fan of triangles. The corners
    are reversed, because the mesh is mirrored in Z on its way in (see build_polygon_object)."""
    polygons = []
    start = 0
    for size in sizes:
        corners = list(indices[start:start + size])[::-1]
        start += size
        if size == 3:
            polygons.append((corners[0], corners[1], corners[2], corners[2]))
        elif size == 4:
            polygons.append(tuple(corners))
        else:
            for k in range(1, size - 1):
                polygons.append((corners[0], corners[k], corners[k + 1], corners[k + 1]))
    return polygons


def build_polygon_object(positions, sizes, indices, name="Poser figure", scale=CM_PER_POSER_UNIT):
    """Inside Cinema 4D: the pulled mesh as a ``c4d.PolygonObject`` (Poser units to centimetres,
    and Poser's right-handed axes to C4D's left-handed ones by mirroring Z). Returns None when
    the ``c4d`` module is not there (outside Cinema 4D)."""
    try:
        import c4d  # noqa: F401 - only inside Cinema 4D
    except ImportError:
        return None
    polygons = c4d_polygons(sizes, indices)
    count = len(positions) // 3
    mesh = c4d.PolygonObject(count, len(polygons))
    for index in range(count):
        x, y, z = positions[3 * index:3 * index + 3]
        mesh.SetPoint(index, c4d.Vector(x * scale, y * scale, -z * scale))
    for index, (a, b, c, d) in enumerate(polygons):
        mesh.SetPolygon(index, c4d.CPolygon(a, b, c, d))
    mesh.SetName(name)
    mesh.Message(c4d.MSG_UPDATE)
    return mesh


def show_in_cinema4d(mesh):
    """Puts the object into the active document and redraws (inside Cinema 4D)."""
    import c4d

    document = c4d.documents.GetActiveDocument()
    document.InsertObject(mesh)
    c4d.EventAdd()


def inflate(positions, amount):
    """Moves every vertex `amount` (a fraction) further from the mesh's centre."""
    count = len(positions) // 3
    centre = [sum(positions[axis::3]) / count for axis in range(3)]
    result = array.array("f", positions)
    for index in range(len(result)):
        axis = index % 3
        result[index] = centre[axis] + (result[index] - centre[axis]) * (1.0 + amount)
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description="Pull a figure mesh from PoserTalkr, morph it, push it back.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=55555)
    parser.add_argument("--morph", default="c4d_inflate", help="name of the morph target to create")
    parser.add_argument("--amount", type=float, default=0.05, help="how far to inflate (fraction)")
    if argv is None:
        argv = sys.argv[1:] if getattr(sys, "argv", None) else []  # C4D's script manager may have none
    options = parser.parse_args(argv)

    with Client(options.host, options.port, session="c4d-bridge") as poser:
        print("connected to %(server)s %(version)s (Python %(python)s)" % poser.server_info)

        poser.execute("MORPH_NAME = %r" % options.morph)
        print(poser.execute(PULL_MESH), end="")
        positions = floats_from(poser.get("bridge_positions"))
        sizes = ints_from(poser.get("bridge_polygon_sizes"))
        indices = ints_from(poser.get("bridge_polygon_indices"))
        assert len(indices) == sum(sizes), "every polygon's indices arrived"
        print("pulled %d vertices, %d polygons (%d bytes of positions)"
              % (len(positions) // 3, len(sizes), len(positions) * positions.itemsize))

        mesh = build_polygon_object(positions, sizes, indices, name=poser.eval("SCENE.CurrentFigure().Name()"))
        if mesh is not None:
            show_in_cinema4d(mesh)
            print("added %s to the document (%d points, %d polygons)"
                  % (mesh.GetName(), mesh.GetPointCount(), mesh.GetPolygonCount()))
        else:
            polygons = c4d_polygons(sizes, indices)
            print("no c4d module here: inside Cinema 4D this is a PolygonObject of %d points and %d "
                  "polygons (%d of them triangles)" % (len(positions) // 3, len(polygons),
                                                      sum(1 for p in polygons if p[2] == p[3])))

        inflated = inflate(positions, options.amount)
        poser.put("morph_positions", inflated)
        print(poser.execute(APPLY_MORPH), end="")

        hip = "SCENE.CurrentFigure().Actor('Hip')"
        poser.execute("%s.Parameter(%r).SetValue(0.75)" % (hip, options.morph))
        value = float(poser.eval("%s.Parameter(%r).Value()" % (hip, options.morph)))
        print("morph %r on Hip set to 0.75, read back %g" % (options.morph, value))
        if abs(value - 0.75) > 1e-6:
            print("the value read back differs from the value set", file=sys.stderr)
            return 1
        moved = float(poser.eval(
            "max(abs(d) for p in [%s.Parameter(%r)] for i in range(%s.Geometry().NumVertices()) "
            "for d in p.MorphTargetDelta(i))" % (hip, options.morph, hip)))
        print("largest vertex delta of the Hip morph: %.4f" % moved)
        dials = int(poser.eval("len([p for p in %s.Parameters() if p.Name() == %r])" % (hip, options.morph)))
        if dials != 1:
            print("Hip has %d dials named %r, not one" % (dials, options.morph), file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

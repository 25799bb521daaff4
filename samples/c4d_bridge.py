#!/usr/bin/env python
"""A Cinema 4D-style bridge to a PoserTalkr server, runnable outside Cinema 4D.

What a real bridge does, step by step:

1. connect to the server (framed protocol, its own named session);
2. pull the current figure's mesh: vertex positions as a packed float32 buffer and polygon
   vertex indices as int32, built on the server with the PoserPython API and moved with
   `get` (raw bytes, no text conversion);
3. change the mesh on this side (here: inflate it 5% away from its centre, as a sculpt in
   C4D would);
4. push the new positions back with `put` and turn them into a morph target on every body
   part (`SpawnTargetFromGeometry`, as in Poser);
5. dial the morph in (`SetValue`) and read the value back.

Inside Cinema 4D the mesh would go into a `c4d.PolygonObject`; here the `c4d` module is not
needed. Runs on Python 2.7 (Poser, older C4D) and 3.x. Usage:

    python samples/c4d_bridge.py [--host 127.0.0.1] [--port 55555] [--morph c4d_inflate]
"""

from __future__ import print_function

import argparse
import array
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "PythonShims"))

from posertalkr_client import Client  # noqa: E402

# Runs on the server, in the bridge's session: the figure as one mesh, packed.
PULL_MESH = """
from array import array
_figure = SCENE.CurrentFigure()
_mesh, _mesh_actors, _mesh_maps = _figure.UnimeshInfo()
bridge_positions = array('f', [c for v in _mesh.Vertices() for c in (v.X(), v.Y(), v.Z())])
bridge_polygon_sizes = array('i', [p.NumVertices() for p in _mesh.Polygons()])
bridge_polygon_indices = array('i', _mesh.Sets())
print('%s: %d vertices, %d polygons' % (_figure.Name(), _mesh.NumVertices(), _mesh.NumPolygons()))
"""

# Runs on the server: `morph_positions` (bytes, from put) becomes a morph on each body part.
APPLY_MORPH = """
from array import array
_new = array('f')
_new.frombytes(morph_positions)
_made = 0
for _actor, _map in zip(_mesh_actors, _mesh_maps):
    _geom = _actor.Geometry()
    _target = SCENE.NewGeometry()
    _target.AddGeneralMesh(
        [[p.Start(), p.NumVertices()] for p in _geom.Polygons()],
        _geom.Sets(),
        [[_new[3 * i], _new[3 * i + 1], _new[3 * i + 2]] for i in _map])
    _actor.SpawnTargetFromGeometry(_target, MORPH_NAME).SetValue(1.0)
    _made += 1
print('morph %r on %d body parts' % (MORPH_NAME, _made))
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
    options = parser.parse_args(argv)

    with Client(options.host, options.port, session="c4d-bridge") as poser:
        print("connected to %(server)s %(version)s (Python %(python)s)" % poser.server_info)

        print(poser.execute(PULL_MESH), end="")
        positions = floats_from(poser.get("bridge_positions"))
        sizes = ints_from(poser.get("bridge_polygon_sizes"))
        indices = ints_from(poser.get("bridge_polygon_indices"))
        assert len(indices) == sum(sizes), "every polygon's indices arrived"
        print("pulled %d vertices, %d polygons (%d bytes of positions)"
              % (len(positions) // 3, len(sizes), len(positions) * positions.itemsize))

        inflated = inflate(positions, options.amount)
        poser.put("morph_positions", inflated)
        poser.execute("MORPH_NAME = %r" % options.morph)
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
    return 0


if __name__ == "__main__":
    sys.exit(main())

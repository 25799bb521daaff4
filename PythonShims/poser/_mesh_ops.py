"""Mesh operations on GeomType that the scene needs only when asked (imported on first
use, to keep ``import poser`` small): vertex normals, joining meshes (a figure's
unimesh), Catmull-Clark subdivision (SubdivGeometry). Read ``_geometry``'s docstring for
the arrays a GeomType keeps.
"""

import math
from array import array

from ._geometry import GeomType


def vertex_normals(geom, coords):
    """Unit vertex normals (array('f'), x y z per vertex) from ``coords``: each vertex sums
    the area-weighted normals of its polygons (Newell's method); a vertex in no polygon
    gets (0, 0, 0)."""
    n = len(coords) // 3
    nx, ny, nz = [0.0] * n, [0.0] * n, [0.0] * n
    sets, starts, counts = geom._sets, geom._poly_starts, geom._poly_counts
    for p in range(len(starts)):
        start = starts[p]
        corners = sets[start:start + counts[p]]
        fx = fy = fz = 0.0
        last = corners[-1]
        x0, y0, z0 = coords[3 * last], coords[3 * last + 1], coords[3 * last + 2]
        for v in corners:
            x1, y1, z1 = coords[3 * v], coords[3 * v + 1], coords[3 * v + 2]
            fx += (y0 - y1) * (z0 + z1)
            fy += (z0 - z1) * (x0 + x1)
            fz += (x0 - x1) * (y0 + y1)
            x0, y0, z0 = x1, y1, z1
        for v in corners:
            nx[v] += fx
            ny[v] += fy
            nz[v] += fz
    out = array("f", [0.0]) * (3 * n)
    for v in range(n):
        length = math.sqrt(nx[v] * nx[v] + ny[v] * ny[v] + nz[v] * nz[v])
        if length > 0.0:
            out[3 * v] = nx[v] / length
            out[3 * v + 1] = ny[v] / length
            out[3 * v + 2] = nz[v] / length
    return out


def merge(geoms, material_names=None):
    """``(geometry, maps)``: the meshes of ``geoms`` joined into one new GeomType (vertices,
    polygons, materials by name, groups per polygon, texture data) and for each input the
    index in the result of its every vertex (``maps[k][i]``). ``material_names`` fixes the
    first material names of the result."""
    result = GeomType((), (), (), (), list(material_names or ()))
    maps = []
    all_groups = []
    for geom in geoms:
        for name in geom._groups:
            if name not in all_groups:
                all_groups.append(name)
    flags = dict((name, bytearray()) for name in all_groups)
    has_tex = any(len(g._tex()._tex_starts) for g in geoms)
    for geom in geoms:
        base = result.NumVertices()
        base_set = len(result._sets)
        polys = geom.NumPolygons()
        result._coords.extend(geom._coords)
        result._sets.extend(base + i for i in geom._sets)
        result._poly_starts.extend(base_set + s for s in geom._poly_starts)
        result._poly_counts.extend(geom._poly_counts)
        indices = [result._material_index(name) for name in geom._material_names]
        result._poly_materials.extend(indices[i] if 0 <= i < len(indices) else 0 for i in geom._poly_materials)
        for name in all_groups:
            if name not in geom._group_flags:
                flags[name].extend(bytearray(polys))
            elif geom._group_flags[name] is None:
                flags[name].extend(bytearray(b"\x01") * polys)
            else:
                flags[name].extend(geom._group_flags[name])
        if has_tex:
            base_uv = len(result._uvs) // 2
            base_tex_set = len(result._tex_sets)
            result._uvs.extend(geom._uvs)
            result._tex_sets.extend(base_uv + i for i in geom._tex_sets)
            if len(geom._tex_starts):
                result._tex_starts.extend(base_tex_set + s for s in geom._tex_starts)
                result._tex_counts.extend(geom._tex_counts)
            else:
                result._tex_starts.extend([base_tex_set] * polys)
                result._tex_counts.extend([0] * polys)
        maps.append(list(range(base, base + geom.NumVertices())))
    result._groups = all_groups
    result._group_flags = flags
    return result, maps


def subdivide(geom, levels=1, coords=None):
    """A new GeomType: ``levels`` Catmull-Clark steps of ``geom`` (of ``coords``, x y z per
    vertex, instead of its own when given, e.g. world coordinates). Each step makes every
    n-gon n quads; the result lists the (smoothed) original vertices first, in their
    order, then one vertex per edge (in order of first use), then one per polygon. Borders
    stay borders and a corner (a vertex with only two edges, both on the border) stays
    put. Materials, groups and texture data (subdivided linearly) follow."""
    current = geom
    for _ in range(int(levels)):
        current = _subdivide_once(current, coords)
        coords = None
    return current if current is not geom else geom.Copy()


def _subdivide_once(geom, coords=None):
    geom._tex()
    coords = geom._coords if coords is None else coords
    nv = len(coords) // 3
    sets, starts, counts = geom._sets, geom._poly_starts, geom._poly_counts
    faces = [sets[starts[p]:starts[p] + counts[p]].tolist() for p in range(len(starts))]
    P = [(coords[3 * i], coords[3 * i + 1], coords[3 * i + 2]) for i in range(nv)]
    face_points = []
    for face in faces:
        k = float(len(face))
        face_points.append((sum(P[v][0] for v in face) / k, sum(P[v][1] for v in face) / k,
                            sum(P[v][2] for v in face) / k))
    edge_index = {}
    edge_faces = []
    edge_ends = []
    for f, face in enumerate(faces):
        for j in range(len(face)):
            a, b = face[j], face[(j + 1) % len(face)]
            key = (a, b) if a < b else (b, a)
            e = edge_index.get(key)
            if e is None:
                e = edge_index[key] = len(edge_ends)
                edge_ends.append(key)
                edge_faces.append([])
            edge_faces[e].append(f)
    edge_points = []
    for e, (a, b) in enumerate(edge_ends):
        adjacent = edge_faces[e]
        if len(adjacent) == 2:
            f0, f1 = face_points[adjacent[0]], face_points[adjacent[1]]
            edge_points.append(tuple((P[a][c] + P[b][c] + f0[c] + f1[c]) / 4.0 for c in range(3)))
        else:
            edge_points.append(tuple((P[a][c] + P[b][c]) / 2.0 for c in range(3)))
    vertex_faces = [[] for _ in range(nv)]
    for f, face in enumerate(faces):
        for v in face:
            vertex_faces[v].append(f)
    vertex_edges = [[] for _ in range(nv)]
    for e, (a, b) in enumerate(edge_ends):
        vertex_edges[a].append(e)
        vertex_edges[b].append(e)
    new_points = []
    for v in range(nv):
        edges = vertex_edges[v]
        border = [e for e in edges if len(edge_faces[e]) != 2]
        p = P[v]
        if not edges:
            new_points.append(p)
        elif border:
            if len(border) == 2 and len(edges) > 2:
                others = [edge_ends[e][0] if edge_ends[e][1] == v else edge_ends[e][1] for e in border]
                new_points.append(tuple(0.75 * p[c] + 0.125 * (P[others[0]][c] + P[others[1]][c])
                                        for c in range(3)))
            else:
                new_points.append(p)
        else:
            n = float(len(edges))
            fs = vertex_faces[v]
            favg = [sum(face_points[f][c] for f in fs) / len(fs) for c in range(3)]
            ravg = [sum((P[edge_ends[e][0]][c] + P[edge_ends[e][1]][c]) / 2.0 for e in edges) / n for c in range(3)]
            new_points.append(tuple((favg[c] + 2.0 * ravg[c] + (n - 3.0) * p[c]) / n for c in range(3)))
    out_coords = array("f")
    for point in new_points + edge_points + face_points:
        out_coords.extend(point)
    ne = len(edge_ends)
    out_sets, out_starts, out_counts, out_materials, out_parent = [], [], [], [], []
    for f, face in enumerate(faces):
        k = len(face)
        for j in range(k):
            a, b, prev = face[j], face[(j + 1) % k], face[j - 1]
            e_next = edge_index[(a, b) if a < b else (b, a)]
            e_prev = edge_index[(prev, a) if prev < a else (a, prev)]
            out_starts.append(len(out_sets))
            out_counts.append(4)
            out_sets.extend((a, nv + e_next, nv + ne + f, nv + e_prev))
            out_materials.append(geom._poly_materials[f])
            out_parent.append(f)
    result = GeomType(out_coords, out_starts, out_counts, out_sets, geom._material_names)
    result._poly_materials = array("i", out_materials)
    result._groups = list(geom._groups)
    for name in geom._groups:
        flags = geom._group_flags[name]
        result._group_flags[name] = None if flags is None else bytearray(flags[f] for f in out_parent)
    if len(geom._tex_starts):
        _subdivide_tex(geom, result)
    return result


def _subdivide_tex(geom, result):
    uvs = geom._uvs
    nt = len(uvs) // 2
    UV = [(uvs[2 * i], uvs[2 * i + 1]) for i in range(nt)]
    tsets, tstarts, tcounts = geom._tex_sets, geom._tex_starts, geom._tex_counts
    faces = [tsets[tstarts[p]:tstarts[p] + tcounts[p]].tolist() for p in range(len(tstarts))]
    edge_index = {}
    edge_ends = []
    for face in faces:
        for j in range(len(face)):
            a, b = face[j], face[(j + 1) % len(face)]
            key = (a, b) if a < b else (b, a)
            if key not in edge_index:
                edge_index[key] = len(edge_ends)
                edge_ends.append(key)
    out = array("f")
    for uv in UV:
        out.extend(uv)
    for a, b in edge_ends:
        out.extend(((UV[a][0] + UV[b][0]) / 2.0, (UV[a][1] + UV[b][1]) / 2.0))
    for face in faces:
        k = float(len(face)) or 1.0
        out.extend((sum(UV[t][0] for t in face) / k, sum(UV[t][1] for t in face) / k))
    ne = len(edge_ends)
    out_sets, out_starts, out_counts = array("i"), array("i"), array("i")
    for f, face in enumerate(faces):
        k = len(face)
        quads = geom._poly_counts[f]
        if k != quads:  # no (or mismatched) texture polygon: empty texture quads
            out_starts.extend([len(out_sets)] * quads)
            out_counts.extend([0] * quads)
            continue
        for j in range(k):
            a, b, prev = face[j], face[(j + 1) % k], face[j - 1]
            out_starts.append(len(out_sets))
            out_counts.append(4)
            out_sets.extend((a, nt + edge_index[(a, b) if a < b else (b, a)], nt + ne + f,
                             nt + edge_index[(prev, a) if prev < a else (a, prev)]))
    result._uvs = out
    result._tex_sets, result._tex_starts, result._tex_counts = out_sets, out_starts, out_counts

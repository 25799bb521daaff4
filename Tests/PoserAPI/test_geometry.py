"""Geometry (GeomType, VertType, PolyType, TexPolygonType, TexVertType) the way PoserPython
scripts use it: walking vertices and polygons, world space, groups and materials per
polygon, texture data, building meshes (AddGeneralMesh with the layouts Poser takes),
welding, normals, and the helpers figures use (merge, subdivide).

    python3 Tests/PoserAPI/test_geometry.py
"""

import math
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SHIMS = os.path.join(os.path.dirname(os.path.dirname(HERE)), "PythonShims")
if SHIMS not in sys.path:
    sys.path.insert(0, SHIMS)

import poser  # noqa: E402
from poser import _geometry, _mesh_ops  # noqa: E402

SQUARE = [[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0]]


class FakeArray(object):
    """Stands in for a numpy array: iterable, with ``tolist``."""

    def __init__(self, rows):
        self._rows = rows

    def tolist(self):
        return [list(row) if isinstance(row, (list, tuple)) else row for row in self._rows]


class GeomTestCase(unittest.TestCase):
    def setUp(self):
        self.scene = poser.ResetScene()
        self.ball = self.scene.Actor("ball")
        self.geom = self.ball.Geometry()

    def tearDown(self):
        poser.ResetScene()


class VerticesTest(GeomTestCase):
    def test_vertices_read_and_write_through(self):
        vertices = self.geom.Vertices()
        self.assertEqual(len(vertices), self.geom.NumVertices())
        vertex = self.geom.Vertex(10)
        self.assertEqual(vertex, vertices[10])
        self.assertEqual(len(set([vertex, vertices[10], self.geom.Vertex(11)])), 2)
        vertex.SetX(0.5)
        vertex.SetY(-0.25)
        vertex.SetZ(2.0)
        again = self.geom.Vertices()[10]
        self.assertEqual((again.X(), again.Y(), again.Z()), (0.5, -0.25, 2.0))
        self.assertRaises(poser.error, self.geom.Vertex, self.geom.NumVertices())

    def test_world_vertices_go_through_the_world_matrix(self):
        self.ball.SetParameter("ytran", 1.0)
        self.ball.SetParameter("yrot", 90.0)
        matrix = self.ball.WorldMatrix()
        world = self.geom.WorldVertices()
        self.assertEqual(len(world), self.geom.NumVertices())
        for index in (0, 17, 100):
            v = self.geom.Vertex(index)
            expected = [v.X() * matrix[0][c] + v.Y() * matrix[1][c] + v.Z() * matrix[2][c] + matrix[3][c]
                        for c in range(3)]
            for got, want in zip((world[index].X(), world[index].Y(), world[index].Z()), expected):
                self.assertAlmostEqual(got, want, places=5)
            single = self.geom.WorldVertex(index)
            self.assertAlmostEqual(single.X(), world[index].X(), places=5)

    def test_edits_show_in_world_vertices_and_world_copies_change_nothing(self):
        self.geom.Vertex(3).SetY(5.0)
        world = self.geom.WorldVertex(3)
        self.assertAlmostEqual(world.Y(), 5.0 + self.ball.WorldMatrix()[3][1], places=5)
        world.SetY(100.0)
        self.assertEqual(self.geom.Vertex(3).Y(), 5.0)

    def test_a_free_geometry_has_no_world_data(self):
        geom = self.scene.NewGeometry()
        geom.AddPolygon(SQUARE)
        self.assertIsNone(geom.WorldVertices())
        self.assertIsNone(geom.WorldVertex(0))
        self.assertIsNone(geom.WorldNormals())
        prop = self.scene.CreatePropFromGeom(geom, "card")
        self.assertEqual(len(prop.Geometry().WorldVertices()), 4)

    def test_normals(self):
        normals = self.geom.Normals()
        self.assertEqual(len(normals), self.geom.NumNormals())
        self.assertEqual(self.geom.NumNormals(), self.geom.NumVertices())
        vertex, normal = self.geom.Vertex(40), normals[40]
        self.assertAlmostEqual(normal.X() ** 2 + normal.Y() ** 2 + normal.Z() ** 2, 1.0, places=5)
        outward = vertex.X() * normal.X() + vertex.Y() * normal.Y() + vertex.Z() * normal.Z()
        self.assertGreater(outward, 0.0)
        self.ball.SetParameter("xrot", 180.0)
        self.assertAlmostEqual(self.geom.WorldNormals()[40].Y(), -normal.Y(), places=4)

    def test_body_part_normals_face_outwards(self):
        chest = self.scene.CurrentFigure().ActorByInternalName("chest")
        geom = chest.Geometry()
        origin = chest.Origin()
        for index in (12, 15, 33):
            v, n = geom.Vertex(index), geom.Normals()[index]
            self.assertGreater((v.X() - origin[0]) * n.X() + (v.Z() - origin[2]) * n.Z(), 0.0)


class PolygonsTest(GeomTestCase):
    def test_polygons_index_the_sets(self):
        sets = self.geom.Sets()
        self.assertEqual(len(sets), self.geom.NumSets())
        polygons = self.geom.Polygons()
        self.assertEqual(len(polygons), self.geom.NumPolygons())
        for poly in polygons[:20]:
            corners = poly.Vertices()
            self.assertEqual(len(corners), poly.NumVertices())
            for k, vertex in enumerate(corners):
                self.assertEqual(vertex, self.geom.Vertex(sets[poly.Start() + k]))
        self.assertEqual(self.geom.Polygon(3), polygons[3])
        self.assertRaises(poser.error, self.geom.Polygon, -1)

    def test_each_polygon_knows_its_groups(self):
        figure = self.scene.CurrentFigure()
        head = figure.ActorByInternalName("head").Geometry()
        poly = head.Polygon(0)
        self.assertEqual(poly.Groups(), ["head"])
        self.assertEqual(poly.InGroup("head"), 1)
        self.assertEqual(poly.InGroup("neck"), 0)
        poly.IncludeInGroup("face")
        self.assertEqual(poly.Groups(), ["head", "face"])
        self.assertIn("face", head.Groups())
        self.assertEqual(head.Polygon(1).Groups(), ["head"])
        poly.RemoveFromGroup("head")
        self.assertEqual(poly.Groups(), ["face"])
        self.assertEqual(head.Polygon(1).InGroup("head"), 1)
        poly.RemoveFromGroup("nowhere")  # not a group: nothing happens
        self.assertEqual(self.geom.Polygon(0).Groups(), ["ball"])

    def test_materials_per_polygon(self):
        poly = self.geom.Polygon(2)
        self.assertEqual(poly.MaterialIndex(), 0)
        self.assertEqual(poly.MaterialName(), "Preview")
        index = poly.SetMaterialName("Stripe")
        self.assertEqual(index, 1)
        self.assertEqual((poly.MaterialIndex(), poly.MaterialName()), (1, "Stripe"))
        self.assertEqual(self.geom.Polygon(3).SetMaterialName("Stripe"), 1)
        self.assertEqual(self.geom.NumMaterials(), 2)
        self.assertEqual(self.geom.AddMaterialName("Dots"), 2)
        self.geom.Polygon(4).SetMaterialIndex(2)
        self.assertEqual(self.geom.Polygon(4).MaterialName(), "Dots")
        self.assertRaises(poser.error, poly.SetMaterialIndex, 9)

    def test_materials_are_the_same_objects_every_call(self):
        first = self.geom.Materials()
        self.assertEqual([m.Name() for m in first], ["Preview"])
        self.assertIs(self.geom.Materials()[0], first[0])
        self.assertIs(first[0], self.ball.Material("Preview"))
        self.geom.Polygon(0).SetMaterialName("Extra")
        extra = self.geom.Materials()[1]
        self.assertEqual(extra.Name(), "Extra")
        self.assertIs(self.geom.Materials()[1], extra)

    def test_figure_body_parts_use_the_figure_materials(self):
        figure = self.scene.CurrentFigure()
        geom = figure.ActorByInternalName("head").Geometry()
        material = geom.Materials()[0]
        self.assertIs(material, figure.Material(material.Name()))


class TextureTest(GeomTestCase):
    def test_texture_polygons_and_vertices(self):
        tex_polys = self.geom.TexPolygons()
        self.assertEqual(len(tex_polys), self.geom.NumTexPolygons())
        self.assertEqual(self.geom.NumTexPolygons(), self.geom.NumPolygons())
        self.assertIsInstance(tex_polys[0], poser.TexPolygonType)
        tex_sets = self.geom.TexSets()
        self.assertEqual(len(tex_sets), self.geom.NumTexSets())
        uvs = self.geom.TexVertices()
        self.assertEqual(len(uvs), self.geom.NumTexVertices())
        for index, tex_poly in enumerate(tex_polys[:20]):
            corners = tex_poly.TexVertices()
            self.assertEqual(len(corners), tex_poly.NumTexVertices())
            self.assertEqual(tex_poly.NumTexVertices(), self.geom.Polygon(index).NumVertices())
            self.assertEqual(corners[0], uvs[tex_sets[tex_poly.Start()]])
            for uv in corners:
                self.assertTrue(0.0 <= uv.U() <= 1.0 and 0.0 <= uv.V() <= 1.0)
        uvs[3].SetU(0.75)
        uvs[3].SetV(0.5)
        self.assertEqual((self.geom.TexVertices()[3].U(), self.geom.TexVertices()[3].V()), (0.75, 0.5))

    def test_a_seam_makes_more_texture_vertices_than_vertices(self):
        self.assertGreater(self.geom.NumTexVertices(), self.geom.NumVertices())

    def test_a_geometry_without_uvs(self):
        geom = self.scene.NewGeometry()
        geom.AddPolygon(SQUARE)
        self.assertEqual((geom.NumTexVertices(), geom.NumTexPolygons(), geom.NumTexSets()), (0, 0, 0))
        self.assertEqual(geom.TexPolygons(), [])


class BuildingTest(GeomTestCase):
    def test_add_general_mesh_with_texture_data(self):
        geom = self.scene.NewGeometry()
        geom.AddGeneralMesh([[0, 4], [4, 3]], [0, 1, 2, 3, 1, 4, 2],
                            [[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0], [2, 0, 0]],
                            [[0, 4], [4, 3]], [0, 1, 2, 3, 1, 4, 2],
                            [[0, 0], [0.5, 0], [0.5, 1], [0, 1], [1, 0]])
        self.assertEqual((geom.NumVertices(), geom.NumPolygons(), geom.NumSets()), (5, 2, 7))
        self.assertEqual((geom.NumTexVertices(), geom.NumTexPolygons(), geom.NumTexSets()), (5, 2, 7))
        self.assertEqual([v.X() for v in geom.Polygon(1).Vertices()], [1.0, 2.0, 1.0])
        self.assertEqual([uv.U() for uv in geom.TexPolygons()[1].TexVertices()], [0.5, 1.0, 0.5])

    def test_add_general_mesh_layouts(self):
        geom = self.scene.NewGeometry()
        geom.AddGeneralMesh(FakeArray([(0, 3)]), FakeArray([[0], [1], [2]]),
                            FakeArray([(0.0, 0.0, 0.0), (1.0, 0.0, 0.0), (0.0, 1.0, 0.0)]))
        geom.AddGeneralMesh(((0, 3),), (0, 1, 2), (0, 0, 1, 1, 0, 1, 0, 1, 1))  # flat x y z
        self.assertEqual(geom.NumVertices(), 6)
        self.assertEqual(geom.Sets(), [0, 1, 2, 3, 4, 5])
        self.assertEqual(geom.Vertex(5).Z(), 1.0)

    def test_add_general_mesh_checks_its_input(self):
        geom = self.scene.NewGeometry()
        self.assertRaises(poser.error, geom.AddGeneralMesh, [[0, 3]], [0, 1, 5], SQUARE)
        self.assertRaises(poser.error, geom.AddGeneralMesh, [[2, 3]], [0, 1, 2], SQUARE)
        self.assertRaises(poser.error, geom.AddGeneralMesh, [[0, 3]], [0, 1, 2], [[0, 0]] * 3)
        self.assertRaises(poser.error, geom.AddGeneralMesh, [[0, 3]], [0, 1, 2], SQUARE,
                          [[0, 3], [0, 3]], [0, 1, 2], [[0, 0]] * 3)
        self.assertEqual(geom.NumVertices(), 0)

    def test_add_polygon_and_triangle_return_the_new_polygon(self):
        geom = self.scene.NewGeometry()
        poly = geom.AddPolygon(SQUARE)
        self.assertIsInstance(poly, poser.PolyType)
        self.assertEqual(poly.NumVertices(), 4)
        triangle = geom.AddTriangle((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))
        self.assertEqual(triangle, geom.Polygon(1))
        self.assertEqual([v.Z() for v in triangle.Vertices()], [0.0, 0.0, 1.0])
        self.assertRaises(poser.error, geom.AddPolygon, SQUARE[:2])

    def test_new_polygons_join_no_group_and_keep_texture_polygons_aligned(self):
        count = self.geom.NumPolygons()
        poly = self.geom.AddPolygon(SQUARE)
        self.assertEqual(poly.Groups(), [])
        self.assertEqual(self.geom.Polygon(count - 1).Groups(), ["ball"])
        self.assertEqual(self.geom.NumTexPolygons(), count + 1)
        self.assertEqual(self.geom.TexPolygons()[count].NumTexVertices(), 0)

    def test_weld_merges_coincident_vertices(self):
        geom = self.scene.NewGeometry()
        geom.AddPolygon(SQUARE)
        geom.AddPolygon([[1, 0, 0], [2, 0, 0], [2, 1, 0], [1, 1, 0]])
        self.assertEqual(geom.NumVertices(), 8)
        geom.Weld()
        self.assertEqual(geom.NumVertices(), 6)
        self.assertEqual(geom.Sets(), [0, 1, 2, 3, 1, 4, 5, 2])
        self.assertEqual(geom.NumPolygons(), 2)

    def test_weld_keeps_morphs_on_their_vertices(self):
        geom = self.scene.NewGeometry()
        geom.AddPolygon(SQUARE)
        geom.AddPolygon([[1, 0, 0], [2, 0, 0], [2, 1, 0], [1, 1, 0]])
        prop = self.scene.CreatePropFromGeom(geom, "cards")
        prop.SpawnTarget("Lift")
        lift = prop.Parameter("Lift")
        mesh = prop.Geometry()
        lift.SetMorphTargetDelta(6, 0, 0, 1)  # the corner at (2, 1, 0)
        mesh.Weld()
        self.assertEqual(lift.MorphTargetDelta(4), (0.0, 0.0, 0.0))
        self.assertEqual(lift.MorphTargetDelta(5), (0.0, 0.0, 1.0))


class HelpersTest(GeomTestCase):
    def test_subdivide_is_catmull_clark_and_consistent(self):
        geom = self.scene.NewGeometry()
        geom.AddGeneralMesh([[0, 4]], [0, 1, 2, 3], SQUARE, [[0, 4]], [0, 1, 2, 3], [[0, 0], [1, 0], [1, 1], [0, 1]])
        geom.Polygon(0).IncludeInGroup("card")
        geom.Polygon(0).SetMaterialName("Paper")
        fine = _mesh_ops.subdivide(geom)
        self.assertEqual((fine.NumVertices(), fine.NumPolygons()), (4 + 4 + 1, 4))
        self.assertEqual(fine.Vertex(8).X(), 0.5)  # the face point comes last
        self.assertEqual(fine.Vertex(0).X(), geom.Vertex(0).X())  # a corner stays a corner
        self.assertEqual(fine.Polygon(3).Groups(), ["card"])
        self.assertEqual(fine.Polygon(3).MaterialName(), "Paper")
        self.assertEqual(fine.NumTexPolygons(), 4)
        self.assertEqual(_mesh_ops.subdivide(geom).NumVertices(), fine.NumVertices())
        twice = _mesh_ops.subdivide(geom, 2)
        self.assertEqual(twice.NumPolygons(), 16)
        self.assertEqual(geom.NumVertices(), 4)  # the input is untouched

    def test_subdivide_smooths_a_closed_mesh(self):
        head = self.scene.CurrentFigure().ActorByInternalName("head").Geometry()
        fine = _mesh_ops.subdivide(head)
        self.assertEqual(fine.NumPolygons(), 4 * head.NumPolygons())
        self.assertGreater(fine.NumVertices(), head.NumVertices())

    def test_merge_keeps_groups_materials_and_maps(self):
        figure = self.scene.CurrentFigure()
        parts = [figure.ActorByInternalName(n).Geometry() for n in ("head", "neck")]
        mesh, maps = _mesh_ops.merge(parts)
        self.assertEqual(mesh.NumVertices(), parts[0].NumVertices() + parts[1].NumVertices())
        self.assertEqual(maps[1][0], parts[0].NumVertices())
        self.assertEqual(mesh.Polygon(0).Groups(), ["head"])
        self.assertEqual(mesh.Polygon(mesh.NumPolygons() - 1).Groups(), ["neck"])
        self.assertEqual(mesh.Vertex(maps[1][3]).Y(), parts[1].Vertex(3).Y())

    def test_world_coords_array(self):
        self.ball.SetParameter("xtran", 2.0)
        coords = _geometry.world_coords(self.geom)
        self.assertEqual(len(coords), 3 * self.geom.NumVertices())
        self.assertAlmostEqual(coords[0], self.geom.WorldVertex(0).X(), places=5)


class GroundGridTest(unittest.TestCase):
    def test_the_large_grid(self):
        scene = poser.ResetScene()
        geom = scene.Actor("Ground Grid").Geometry()
        self.assertEqual(poser.GRID_SIDE, 708)
        self.assertEqual(geom.NumVertices(), 501264)
        self.assertEqual(geom.NumPolygons(), 707 * 707)
        self.assertEqual(geom.Polygon(0).Groups(), ["ground"])
        self.assertEqual(geom.NumTexVertices(), geom.NumVertices())
        self.assertEqual(geom.TexPolygons()[5].Start(), geom.Polygon(5).Start())
        last = geom.Vertex(501263)
        self.assertTrue(math.isclose(last.X(), 5.0, abs_tol=1e-5) if hasattr(math, "isclose")
                        else abs(last.X() - 5.0) < 1e-5)
        poser.ResetScene()


if __name__ == "__main__":
    unittest.main()

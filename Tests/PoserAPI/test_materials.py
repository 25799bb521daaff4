"""Materials, layers and shader trees the way PoserPython scripts use them: walk a figure's
materials, set colors and maps, read the PoserSurface node by internal input names, build
node networks for FireFly and SuperFly, switch root nodes, save and load material sets.

    python3 Tests/PoserAPI/test_materials.py
"""

import os
import shutil
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SHIMS = os.path.join(os.path.dirname(os.path.dirname(HERE)), "PythonShims")
if SHIMS not in sys.path:
    sys.path.insert(0, SHIMS)

import poser  # noqa: E402
from poser import _material_files, _materials  # noqa: E402


class MaterialTestCase(unittest.TestCase):
    def setUp(self):
        self.scene = poser.ResetScene()
        self.figure = self.scene.CurrentFigure()
        self.material = self.figure.Materials()[0]
        self.prop = self.scene.Actor("ball")
        self.folder = tempfile.mkdtemp(prefix="poser-materials-")

    def tearDown(self):
        shutil.rmtree(self.folder, ignore_errors=True)
        poser.ResetScene()

    def tree(self):
        return self.material.ShaderTree()

    def surface(self):
        return self.tree().Node(0)


class MaterialObjectsTest(MaterialTestCase):
    def test_lookups_answer_the_same_objects(self):
        name = self.material.Name()
        self.assertIs(self.figure.Material(name), self.figure.Material(name))
        self.assertIs(self.figure.Material(name), self.material)
        self.assertEqual(self.figure.Materials(), self.figure.Materials())
        prop_material = self.prop.Materials()[0]
        self.assertIs(self.prop.Material(prop_material.Name()), prop_material)
        self.assertIs(prop_material.ShaderTree(), prop_material.ShaderTree())

    def test_a_body_part_shares_its_figures_materials(self):
        hip = self.figure.Actor("Hip")
        self.assertIs(hip.Material(self.material.Name()), self.material)

    def test_geometry_materials_are_the_owners_objects(self):
        geom = self.prop.Geometry()
        materials = _materials.geometry_materials(geom)
        self.assertEqual([m.Name() for m in materials], list(geom._material_names))
        self.assertIs(materials[0], self.prop.Material(materials[0].Name()))
        self.assertIs(_materials.geometry_materials(geom)[0], materials[0])

    def test_a_free_geometry_keeps_its_own_materials(self):
        geom = poser.GeomType()
        first = _materials.geometry_materials(geom)
        self.assertTrue(first)
        self.assertIs(_materials.geometry_materials(geom)[0], first[0])

    def test_names(self):
        material = poser.MaterialType("2_SkinTorso", ext_name="Torso")
        self.assertEqual(material.Name(), "2_SkinTorso")
        self.assertEqual(material.ExtName(), "Torso")
        self.assertIs(_materials.find_material([material], "Torso"), material)
        self.assertIsNone(_materials.find_material([material], "Nope"))

    def test_selection_flag(self):
        self.assertEqual(self.material.Selected(), 0)
        self.material.SetSelected(1)
        self.assertEqual(self.material.Selected(), 1)
        self.material.SetSelected(0)
        self.assertEqual(self.material.Selected(), 0)
        self.material.Select()
        self.assertEqual(self.material.Selected(), 1)


class MaterialValuesTest(MaterialTestCase):
    def test_colors_keep_what_was_set(self):
        m = self.material
        m.SetDiffuseColor(0.46, 0.57, 0.33)
        m.SetSpecularColor(0.1, 0.2, 0.3)
        m.SetAmbientColor(0.0, 0.5, 1.0)
        m.SetReflectionColor(0.9, 0.9, 0.9)
        m.SetTextureColor(0.4, 0.4, 0.4)
        self.assertEqual(m.DiffuseColor(), (0.46, 0.57, 0.33))
        self.assertEqual(m.SpecularColor(), (0.1, 0.2, 0.3))
        self.assertEqual(m.AmbientColor(), (0.0, 0.5, 1.0))
        self.assertEqual(m.ReflectionColor(), (0.9, 0.9, 0.9))
        self.assertEqual(m.TextureColor(), (0.4, 0.4, 0.4))
        for color in (m.DiffuseColor(), m.SpecularColor()):
            self.assertIsInstance(color, tuple)
            self.assertTrue(all(isinstance(c, float) for c in color))

    def test_numbers_answer_the_kept_value_and_respect_the_manuals_ranges(self):
        m = self.material
        self.assertEqual(m.SetBumpStrength(0.5), 0.5)
        self.assertEqual(m.BumpStrength(), 0.5)
        self.assertEqual(m.SetBumpStrength(3), 1.0)
        self.assertEqual(m.SetReflectionStrength(-2), -1.0)
        self.assertEqual(m.SetTransparencyMax(0.75), 0.75)
        self.assertEqual(m.SetTransparencyMin(1.5), 1.0)
        self.assertEqual(m.SetTransparencyExpo(5.0), 5.0)
        self.assertEqual(m.SetTransparencyExpo(11), 10.0)
        self.assertEqual(m.SetNs(0.5), 0.5)
        self.assertEqual((m.TransparencyMax(), m.TransparencyMin(), m.TransparencyExpo(), m.Ns()),
                         (0.75, 1.0, 10.0, 0.5))
        with self.assertRaises(poser.error):
            m.SetBumpStrength("strong")

    def test_maps(self):
        m = self.material
        for setter, getter in (("SetTextureMapFileName", "TextureMapFileName"),
                               ("SetBumpMapFileName", "BumpMapFileName"),
                               ("SetReflectionMapFileName", "ReflectionMapFileName"),
                               ("SetTransparencyMapFileName", "TransparencyMapFileName")):
            self.assertEqual(getattr(m, getter)(), "")
            path = os.path.join(self.folder, getter + ".png")
            getattr(m, setter)(path)
            self.assertEqual(getattr(m, getter)(), path)

    def test_values_set_before_the_tree_show_on_the_poser_surface(self):
        m = self.material
        m.SetDiffuseColor(0.2, 0.3, 0.4)
        m.SetTextureMapFileName("C:\\Textures\\skin.jpg")
        m.SetTransparencyMax(0.5)
        surface = self.surface()
        self.assertEqual(surface.InputByInternalName("Diffuse_Color").Value(), (0.2, 0.3, 0.4))
        self.assertEqual(surface.InputByInternalName("Transparency_Max").Value(), 0.5)
        image = surface.InputByInternalName("Diffuse_Color").InNode()
        self.assertEqual(image.Type(), poser.kNodeTypeCodeIMAGEMAP)
        self.assertEqual(image.InputByInternalName("Image_Source").Value(), "C:\\Textures\\skin.jpg")

    def test_the_poser_surface_and_the_material_are_one_value(self):
        surface = self.surface()
        surface.InputByInternalName("Diffuse_Color").SetColor(1.0, 0.0, 0.0)
        self.assertEqual(self.material.DiffuseColor(), (1.0, 0.0, 0.0))
        self.material.SetSpecularColor(0.0, 1.0, 0.0)
        self.assertEqual(surface.InputByInternalName("Highlight_Color").Value(), (0.0, 1.0, 0.0))
        self.material.SetBumpMapFileName("/maps/bump.png")
        bump = surface.InputByInternalName("Bump").InNode()
        bump.InputByInternalName("Image_Source").SetString("/maps/other.png")
        self.assertEqual(self.material.BumpMapFileName(), "/maps/other.png")
        self.material.SetBumpMapFileName("/maps/third.png")
        self.assertIs(surface.InputByInternalName("Bump").InNode(), bump)
        self.assertEqual(self.tree().NumNodes(), 2)

    def test_a_texture_behind_another_node_is_found(self):
        tree = self.tree()
        surface = self.surface()
        blender = tree.CreateNode(poser.kNodeTypeCodeBLENDER)
        image = tree.CreateNode(poser.kNodeTypeCodeIMAGEMAP)
        image.InputByInternalName("Image_Source").SetString("/maps/skin.png")
        blender.ConnectToInput(surface.InputByInternalName("Diffuse_Color"))
        image.ConnectToInput(blender.InputByInternalName("Input_1"))
        self.assertEqual(self.material.TextureMapFileName(), "/maps/skin.png")


class LayersTest(MaterialTestCase):
    def test_the_base_layer_is_the_materials_tree(self):
        self.assertEqual(self.material.NumLayers(), 1)
        base = self.material.Layer(0)
        self.assertIs(base.ShaderTree(), self.material.ShaderTree())
        self.assertEqual(self.material.LayerShaderTreeHash(0), self.material.ShaderTreeHash())

    def test_create_and_find_layers(self):
        m = self.material
        self.assertIsNone(m.CreateLayer("Dirt"))
        m.CreateLayer("Dirt")
        self.assertEqual(m.NumLayers(), 3)
        self.assertEqual([layer.Name() for layer in m.Layers()], ["Base", "Dirt", "Dirt_2"])
        self.assertEqual(m.LayerName(2), "Dirt_2")
        self.assertEqual(m.LayerExtName(2), "Dirt")
        dirt = m.LayerByName("Dirt")
        self.assertIs(m.LayerByExtName("Dirt"), dirt)
        self.assertIs(m.Layer(1), dirt)
        self.assertIs(dirt.ShaderTree(), m.LayerShaderTree(1))
        self.assertIsNot(dirt.ShaderTree(), m.ShaderTree())
        self.assertEqual(dirt.ShaderTree().Node(0).Type(), poser.kNodeTypeCodePOSERSURFACE)
        self.assertEqual(dirt.ShaderTreeHash(), m.LayerShaderTreeHash(1))
        with self.assertRaises(poser.error):
            m.LayerByName("Rust")
        with self.assertRaises(poser.error):
            m.Layer(3)


class ShaderTreeTest(MaterialTestCase):
    def test_a_default_material_has_a_poser_surface_root_for_both_engines(self):
        tree = self.tree()
        surface = tree.Node(0)
        self.assertEqual(surface.Type(), poser.kNodeTypeCodePOSERSURFACE)
        self.assertEqual(surface.Name(), "PoserSurface")
        self.assertTrue(surface.IsRoot())
        self.assertIs(tree.RendererRootNode(poser.kRenderEngineCodeFIREFLY), surface)
        self.assertIs(tree.RendererRootNode(poser.kRenderEngineCodeSUPERFLY), surface)
        self.assertIs(tree.NodeByInternalName("PoserSurface"), surface)
        self.assertIsNone(tree.NodeByInternalName("Nothing"))
        self.assertEqual(surface.NumOutputs(), 0)

    def test_poser_surface_inputs_by_index_display_name_and_internal_name(self):
        surface = self.surface()
        names = [i.InternalName() for i in surface.Inputs()]
        self.assertEqual(names[:5], ["Diffuse_Color", "Diffuse_Value", "Highlight_Color", "Highlight_Value",
                                     "Highlight_Size"])
        self.assertEqual(surface.NumInputs(), len(names))
        specular = surface.InputByInternalName("Highlight_Color")
        self.assertEqual(specular.Name(), "Specular_Color")
        self.assertIs(surface.InputByInternalName("Specular_Color"), specular)
        self.assertIs(surface.Input(2), specular)
        self.assertIs(specular.ItsNode(), surface)
        self.assertEqual(surface.InputByInternalName("Transparency_Max").Name(), "Transparency")
        self.assertIsNone(surface.InputByInternalName("NoSuchInput"))
        with self.assertRaises(poser.error):
            surface.Input(99)

    def test_input_types_and_values_of_the_right_kind(self):
        surface = self.surface()
        kinds = dict((i.InternalName(), i.Type()) for i in surface.Inputs())
        self.assertEqual(kinds["Diffuse_Color"], poser.kNodeInputCodeCOLOR)
        self.assertEqual(kinds["Diffuse_Value"], poser.kNodeInputCodeFLOAT)
        self.assertEqual(kinds["Reflection_Lite_Mult"], poser.kNodeInputCodeBOOLEAN)
        self.assertEqual(kinds["ToonID"], poser.kNodeInputCodeINTEGER)
        image = self.tree().CreateNode(poser.kNodeTypeCodeIMAGEMAP)
        source = image.InputByInternalName("Image_Source")
        self.assertEqual(source.Type(), poser.kNodeInputCodeSTRING)
        self.assertEqual(source.Value(), "")
        self.assertEqual(image.InputByInternalName("Texture_Coords").Type(), poser.kNodeInputCodeMENU)
        anisotropic = self.tree().CreateNode(poser.kNodeTypeCodeANISOTROPIC)
        self.assertEqual(anisotropic.InputByInternalName("X_Direction").Type(), poser.kNodeInputCodeVECTOR)
        value = surface.InputByInternalName("Diffuse_Value")
        value.SetFloat(0.25)
        self.assertEqual(value.Value(), 0.25)
        flag = surface.InputByInternalName("Reflection_Lite_Mult")
        flag.SetFloat(7)
        self.assertEqual(flag.Value(), 1.0)
        toon = surface.InputByInternalName("ToonID")
        toon.SetFloat(2.6)
        self.assertEqual(toon.Value(), 3.0)
        source.SetString(":Runtime:Textures:skin.jpg")
        self.assertEqual(source.Value(), ":Runtime:Textures:skin.jpg")
        self.assertEqual(source.Texture().FileName(), ":Runtime:Textures:skin.jpg")
        self.assertIsNone(value.Texture())

    def test_values_of_the_wrong_kind_raise(self):
        surface = self.surface()
        color = surface.InputByInternalName("Diffuse_Color")
        color.SetFloat(0.5)  # a grey
        self.assertEqual(color.Value(), (0.5, 0.5, 0.5))
        with self.assertRaises(poser.error):
            surface.InputByInternalName("Diffuse_Value").SetColor(1, 0, 0)
        with self.assertRaises(poser.error):
            color.SetString("skin.jpg")
        image = self.tree().CreateNode("image_map")
        with self.assertRaises(poser.error):
            image.InputByInternalName("Image_Source").SetFloat(1)

    def test_input_names_can_change_internal_names_cannot(self):
        value = self.surface().InputByInternalName("Diffuse_Value")
        value.SetName("Skin strength")
        self.assertEqual(value.Name(), "Skin strength")
        self.assertEqual(value.InternalName(), "Diffuse_Value")

    def test_create_nodes_by_code_and_by_poser_type_string(self):
        tree = self.tree()
        first = tree.CreateNode(poser.kNodeTypeCodeIMAGEMAP)
        second = tree.CreateNode("image_map")
        self.assertEqual((first.InternalName(), second.InternalName()), ("Image_Map", "Image_Map_2"))
        self.assertEqual(first.Type(), second.Type())
        math = tree.CreateNode(poser.kNodeTypeCodeMATH)
        self.assertEqual(math.Type(), poser.kNodeTypeCodeMATH)
        self.assertEqual(math.InputByInternalName("Math_Argument").Type(), poser.kNodeInputCodeMENU)
        self.assertEqual(tree.NumNodes(), 4)
        self.assertEqual(tree.Nodes()[1:], [first, second, math])
        with self.assertRaises(poser.error):
            tree.CreateNode("no_such_node")

    def test_every_documented_node_code_creates_its_node(self):
        tree = self.tree()
        codes = [name for name in dir(poser) if name.startswith("kNodeTypeCode")]
        self.assertTrue(codes)
        for name in codes:
            node = tree.CreateNode(getattr(poser, name))
            self.assertEqual(node.Type(), getattr(poser, name), name)

    def test_links(self):
        tree = self.tree()
        surface = self.surface()
        diffuse = surface.InputByInternalName("Diffuse_Color")
        image = tree.CreateNode(poser.kNodeTypeCodeIMAGEMAP)
        self.assertIsNone(diffuse.InNode())
        self.assertIsNone(diffuse.InOutput())
        image.ConnectToInput(diffuse)
        self.assertIs(diffuse.InNode(), image)
        self.assertIs(diffuse.InNode(1), image)
        self.assertIs(diffuse.InOutput(), image.Output(0))
        self.assertEqual(diffuse.InOutput().InternalName(), "Color")
        diffuse.Disconnect()
        self.assertIsNone(diffuse.InNode())
        tree.AttachTreeNodes(surface, "Diffuse_Color", image)
        self.assertIs(diffuse.InNode(), image)
        tree.DetachTreeNode(surface, "Diffuse_Color")
        self.assertIsNone(diffuse.InNode())
        tree.AttachTreeNodes(surface, "Alternate_Diffuse", image)  # a display name
        self.assertIs(surface.InputByInternalName("AlternateDiffuse").InNode(), image)
        alpha = image.OutputByInternalName("Alpha")
        alpha.ConnectToInput(surface.InputByInternalName("Transparency_Max"))
        self.assertIs(surface.InputByInternalName("Transparency_Max").InOutput(), alpha)
        self.assertIs(alpha.ItsNode(), image)
        with self.assertRaises(poser.error):
            tree.AttachTreeNodes(surface, "NoSuchInput", image)
        with self.assertRaises(poser.error):
            image.ConnectToInput(image.InputByInternalName("Background"))
        other = self.prop.Materials()[0].ShaderTree().Node(0)
        with self.assertRaises(poser.error):
            image.ConnectToInput(other.InputByInternalName("Diffuse_Color"))

    def test_delete_nodes_by_index_by_object_and_by_the_node(self):
        tree = self.tree()
        surface = self.surface()
        image = tree.CreateNode(poser.kNodeTypeCodeIMAGEMAP)
        image.ConnectToInput(surface.InputByInternalName("Diffuse_Color"))
        color = tree.CreateNode(poser.kNodeTypeCodeSIMPLECOLOR)
        spots = tree.CreateNode(poser.kNodeTypeCodeSPOTS)
        tree.DeleteNode(1)
        self.assertEqual(tree.Nodes(), [surface, color, spots])
        self.assertIsNone(surface.InputByInternalName("Diffuse_Color").InNode())
        tree.DeleteNode(color)
        spots.Delete()
        self.assertEqual(tree.Nodes(), [surface])
        with self.assertRaises(poser.error):
            tree.DeleteNode(spots)
        with self.assertRaises(poser.error):
            spots.ConnectToInput(surface.InputByInternalName("Bump"))
        with self.assertRaises(poser.error):
            tree.DeleteNode(5)

    def test_root_nodes_for_each_engine_in_both_argument_orders(self):
        tree = self.tree()
        surface = self.surface()
        physical = tree.CreateNode("PhysicalSurface")
        cycles = tree.CreateNode("CyclesSurface")
        tree.SetRendererRootNode(cycles, poser.kRenderEngineCodeSUPERFLY)  # the manual's order
        tree.SetRendererRootNode(poser.kRenderEngineCodeFIREFLY, physical)  # Poser 12 scripts' order
        self.assertIs(tree.RendererRootNode(poser.kRenderEngineCodeSUPERFLY), cycles)
        self.assertIs(tree.RendererRootNode(poser.kRenderEngineCodeFIREFLY), physical)
        self.assertIs(tree.RendererRootNode(poser.kRenderEngineCodePREVIEW), surface)
        self.assertTrue(cycles.IsRoot())
        with self.assertRaises(poser.error):
            tree.SetRendererRootNode(tree.CreateNode("image_map"), poser.kRenderEngineCodeFIREFLY)
        with self.assertRaises(poser.error):
            tree.RendererRootNode(12345)
        tree.DeleteNode(physical)
        self.assertIsNone(tree.RendererRootNode(poser.kRenderEngineCodeFIREFLY))

    def test_update_preview_is_recorded(self):
        self.tree().UpdatePreview()
        self.assertIn(("UpdatePreview",), poser.CallLog())

    def test_node_room_state(self):
        node = self.tree().CreateNode("image_map")
        node.SetLocation(245, 20)
        self.assertEqual(node.Location(), (245, 20))
        node.SetInputsCollapsed(True)
        node.SetPreviewCollapsed(1)
        node.SetPreviewVisible(0)
        self.assertEqual((node.InputsCollapsed(), node.PreviewCollapsed(), node.PreviewVisible()), (1, 1, 0))
        node.SetName("ColorTexture")
        self.assertEqual(node.Name(), "ColorTexture")
        self.assertEqual(node.InternalName(), "Image_Map")
        self.assertIs(self.tree().NodeByInternalName("ColorTexture"), node)
        self.assertEqual(node.SelectedOutput(), 0)
        self.assertIsNone(node.CompoundData())
        self.assertIsNotNone(self.tree().CreateNode(poser.kNodeTypeCodeCOMPOUND).CompoundData())

    def test_animated_inputs_have_parameters(self):
        color = self.surface().InputByInternalName("Diffuse_Color")
        value = self.surface().InputByInternalName("Diffuse_Value")
        self.assertEqual(color.CanBeAnimated(), 1)
        self.assertEqual(color.Animated(), 0)
        self.assertEqual(color.Parameters(), (None, None, None))
        color.SetColor(0.1, 0.2, 0.3)
        color.SetAnimated(1)
        r, g, b = color.Parameters()
        self.assertEqual((r.Value(), g.Value(), b.Value()), (0.1, 0.2, 0.3))
        g.SetValue(0.9)
        self.assertEqual(color.Value(), (0.1, 0.9, 0.3))
        color.SetColor(0.5, 0.5, 0.5)
        self.assertEqual(r.Value(), 0.5)
        value.SetAnimated(1)
        parm, none1, none2 = value.Parameters()
        self.assertIsNotNone(parm)
        self.assertEqual((none1, none2), (None, None))
        image = self.tree().CreateNode("image_map")
        source = image.InputByInternalName("Image_Source")
        self.assertEqual(source.CanBeAnimated(), 0)
        with self.assertRaises(poser.error):
            source.SetAnimated(1)

    def test_the_tree_hash_follows_the_tree(self):
        before = self.material.ShaderTreeHash()
        self.assertEqual(before, self.material.ShaderTreeHash())
        self.surface().InputByInternalName("Diffuse_Value").SetFloat(0.3)
        self.assertNotEqual(before, self.material.ShaderTreeHash())

    def test_a_lights_tree_has_a_light_root(self):
        material = poser.MaterialType("Light", root_type="light")
        root = material.ShaderTree().Node(0)
        self.assertEqual(root.Type(), poser.kNodeTypeCodeLIGHT)
        self.assertEqual(root.InputByInternalName("Intensity").Value(), 1.0)
        self.assertEqual(material.DiffuseColor(), (0.8, 0.8, 0.8))


class ScriptsTest(MaterialTestCase):
    """Shapes of real public scripts."""

    def test_copy_the_poser_surface_back_into_the_material(self):
        for material in self.figure.Materials():
            tree = material.ShaderTree()
            root = tree.Node(0)
            r, g, b = root.InputByInternalName("Diffuse_Color").Value()
            material.SetDiffuseColor(r, g, b)
            material.SetTransparencyMax(root.InputByInternalName("Transparency_Max").Value())
            tree.UpdatePreview()
            self.assertEqual(material.DiffuseColor(), (r, g, b))

    def test_replace_every_node_by_a_physical_surface_and_a_cycles_network(self):
        tree = self.tree()
        previous = tree.Nodes()
        phs = tree.CreateNode("PhysicalSurface")
        for node in previous:
            tree.DeleteNode(node)
        phs.SetName("PhysicalSurface")
        tree.SetRendererRootNode(poser.kRenderEngineCodeFIREFLY, phs)
        phs.InputByInternalName("Color").SetColor(1, 1, 1)
        phs.InputByInternalName("Transparency").SetFloat(1)
        phs.InputByInternalName("Specular").SetColor(0.5, 0.5, 0.5)
        phs.InputByInternalName("Scatter_Group").SetFloat(2)
        hsv = tree.CreateNode("hsv2")
        hsv.InputByInternalName("Saturation").SetFloat(0)
        hsv.OutputByInternalName("Color").ConnectToInput(phs.InputByInternalName("Color"))
        image = tree.CreateNode("image_map")
        image.InputByInternalName("Image_Source").SetString(":Runtime:Texture:skin.png")
        image.OutputByInternalName("Color").ConnectToInput(hsv.InputByInternalName("Color"))
        cycles = tree.CreateNode("CyclesSurface")
        tree.SetRendererRootNode(poser.kRenderEngineCodeSUPERFLY, cycles)
        mix = tree.CreateNode("ccl_MixClosure")
        mix.OutputByInternalName("Closure").ConnectToInput(cycles.InputByInternalName("Surface"))
        path = tree.CreateNode("ccl_LightPath")
        math = tree.CreateNode("ccl_Math")
        math.InputByInternalName("Type").SetFloat(1)
        path.OutputByInternalName("Is Shadow Ray").ConnectToInput(math.InputByInternalName("Value1"))
        math.OutputByInternalName("Value").ConnectToInput(mix.InputByInternalName("Fac"))
        glass = tree.CreateNode("ccl_GlassBsdf")
        glass.InputByInternalName("IOR").SetFloat(1.376)
        glass.OutputByInternalName("BSDF").ConnectToInput(mix.InputByInternalName("Closure1"))
        self.assertEqual(tree.Node(0), phs)
        self.assertEqual(phs.InputByInternalName("Color").InNode(1).InputByInternalName("Color").InNode(), image)
        self.assertEqual(cycles.InputByInternalName("Surface").Type(), poser.kNodeInputCodeNONE)
        self.assertIsNone(cycles.InputByInternalName("Surface").Value())
        for material in [self.material]:
            for node in material.ShaderTree().Nodes():
                if node.Type() == "CyclesSurface":
                    self.assertEqual(tree.RendererRootNode(poser.kRenderEngineCodeSUPERFLY).Name(), node.Name())

    def test_walk_every_input_of_every_node(self):
        self.material.SetTextureMapFileName("/maps/skin.png")
        found = []
        for node in self.tree().Nodes():
            for node_input in node.Inputs():
                linked = node_input.InNode()
                if linked is not None and linked.Type() == poser.kNodeTypeCodeIMAGEMAP:
                    found.append(linked.InputByInternalName("Image_Source").Value())
        self.assertEqual(found, ["/maps/skin.png"])


class MaterialSetFilesTest(MaterialTestCase):
    def test_save_then_load_restores_values_layers_and_tree(self):
        m = self.material
        m.SetDiffuseColor(0.1, 0.2, 0.3)
        m.SetTextureMapFileName("/maps/skin.png")
        m.SetBumpStrength(0.25)
        m.CreateLayer("Dirt")
        tree = m.ShaderTree()
        extra = tree.CreateNode(poser.kNodeTypeCodeSPOTS)
        extra.SetName("MySpots")
        extra.SetLocation(400, 300)
        extra.ConnectToInput(tree.Node(0).InputByInternalName("Highlight_Color"))
        tree.SetRendererRootNode(tree.CreateNode("PhysicalSurface"), poser.kRenderEngineCodeSUPERFLY)
        expected_hash = m.ShaderTreeHash()
        path = os.path.join(self.folder, "skin.mt5")
        m.SaveMaterialSet(path)
        self.assertTrue(os.path.isfile(path))

        m.SetDiffuseColor(1, 1, 1)
        m.SetTextureMapFileName("")
        tree.DeleteNode(extra)
        other = self.prop.Materials()[0]
        other.LoadMaterialSet(path)
        m.LoadMaterialSet(path)
        for restored in (m, other):
            self.assertEqual(restored.DiffuseColor(), (0.1, 0.2, 0.3))
            self.assertEqual(restored.TextureMapFileName(), "/maps/skin.png")
            self.assertEqual(restored.BumpStrength(), 0.25)
            self.assertEqual([layer.Name() for layer in restored.Layers()], ["Base", "Dirt"])
            self.assertEqual(restored.ShaderTreeHash(), expected_hash)
            spots = restored.ShaderTree().NodeByInternalName("Spots")
            self.assertEqual((spots.Name(), spots.Location()), ("MySpots", (400, 300)))
            root = restored.ShaderTree().Node(0)
            self.assertIs(root.InputByInternalName("Highlight_Color").InNode(), spots)
            self.assertEqual(restored.ShaderTree().RendererRootNode(poser.kRenderEngineCodeSUPERFLY).Type(),
                             "PhysicalSurface")
        self.assertEqual(other.Name(), self.prop.Materials()[0].Name())
        self.assertIs(m.ShaderTree(), tree)  # the same tree object, with the file's nodes

    def test_a_material_without_a_tree_saves_its_values(self):
        material = poser.MaterialType("Plain", (0.5, 0.5, 0.5))
        material.SetNs(20)
        path = os.path.join(self.folder, "plain")
        material.SaveMaterialSet(path)
        self.assertTrue(os.path.isfile(path + ".mt5"))
        copy = poser.MaterialType("Copy")
        copy.LoadMaterialSet(path)
        self.assertEqual((copy.DiffuseColor(), copy.Ns(), copy.Name()), ((0.5, 0.5, 0.5), 20.0, "Copy"))

    def test_bad_files_raise(self):
        with self.assertRaises(poser.error):
            self.material.LoadMaterialSet(os.path.join(self.folder, "missing.mt5"))
        path = os.path.join(self.folder, "junk.mt5")
        with open(path, "w") as stream:
            stream.write("{ not json")
        with self.assertRaises(poser.error):
            self.material.LoadMaterialSet(path)

    def test_a_bare_name_goes_to_the_content_folders_material_library(self):
        path = _material_files.material_path("Shiny")
        self.assertTrue(path.endswith(os.path.join("Libraries", "materials", "Shiny.mt5")), path)
        self.assertTrue(path.startswith(poser.ContentRootLocation()))


if __name__ == "__main__":
    unittest.main()

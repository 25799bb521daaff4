"""Materials and their shader trees: MaterialType, MaterialLayerType, ShaderTreeType,
ShaderNodeType, ShaderNodeInputType, ShaderNodeOutputType.

A material belongs to its owner (a prop actor, a figure, or a free geometry) and lives in
the owner's ``_materials`` list for the owner's life, so every lookup answers the same
object. Other areas reach that list through the helpers at the end of this file:
``materials_of(owner)``, ``material_for(owner, name)``, ``find_material(list, name)`` and
``geometry_materials(geom)`` (what ``GeomType.Materials()`` should return).

The shader tree is built on first use (``ShaderTree()``): a PoserSurface node (type
``poser``) that is the root for every render engine (FireFly, SuperFly, preview, sketch),
plus an Image_Map feeding Diffuse_Color when the material has a texture map. Until then the
material's own values (diffuse color, maps, transparency ...) are kept on the material;
afterwards they live on the PoserSurface inputs, so ``SetDiffuseColor`` and
``InputByInternalName('Diffuse_Color').SetColor`` change the same value. The node types
(``_shader_nodes``) are loaded with the first tree.

``SaveMaterialSet``/``LoadMaterialSet`` write and read a small JSON file of the stub's own
(``.mt5`` unless the name has an extension; a bare name goes to the content folder's
``Libraries/materials``). That code, the tree hash, and ``material_to_data`` /
``material_from_data`` (the same data for other writers: material collections, scenes) are
in ``_material_files``, imported on first use.
"""

import os

from . import _codes
from ._calllog import check_index, error, records_call

_ENGINES = ("FIREFLY", "SUPERFLY", "PREVIEW", "SKETCH")
_ENGINE_FALLBACK = {"PREVIEW": 0, "FIREFLY": 1, "SKETCH": 2, "SUPERFLY": 3}


def _nodes_module():
    from . import _shader_nodes

    return _shader_nodes


def _engine(code):
    """The engine name (``"FIREFLY"``, ...) of a kRenderEngineCode* value."""
    for name in _ENGINES:
        value = getattr(_codes, "kRenderEngineCode" + name, _ENGINE_FALLBACK[name])
        if code == value and not isinstance(code, bool):
            return name
    raise error("unknown render engine code %r" % (code,))


def _floats(values, where):
    try:
        return tuple(float(v) for v in values)
    except (TypeError, ValueError):
        raise error("%s expects numbers, got %r" % (where, values))


def _float(value, where):
    try:
        return float(value)
    except (TypeError, ValueError):
        raise error("%s expects a number, got %r" % (where, value))


def _clamp(value, low, high):
    return max(low, min(high, value))


try:
    _STRINGS = (str, unicode)  # noqa: F821 (Python 2)
except NameError:
    _STRINGS = (str,)


def _text(value):
    """A path or name as text ("" for None), unicode kept as is under Python 2."""
    if value is None:
        return ""
    return value if isinstance(value, _STRINGS) else str(value)


# ---------------------------------------------------------------------------------------
# Shader node inputs and outputs


class ShaderNodeInputType(object):
    """An input of a shader node: a value of its kind (float, color, vector, string, flag,
    integer, menu index) and, optionally, a link from another node's output."""

    def __init__(self, node, internal_name, name, kind, value):
        self._node = node
        self._internal_name = internal_name
        self._name = name
        self._kind = kind
        self._value = value
        self._link = None  # (node, output) feeding this input
        self._animated = False
        self._parms = None

    def Name(self):
        return self._name

    def SetName(self, Name):
        self._name = str(Name)

    def InternalName(self):
        return self._internal_name

    def ItsNode(self):
        return self._node

    def Type(self):
        """The kNodeInputCode* value of this input's kind."""
        return _nodes_module().input_code(self._kind)

    # Values
    def Value(self):
        """A float, an (r, g, b) tuple or a string, by kind; None for a closure socket."""
        if self._animated and self._parms:
            values = tuple(parm.Value() for parm in self._parms if parm is not None)
            return values if self._kind in ("c", "v") else values[0]
        return self._value

    def SetFloat(self, value):
        """Sets a float, integer, boolean or menu input (a color or vector input takes the
        value on all three channels)."""
        number = _float(value, "SetFloat")
        kind = self._kind
        if kind in ("s", "n"):
            raise error("input '%s' takes %s, not a number" % (self._internal_name,
                                                              "a string" if kind == "s" else "links only"))
        if kind in ("c", "v"):
            self._store((number, number, number))
        elif kind == "b":
            self._store(1.0 if number else 0.0)
        elif kind in ("i", "m"):
            self._store(float(int(round(number))))
        else:
            self._store(number)

    def SetColor(self, r, g, b):
        """Sets a color or vector input."""
        if self._kind not in ("c", "v"):
            raise error("input '%s' is not a color or vector input" % self._internal_name)
        self._store(_floats((r, g, b), "SetColor"))

    def SetString(self, file):
        """Sets a string input (the file of an image or movie node)."""
        if self._kind != "s":
            raise error("input '%s' is not a string input" % self._internal_name)
        self._store(_text(file))

    def _store(self, value):
        self._value = value
        if self._animated and self._parms:
            values = value if isinstance(value, tuple) else (value,)
            for parm, channel in zip(self._parms, values):
                if parm is not None:
                    parm.SetValue(channel)

    # Animation
    def CanBeAnimated(self):
        return 0 if self._kind in ("s", "n") else 1

    def Animated(self):
        return 1 if self._animated else 0

    def SetAnimated(self, animated):
        if animated and not self.CanBeAnimated():
            raise error("input '%s' cannot be animated" % self._internal_name)
        self._animated = bool(animated)
        if self._animated and self._parms is None:
            self._parms = self._make_parms()

    def Parameters(self):
        """(r, g, b) parameters of an animated input; g and b are None for a single value;
        (None, None, None) while the input is not animated."""
        if not self._animated or not self._parms:
            return (None, None, None)
        parms = tuple(self._parms) + (None, None)
        return parms[:3]

    def _make_parms(self):
        from ._parameters import ParmType

        owner = self._node._tree._material_owner()
        actor = owner if hasattr(owner, "IsBodyPart") else None
        base = "%s_%s" % (self._node.InternalName(), self._internal_name)
        code = getattr(_codes, "kParmCodeVALUE", 18)
        value = self._value
        if self._kind in ("c", "v"):
            return [ParmType(actor, "%s_%s" % (base, suffix), code, channel, -10000.0, 10000.0)
                    for suffix, channel in zip("RGB", value)]
        return [ParmType(actor, base, code, value, -10000.0, 10000.0)]

    # Links
    def InNode(self, recurseToFirstNonCompound=None):
        """The node plugged into this input, or None."""
        return self._link[0] if self._link else None

    def InOutput(self):
        """The output plugged into this input, or None."""
        return self._link[1] if self._link else None

    def Disconnect(self):
        self._link = None

    def Texture(self):
        """The texture of a string input with a file (a TextureType), else None."""
        if self._kind != "s" or not self._value:
            return None
        return TextureType(self._value)

    def __repr__(self):
        return "<ShaderNodeInputType '%s' of '%s'>" % (self._internal_name, self._node.InternalName())


# The manual's Types list names the node input type InputType too.
InputType = ShaderNodeInputType


class ShaderNodeOutputType(object):
    """An output of a shader node; ``ConnectToInput`` links it to another node's input."""

    def __init__(self, node, index, name, kind):
        self._node = node
        self._index = index
        self._name = name
        self._kind = kind

    def Name(self):
        return self._name

    def InternalName(self):
        return self._name

    def ItsNode(self):
        return self._node

    def Type(self):
        return _nodes_module().input_code(self._kind)

    def ConnectToInput(self, Input):
        """Links this output to ``Input`` (a ShaderNodeInputType of a node of the same
        tree), replacing what fed it."""
        if not isinstance(Input, ShaderNodeInputType):
            raise error("ConnectToInput expects a ShaderNodeInputType, got %s" % type(Input).__name__)
        self._node._alive("ConnectToInput")
        Input._node._alive("ConnectToInput")
        if Input._node._tree is not self._node._tree:
            raise error("cannot link nodes of different shader trees")
        if Input._node is self._node:
            raise error("cannot link node '%s' to itself" % self._node.InternalName())
        Input._link = (self._node, self)

    def __repr__(self):
        return "<ShaderNodeOutputType '%s' of '%s'>" % (self._name, self._node.InternalName())


class TextureType(object):
    """The texture behind a string input: its file."""

    def __init__(self, path):
        self._path = path

    def Name(self):
        return os.path.basename(self._path)

    def FileName(self):
        return self._path

    def __repr__(self):
        return "<TextureType '%s'>" % self._path


class ShaderNodeCompoundDataType(object):
    """What ``CompoundData()`` answers for a compound node (no methods are documented)."""

    def __init__(self, node):
        self._node = node


# ---------------------------------------------------------------------------------------
# Shader nodes


class ShaderNodeType(object):
    """A node of a shader tree: a type (``Type()``, a Poser type string such as
    ``'image_map'``), inputs, outputs and its place in the Material Room."""

    def __init__(self, tree, kind, internal_name, location=(10, 10)):
        self._tree = tree
        self._kind = kind
        self._internal_name = internal_name
        self._name = internal_name
        self._inputs = [ShaderNodeInputType(self, internal, name, input_kind, default)
                        for internal, name, input_kind, default in kind.inputs]
        self._outputs = [ShaderNodeOutputType(self, index, name, output_kind)
                         for index, (name, output_kind) in enumerate(kind.outputs)]
        self._location = (int(location[0]), int(location[1]))
        self._inputs_collapsed = 0
        self._preview_collapsed = 0
        self._preview_visible = 1
        self._selected_output = 0
        self._deleted = False

    def _alive(self, where):
        if self._deleted:
            raise error("%s: node '%s' was deleted" % (where, self._internal_name))

    def Name(self):
        return self._name

    def SetName(self, Name):
        self._name = str(Name)

    def InternalName(self):
        return self._internal_name

    def Type(self):
        return _nodes_module().type_string(self._kind)

    def IsRoot(self):
        """True for an output (root) node: PoserSurface, PhysicalSurface, CyclesSurface,
        Light, Background, Atmosphere."""
        return bool(self._kind.root)

    # Inputs
    def Inputs(self):
        return list(self._inputs)

    def NumInputs(self):
        return len(self._inputs)

    def Input(self, Index):
        check_index(Index, len(self._inputs), "input")
        return self._inputs[Index]

    def InputByInternalName(self, inputName):
        """The input with this internal name (else with this display name), or None."""
        for candidate in self._inputs:
            if candidate._internal_name == inputName:
                return candidate
        for candidate in self._inputs:
            if candidate._name == inputName:
                return candidate
        return None

    # Outputs
    def Outputs(self):
        return list(self._outputs)

    def NumOutputs(self):
        return len(self._outputs)

    def Output(self, Index):
        check_index(Index, len(self._outputs), "output")
        return self._outputs[Index]

    def OutputByInternalName(self, outputName):
        for candidate in self._outputs:
            if candidate._name == outputName:
                return candidate
        return None

    def SelectedOutput(self):
        return self._selected_output

    def SetSelectedOutput(self, index):
        """Not in the manual: which output the node preview shows."""
        check_index(index, max(len(self._outputs), 1), "output")
        self._selected_output = index

    def ConnectToInput(self, Input):
        """Links this node's first output to ``Input``."""
        self._alive("ConnectToInput")
        if not self._outputs:
            raise error("node '%s' has no output" % self._internal_name)
        self._outputs[0].ConnectToInput(Input)

    def Delete(self):
        """Removes this node from its tree (the object is unusable afterwards)."""
        self._tree.DeleteNode(self)

    def CompoundData(self):
        return ShaderNodeCompoundDataType(self) if self._kind.type == "compound" else None

    # Material Room state
    def Location(self):
        return self._location

    def SetLocation(self, x, y):
        self._location = (int(x), int(y))

    def InputsCollapsed(self):
        return self._inputs_collapsed

    def SetInputsCollapsed(self, Collapsed):
        self._inputs_collapsed = 1 if Collapsed else 0

    def PreviewCollapsed(self):
        return self._preview_collapsed

    def SetPreviewCollapsed(self, Collapsed):
        self._preview_collapsed = 1 if Collapsed else 0

    def PreviewVisible(self):
        """Not in the Poser 11 manual (later Poser has it): is the node preview shown."""
        return self._preview_visible

    def SetPreviewVisible(self, visible):
        """Not in the Poser 11 manual (public Poser 12 scripts use it)."""
        self._preview_visible = 1 if visible else 0

    def __repr__(self):
        return "<ShaderNodeType '%s' (%s)>" % (self._internal_name, self.Type())


# ---------------------------------------------------------------------------------------
# Shader trees


class ShaderTreeType(object):
    """A material's node network: the nodes, their links, and which node is the output
    (root) for each render engine."""

    def __init__(self, owner=None, root_type="poser"):
        """``owner``: the material, layer or scene the tree belongs to; ``root_type``: the
        type of the root node it starts with (``'poser'``, ``'light'``, ``'background'``,
        ``'atmosphere'``), or None for an empty tree."""
        self._owner = owner
        self._nodes = []
        self._roots = {}
        self._updates = 0
        if root_type:
            root = self.CreateNode(root_type)
            for engine in _ENGINES:
                self._roots[engine] = root

    def _material_owner(self):
        owner = self._owner
        if isinstance(owner, MaterialLayerType):
            owner = owner._material
        if isinstance(owner, MaterialType):
            return owner._owner
        return owner

    # Nodes
    def Nodes(self):
        return list(self._nodes)

    def NumNodes(self):
        return len(self._nodes)

    def Node(self, i):
        check_index(i, len(self._nodes), "node")
        return self._nodes[i]

    def NodeByInternalName(self, name):
        """The node with this internal name (else this display name), or None."""
        for node in self._nodes:
            if node._internal_name == name:
                return node
        for node in self._nodes:
            if node._name == name:
                return node
        return None

    def CreateNode(self, type):
        """A new node of ``type`` (a kNodeTypeCode* value or a Poser type string such as
        ``'image_map'``, ``'PhysicalSurface'``, ``'ccl_DiffuseBsdf'``)."""
        kind = _nodes_module().find_kind(type)
        if kind is None:
            raise error("unknown shader node type %r" % (type,))
        base = kind.display.replace(" ", "_")
        taken = set(node._internal_name for node in self._nodes)
        name, number = base, 1
        while name in taken:
            number += 1
            name = "%s_%d" % (base, number)
        count = len(self._nodes)
        location = (10, 10) if not count else (250 + 230 * ((count - 1) // 4), 10 + 150 * ((count - 1) % 4))
        node = ShaderNodeType(self, kind, name, location)
        self._nodes.append(node)
        return node

    def DeleteNode(self, i):
        """Removes node ``i`` (an index, or the node itself), its links, and its root
        roles (RendererRootNode answers None for those engines until one is set)."""
        if isinstance(i, ShaderNodeType):
            if i not in self._nodes:
                raise error("node '%s' is not in this shader tree" % i.InternalName())
            node = i
        else:
            check_index(i, len(self._nodes), "node")
            node = self._nodes[i]
        self._nodes.remove(node)
        for other in self._nodes:
            for candidate in other._inputs:
                if candidate._link and candidate._link[0] is node:
                    candidate._link = None
        for engine, root in list(self._roots.items()):
            if root is node:
                self._roots[engine] = None
        node._deleted = True

    def _input(self, node, parameter, where):
        if not isinstance(node, ShaderNodeType) or node not in self._nodes:
            raise error("%s: %r is not a node of this shader tree" % (where, node))
        found = node.InputByInternalName(parameter)
        if found is None:
            raise error("%s: node '%s' has no input '%s'" % (where, node.InternalName(), parameter))
        return found

    def AttachTreeNodes(self, node1, parameter, node2):
        """Links ``node2``'s first output to ``node1``'s input named ``parameter``."""
        target = self._input(node1, parameter, "AttachTreeNodes")
        if not isinstance(node2, ShaderNodeType) or node2 not in self._nodes:
            raise error("AttachTreeNodes: %r is not a node of this shader tree" % (node2,))
        node2.ConnectToInput(target)

    def DetachTreeNode(self, node, parameter):
        """Unlinks ``node``'s input named ``parameter``."""
        self._input(node, parameter, "DetachTreeNode").Disconnect()

    # Roots
    def RendererRootNode(self, renderer):
        """The output node ``renderer`` (a kRenderEngineCode* value) renders, or None."""
        return self._roots.get(_engine(renderer))

    def SetRendererRootNode(self, node, renderer):
        """Makes ``node`` (a root-type node of this tree, or None) the output for
        ``renderer``; ``(renderer, node)`` is accepted too, as Poser 12 scripts pass it."""
        nodes = (ShaderNodeType, type(None))
        if not isinstance(node, nodes) and isinstance(renderer, nodes):
            node, renderer = renderer, node
        engine = _engine(renderer)
        if node is not None:
            if node not in self._nodes:
                raise error("SetRendererRootNode: node '%s' is not in this shader tree" % node.InternalName())
            if not node.IsRoot():
                raise error("SetRendererRootNode: '%s' (%s) is not a root node" % (node.InternalName(),
                                                                                   node._kind.type))
        self._roots[engine] = node

    @records_call
    def UpdatePreview(self):
        self._updates += 1

    # Data (hash, material sets)
    # Data (hash, material sets): in _material_files, loaded when first needed
    def _data(self):
        from ._material_files import tree_data

        return tree_data(self)

    def _load(self, data):
        from ._material_files import load_tree

        load_tree(self, data)

    def _hash(self):
        from ._material_files import tree_hash

        return tree_hash(self)

    def __repr__(self):
        return "<ShaderTreeType %d nodes>" % len(self._nodes)


# ---------------------------------------------------------------------------------------
# Materials and layers


class MaterialLayerType(object):
    """A layer of a material (Poser 11): a named shader tree. Layer 0 is the base layer,
    whose tree is the material's ``ShaderTree()``."""

    def __init__(self, material, name, ext_name=None):
        self._material = material
        self._name = name
        self._ext_name = ext_name or name
        self._tree = None

    def Name(self):
        return self._name

    def ExtName(self):
        return self._ext_name

    def ShaderTree(self):
        if self._material._layers and self._material._layers[0] is self:
            return self._material.ShaderTree()
        if self._tree is None:
            self._tree = ShaderTreeType(self)
        return self._tree

    def ShaderTreeHash(self):
        return self.ShaderTree()._hash()

    def __repr__(self):
        return "<MaterialLayerType '%s'>" % self._name


# Material values: key -> (default, PoserSurface input or None); maps: key -> input fed by an Image_Map
_COLORS = {"diffuse": ((0.8, 0.8, 0.8), "Diffuse_Color"), "specular": ((1.0, 1.0, 1.0), "Highlight_Color"),
           "ambient": ((0.0, 0.0, 0.0), "Ambient_Color"), "reflection": ((1.0, 1.0, 1.0), "Reflection_Color"),
           "texture": ((1.0, 1.0, 1.0), None)}
_NUMBERS = {"bump": (0.0, "Bump", -1.0, 1.0), "reflection_strength": (0.0, "Reflection_Value", -1.0, 1.0),
            "tmax": (0.0, "Transparency_Max", 0.0, 1.0), "tmin": (0.0, "Transparency_Min", 0.0, 1.0),
            "texpo": (0.6, "Transparency_Falloff", 0.0, 10.0), "ns": (50.0, None, 0.0, 1.0e6)}
_MAPS = {"texture_map": "Diffuse_Color", "bump_map": "Bump", "reflection_map": "Reflection_Color",
         "transparency_map": "Transparency_Max"}


class MaterialType(object):
    """A material of a figure, prop or geometry: its classic values (colors, maps,
    transparency, bump), its shader tree and, from Poser 11, its layers."""

    def __init__(self, name, color=None, owner=None, root_type="poser", ext_name=None):
        """``name``: internal name (also the display name unless ``ext_name``);
        ``color``: diffuse color; ``owner``: the actor, figure or geometry it belongs to;
        ``root_type``: the type of its shader tree's root (``'light'`` for lights)."""
        self._name = str(name)
        self._ext_name = str(ext_name) if ext_name else self._name
        self._owner = owner
        self._root_type = root_type
        self._values = {}
        if color is not None:
            self._values["diffuse"] = _floats(color, "MaterialType")
        self._selected = 0
        self._tree = None
        self._layers = []

    def Name(self):
        return self._name

    def ExtName(self):
        return self._ext_name

    # The values, on the PoserSurface once the tree exists
    def _surface(self):
        tree = self._tree
        if tree is None:
            return None
        root = tree._roots.get("FIREFLY")
        if root is not None and root._kind.type == "poser":
            return root
        for node in tree._nodes:
            if node._kind.type == "poser":
                return node
        return None

    def _get(self, key):
        table = _COLORS if key in _COLORS else _NUMBERS
        surface = self._surface()
        name = table[key][1]
        if surface is not None and name is not None:
            found = surface.InputByInternalName(name)
            if found is not None:
                value = found.Value()
                return value if key in _NUMBERS or isinstance(value, tuple) else (value, value, value)
        return self._values.get(key, table[key][0])

    def _set(self, key, value):
        self._values[key] = value
        table = _COLORS if key in _COLORS else _NUMBERS
        surface = self._surface()
        name = table[key][1]
        if surface is not None and name is not None:
            found = surface.InputByInternalName(name)
            if found is not None:
                found._store(value)

    def _set_number(self, key, value, where):
        _, _, low, high = _NUMBERS[key]
        number = _clamp(_float(value, where), low, high)
        self._set(key, number)
        return number

    @staticmethod
    def _image_upstream(node, seen):
        if node is None or id(node) in seen:
            return None
        seen.add(id(node))
        if node._kind.type == "image_map":
            return node
        for candidate in node._inputs:
            if candidate._link:
                found = MaterialType._image_upstream(candidate._link[0], seen)
                if found is not None:
                    return found
        return None

    def _get_map(self, key):
        surface = self._surface()
        if surface is None:
            return self._values.get(key, "")
        target = surface.InputByInternalName(_MAPS[key])
        image = self._image_upstream(target.InNode() if target else None, set())
        return image.InputByInternalName("Image_Source").Value() if image is not None else ""

    def _set_map(self, key, path):
        path = _text(path)
        self._values[key] = path
        surface = self._surface()
        if surface is not None:
            self._put_map(surface, _MAPS[key], path)

    def _put_map(self, surface, input_name, path):
        target = surface.InputByInternalName(input_name)
        if target is None:
            return
        image = self._image_upstream(target.InNode(), set())
        if image is None:
            if not path:
                return
            image = self._tree.CreateNode("image_map")
            image.ConnectToInput(target)
        image.InputByInternalName("Image_Source")._store(path)

    # Colors
    def DiffuseColor(self):
        return self._get("diffuse")

    def SetDiffuseColor(self, r, g, b):
        self._set("diffuse", _floats((r, g, b), "SetDiffuseColor"))

    def SpecularColor(self):
        return self._get("specular")

    def SetSpecularColor(self, r, g, b):
        self._set("specular", _floats((r, g, b), "SetSpecularColor"))

    def AmbientColor(self):
        return self._get("ambient")

    def SetAmbientColor(self, r, g, b):
        self._set("ambient", _floats((r, g, b), "SetAmbientColor"))

    def ReflectionColor(self):
        return self._get("reflection")

    def SetReflectionColor(self, r, g, b):
        self._set("reflection", _floats((r, g, b), "SetReflectionColor"))

    def TextureColor(self):
        return self._get("texture")

    def SetTextureColor(self, r, g, b):
        self._set("texture", _floats((r, g, b), "SetTextureColor"))

    # Numbers (setters answer the value kept: the manual's range clamps it)
    def BumpStrength(self):
        return self._get("bump")

    def SetBumpStrength(self, value):
        """-1 .. 1 (Poser native units)."""
        return self._set_number("bump", value, "SetBumpStrength")

    def ReflectionStrength(self):
        return self._get("reflection_strength")

    def SetReflectionStrength(self, value):
        """-1 .. 1."""
        return self._set_number("reflection_strength", value, "SetReflectionStrength")

    def TransparencyMax(self):
        return self._get("tmax")

    def SetTransparencyMax(self, value):
        """0 .. 1."""
        return self._set_number("tmax", value, "SetTransparencyMax")

    def TransparencyMin(self):
        return self._get("tmin")

    def SetTransparencyMin(self, value):
        """0 .. 1."""
        return self._set_number("tmin", value, "SetTransparencyMin")

    def TransparencyExpo(self):
        return self._get("texpo")

    def SetTransparencyExpo(self, value):
        """0 .. 10."""
        return self._set_number("texpo", value, "SetTransparencyExpo")

    def Ns(self):
        return self._get("ns")

    def SetNs(self, value):
        """The specular exponent (not negative)."""
        return self._set_number("ns", value, "SetNs")

    # Maps
    def TextureMapFileName(self):
        return self._get_map("texture_map")

    def SetTextureMapFileName(self, filePath):
        self._set_map("texture_map", filePath)

    def BumpMapFileName(self):
        return self._get_map("bump_map")

    def SetBumpMapFileName(self, filePath):
        self._set_map("bump_map", filePath)

    def ReflectionMapFileName(self):
        return self._get_map("reflection_map")

    def SetReflectionMapFileName(self, filePath):
        self._set_map("reflection_map", filePath)

    def TransparencyMapFileName(self):
        return self._get_map("transparency_map")

    def SetTransparencyMapFileName(self, filePath):
        self._set_map("transparency_map", filePath)

    # Selection (for Actor.SaveMaterialCollection)
    def Selected(self):
        return self._selected

    def SetSelected(self, selected):
        self._selected = 1 if selected else 0

    def Select(self):
        """Not in the Poser 11 manual's Material Methods: selects the material."""
        self._selected = 1

    # The shader tree
    def ShaderTree(self):
        if self._tree is None:
            self._tree = ShaderTreeType(self, self._root_type)
            surface = self._surface()
            if surface is not None:
                for key in self._values:
                    if key in _MAPS:
                        if self._values[key]:
                            self._put_map(surface, _MAPS[key], self._values[key])
                    else:
                        name = (_COLORS if key in _COLORS else _NUMBERS)[key][1]
                        target = surface.InputByInternalName(name) if name else None
                        if target is not None:
                            target._value = self._values[key]
        return self._tree

    def ShaderTreeHash(self):
        return self.ShaderTree()._hash()

    # Layers (Poser 11): layer 0 is the base layer
    def _layer_list(self):
        if not self._layers:
            self._layers.append(MaterialLayerType(self, "Base"))
        return self._layers

    def Layers(self):
        return list(self._layer_list())

    def NumLayers(self):
        return len(self._layer_list())

    def CreateLayer(self, name):
        """Adds a layer named ``name`` with a fresh shader tree."""
        layers = self._layer_list()
        name = str(name)
        taken = set(layer._name for layer in layers)
        internal, number = name, 1
        while internal in taken:
            number += 1
            internal = "%s_%d" % (name, number)
        layers.append(MaterialLayerType(self, internal, name))

    def Layer(self, layerindex):
        layers = self._layer_list()
        check_index(layerindex, len(layers), "layer")
        return layers[layerindex]

    def LayerByName(self, name):
        for layer in self._layer_list():
            if layer._name == name:
                return layer
        raise error("material '%s' has no layer named '%s'" % (self._name, name))

    def LayerByExtName(self, name):
        for layer in self._layer_list():
            if layer._ext_name == name:
                return layer
        raise error("material '%s' has no layer with display name '%s'" % (self._name, name))

    def LayerName(self, layer):
        return self.Layer(layer).Name()

    def LayerExtName(self, layer):
        return self.Layer(layer).ExtName()

    def LayerShaderTree(self, layer):
        return self.Layer(layer).ShaderTree()

    def LayerShaderTreeHash(self, layer):
        return self.Layer(layer).ShaderTreeHash()

    # Library files
    def SaveMaterialSet(self, name):
        """Writes this material (values, layers, shader trees) to a material file."""
        from ._material_files import save_material

        save_material(self, name)

    def LoadMaterialSet(self, name):
        """Replaces this material's values, layers and shader trees with a file written by
        SaveMaterialSet; the material keeps its name and owner."""
        from ._material_files import load_material

        load_material(self, name)

    def __repr__(self):
        return "<MaterialType '%s'>" % self._name


# ---------------------------------------------------------------------------------------
# For other areas: owners' material lists, geometry, material data


def materials_of(owner):
    """The list of MaterialType objects ``owner`` (an actor, figure or geometry) keeps,
    the same list object every call (``owner._materials``, created empty if missing)."""
    materials = getattr(owner, "_materials", None)
    if materials is None:
        materials = []
        owner._materials = materials
    return materials


def find_material(materials, name):
    """The material of ``materials`` whose internal name, else display name, is ``name``;
    None when neither matches."""
    for material in materials:
        if material._name == name:
            return material
    for material in materials:
        if material._ext_name == name:
            return material
    return None


def material_for(owner, name, create=True):
    """``owner``'s material ``name``, added to its list when missing and ``create``."""
    materials = materials_of(owner)
    material = find_material(materials, name)
    if material is None and create:
        material = MaterialType(name, owner=owner)
        materials.append(material)
    if material is not None and material._owner is None:
        material._owner = owner
    return material


def material_owner(geom):
    """Whose materials a geometry's material names refer to: the figure of a body part's
    geometry, the actor of a prop's, else the geometry itself."""
    actor = getattr(geom, "_actor", None)
    if actor is None:
        return geom
    figure = getattr(actor, "_figure", None)
    if figure is not None and getattr(actor, "IsBodyPart", lambda: 0)():
        return figure
    return actor


def geometry_materials(geom):
    """What ``GeomType.Materials()`` answers: one material per material name of ``geom``
    (``geom._material_names``), the owner's own objects (see ``material_owner``)."""
    owner = material_owner(geom)
    return [material_for(owner, name) for name in getattr(geom, "_material_names", ())]

"""Materials as data and files: shader trees and materials to and from JSON-ready dicts,
the tree hash, and the material set files of ``SaveMaterialSet``/``LoadMaterialSet``.
``_materials`` imports this module when one of those is first used.

For other writers (material collections, scene files): ``material_to_data(material)`` and
``material_from_data(material, data)``; ``material_path(name)`` is where a material set
``name`` lives (a path as given, a bare name in the content folder's
``Libraries/materials``; ``.mt5`` added when there is no extension).
"""

import hashlib
import json
import os

from ._calllog import error
from ._materials import (_COLORS, _ENGINES, _MAPS, _NUMBERS, MaterialLayerType, ShaderNodeType, ShaderTreeType,
                         _float, _floats, _nodes_module)

_FORMAT = "PoserTalkr material set"


def tree_data(tree):
    """A JSON-ready dict of ``tree``: its nodes (type, names, place, input values and
    links by node index) and its root node per render engine."""
    index = dict((id(node), n) for n, node in enumerate(tree._nodes))
    nodes = []
    for node in tree._nodes:
        inputs = []
        for candidate in node._inputs:
            value = candidate.Value()
            entry = {"internal": candidate._internal_name, "name": candidate._name,
                     "value": list(value) if isinstance(value, tuple) else value}
            if candidate._animated:
                entry["animated"] = 1
            if candidate._link:
                entry["link"] = [index[id(candidate._link[0])], candidate._link[1]._index]
            inputs.append(entry)
        nodes.append({"type": node._kind.type, "internal": node._internal_name, "name": node._name,
                      "location": list(node._location), "inputsCollapsed": node._inputs_collapsed,
                      "previewCollapsed": node._preview_collapsed, "previewVisible": node._preview_visible,
                      "selectedOutput": node._selected_output, "inputs": inputs})
    roots = dict((engine, index[id(root)]) for engine, root in tree._roots.items() if root is not None)
    return {"nodes": nodes, "roots": roots}


def load_tree(tree, data):
    """Replaces ``tree``'s nodes with those of ``tree_data`` output (the tree object stays;
    its old nodes become deleted nodes)."""
    for node in tree._nodes:
        node._deleted = True
    tree._nodes = []
    tree._roots = dict((engine, None) for engine in _ENGINES)
    try:
        made = []
        for entry in data["nodes"]:
            kind = _nodes_module().find_kind(entry["type"])
            if kind is None:
                raise error("unknown shader node type %r" % (entry["type"],))
            node = ShaderNodeType(tree, kind, entry["internal"], entry.get("location", (10, 10)))
            node._name = entry.get("name", node._internal_name)
            node._inputs_collapsed = int(entry.get("inputsCollapsed", 0))
            node._preview_collapsed = int(entry.get("previewCollapsed", 0))
            node._preview_visible = int(entry.get("previewVisible", 1))
            node._selected_output = int(entry.get("selectedOutput", 0))
            tree._nodes.append(node)
            made.append((node, entry.get("inputs", ())))
        for node, inputs in made:
            for saved in inputs:
                target = node.InputByInternalName(saved["internal"])
                if target is None:
                    continue
                target._name = saved.get("name", target._name)
                value = saved.get("value")
                target._value = tuple(value) if isinstance(value, list) else value
                if saved.get("animated"):
                    target.SetAnimated(1)
                if "link" in saved:
                    source, output = saved["link"]
                    target._link = (tree._nodes[source], tree._nodes[source]._outputs[output])
        for engine, position in data.get("roots", {}).items():
            if engine in tree._roots:
                tree._roots[engine] = tree._nodes[position]
    except (KeyError, IndexError, TypeError, ValueError) as problem:
        raise error("malformed shader tree data: %s" % (problem,))


def tree_hash(tree):
    """A hex digest of the tree's data: equal trees hash alike, any change shows."""
    text = json.dumps(tree_data(tree), sort_keys=True, separators=(",", ":"))
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def material_path(name):
    """The file a material set ``name`` is read from / written to."""
    name = os.path.expanduser(str(name))
    if not os.path.isabs(name) and not os.path.dirname(name):
        from ._app import ContentRootLocation

        name = os.path.join(ContentRootLocation(), "Libraries", "materials", name)
    if not os.path.splitext(name)[1]:
        name += ".mt5"
    return name


def material_to_data(material):
    """A JSON-ready dict of ``material``: name, values, layers and built shader trees."""
    values = {}
    for key in list(_COLORS) + list(_NUMBERS):
        value = material._get(key)
        values[key] = list(value) if isinstance(value, tuple) else value
    for key in _MAPS:
        values[key] = material._get_map(key)
    layers = []
    for layer in material._layers:
        entry = {"name": layer._name, "extName": layer._ext_name}
        tree = material._tree if layer is material._layers[0] else layer._tree
        if tree is not None:
            entry["tree"] = tree_data(tree)
        layers.append(entry)
    data = {"format": _FORMAT, "version": 1, "name": material._name, "extName": material._ext_name,
            "selected": material._selected, "values": values, "layers": layers}
    if material._tree is not None:
        data["tree"] = tree_data(material._tree)
    return data


def material_from_data(material, data):
    """Restores ``material`` from ``material_to_data`` output (its name and owner stay; a
    built tree keeps its object and takes the saved nodes)."""
    if not isinstance(data, dict) or data.get("format") != _FORMAT:
        raise error("not a material set of this scene module")
    values = {}
    for key, value in data.get("values", {}).items():
        if key in _COLORS:
            values[key] = _floats(value, "LoadMaterialSet")
        elif key in _NUMBERS:
            values[key] = _float(value, "LoadMaterialSet")
        elif key in _MAPS:
            values[key] = str(value)
    material._values = values
    material._selected = 1 if data.get("selected") else 0
    if "tree" in data:
        if material._tree is None:
            material._tree = ShaderTreeType(material, None)
        load_tree(material._tree, data["tree"])
    else:
        material._tree = None
    layers = []
    for entry in data.get("layers", ()):
        layer = MaterialLayerType(material, entry["name"], entry.get("extName"))
        if "tree" in entry and layers:
            layer._tree = ShaderTreeType(layer, None)
            load_tree(layer._tree, entry["tree"])
        layers.append(layer)
    material._layers = layers


def save_material(material, name):
    """``SaveMaterialSet``: writes ``material_to_data`` to ``material_path(name)``."""
    path = material_path(name)
    try:
        folder = os.path.dirname(path)
        if folder and not os.path.isdir(folder):
            os.makedirs(folder)
        with open(path, "w") as stream:
            json.dump(material_to_data(material), stream, indent=1, sort_keys=True)
    except (IOError, OSError) as problem:
        raise error("cannot write material set '%s': %s" % (path, problem))


def load_material(material, name):
    """``LoadMaterialSet``: restores ``material`` from ``material_path(name)``."""
    path = material_path(name)
    if not os.path.isfile(path):
        raise error("no material set file '%s'" % path)
    try:
        with open(path) as stream:
            data = json.load(stream)
    except ValueError:
        raise error("'%s' is not a material set file of this scene module" % path)
    except (IOError, OSError) as problem:
        raise error("cannot read material set '%s': %s" % (path, problem))
    material_from_data(material, data)

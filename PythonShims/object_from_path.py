"""Resolves a path string to an object without ``eval``: what ``%path`` requests use.

Grammar (docs/PATHS.md has the full description and examples)::

    path      = poser-path | dotted
    poser-path= head ("/" name)*         e.g.  Figure 1/lForeArm/xRotate   hip/yRotate
    head      = figure | actor | dotted   a figure or actor name (display or internal),
                                          else a dotted path that yields one
    dotted    = name ("." name | "[" int "]")*      e.g.  SCENE.CurrentActor.Parameters[0]

After a figure, a name is one of its actors; after an actor, one of its parameters. In a
dotted path the first name comes from the session's namespace (then builtins); each
attribute that is a bound method taking no arguments is called, so ``SCENE.CurrentActor``
gives the actor itself; methods named like actions (``Set…``, ``Delete…``, ``Render…``,
``clear``, ``pop`` and the like, see ``ACTION_PREFIXES``) are never called. A trailing "/" lists the children instead (``Figure 1/``), and an
empty path lists the scene's figures and the actors outside figures.

Unknown segments raise ``PathError`` (a ``LookupError``) naming the segment. Nothing here
calls ``eval`` or ``exec``, or any method that needs arguments.
"""

import builtins
import inspect
import re

__all__ = ["object_from_path", "describe", "children", "PathError"]


class PathError(LookupError):
    """A path that does not lead anywhere; the message names the failing segment."""


class Listing(list):
    """The names under a path ending in "/", one per line when shown."""

    def __str__(self):
        return "\n".join(self)


def object_from_path(path, namespace=None):
    """The object ``path`` names; see the module docstring for the grammar."""
    if not isinstance(path, str):
        raise TypeError("object_from_path expects a str, got %s" % type(path).__name__)
    namespace = namespace if namespace is not None else {}
    text = path.strip()
    if text == "" or text == "/":
        return Listing(_top_level_names(namespace))
    listing = text.endswith("/")
    segments = text.rstrip("/").split("/")
    if any(segment.strip() == "" for segment in segments):
        raise PathError("%r: empty segment between '/' separators" % path)
    current = _resolve_head(segments[0].strip(), path, namespace)
    trail = segments[0].strip()
    for segment in segments[1:]:
        segment = segment.strip()
        current = _child(current, segment, trail, path)
        trail = trail + "/" + segment
    if listing:
        return Listing(children(current))
    return current


def _scene(namespace):
    scene = namespace.get("SCENE")
    if scene is None:
        try:
            import poser
        except ImportError:
            return None
        scene = poser.Scene()
    return scene


def _resolve_head(head, path, namespace):
    scene = _scene(namespace)
    if scene is not None:
        found = _scene_object(scene, head)
        if found is not None:
            return found
    if _DOTTED.match(head):
        return _resolve_dotted(head, path, namespace)
    raise PathError("%r: no figure or actor is called %r" % (path, head))


def _scene_object(scene, name):
    for figure in _call(scene, "Figures", []):
        if _named(figure, name):
            return figure
    ordered = []
    current_figure = _call(scene, "CurrentFigure", None)
    if current_figure is not None:
        ordered.extend(_call(current_figure, "Actors", []))
    ordered.extend(a for a in _call(scene, "Actors", []) if a not in ordered)
    for actor in ordered:
        if _named(actor, name):
            return actor
    return None


def _named(obj, name):
    for getter in ("Name", "InternalName"):
        method = getattr(obj, getter, None)
        if method is not None and method() == name:
            return True
    return False


def _call(obj, method, default):
    function = getattr(obj, method, None)
    return function() if function is not None else default


def _child(parent, name, trail, path):
    kind = _kind(parent)
    if kind == "scene":
        found = _scene_object(parent, name)
    elif kind == "figure":
        found = next((a for a in parent.Actors() if _named(a, name)), None)
    elif kind == "actor":
        found = next((p for p in parent.Parameters() if _named(p, name)), None)
    else:
        raise PathError("%r: %r is a %s, which has nothing under it (at %r)"
                        % (path, trail, type(parent).__name__, name))
    if found is None:
        what = {"scene": "figure or actor", "figure": "actor", "actor": "parameter"}[kind]
        raise PathError("%r: %s %r has no %s %r" % (path, _kind_label(kind), trail, what, name))
    return found


def _kind(obj):
    if hasattr(obj, "Figures") and hasattr(obj, "CurrentActor"):
        return "scene"
    if hasattr(obj, "Actors") and hasattr(obj, "UnimeshInfo"):
        return "figure"
    if hasattr(obj, "Parameters") and hasattr(obj, "ItsFigure"):
        return "actor"
    return None


def _kind_label(kind):
    return {"scene": "the scene", "figure": "figure", "actor": "actor"}[kind]


def children(obj):
    """Names one level under ``obj``: a figure's actors, an actor's parameters, and so on."""
    kind = _kind(obj)
    if kind == "scene":
        return _top_level_names({"SCENE": obj})
    if kind == "figure":
        return [a.Name() for a in obj.Actors()]
    if kind == "actor":
        return [p.Name() for p in obj.Parameters()]
    if isinstance(obj, (list, tuple)):
        return ["[%d] %s" % (i, describe(item)) for i, item in enumerate(obj)]
    return sorted(name for name in dir(obj) if not name.startswith("_"))


def _top_level_names(namespace):
    scene = _scene(namespace)
    if scene is None:
        return []
    names = [figure.Name() + "/" for figure in scene.Figures()]
    names.extend(a.Name() for a in scene.Actors() if _call(a, "ItsFigure", None) is None)
    return names


_DOTTED = re.compile(r"^[A-Za-z_]\w*(\s*(\.\s*[A-Za-z_]\w*|\[\s*-?\d+\s*\]))*$")
_TOKEN = re.compile(r"\.\s*([A-Za-z_]\w*)|\[\s*(-?\d+)\s*\]")


def _resolve_dotted(text, path, namespace):
    first = re.match(r"[A-Za-z_]\w*", text).group(0)
    if first in namespace:
        current = namespace[first]
    elif hasattr(builtins, first):
        current = getattr(builtins, first)
    else:
        raise PathError("%r: no figure or actor is called %r, and the session has no name %r"
                        % (path, text, first))
    trail = first
    for match in _TOKEN.finditer(text, len(first)):
        attribute, index = match.groups()
        if attribute is not None:
            if attribute.startswith("__"):
                raise PathError("%r: %r: dunder attributes are not reachable by path" % (path, attribute))
            try:
                current = getattr(current, attribute)
            except AttributeError:
                raise PathError("%r: %r (a %s) has no attribute %r"
                                % (path, trail, type(current).__name__, attribute))
            trail = trail + "." + attribute
            current = _call_if_getter(current)
        else:
            try:
                current = current[int(index)]
            except (IndexError, KeyError, TypeError) as problem:
                raise PathError("%r: %r[%s]: %s" % (path, trail, index, problem))
            trail = "%s[%s]" % (trail, index)
    return current


# Methods whose names start with these (case-insensitive) change things; a path never calls
# them, even when they take no arguments.
ACTION_PREFIXES = (
    "set", "delete", "del", "add", "create", "spawn", "load", "save", "render", "draw", "select",
    "weld", "process", "import", "export", "close", "new", "remove", "clear", "reset", "pop",
    "append", "extend", "insert", "sort", "reverse", "update", "write", "run", "start", "stop",
    "kill", "exit", "quit", "show", "memorize", "apply", "copy", "discard", "flush",
)


def _call_if_getter(value):
    """Calls bound methods that take no arguments (``SCENE.CurrentActor``) and are not named
    like actions; returns anything else as it is."""
    if inspect.isclass(value) or not callable(value):
        return value
    if getattr(value, "__name__", "").lower().startswith(ACTION_PREFIXES):
        return value
    owner = getattr(value, "__self__", None)
    if owner is None or inspect.ismodule(owner):
        return value
    try:
        signature = inspect.signature(value)
    except (TypeError, ValueError):
        return value
    for parameter in signature.parameters.values():
        if parameter.default is inspect.Parameter.empty and parameter.kind in (
                inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD,
                inspect.Parameter.KEYWORD_ONLY):
            return value
    return value()


def describe(obj):
    """The one-line text a ``%path`` request answers with."""
    if isinstance(obj, Listing):
        return str(obj)
    if isinstance(obj, str):
        return obj
    return repr(obj)

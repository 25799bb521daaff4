"""Resolves a path string to an object without ``eval``: what ``%path`` requests use.

Grammar (docs/PATHS.md has the full description and examples)::

    path      = poser-path | dotted
    poser-path= head ("/" name)*         e.g.  Figure 1/lForeArm/Bend   hip/yrot
    head      = figure | actor | dotted   a figure or actor name (display or internal),
                                          else a dotted path that yields one
    dotted    = name ("." name | "[" int "]")*      e.g.  SCENE.CurrentActor.Parameters[0]

After a figure, a name is one of its actors; after an actor, one of its parameters. In a
dotted path the first name comes from the session's namespace (then builtins); each
attribute that is a documented PoserPython getter of a scene object (``path_getters``) is
called, so ``SCENE.CurrentActor`` gives the actor itself; no other method is ever called (a
lookup never changes state: ``%f.truncate`` answers the method, it does not call it). A
trailing "/" lists the children instead (``Figure 1/``), and an empty path lists the
scene's figures and the actors outside figures.

A name in the scene (figure, actor, parameter) that matches nothing exactly matches one that
differs only in case, when exactly one does (``hip/bend`` is ``hip/Bend``). Unknown segments
raise ``PathError`` (a ``LookupError``) naming the segment, with "did you mean" suggestions
(close names, compared without case). Nothing here calls ``eval`` or ``exec``, or any method
that needs arguments.
"""

import builtins
import difflib
import inspect
import re

import path_getters

__all__ = ["object_from_path", "describe", "children", "PathError"]


class PathError(LookupError):
    """A path that does not lead anywhere; the message names the failing segment."""


class Listing(list):
    """The names under a path ending in "/", one per line when shown."""

    def __str__(self):
        return "\n".join(self)


def object_from_path(path, namespace=None):
    """The object ``path`` names; see the module docstring for the grammar."""
    try:
        return _object_from_path(path, namespace)
    except PathError as error:
        # A wrong path is the caller's mistake: its traceback need not show this module's
        # insides, nor the lookup error met on the way (`from None`).
        raise error.with_traceback(None) from None


def _object_from_path(path, namespace):
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
    candidates = _scene_candidates(scene) if scene is not None else []
    found = _find_named(candidates, head, loose=False)
    if found is not None:
        return found
    dotted = _DOTTED.match(head) is not None
    first = _first_name(head)
    if dotted and (first in namespace or hasattr(builtins, first)):
        return _resolve_dotted(head, path, namespace)
    found = _find_named(candidates, head)
    if found is not None:
        return found
    if dotted:
        return _resolve_dotted(head, path, namespace)  # raises, naming the missing name
    raise PathError("%r: no figure or actor is called %r%s"
                    % (path, head, _did_you_mean(head, _names_of(candidates))))


def _first_name(text):
    match = re.match(r"[A-Za-z_]\w*", text)
    return match.group(0) if match else ""


def _scene_candidates(scene):
    """Figures first, then the current figure's actors, then every other actor."""
    figures = list(_call(scene, "Figures", []))
    ordered = []
    current_figure = _call(scene, "CurrentFigure", None)
    if current_figure is not None:
        ordered.extend(_call(current_figure, "Actors", []))
    ordered.extend(a for a in _call(scene, "Actors", []) if a not in ordered)
    return figures + ordered


def _scene_names(scene):
    if scene is None:
        return []
    return _names_of(_scene_candidates(scene))


def _find_named(candidates, name, loose=True):
    """The first candidate whose name or internal name is ``name``; else (when ``loose``) the
    only one whose name matches without regard to case (None when none does, or several do)."""
    candidates = list(candidates)
    for candidate in candidates:
        if name in _names(candidate):
            return candidate
    if not loose:
        return None
    folded = name.casefold()
    loose = []
    for candidate in candidates:
        if any(other.casefold() == folded for other in _names(candidate)) and candidate not in loose:
            loose.append(candidate)
    return loose[0] if len(loose) == 1 else None


def _names(obj):
    names = []
    for getter in ("Name", "InternalName"):
        method = getattr(obj, getter, None)
        if method is not None:
            value = method()
            if isinstance(value, str):
                names.append(value)
    return names


def _names_of(candidates):
    seen = []
    for candidate in candidates:
        for name in _names(candidate):
            if name not in seen:
                seen.append(name)
    return seen


def _did_you_mean(name, candidates):
    """"; did you mean 'A' or 'B'?" with up to three close names (compared without case), or ""."""
    by_folded = {}
    for candidate in candidates:
        by_folded.setdefault(candidate.casefold(), candidate)
    folded = name.casefold()
    close = difflib.get_close_matches(folded, list(by_folded), n=3, cutoff=0.6)
    close += [key for key in by_folded
              if len(close) < 3 and key not in close and len(folded) >= 2 and key.startswith(folded)]
    if not close:
        return ""
    quoted = ["%r" % by_folded[key] for key in close]
    if len(quoted) == 1:
        return "; did you mean %s?" % quoted[0]
    return "; did you mean %s or %s?" % (", ".join(quoted[:-1]), quoted[-1])


def _call(obj, method, default):
    function = getattr(obj, method, None)
    return function() if function is not None else default


def _child(parent, name, trail, path):
    kind = _kind(parent)
    if kind == "scene":
        candidates = _scene_candidates(parent)
    elif kind == "figure":
        candidates = list(parent.Actors())
    elif kind == "actor":
        candidates = list(parent.Parameters())
    else:
        raise PathError("%r: %r is a %s, which has nothing under it (at %r)"
                        % (path, trail, type(parent).__name__, name))
    found = _find_named(candidates, name)
    if found is None:
        what = {"scene": "figure or actor", "figure": "actor", "actor": "parameter"}[kind]
        raise PathError("%r: %s %r has no %s %r%s" % (
            path, _kind_label(kind), trail, what, name, _did_you_mean(name, _names_of(candidates))))
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
    first = _first_name(text)
    loose = [name for name in namespace if name.casefold() == first.casefold()]
    if first in namespace:
        current = namespace[first]
    elif hasattr(builtins, first):
        current = getattr(builtins, first)
    elif len(loose) == 1:
        current = namespace[loose[0]]
    else:
        names = [name for name in namespace if not name.startswith("_")]
        names += _scene_names(_scene(namespace))
        raise PathError("%r: no figure or actor is called %r, and the session has no name %r%s"
                        % (path, text, first, _did_you_mean(first if "." in text or "[" in text
                                                            else text, names)))
    trail = loose[0] if first not in namespace and len(loose) == 1 else first
    for match in _TOKEN.finditer(text, len(first)):
        attribute, index = match.groups()
        if attribute is not None:
            if attribute.startswith("__"):
                raise PathError("%r: %r: dunder attributes are not reachable by path" % (path, attribute))
            try:
                current = getattr(current, attribute)
            except AttributeError:
                names = [name for name in dir(current)
                         if not name.startswith("__") and (attribute.startswith("_") or not name.startswith("_"))]
                loose = [name for name in names if name.casefold() == attribute.casefold()]
                if len(loose) != 1:
                    raise PathError("%r: %r (a %s) has no attribute %r%s"
                                    % (path, trail, type(current).__name__, attribute,
                                       _did_you_mean(attribute, names)))
                attribute = loose[0]
                current = getattr(current, attribute)
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
def _call_if_getter(value):
    """Calls a bound method when it is a documented getter of the scene module's objects
    (``SCENE.CurrentActor``; see ``path_getters``) or one its class lists in
    ``__path_getters__``; returns anything else as it is, uncalled. A lookup never changes
    state, so no other method is called, whatever its name."""
    if inspect.isclass(value) or not callable(value):
        return value
    owner = getattr(value, "__self__", None)
    name = getattr(value, "__name__", "")
    if owner is None or inspect.ismodule(owner):
        return value
    owner_class = type(owner)
    allowed = getattr(owner_class, "__path_getters__", None)
    if allowed is not None:
        if name not in allowed:
            return value
    elif not (_is_scene_object(owner_class) and name in path_getters.DOCUMENTED_GETTERS):
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


def _is_scene_object(cls):
    """Whether ``cls`` is one of the scene module's types (the stub's report module ``poser``)."""
    module = getattr(cls, "__module__", "") or ""
    return module == "poser" or module.startswith("poser.")


def describe(obj):
    """The one-line text a ``%path`` request answers with."""
    if isinstance(obj, Listing):
        return str(obj)
    if isinstance(obj, str):
        return obj
    return repr(obj)

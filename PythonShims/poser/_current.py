"""The one scene of the process, as Poser has one: ``Scene()`` builds it on first use.

Every area reaches the scene through ``Scene()`` here (parameters need the current frame,
actors the selection); the scene class itself is imported only when a scene is built, so
this module stays at the bottom of the import order. ``on_reset(function)`` registers a
function ``ResetScene()`` calls (application settings that go back to their defaults).
"""

from . import _calllog

_SCENE = [None]
_RESET_HOOKS = []


def Scene():
    """The scene (one per process, shared by every session, as in Poser)."""
    if _SCENE[0] is None:
        _SCENE[0] = _new_scene()
    return _SCENE[0]


def ResetScene():
    """Not in Poser: a new default scene (a new SceneType object), an empty call log and
    the application's settings (language, room, render threads ...) back to their
    defaults. Files written to the content folders stay."""
    _SCENE[0] = None
    for hook in _RESET_HOOKS:
        hook()
    _SCENE[0] = _new_scene()
    _calllog.clear()
    return _SCENE[0]


def on_reset(function):
    """``function()`` runs on every ``ResetScene()``, before the new scene is built."""
    _RESET_HOOKS.append(function)


def _new_scene():
    from ._scene import SceneType

    return SceneType()

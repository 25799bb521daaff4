"""Scene callbacks: the event callback (``SetEventCallback``) and the world-space callback
(``SetWorldspaceCallback``), as SceneCallbacksMixin, a part of SceneType.

Events. ``newCB(scene, eventCode)`` is called (``newCB(scene, eventCode, cbArgs)`` when
``cbArgs`` was given) with a kEventCode* bit mask when something the stub can see happens:

* kEventCodeACTORSELECTIONCHANGED: SelectActor, SelectFigure, or the current actor
  changing because of a load or a deletion;
* kEventCodeACTORADDED / kEventCodeACTORDELETED: actors and figures created, loaded,
  imported or deleted (Create*, LoadLibrary*, Import, Delete*, Undo/Redo of those);
* kEventCodePARMCHANGED / kEventCodeKEYSCHANGED: a parameter's value or keys changed
  (parameters report through ``_note_event``), and a frame change (``SetFrame``: the
  dials now read their values at the new frame) reports kEventCodePARMCHANGED;
* kEventCodeANIMSETSCHANGED: an animation set created, deleted or changed;
* kEventCodeSCENECLOSING: before NewDocument, OpenDocument, CloseDocument replace the
  scene's content.

One scripted call may report several events in one mask (loading a figure: added and
selection changed). Events that happen while the callback runs are not reported back to
it. An exception in a callback is printed to stderr and the call that caused the event
goes on, as Poser prints callback errors in its Python window.

Other areas report events with ``Scene()._note_event(code, item)`` (``item`` the changed
object, unused today); it costs one attribute check when no callback is set.

World space. ``newCB(scene)`` (``newCB(scene, cbArgs)``) runs whenever the stub "updates"
the scene: on Draw, DrawAll and SetFrame, after the actors' local transform and vertex
callbacks (``ActorType.SetLocalTransformCallback``/``SetVertexCallback``).
"""

import sys

from ._calllog import error


class SceneCallbacksMixin(object):
    """SceneType's callback methods (SceneType inherits them). State lives on the scene:
    ``_event_callback``, ``_worldspace_callback``, ``_event_batch``, ``_in_callback``;
    the class attributes below are the defaults, so building a scene costs nothing."""

    _event_callback = None
    _worldspace_callback = None
    _event_batch = None
    _in_callback = False

    def SetEventCallback(self, newCB, cbArgs=None):
        """Sets the per-event callback; None clears it (as ClearEventCallback does)."""
        if newCB is None:
            self._event_callback = None
            return
        if not callable(newCB):
            raise error("SetEventCallback needs a function, got %s" % type(newCB).__name__)
        self._event_callback = (newCB, cbArgs)

    def ClearEventCallback(self):
        self._event_callback = None

    def SetWorldspaceCallback(self, newCB, cbArgs=None):
        """Sets the callback run after each world-space update; None clears it."""
        if newCB is None:
            self._worldspace_callback = None
            return
        if not callable(newCB):
            raise error("SetWorldspaceCallback needs a function, got %s" % type(newCB).__name__)
        self._worldspace_callback = (newCB, cbArgs)

    def ClearWorldspaceCallback(self):
        self._worldspace_callback = None

    # For the stub's own code
    def _note_event(self, code, item=None):
        """Reports event ``code`` (a kEventCode* bit) to the event callback, or adds it
        to the events of the call in progress (see ``_events``)."""
        if self._event_callback is None or not code:
            return
        if self._event_batch is not None:
            self._event_batch[0] |= code
            return
        self._call_event(code)

    def _events(self):
        """``with scene._events():`` collects the events of a block and reports them
        once, as one mask, when the outermost such block ends."""
        return _EventBatch(self)

    def _call_event(self, code):
        if self._in_callback or self._event_callback is None:
            return
        callback, args = self._event_callback
        self._in_callback = True
        try:
            if args is None:
                callback(self, code)
            else:
                callback(self, code, args)
        except Exception:
            _print_exception()
        finally:
            self._in_callback = False

    def _world_updated(self):
        """A scene update: the actors' local transform and vertex callbacks
        (``_actors.run_actor_callbacks``), then the world-space callback."""
        from . import _actors

        run = getattr(_actors, "run_actor_callbacks", None)
        if run is not None and not self._in_callback:
            run()
        if self._worldspace_callback is None or self._in_callback:
            return
        callback, args = self._worldspace_callback
        self._in_callback = True
        try:
            if args is None:
                callback(self)
            else:
                callback(self, args)
        except Exception:
            _print_exception()
        finally:
            self._in_callback = False


class _EventBatch(object):
    def __init__(self, scene):
        self._scene = scene
        self._outer = False

    def __enter__(self):
        if self._scene._event_batch is None:
            self._scene._event_batch = [0]
            self._outer = True
        return self

    def __exit__(self, kind, value, tb):
        if self._outer:
            mask = self._scene._event_batch[0]
            self._scene._event_batch = None
            if mask:
                self._scene._call_event(mask)
        return False


def _print_exception():
    """Prints the exception being handled to stderr, as Poser prints a callback's error
    (``traceback`` is imported here, on the first error, not with the package)."""
    import traceback

    traceback.print_exc(file=sys.stderr)

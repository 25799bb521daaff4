"""Parameters (dials): ParmType, and ValueOpType, the value operations between them.

What other areas may rely on:

* ``ParmType(actor, name, code, value=0.0, minimum=-10000.0, maximum=10000.0,
  internal_name=None, sensitivity=1.0, hidden=False, force_limits=False)`` makes a dial;
  the actor keeps it in its parameter list.
* Time: a parameter reads the frame from ``Scene().Frame()`` whenever it is asked, so
  ``SceneType.SetFrame`` needs to tell parameters nothing. ``Value()`` is the value at the
  current frame after value operations and the update callback; ``ValueFrame(f)`` the same
  at frame ``f``; ``_own_value(f)`` the keyed value alone (what keys store, what pose
  files save).
* Keys: ``_keys`` maps frame -> value (an empty dict: not animated, the value is
  ``_value``); ``_interp`` maps a key's frame to the kind of the stretch starting there
  (``_keyframes.SPLINE``/``LINEAR``/``CONSTANT``); ``_breaks`` holds frames with a spline
  break. Setting a value at a frame other than 0, or on an animated dial, keys that frame
  (the value the dial had becomes the key at frame 0), as Poser does with auto-key on.
* Morphs: ``_deltas`` maps vertex index -> (dx, dy, dz), non-zero deltas only. The actor's
  geometry adds value x delta of every morph dial to its world vertices (``_geometry``).
* Events: when the scene has a ``_note_event(code, item)`` method, a value or key change
  calls it with ``kEventCodePARMCHANGED`` or ``kEventCodeKEYSCHANGED`` and the parameter
  (no scene is built for it).
"""

from . import _current
from ._base import Named
from ._calllog import check_index, error, log, require
from ._codes import (kEventCodeKEYSCHANGED, kEventCodePARMCHANGED, kParmCodeTARGET, kParmCodeVALUE,
                     kValueOpTypeCodeDELTAADD, kValueOpTypeCodeDIVIDEBY, kValueOpTypeCodeDIVIDEINTO,
                     kValueOpTypeCodeKEY, kValueOpTypeCodeMINUS, kValueOpTypeCodePLUS,
                     kValueOpTypeCodePYTHONCALLBACK, kValueOpTypeCodeTIMES, kZoneTypeCodeCAPSULE,
                     kZoneTypeCodeMERGEDWEIGHTMAP, kZoneTypeCodeSPHERE, kZoneTypeCodeWEIGHTMAP)
from ._current import Scene
from ._keyframes import CONSTANT, LINEAR, SPLINE, evaluate, kind_at

_VALUE_OPS = (kValueOpTypeCodePLUS, kValueOpTypeCodeMINUS, kValueOpTypeCodeTIMES, kValueOpTypeCodeDIVIDEBY,
              kValueOpTypeCodeDIVIDEINTO, kValueOpTypeCodeDELTAADD, kValueOpTypeCodeKEY,
              kValueOpTypeCodePYTHONCALLBACK)
_ZONES = (kZoneTypeCodeSPHERE, kZoneTypeCodeCAPSULE, kZoneTypeCodeWEIGHTMAP, kZoneTypeCodeMERGEDWEIGHTMAP)


def _note(code, parm):
    scene = _current._SCENE[0]
    hook = getattr(scene, "_note_event", None)
    if hook is not None:
        hook(code, parm)


def _frame(frame):
    return Scene().Frame() if frame is None else int(frame)


class ParmType(Named):
    """A dial: a value over frames (keys and their interpolation), limits, value operations
    driven by other dials, and for morph dials the per-vertex deltas."""

    def __init__(self, actor, name, code, value=0.0, minimum=-10000.0, maximum=10000.0,
                 internal_name=None, sensitivity=1.0, hidden=False, force_limits=False):
        self._actor = actor
        self._name = str(name)
        self._internal_name = internal_name or self._name
        self._code = code
        self._default = float(value)
        self._value = float(value)
        self._min = float(minimum)
        self._max = float(maximum)
        self._force_limits = bool(force_limits)
        self._sensitivity = float(sensitivity)
        self._hidden = bool(hidden)
        self._wants_conform = True
        self._keys = {}
        self._interp = {}
        self._breaks = set()
        self._deltas = {}
        self._value_ops = []
        self._callback = None
        self._zones = []
        self._evaluating = False

    # Identity and flags
    def Actor(self):
        return self._actor

    def SetInternalName(self, name=None):
        """Poser documents no argument; given one, it becomes the internal name."""
        if name is not None:
            self._internal_name = str(name)

    def TypeCode(self):
        return self._code

    def IsMorphTarget(self):
        return 1 if self._code == kParmCodeTARGET else 0

    def IsValueParameter(self):
        return 1 if self._code == kParmCodeVALUE else 0

    def Hidden(self):
        return 1 if self._hidden else 0

    def SetHidden(self, hide):
        self._hidden = bool(hide)

    def Sensitivity(self):
        return self._sensitivity

    def SetSensitivity(self, value):
        self._sensitivity = float(value)

    def WantsConform(self):
        return 1 if self._wants_conform else 0

    def SetWantsConform(self, oneOrZero):
        self._wants_conform = bool(oneOrZero)

    def AddZone(self, zoneType):
        """Records a falloff zone of the kind given (a kZoneTypeCode*)."""
        if zoneType not in _ZONES:
            raise error("AddZone: unknown zone type %r" % (zoneType,))
        self._zones.append(zoneType)
        log("AddZone", self._internal_name, zoneType)

    # Limits and the initial value
    def MinValue(self):
        return self._min

    def MaxValue(self):
        return self._max

    def SetMinValue(self, value):
        self._min = float(value)
        return self._min

    def SetMaxValue(self, value):
        self._max = float(value)
        return self._max

    def ForceLimits(self):
        return 1 if self._force_limits else 0

    def SetForceLimits(self, force):
        """While limits are forced, values set are clamped and so are values read."""
        self._force_limits = bool(force)

    def ApplyLimits(self):
        """Clamps the dial's value (every key, when animated) into min .. max."""
        self._value = self._clamp(self._value)
        for frame in self._keys:
            self._keys[frame] = self._clamp(self._keys[frame])
        _note(kEventCodePARMCHANGED, self)

    def _clamp(self, value):
        return min(max(value, self._min), self._max)

    def InitValue(self):
        return self._default

    def SetInitValue(self, value):
        self._default = float(value)
        return self._default

    # Default/SetDefault: the earlier stub's names for the init value
    Default = InitValue
    SetDefault = SetInitValue

    # Values over time
    def Value(self):
        return self.ValueFrame(Scene().Frame())

    def SetValue(self, value):
        self.SetValueFrame(value, Scene().Frame())

    def ValueFrame(self, keyFrame):
        """The value at ``keyFrame``: the keyed value, then the value operations in order
        (their sources read at the same frame), then the update callback."""
        frame = int(keyFrame)
        value = self._own_value(frame)
        if self._evaluating:  # a dependency cycle: answer the dial's own value
            return value
        if not self._value_ops and self._callback is None:
            return self._clamp(value) if self._force_limits else value
        self._evaluating = True
        try:
            for op in self._value_ops:
                value = op._apply(value, frame)
            if self._callback is not None:
                callback, args = self._callback
                value = float(callback(self, value) if args is None else callback(self, value, args))
        finally:
            self._evaluating = False
        return self._clamp(value) if self._force_limits else value

    def UnaffectedValue(self):
        """Not in the Poser 11 manual (later Poser has it): the value at the current frame
        before value operations and the update callback."""
        return self._own_value(Scene().Frame())

    def _own_value(self, frame):
        keys = self._keys
        if not keys:
            return self._value
        if frame in keys:
            return keys[frame]
        frames = sorted(keys)
        breaks = [i for i, f in enumerate(frames) if f in self._breaks] if self._breaks else ()
        return evaluate(frames, [keys[f] for f in frames], [self._interp.get(f, SPLINE) for f in frames],
                        frame, breaks)

    def SetValueFrame(self, value, keyFrame):
        """Sets the value at ``keyFrame``: the static value while the dial is not animated
        and the frame is 0, else a key at that frame."""
        value = float(value)
        if self._force_limits:
            value = self._clamp(value)
        frame = int(keyFrame)
        if self._keys or frame != 0:
            if not self._keys:
                self._set_key(0, self._value)
            self._set_key(frame, value)
            _note(kEventCodeKEYSCHANGED, self)
        else:
            self._value = value
        _note(kEventCodePARMCHANGED, self)

    def _set_key(self, frame, value):
        if frame not in self._keys:
            # a new key continues the interpolation of the stretch it falls in
            frames = sorted(self._keys)
            self._interp[frame] = kind_at(frames, [self._interp.get(f, SPLINE) for f in frames], frame)
        self._keys[frame] = value

    # Keyframes
    def AddKeyFrame(self, frame=None):
        frame = _frame(frame)
        self._set_key(frame, self._own_value(frame))
        _note(kEventCodeKEYSCHANGED, self)

    def DeleteKeyFrame(self, frame=None):
        """Removes the key at ``frame`` (nothing happens when there is none); removing the
        last key leaves the dial at that key's value."""
        frame = _frame(frame)
        if frame not in self._keys:
            return
        value = self._keys.pop(frame)
        self._interp.pop(frame, None)
        self._breaks.discard(frame)
        if not self._keys:
            self._value = value
        _note(kEventCodeKEYSCHANGED, self)

    def NumKeyFrames(self):
        return len(self._keys)

    def KeyFrames(self):
        """Not in Poser: the keyed frames, ascending."""
        return sorted(self._keys)

    def IsKey(self, frame=None):
        return 1 if _frame(frame) in self._keys else 0

    def NextKeyFrame(self):
        """The first keyed frame after the current frame, None when there is none."""
        now = Scene().Frame()
        later = [f for f in self._keys if f > now]
        return min(later) if later else None

    def PrevKeyFrame(self):
        """The last keyed frame before the current frame, None when there is none."""
        now = Scene().Frame()
        earlier = [f for f in self._keys if f < now]
        return max(earlier) if earlier else None

    # Interpolation between keys
    def _kind_at(self, frame):
        frames = sorted(self._keys)
        return kind_at(frames, [self._interp.get(f, SPLINE) for f in frames], _frame(frame))

    def SplineAtFrame(self, frame=None):
        return 1 if self._kind_at(frame) == SPLINE else 0

    def LinearAtFrame(self, frame=None):
        return 1 if self._kind_at(frame) == LINEAR else 0

    def ConstantAtFrame(self, frame=None):
        return 1 if self._kind_at(frame) == CONSTANT else 0

    def SetRangeSpline(self, startFrame, endFrame):
        self._set_range(startFrame, endFrame, SPLINE)

    def SetRangeLinear(self, startFrame, endFrame):
        self._set_range(startFrame, endFrame, LINEAR)

    def SetRangeConstant(self, startFrame, endFrame):
        self._set_range(startFrame, endFrame, CONSTANT)

    def _set_range(self, start, end, kind):
        start, end = sorted((int(start), int(end)))
        for frame in (start, end):
            if frame not in self._keys:
                self._set_key(frame, self._own_value(frame))
        for frame in self._keys:
            if start <= frame < end:
                self._interp[frame] = kind
        _note(kEventCodeKEYSCHANGED, self)

    def SetSplineBreak(self, frame=None, on=None):
        """Breaks the spline at a keyed ``frame`` (``on=0`` mends it); ignored elsewhere."""
        frame = _frame(frame)
        if frame not in self._keys:
            return
        if on is None or on:
            self._breaks.add(frame)
        else:
            self._breaks.discard(frame)
        _note(kEventCodeKEYSCHANGED, self)

    def SplineBreakAtFrame(self, frame=None):
        return 1 if _frame(frame) in self._breaks else 0

    # Update callback
    def SetUpdateCallback(self, newCB, cbArgs=None):
        """``newCB(parm, value)`` (with ``cbArgs``: ``newCB(parm, value, cbArgs)``) runs
        whenever the value is read and returns the value to use."""
        if not callable(newCB):
            raise error("SetUpdateCallback needs a function")
        self._callback = (newCB, cbArgs)

    def ClearUpdateCallback(self):
        self._callback = None

    # Value operations
    def AddValueOperation(self, valueOpType, sourceParm):
        """Adds an operation of ``valueOpType`` (a kValueOpTypeCode*) driven by
        ``sourceParm``, applied after those already there; returns it (Poser documents
        None, scripts use the operation)."""
        if valueOpType not in _VALUE_OPS:
            raise error("AddValueOperation: unknown value operation type %r" % (valueOpType,))
        require(sourceParm, ParmType, "AddValueOperation")
        op = ValueOpType(self, valueOpType, sourceParm)
        self._value_ops.append(op)
        _note(kEventCodePARMCHANGED, self)
        return op

    def ValueOperations(self):
        """The value operations in the order they apply; None when there are none."""
        return list(self._value_ops) or None

    def NumValueOperations(self):
        return len(self._value_ops)

    def DeleteValueOperation(self, index):
        check_index(index, len(self._value_ops), "value operation")
        op = self._value_ops.pop(index)
        op._parm = None
        _note(kEventCodePARMCHANGED, self)

    # Morph targets
    def _require_morph(self):
        if not self.IsMorphTarget():
            raise error("%s is not a morph target" % self._name)

    def MorphTargetDelta(self, vertexIndex):
        self._require_morph()
        return self._deltas.get(int(vertexIndex), (0.0, 0.0, 0.0))

    def SetMorphTargetDelta(self, vertexIndex, deltaX, deltaY, deltaZ):
        self._require_morph()
        geom = self._actor.Geometry() if self._actor is not None else None
        if geom is not None:
            check_index(int(vertexIndex), geom.NumVertices(), "vertex")
        delta = (float(deltaX), float(deltaY), float(deltaZ))
        if delta == (0.0, 0.0, 0.0):
            self._deltas.pop(int(vertexIndex), None)
        else:
            self._deltas[int(vertexIndex)] = delta

    def NumMorphTargetDeltas(self):
        """How many deltas the morph has: one per vertex of the actor's geometry (so
        ``range(NumMorphTargetDeltas())`` walks every vertex index); 0 for other dials."""
        if not self.IsMorphTarget():
            return 0
        geom = self._actor.Geometry() if self._actor is not None else None
        if geom is not None:
            return geom.NumVertices()
        return max(self._deltas) + 1 if self._deltas else 0

    def __repr__(self):
        owner = self._actor.Name() if self._actor is not None else "?"
        return "<ParmType '%s' of '%s' = %g>" % (self._name, owner, self.Value())


class ValueOpType(object):
    """A value operation: ``Parameter()``'s value is combined with ``SourceParameter()``'s.

    In the order the operations were added, starting from the parameter's own value v and
    with s the source's value at the same frame: PLUS v + s, MINUS v - s, TIMES v * s,
    DIVIDEBY v / s, DIVIDEINTO s / v, DELTAADD v + Delta() * s, KEY v + the key table at s
    (a spline through the (key, value) pairs, flat beyond the first and last key).
    PYTHONCALLBACK leaves v as it is (the parameter's update callback runs after all
    operations). A division by zero leaves v unchanged."""

    def __init__(self, parm, kind, source):
        self._parm = parm
        self._type = kind
        self._source = source
        self._delta = 1.0
        self._keys = []  # (key, value) pairs, ascending by key

    def Type(self):
        return self._type

    def Parameter(self):
        return self._parm

    def SourceParameter(self):
        return self._source

    def SetSourceParameter(self, source):
        require(source, ParmType, "SetSourceParameter")
        self._source = source

    def Delta(self):
        return self._delta if self._type == kValueOpTypeCodeDELTAADD else 0.0

    def SetDelta(self, delta):
        if self._type == kValueOpTypeCodeDELTAADD:
            self._delta = float(delta)

    # Keys of a KEY operation
    def NumKeys(self):
        return len(self._keys) if self._type == kValueOpTypeCodeKEY else -1

    def GetKey(self, index):
        if self._type != kValueOpTypeCodeKEY:
            raise error("GetKey: not a key value operation")
        check_index(index, len(self._keys), "key")
        return self._keys[index]

    def InsertKey(self, key, value):
        """Adds (key, value), replacing the value of an equal key; 1 if done, 0 if this is
        not a KEY operation."""
        if self._type != kValueOpTypeCodeKEY:
            return 0
        key, value = float(key), float(value)
        self._keys = sorted([k for k in self._keys if k[0] != key] + [(key, value)])
        return 1

    def DeleteKey(self, index):
        if self._type != kValueOpTypeCodeKEY or not isinstance(index, int) or not 0 <= index < len(self._keys):
            return 0
        del self._keys[index]
        return 1

    def _apply(self, value, frame):
        kind = self._type
        if kind == kValueOpTypeCodePYTHONCALLBACK:
            return value
        source = self._source.ValueFrame(frame)
        if kind == kValueOpTypeCodePLUS:
            return value + source
        if kind == kValueOpTypeCodeMINUS:
            return value - source
        if kind == kValueOpTypeCodeTIMES:
            return value * source
        if kind == kValueOpTypeCodeDIVIDEBY:
            return value / source if source else value
        if kind == kValueOpTypeCodeDIVIDEINTO:
            return source / value if value else value
        if kind == kValueOpTypeCodeDELTAADD:
            return value + self._delta * source
        if not self._keys:
            return value
        xs = [k for k, _ in self._keys]
        return value + evaluate(xs, [v for _, v in self._keys], [SPLINE] * len(xs), source)

    def __repr__(self):
        return "<ValueOpType %d on '%s' from '%s'>" % (
            self._type, self._parm.Name() if self._parm is not None else "?", self._source.Name())

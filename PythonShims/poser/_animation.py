"""Time and animation: SceneAnimationMixin (the SceneType methods for frames, the output
range, key navigation, sound and animation sets) and AnimSetType.

Frames are 0-based, as in PoserPython (the GUI's frame 1 is frame 0). Keys live on the
parameters (``_parameters``): a parameter reads ``Scene().Frame()`` whenever its value is
asked, so ``SetFrame`` only moves the scene's frame. Shortening the animation
(``SetNumFrames``) deletes the keys past its new end, as Poser may.
"""

from ._calllog import error
from ._codes import kEventCodeANIMSETSCHANGED, kEventCodeKEYSCHANGED, kEventCodePARMCHANGED


def key_frames(parm):
    """The keyed frames of a parameter, ascending."""
    frames = getattr(parm, "KeyFrames", None)
    if frames is not None:
        return list(frames())
    return sorted(getattr(parm, "_keys", {}))


def all_parameters(thing):
    """The parameters of a figure (all its actors'), an actor, or a parameter itself."""
    if hasattr(thing, "TypeCode"):
        return [thing]
    if hasattr(thing, "Parameters"):
        return list(thing.Parameters())
    parms = []
    for actor in thing.Actors():
        parms.extend(actor.Parameters())
    return parms


class AnimSetType(object):
    """An animation set: a named group of (figure, actor or parameter, frame range)
    entries with name/value attributes."""

    def __init__(self, scene, name):
        self._scene = scene
        self._name = str(name)
        self._attributes = []
        self._ranges = []

    def Name(self):
        """Not in the manual's AnimSet methods: the set's name."""
        return self._name

    def _changed(self):
        self._scene._note_event(kEventCodeANIMSETSCHANGED, self)

    def AddAttribute(self, name, value):
        self._attributes.append((str(name), value))
        self._changed()

    def Attributes(self):
        """[(name, value)], in the order they were added."""
        return list(self._attributes)

    def RemoveAttribute(self, name, value=None):
        """Removes the attributes called ``name`` (only those with ``value`` when given);
        raises ``poser.error`` when there is none."""
        kept = [(n, v) for n, v in self._attributes
                if not (n == name and (value is None or v == value or str(v) == str(value)))]
        if len(kept) == len(self._attributes):
            raise error("animation set '%s' has no attribute '%s'" % (self._name, name))
        self._attributes = kept
        self._changed()

    def _entity(self, sceneEntity, where):
        if not any(hasattr(sceneEntity, m) for m in ("TypeCode", "Parameters", "Actors")):
            raise error("%s needs a figure, an actor or a parameter, got %s"
                        % (where, type(sceneEntity).__name__))
        return sceneEntity

    def AddObjectRange(self, sceneEntity, StartFrame, EndFrame):
        entity = self._entity(sceneEntity, "AddObjectRange")
        start, end = int(StartFrame), int(EndFrame)
        if start < 0 or end < start:
            raise error("AddObjectRange: frames %d..%d are not a range" % (start, end))
        self._ranges.append((entity, start, end))
        self._changed()

    def RemoveObjectRange(self, sceneEntity, StartFrame, EndFrame):
        entry = (self._entity(sceneEntity, "RemoveObjectRange"), int(StartFrame), int(EndFrame))
        for index, (entity, start, end) in enumerate(self._ranges):
            if entity is entry[0] and (start, end) == entry[1:]:
                del self._ranges[index]
                self._changed()
                return
        raise error("animation set '%s' has no range %d..%d for that object" % ((self._name,) + entry[1:]))

    def ObjectRange(self):
        """(first, last) frame over the set's entries; (0, 0) while it has none."""
        if not self._ranges:
            return (0, 0)
        return (min(r[1] for r in self._ranges), max(r[2] for r in self._ranges))

    def Parameters(self):
        """The parameters the set's entries cover (a figure: all its actors' parameters),
        each once, in entry order."""
        seen = set()
        parms = []
        for entity, _, _ in self._ranges:
            for parm in all_parameters(entity):
                if id(parm) not in seen:
                    seen.add(id(parm))
                    parms.append(parm)
        return parms

    def __repr__(self):
        return "<AnimSetType '%s' (%d ranges)>" % (self._name, len(self._ranges))


class SceneAnimationMixin(object):
    """SceneType's time and animation methods. State on the scene: ``_frame``,
    ``_num_frames``, ``_fps``, ``_output_range`` (None: every frame), ``_anim_sets``,
    ``_sound``, ``_sound_range``."""

    def _init_animation(self):
        self._frame = 0
        self._num_frames = 30
        self._fps = 30
        self._output_range = None
        self._anim_sets = []
        self._sound = ""
        self._sound_range = None

    # Frames
    def Frame(self):
        return self._frame

    def SetFrame(self, frame):
        """Makes ``frame`` (0-based) current: parameters now read their values there."""
        frame = int(frame)
        if not 0 <= frame < self._num_frames:
            raise error("frame %d is outside 0..%d" % (frame, self._num_frames - 1))
        if frame != self._frame:
            self._frame = frame
            self._note_event(kEventCodePARMCHANGED, self)
        self._world_updated()

    def NumFrames(self):
        return self._num_frames

    def SetNumFrames(self, numFrames):
        """Sets the animation's length; keys at or past the new end are deleted."""
        count = int(numFrames)
        if count < 1:
            raise error("a scene needs at least one frame")
        if count < self._num_frames:
            dropped = False
            for parm in self._every_parameter(keyed_only=True):
                for frame in key_frames(parm):
                    if frame >= count:
                        parm.DeleteKeyFrame(frame)
                        dropped = True
            if dropped:
                self._note_event(kEventCodeKEYSCHANGED, self)
        self._num_frames = count
        self._frame = min(self._frame, count - 1)
        if self._output_range is not None:
            start, end = self._output_range
            self._output_range = (min(start, count - 1), min(end, count - 1))

    def FramesPerSecond(self):
        return self._fps

    def SetFramesPerSecond(self, fps):
        """Not in the Poser 11 manual (scripts use it): the frame rate."""
        if float(fps) <= 0:
            raise error("a frame rate must be positive")
        self._fps = int(round(float(fps)))

    def _ensure_frames(self, last_frame):
        """Lengthens the animation so that ``last_frame`` exists (loaded animations)."""
        if last_frame >= self._num_frames:
            self._num_frames = int(last_frame) + 1

    # Output range (image and library output)
    def OutputRange(self):
        """(start, end) frames, 0-based; every frame unless SetOutputRange chose."""
        if self._output_range is None:
            return (0, self._num_frames - 1)
        return self._output_range

    def SetOutputRange(self, x, y):
        start, end = int(x), int(y)
        if start < 0 or end < start:
            raise error("SetOutputRange: %d..%d is not a frame range" % (start, end))
        self._output_range = (start, min(end, self._num_frames - 1))

    # Keys of the current actor, of the whole scene
    def _every_parameter(self, keyed_only=False):
        """Every dial of the scene; ``keyed_only``: skip actors whose dials were never made
        (they are made on first use and have no keys before)."""
        parms = []
        for actor in self.Actors():
            if keyed_only and "_parms" in vars(type(actor)) and actor.__dict__.get("_parms") is None:
                continue
            parms.extend(actor.Parameters())
        return parms

    def _next_key(self, parms, later):
        now = self._frame
        best = None
        for parm in parms:
            for frame in key_frames(parm):
                if (frame > now) if later else (frame < now):
                    if best is None or (frame < best if later else frame > best):
                        best = frame
        return best

    def NextKeyFrame(self):
        """The first keyed frame after the current one among the current actor's
        parameters; None when there is none."""
        actor = self.CurrentActor()
        return self._next_key(actor.Parameters() if actor is not None else [], True)

    def PrevKeyFrame(self):
        actor = self.CurrentActor()
        return self._next_key(actor.Parameters() if actor is not None else [], False)

    def NextKeyFrameAll(self):
        """The first keyed frame after the current one anywhere in the scene; None when
        there is none."""
        return self._next_key(self._every_parameter(keyed_only=True), True)

    def PrevKeyFrameAll(self):
        return self._next_key(self._every_parameter(keyed_only=True), False)

    # Sound
    def SetSound(self, filePath):
        self._sound = str(filePath)

    def Sound(self):
        return self._sound

    def ClearSound(self):
        self._sound = ""
        self._sound_range = None

    def SetSoundRange(self, startFrame, endFrame):
        start, end = int(startFrame), int(endFrame)
        if start < 0 or end < start:
            raise error("SetSoundRange: %d..%d is not a frame range" % (start, end))
        self._sound_range = (start, end)

    def SoundRange(self):
        """(start, end): the whole animation unless SetSoundRange chose."""
        return self._sound_range or (0, self._num_frames - 1)

    # Animation sets
    def AnimSets(self):
        return list(self._anim_sets)

    def AnimSet(self, AnimSetName):
        for anim_set in self._anim_sets:
            if anim_set.Name() == AnimSetName:
                return anim_set
        raise error("no animation set named '%s'" % AnimSetName)

    def CreateAnimSet(self, AnimSetName):
        """A new, empty animation set; raises ``poser.error`` when the name is taken."""
        name = str(AnimSetName)
        if any(s.Name() == name for s in self._anim_sets):
            raise error("an animation set named '%s' already exists" % name)
        anim_set = AnimSetType(self, name)
        self._anim_sets.append(anim_set)
        self._note_event(kEventCodeANIMSETSCHANGED, anim_set)
        return anim_set

    def DeleteAnimSet(self, AnimSetName):
        anim_set = self.AnimSet(AnimSetName)
        self._anim_sets.remove(anim_set)
        self._note_event(kEventCodeANIMSETSCHANGED, anim_set)

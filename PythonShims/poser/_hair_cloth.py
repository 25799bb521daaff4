"""Hair and cloth: HairType (a hair group grown on an actor, shown by a hair prop),
ClothSimulatorType (a cloth simulation), and SceneHairClothMixin for the SceneType methods
that reach simulations.

``ActorType.CreateHairGroup(name)`` makes ``HairType(actor, name, prop)`` with its hair
prop and keeps it in ``actor._hair_groups``. Simulations (growing hair, hair and cloth
dynamics) cannot run here: those calls are recorded in the call log and leave the objects
marked as grown / calculated.

Cloth properties are keyed by the ``kClothParmCode*`` values (strings); their defaults are
the Cloth Room's usual ones.
"""

from . import _codes
from ._actors import ActorType
from ._calllog import check_index, error, log, records_call, require
from ._current import Scene
from ._figures import FigureType

# Hair settings: getter name -> (default, kind); kind int or float
_HAIR = {
    "AirDamping": (0.02, float), "BendResistance": (0.0, float), "Clumpiness": (0.0, float),
    "CollisionsOn": (0, int), "Density": (20000.0, float), "Gravity": (1.0, float),
    "KinkDelay": (0.0, float), "KinkScale": (10.0, float), "KinkStrength": (0.0, float),
    "LengthMax": (0.04, float), "LengthMin": (0.03, float), "NumbPopHairs": (20000, int),
    "NumbVertsPerHair": (20, int), "PositionForce": (0.05, float), "PullBack": (0.0, float),
    "PullDown": (0.0, float), "PullLeft": (0.0, float), "RootStiffness": (5.0, float),
    "RootStiffnessFalloff": (0.0, float), "RootWidth": (0.4, float), "ShowPopulated": (1, int),
    "SpringDamping": (0.0, float), "SpringStrength": (100.0, float), "TipWidth": (0.1, float),
}
_FLAGS = ("CollisionsOn", "ShowPopulated")


def _number(value, kind, where):
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise error("%s expects a number, got %r" % (where, value))
    return int(round(number)) if kind is int else number


class HairType(object):
    """A hair group: its guide hairs, populated hairs and dynamics settings, and the prop
    that shows it (``HairProp()``)."""

    def __init__(self, actor, name, prop=None):
        """``actor``: the actor the hair grows on; ``prop``: the hair prop showing it."""
        self._name = str(name)
        self._actor = actor
        self._prop = prop
        self._values = {}
        self._grown = False
        self._dynamics_calculated = False
        self._deleted = False

    def _get(self, key):
        return self._values.get(key, _HAIR[key][0])

    def _set(self, key, value):
        if self._deleted:
            raise error("hair group '%s' was deleted" % self._name)
        number = _number(value, _HAIR[key][1], "Set" + key)
        if key in _FLAGS:
            number = 1 if number else 0
        elif key in ("NumbPopHairs", "NumbVertsPerHair") and number < 0:
            raise error("Set%s: %r is negative" % (key, value))
        self._values[key] = number

    def Name(self):
        return self._name

    def SetName(self, name):
        """Renames the group (and answers the new name, as the manual prints)."""
        self._name = str(name)
        return self._name

    def HairProp(self):
        """The prop actor that shows this hair group."""
        return self._prop

    def GrowHair(self):
        """Grows the guide hairs (recorded; the group is marked grown)."""
        log("GrowHair", self._name)
        self._grown = True

    def CalculateDynamics(self):
        """Runs the hair simulation (recorded); answers the hair prop, as the manual's
        ActorType return says."""
        log("CalculateDynamics", self._name)
        self._dynamics_calculated = True
        return self._prop

    def Delete(self):
        """Removes the group from its actor and its hair prop from the scene."""
        if self._deleted:
            return None
        self._deleted = True
        if self._actor is not None:
            groups = getattr(self._actor, "_hair_groups", [])
            if self in groups:
                groups.remove(self)
        prop = self._prop
        if prop is not None and prop in Scene().Actors():
            prop.Delete()
        return None

    # Settings
    def AirDamping(self):
        return self._get("AirDamping")

    def SetAirDamping(self, value):
        self._set("AirDamping", value)

    def BendResistance(self):
        return self._get("BendResistance")

    def SetBendResistance(self, value):
        self._set("BendResistance", value)

    def Clumpiness(self):
        return self._get("Clumpiness")

    def SetClumpiness(self, value):
        self._set("Clumpiness", value)

    def CollisionsOn(self):
        return self._get("CollisionsOn")

    def SetCollisionsOn(self, value):
        self._set("CollisionsOn", value)

    def Density(self):
        return self._get("Density")

    def SetDensity(self, value):
        self._set("Density", value)

    def Gravity(self):
        return self._get("Gravity")

    def SetGravity(self, value):
        """In g."""
        self._set("Gravity", value)

    def KinkDelay(self):
        return self._get("KinkDelay")

    def SetKinkDelay(self, value):
        self._set("KinkDelay", value)

    def KinkScale(self):
        return self._get("KinkScale")

    def SetKinkScale(self, value):
        self._set("KinkScale", value)

    def KinkStrength(self):
        return self._get("KinkStrength")

    def SetKinkStrength(self, value):
        self._set("KinkStrength", value)

    def LengthMax(self):
        return self._get("LengthMax")

    def SetLengthMax(self, value):
        self._set("LengthMax", value)

    def LengthMin(self):
        return self._get("LengthMin")

    def SetLengthMin(self, value):
        self._set("LengthMin", value)

    def NumbPopHairs(self):
        return self._get("NumbPopHairs")

    def SetNumbPopHairs(self, value):
        self._set("NumbPopHairs", value)

    def NumbVertsPerHair(self):
        return self._get("NumbVertsPerHair")

    def SetNumbVertsPerHair(self, value):
        self._set("NumbVertsPerHair", value)

    def PositionForce(self):
        return self._get("PositionForce")

    def SetPositionForce(self, value):
        self._set("PositionForce", value)

    def PullBack(self):
        return self._get("PullBack")

    def SetPullBack(self, value):
        self._set("PullBack", value)

    def PullDown(self):
        return self._get("PullDown")

    def SetPullDown(self, value):
        self._set("PullDown", value)

    def PullLeft(self):
        return self._get("PullLeft")

    def SetPullLeft(self, value):
        self._set("PullLeft", value)

    def RootStiffness(self):
        return self._get("RootStiffness")

    def SetRootStiffness(self, value):
        self._set("RootStiffness", value)

    def RootStiffnessFalloff(self):
        return self._get("RootStiffnessFalloff")

    def SetRootStiffnessFalloff(self, value):
        self._set("RootStiffnessFalloff", value)

    def RootWidth(self):
        return self._get("RootWidth")

    def SetRootWidth(self, value):
        self._set("RootWidth", value)

    def ShowPopulated(self):
        return self._get("ShowPopulated")

    def SetShowPopulated(self, value):
        self._set("ShowPopulated", value)

    def SpringDamping(self):
        return self._get("SpringDamping")

    def SetSpringDamping(self, value):
        self._set("SpringDamping", value)

    def SpringStrength(self):
        return self._get("SpringStrength")

    def SetSpringStrength(self, value):
        self._set("SpringStrength", value)

    def TipWidth(self):
        return self._get("TipWidth")

    def SetTipWidth(self, value):
        self._set("TipWidth", value)

    def __repr__(self):
        return "<HairType '%s'>" % self._name


# ---------------------------------------------------------------------------------------
# Cloth

_CLOTH_CODES = ("AIRDAMPING", "CLOTHCLOTHFORCE", "CLOTHFRICTION", "DAMPINGSTRETCH", "DENSITY",
                "DYNAMICFRICTION", "FRICTIONFROMSOLID", "FRICTIONVELOCITYCUTOFF", "SHEARRESISTANCE",
                "SPRINGRESISTANCE", "STATICFRICTION", "THICKNESS", "UBENDRATE", "UBENDRESISTANCE", "USCALE",
                "USEEDGESPRINGS", "USTRETCHRESISTANCE", "VBENDRATE", "VBENDRESISTANCE", "VSCALE",
                "VSTRETCHRESISTANCE")
_CLOTH_DEFAULTS = {"AIRDAMPING": 0.02, "CLOTHCLOTHFORCE": 1.0, "CLOTHFRICTION": 0.0, "DAMPINGSTRETCH": 0.01,
                   "DENSITY": 0.01, "DYNAMICFRICTION": 0.1, "FRICTIONFROMSOLID": 0.0,
                   "FRICTIONVELOCITYCUTOFF": 30.0, "SHEARRESISTANCE": 50.0, "SPRINGRESISTANCE": 20.0,
                   "STATICFRICTION": 0.5, "THICKNESS": 1.0, "UBENDRATE": 0.0, "UBENDRESISTANCE": 5.0,
                   "USCALE": 1.0, "USEEDGESPRINGS": 0.0, "USTRETCHRESISTANCE": 50.0, "VBENDRATE": 0.0,
                   "VBENDRESISTANCE": 5.0, "VSCALE": 1.0, "VSTRETCHRESISTANCE": 50.0}


def _cloth_property(name):
    """The code suffix (``"DENSITY"``) of a DynamicsProperty argument: a kClothParmCode*
    value, or the suffix itself in any case."""
    for suffix in _CLOTH_CODES:
        if getattr(_codes, "kClothParmCode" + suffix, None) == name:
            return suffix
    if isinstance(name, str) and name.upper() in _CLOTH_DEFAULTS:
        return name.upper()
    raise error("unknown cloth dynamics property %r" % (name,))


class ClothSimulatorType(object):
    """A cloth simulation: its cloth actors, collision actors and figures, its frames and
    its dynamics properties."""

    def __init__(self, name, scene=None):
        self._name = str(name)
        self._scene = scene
        self._cloth_actors = []
        self._collision_actors = []
        self._collision_figures = []  # [(figure, excluded group names)]
        self._current = None
        self._start = 0
        self._end = None
        self._draping = 0
        self._properties = {}
        self._calculated = False
        self._deleted = False

    def Name(self):
        return self._name

    def SetName(self, name):
        """Renames the simulation (and answers the new name, as the manual prints)."""
        self._name = str(name)
        return self._name

    # Cloth and collision objects
    def AddClothActor(self, actor):
        require(actor, ActorType, "AddClothActor")
        if actor not in self._cloth_actors:
            self._cloth_actors.append(actor)
        if self._current is None:
            self._current = actor

    def RemoveClothActor(self, actor):
        if actor in self._cloth_actors:
            self._cloth_actors.remove(actor)
        if self._current is actor:
            self._current = self._cloth_actors[0] if self._cloth_actors else None

    def IsClothActor(self, actor):
        return 1 if actor in self._cloth_actors else 0

    def CurrentClothActor(self):
        return self._current

    def SetCurrentClothActor(self, Actor):
        require(Actor, ActorType, "SetCurrentClothActor")
        if Actor not in self._cloth_actors:
            raise error("'%s' is not a cloth actor of simulation '%s'" % (Actor.Name(), self._name))
        self._current = Actor

    def AddCollisionActor(self, actor):
        require(actor, ActorType, "AddCollisionActor")
        if actor not in self._collision_actors:
            self._collision_actors.append(actor)

    def RemoveCollisionActor(self, actor):
        if actor in self._collision_actors:
            self._collision_actors.remove(actor)

    def IsCollisionActor(self, actor):
        return 1 if actor in self._collision_actors else 0

    def AddCollisionFigure(self, figure, excludeList=None):
        """Adds ``figure`` as a collision object, leaving out its groups (body-part
        internal names) in ``excludeList``."""
        require(figure, FigureType, "AddCollisionFigure")
        excluded = [str(name) for name in (excludeList or ())]
        self.RemoveCollisionFigure(figure)
        self._collision_figures.append((figure, excluded))

    def RemoveCollisionFigure(self, figure):
        self._collision_figures = [entry for entry in self._collision_figures if entry[0] is not figure]

    def IsCollisionFigure(self, figure):
        return 1 if any(entry[0] is figure for entry in self._collision_figures) else 0

    def CollisionFigureExcludes(self, figure):
        """Not in Poser: the group names ``AddCollisionFigure`` left out for ``figure``."""
        for entry in self._collision_figures:
            if entry[0] is figure:
                return list(entry[1])
        raise error("'%s' is not a collision figure of simulation '%s'" % (figure.Name(), self._name))

    # Frames
    def StartFrame(self):
        return self._start

    def SetStartFrame(self, frame):
        self._start = int(frame)

    def EndFrame(self):
        if self._end is None:
            scene = self._scene or Scene()
            frames = getattr(scene, "NumFrames", None)
            return max(self._start, frames() - 1) if frames else 29
        return self._end

    def SetEndFrame(self, frame):
        self._end = int(frame)

    def DrapingFrames(self):
        return self._draping

    def SetDrapingFrames(self, frames):
        if int(frames) < 0:
            raise error("SetDrapingFrames: %r is negative" % (frames,))
        self._draping = int(frames)

    # Dynamics
    def DynamicsProperty(self, Name):
        """The value of the property ``Name`` (a kClothParmCode* value)."""
        suffix = _cloth_property(Name)
        return self._properties.get(suffix, _CLOTH_DEFAULTS[suffix])

    def SetDynamicsProperty(self, Name, Value):
        suffix = _cloth_property(Name)
        try:
            self._properties[suffix] = float(Value)
        except (TypeError, ValueError):
            raise error("SetDynamicsProperty expects a number, got %r" % (Value,))

    @records_call
    def CalculateDynamics(self):
        """Runs the simulation (recorded; the simulation is marked calculated)."""
        if not self._cloth_actors:
            raise error("simulation '%s' has no cloth actor" % self._name)
        self._calculated = True

    @records_call
    def ClearDynamics(self):
        self._calculated = False

    def Delete(self):
        """Removes this simulation from the scene."""
        scene = self._scene or Scene()
        simulations = scene.__dict__.get("_cloth_simulators", [])
        if self in simulations:
            simulations.remove(self)
        self._deleted = True

    def __repr__(self):
        return "<ClothSimulatorType '%s'>" % self._name


class SceneHairClothMixin(object):
    """SceneType's cloth simulation methods (SceneType inherits them)."""

    def _cloth_list(self):
        simulations = self.__dict__.get("_cloth_simulators")
        if simulations is None:
            simulations = self._cloth_simulators = []
        return simulations

    def CreateClothSimulator(self, name):
        """A new, empty cloth simulation named ``name``."""
        simulation = ClothSimulatorType(name, self)
        self._cloth_list().append(simulation)
        return simulation

    def ClothSimulator(self, Index):
        simulations = self._cloth_list()
        check_index(Index, len(simulations), "cloth simulator")
        return simulations[Index]

    def ClothSimulatorByName(self, name):
        for simulation in self._cloth_list():
            if simulation.Name() == name:
                return simulation
        raise error("no cloth simulator named '%s'" % (name,))

    def NumClothSimulators(self):
        return len(self._cloth_list())

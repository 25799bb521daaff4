"""Deformers: magnets (a Magnet, its Mag Base and its Mag Zone) and waves (a Wave and its
zone), and grouping objects, as Poser's Create Magnet / Create Wave / Create Grouping make
them. The SceneType methods that create them call these makers.

A magnet's base sits at the deformed actor's origin and is its child; the magnet and the
zone are children of the base. ``magnet.Base()`` is the base, ``magnet.Zones()`` the zone
list; ``IsDeformer()`` is 1 for the magnet and the wave, ``IsBase()`` for the base,
``IsZone()`` for the zones. Every part is a prop of the scene (``IsProp()`` 1).
"""

from ._actors import ActorType
from ._codes import (kParmCodeWAVEAMPLITUDE, kParmCodeWAVEAMPLITUDENOISE, kParmCodeWAVEFREQUENCY,
                     kParmCodeWAVELENGTH, kParmCodeWAVEOFFSET, kParmCodeWAVEPHASE, kParmCodeWAVESINUSOIDAL,
                     kParmCodeWAVESQUARE, kParmCodeWAVESTRETCH, kParmCodeWAVETRIANGULAR, kParmCodeWAVETURBULENCE)
from ._skeleton import OBJECT_DIALS

_WAVE_DIALS = tuple((name, internal, code, value, low, high, False) for name, internal, code, value, low, high in (
    ("Phase", "phase", kParmCodeWAVEPHASE, 0.0, -10000.0, 10000.0),
    ("Amplitude", "amplitude", kParmCodeWAVEAMPLITUDE, 0.1, -10000.0, 10000.0),
    ("Wavelength", "wavelength", kParmCodeWAVELENGTH, 1.0, 0.0001, 10000.0),
    ("Stretch", "stretch", kParmCodeWAVESTRETCH, 0.0, -10000.0, 10000.0),
    ("Amplitude Noise", "amplitudeNoise", kParmCodeWAVEAMPLITUDENOISE, 0.0, 0.0, 1.0),
    ("Frequency", "frequency", kParmCodeWAVEFREQUENCY, 1.0, 0.0, 10000.0),
    ("Offset", "offset", kParmCodeWAVEOFFSET, 0.0, -10000.0, 10000.0),
    ("Turbulence", "turbulence", kParmCodeWAVETURBULENCE, 0.0, 0.0, 1.0),
    ("Sinusoidal", "sinusoidal", kParmCodeWAVESINUSOIDAL, 1.0, 0.0, 1.0),
    ("Square", "square", kParmCodeWAVESQUARE, 0.0, 0.0, 1.0),
    ("Triangular", "triangular", kParmCodeWAVETRIANGULAR, 0.0, 0.0, 1.0),
)) + OBJECT_DIALS


def _next_number(scene, prefix):
    taken = set()
    for actor in scene.Actors():
        name = actor.Name()
        if name.startswith(prefix) and name[len(prefix):].isdigit():
            taken.add(int(name[len(prefix):]))
    number = 1
    while number in taken:
        number += 1
    return number


def _centre(actor):
    geom = actor.Geometry()
    if geom is None or not geom.NumVertices():
        return actor.Origin()
    coords = geom._coords
    count = len(coords) // 3
    return tuple(sum(coords[axis::3]) / count for axis in range(3))


def create_magnet(scene, actor):
    """A magnet deforming ``actor``: adds Magnet N, Mag Base N and Mag Zone N to the scene's
    props and answers the magnet."""
    number = _next_number(scene, "Magnet ")
    x, y, z = _centre(actor)
    base = ActorType("Mag Base %d" % number, "magnetBase_%d" % number, ActorType._MAGNET_BASE, parent=actor,
                     origin=(x, y, z))
    magnet = ActorType("Magnet %d" % number, "magnet_%d" % number, ActorType._MAGNET, parent=base,
                       origin=(x, y + 0.05, z))
    zone = ActorType("Mag Zone %d" % number, "magnetZone_%d" % number, ActorType._MAGNET_ZONE, parent=base,
                     origin=(x, y, z))
    magnet._base = base
    magnet._zones = [zone]
    for part in (base, zone):
        part._deformer = magnet
    scene._props.extend([magnet, base, zone])
    return magnet


def create_wave(scene, actor=None):
    """A wave deformer (and its zone), placed at ``actor``'s centre when one is given; adds
    Wave N and Wave Zone N to the scene's props and answers the wave."""
    number = _next_number(scene, "Wave ")
    where = _centre(actor) if actor is not None else (0.0, 0.0, 0.0)
    wave = ActorType("Wave %d" % number, "wave_%d" % number, ActorType._WAVE, origin=where, dials=_WAVE_DIALS)
    zone = ActorType("Wave Zone %d" % number, "waveZone_%d" % number, ActorType._WAVE_ZONE, parent=wave,
                     origin=where)
    wave._zones = [zone]
    zone._deformer = wave
    scene._props.extend([wave, zone])
    return wave


def create_grouping(scene):
    """A grouping object (a prop other actors can be parented to); adds it to the scene's
    props and answers it."""
    number = _next_number(scene, "Grouping ")
    grouping = ActorType("Grouping %d" % number, "GROUPING_%d" % number, ActorType._GROUPING)
    scene._props.append(grouping)
    return grouping

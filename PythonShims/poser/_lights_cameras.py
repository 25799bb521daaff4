"""Cameras and lights of the default scene, and how to make more: their dials as Poser
names them, their defaults, and ``camera(...)``/``light(...)`` makers.

Cameras orbit the scene's centre (``xOrbit``/``yOrbit``/``zOrbit`` after ``DollyX/Y/Z``),
except the Dolly Camera, which turns about itself (Roll, Pitch, Yaw). Lights carry their
colour, intensity and shadow dials. Every maker returns a plain ActorType; its dials are
made when first asked for.
"""

from ._actors import ActorType
from ._codes import (kLightCodeIMAGE, kLightCodeINFINITE, kParmCodeDEPTHMAPSIZE,
                     kParmCodeDEPTHMAPSTRENGTH, kParmCodeFOCAL, kParmCodeFOCUSDISTANCE, kParmCodeFSTOP,
                     kParmCodeHITHER, kParmCodeKDBLUE, kParmCodeKDGREEN, kParmCodeKDINTENSITY, kParmCodeKDRED,
                     kParmCodeLITEATTENEND, kParmCodeLITEATTENSTART, kParmCodeLITEFALLOFFEND,
                     kParmCodeLITEFALLOFFSTART, kParmCodeSHUTTERCLOSE, kParmCodeSHUTTEROPEN, kParmCodeXROT,
                     kParmCodeXTRAN, kParmCodeYON, kParmCodeYROT, kParmCodeYTRAN, kParmCodeZROT, kParmCodeZTRAN)
from ._skeleton import SCALES

_BIG = 10000.0
_NO_CODE = 0  # a dial type the manual lists no kParmCode* for (a camera's Perspective)

# (display name, internal name, dolly (x, y, z), orbit (x, y, z) or None for the dolly
# camera's own rotations, focal length in mm)
CAMERAS = (
    ("Main Camera", "MAIN_CAMERA", (0.0, 0.5, 3.0), (0.0, 0.0, 0.0), 38.0),
    ("Aux Camera", "AUX_CAMERA", (0.0, 1.0, 4.242641), (0.0, 45.0, 0.0), 38.0),
    ("Posing Camera", "POSE_CAMERA", (0.0, 0.6, 2.0), (0.0, 0.0, 0.0), 55.0),
    ("Dolly Camera", "DOLLY_CAMERA", (0.0, 0.5, 4.0), None, 38.0),
    ("Face Camera", "FACE_CAMERA", (0.0, 0.72, 0.6), (0.0, 0.0, 0.0), 95.0),
    ("Left Camera", "LEFT_CAMERA", (0.0, 0.4, 3.0), (0.0, 90.0, 0.0), 38.0),
    ("Right Camera", "RIGHT_CAMERA", (0.0, 0.4, 3.0), (0.0, -90.0, 0.0), 38.0),
    ("Top Camera", "TOP_CAMERA", (0.0, 0.0, 3.0), (-90.0, 0.0, 0.0), 38.0),
    ("Bottom Camera", "BOTTOM_CAMERA", (0.0, 0.0, 3.0), (90.0, 0.0, 0.0), 38.0),
    ("Front Camera", "FRONT_CAMERA", (0.0, 0.4, 3.0), (0.0, 0.0, 0.0), 38.0),
    ("Back Camera", "BACK_CAMERA", (0.0, 0.4, 3.0), (0.0, 180.0, 0.0), 38.0),
    ("Left Hand Camera", "LHAND_CAMERA", (0.37, 0.6, 0.4), (0.0, 0.0, 0.0), 38.0),
    ("Right Hand Camera", "RHAND_CAMERA", (-0.37, 0.6, 0.4), (0.0, 0.0, 0.0), 38.0),
)

# (display name, internal name, light code, (red, green, blue), intensity, (xrot, yrot),
# position)
LIGHTS = (
    ("Light 1", "LIGHT_1", kLightCodeINFINITE, (1.0, 1.0, 1.0), 1.0, (-35.0, 25.0), (0.6, 1.2, 1.0)),
    ("Light 2", "LIGHT_2", kLightCodeINFINITE, (0.75, 0.8, 1.0), 0.6, (-20.0, -70.0), (-1.0, 0.9, 0.4)),
    ("Light 3", "LIGHT_3", kLightCodeINFINITE, (1.0, 0.9, 0.8), 0.4, (-60.0, 160.0), (0.3, 1.5, -1.0)),
    ("Light 4", "LIGHT_4", kLightCodeIMAGE, (1.0, 1.0, 1.0), 0.5, (0.0, 0.0), (0.0, 1.0, 0.0)),
)


def _dial(name, internal, code, value, low=-_BIG, high=_BIG):
    return (name, internal, code, float(value), low, high, False)


def camera_dials(dolly, orbit, focal):
    """A camera's dials: lens, depth of field, shutter, scale, dolly, then its orbit (or
    roll, pitch, yaw for a camera turning about itself)."""
    dials = (_dial("Focal", "focal", kParmCodeFOCAL, focal, 1.0, 1000.0),
             _dial("Perspective", "perspective", _NO_CODE, 0.0, 0.0, 1.0),
             _dial("Hither", "hither", kParmCodeHITHER, 0.01, 0.0001, _BIG),
             _dial("Yon", "yon", kParmCodeYON, 100.0, 0.001, _BIG),
             _dial("Focus Distance", "focusDistance", kParmCodeFOCUSDISTANCE, 3.0, 0.0, _BIG),
             _dial("fStop", "fStop", kParmCodeFSTOP, 5.6, 0.1, 128.0),
             _dial("Shutter Open", "shutterOpen", kParmCodeSHUTTEROPEN, 0.0, 0.0, 1.0),
             _dial("Shutter Close", "shutterClose", kParmCodeSHUTTERCLOSE, 0.5, 0.0, 1.0),
             SCALES[0],
             _dial("DollyZ", "dollyZ", kParmCodeZTRAN, dolly[2]),
             _dial("DollyY", "dollyY", kParmCodeYTRAN, dolly[1]),
             _dial("DollyX", "dollyX", kParmCodeXTRAN, dolly[0]))
    if orbit is None:
        return dials + (_dial("Roll", "zrot", kParmCodeZROT, 0.0), _dial("Pitch", "xrot", kParmCodeXROT, 0.0),
                        _dial("Yaw", "yrot", kParmCodeYROT, 0.0))
    return dials + (_dial("xOrbit", "xOrbit", kParmCodeXROT, orbit[0]),
                    _dial("yOrbit", "yOrbit", kParmCodeYROT, orbit[1]),
                    _dial("zOrbit", "zOrbit", kParmCodeZROT, orbit[2]))


def camera(name, internal, dolly=(0.0, 0.5, 3.0), orbit=(0.0, 0.0, 0.0), focal=38.0):
    """A camera actor (``orbit=None``: one that turns about itself, like the Dolly Camera)."""
    return ActorType(name, internal, ActorType._CAMERA, dials=camera_dials(dolly, orbit, focal), axis="z")


def light_dials(color=(1.0, 1.0, 1.0), intensity=1.0, rotation=(0.0, 0.0), position=(0.0, 1.0, 0.0)):
    """A light's dials: colour, intensity, shadow, spot angles and distances, rotations,
    translations, scale."""
    return (_dial("Red", "kdRed", kParmCodeKDRED, color[0], 0.0, 1.0),
            _dial("Green", "kdGreen", kParmCodeKDGREEN, color[1], 0.0, 1.0),
            _dial("Blue", "kdBlue", kParmCodeKDBLUE, color[2], 0.0, 1.0),
            _dial("Intensity", "kdIntensity", kParmCodeKDINTENSITY, intensity, 0.0, 10.0),
            _dial("Shadow", "depthMapStrength", kParmCodeDEPTHMAPSTRENGTH, 1.0, 0.0, 1.0),
            _dial("Map Size", "depthMapSize", kParmCodeDEPTHMAPSIZE, 256.0, 16.0, 4096.0),
            _dial("Angle Start", "angleStart", kParmCodeLITEFALLOFFSTART, 70.0, 0.0, 180.0),
            _dial("Angle End", "angleEnd", kParmCodeLITEFALLOFFEND, 80.0, 0.0, 180.0),
            _dial("Dist Start", "distStart", kParmCodeLITEATTENSTART, 0.0, 0.0, _BIG),
            _dial("Dist End", "distEnd", kParmCodeLITEATTENEND, 0.0, 0.0, _BIG),
            _dial("xRotate", "xrot", kParmCodeXROT, rotation[0]),
            _dial("yRotate", "yrot", kParmCodeYROT, rotation[1]),
            _dial("zRotate", "zrot", kParmCodeZROT, 0.0),
            _dial("xTran", "xtran", kParmCodeXTRAN, position[0]),
            _dial("yTran", "ytran", kParmCodeYTRAN, position[1]),
            _dial("zTran", "ztran", kParmCodeZTRAN, position[2]),
            SCALES[0])


def light(name, internal, code=kLightCodeINFINITE, color=(1.0, 1.0, 1.0), intensity=1.0, rotation=(0.0, 0.0),
          position=(0.0, 1.0, 0.0)):
    """A light actor of type ``code`` (a kLightCode* value)."""
    actor = ActorType(name, internal, ActorType._LIGHT, dials=light_dials(color, intensity, rotation, position),
                      axis="z")
    if code != kLightCodeINFINITE:
        actor._light_type = code
    return actor

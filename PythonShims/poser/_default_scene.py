"""The default scene every ``SceneType()`` starts with (docs/PATHS.md and docs/GUIDE.md
describe its names; tests and samples rely on them):

* "Figure 1", a figure with a Poser figure's body parts (``_skeleton``: BODY, hip, abdomen,
  chest, neck, head, eyes, collars, shoulders, forearms, hands with three joints per
  finger, thighs, shins, feet, toes), current actor its hip ("Hip");
* the standard cameras (``_lights_cameras.CAMERAS``: "Main Camera" (current), "Aux Camera",
  "Posing Camera", "Dolly Camera", "Face Camera", the Left/Right/Top/Bottom/Front/Back
  cameras and the two hand cameras);
* lights "Light 1" (current), "Light 2", "Light 3" (infinite) and "Light 4" (image based);
* props "GROUND" (the floor), "ball" (a small sphere) and "Ground Grid", a GRID_SIDE x
  GRID_SIDE vertex grid;
* the universe actor ("UNIVERSE", ``scene._universe``), parent of every actor that has no
  other parent.

Only the actors are made here; their dials and meshes are made when first asked for.
"""

from ._actors import ActorType
from ._figures import FigureType
from ._geometry import GeomType, grid, sphere
from ._lights_cameras import CAMERAS, LIGHTS, camera, light

GROUND_SIZE = 10.0  # the floor prop is a GROUND_SIZE x GROUND_SIZE square at Y = 0


def ground():
    half = GROUND_SIZE / 2.0
    return GeomType((-half, 0.0, -half, half, 0.0, -half, half, 0.0, half, -half, 0.0, half), (0,), (4,),
                    (0, 3, 2, 1), ("Ground",), ("GROUND",), (0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0))


def ball():
    return sphere(0.1)


def populate(scene):
    """Fills an empty SceneType with the default figure, cameras, lights and props and
    selects the defaults."""
    scene._universe = ActorType("UNIVERSE", "UNIVERSE", ActorType._UNIVERSE)
    figure = FigureType("Figure 1", 1)
    scene._figures.append(figure)
    scene._figure_count = 1
    scene._cameras.extend(camera(name, internal, dolly, orbit, focal) for name, internal, dolly, orbit, focal in CAMERAS)
    scene._lights.extend(light(*row) for row in LIGHTS)
    floor = ActorType("GROUND", "GROUND", ActorType._PROP, build=ground)
    large = ActorType("Ground Grid", "GROUND_GRID", ActorType._PROP, build=grid)
    floor._material_names = large._material_names = ("Ground",)  # their meshes' material
    scene._props.extend([floor, ActorType("ball", "ball_1", ActorType._PROP, origin=(0.5, 0.1, 0.0), build=ball),
                         large])
    scene._current_figure = figure
    scene._current_actor = figure._actors[1]
    scene._current_camera = scene._cameras[0]
    scene._current_light = scene._lights[0]

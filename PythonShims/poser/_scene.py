"""The scene: SceneType. Its core is here: the collections, selection, lookups, building and
deleting actors, the scene's colours and display settings, Memorize/Restore, the bounding
box and WorldToScreen. The rest comes from mixins: time and animation sets
(``_animation``), callbacks (``_callbacks``), library files and documents (``_library``),
import/export, movies and images (``_imexport``), rendering (``_render``), hair and cloth
(``_hair_cloth``); the default content from ``_default_scene``.

State lives on the scene object (``_figures``, ``_props``, ``_cameras``, ``_lights``,
``_universe``, ``_current_*``, ...): ``_init_state`` sets it, ``populate`` fills it, and a
new document (``poser.NewDocument``/``OpenDocument``/``CloseDocument``) does both again on
the same object, so scripts that keep ``scene = poser.Scene()`` keep a working scene; the
event and world-space callbacks stay.

For other areas: ``_add_actor(actor)``/``_remove_actor(actor)`` put an actor in the
scene's lists or take it out (reporting kEventCodeACTORADDED/DELETED), ``_delete_actor``
and ``_delete_figure`` are what ``ActorType.Delete``/``FigureType.Delete`` call (undoable),
``_note_event(code, item)`` reports an event, ``_record(name, undo, redo)`` adds an undo
command.
"""

import math

from ._actors import ActorType
from ._animation import SceneAnimationMixin
from ._base import find_named
from ._callbacks import SceneCallbacksMixin
from ._calllog import error, log, records_call, require
from ._codes import (kDisplayCodeSMOOTHSHADED, kEventCodeACTORADDED, kEventCodeACTORDELETED,
                     kEventCodeACTORSELECTIONCHANGED, kEventCodeKEYSCHANGED, kEventCodePARMCHANGED, kLightCodeSPOT,
                     kParmCodeFOCAL)
from ._commands import CommandStack, parms_state, restore_parms
from ._default_scene import populate
from ._figures import FigureType
from ._geometry import GeomType
from ._hair_cloth import SceneHairClothMixin
from ._imexport import INCHES_PER_UNIT, SceneIOMixin
from ._library import SceneLibraryMixin
from ._materials import MaterialType
from ._meshio import Mesh, build_geometry, mesh_of
from ._render import SceneRenderMixin

_KEPT = ("_event_callback", "_worldspace_callback")  # survive a new document


def _figure_actor(figure):
    """The actor selecting a figure selects (its hip, else its BODY)."""
    root = getattr(figure, "RootActor", None)
    return root() if root is not None else figure.ParentActor()


def _is_ground(actor):
    return actor.IsProp() and actor.InternalName().upper().startswith("GROUND")


class SceneType(SceneLibraryMixin, SceneIOMixin, SceneAnimationMixin, SceneCallbacksMixin, SceneRenderMixin,
                SceneHairClothMixin):
    """The one scene: figures, props, cameras, lights, the selection, time, settings.

    ``SceneType()`` is the default scene (``_default_scene.populate``)."""

    def __init__(self):
        self._init_state()
        populate(self)

    def _init_state(self):
        kept = dict((name, self.__dict__[name]) for name in _KEPT if name in self.__dict__)
        self.__dict__.clear()
        self.__dict__.update(kept)
        self._figures = []
        self._cameras = []
        self._lights = []
        self._props = []
        self._current_figure = None
        self._current_actor = None
        self._current_camera = None
        self._current_light = None
        self._current_material = None
        self._figure_count = 0
        self._commands = CommandStack()
        self._document_path = ""
        self._settings = {}
        self._memorized = None
        self._memorized_lights = None
        self._init_animation()

    def _reset_content(self):
        """The default scene again, in this object (a new document)."""
        self._init_state()
        populate(self)

    # ------------------------------------------------------------------ collections
    def Figures(self):
        return list(self._figures)

    def Actors(self):
        """Every actor: the figures' body parts, then props, cameras and lights."""
        actors = []
        for figure in self._figures:
            actors.extend(figure.Actors())
        return actors + self._props + self._cameras + self._lights

    def Cameras(self):
        return list(self._cameras)

    def Lights(self):
        return list(self._lights)

    def Props(self):
        """Not in the manual's Scene methods (scripts filter Actors() with IsProp): the
        props, deformers and hair included."""
        return [a for a in self._props if a.IsProp()]

    def Measurements(self):
        kind = getattr(ActorType, "_MEASUREMENT", None)
        return [a for a in self.Actors() if getattr(a, "_kind", None) == kind]

    def Materials(self):
        """The materials of every figure and prop."""
        materials = []
        for figure in self._figures:
            materials.extend(figure.Materials())
        for prop in self._props:
            materials.extend(prop.Materials())
        return materials

    def WacroLights(self):
        """The lights a light wacro acts on: every light."""
        return list(self._lights)

    def WacroMaterials(self):
        """The materials a material wacro acts on: the current actor's selected materials,
        else the current material, else all the current actor's materials."""
        actor = self._current_actor
        materials = actor.Materials() if actor is not None else []
        chosen = [m for m in materials if m.Selected()]
        if chosen:
            return chosen
        if self._current_material is not None:
            return [self._current_material]
        return list(materials)

    def NumFigures(self):
        return len(self._figures)

    def NumCameras(self):
        return len(self._cameras)

    def NumLights(self):
        return len(self._lights)

    def NumProps(self):
        return len(self.Props())

    def NumBodyParts(self):
        """Body parts with geometry, over every figure."""
        return sum(figure.NumbBodyParts() for figure in self._figures)

    def NumGeometries(self):
        return self.NumProps() + self.NumBodyParts()

    def _maps(self, getter):
        files = set()
        for material in self.Materials():
            path = getattr(material, getter, lambda: "")()
            if path:
                files.add(path)
        return len(files)

    def NumImageMaps(self):
        """Distinct texture map files of the scene's materials."""
        return self._maps("TextureMapFileName")

    def NumBumpMaps(self):
        return self._maps("BumpMapFileName")

    def MorphFiles(self):
        """Morph target files in use: the stub's morphs live in its figures, none in files."""
        return []

    def GeomFileName(self):
        """The geometry file of the current actor ("" when it has none)."""
        actor = self._current_actor
        return actor.GeomFileName() if actor is not None else ""

    # ------------------------------------------------------------------ selection
    def CurrentActor(self):
        return self._current_actor

    def CurrentFigure(self):
        return self._current_figure

    def CurrentCamera(self):
        return self._current_camera

    def CurrentLight(self):
        return self._current_light

    def CurrentMaterial(self):
        """The material SelectMaterial chose; None when none is selected."""
        return self._current_material

    def SelectActor(self, actor):
        """Makes ``actor`` current (a body part's figure becomes the current figure, a
        light the current light)."""
        require(actor, ActorType, "SelectActor")
        if actor not in self._search_order() and actor is not getattr(self, "_universe", None):
            raise error("'%s' is not in the scene" % actor.Name())
        self._select_actor(actor)

    def _select_actor(self, actor):
        before = self._selection()
        self._current_actor = actor
        if actor.ItsFigure() is not None:
            self._current_figure = actor.ItsFigure()
        if actor.IsLight():
            self._current_light = actor
        if self._selection() != before:
            self._note_event(kEventCodeACTORSELECTIONCHANGED, actor)

    def SelectFigure(self, figure):
        """Makes ``figure`` current, and its hip the current actor."""
        require(figure, FigureType, "SelectFigure")
        if figure not in self._figures:
            raise error("figure '%s' is not in the scene" % figure.Name())
        before = self._selection()
        self._current_figure = figure
        self._current_actor = _figure_actor(figure)
        if self._selection() != before:
            self._note_event(kEventCodeACTORSELECTIONCHANGED, figure)

    def SelectMaterial(self, material):
        """Makes ``material`` the current material, selected alone (as a click in the
        Material Room selects it and deselects the others)."""
        require(material, MaterialType, "SelectMaterial")
        for other in self.Materials():
            if other is not material and hasattr(other, "SetSelected"):
                other.SetSelected(0)
        self._current_material = material
        material.Select()

    def SetCurrentCamera(self, camera):
        require(camera, ActorType, "SetCurrentCamera")
        if not camera.IsCamera():
            raise error("'%s' is not a camera" % camera.Name())
        self._current_camera = camera

    def SetCurrentLight(self, light):
        require(light, ActorType, "SetCurrentLight")
        if not light.IsLight():
            raise error("'%s' is not a light" % light.Name())
        self._current_light = light

    def _selection(self):
        return (self._current_figure, self._current_actor, self._current_camera, self._current_light,
                self._current_material)

    def _restore_selection(self, state):
        before = self._selection()
        (self._current_figure, self._current_actor, self._current_camera, self._current_light,
         self._current_material) = state
        if state[:2] != before[:2]:
            self._note_event(kEventCodeACTORSELECTIONCHANGED, None)

    # ------------------------------------------------------------------ lookup
    def _search_order(self):
        """The current figure's actors first, then every other actor."""
        first = self._current_figure.Actors() if self._current_figure is not None else []
        seen = set(id(a) for a in first)
        return first + [a for a in self.Actors() if id(a) not in seen]

    def Actor(self, actorName):
        """An actor by display name ("Left Forearm") or internal name ("lForeArm"); the
        current figure's actors are searched first. Unknown names raise poser.error."""
        first = self._current_figure.Actors() if self._current_figure is not None else []
        actor = find_named(first, actorName) or _by_base(first, actorName) or find_named(self._search_order(),
                                                                                       actorName)
        if actor is None:
            universe = getattr(self, "_universe", None)
            if universe is not None and actorName in (universe.Name(), universe.InternalName()):
                return universe
            raise error("no actor named '%s' in the scene" % actorName)
        return actor

    def ActorByInternalName(self, internalName):
        """An actor by internal name, in the current figure first ("hip" is the current
        figure's hip, "hip:2" in the second figure); a name with a number no figure has
        ("hip:3") finds the first actor of that base name, as Poser's does; a display
        name is accepted last."""
        order = self._search_order()
        first = self._current_figure.Actors() if self._current_figure is not None else []
        base = internalName.split(":")[0]
        actor = (_by_internal(first, internalName) or _by_base(first, internalName)
                 or _by_internal(order, internalName) or _by_base(order, base) or find_named(order, internalName))
        if actor is None:
            universe = getattr(self, "_universe", None)
            if universe is not None and internalName == universe.InternalName():
                return universe
            raise error("no actor with internal name '%s' in the scene" % internalName)
        return actor

    def Figure(self, figureName):
        """A figure by display name ("Figure 1"), else internal name."""
        figure = find_named(self._figures, figureName)
        if figure is None:
            raise error("no figure named '%s' in the scene" % figureName)
        return figure

    def FigureByInternalName(self, figureName):
        for figure in self._figures:
            if figure.InternalName() == figureName:
                return figure
        figure = find_named(self._figures, figureName)
        if figure is None:
            raise error("no figure with internal name '%s' in the scene" % figureName)
        return figure

    # ------------------------------------------------------------------ adding, removing
    def _unique_internal(self, base):
        """``base``, or ``base_2``, ``base_3`` ... : an internal name no actor has."""
        base = str(base).replace(" ", "_") or "prop"
        taken = set(a.InternalName() for a in self.Actors())
        if base not in taken:
            return base
        number = 2
        while "%s_%d" % (base, number) in taken:
            number += 1
        return "%s_%d" % (base, number)

    def _group_of(self, actor):
        if actor.IsCamera():
            return self._cameras
        if actor.IsLight():
            return self._lights
        return self._props

    def _add_actor(self, actor, index=None):
        """Puts a prop, camera or light in the scene (at ``index`` of its list)."""
        group = self._group_of(actor)
        if actor in group:
            return
        if index is None:
            group.append(actor)
        else:
            group.insert(index, actor)
        self._note_event(kEventCodeACTORADDED, actor)

    def _remove_actor(self, actor):
        """Takes a prop, camera or light out of the scene (no undo), fixing the selection."""
        group = self._group_of(actor)
        if actor not in group:
            return
        group.remove(actor)
        with self._events():
            self._note_event(kEventCodeACTORDELETED, actor)
            if self._current_actor is actor:
                self._current_actor = self._fallback_actor()
                self._note_event(kEventCodeACTORSELECTIONCHANGED, None)
            if self._current_camera is actor:
                self._current_camera = self._cameras[0] if self._cameras else None
            if self._current_light is actor:
                self._current_light = self._lights[0] if self._lights else None

    def _fallback_actor(self):
        if self._current_figure is not None:
            return _figure_actor(self._current_figure)
        if self._props:
            return self._props[0]
        return self._cameras[0] if self._cameras else None

    def _add_figure(self, figure, index=None):
        if figure in self._figures:
            return
        if index is None:
            self._figures.append(figure)
        else:
            self._figures.insert(index, figure)
        self._current_figure = figure
        self._current_actor = _figure_actor(figure)
        self._note_event(kEventCodeACTORADDED | kEventCodeACTORSELECTIONCHANGED, figure)

    def _remove_figure(self, figure):
        if figure not in self._figures:
            return
        self._figures.remove(figure)
        code = kEventCodeACTORDELETED
        if self._current_figure is figure or (self._current_actor is not None
                                              and self._current_actor.ItsFigure() is figure):
            self._current_figure = self._figures[0] if self._figures else None
            self._current_actor = self._fallback_actor()
            code |= kEventCodeACTORSELECTIONCHANGED
        self._note_event(code, figure)

    def _record(self, name, undo, redo):
        self._commands.record(name, undo, redo)

    def _record_added(self, name, before, after, figures, actors):
        """Records adding ``figures`` and ``actors`` as one command (selection ``before``
        and ``after`` it)."""
        def undo():
            with self._events():
                for actor in actors:
                    self._remove_actor(actor)
                for figure in figures:
                    self._remove_figure(figure)
                self._restore_selection(before)

        def redo():
            with self._events():
                for figure in figures:
                    self._add_figure(figure)
                for actor in actors:
                    self._add_actor(actor)
                self._restore_selection(after)

        self._record(name, undo, redo)

    def _record_parms(self, name, states):
        """Records a change of the dials in ``states`` (``parms_state`` taken before it)
        as one command; their present state is what Redo puts back."""
        after = parms_state([parm for parm, _ in states])

        def undo():
            with self._events():
                restore_parms(states)
                self._note_event(kEventCodePARMCHANGED | kEventCodeKEYSCHANGED, None)

        def redo():
            with self._events():
                restore_parms(after)
                self._note_event(kEventCodePARMCHANGED | kEventCodeKEYSCHANGED, None)

        self._record(name, undo, redo)

    # ------------------------------------------------------------------ building
    def NewGeometry(self):
        """Not a Scene method in the manual (``poser.NewGeometry()`` is): an empty mesh."""
        return GeomType()

    def CreatePropFromGeom(self, geometry, propName):
        """A new prop named ``propName`` showing a copy of ``geometry``; it becomes the
        current actor. Undoable."""
        require(geometry, GeomType, "CreatePropFromGeom")
        copy = getattr(geometry, "Copy", None)
        geom = copy() if copy is not None else build_geometry(mesh_of(geometry))
        prop = ActorType(str(propName), self._unique_internal(propName), ActorType._PROP, geometry=geom)
        self._added("Create Prop", [prop], select=prop)
        return prop

    def _added(self, name, actors, select=None):
        """Adds ``actors`` (already made) to the scene as one undoable command."""
        before = self._selection()
        with self._events():
            for actor in actors:
                self._add_actor(actor)
            if select is not None:
                self._select_actor(select)
        self._record_added(name, before, self._selection(), [], actors)

    def _made_by(self, name, make):
        """Runs a maker that appends to ``_props`` itself (magnets, waves, groupings) and
        turns what it added into one undoable command."""
        before_props = list(self._props)
        result = make()
        new = [a for a in self._props if a not in before_props]
        self._props[:] = before_props
        self._added(name, new)
        return result

    def CreateLight(self):
        """Adds a spotlight ("Light N") and makes it the current light. Undoable."""
        from ._lights_cameras import light

        number = 1
        names = set(a.Name() for a in self.Actors())
        while "Light %d" % number in names:
            number += 1
        spot = light("Light %d" % number, self._unique_internal("LIGHT_%d" % number), kLightCodeSPOT)
        self._added("Create Light", [spot], select=spot)

    def CreateMagnet(self):
        """A magnet (Magnet N with its Mag Base N and Mag Zone N) on the current actor."""
        from ._deformers import create_magnet

        actor = self._current_actor
        if actor is None or actor.Geometry() is None:
            raise error("CreateMagnet needs a current actor with geometry")
        self._made_by("Create Magnet", lambda: create_magnet(self, actor))

    def CreateWave(self):
        """A wave deformer (Wave N and its zone) at the current actor."""
        from ._deformers import create_wave

        self._made_by("Create Wave", lambda: create_wave(self, self._current_actor))

    def CreateGrouping(self):
        """A grouping object (Grouping N)."""
        from ._deformers import create_grouping

        self._made_by("Create Grouping", lambda: create_grouping(self))

    def CreateGeomFromGroup(self, actor, groupName):
        """A new geometry of the polygons of ``actor``'s mesh in group ``groupName`` (with
        only the vertices they use, renumbered)."""
        require(actor, ActorType, "CreateGeomFromGroup")
        geom = actor.Geometry()
        if geom is None:
            raise error("actor '%s' has no geometry" % actor.Name())
        if groupName not in geom.Groups():
            raise error("actor '%s' has no group '%s'" % (actor.Name(), groupName))
        mesh = mesh_of(geom)
        part = Mesh()
        part.material_names = list(mesh.material_names)
        remap = {}
        uv_remap = {}
        tex = mesh.tex_sets is not None
        if tex:
            part.tex_starts, part.tex_counts, part.tex_sets = [], [], []
        for p in range(mesh.num_polygons()):
            if groupName not in mesh.groups[p]:
                continue
            part.starts.append(len(part.sets))
            part.counts.append(mesh.counts[p])
            for v in mesh.polygon(p):
                if v not in remap:
                    remap[v] = len(remap)
                    part.coords.extend(mesh.coords[3 * v:3 * v + 3])
                part.sets.append(remap[v])
            part.materials.append(mesh.materials[p])
            part.groups.append(list(mesh.groups[p]))
            if tex:
                start, count = mesh.tex_starts[p], mesh.tex_counts[p]
                part.tex_starts.append(len(part.tex_sets))
                part.tex_counts.append(count)
                for t in mesh.tex_sets[start:start + count]:
                    if t not in uv_remap:
                        uv_remap[t] = len(uv_remap)
                        part.uvs.extend(mesh.uvs[2 * t:2 * t + 2])
                    part.tex_sets.append(uv_remap[t])
        return build_geometry(part)

    # ------------------------------------------------------------------ deleting
    def DeleteCurrentProp(self):
        """Deletes the current actor when it is a prop (deformers with their parts)."""
        actor = self._current_actor
        if actor is None or not actor.IsProp():
            raise error("DeleteCurrentProp: the current actor is not a prop")
        actor.Delete()

    def DeleteCurrentFigure(self):
        figure = self._current_figure
        if figure is None:
            raise error("DeleteCurrentFigure: there is no current figure")
        figure.Delete()

    def _delete_actor(self, actor):
        """What ``ActorType.Delete`` calls: takes the actor out of the scene (undoable:
        its parent and children are put back)."""
        if actor.IsBodyPart():
            raise error("body parts are deleted with their figure")
        group = self._group_of(actor)
        if actor not in group:
            raise error("'%s' is not in the scene" % actor.Name())
        if actor.IsCamera() and len(self._cameras) == 1:
            raise error("the scene needs at least one camera")
        index = group.index(actor)
        parent = actor.Parent()
        children = actor.Children()
        before = self._selection()
        self._remove_actor(actor)
        after = self._selection()

        def undo():
            self._add_actor(actor, index)
            if parent is not None and parent.InternalName() != "UNIVERSE" and actor.Parent() is not parent:
                actor.SetParent(parent)
            for child in children:
                if child.Parent() is not actor:
                    child.SetParent(actor)
            self._restore_selection(before)

        def redo():
            self._remove_actor(actor)
            self._restore_selection(after)

        self._record("Delete " + actor.Name(), undo, redo)

    def _delete_figure(self, figure):
        """What ``FigureType.Delete`` calls (undoable)."""
        if figure not in self._figures:
            raise error("'%s' is not in the scene" % figure.Name())
        index = self._figures.index(figure)
        before = self._selection()
        self._remove_figure(figure)
        after = self._selection()

        def undo():
            self._add_figure(figure, index)
            self._restore_selection(before)

        def redo():
            self._remove_figure(figure)
            self._restore_selection(after)

        self._record("Delete " + figure.Name(), undo, redo)

    # ------------------------------------------------------------------ settings
    def _color(self, key, default):
        return self._settings.get(key, default)

    def _set_color(self, key, R, G, B):
        self._settings[key] = (float(R), float(G), float(B))

    def BackgroundColor(self):
        return self._color("background", (0.35, 0.35, 0.35))

    def SetBackgroundColor(self, R, G, B):
        self._set_color("background", R, G, B)

    def ForegroundColor(self):
        return self._color("foreground", (1.0, 1.0, 1.0))

    def SetForegroundColor(self, R, G, B):
        self._set_color("foreground", R, G, B)

    def GroundColor(self):
        return self._color("ground", (0.5, 0.5, 0.5))

    def SetGroundColor(self, R, G, B):
        self._set_color("ground", R, G, B)

    def ShadowColor(self):
        return self._color("shadow", (0.0, 0.0, 0.0))

    def SetShadowColor(self, R, G, B):
        self._set_color("shadow", R, G, B)

    def GroundShadows(self):
        """1 when ground shadows are shown, else 0."""
        return self._settings.get("ground_shadows", 1)

    def SetGroundShadows(self, on=1):
        self._settings["ground_shadows"] = 1 if on else 0

    def BackgroundImage(self):
        return self._settings.get("background_image", "")

    def SetBackgroundImage(self, filePath):
        self._settings["background_image"] = str(filePath)

    def BackgroundMovie(self):
        return self._settings.get("background_movie", "")

    def SetBackgroundMovie(self, movieName):
        self._settings["background_movie"] = str(movieName)

    def DisplayStyle(self):
        return self._settings.get("display_style", kDisplayCodeSMOOTHSHADED)

    def SetDisplayStyle(self, displayCode):
        from . import _codes

        codes = [getattr(_codes, n) for n in dir(_codes) if n.startswith("kDisplayCode")]
        if displayCode not in codes:
            raise error("SetDisplayStyle: %r is not a kDisplayCode* value" % (displayCode,))
        self._settings["display_style"] = displayCode

    def SetGeometricOutline(self, enabled):
        self._settings["geometric_outline"] = 1 if enabled else 0

    def SetGeometricOutlineWelding(self, enabled):
        self._settings["geometric_outline_welding"] = 1 if enabled else 0

    def StartupScript(self):
        return self._settings.get("startup_script", "")

    def SetStartupScript(self, filePath):
        self._settings["startup_script"] = str(filePath)

    def ClearStartupScript(self):
        self._settings["startup_script"] = ""

    def SetMeAsStartupScript(self):
        """The running script (``poser.ScriptLocation()``) becomes the startup script."""
        from ._app import ScriptLocation

        location = ScriptLocation()
        if not location:
            raise error("SetMeAsStartupScript: no script file is running")
        self._settings["startup_script"] = location

    def OutputRes(self):
        """(width, height) of rendered images, in pixels."""
        return self._settings.get("output_res", (640, 480))

    def SetOutputRes(self, x, y):
        if int(x) < 1 or int(y) < 1:
            raise error("SetOutputRes needs a positive size")
        self._settings["output_res"] = (int(x), int(y))

    _SAVED_SETTINGS = ("background", "foreground", "ground", "shadow", "ground_shadows", "background_image",
                       "background_movie", "display_style", "geometric_outline", "geometric_outline_welding",
                       "startup_script", "output_res")

    def _settings_state(self):
        """[(key, JSON-able value)] of the scene's settings, for documents."""
        state = [("setting_" + key, self._settings[key]) for key in self._SAVED_SETTINGS if key in self._settings]
        state.append(("sound", [self._sound, list(self._sound_range) if self._sound_range else None]))
        return state

    def _restore_state(self, node, ids, figures):
        """Puts back what a document's ``sceneState`` block holds."""
        import json

        for line in node.children or ():
            key, value = line.key, line.value
            try:
                if key.startswith("setting_"):
                    data = json.loads(value)
                    self._settings[key[len("setting_"):]] = tuple(data) if isinstance(data, list) else data
                elif key == "sound":
                    sound, sound_range = json.loads(value)
                    self._sound = sound
                    self._sound_range = tuple(sound_range) if sound_range else None
                elif key == "frame":
                    self._frame = min(int(value), self._num_frames - 1)
                elif key == "fps":
                    self._fps = int(float(value))
                elif key == "outputRange":
                    start, end = value.split()[:2]
                    self._output_range = (int(start), int(end))
                elif key == "currentFigure":
                    index = int(value)
                    if 0 <= index < len(figures):
                        self._current_figure = figures[index]
                elif key in ("currentActor", "currentCamera", "currentLight") and value in ids:
                    setattr(self, "_current_" + key[len("current"):].lower(), ids[value])
            except (ValueError, TypeError, IndexError):
                continue
        if self._current_figure is None and self._figures:
            self._current_figure = self._figures[0]
        if self._current_actor is None or self._current_actor not in self._search_order():
            self._current_actor = self._fallback_actor()
        if self._current_camera not in self._cameras:
            self._current_camera = self._cameras[0] if self._cameras else None
        if self._current_light not in self._lights:
            self._current_light = self._lights[0] if self._lights else None

    # ------------------------------------------------------------------ memorize, restore
    def MemorizeAll(self):
        """Remembers every dial of the scene (values, keys) for RestoreAll."""
        self._memorized = parms_state(self._every_parameter())

    def RestoreAll(self):
        """Puts every dial back as MemorizeAll found it (nothing before a MemorizeAll)."""
        if self._memorized is not None:
            with self._events():
                restore_parms(self._memorized)

    def MemorizeLights(self):
        self._memorized_lights = parms_state([p for light in self._lights for p in light.Parameters()])

    def RestoreLights(self):
        if self._memorized_lights is not None:
            with self._events():
                restore_parms(self._memorized_lights)

    # ------------------------------------------------------------------ what a window would show
    @records_call
    def DrawAll(self):
        self._world_updated()

    @records_call
    def Draw(self):
        self._world_updated()

    @records_call
    def AntialiasNow(self):
        pass

    @records_call
    def CopyToClipboard(self):
        pass

    @records_call
    def FrameSelected(self):
        pass

    @records_call
    def UpdateBGPreview(self):
        pass

    @records_call
    def ResolvePendingTextures(self):
        pass

    def ProcessSomeEvents(self, numEvents=None):
        log("ProcessSomeEvents", numEvents)

    def SceneBBox(self):
        """((min x, min y, min z), (max x, max y, max z)) in inches of the visible actors
        with geometry (without the ground props and actors left out with
        SetIncludeInBoundingBox(0)); all zeros for an empty scene."""
        from ._geometry import world_coords

        lows, highs = [float("inf")] * 3, [float("-inf")] * 3
        for actor in self.Actors():
            if actor.IsCamera() or actor.IsLight() or _is_ground(actor) or not actor.Visible():
                continue
            if not getattr(actor, "_include_in_bbox", 1):
                continue
            figure = actor.ItsFigure()
            if figure is not None and not figure.Visible():
                continue
            geom = actor.Geometry()
            if geom is None or not geom.NumVertices():
                continue
            coords = world_coords(geom)
            if coords is None:
                coords = mesh_of(geom, world=True).coords
            for axis in range(3):
                values = coords[axis::3]
                lows[axis] = min(lows[axis], min(values))
                highs[axis] = max(highs[axis], max(values))
        if lows[0] == float("inf"):
            return ((0.0, 0.0, 0.0), (0.0, 0.0, 0.0))
        return (tuple(v * INCHES_PER_UNIT for v in lows), tuple(v * INCHES_PER_UNIT for v in highs))

    def WorldToScreen(self, x, y, z):
        """Where world point (x, y, z) falls in the current camera's image: (x, y) in
        pixels of the output image (``OutputRes()``, origin top left, y down) and its
        distance in front of the camera (negative: behind it). The camera's position and
        orientation come from its world matrix (dolly, orbit, roll, pitch, yaw); its
        Focal dial is the focal length in mm of a 35 mm film frame 36 mm wide."""
        camera = self._current_camera
        m = camera.WorldMatrix()
        position = camera.WorldDisplacement()
        axes = []
        for row in m[:3]:
            length = math.sqrt(row[0] ** 2 + row[1] ** 2 + row[2] ** 2) or 1.0
            axes.append((row[0] / length, row[1] / length, row[2] / length))
        d = (float(x) - position[0], float(y) - position[1], float(z) - position[2])
        cx, cy, cz = [d[0] * a[0] + d[1] * a[1] + d[2] * a[2] for a in axes]
        depth = -cz
        focal = camera.ParameterByCode(kParmCodeFOCAL)
        focal = focal.Value() if focal is not None else 38.0
        width, height = self.OutputRes()
        scale = focal / 36.0 * width
        if abs(depth) < 1e-9:
            depth = 1e-9
        return (width / 2.0 + cx / depth * scale, height / 2.0 - cy / depth * scale, depth)

    def __repr__(self):
        return "<SceneType %d figures, %d props, frame %d>" % (len(self._figures), len(self._props), self._frame)


def _by_internal(actors, name):
    for actor in actors:
        if actor.InternalName() == name:
            return actor
    return None


def _by_base(actors, name):
    for actor in actors:
        if actor.InternalName().split(":")[0] == name:
            return actor
    return None

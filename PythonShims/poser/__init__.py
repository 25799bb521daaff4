"""A stand-in for Poser's built-in ``poser`` module.

PoserPython scripts (and snippets sent to a PoserTalkr server) call ``poser.Scene()`` and
walk figures, actors, parameters and geometry through CamelCase methods. This package
implements that API (see the PoserPython Methods Manual, Poser 9-13) over an in-memory
scene, so such scripts run unchanged without Poser. The default scene is deterministic (see
``_default_scene``): "Figure 1" with a Poser figure's body parts (current actor "Hip"), the
standard cameras, four lights, the "GROUND", a "ball" prop and a 708 x 708 vertex "Ground
Grid"; dials and meshes are made on first use.

Things a headless stub cannot do (render, redraw, show dialogs) are recorded in
``poser.CallLog()`` and answered the way a user clicking "OK" or "Yes" would. Only the
standard library is used, and the package runs under Python 2.7 and 3.x. ``ResetScene()``
and ``CallLog()`` are not in Poser, nor is ``DialogAnswers`` (the answers tests queue for
the next dialogs, see ``_dialogs``).

Files are real: library files, documents, exports and images are written to and read from
a content folder with Poser's ``Runtime/Libraries/...`` layout, by default in a temporary
folder made per process (``ContentRootLocation()``, removed when the process ends); set the
environment variable ``POSERTALKR_CONTENT_ROOT`` to a folder to use that one instead (a
real Poser content folder works: the stub reads Poser's pose, face, hand, camera, light and
inline-geometry prop files). See ``_app`` and ``_libfiles``.

Layout: one private module per area; this file only re-exports their public names.

  _codes         every k... constant             _calllog   error, call log, checks
  _base          Named, find_named               _current   Scene(), ResetScene()
  _math          4x4 matrices                    _materials MaterialType, shader tree/nodes
  _geometry      GeomType, vertices, polygons, mesh builders, the grid
  _parameters    ParmType, ValueOpType           _actors    ActorType (all kinds)
  _skeleton      the figure's body parts, dials   _figures   FigureType
  _lights_cameras cameras and lights, their dials _deformers magnets, waves, groupings
  _shader_nodes  shader node types (loaded with the first shader tree)
  _material_files materials as data, material set files (loaded on first use)
  _dialogs       Dialog* classes, DialogAnswers  _app       versions, locations, documents
  _credentials   CredManager
  _render        FireFly/SuperFly options, SceneRenderMixin
  _hair_cloth    HairType, ClothSimulatorType, SceneHairClothMixin
  _callbacks     event/world-space callbacks     _commands  the undo stack, dial snapshots
  _animation     frames, AnimSetType             _poserfile Poser's text file format
  _meshio        meshes <-> OBJ lines            _images    flat-colour PNG/BMP/TIFF/JPEG
  _library       LoadLibrary*/SaveLibrary*, documents (SceneLibraryMixin); the work
                 in _libfiles (loaded on first use)
  _imexport      ImExporterType, MovieMakerType, SaveImage (SceneIOMixin); the format
                 writers and readers in _exchange (loaded on first use)
  _default_scene what SceneType() starts with    _scene     SceneType

Import order, bottom up: _codes, _calllog, _base, _current, _math; then each area imports
only areas below it (materials < geometry < parameters < actors < figures < render,
hair_cloth < default_scene < animation, callbacks, library, imexport < scene). Nothing
imports _scene at module level: ``_current.Scene()`` imports it when it first builds a
scene.

Shared helpers for every area:

* ``_base.Named``: base class giving ``Name()``, ``SetName(name)``, ``InternalName()``
  from ``self._name`` / ``self._internal_name`` (ActorType, FigureType, ParmType use it).
* ``_base.find_named(items, name)``: the item whose display name, else internal name, is
  ``name``, or None; use it for every ``Actor(name)``/``Parameter(name)``-style lookup.
* ``_current.Scene()``: the current scene from anywhere (frame, selection).
* ``_calllog``: ``error``; ``log(what, *args)`` records a call; ``@records_call`` makes a
  method record its name and arguments before its body runs (renders, redraws, windows);
  ``check_index(i, count, what)`` and ``require(value, Class, where)`` raise ``error``.
* SceneType is assembled from mixins: the SceneType methods of an area go in that area's
  ``Scene...Mixin`` (``SceneRenderMixin``, ``SceneLibraryMixin``, ...), not in _scene.

A new public name is exported by importing it here (``__all__`` lists every public name
of this module); constants need no import line, ``_codes`` is imported whole.
"""

# The single-file module's __all__ listed the standard modules it used; ``from poser
# import *`` scripts may rely on them, so they stay public.
import math  # noqa: F401
import os  # noqa: F401
from array import array  # noqa: F401

from ._codes import *  # noqa: F401,F403
from ._calllog import CallLog, error
from ._current import ResetScene, Scene
from ._materials import (InputType, MaterialLayerType, MaterialType, ShaderNodeInputType, ShaderNodeOutputType,
                         ShaderNodeType, ShaderTreeType)
from ._geometry import GRID_SIDE, GeomType, PolyType, TexPolygonType, TexVertType, VertType
from ._parameters import ParmType, ValueOpType
from ._actors import ActorType
from ._figures import FigureType
from ._app import (Addons, AppLocation, AppVersion, Bitness, ClearCommands, ClearTextureCache, CloseDocument,
                   CommandNames, ContentRootLocation, CurrentCommand, CurrentRoom, DefineMaterialWacroButton,
                   DefineProjGuideHTMLWidget, DefineProjGuideScriptButton, DefineScriptButton, DocumentPath,
                   EnableParallelComputeActors, EnableParallelHairCollision, EnableTriMeshPrecomputation,
                   ExecFile, FileMetadata, Flavor, IsPro, Language, LeakMemory, Libraries, NewDocument,
                   NewGeometry, NewMotionRig, NumRenderThreads, OpenDocument, PaletteById, Palettes,
                   PrefsLocation, PreviewRenderEngineType, ProcessCommand, ProcessSomeEvents, Quit, Redo,
                   RegisterAddon, RenderInSeparateProcess, RevertDocument, Rooms, SaveDocument, SavePrefs,
                   ScriptButtons, ScriptLocation, SetCheckZeroMorphs, SetCurrentRoom, SetFileMetadata,
                   SetLanguage, SetNumRenderThreads, SetParallelComputeActorsThreadCount,
                   SetParallelHairCollisionThreadCount, SetPreviewRenderEngineType,
                   SetRenderInSeparateProcess, SetWriteBinaryMorphs, ShowFrameRate, StringResource,
                   TempLocation, Undo, Version, WriteBinaryMorphs, WxApp, WxAuiManager)
from ._dialogs import Dialog, DialogAnswers, DialogDirChooser, DialogFileChooser, DialogSimple, DialogTextEntry
from ._credentials import CredManager
from ._render import FireFlyOptionsType, SuperFlyOptionsType
from ._hair_cloth import ClothSimulatorType, HairType
from ._imexport import ImExporterType, MovieMakerType
from ._animation import AnimSetType
from ._scene import SceneType

# Type names of the manual's Types list that are Python's own types or other names
DictType = dict
FunctionType = type(lambda: None)
TupleType = tuple
PolygonType = PolyType

__all__ = sorted(_name for _name in dict(globals()) if not _name.startswith("_"))


def _claim_public_classes():
    """Poser's types live in ``poser``: name it as their module (reprs, tracebacks such as
    ``poser.error: ...``, pickling), wherever in the package they are defined."""
    for name in __all__:
        value = globals()[name]
        if isinstance(value, type) and value.__module__.startswith(__name__ + "."):
            value.__module__ = __name__


_claim_public_classes()

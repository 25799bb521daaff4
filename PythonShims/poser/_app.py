"""Module-level functions about the application rather than the scene: the version, the
install and content folders, running script files, documents, undo, rooms and palettes,
application settings. (``Scene``/``ResetScene`` live in ``_current``, ``CallLog`` in
``_calllog``.)

The version. One truth, ``VERSION``: the stub answers as Poser 13.0, build 0 (a Python 3
Poser, as the stub usually runs under Python 3). ``Version()`` is ``"13.0"`` (scripts do
``float(poser.Version())``), ``AppVersion()`` is ``"13.0.0"``: Poser 11.3 and later answer
"major.minor.build" there.

The folders. Everything lives under one temporary folder per process, made on first use
and removed when the process ends:

  <tmp>/posertalkr-XXXX/Poser/             the Poser folder: AppLocation() is its "Poser"
                                          program; paths "relative to the Poser folder"
                                          start here
  <tmp>/posertalkr-XXXX/Poser/Runtime/     the content root's Runtime (see below)
  <tmp>/posertalkr-XXXX/Temp/              TempLocation()
  <tmp>/posertalkr-XXXX/Prefs/             PrefsLocation()

``ContentRootLocation()`` and ``Libraries()[0]`` are the folder holding ``Runtime`` (by
default the Poser folder), with Poser's library layout ``Runtime/Libraries/{Character,
Pose, Props, Face, Hand, Hair, Light, Camera, Materials}`` plus ``Runtime/Geometries`` and
``Runtime/Textures``. Set the environment variable ``POSERTALKR_CONTENT_ROOT`` to a folder
(for instance a real Poser content folder) to use it as the content root instead: the
standard library folders missing there are created, nothing else is touched, and it is
not removed at exit.
"""

import os
import sys

from . import _current
from ._calllog import error, log

# --- The version ---------------------------------------------------------------------------
VERSION = (13, 0, 0)  # major, minor, build
FLAVOR = "Poser Pro"

# --- Application state (settings a script can change), restored by ResetScene() ------------


def _default_settings():
    return {"language": 0, "room": 1, "render_threads": 4, "separate_process": 0,
            "preview_engine": 1, "binary_morphs": 0, "frame_rate_shown": 0,
            "parallel_actors": 0, "parallel_actors_threads": 0, "parallel_hair": 0,
            "parallel_hair_threads": 0, "trimesh_precomputation": 0, "check_zero_morphs": 1,
            "script_buttons": {}, "wacro_buttons": {}, "guide_buttons": {}, "addons": {},
            "metadata": {}}


_SETTINGS = _default_settings()


def _reset_settings():
    _SETTINGS.clear()
    _SETTINGS.update(_default_settings())


_current.on_reset(_reset_settings)


def AppVersion():
    """"major.minor.build", as Poser 11.3 and later answer."""
    return "%d.%d.%d" % VERSION


def Version():
    """"major.minor": ``float(poser.Version())`` works."""
    return "%d.%d" % VERSION[:2]


def Flavor():
    return FLAVOR


def IsPro():
    return 1


def Bitness():
    """The word size the application was built for, as a string ("64")."""
    return "64" if sys.maxsize > 2 ** 32 else "32"


def Language():
    """A kLanguageCode* value (US English unless SetLanguage changed it)."""
    return _SETTINGS["language"]


def SetLanguage(languageID=None):
    from . import _codes

    if languageID is None:
        return
    codes = [getattr(_codes, n) for n in dir(_codes) if n.startswith("kLanguageCode")]
    if languageID not in codes:
        raise error("SetLanguage: %r is not a kLanguageCode* value" % (languageID,))
    _SETTINGS["language"] = languageID


def StringResource(majorID, minorID):
    """Poser's localized resource strings are not part of the stub: every ID answers ""."""
    int(majorID), int(minorID)
    return ""


# --- Folders -------------------------------------------------------------------------------
CONTENT_ROOT_VARIABLE = "POSERTALKR_CONTENT_ROOT"
LIBRARY_FOLDERS = ("Character", "Pose", "Props", "Face", "Hand", "Hair", "Light", "Camera", "Materials")

_BASE = [None]


def _makedirs(path):
    if not os.path.isdir(path):
        try:
            os.makedirs(path)
        except OSError:
            if not os.path.isdir(path):
                raise
    return path


def _base():
    """The per-process folder, made on first use and removed at exit."""
    if _BASE[0] is None or not os.path.isdir(_BASE[0]):
        import atexit
        import shutil
        import tempfile

        base = os.path.realpath(tempfile.mkdtemp(prefix="posertalkr-"))
        for name in ("Poser", "Temp", "Prefs"):
            _makedirs(os.path.join(base, name))
        _makedirs(os.path.join(base, "Poser", "Runtime", "Python", "poserScripts"))
        atexit.register(shutil.rmtree, base, True)
        _BASE[0] = base
    return _BASE[0]


def _with_layout(root):
    runtime = os.path.join(root, "Runtime")
    for name in LIBRARY_FOLDERS:
        _makedirs(os.path.join(runtime, "Libraries", name))
    _makedirs(os.path.join(runtime, "Geometries"))
    _makedirs(os.path.join(runtime, "Textures"))
    return root


_LAID_OUT = set()


def ContentRootLocation():
    """The folder holding the main ``Runtime`` (``$POSERTALKR_CONTENT_ROOT`` when set)."""
    root = os.environ.get(CONTENT_ROOT_VARIABLE) or os.path.join(_base(), "Poser")
    root = os.path.abspath(os.path.expanduser(root))
    if root not in _LAID_OUT or not os.path.isdir(os.path.join(root, "Runtime", "Libraries")):
        _with_layout(_makedirs(root))
        _LAID_OUT.add(root)
    return root


def Libraries():
    """The content folders (each holds a ``Runtime``), the main one first."""
    return [ContentRootLocation()]


def AppLocation():
    """The Poser program's path; its folder (the "Poser folder") exists."""
    return os.path.join(_base(), "Poser", "Poser")


def PoserFolder():
    return os.path.dirname(AppLocation())


def TempLocation():
    return _makedirs(os.path.join(_base(), "Temp"))


def PrefsLocation():
    return _makedirs(os.path.join(_base(), "Prefs"))


def library_folder(kind):
    """``Runtime/Libraries/<kind>`` of the main content folder."""
    return os.path.join(ContentRootLocation(), "Runtime", "Libraries", kind)


def resolve_path(filePath, must_exist=False, for_writing=False):
    """An OS path for a path as Poser scripts give them: absolute; relative to the Poser
    folder or a content folder (``Runtime\\Libraries\\x.pz2``, ``\\Runtime\\...``); or in
    Poser's colon form (``:Runtime:Libraries:Pose:x.pz2``, ``Runtime:Libraries:...``).

    A relative path is looked up in every content folder, then the Poser folder, then the
    working folder; the first place it exists wins. A path that exists nowhere raises
    ``poser.error`` when ``must_exist``, else it is placed in the main content folder when
    it starts with ``Runtime`` and in the Poser folder otherwise (as Poser saves relative
    paths there). A Windows drive (``C:\\...``) cannot be honoured here: the rest of such a
    path is taken relative to the Poser folder. ``for_writing``: a missing folder on the
    way is made when it lies in a content folder or the per-process folder (elsewhere the
    write fails as it would)."""
    path = _resolve(filePath, must_exist)
    if for_writing:
        folder = os.path.dirname(path)
        if folder and not os.path.isdir(folder):
            inside = [os.path.realpath(r) for r in Libraries() + [_base()]]
            real = os.path.realpath(folder)
            if any(real == r or real.startswith(r + os.sep) for r in inside):
                _makedirs(folder)
    return path


def _resolve(filePath, must_exist):
    text = str(filePath).strip()
    if not text:
        raise error("a file path is needed")
    drive = len(text) > 2 and text[1] == ":" and text[0].isalpha() and text[2] in "\\/"
    if text.startswith("/") and "\\" not in text and ":" not in text:
        if os.path.exists(text):
            return text
        if not must_exist and (os.path.isdir(os.path.dirname(text)) or text.split("/")[1:2] != ["Runtime"]):
            return text
    if drive:
        relative = text[3:]
    elif ":" in text:
        relative = text.replace(":", "/")
    else:
        relative = text
    parts = [p for p in relative.replace("\\", "/").split("/") if p and p != "."]
    if not parts:
        raise error("not a file path: %r" % text)
    roots = Libraries() + [PoserFolder()]
    for root in roots:
        path = os.path.join(root, *parts)
        if os.path.exists(path):
            return path
    if not drive and os.path.exists(text):
        return os.path.abspath(text)
    if must_exist:
        raise error("no such file: %s" % text)
    return os.path.join(roots[0] if parts[0].lower() == "runtime" else PoserFolder(), *parts)


# --- Running scripts -----------------------------------------------------------------------
_SCRIPTS = []  # the files ExecFile is running, innermost last


def ExecFile(fileName):
    """Runs a Python file as Poser runs one: in a fresh namespace whose ``__name__`` is
    ``"__main__"`` and ``__file__`` the file's path, tracebacks naming the file. The file's
    folder is first on ``sys.path`` while it runs. Colon and relative paths are resolved
    like library paths (relative to the Poser folder)."""
    path = resolve_path(fileName, must_exist=True)
    log("ExecFile", path)
    with open(path, "rb") as stream:
        source = stream.read()
    code = compile(source, path, "exec")
    try:
        import builtins
    except ImportError:  # Python 2
        import __builtin__ as builtins
    namespace = {"__name__": "__main__", "__file__": path, "__doc__": None, "__builtins__": builtins}
    folder = os.path.dirname(path)
    sys.path.insert(0, folder)
    _SCRIPTS.append(path)
    try:
        exec(code, namespace)
    finally:
        _SCRIPTS.pop()
        try:
            sys.path.remove(folder)
        except ValueError:
            pass


def ScriptLocation():
    """The path of the running script: the file ExecFile runs, else the nearest calling
    ``__main__`` code with a ``__file__`` (a file run by the server); "" when unknown."""
    if _SCRIPTS:
        return _SCRIPTS[-1]
    frame = sys._getframe(1)
    while frame is not None:
        namespace = frame.f_globals
        if namespace.get("__name__") == "__main__" and namespace.get("__file__"):
            return os.path.abspath(namespace["__file__"])
        frame = frame.f_back
    return ""


def RegisterAddon(addonName, addon=None):
    """Keeps the addon under its name (``poser.Addons()``, not in Poser, lists them)."""
    _SETTINGS["addons"][str(addonName)] = addon
    log("RegisterAddon", addonName)


def Addons():
    """Not in Poser: the addons registered with RegisterAddon, by name."""
    return dict(_SETTINGS["addons"])


def SavePrefs():
    log("SavePrefs")


def ProcessSomeEvents(numEvents=1):
    log("ProcessSomeEvents", numEvents)


def ProcessCommand(commandID):
    log("ProcessCommand", commandID)


def Quit(discardChanges=0):
    """Recorded; the stub's process keeps running (a server does not quit for a script)."""
    log("Quit", discardChanges)


def LeakMemory(memory_size=None):
    log("LeakMemory", memory_size)


def NewMotionRig():
    """Unsupported in Poser; recorded, answers None."""
    log("NewMotionRig")
    return None


def WxApp():
    """Poser's wx application; a headless stub has none: None."""
    return None


def WxAuiManager():
    """Poser's wx AUI manager; a headless stub has none: None."""
    return None


def NewGeometry():
    """An empty geometry, not in the scene (attach it with ``actor.SetGeometry``)."""
    from ._geometry import GeomType

    return GeomType()


def ClearTextureCache():
    log("ClearTextureCache")


# Buttons and widgets of Poser's palettes: kept, so a script can read back what it set
def DefineScriptButton(buttonIndex, filePath, label):
    _SETTINGS["script_buttons"][int(buttonIndex)] = (str(filePath), str(label))
    log("DefineScriptButton", buttonIndex, filePath, label)


def DefineMaterialWacroButton(buttonIndex, filePath, label):
    _SETTINGS["wacro_buttons"][int(buttonIndex)] = (str(filePath), str(label))
    log("DefineMaterialWacroButton", buttonIndex, filePath, label)


def DefineProjGuideScriptButton(buttonIndex, filePath):
    _SETTINGS["guide_buttons"][int(buttonIndex)] = str(filePath)
    log("DefineProjGuideScriptButton", buttonIndex, filePath)


def DefineProjGuideHTMLWidget(title, filePath):
    log("DefineProjGuideHTMLWidget", title, filePath)


def ScriptButtons():
    """Not in Poser: {button index: (file path, label)} set with DefineScriptButton."""
    return dict(_SETTINGS["script_buttons"])


# --- Settings with a getter and a setter ----------------------------------------------------
def NumRenderThreads():
    return _SETTINGS["render_threads"]


def SetNumRenderThreads(numThreads):
    if int(numThreads) < 1:
        raise error("SetNumRenderThreads needs at least one thread")
    _SETTINGS["render_threads"] = int(numThreads)


def RenderInSeparateProcess():
    return _SETTINGS["separate_process"]


def SetRenderInSeparateProcess(separateProcess):
    _SETTINGS["separate_process"] = 1 if separateProcess else 0


def PreviewRenderEngineType():
    return _SETTINGS["preview_engine"]


def SetPreviewRenderEngineType(renderEngineType):
    from ._codes import kPreviewRenderEngineTypeCodeOPENGL, kPreviewRenderEngineTypeCodeSREED

    if renderEngineType not in (kPreviewRenderEngineTypeCodeOPENGL, kPreviewRenderEngineTypeCodeSREED):
        raise error("SetPreviewRenderEngineType: %r is not a kPreviewRenderEngineTypeCode* value"
                    % (renderEngineType,))
    _SETTINGS["preview_engine"] = renderEngineType


def WriteBinaryMorphs():
    return _SETTINGS["binary_morphs"]


def SetWriteBinaryMorphs(binaryMorphs):
    _SETTINGS["binary_morphs"] = 1 if binaryMorphs else 0


def ShowFrameRate(iOnOff):
    _SETTINGS["frame_rate_shown"] = 1 if iOnOff else 0


def EnableParallelComputeActors(value):
    _SETTINGS["parallel_actors"] = 1 if value else 0


def SetParallelComputeActorsThreadCount(value):
    _SETTINGS["parallel_actors_threads"] = int(value)


def EnableParallelHairCollision(value):
    _SETTINGS["parallel_hair"] = 1 if value else 0


def SetParallelHairCollisionThreadCount(value):
    _SETTINGS["parallel_hair_threads"] = int(value)


def EnableTriMeshPrecomputation(value):
    _SETTINGS["trimesh_precomputation"] = 1 if value else 0


def SetCheckZeroMorphs(*args):
    """Undocumented in Poser (a blank manual entry): the first argument, if any, is kept
    as an on/off flag."""
    if args:
        _SETTINGS["check_zero_morphs"] = 1 if args[0] else 0


# --- Rooms and palettes --------------------------------------------------------------------
def _codes_with(prefix, suffix=None):
    from . import _codes

    names = [n for n in dir(_codes) if n.startswith(prefix) and (suffix is None or n.endswith(suffix))]
    return sorted(set(getattr(_codes, n) for n in names))


def Rooms():
    """The rooms' ids (kCmdCode*ROOM values), to compare with the room codes."""
    return _codes_with("kCmdCode", "ROOM")


def CurrentRoom():
    return _SETTINGS["room"]


def SetCurrentRoom(roomID):
    if roomID not in Rooms():
        raise error("SetCurrentRoom: %r is not a room code" % (roomID,))
    _SETTINGS["room"] = roomID
    log("SetCurrentRoom", roomID)


class _PaletteType(object):
    """A palette of Poser's window (no methods documented): its id and name."""

    def __init__(self, code, name):
        self._code = code
        self._name = name

    def Id(self):
        return self._code

    def Name(self):
        return self._name

    def __repr__(self):
        return "<PaletteType %s>" % self._name


_PALETTES = {}


def Palettes():
    """The palettes (one per palette code), in code order."""
    from . import _codes

    if not _PALETTES:
        for name in dir(_codes):
            if name.startswith("kCmdCode") and name.endswith("PALETTE"):
                code = getattr(_codes, name)
                _PALETTES[code] = _PaletteType(code, name[len("kCmdCode"):].title())
    return [_PALETTES[code] for code in sorted(_PALETTES)]


def PaletteById(constant):
    Palettes()
    if constant not in _PALETTES:
        raise error("PaletteById: %r is not a palette code" % (constant,))
    return _PALETTES[constant]


# --- File metadata -------------------------------------------------------------------------
def FileMetadata(poserFilePath):
    """The metadata set for the file with SetFileMetadata in this process (keys are
    kMetadataProperty_* codes); an existing file without any answers {}."""
    path = resolve_path(poserFilePath, must_exist=True)
    return dict(_SETTINGS["metadata"].get(os.path.realpath(path), {}))


def SetFileMetadata(poserFilePath, keyValuePairs):
    """Keeps ``keyValuePairs`` as the file's metadata (kept in memory by the stub, not
    written into the file)."""
    path = resolve_path(poserFilePath, must_exist=True)
    _SETTINGS["metadata"].setdefault(os.path.realpath(path), {}).update(dict(keyValuePairs))


# --- Documents (the scene's file) and undo: the scene does the work --------------------------
def OpenDocument(filePath):
    """Replaces the scene's content with a .pz3 document (the same SceneType object)."""
    _current.Scene()._open_document(filePath)


def SaveDocument(filePath=None):
    """Writes the scene to ``filePath`` (.pz3), or to the document's own path."""
    _current.Scene()._save_document(filePath)


def NewDocument():
    """The default scene, in the same SceneType object; no document path."""
    _current.Scene()._new_document()


def CloseDocument(discardChanges=0):
    """Closes the document: the scene becomes the default scene, with no document path."""
    log("CloseDocument", discardChanges)
    _current.Scene()._new_document()


def RevertDocument():
    """Reopens the document's file; a scene never saved goes back to the default scene."""
    _current.Scene()._revert_document()


def DocumentPath():
    """Not in the Poser 11 manual (later Poser has it): the document's path, "" when the
    scene was never saved or opened."""
    return _current.Scene()._document_path


def Undo():
    """Undoes the last command of the undo stack (see ``CommandNames``)."""
    _current.Scene()._commands.undo()


def Redo():
    _current.Scene()._commands.redo()


def CommandNames():
    """The undo stack's command names, oldest first. The stub records scene-level changes
    it can restore: library loads, imports, creating and deleting actors and figures.
    Parameter changes made one by one through ``SetValue`` are not commands."""
    return _current.Scene()._commands.names()


def CurrentCommand():
    """The index in ``CommandNames()`` of the command Undo would undo; -1 when none."""
    return _current.Scene()._commands.current()


def ClearCommands():
    _current.Scene()._commands.clear()


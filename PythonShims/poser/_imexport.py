"""Files in and out besides Poser's own: ImExporterType (``Scene.ImExporter()``: Import and
Export), MovieMakerType (``Scene.MovieMaker()``), and SceneIOMixin, the SceneType methods
that hand them out and write images (``SaveImage``, ``RenderToQueue``).

Export writes real files:

* ``obj``: a Wavefront OBJ of the chosen actors' world geometry (morphs and poses applied;
  model space with kExOptCodeASMORPHTARGET), a ``g`` group per body part or prop (its
  own polygon groups with kExOptCodeEXISTINGGROUPSINPOLYGROUPS, figure names in front
  with kExOptCodeFIGNAMESINGROUPS, internal names with kExOptCodeUSEINTERNALNAMES),
  ``usemtl`` per material, UVs, and a ``.mtl`` file beside it with each material's
  diffuse colour and texture map. kExOptCodeWELDSEAMS shares the vertices a figure's
  body parts have in common; kExOptCodeMULTIFRAME writes ``NAME_FRAME.obj`` for every
  frame from kExOptCodeFIRSTFRAME to kExOptCodeLASTFRAME (0-based frame numbers).
* ``bvh``: the current figure's skeleton (hip as root, offsets in inches times
  kExOptCodeSCALEFACTOR) and its rotations (Z X Y channels) over the frame range, with
  the hip's position.
* ``dae`` (COLLADA 1.4.1: meshes, materials, one node per actor), ``3ds`` (one triangle
  mesh per actor) and ``dxf`` (3DFACE entities, a layer per actor): small valid files of
  the same world geometry, without animation or textures.

Other suffixes raise ``poser.error``: the stub does not write them. The actors exported
are those ``sceneSelectionCallback(actor)`` answers true for (it is asked about every
actor of the scene), else every visible actor with geometry except the ground props
("GROUND", "Ground Grid"), which Poser's export leaves out unless chosen.

Import reads ``obj`` into a new prop (options: centred, placed on the floor, scaled to a
percentage of the figure's height, offset, welded, normals or U/V flipped) and ``bvh``
onto the current figure's dials (matching joints by internal or display name, from frame
0, lengthening the animation when needed). Each import is one undo command.

Images: the stub cannot render, so renders are recorded in the call log and image files
hold one flat colour, the scene's background colour (``_images``).
"""

import os

from . import _app, _codes
from ._calllog import check_index, error, log

INCHES_PER_UNIT = 103.2  # one Poser native unit is 8.6 feet


def _exchange():
    from . import _exchange

    return _exchange


def _images():
    from . import _images

    return _images


def _format(fileSuffix):
    return str(fileSuffix).strip().lstrip(".").lower()


class ImExporterType(object):
    """Import and export in the formats above (``Scene.ImExporter()``, one per scene).
    The work is in ``_exchange``, loaded on first use."""

    def __init__(self, scene):
        self._scene = scene

    def ExportOptions(self, fileSuffix, pluginName):
        """The format's options with their defaults, keyed by kExOptCode* values."""
        return _exchange().export_options(self._scene, fileSuffix)

    def ImportOptions(self, fileSuffix, pluginName):
        """The format's options with their defaults, keyed by kImOptCode* values."""
        return _exchange().import_options(self._scene, fileSuffix)

    def ExportOptionString(self, fileSuffix, pluginName, enumValue):
        """The label the export dialog shows for option ``enumValue``."""
        return _exchange().export_label(fileSuffix, enumValue)

    def ImportOptionString(self, fileSuffix, pluginName, enumValue):
        """The label the import dialog shows for option ``enumValue``."""
        return _exchange().import_label(fileSuffix, enumValue)

    def Export(self, fileSuffix, pluginName, filePath, options=None, sceneSelectionCallback=None):
        """Writes ``filePath`` in the format of ``fileSuffix`` (see the module notes)."""
        return _exchange().export(self._scene, fileSuffix, pluginName, filePath, options, sceneSelectionCallback)

    def Import(self, fileSuffix, filePath, options=None):
        """Reads ``filePath``: an OBJ becomes a new prop, a BVH poses the current figure."""
        return _exchange().import_file(self._scene, fileSuffix, filePath, options)

    def __repr__(self):
        return "<ImExporterType>"


# ---------------------------------------------------------------------------------------
# Movies


OUTPUT_FORMATS = ["AVI", "QuickTime", "Image Files", "Flash", "MP4"]
_IMAGE_FILES = OUTPUT_FORMATS.index("Image Files")
_FLASH = OUTPUT_FORMATS.index("Flash")


class MovieMakerType(object):
    """The movie settings of a scene (``Scene.MovieMaker()``, one per scene): every
    setting is kept. ``MakeMovie``/``MakeFlash`` cannot render: they are recorded in the
    call log and write files standing for the movie (see MakeMovie)."""

    def __init__(self, scene):
        self._scene = scene
        self._antialias = 1
        self._flash = {"auto_play": 1, "inner": 0, "outer": 1, "width": 1.0, "colors": 4, "overlap": 1,
                       "quantize_all": 1, "frame": 0}
        self._frame_options = None
        self._motion_blur = (0, 0.5)
        self._format = 0
        self._renderer = _codes.kRenderEngineCodeFIREFLY
        self._start = 0
        self._end = None
        self._res = (640, 480)
        self._res_scale = 1.0

    def Antialias(self):
        return self._antialias

    def SetAntialias(self, on=1):
        self._antialias = 1 if on else 0

    def FlashAutoPlay(self):
        return self._flash["auto_play"]

    def SetFlashAutoPlay(self, on=None):
        self._flash["auto_play"] = 0 if on is not None and not on else 1

    def FlashDrawInnerLines(self):
        return self._flash["inner"]

    def SetFlashDrawInnerLines(self, on=0):
        self._flash["inner"] = 1 if on else 0

    def FlashDrawOuterLines(self):
        return self._flash["outer"]

    def SetFlashDrawOuterLines(self, on=1):
        self._flash["outer"] = 1 if on else 0

    def FlashLineWidth(self):
        return self._flash["width"]

    def SetFlashLineWidth(self, width=1.0):
        self._flash["width"] = float(width)

    def FlashNumColors(self):
        return self._flash["colors"]

    def SetFlashNumColors(self, numColors=4):
        if int(numColors) < 1:
            raise error("SetFlashNumColors needs at least one colour")
        self._flash["colors"] = int(numColors)

    def FlashOverlapColors(self):
        return self._flash["overlap"]

    def SetFlashOverlapColors(self, on=1):
        self._flash["overlap"] = 1 if on else 0

    def FlashQuantizeAll(self):
        return self._flash["quantize_all"]

    def FlashQuantizeOne(self):
        return 1 - self._flash["quantize_all"]

    def SetFlashQuantizeAll(self):
        self._flash["quantize_all"] = 1

    def SetFlashQuantizeOne(self, frame=None):
        """Quantizes one frame (``frame``, else the one already chosen)."""
        self._flash["quantize_all"] = 0
        if frame is not None:
            self.SetFlashQuantizeFrame(frame)

    def FlashQuantizeFrame(self):
        return self._flash["frame"]

    def SetFlashQuantizeFrame(self, frame=None):
        if frame is not None:
            self._flash["frame"] = int(frame)

    def FrameOptions(self):
        """(rate, increment): the scene's frame rate and 1 unless SetFrameOptions chose."""
        if self._frame_options is None:
            return (int(self._scene.FramesPerSecond()), 1)
        return self._frame_options

    def SetFrameOptions(self, rate, increment):
        if int(rate) < 1 or int(increment) < 1:
            raise error("SetFrameOptions needs a positive rate and increment")
        self._frame_options = (int(rate), int(increment))

    def MotionBlur(self):
        return self._motion_blur

    def SetMotionBlur(self, on=1, amount=None):
        self._motion_blur = (1 if on else 0, self._motion_blur[1] if amount is None else float(amount))

    def OutputFormats(self):
        """The movie formats; SetMovieFormat takes an index into this list."""
        return list(OUTPUT_FORMATS)

    def MovieFormat(self):
        return self._format

    def SetMovieFormat(self, Format):
        check_index(Format, len(OUTPUT_FORMATS), "movie format")
        self._format = Format

    def MovieRenderer(self):
        return self._renderer

    def SetMovieRenderer(self, Renderer):
        engines = [getattr(_codes, n) for n in dir(_codes) if n.startswith("kRenderEngineCode")]
        if Renderer not in engines:
            raise error("SetMovieRenderer: %r is not a kRenderEngineCode* value" % (Renderer,))
        self._renderer = Renderer

    def OutputStartFrame(self):
        return min(self._start, self._scene.NumFrames() - 1)

    def SetOutputStartFrame(self, frame):
        if int(frame) < 0:
            raise error("SetOutputStartFrame: frames start at 0")
        self._start = int(frame)

    def OutputEndFrame(self):
        """The last frame of the movie: the scene's last unless SetOutputEndFrame chose."""
        last = self._scene.NumFrames() - 1
        return last if self._end is None else min(self._end, last)

    def SetOutputEndFrame(self, frame):
        if int(frame) < 0:
            raise error("SetOutputEndFrame: frames start at 0")
        self._end = int(frame)

    def OutputRes(self):
        return self._res

    def SetOutputRes(self, x, y):
        if int(x) < 1 or int(y) < 1:
            raise error("SetOutputRes needs a positive size")
        self._res = (int(x), int(y))

    def SetOutputResScale(self, resScale):
        if float(resScale) <= 0:
            raise error("SetOutputResScale needs a positive scale")
        self._res_scale = float(resScale)

    def OutputResScale(self):
        """Not in the manual's getters: the scale SetOutputResScale chose."""
        return self._res_scale

    def _size(self):
        return (max(1, int(self._res[0] * self._res_scale)), max(1, int(self._res[1] * self._res_scale)))

    def MakeMovie(self, filePath, fileFormat=None, compression=None):
        """Recorded. With the "Image Files" format (or a ``fileFormat`` suffix) it writes
        one flat image per frame, ``NAME_FRAME.SUFFIX`` (0-based frame numbers, every
        increment-th frame of the output range); other formats write a small placeholder
        file at ``filePath`` saying no movie was rendered."""
        path = _app.resolve_path(filePath, for_writing=True)
        first, last = self.OutputStartFrame(), self.OutputEndFrame()
        log("MakeMovie", path, fileFormat, compression)
        if fileFormat is not None or self._format == _IMAGE_FILES:
            suffix = _format(fileFormat or "png")
            stem = os.path.splitext(path)[0] if os.path.splitext(path)[1].lower().lstrip(".") == suffix else path
            width, height = self._size()
            color = self._scene.BackgroundColor()
            for frame in range(first, last + 1, self.FrameOptions()[1]):
                _images().write_image("%s_%04d.%s" % (stem, frame, suffix), suffix, width, height, color)
            return None
        _placeholder(path, "MakeMovie (%s, frames %d..%d)" % (OUTPUT_FORMATS[self._format], first, last))
        return None

    def MakeFlash(self, filePath):
        """Recorded; writes a placeholder file at ``filePath`` (no Flash movie is made)."""
        path = _app.resolve_path(filePath, for_writing=True)
        log("MakeFlash", path)
        _placeholder(path, "MakeFlash (frames %d..%d)" % (self.OutputStartFrame(), self.OutputEndFrame()))

    def __repr__(self):
        return "<MovieMakerType %s>" % OUTPUT_FORMATS[self._format]


def _placeholder(path, what):
    with open(path, "w") as stream:
        stream.write("PoserTalkr's Poser stand-in rendered no movie here: %s was recorded.\n" % what)


# ---------------------------------------------------------------------------------------
# The SceneType methods


class SceneIOMixin(object):
    """SceneType's ImExporter(), MovieMaker() and image output (SceneType inherits them)."""

    def ImExporter(self):
        """This scene's importer/exporter (the same object every call)."""
        imex = self.__dict__.get("_imexporter")
        if imex is None:
            imex = self._imexporter = ImExporterType(self)
        return imex

    def MovieMaker(self):
        """This scene's movie settings (the same object every call)."""
        maker = self.__dict__.get("_movie_maker")
        if maker is None:
            maker = self._movie_maker = MovieMakerType(self)
        return maker

    def SaveImage(self, formatSuffix, filePath, compression=None):
        """Recorded; writes an image of the output size (``OutputRes()``) in the scene's
        background colour, in the format of ``formatSuffix`` (bmp, jpg, png, tif; pct
        files hold PNG data), so a script can open the file it asked for."""
        suffix = _format(formatSuffix)
        if suffix not in _images().SUFFIXES:
            raise error("SaveImage: '%s' is not one of %s" % (formatSuffix, ", ".join(_images().SUFFIXES)))
        path = _app.resolve_path(filePath, for_writing=True)
        log("SaveImage", suffix, path, compression)
        width, height = self.OutputRes()
        try:
            _images().write_image(path, suffix, width, height, self.BackgroundColor())
        except (IOError, OSError) as problem:
            raise error("SaveImage: cannot write %s: %s" % (path, problem))

    def RenderToQueue(self, filepath, width=None, height=None, isMovie=None, compression=None):
        """Recorded; as if the Queue Manager had finished: the image (its suffix picks the
        format, png without one) of ``width`` x ``height`` (else ``OutputRes()``) in the
        background colour, or with ``isMovie`` a placeholder movie file."""
        path = _app.resolve_path(filepath, for_writing=True)
        log("RenderToQueue", path, width, height, isMovie, compression)
        if isMovie:
            _placeholder(path, "RenderToQueue (movie)")
            return None
        suffix = os.path.splitext(path)[1].lower().lstrip(".") or "png"
        if suffix not in _images().SUFFIXES:
            raise error("RenderToQueue: '%s' is not one of %s" % (suffix, ", ".join(_images().SUFFIXES)))
        size = self.OutputRes()
        _images().write_image(path, suffix, int(width or size[0]), int(height or size[1]), self.BackgroundColor())
        return None

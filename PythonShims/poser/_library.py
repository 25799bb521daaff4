"""SceneLibraryMixin: the SceneType methods for library files (``LoadLibrary*``,
``SaveLibrary*``) and documents (what ``poser.OpenDocument``/``SaveDocument``/
``NewDocument``/``CloseDocument``/``RevertDocument`` call).

The work is in ``_libfiles`` (the file format, what each file holds and restores, missing
content), imported the first time a library file or document is used, so importing the
package does not pay for it.
"""


def _method(name):
    from . import _libfiles

    return vars(_libfiles.LibraryMethods)[name]


class SceneLibraryMixin(object):
    """SceneType's library and document methods (SceneType inherits them); see
    ``_libfiles`` for what each file holds and restores."""

    def LoadLibraryFigure(self, filePath, setupAutoGroup=None):
        """Adds the figure of a .cr2 file and selects it; the stub answers it (Poser None)."""
        return _method("LoadLibraryFigure")(self, filePath, setupAutoGroup)

    def LoadLibraryPose(self, filePath):
        """Poses the current figure from a .pz2 file."""
        return _method("LoadLibraryPose")(self, filePath)

    def LoadLibraryFace(self, filePath):
        """Sets the current figure's head morphs from a .fc2 file."""
        return _method("LoadLibraryFace")(self, filePath)

    def LoadLibraryHand(self, filePath, leftHand=0):
        """Poses the right hand (``leftHand`` nonzero: the left) from a .hd2 file."""
        return _method("LoadLibraryHand")(self, filePath, leftHand)

    def LoadLibraryCamera(self, filePath):
        """Sets the cameras a .cm2 file holds (adding those missing)."""
        return _method("LoadLibraryCamera")(self, filePath)

    def LoadLibraryLight(self, filePath):
        """Replaces the scene's lights with those of a .lt2 file."""
        return _method("LoadLibraryLight")(self, filePath)

    def LoadLibraryProp(self, filePath):
        """Adds the props of a .pp2 file; the stub answers the first (Poser None)."""
        return _method("LoadLibraryProp")(self, filePath)

    def LoadLibraryHair(self, filePath):
        """Adds the hair of a .hr2 file to the current figure; the stub answers it."""
        return _method("LoadLibraryHair")(self, filePath)

    def SaveLibraryPose(self, filePath, includeMorphTargets=None, multiFrame=None, startFrame=None, endFrame=None):
        """Writes the current figure's pose (.pz2)."""
        return _method("SaveLibraryPose")(self, filePath, includeMorphTargets, multiFrame, startFrame, endFrame)

    def SaveLibraryFace(self, filePath, multiFrame=0, startFrame=0, endFrame=0):
        """Writes the current figure's head morphs (.fc2)."""
        return _method("SaveLibraryFace")(self, filePath, multiFrame, startFrame, endFrame)

    def SaveLibraryHand(self, filePath, multiFrame=0, startFrame=0, endFrame=0):
        """Writes the current figure's right hand pose (.hd2)."""
        return _method("SaveLibraryHand")(self, filePath, multiFrame, startFrame, endFrame)

    def SaveLibraryFigure(self, filePath):
        """Writes the current figure (.cr2)."""
        return _method("SaveLibraryFigure")(self, filePath)

    def SaveLibraryProp(self, filePath):
        """Writes the current prop and its child props, meshes included (.pp2)."""
        return _method("SaveLibraryProp")(self, filePath)

    def SaveLibraryHair(self, filePath):
        """Writes the current figure's hair props (.hr2)."""
        return _method("SaveLibraryHair")(self, filePath)

    def SaveLibraryCamera(self, filePath, multiFrame=None, startFrame=None, endFrame=None):
        """Writes every camera (.cm2)."""
        return _method("SaveLibraryCamera")(self, filePath, multiFrame, startFrame, endFrame)

    def SaveLibraryLight(self, filePath, multiFrame=None, startFrame=None, endFrame=None):
        """Writes every light (.lt2)."""
        return _method("SaveLibraryLight")(self, filePath, multiFrame, startFrame, endFrame)


def _delegate(name):
    def method(self, *args, **kwargs):
        return _method(name)(self, *args, **kwargs)

    method.__name__ = name
    return method


# The private helpers the library methods call on the scene, and the document methods
# ``_app`` calls: found on the scene, done in _libfiles.
for _name in ("_figure_from_blocks", "_new_figure", "_apply_pose_file", "_pose_target", "_swap_lights",
              "_load_props", "_find_internal", "_needs_figure", "_write_library", "_save_document",
              "_open_document", "_new_document", "_revert_document", "_close_content"):
    setattr(SceneLibraryMixin, _name, _delegate(_name))
del _name

"""Rendering: the render engines' option objects (FireFlyOptionsType, SuperFlyOptionsType)
and SceneRenderMixin, the SceneType methods that render or hand out those objects. A server
has no window to render into: render calls are recorded in the call log.

Each scene has one FireFlyOptionsType and one SuperFlyOptionsType, made on first use
(``Scene.CurrentFireFlyOptions()``/``CurrentSuperFlyOptions()``). FireFly options start at
Poser-like defaults; getters answer what setters stored; the ranges the manual states are
enforced (``poser.error``): the auto settings slider 0..8, the two cache errors 0..1, tone
mapper 0/1, and the code-valued options take their ``k...Code*`` constants. 0/1 options
store 1 for any true value. ``SavePreset``/``LoadPreset`` write and read a preset file of
the stub's own format (JSON); loading goes through the setters, so the same checks apply.
"""

from . import _codes
from ._calllog import error, records_call

_FLAG, _INT, _FLOAT, _CODE = "flag", "int", "float", "code"


def _code(name, fallback):
    value = getattr(_codes, name, None)
    return fallback if value is None else value


# key: (kind, default, detail); detail = (low, high) for numbers, a kCode prefix for codes.
# Defaults are Poser's usual FireFly settings; code defaults are resolved when first used.
_OPTIONS = {
    "AutoValue": (_INT, 3, (0, 8)),
    "BucketSize": (_INT, 32, None),
    "DepthOfField": (_FLAG, 0, None),
    "Displacement": (_FLAG, 1, None),
    "DisplacementBounds": (_FLOAT, 0.0, None),
    "DrawToonOutline": (_FLAG, 0, None),
    "FilterSize": (_INT, 1, None),
    "FilterType": (_CODE, "kPixelFilterCodeGAUSS", "kPixelFilterCode"),
    "GIIntensity": (_FLOAT, 1.0, None),
    "GIMaxError": (_FLOAT, 0.1, (0.0, 1.0)),
    "GINumBounces": (_INT, 1, None),
    "GINumSamples": (_INT, 64, None),
    "GIOnlyRender": (_FLAG, 0, None),
    "GIPassScale": (_FLOAT, 1.0, None),
    "Gamma": (_FLOAT, 2.2, None),
    "HDRIOutput": (_FLAG, 0, None),
    "Hider": (_CODE, "kHiderREYES", "kHider"),
    "Manual": (_FLAG, 1, None),
    "MaxError": (_FLOAT, 0.1, (0.0, 1.0)),
    "MaxRayDepth": (_INT, 2, None),
    "MaxSampleSize": (_FLOAT, 10.0, None),
    "MaxTextureRes": (_INT, 4096, None),
    "MinShadingRate": (_FLOAT, 0.2, None),
    "MotionBlur": (_FLAG, 0, None),
    "PixelSamples": (_INT, 3, None),
    "RayAccelerator": (_CODE, "kRayAcceleratorCodeDEFAULT", "kRayAcceleratorCode"),
    "RayTracing": (_FLAG, 1, None),
    "RemoveBackfacing": (_FLAG, 0, None),
    "ShadowOnlyRender": (_FLAG, 0, None),
    "Shadows": (_FLAG, 1, None),
    "SmoothPolys": (_FLAG, 1, None),
    "TextureCacheCompression": (_CODE, "kTextureCompressorCodeZIP", "kTextureCompressorCode"),
    "TextureCacheSize": (_INT, 262144, None),
    "TextureFiltering": (_FLAG, 1, None),
    "ToneExposure": (_FLOAT, 1.0, None),
    "ToneGain": (_FLOAT, 1.0, None),
    "ToneMapper": (_INT, 0, (0, 1)),
    "ToonOutlineStyle": (_CODE, "kOutlineCodeMEDIUMPEN", "kOutlineCode"),
    "UseGI": (_FLAG, 0, None),
    "UseGamma": (_FLAG, 1, None),
    "UseIrradianceCache": (_FLAG, 1, None),
    "UseOcclusionCulling": (_FLAG, 1, None),
    "UseSSS": (_FLAG, 1, None),
    "UseTextureCache": (_FLAG, 1, None),
}
# Fallback values for code defaults while _codes lacks them (any distinct ints do).
_CODE_FALLBACK = {"kPixelFilterCodeGAUSS": 1, "kHiderREYES": 0, "kRayAcceleratorCodeDEFAULT": 0,
                  "kTextureCompressorCodeZIP": 1, "kOutlineCodeMEDIUMPEN": 4}
_PRESET_FORMAT = "PoserTalkr FireFly render preset"


def _family(prefix):
    """The values of every ``_codes`` constant whose name starts with ``prefix``."""
    return [value for name, value in vars(_codes).items() if name.startswith(prefix)]


class FireFlyOptionsType(object):
    """The FireFly render engine's settings (``Scene.CurrentFireFlyOptions()``)."""

    def __init__(self):
        self._values = {}
        self._extra_outputs = {}

    # Storage with the manual's checks
    def _get(self, key):
        if key not in self._values:
            kind, default, _ = _OPTIONS[key]
            self._values[key] = _code(default, _CODE_FALLBACK.get(default)) if kind == _CODE else default
        return self._values[key]

    def _put(self, key, value):
        kind, _, detail = _OPTIONS[key]
        if kind == _CODE:
            allowed = _family(detail)
            if allowed and value not in allowed:
                raise error("Set%s: %r is not a %s* value" % (key, value, detail))
            self._values[key] = value
            return
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise error("Set%s expects a number, got %r" % (key, value))
        if kind == _FLAG:
            self._values[key] = 1 if number else 0
            return
        if kind == _INT:
            number = int(round(number))
        if detail is not None and not detail[0] <= number <= detail[1]:
            raise error("Set%s: %r is outside %r .. %r" % (key, value, detail[0], detail[1]))
        self._values[key] = number

    # Getters and setters, in the manual's order
    def AutoValue(self):
        return self._get("AutoValue")

    def SetAutoValue(self, value):
        """The automatic settings slider, 0 .. 8."""
        self._put("AutoValue", value)

    def BucketSize(self):
        return self._get("BucketSize")

    def SetBucketSize(self, size):
        self._put("BucketSize", size)

    def DepthOfField(self):
        return self._get("DepthOfField")

    def SetDepthOfField(self, depthoffield):
        self._put("DepthOfField", depthoffield)

    def Displacement(self):
        return self._get("Displacement")

    def SetDisplacement(self, displacement):
        self._put("Displacement", displacement)

    def DisplacementBounds(self):
        return self._get("DisplacementBounds")

    def SetDisplacementBounds(self, bounds):
        self._put("DisplacementBounds", bounds)

    def DrawToonOutline(self):
        return self._get("DrawToonOutline")

    def SetDrawToonOutline(self, drawoutlines):
        self._put("DrawToonOutline", drawoutlines)

    def ExtraOutput(self, output):
        """Whether the auxiliary render data ``output`` is rendered as an extra layer."""
        return self._extra_outputs.get(output, 0)

    def SetExtraOutput(self, output, enabled):
        self._extra_outputs[output] = 1 if enabled else 0

    def FilterSize(self):
        return self._get("FilterSize")

    def SetFilterSize(self, size):
        self._put("FilterSize", size)

    def FilterType(self):
        return self._get("FilterType")

    def SetFilterType(self, type):
        """A kPixelFilterCode* value."""
        self._put("FilterType", type)

    def GIIntensity(self):
        return self._get("GIIntensity")

    def SetGIIntensity(self, intensity):
        self._put("GIIntensity", intensity)

    def GIMaxError(self):
        return self._get("GIMaxError")

    def SetGIMaxError(self, maxError):
        """0 .. 1."""
        self._put("GIMaxError", maxError)

    def GINumBounces(self):
        return self._get("GINumBounces")

    def SetGINumBounces(self, bounces):
        self._put("GINumBounces", bounces)

    def GINumSamples(self):
        return self._get("GINumSamples")

    def SetGINumSamples(self, samples):
        self._put("GINumSamples", samples)

    def GIOnlyRender(self):
        return self._get("GIOnlyRender")

    def SetGIOnlyRender(self, gionly):
        self._put("GIOnlyRender", gionly)

    def GIPassScale(self):
        return self._get("GIPassScale")

    def SetGIPassScale(self, scale):
        self._put("GIPassScale", scale)

    def Gamma(self):
        return self._get("Gamma")

    def SetGamma(self, gamma):
        """Not in the manual's list (Gamma() is): the gamma of gamma correction."""
        self._put("Gamma", gamma)

    def HDRIOutput(self):
        return self._get("HDRIOutput")

    def SetHDRIOutput(self, hdri):
        self._put("HDRIOutput", hdri)

    def Hider(self):
        return self._get("Hider")

    def SetHider(self, hiderType):
        """kHiderREYES or kHiderRayTrace."""
        self._put("Hider", hiderType)

    def Manual(self):
        return self._get("Manual")

    def SetManual(self, manual):
        self._put("Manual", manual)

    def MaxError(self):
        return self._get("MaxError")

    def SetMaxError(self, maxError):
        """0 .. 1."""
        self._put("MaxError", maxError)

    def MaxRayDepth(self):
        return self._get("MaxRayDepth")

    def SetMaxRayDepth(self, depth):
        self._put("MaxRayDepth", depth)

    def MaxSampleSize(self):
        return self._get("MaxSampleSize")

    def SetMaxSampleSize(self, maxSize):
        self._put("MaxSampleSize", maxSize)

    def MaxTextureRes(self):
        return self._get("MaxTextureRes")

    def SetMaxTextureRes(self, resolution):
        self._put("MaxTextureRes", resolution)

    def MinShadingRate(self):
        return self._get("MinShadingRate")

    def SetMinShadingRate(self, shadingrate):
        self._put("MinShadingRate", shadingrate)

    def MotionBlur(self):
        return self._get("MotionBlur")

    def SetMotionBlur(self, enabled):
        self._put("MotionBlur", enabled)

    def PixelSamples(self):
        return self._get("PixelSamples")

    def SetPixelSamples(self, numsamples):
        self._put("PixelSamples", numsamples)

    def RayAccelerator(self):
        return self._get("RayAccelerator")

    def SetRayAccelerator(self, acceleratorType):
        """A kRayAcceleratorCode* value."""
        self._put("RayAccelerator", acceleratorType)

    def RayTracing(self):
        return self._get("RayTracing")

    def SetRayTracing(self, raytracing):
        self._put("RayTracing", raytracing)

    def RemoveBackfacing(self):
        return self._get("RemoveBackfacing")

    def SetRemoveBackfacing(self, enabled):
        self._put("RemoveBackfacing", enabled)

    def ShadowOnlyRender(self):
        return self._get("ShadowOnlyRender")

    def SetShadowOnlyRender(self, shadowsonly):
        """1 renders shadows only (the getter's meaning; the manual's setter text has
        the flag reversed)."""
        self._put("ShadowOnlyRender", shadowsonly)

    def Shadows(self):
        return self._get("Shadows")

    def SetShadows(self, doshadows):
        self._put("Shadows", doshadows)

    def SmoothPolys(self):
        return self._get("SmoothPolys")

    def SetSmoothPolys(self, dosmoothing):
        self._put("SmoothPolys", dosmoothing)

    def TextureCacheCompression(self):
        return self._get("TextureCacheCompression")

    def SetTextureCacheCompression(self, compression):
        """A kTextureCompressorCode* value."""
        self._put("TextureCacheCompression", compression)

    def TextureCacheSize(self):
        return self._get("TextureCacheSize")

    def SetTextureCacheSize(self, cacheSize):
        """In KB."""
        self._put("TextureCacheSize", cacheSize)

    def TextureFiltering(self):
        return self._get("TextureFiltering")

    def SetTextureFiltering(self, filtering):
        self._put("TextureFiltering", filtering)

    def ToneExposure(self):
        return self._get("ToneExposure")

    def SetToneExposure(self, exposure):
        self._put("ToneExposure", exposure)

    def ToneGain(self):
        return self._get("ToneGain")

    def SetToneGain(self, gain):
        self._put("ToneGain", gain)

    def ToneMapper(self):
        return self._get("ToneMapper")

    def SetToneMapper(self, mapper):
        """0 no tone mapping, 1 exponential."""
        self._put("ToneMapper", mapper)

    def ToonOutlineStyle(self):
        return self._get("ToonOutlineStyle")

    def SetToonOutlineStyle(self, outlinestyle):
        """A kOutlineCode* value."""
        self._put("ToonOutlineStyle", outlinestyle)

    def UseGI(self):
        return self._get("UseGI")

    def SetUseGI(self, usegi):
        self._put("UseGI", usegi)

    def UseGamma(self):
        return self._get("UseGamma")

    def SetUseGamma(self, usegamma):
        self._put("UseGamma", usegamma)

    def UseIrradianceCache(self):
        return self._get("UseIrradianceCache")

    def SetUseIrradianceCache(self, useirradiancecache):
        self._put("UseIrradianceCache", useirradiancecache)

    def UseOcclusionCulling(self):
        return self._get("UseOcclusionCulling")

    def SetUseOcclusionCulling(self, useOcclusionCulling):
        self._put("UseOcclusionCulling", useOcclusionCulling)

    def UseSSS(self):
        return self._get("UseSSS")

    def SetUseSSS(self, usesss):
        self._put("UseSSS", usesss)

    def UseTextureCache(self):
        return self._get("UseTextureCache")

    def SetUseTextureCache(self, useCache):
        self._put("UseTextureCache", useCache)

    # Presets
    def SavePreset(self, presetFilePath):
        """Writes every option to a render preset file."""
        import json

        options = dict((key, self._get(key)) for key in _OPTIONS)
        extra = [[output, enabled] for output, enabled in sorted(self._extra_outputs.items())]
        try:
            with open(str(presetFilePath), "w") as stream:
                json.dump({"format": _PRESET_FORMAT, "version": 1, "options": options, "extraOutputs": extra},
                          stream, indent=1, sort_keys=True)
        except (IOError, OSError) as problem:
            raise error("cannot write render preset '%s': %s" % (presetFilePath, problem))

    def LoadPreset(self, presetFilePath):
        """Sets the options a SavePreset file holds (options it lacks keep their value)."""
        import json

        try:
            with open(str(presetFilePath)) as stream:
                data = json.load(stream)
        except (IOError, OSError) as problem:
            raise error("cannot read render preset '%s': %s" % (presetFilePath, problem))
        except ValueError:
            raise error("'%s' is not a render preset of this scene module" % presetFilePath)
        if not isinstance(data, dict) or data.get("format") != _PRESET_FORMAT:
            raise error("'%s' is not a render preset of this scene module" % presetFilePath)
        for key, value in data.get("options", {}).items():
            if key in _OPTIONS:
                self._put(key, value)
        for output, enabled in data.get("extraOutputs", ()):
            self.SetExtraOutput(output, enabled)

    def __repr__(self):
        return "<FireFlyOptionsType>"


class SuperFlyOptionsType(object):
    """The SuperFly render engine's settings (``Scene.CurrentSuperFlyOptions()``); the
    manual documents no methods for it."""

    def __repr__(self):
        return "<SuperFlyOptionsType>"


class SceneRenderMixin(object):
    """SceneType's render methods (SceneType inherits them)."""

    def CurrentFireFlyOptions(self):
        """This scene's FireFly options (the same object every call)."""
        options = self.__dict__.get("_firefly_options")
        if options is None:
            options = self._firefly_options = FireFlyOptionsType()
        return options

    def CurrentSuperFlyOptions(self):
        """This scene's SuperFly options (the same object every call)."""
        options = self.__dict__.get("_superfly_options")
        if options is None:
            options = self._superfly_options = SuperFlyOptionsType()
        return options

    @records_call
    def Render(self):
        pass

    @records_call
    def RenderInSeparateWindow(self):
        pass

    # --- added by the scene area: the Scene Methods' render settings -------------------
    # Each scene keeps them in ``_render_settings`` (made on first use). RenderOnBGColor,
    # RenderOnBlack and RenderOnBGPict are views of RenderOverType (0 colour, 1 black,
    # 2 background picture, 3 current shader); RenderCastShadows is the FireFly options'
    # Shadows.
    def _render_setting(self, key, default):
        settings = self.__dict__.get("_render_settings")
        return default if settings is None else settings.get(key, default)

    def _set_render_setting(self, key, value):
        if "_render_settings" not in self.__dict__:
            self._render_settings = {}
        self._render_settings[key] = value

    def AtmosphereShaderTree(self):
        """The scene's atmosphere shader tree (the same object every call)."""
        from ._materials import ShaderTreeType

        tree = self.__dict__.get("_atmosphere_tree")
        if tree is None:
            tree = self._atmosphere_tree = ShaderTreeType(self, "atmosphere")
        return tree

    def BackgroundShaderTree(self):
        """The scene's background shader tree (the same object every call)."""
        from ._materials import ShaderTreeType

        tree = self.__dict__.get("_background_tree")
        if tree is None:
            tree = self._background_tree = ShaderTreeType(self, "background")
        return tree

    def CurrentRenderEngine(self):
        return self._render_setting("engine", _code("kRenderEngineCodeFIREFLY", 31))

    def SetCurrentRenderEngine(self, Engine):
        if Engine not in _family("kRenderEngineCode"):
            raise error("SetCurrentRenderEngine: %r is not a kRenderEngineCode* value" % (Engine,))
        self._set_render_setting("engine", Engine)

    def FireFlyOptions(self, index):
        """The FireFly options by index: the scene has one set, index 0."""
        if index != 0:
            raise error("FireFlyOptions: index %r out of range 0..0" % (index,))
        return self.CurrentFireFlyOptions()

    def FireFlyOptionsByName(self, name):
        """The FireFly options by name: the scene's one set answers to "FireFly" (and to
        "" or "Current")."""
        if str(name).lower() not in ("firefly", "current", ""):
            raise error("no FireFly options named '%s'" % name)
        return self.CurrentFireFlyOptions()

    def _flag_setting(self, key, default=1):
        return self._render_setting(key, default)

    def RenderAntiAliased(self):
        return self._flag_setting("antialiased")

    def SetRenderAntiAliased(self, on=1):
        self._set_render_setting("antialiased", 1 if on else 0)

    def RenderBumpMaps(self):
        return self._flag_setting("bump_maps")

    def SetRenderBumpMaps(self, on=1):
        self._set_render_setting("bump_maps", 1 if on else 0)

    def RenderTextureMaps(self):
        return self._flag_setting("texture_maps")

    def SetRenderTextureMaps(self, on=1):
        self._set_render_setting("texture_maps", 1 if on else 0)

    def RenderCastShadows(self):
        """1 when renders cast shadows (the FireFly options' Shadows), else 0."""
        return 1 if self.CurrentFireFlyOptions().Shadows() else 0

    def SetRenderCastShadows(self, on=1):
        self.CurrentFireFlyOptions().SetShadows(1 if on else 0)

    def RenderIgnoreShaderTrees(self):
        return self._flag_setting("ignore_shader_trees", 0)

    def SetRenderIgnoreShaderTrees(self, on=1):
        self._set_render_setting("ignore_shader_trees", 1 if on else 0)

    def RenderToNewWindow(self):
        return self._flag_setting("new_window", 0)

    def SetRenderToNewWindow(self, on=1):
        self._set_render_setting("new_window", 1 if on else 0)

    def RenderOverType(self):
        """0 background colour, 1 black, 2 background picture, 3 current shader."""
        return self._render_setting("over", 0)

    def SetRenderOverType(self, type=None):
        over = 0 if type is None else int(type)
        if over not in (0, 1, 2, 3):
            raise error("SetRenderOverType: %r is not 0, 1, 2 or 3" % (type,))
        self._set_render_setting("over", over)

    def _over_flag(self, value):
        return 1 if self.RenderOverType() == value else 0

    def _set_over(self, value, on):
        if on:
            self._set_render_setting("over", value)
        elif self.RenderOverType() == value:
            self._set_render_setting("over", 0 if value else 1)

    def RenderOnBGColor(self):
        return self._over_flag(0)

    def SetRenderOnBGColor(self, on=1):
        self._set_over(0, on)

    def RenderOnBlack(self):
        return self._over_flag(1)

    def SetRenderOnBlack(self, on=1):
        self._set_over(1, on)

    def RenderOnBGPict(self):
        return self._over_flag(2)

    def SetRenderOnBGPict(self, on=1):
        self._set_over(2, on)

    def RenderDimAutoscale(self):
        """0 exact size (OutputRes), 1 fit to preview, 2 match preview."""
        return self._render_setting("autoscale", 0)

    def SetRenderDimAutoscale(self, option):
        if option not in (0, 1, 2):
            raise error("SetRenderDimAutoscale: %r is not 0, 1 or 2" % (option,))
        self._set_render_setting("autoscale", option)

    def Resolution(self):
        """The output resolution in dots per inch."""
        return self._render_setting("dpi", 72.0)

    def SetResolution(self, scale, unit=0):
        """Sets the resolution: ``scale`` dots per inch, or per cm with ``unit`` 1."""
        value = float(scale)
        if value <= 0:
            raise error("SetResolution needs a positive resolution")
        self._set_render_setting("dpi", value * 2.54 if unit else value)

    def ResolutionScale(self):
        """0 full, 1 half, 2 quarter size (as a float, as the manual prints)."""
        return float(self._render_setting("resolution_scale", 0))

    def SetResolutionScale(self, scale):
        if int(scale) not in (0, 1, 2):
            raise error("SetResolutionScale: %r is not 0, 1 or 2" % (scale,))
        self._set_render_setting("resolution_scale", int(scale))

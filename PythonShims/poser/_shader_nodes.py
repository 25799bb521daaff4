"""The shader node types a ShaderTree can hold: their type strings, display names, inputs
(internal name, display name, kind, default value) and outputs. ``_materials`` imports this
module the first time it builds a node, so the table costs nothing at ``import poser``.

Type strings are Poser's own (``ShaderNode.Type()``, ``ShaderTree.CreateNode(type)``):
``poser`` (PoserSurface, the FireFly root of every material), ``image_map``,
``simpleColor``, ``math_functions``, ``color_math``, ``hsv2``, ...; Poser 11's
``PhysicalSurface`` root, and the SuperFly (Cycles) nodes: the ``CyclesSurface`` root and
``ccl_*`` nodes (``ccl_DiffuseBsdf``, ``ccl_MixClosure``, ...). The PoserSurface inputs,
the image map's and those public scripts use are Poser's; the input lists of rarely
scripted nodes follow the Material Room's labels as closely as known.

Kinds (``ShaderNodeInput.Type()`` maps them to ``kNodeInputCode*``): ``f`` float, ``c``
color, ``v`` vector, ``s`` string, ``b`` boolean, ``i`` integer, ``m`` menu (a float
index), ``n`` none (a closure socket: it takes links, holds no value).
"""

from . import _codes

try:
    _STRINGS = (str, unicode)  # noqa: F821 (Python 2)
except NameError:
    _STRINGS = (str,)

FLOAT, COLOR, VECTOR, STRING, BOOLEAN, INTEGER, MENU, NONE = "f", "c", "v", "s", "b", "i", "m", "n"

# Table format, one node per block:
#   @type|CONSTANT|Display_Name[|root]      CONSTANT: the kNodeTypeCode* suffix or -
#   internal[:display]|kind[|default]       one line per input, in Poser's order
#   > name|kind; name|kind                  outputs, on one or more lines (default: Color|c)
_TABLE = """
@poser|POSERSURFACE|PoserSurface|root
Diffuse_Color|c|1 1 1
Diffuse_Value|f|1
Highlight_Color:Specular_Color|c|1 1 1
Highlight_Value:Specular_Value|f|0
Highlight_Size|f|0.1
Ambient_Color|c|0 0 0
Ambient_Value|f|1
Transparency_Max:Transparency|f|0
Transparency_Min:Transparency_Edge|f|0
Transparency_Falloff|f|0.6
Translucence_Color|c|1 1 1
Translucence_Value|f|0
Reflection_Color|c|1 1 1
Reflection_Value|f|0
Refraction_Color|c|1 1 1
Refraction_Value|f|0
Bump|f|0
Displacement|f|0
AlternateDiffuse:Alternate_Diffuse|c|0 0 0
AlternateSpecular:Alternate_Specular|c|0 0 0
Reflection_Lite_Mult|b|0
Reflection_Kd_Mult|b|0
Gradient_Bump|f|0
Shadow_Catch_Only|b|0
ToonID|i|0
Normals_Forward|b|0
>
@PhysicalSurface|-|PhysicalSurface|root
Color|c|0.8 0.8 0.8
Roughness|f|0.5
Metallic|f|0
Specular|c|0.5 0.5 0.5
Specular_Tint|f|0
Transparency|f|0
TransparencyMode|m|0
Translucence|c|0 0 0
Emission|c|0 0 0
Emission_Strength|f|1
Coat|f|0
Coat_Roughness|f|0.03
IOR|f|1.45
Anisotropy|f|0
Bump|f|0
Normal_Map|c|0.5 0.5 1
Displacement|f|0
SSSMethod|m|0
Scatter_Group|i|1
Scatter_Scale|f|1
ScatterDistR|f|1
ScatterDistG|f|0.2
ScatterDistB|f|0.1
>
@CyclesSurface|-|CyclesSurface|root
Surface|n
Volume|n
Displacement|f|0
>
@light|LIGHT|Light|root
Color|c|1 1 1
Intensity|f|1
AngleStart|f|0
AngleEnd|f|70
DistStart|f|0
DistEnd|f|5
AngleExpo|f|2
>
@background|BACKGROUND|Background|root
Color|c|0.35 0.35 0.35
Cast_Light|b|1
>
@atmosphere|ATMOSPHERE|PoserAtmosphere|root
Volume_On|b|0
Volume_Color|c|1 1 1
Volume_Density|f|0.01
Volume_Step|f|0.1
Volume_Noise|f|0
Volume_Turbulence|f|0
DepthCue_On|b|0
DepthCue_Color|c|1 1 1
DepthCue_StartDist|f|0
DepthCue_EndDist|f|10
>
@simpleColor|SIMPLECOLOR|Simple_Color
Color|c|1 1 1
@math_functions|MATH|Math_Functions
Math_Argument|m|1
Value_1|f|1
Value_2|f|1
> Value|f
@color_math|COLORMATH|Color_Math
Math_Argument|m|1
Value_1|c|1 1 1
Value_2|c|1 1 1
@blender|BLENDER|Blender
Input_1|c|1 1 1
Input_2|c|0 0 0
Blending|f|0.5
@edge_blend|EDGEBLEND|Edge_Blend
Inner_Color|c|1 1 1
Outer_Color|c|0 0 0
Attenuation|f|2
@component|COMP|Component
Component|m|0
Color|c|1 1 1
> Value|f
@colorRamp|COLORRAMP|Color_Ramp
Color1|c|0 0 0
Color2|c|0.33 0.33 0.33
Color3|c|0.66 0.66 0.66
Color4|c|1 1 1
Input|f|0
@hsv|HSV|HSV
Color|c|1 1 1
Hue|f|1
Saturation|f|1
Value|f|1
@hsv2|HSV2|HSV2
Color|c|1 1 1
Hue|f|0
Saturation|f|1
Value|f|1
@user_defined|USERDEFINED|User_Defined
Color_Model|m|1
Value_1|f|1
Value_2|f|1
Value_3|f|1
@gamma|GAMMA|Gamma
Color|c|1 1 1
Gamma|f|2.2
@diffuse|DIFFUSE|Diffuse
Diffuse_Color|c|1 1 1
Diffuse_Value|f|1
Roughness|f|0
Normals_Forward|b|0
@clay|CLAY|Clay
Color|c|1 1 1
Kd|f|1
Roughness|f|0.5
Normals_Forward|b|0
@probelight|PROBELIGHT|ProbeLight
Diffuse_Color|c|1 1 1
Diffuse_Value|f|1
Normals_Forward|b|0
@toon|TOON|Toon
Lit_Color|c|1 1 1
Dark_Color|c|0 0 0
Toon_Edge|f|0.5
Toon_Softness|f|0.1
Normals_Forward|b|0
@specular|SPECULAR|Specular
Specular_Color|c|1 1 1
Specular_Value|f|1
Roughness|f|0.1
Normals_Forward|b|0
@glossy|GLOSSY|Glossy
Specular_Color|c|1 1 1
Ks|f|1
Roughness|f|0.1
Sharpness|f|0.5
Normals_Forward|b|0
@blinn|BLINN|Blinn
Specular_Color|c|1 1 1
Eccentricity|f|0.3
SpecRollOff|f|0.7
Reflectivity|f|1
Normals_Forward|b|0
@phong|PHONG|Phong
Specular_Color|c|1 1 1
Specular_Value|f|1
Size|f|0.5
Normals_Forward|b|0
@anisotropic|ANISOTROPIC|Anisotropic
Specular_Color|c|1 1 1
Specular_Value|f|1
u_Roughness|f|0.1
v_Roughness|f|0.1
X_Direction|v|1 0 0
Normals_Forward|b|0
@ks_microfacet|MICROFACET|ks_microfacet
Specular_Color|c|1 1 1
Ks|f|1
Roughness|f|0.1
IOR|f|1.5
Normals_Forward|b|0
@fresnel_blend|FRESNELBLEND|Fresnel_Blend
Diffuse_Color|c|1 1 1
Reflection_Color|c|1 1 1
IOR|f|1.5
@skin|SKIN|Skin
Skin_Color|c|0.9 0.7 0.6
Sheen_Color|c|1 1 1
Thickness|f|0.5
IOR|f|1.4
@velvet|VELVET|Velvet
Color|c|1 1 1
Sheen_Color|c|1 1 1
Edginess|f|2
Kd|f|1
Normals_Forward|b|0
@hair|HAIR|Hair
Root_Color|c|0.3 0.2 0.1
Tip_Color|c|0.6 0.5 0.3
Specular_Color|c|1 1 1
Highlight_Size|f|0.1
Root_Softness|f|0.1
Opaque_in_Shadow|b|0
@FastScatter|FASTSCATTER|FastScatter
Color|c|1 1 1
Scatter_Color|c|1 0.5 0.3
Scale|f|1
@scatter|SCATTER|Scatter
Color|c|1 1 1
Mean_Free_Path|f|1
IOR|f|1.3
Scale|f|1
@subsurfaceSkin|SCATTERSKIN|Subsurface_Skin
Skin_Color|c|0.9 0.7 0.6
Scatter_Color|c|1 0.5 0.3
Scale|f|1
IOR|f|1.4
@custom_scatter|CUSTOMSCATTER|Custom_Scatter
Color|c|1 1 1
Mean_Free_Path_Color|c|1 0.5 0.25
Scale|f|1
IOR|f|1.3
@volume|VOLUME|Volume
Color|c|1 1 1
Density|f|1
@reflect|REFLECT|Reflect
Background|c|0 0 0
Quality|f|1
Softness|f|0
RayBias|f|0.05
@refract|REFRACT|Refract
Background|c|0 0 0
Index_of_Refraction|f|1.3
Quality|f|1
Softness|f|0
RayBias|f|0.05
@fresnel|FRESNEL|Fresnel
Background|c|0 0 0
Index_of_Refraction|f|1.33
Quality|f|1
Softness|f|0
RayBias|f|0.05
@ambientOcclusion|AMBIENTOCCLUSION|Ambient_Occlusion
Samples|f|10
Max_Dist|f|10
RayBias|f|0.05
Strength|f|1
@gather|GATHER|Gather
Samples|f|10
Max_Dist|f|10
RayBias|f|0.05
Angle|f|90
@sphereMap|SPHEREMAP|Sphere_Map
Color|c|1 1 1
Rotation_X|f|0
Rotation_Y|f|0
Rotation_Z|f|0
@wood|WOOD|Wood
Light_Wood|c|0.8 0.6 0.4
Dark_Wood|c|0.5 0.3 0.1
Scale|f|1
Turbulence|f|0.5
Noise_Type|m|1
Global_Coordinates|b|0
@marble|MARBLE|Marble
Base_Color|c|1 1 1
Veining_Color|c|0.3 0.3 0.3
Scale|f|1
Turbulence|f|0.5
Noise_Type|m|1
Global_Coordinates|b|0
@granite|GRANITE|Granite
Base_Color|c|0.7 0.7 0.7
Spot_Color|c|0.2 0.2 0.2
Shades|f|3
Scale|f|1
Balance|f|0.5
Noise_Type|m|1
Global_Coordinates|b|0
@spots|SPOTS|Spots
Base_Color|c|1 1 1
Spot_Color|c|0 0 0
Spot_Size|f|0.2
Softness|f|0.1
Threshold|f|0.5
Noise_Type|m|1
Global_Coordinates|b|0
@cellular|CELLULAR|Cellular
Color1|c|1 1 1
Color2|c|0 0 0
Scale_X|f|1
Scale_Y|f|1
Scale_Z|f|1
Jitter|f|1
Turbulence|f|0
Cellmode|m|0
Noise_Type|m|1
Global_Coordinates|b|0
@clouds|CLOUDS|Clouds
Sky_Color|c|0.3 0.5 1
Cloud_Color|c|1 1 1
Scale|f|1
Complexity|f|4
Bottom|f|0
Top|f|1
Bias|f|0.5
Gain|f|0.5
Noise_Type|m|1
Global_Coordinates|b|0
@fBm|FBM|fBm
x_Index|f|1
y_Index|f|1
z_Index|f|1
Octaves|f|8
Lacunarity|f|2
Signed|b|0
Noise_Type|m|1
Global_Coordinates|b|0
> Value|f
@fractal_sum|FRACTALSUM|Fractal_Sum
x_Index|f|1
y_Index|f|1
z_Index|f|1
Octaves|f|8
Bias|f|0.5
Gain|f|0.5
Noise_Type|m|1
Global_Coordinates|b|0
> Value|f
@turbulence|TURBULENCE|Turbulence
x_Index|f|1
y_Index|f|1
z_Index|f|1
Octaves|f|8
Bias|f|0.5
Gain|f|0.5
Noise_Type|m|1
Global_Coordinates|b|0
> Value|f
@noise|NOISE|Noise
x_Index|f|1
y_Index|f|1
z_Index|f|1
Min|f|0
Max|f|1
Detail|f|1
Noise_Type|m|1
Global_Coordinates|b|0
> Value|f
@wave3d|WAVE3D|Wave3d
x_Index|f|1
y_Index|f|1
z_Index|f|1
Phase|f|0
Noise_Type|m|1
Global_Coordinates|b|0
> Value|f
@image_map|IMAGEMAP|Image_Map
Image_Source|s|
Auto_Fit|b|0
U_Scale|f|1
V_Scale|f|1
U_Offset|f|0
V_Offset|f|0
Texture_Coords|m|1
Image_Mapped|m|1
Background|c|1 1 1
Global_Coordinates|b|0
Mirror_U|b|0
Mirror_V|b|0
Texture_Strength|f|1
Filtering|m|2
> Color|c; Alpha|f
@movie|MOVIE|Movie
Video_Source|s|
Loop_Movie|b|1
Frame_Rate|f|30
U_Scale|f|1
V_Scale|f|1
U_Offset|f|0
V_Offset|f|0
Texture_Coords|m|1
Image_Mapped|m|1
Background|c|1 1 1
Global_Coordinates|b|0
Mirror_U|b|0
Mirror_V|b|0
Texture_Strength|f|1
@brick|BRICK|Brick
Brick_Color|c|0.6 0.2 0.1
Mortar_Color|c|0.8 0.8 0.8
Brick_Width|f|0.25
Brick_Height|f|0.08
Mortar_Width|f|0.01
Turbulence|f|0
Softness|f|0
Noise_Type|m|1
U_Scale|f|1
V_Scale|f|1
@tile|TILE|Tile
Pattern|m|0
Tile_1|c|1 1 1
Tile_2|c|0.8 0.8 0.8
Mortar_Color|c|0.3 0.3 0.3
Tile_Width|f|0.1
Tile_Height|f|0.1
Mortar_Width|f|0.01
Turbulence|f|0
Softness|f|0
Noise_Type|m|1
U_Scale|f|1
V_Scale|f|1
@weave|WEAVE|Weave
Pattern|m|1
U_Color|c|1 1 1
V_Color|c|0.8 0.8 0.8
Base_Color|c|0 0 0
Bias|f|0.5
Gain|f|0.5
U_Scale|f|1
V_Scale|f|1
@wave2d|WAVE2D|Wave2d
Wave_Length|f|0.1
Phase|f|0
U_Center|f|0.5
V_Center|f|0.5
Noise_Type|m|1
> Value|f
@frame|FRAME|Frame_Number
> Output|f
@u|U|U_Texture_Coordinate
> Output|f
@v|V|V_Texture_Coordinate
> Output|f
@du|DU|Du
> Output|f
@dv|DV|Dv
> Output|f
@dPdu|DPDU|dPdu
> Output|v
@dPdv|DPDV|dPdv
> Output|v
@dNdu|DNDU|dNdu
> Output|v
@dNdv|DNDV|dNdv
> Output|v
@N|N|N
> Output|v
@P|P|P
> Output|v
@compound|COMPOUND|Compound
> Output|c
@ccl_DiffuseBsdf|-|Diffuse BSDF
Color|c|0.8 0.8 0.8
Roughness|f|0
Normal|v|0 0 0
> BSDF|n
@ccl_GlossyBsdf|-|Glossy BSDF
Color|c|0.8 0.8 0.8
Roughness|f|0.2
Normal|v|0 0 0
Distribution|m|1
> BSDF|n
@ccl_GlassBsdf|-|Glass BSDF
Color|c|1 1 1
Roughness|f|0
IOR|f|1.45
Normal|v|0 0 0
Distribution|m|0
> BSDF|n
@ccl_RefractionBsdf|-|Refraction BSDF
Color|c|1 1 1
Roughness|f|0
IOR|f|1.45
Normal|v|0 0 0
Distribution|m|0
> BSDF|n
@ccl_TransparentBsdf|-|Transparent BSDF
Color|c|1 1 1
> BSDF|n
@ccl_TranslucentBsdf|-|Translucent BSDF
Color|c|0.8 0.8 0.8
Normal|v|0 0 0
> BSDF|n
@ccl_VelvetBsdf|-|Velvet BSDF
Color|c|0.8 0.8 0.8
Sigma|f|1
Normal|v|0 0 0
> BSDF|n
@ccl_PrincipledBsdf|-|Principled BSDF
Base Color|c|0.8 0.8 0.8
Subsurface|f|0
Subsurface Radius|v|1 0.2 0.1
Subsurface Color|c|0.8 0.8 0.8
Metallic|f|0
Specular|f|0.5
Specular Tint|f|0
Roughness|f|0.5
Anisotropic|f|0
Anisotropic Rotation|f|0
Sheen|f|0
Sheen Tint|f|0.5
Clearcoat|f|0
Clearcoat Roughness|f|0.03
IOR|f|1.45
Transmission|f|0
Normal|v|0 0 0
Clearcoat Normal|v|0 0 0
Tangent|v|0 0 0
Distribution|m|1
> BSDF|n
@ccl_SubsurfaceScattering|-|Subsurface Scattering
Color|c|0.8 0.8 0.8
Scale|f|1
Radius|v|0.1 0.1 0.1
Sharpness|f|0
Texture Blur|f|0
Normal|v|0 0 0
Falloff|m|0
> BSSRDF|n
@ccl_Emission|-|Emission
Color|c|1 1 1
Strength|f|1
> Emission|n
@ccl_Background|-|Background
Color|c|0.05 0.05 0.05
Strength|f|1
> Background|n
@ccl_Holdout|-|Holdout
> Holdout|n
@ccl_MixClosure|-|Mix Shader
Fac|f|0.5
Closure1|n
Closure2|n
> Closure|n
@ccl_AddClosure|-|Add Shader
Closure1|n
Closure2|n
> Closure|n
@ccl_VolumeAbsorption|-|Volume Absorption
Color|c|0.8 0.8 0.8
Density|f|1
> Volume|n
@ccl_VolumeScatter|-|Volume Scatter
Color|c|0.8 0.8 0.8
Density|f|1
Anisotropy|f|0
> Volume|n
@ccl_ImageTexture|-|Image Texture
Image|s|
Vector|v|0 0 0
Interpolation|m|1
Projection|m|0
> Color|c; Alpha|f
@ccl_EnvironmentTexture|-|Environment Texture
Image|s|
Vector|v|0 0 0
> Color|c; Alpha|f
@ccl_NoiseTexture|-|Noise Texture
Vector|v|0 0 0
Scale|f|5
Detail|f|2
Distortion|f|0
> Color|c; Fac|f
@ccl_CheckerTexture|-|Checker Texture
Vector|v|0 0 0
Color1|c|0.8 0.8 0.8
Color2|c|0.2 0.2 0.2
Scale|f|5
> Color|c; Fac|f
@ccl_VoronoiTexture|-|Voronoi Texture
Vector|v|0 0 0
Scale|f|5
Coloring|m|0
> Color|c; Fac|f
@ccl_WaveTexture|-|Wave Texture
Vector|v|0 0 0
Scale|f|5
Distortion|f|0
Detail|f|2
Detail Scale|f|1
> Color|c; Fac|f
@ccl_GradientTexture|-|Gradient Texture
Vector|v|0 0 0
Type|m|0
> Color|c; Fac|f
@ccl_TextureCoordinate|-|Texture Coordinate
> Generated|v; Normal|v; UV|v; Object|v; Camera|v; Window|v; Reflection|v
@ccl_Mapping|-|Mapping
Vector|v|0 0 0
Translation|v|0 0 0
Rotation|v|0 0 0
Scale|v|1 1 1
> Vector|v
@ccl_RGB|-|RGB
Color|c|0.5 0.5 0.5
> Color|c
@ccl_Value|-|Value
Value|f|0.5
> Value|f
@ccl_Math|-|Math
Type|m|0
Value1|f|0.5
Value2|f|0.5
Clamp|b|0
> Value|f
@ccl_MixRGB|-|Mix
Type|m|0
Fac|f|0.5
Color1|c|0.5 0.5 0.5
Color2|c|0.5 0.5 0.5
Clamp|b|0
> Color|c
@ccl_Invert|-|Invert
Fac|f|1
Color|c|0 0 0
> Color|c
@ccl_HSV|-|Hue Saturation Value
Hue|f|0.5
Saturation|f|1
Value|f|1
Fac|f|1
Color|c|0.8 0.8 0.8
> Color|c
@ccl_Gamma|-|Gamma
Color|c|1 1 1
Gamma|f|1
> Color|c
@ccl_BrightContrast|-|Bright Contrast
Color|c|1 1 1
Bright|f|0
Contrast|f|0
> Color|c
@ccl_SeparateRGB|-|Separate RGB
Image|c|0.8 0.8 0.8
> R|f; G|f; B|f
@ccl_CombineRGB|-|Combine RGB
R|f|0
G|f|0
B|f|0
> Image|c
@ccl_Fresnel|-|Fresnel
IOR|f|1.45
Normal|v|0 0 0
> Fac|f
@ccl_LayerWeight|-|Layer Weight
Blend|f|0.5
Normal|v|0 0 0
> Fresnel|f; Facing|f
@ccl_LightPath|-|Light Path
> Is Camera Ray|f; Is Shadow Ray|f; Is Diffuse Ray|f; Is Glossy Ray|f; Is Singular Ray|f
> Is Reflection Ray|f; Is Transmission Ray|f; Ray Length|f; Ray Depth|f; Transparent Depth|f
@ccl_Bump|-|Bump
Invert|b|0
Strength|f|1
Distance|f|1
Height|f|1
Normal|v|0 0 0
> Normal|v
@ccl_NormalMap|-|Normal Map
Space|m|0
Strength|f|1
Color|c|0.5 0.5 1
> Normal|v
"""

_DEFAULTS = {FLOAT: 0.0, COLOR: (1.0, 1.0, 1.0), VECTOR: (0.0, 0.0, 0.0), STRING: "",
             BOOLEAN: 0.0, INTEGER: 0.0, MENU: 0.0, NONE: None}

# Fallback kNodeInputCode* values, used only if _codes lacks them.
_INPUT_CODE_NAMES = {FLOAT: "FLOAT", COLOR: "COLOR", VECTOR: "VECTOR", STRING: "STRING",
                     BOOLEAN: "BOOLEAN", INTEGER: "INTEGER", MENU: "MENU", NONE: "NONE"}
_INPUT_CODE_FALLBACK = {FLOAT: 0, COLOR: 1, VECTOR: 2, STRING: 3, BOOLEAN: 4, INTEGER: 5, MENU: 6, NONE: 7}


class NodeKind(object):
    """One node type: ``type`` string, ``constant`` (kNodeTypeCode* suffix or None),
    ``display`` name, ``root`` flag, ``inputs`` [(internal, display, kind, default)],
    ``outputs`` [(name, kind)]."""

    __slots__ = ("type", "constant", "display", "root", "inputs", "outputs")

    def __init__(self, type_, constant, display, root):
        self.type = type_
        self.constant = constant
        self.display = display
        self.root = root
        self.inputs = []
        self.outputs = []


def _parse_value(kind, text):
    if kind == NONE:
        return None
    if kind == STRING:
        return text
    if text == "":
        return _DEFAULTS[kind]
    numbers = [float(part) for part in text.split()]
    if kind in (COLOR, VECTOR):
        return tuple(numbers)
    return numbers[0]


def _parse(table):
    kinds = {}
    kind = None
    for line in table.strip().splitlines():
        if line.startswith("@"):
            fields = line[1:].split("|")
            kind = NodeKind(fields[0], None if fields[1] == "-" else fields[1], fields[2],
                            len(fields) > 3 and fields[3] == "root")
            kinds[kind.type] = kind
        elif line.startswith(">"):  # several ">" lines add up
            kind.outputs.extend(tuple(part.strip().split("|")) for part in line[1:].split(";") if part.strip())
        else:
            fields = line.split("|")
            names = fields[0].split(":")
            input_kind = fields[1]
            default = _parse_value(input_kind, fields[2] if len(fields) > 2 else "")
            kind.inputs.append((names[0], names[-1], input_kind, default))
    for kind in kinds.values():
        if not kind.outputs and not kind.root:
            kind.outputs = [("Color", COLOR)]  # roots have none (their bare ">")
    return kinds


KINDS = _parse(_TABLE)
_LOWER = dict((type_.lower(), type_) for type_ in KINDS)


def type_string(kind):
    """The string ``Type()`` answers for ``kind``: the value of its kNodeTypeCode* constant
    when _codes defines one, so ``node.Type() == poser.kNodeTypeCodeIMAGEMAP`` holds."""
    if kind.constant:
        value = getattr(_codes, "kNodeTypeCode" + kind.constant, None)
        if isinstance(value, _STRINGS) and value:
            return value
    return kind.type


def find_kind(name):
    """The NodeKind for a CreateNode argument: a Poser type string (any case) or a
    kNodeTypeCode* value; None when unknown."""
    if not isinstance(name, _STRINGS):
        return None
    kind = KINDS.get(name) or KINDS.get(_LOWER.get(name.lower(), ""))
    if kind is not None:
        return kind
    for candidate in KINDS.values():
        if candidate.constant and getattr(_codes, "kNodeTypeCode" + candidate.constant, None) == name:
            return candidate
    return None


def input_code(kind):
    """The kNodeInputCode* value for an input kind."""
    value = getattr(_codes, "kNodeInputCode" + _INPUT_CODE_NAMES[kind], None)
    return value if isinstance(value, int) else _INPUT_CODE_FALLBACK[kind]

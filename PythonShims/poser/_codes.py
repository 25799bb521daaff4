"""Poser's codes: the constants scripts compare against (``poser.kParmCodeXROT``).

Constants only, no imports, so every other part of the package can use them; ``__init__``
re-exports every name (``from ._codes import *``). Grouped by the manual's code tables,
one comment per table, in the order the manual lists the tables.

Values: where the manual or the earlier stub fixed a value it is kept (parameter codes 1-20,
light codes 0-3, dialog codes 0-1, the first five import option codes 0-4). Poser does not
document the others; they are ours, chosen so that every code differs from every other
code of its table (comparisons and dict keys work) and stays the same from run to run.
Event codes are single bits (scripts test them with ``&``). Shader node type codes and
cloth property codes are strings, as Poser's CreateNode() and DynamicsProperty() take
strings: node type codes are the node type names of Poser's material files (``"poser"``,
``"image_map"``). Spelling variants the manual prints are aliases of the same value, in a
block at the end. ``_tables()`` (private) maps each table's name to its constant names,
for helpers that list a table.
"""

# --- Cloth Simulator Codes (ClothSimulatorType DynamicsProperty/SetDynamicsProperty) ----
# Strings: the dynamics property names.
kClothParmCodeAIRDAMPING = "airDamping"
kClothParmCodeCLOTHCLOTHFORCE = "clothClothForce"
kClothParmCodeCLOTHFRICTION = "clothFriction"
kClothParmCodeDAMPINGSTRETCH = "dampingStretch"
kClothParmCodeDENSITY = "density"
kClothParmCodeDYNAMICFRICTION = "dynamicFriction"
kClothParmCodeFRICTIONFROMSOLID = "frictionFromSolid"
kClothParmCodeFRICTIONVELOCITYCUTOFF = "frictionVelocityCutoff"
kClothParmCodeSHEARRESISTANCE = "shearResistance"
kClothParmCodeSPRINGRESISTANCE = "springResistance"
kClothParmCodeSTATICFRICTION = "staticFriction"
kClothParmCodeTHICKNESS = "thickness"
kClothParmCodeUBENDRATE = "uBendRate"
kClothParmCodeUBENDRESISTANCE = "uBendResistance"
kClothParmCodeUSCALE = "uScale"
kClothParmCodeUSEEDGESPRINGS = "useEdgeSprings"
kClothParmCodeUSTRETCHRESISTANCE = "uStretchResistance"
kClothParmCodeVBENDRATE = "vBendRate"
kClothParmCodeVBENDRESISTANCE = "vBendResistance"
kClothParmCodeVSCALE = "vScale"
kClothParmCodeVSTRETCHRESISTANCE = "vStretchResistance"

# --- COLLADA Codes (keys of ImExporter option dicts; numbered after the Import/Export
# codes, so one dict can hold both) ----------------------------------------------------
kExOptCodeCOLLADABakeDiffuseMap = 100
kExOptCodeCOLLADABakeTranparencyMap = 101
kExOptCodeCOLLADAConformEveryFrame = 102
kExOptCodeCOLLADACustomUnitName = 103
kExOptCodeCOLLADAExportTriangles = 104
kExOptCodeCOLLADAFreezeFigMesh = 105
kExOptCodeCOLLADAIncludeNormals = 106
kExOptCodeCOLLADAIsCustomUnit = 107
kExOptCodeCOLLADALimitTextureSize = 108
kExOptCodeCOLLADAMaxTextureSize = 109
kExOptCodeCOLLADAMorphOption = 110
kExOptCodeCOLLADAPercentageScale = 111
kExOptCodeCOLLADAPoserUnitScaleCustom = 112
kExOptCodeCOLLADAPoserUnitScaleFactorType = 113
kExOptCodeCOLLADAPresetName = 114
kExOptCodeCOLLADATexureSizePowerof2 = 115
kExOptCodeCOLLADATranparencyMap = 116
kExOptCodeCOLLADATransparentTypeRGB = 117
kExOptCodeCOLLADAUpAxis = 118
kImOptCodeCOLLADAImportCameras = 119
kImOptCodeCOLLADAImportLights = 120

# --- Dialog Codes (DialogFileChooser's type) -------------------------------------------
kDialogFileChooserOpen = 0
kDialogFileChooserSave = 1

# --- Display Codes (SetDisplayStyle/DisplayStyle) --------------------------------------
kDisplayCodeSILHOUETTE = 0
kDisplayCodeWIREFRAME = 1
kDisplayCodeHIDDENLINE = 2
kDisplayCodeEDGESONLY = 3
kDisplayCodeFLATLINED = 4
kDisplayCodeFLATSHADED = 5
kDisplayCodeCARTOONNOLINE = 6
kDisplayCodeSHADEDOUTLINED = 7
kDisplayCodeSMOOTHLINED = 8
kDisplayCodeSMOOTHSHADED = 9
kDisplayCodeTEXTURELINED = 10
kDisplayCodeTEXTURESHADED = 11
kDisplayCodeSKETCHSHADED = 12
kDisplayCodeUSEPARENTSTYLE = 13

# --- Firefly Options Codes (toon outlines, pixel filters, ray accelerators, render
# engines, texture cache compression); each group in its own range ----------------------
kOutlineCodeTHINPEN = 0
kOutlineCodeMEDIUMPEN = 1
kOutlineCodeTHICKPEN = 2
kOutlineCodeTHINPENCIL = 3
kOutlineCodeMEDIUMPENCIL = 4
kOutlineCodeTHICKPENCIL = 5
kOutlineCodeTHINMARKER = 6
kOutlineCodeMEDIUMMARKER = 7
kOutlineCodeTHICKMARKER = 8
kPixelFilterCodeBOX = 10
kPixelFilterCodeGAUSS = 11
kPixelFilterCodeSINC = 12
kRayAcceleratorCodeDEFAULT = 20
kRayAcceleratorCodeEMBREE = 21
kRayAcceleratorCodeHBVO = 22
kRayAcceleratorCodeKDTREE = 23
kRayAcceleratorCodeVOXEL = 24
kRenderEngineCodePREVIEW = 30
kRenderEngineCodeFIREFLY = 31
kRenderEngineCodeSKETCH = 32
kRenderEngineCodeSUPERFLY = 33
kTextureCompressorCodeRLE = 40
kTextureCompressorCodeZIP = 41

# --- Import/Export Codes (keys of ImExporter option dicts; the first five are the
# manual's; the FireFly hider codes are listed in this table) ---------------------------
kImOptCodeCENTERED = 0
kImOptCodePLACEONFLOOR = 1
kImOptCodePERCENTFIGSIZE = 2
kImOptCodeOFFSETX = 3
kImOptCodeOFFSETY = 4
kImOptCodeOFFSETZ = 5
kImOptCodeWELDIDENTICALVERTS = 6
kImOptCodeMAKEPOLYNORMSCONSISTENT = 7
kImOptCodeFLIPNORMS = 8
kImOptCodeFLIPUTEXTCOORDS = 9
kImOptCodeFLIPVTEXTCOORDS = 10
kImOptCodeAUTOSCALE = 11
kImOptCodeARMALIGNMENTAXIS = 12
kExOptCodeMULTIFRAME = 20
kExOptCodeFIRSTFRAME = 21
kExOptCodeLASTFRAME = 22
kExOptCodeSCALEFACTOR = 23
kExOptCodeAUTOSCALE = 24
kExOptCodeASMORPHTARGET = 25
kExOptCodeWELDSEAMS = 26
kExOptCodeUSEINTERNALNAMES = 27
kExOptCodeBODYPARTNAMESINPOLYGROUPS = 28
kExOptCodeEXISTINGGROUPSINPOLYGROUPS = 29
kExOptCodeFIGNAMESINGROUPS = 30
kExOptCodeGROUPSPERBODYPART = 31
kExOptCodeSAVECOMPRESSED = 32
kExOptCodeBROADCASTKEY = 33
kExOptCodeGENERATEHTML = 34
kExOptCodeGEOMQUALITY = 35
kExOptCodeIMAGEQUALITY = 36
kExOptCodeHTMLVIEWPORTHEIGHT = 37
kExOptCodeHTMLVIEWPORTWIDTH = 38
kExOptCodeIGNORECAMERAANIM = 39
kExOptCodeSOFTEDGESINHTML = 40
kExOptCodeUSEANIMSETS = 41
kExOptCodeUSEWAVELETTEXTURES = 42
kHiderREYES = 50
kHiderRayTrace = 51

# --- Language Codes (poser.Language()) -------------------------------------------------
kLanguageCodeUSENGLISH = 0
kLanguageCodeFRENCH = 1
kLanguageCodeGERMAN = 2
kLanguageCodeJAPANESE = 3

# --- Light Codes: light types (SetLightType/LightType), then attenuation types
# (SetLightAttenType/LightAttenType). A point light is Poser's local light, one value. ---
kLightCodeINFINITE = 0
kLightCodeLOCAL = 1
kLightCodeSPOT = 2
kLightCodeIMAGE = 3
kLightCodePOINT = kLightCodeLOCAL
kLightCodePOSERATTEN = 10
kLightCodeINVLINEARATTEN = 11
kLightCodeINVSQUAREATTEN = 12

# --- Metadata Codes (FileMetadata/SetFileMetadata keys) --------------------------------
kMetadataProperty_dc_audience = 0
kMetadataProperty_dc_contributor = 1
kMetadataProperty_dc_created = 2
kMetadataProperty_dc_creator = 3
kMetadataProperty_dc_description = 4
kMetadataProperty_dc_format = 5
kMetadataProperty_dc_hasPart = 6
kMetadataProperty_dc_hasVersion = 7
kMetadataProperty_dc_identifier = 8
kMetadataProperty_dc_instructionalMethod = 9
kMetadataProperty_dc_isPartOf = 10
kMetadataProperty_dc_isRequiredBy = 11
kMetadataProperty_dc_publisher = 12
kMetadataProperty_dc_relation = 13
kMetadataProperty_dc_requires = 14
kMetadataProperty_dc_rights = 15
kMetadataProperty_dc_rightsholder = 16
kMetadataProperty_dc_subject = 17
kMetadataProperty_dc_title = 18
kMetadataProperty_dc_type = 19
kMetadataProperty_poser_characteristic = 20
kMetadataProperty_poser_combinedFileSize = 21
kMetadataProperty_poser_conforming = 22
kMetadataProperty_poser_contentCategory = 23
kMetadataProperty_poser_dependency = 24
kMetadataProperty_poser_ethnicity = 25
kMetadataProperty_poser_FigureCanon = 26
kMetadataProperty_poser_fileSignature = 27
kMetadataProperty_poser_FrameCount = 28
kMetadataProperty_poser_gender = 29
kMetadataProperty_poser_RenderSettings = 30

# --- Palette Codes (palette and command ids: PaletteById, ProcessCommand); numbered after
# the room codes, which share the kCmdCode prefix ---------------------------------------
kCmdCodeANIMATIONPALETTE = 20
kCmdCodeGROUPPALETTE = 21
kCmdCodeJOINTPALETTE = 22
kCmdCodeLIBRARYPALETTE = 23
kCmdCodeLIBRARYPALETTEFIGURES = 24
kCmdCodePANDPPALETTE = 25
kCmdCodeWALKPALETTE = 26
kCmdCodeAPPLYBULGES = 27
kCmdCodeZEROFIGURE = 28

# --- Parameter Codes (ParmType.TypeCode(), ActorType.ParameterByCode()); 1-20 are the
# earlier stub's ------------------------------------------------------------------------
kParmCodeXROT = 1
kParmCodeYROT = 2
kParmCodeZROT = 3
kParmCodeXTRAN = 4
kParmCodeYTRAN = 5
kParmCodeZTRAN = 6
kParmCodeXSCALE = 7
kParmCodeYSCALE = 8
kParmCodeZSCALE = 9
kParmCodeASCALE = 10
kParmCodeTGRASP = 11
kParmCodeTARGET = 12
kParmCodeFOCAL = 13
kParmCodeKDRED = 14
kParmCodeKDGREEN = 15
kParmCodeKDBLUE = 16
kParmCodeKDINTENSITY = 17
kParmCodeVALUE = 18
kParmCodeDEPTHMAPSIZE = 19
# 20 is kParmCodeSHADOW (earlier stub, not in the manual; see the block at the end)
kParmCodeDEPTHMAPSTRENGTH = 21
kParmCodeGRASP = 22
kParmCodeSPREAD = 23
kParmCodeCENTER = 24
kParmCodeCURVE = 25
kParmCodeDEFORMERPROP = 26
kParmCodeGEOMCHAN = 27
kParmCodePOINTAT = 28
kParmCodeTAPERX = 29
kParmCodeTAPERY = 30
kParmCodeTAPERZ = 31
kParmCodeFOCUSDISTANCE = 32
kParmCodeFSTOP = 33
kParmCodeHITHER = 34
kParmCodeYON = 35
kParmCodeSHUTTEROPEN = 36
kParmCodeSHUTTERCLOSE = 37
kParmCodeLITEATTENSTART = 38
kParmCodeLITEATTENEND = 39
kParmCodeLITEFALLOFFSTART = 40
kParmCodeLITEFALLOFFEND = 41
kParmCodeHAIRDYNAMICS = 42
kParmCodeCLOTHDYNAMICS = 43
kParmCodeSOFTDYNAMICS = 44
kParmCodeWAVEAMPLITUDE = 45
kParmCodeWAVEAMPLITUDENOISE = 46
kParmCodeWAVEFREQUENCY = 47
kParmCodeWAVELENGTH = 48
kParmCodeWAVEOFFSET = 49
kParmCodeWAVEPHASE = 50
kParmCodeWAVESINUSOIDAL = 51
kParmCodeWAVESQUARE = 52
kParmCodeWAVESTRETCH = 53
kParmCodeWAVETRIANGULAR = 54
kParmCodeWAVETURBULENCE = 55

# --- Room Codes (CurrentRoom/SetCurrentRoom, Rooms) ------------------------------------
kCmdCodePOSEROOM = 1
kCmdCodeFACEROOM = 2
kCmdCodeHAIRROOM = 3
kCmdCodeCLOTHROOM = 4
kCmdCodeMATERIALROOM = 5
kCmdCodeSETUPROOM = 6
kCmdCodeCONTENTROOM = 7
kCmdCodeFITTINGROOM = 8
kCmdCodeCLOTHESROOM = 9

# --- Scene Codes (Image Output Compression): TIFF compression of SaveImage/RenderToQueue;
# the libtiff compression numbers, 0 for "whatever Poser defaults to" --------------------
kTIFF_DEFAULT = 0
kTIFF_NONE = 1
kTIFF_LZW = 5
kTIFF_JPEG = 7
kTIFF_ADOBE_DEFLATE = 8
kTIFF_PACKBITS = 32773
kTIFF_DEFLATE = 32946

# --- Shader Node Codes (ShaderTree.CreateNode(), ShaderNode.Type()): strings, the node
# type names of Poser's material files -------------------------------------------------
# root nodes
kNodeTypeCodePOSERSURFACE = "poser"
kNodeTypeCodeLIGHT = "light"
kNodeTypeCodeBACKGROUND = "background"
kNodeTypeCodeATMOSPHERE = "atmosphere"
kNodeTypeCodeCOMPOUND = "compound"
# math
kNodeTypeCodeBLENDER = "blender"
kNodeTypeCodeCOLORMATH = "color_math"
kNodeTypeCodeCOLORRAMP = "colorramp"
kNodeTypeCodeCOMP = "comp"
kNodeTypeCodeEDGEBLEND = "edge_blend"
kNodeTypeCodeFRESNELBLEND = "fresnel_blend"
kNodeTypeCodeGAMMA = "gamma"
kNodeTypeCodeHSV = "hsv"
kNodeTypeCodeHSV2 = "hsv2"
kNodeTypeCodeMATH = "math_functions"
kNodeTypeCodeSIMPLECOLOR = "simple_color"
kNodeTypeCodeUSERDEFINED = "user_defined"
# lighting
kNodeTypeCodeANISOTROPIC = "anisotropic"
kNodeTypeCodeBLINN = "blinn"
kNodeTypeCodeGLOSSY = "glossy"
kNodeTypeCodePHONG = "phong"
kNodeTypeCodeSPECULAR = "specular"
kNodeTypeCodeMICROFACET = "ks_microfacet"
kNodeTypeCodeCLAY = "clay"
kNodeTypeCodeDIFFUSE = "diffuse"
kNodeTypeCodePROBELIGHT = "probelight"
kNodeTypeCodeTOON = "toon"
kNodeTypeCodeAMBIENTOCCLUSION = "ambientOcclusion"
kNodeTypeCodeFRESNEL = "fresnel"
kNodeTypeCodeGATHER = "gather"
kNodeTypeCodeREFLECT = "reflect"
kNodeTypeCodeREFRACT = "refract"
kNodeTypeCodeSPHEREMAP = "sphereMap"
kNodeTypeCodeFASTSCATTER = "fastscatter"
kNodeTypeCodeHAIR = "hair"
kNodeTypeCodeSKIN = "skin"
kNodeTypeCodeVELVET = "velvet"
kNodeTypeCodeSCATTER = "scatter"
kNodeTypeCodeSCATTERSKIN = "subsurfaceSkin"
kNodeTypeCodeCUSTOMSCATTER = "custom_scatter"
kNodeTypeCodeVOLUME = "volume"
# variables
kNodeTypeCodeDNDU = "dndu"
kNodeTypeCodeDNDV = "dndv"
kNodeTypeCodeDPDU = "dpdu"
kNodeTypeCodeDPDV = "dpdv"
kNodeTypeCodeDU = "du"
kNodeTypeCodeDV = "dv"
kNodeTypeCodeFRAME = "frame"
kNodeTypeCodeN = "n"
kNodeTypeCodeP = "p"
kNodeTypeCodeU = "u"
kNodeTypeCodeV = "v"
# 3D textures
kNodeTypeCodeCELLULAR = "cellular"
kNodeTypeCodeCLOUDS = "clouds"
kNodeTypeCodeFBM = "fbm"
kNodeTypeCodeFRACTALSUM = "fractal_sum"
kNodeTypeCodeGRANITE = "granite"
kNodeTypeCodeMARBLE = "marble"
kNodeTypeCodeNOISE = "noise"
kNodeTypeCodeSPOTS = "spots"
kNodeTypeCodeTURBULENCE = "turbulence"
kNodeTypeCodeWAVE3D = "wave3d"
kNodeTypeCodeWOOD = "wood"
# 2D textures
kNodeTypeCodeBRICK = "brick"
kNodeTypeCodeIMAGEMAP = "image_map"
kNodeTypeCodeMOVIE = "movie"
kNodeTypeCodeTILE = "tile"
kNodeTypeCodeWAVE2D = "wave2d"
kNodeTypeCodeWEAVE = "weave"

# --- Shader Node Input Codes (ShaderNodeInput.Type()) ----------------------------------
kNodeInputCodeNONE = 0
kNodeInputCodeFLOAT = 1
kNodeInputCodeINTEGER = 2
kNodeInputCodeBOOLEAN = 3
kNodeInputCodeCOLOR = 4
kNodeInputCodeVECTOR = 5
kNodeInputCodeSTRING = 6
kNodeInputCodeMENU = 7

# --- Callback Codes: scene event flags (bits, SetEventCallback), then three codes the
# manual marks unused (bits above the event flags) ---------------------------------------
kEventCodeACTORADDED = 1 << 0
kEventCodeACTORDELETED = 1 << 1
kEventCodeACTORSELECTIONCHANGED = 1 << 2
kEventCodeANIMSETSCHANGED = 1 << 3
kEventCodeITEMRENAMED = 1 << 4
kEventCodeKEYSCHANGED = 1 << 5
kEventCodePARMADDED = 1 << 6
kEventCodePARMCHANGED = 1 << 7
kEventCodePARMDELETED = 1 << 8
kEventCodeSCENECLOSING = 1 << 9
kEventCodeSETUPMODE = 1 << 10
kCBFrameChanged = 1 << 16
kCBSceneChanged = 1 << 17
kCBValueChanged = 1 << 18

# --- ValueOp Codes (ParmType.AddValueOperation(), ValueOpType.Type()) -------------------
kValueOpTypeCodePLUS = 1
kValueOpTypeCodeMINUS = 2
kValueOpTypeCodeTIMES = 3
kValueOpTypeCodeDIVIDEBY = 4
kValueOpTypeCodeDIVIDEINTO = 5
kValueOpTypeCodeDELTAADD = 6
kValueOpTypeCodeKEY = 7
kValueOpTypeCodePYTHONCALLBACK = 8

# --- Falloff Zone Codes (ParmType.AddZone()) -------------------------------------------
kZoneTypeCodeSPHERE = 0
kZoneTypeCodeCAPSULE = 1
kZoneTypeCodeWEIGHTMAP = 2
kZoneTypeCodeMERGEDWEIGHTMAP = 3

# --- Preview render engine codes (General Methods: PreviewRenderEngineType) -------------
kPreviewRenderEngineTypeCodeSREED = 0
kPreviewRenderEngineTypeCodeOPENGL = 1

# --- Kept from the earlier stub, not in the manual -------------------------------------
kParmCodeSHADOW = 20

# --- Spelling variants the manual prints (misprinted capitals, other method texts):
# aliases of the codes above, so a script copied from the manual still runs -------------
kPreviewRenderEngineTypeCodeOpenGL = kPreviewRenderEngineTypeCodeOPENGL
kLightCodePOSER = kLightCodePOSERATTEN
kLightCodeINVSQUAREFALLOFF = kLightCodeINVSQUAREATTEN
KDisplayCodeUSEPARENTSTYLE = kDisplayCodeUSEPARENTSTYLE
KDisplayCodeWIREFRAME = kDisplayCodeWIREFRAME
KRayAcceleratorCodeHBVO = kRayAcceleratorCodeHBVO
KRayAcceleratorCodeKDTREE = kRayAcceleratorCodeKDTREE
KRayAcceleratorCodeVOXEL = kRayAcceleratorCodeVOXEL
KTextureCompressorCodeRLE = kTextureCompressorCodeRLE
KTextureCompressorCodeZIP = kTextureCompressorCodeZIP
keventCodeANIMSETSCHANGED = kEventCodeANIMSETSCHANGED
KParmCodeCLOTHDYNAMICS = kParmCodeCLOTHDYNAMICS
KParmCodeHAIRDYNAMICS = kParmCodeHAIRDYNAMICS
KCmdCodeFACEOOM = kCmdCodeFACEROOM
KCmdCodeCLOTHROOM = kCmdCodeCLOTHROOM
KCmdCodeCONTENTROOM = kCmdCodeCONTENTROOM
KCmdCodeHAIRROOM = kCmdCodeHAIRROOM
KCmdCodeMATERIALROOM = kCmdCodeMATERIALROOM
KCmdCodePOSEROOM = kCmdCodePOSEROOM
KCmdCodeSETUPROOM = kCmdCodeSETUPROOM


# The aliases, each with the name it stands for (kLightCodePOINT is in the manual's table,
# yet Poser's point light is its local light).
_ALIASES = {"kLightCodePOINT": "kLightCodeLOCAL",
            "kPreviewRenderEngineTypeCodeOpenGL": "kPreviewRenderEngineTypeCodeOPENGL",
            "kLightCodePOSER": "kLightCodePOSERATTEN", "kLightCodeINVSQUAREFALLOFF": "kLightCodeINVSQUAREATTEN",
            "keventCodeANIMSETSCHANGED": "kEventCodeANIMSETSCHANGED", "KCmdCodeFACEOOM": "kCmdCodeFACEROOM"}
_ALIASES.update((_n, "k" + _n[1:]) for _n in list(globals()) if _n.startswith("K") and _n not in _ALIASES)


def _tables():
    """Each manual table's constant names (the manual's, plus kParmCodeSHADOW), for tests
    and listings; computed when asked."""
    names = sorted(n for n in globals() if n[:1] in "kK" and (n not in _ALIASES or n == "kLightCodePOINT"))

    def table(*prefixes):
        return tuple(n for n in names if n.startswith(prefixes))

    return {
        "Cloth Simulator Codes": table("kClothParmCode"),
        "COLLADA Codes": table("kExOptCodeCOLLADA", "kImOptCodeCOLLADA"),
        "Dialog Codes": table("kDialogFileChooser"),
        "Display Codes": table("kDisplayCode"),
        "Firefly Options Codes": table("kOutlineCode", "kPixelFilterCode", "kRayAcceleratorCode",
                                       "kRenderEngineCode", "kTextureCompressorCode"),
        "Import/Export Codes": tuple(n for n in table("kExOptCode", "kImOptCode", "kHider") if "COLLADA" not in n),
        "Language Codes": table("kLanguageCode"),
        "Light Codes": table("kLightCode"),
        "Metadata Codes": table("kMetadataProperty_"),
        "Palette Codes": tuple(n for n in table("kCmdCode") if not n.endswith("ROOM")),
        "Parameter Codes": table("kParmCode"),
        "Room Codes": tuple(n for n in table("kCmdCode") if n.endswith("ROOM")),
        "Scene Codes (Image Output Compression)": table("kTIFF_"),
        "Shader Node Codes": table("kNodeTypeCode"),
        "Shader Node Input Codes": table("kNodeInputCode"),
        "Callback Codes": table("kEventCode", "kCB"),
        "ValueOp Codes": table("kValueOpTypeCode"),
        "Falloff Zone Codes": table("kZoneTypeCode"),
        "General Methods": table("kPreviewRenderEngineTypeCode"),
    }

"""Fonts for the PDF renderer: our fontconfig file, and a check that the free stand-ins resolve."""

import os
from pathlib import Path

FONTS_DIR = Path(__file__).resolve().parent
PROJECT_DIR = FONTS_DIR.parent.parent
DEFAULT_CONFIG = FONTS_DIR / "fonts.conf"
INSTALL_DIR = PROJECT_DIR / "var" / "fonts"  # fonts.conf lists it relative to itself: keep them in step

# Official font name → the free font fontconfig must give for it.
EXPECTED = {
    "仿宋_GB2312": "FandolFang",
    "楷体_GB2312": "FandolKai",
    "黑体": "Noto Sans CJK SC",
    "宋体": "Noto Serif CJK SC",
    "方正小标宋简体": "Noto Serif CJK SC",
}


def config_file() -> Path:
    """settings.FONTCONFIG_FILE, or the file beside this module when Django is not configured."""
    from django.conf import settings

    if settings.configured and getattr(settings, "FONTCONFIG_FILE", None):
        return Path(settings.FONTCONFIG_FILE)
    return DEFAULT_CONFIG


def configure() -> Path:
    """Point fontconfig at our config; must run before weasyprint (pango) loads fonts."""
    conf = config_file()
    os.environ["FONTCONFIG_FILE"] = str(conf)
    # Fontconfig resolves relative <include>s against FONTCONFIG_PATH, not the including file.
    folder = str(conf.parent)
    path = os.environ.get("FONTCONFIG_PATH", "")
    if folder not in path.split(os.pathsep):
        os.environ["FONTCONFIG_PATH"] = os.pathsep.join(filter(None, [folder, path]))
    return conf


def matched_fonts() -> dict[str, tuple[str, str]]:
    """For each official name, the (family, file) fontconfig picks, as the PDF renderer would."""
    configure()
    from weasyprint.text.ffi import ffi, fontconfig

    config = fontconfig.FcInitLoadConfigAndFonts()
    try:
        return {name: _match(ffi, fontconfig, config, name) for name in EXPECTED}
    finally:
        fontconfig.FcConfigDestroy(config)


def _match(ffi, fontconfig, config, name):
    pattern = ffi.gc(fontconfig.FcPatternCreate(), fontconfig.FcPatternDestroy)
    fontconfig.FcPatternAddString(pattern, b"family", name.encode())
    fontconfig.FcConfigSubstitute(config, pattern, fontconfig.FcMatchPattern)
    fontconfig.FcDefaultSubstitute(pattern)
    result = ffi.new("FcResult *")
    match = fontconfig.FcFontMatch(config, pattern, result)
    if match == ffi.NULL:
        return ("", "")
    match = ffi.gc(match, fontconfig.FcPatternDestroy)
    values = []
    for key in (b"family", b"file"):
        value = ffi.new("FcChar8 **")
        found = fontconfig.FcPatternGetString(match, key, 0, value) == fontconfig.FcResultMatch
        values.append(ffi.string(value[0]).decode() if found else "")
    return tuple(values)


def missing_fonts() -> list[str]:
    """The free fonts the PDF needs that fontconfig cannot find (empty when all is well)."""
    missing = []
    for name, (family, file) in matched_fonts().items():
        wanted = EXPECTED[name]
        # A Fandol Bold file standing in for the regular face counts as missing.
        ok = family == wanted and ("Fandol" not in wanted or file.endswith("-Regular.otf"))
        if not ok and wanted not in missing:
            missing.append(wanted)
    return missing


def matched_files() -> dict[str, tuple[str, str, int]]:
    """For each official name, the (family, file, face index) fontconfig picks: the typesetter
    (documents/typeset.py) reads the file itself. The index is the face of a collection (.ttc) whose
    family is the one matched (fontconfig's pattern has it, WeasyPrint's bindings cannot read it)."""
    import uharfbuzz as hb

    files = {}
    for name, (family, file) in matched_fonts().items():
        index = 0
        if file.lower().endswith((".ttc", ".otc")):
            blob = hb.Blob.from_file_path(file)
            for number in range(hb.Face(blob).count):
                if hb.Face(blob, number).get_name(hb.OTNameIdPredefined.FONT_FAMILY) == family:
                    index = number
                    break
        files[name] = (family, file, index)
    return files

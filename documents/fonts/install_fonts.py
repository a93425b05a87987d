"""Copy the Regular FandolFang and FandolKai fonts into var/fonts and report fonts the PDF still lacks.

Run from the project's set-up script: ``python -m documents.fonts.install_fonts [--strict]``, or call
``install_fonts()`` and ``documents.fonts.missing_fonts()``. The fonts come from Debian packages:
``apt-get install fonts-noto-cjk texlive-lang-chinese`` (texlive may be removed after the copy).
"""

import argparse
import shutil
import sys
from pathlib import Path

from documents.fonts import INSTALL_DIR, missing_fonts

# Only the Regular files: with the Bold ones visible fontconfig uses them for normal text.
FANDOL_FILES = ("FandolFang-Regular.otf", "FandolKai-Regular.otf")
FANDOL_SOURCES = (
    Path("/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"),
    Path("/usr/share/texmf/fonts/opentype/public/fandol"),
)


def install_fonts(dest: Path = INSTALL_DIR, sources=FANDOL_SOURCES) -> list[Path]:
    """Copy the Fandol Regular fonts found under ``sources`` into ``dest``; return the fonts now in place."""
    dest.mkdir(parents=True, exist_ok=True)
    installed = []
    for name in FANDOL_FILES:
        target = dest / name
        source = next((folder / name for folder in sources if (folder / name).is_file()), None)
        if source is not None and (not target.exists() or target.stat().st_size != source.stat().st_size):
            shutil.copyfile(source, target)
        if target.exists():
            installed.append(target)
    return installed


def main(argv=None) -> int:
    """Install, then print what is missing; with --strict a missing font is an error."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true", help="exit with status 1 when a font is missing")
    args = parser.parse_args(argv)
    for path in install_fonts():
        print(f"font: {path}")
    missing = missing_fonts()
    if missing:
        print(
            f"PDF fonts missing: {', '.join(missing)}. PDFs still render, with other fonts. "
            "Install them with: apt-get install fonts-noto-cjk texlive-lang-chinese, then run this again.",
            file=sys.stderr,
        )
        return 1 if args.strict else 0
    print("PDF fonts: all present")
    return 0


if __name__ == "__main__":
    sys.exit(main())

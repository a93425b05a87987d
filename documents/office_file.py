"""What an uploaded .xlsx and .docx have in common, checked before openpyxl or python-docx opens one.

Both are zips of XML parts, with one part that makes the zip a workbook (xl/workbook.xml) or a document
(word/document.xml). The old formats (.xls, .doc), and any Office file with an opening password, are OLE
compound files instead, which neither library reads. A zip of a few MB may unpack to gigabytes ("zip
bomb"), so the parts' unpacked sizes are added up before anything is unpacked. The readers
(documents.spreadsheet_reader, documents.word_reader) turn each defect into a message in Chinese.
"""

import enum
import io
import zipfile

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = (
    b"\xd0\xcf\x11\xe0"  # Excel 97–2003 .xls, Word 97–2003 .doc, and any password-protected Office file
)


class Defect(enum.Enum):
    """Why ``content`` cannot be opened as the Office file asked for."""

    OLD_FORMAT = "an OLE file: the 97–2003 format, or a file with an opening password"
    NOT_ZIP = "not a zip: another kind of file renamed"
    BROKEN = "a zip that cannot be read: cut short or damaged"
    WRONG_KIND = "a zip without the main part: another Office file or an archive, renamed"
    TOO_LARGE = "the parts unpack past the limit"


def defect(content, main_part, max_unpacked_bytes):
    """The Defect that stops ``content`` from being opened as an Office file with ``main_part``, or None."""
    if content.startswith(OLE_MAGIC):
        return Defect.OLD_FORMAT
    if not content.startswith(ZIP_MAGIC):
        return Defect.NOT_ZIP
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return Defect.BROKEN
    if main_part not in {part.filename for part in parts}:
        return Defect.WRONG_KIND
    if sum(part.file_size for part in parts) > max_unpacked_bytes:
        return Defect.TOO_LARGE
    return None

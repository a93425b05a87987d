"""What an evidence file (佐证材料) may be: its type, its size, and content that matches its name.

Offices upload scans, photos and office documents. The extension decides the type; the first bytes
must agree with it, so a renamed executable or a web page called "会议纪要.pdf" is refused. A few
signatures of our own are enough for these types (no libmagic to install on an intranet server).
"""

import zipfile

from django.conf import settings
from django.template.defaultfilters import filesizeformat

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .doc and .xls


def _zip_with(member_prefix):
    def check(upload, head):
        if not head.startswith(b"PK\x03\x04"):
            return False
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                return any(name.startswith(member_prefix) for name in archive.namelist())
        except zipfile.BadZipFile:
            return False

    return check


def _starts_with(*signatures):
    return lambda upload, head: head.startswith(signatures)


# extension → (what it is called in messages, check of the content)
ALLOWED = {
    "pdf": ("PDF", _starts_with(b"%PDF-")),
    "jpg": ("JPEG 图片", _starts_with(b"\xff\xd8\xff")),
    "jpeg": ("JPEG 图片", _starts_with(b"\xff\xd8\xff")),
    "png": ("PNG 图片", _starts_with(b"\x89PNG\r\n\x1a\n")),
    "docx": ("Word 文档", _zip_with("word/")),
    "xlsx": ("Excel 表格", _zip_with("xl/")),
    "doc": ("Word 97-2003 文档", _starts_with(OLE2)),
    "xls": ("Excel 97-2003 表格", _starts_with(OLE2)),
}


def max_bytes():
    return settings.EVIDENCE_MAX_BYTES


def allowed_extensions():
    return "、".join(sorted({ext for ext in ALLOWED if ext != "jpeg"}))


def validate_evidence(upload):
    """The reasons an uploaded file is refused, in Chinese, naming the file (empty: accepted)."""
    name = upload.name or "未命名文件"
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED:
        return [f"“{name}”的文件类型不允许上传，只接受 {allowed_extensions()} 文件。"]
    if upload.size > max_bytes():
        return [f"“{name}”大小为{filesizeformat(upload.size)}，超过了{filesizeformat(max_bytes())}的上限。"]
    if upload.size == 0:
        return [f"“{name}”是空文件。"]
    label, matches = ALLOWED[extension]
    upload.seek(0)
    head = upload.read(16)
    ok = matches(upload, head)
    upload.seek(0)
    if not ok:
        return [f"“{name}”的内容不是{label}，与扩展名 .{extension} 不符，请检查后重新上传。"]
    return []

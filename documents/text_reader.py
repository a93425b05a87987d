"""Reading an uploaded plain-text file (a pasted outline's .txt, an opinion sheet's .csv): its encoding."""


def decode_text(content):
    """UTF-8 (with or without BOM, as Excel's "CSV UTF-8", WPS and Notepad save) or GB18030 (Excel and
    Notepad on Chinese Windows); None if neither."""
    encodings = ["utf-8-sig"] if content.startswith(b"\xef\xbb\xbf") else ["utf-8", "gb18030"]
    for encoding in encodings:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None

"""Render a document tree as HTML and then PDF with WeasyPrint, fetching nothing but our static files."""

import functools
import mimetypes
import posixpath
from html import escape
from urllib.parse import unquote, urlsplit
from urllib.request import DataHandler, Request

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.templatetags.static import static

from . import fonts, justify
from .titles import title_lines
from .tree import Document, Heading, NumberedList, PageBreak, Paragraph, Signature, Table

# Relative URLs in the HTML resolve against this never-resolvable origin (RFC 2606 .invalid), so
# nothing ever points at the filesystem; the fetcher maps its static path to files it finds itself.
BASE_URL = "http://documents.invalid/"
STYLESHEET = "documents/gongwen.css"

fonts.configure()


class RefusedURL(ValueError):
    """The HTML asked for something other than one of the app's static files."""


def render_pdf(doc: Document) -> bytes:
    """The document as the bytes of a PDF file, typeset by documents/typeset.py on the rules of
    gongwen.css (the HTML below is for previews and the 材料汇编, which WeasyPrint lays out)."""
    from .typeset import typeset

    return typeset(doc)


def html_to_pdf(html: str) -> bytes:
    """Lay out HTML as PDF; only the app's static files and data: URLs can be loaded."""
    return layout_html(html).write_pdf()


def layout_html(html: str):
    """HTML laid out in pages (a weasyprint Document: its ``pages``, then ``write_pdf()``), fetching
    only the app's static files and data: URLs."""
    fonts.configure()
    # Imported here so FONTCONFIG_FILE is set before pango and fontconfig start.
    from weasyprint import HTML

    justify.install()  # CJK lines justified between characters, not only at spaces
    return HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher_class()()).render()


def safe_url_fetcher(url: str):
    """Serve ``url`` if it is one of the app's static files or a data: URL; raise RefusedURL otherwise."""
    from weasyprint.urls import URLFetcherResponse

    scheme = urlsplit(url).scheme.lower()
    if scheme == "data":
        # Decoded in memory by urllib's data: handler: no file, no socket.
        response = DataHandler().data_open(Request(url))
        return URLFetcherResponse(url, response.read(), {"Content-Type": response.headers["Content-Type"]})
    path = _static_path(url)
    if path is None:
        raise RefusedURL(f"refused to fetch {url!r}: only the app's static files can be used in documents")
    with open(path, "rb") as file:
        body = file.read()
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    return URLFetcherResponse(url, body, {"Content-Type": content_type})


def _static_path(url):
    """The file behind a static URL, found by the staticfiles finders, or None."""
    parts = urlsplit(url)
    location = f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.scheme else parts.path
    relative = None
    for prefix in _static_prefixes():
        if location.startswith(prefix):
            relative = unquote(location[len(prefix) :])
            break
    if not relative:
        return None
    segments = relative.split("/")
    if "\\" in relative or "\x00" in relative or any(s in ("", ".", "..") for s in segments):
        return None
    if posixpath.normpath(relative) != relative:
        return None
    found = finders.find(relative)
    if isinstance(found, str):
        return found
    # Hashed names (ManifestStaticFilesStorage) exist only in STATIC_ROOT after collectstatic.
    try:
        return staticfiles_storage.path(relative) if staticfiles_storage.exists(relative) else None
    except NotImplementedError:  # remote storage: nothing on this disk
        return None


def _static_prefixes():
    static_url = settings.STATIC_URL or "/static/"
    if urlsplit(static_url).scheme:
        return [static_url]
    path = "/" + static_url.lstrip("/")
    return [BASE_URL.rstrip("/") + path]


@functools.cache
def _fetcher_class():
    """URLFetcher subclass (weasyprint 70 wants one) whose every fetch goes through safe_url_fetcher."""
    from weasyprint.urls import URLFetcher

    class SafeURLFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            return safe_url_fetcher(url)

    return SafeURLFetcher


def render_html(doc: Document) -> str:
    """The document as a full HTML page in the GB/T 9704 layout of gongwen.css."""
    head = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{escape(doc.title)}</title>",
        f'<link rel="stylesheet" href="{escape(static(STYLESHEET))}">',
    ]
    if doc.landscape:
        head.append("<style>@page { size: A4 landscape; }</style>")
    return "\n".join([*head, "</head>", "<body>", render_body(doc), "</body>", "</html>", ""])


def render_preview(doc: Document) -> str:
    """``render_body`` for a preview inside a page of the app, whose Content-Security-Policy refuses
    style="" attributes (config/security_headers.py): a column's width and a signature line's indent
    go in data-width / data-padding-right, which static/sizes.js sets."""
    return render_body(doc, sizes_as_data=True)


def render_body(doc: Document, *, sizes_as_data: bool = False) -> str:
    """The document's title and text as escaped HTML (previews on pages use ``render_preview``)."""
    title = "<br>".join(escape(line) for line in title_lines(doc.title, doc.landscape))
    body = ['<header class="document-header">', f'<h1 class="title">{title}</h1>']
    if doc.subtitle:
        body.append(f'<p class="subtitle">{escape(doc.subtitle)}</p>')
    body.append("</header>")
    body.append("<main>")
    body.extend(_block_html(block, sizes_as_data, doc.landscape) for block in doc.blocks)
    if doc.signature is not None:
        body.append(_signature_html(doc.signature, sizes_as_data))
    body.append("</main>")
    return "\n".join(body)


def _size(name, value, as_data):
    """One size as a style attribute (for WeasyPrint) or as a data attribute (for a page, static/sizes.js)."""
    return f' data-{name}="{value}"' if as_data else f' style="{name}: {value}"'


def _block_html(block, sizes_as_data=False, landscape=False):
    if isinstance(block, Heading):
        tag = f"h{block.level + 1}"
        return f'<{tag} class="level-{block.level}">{escape(block.text)}</{tag}>'
    if isinstance(block, Paragraph):
        css = "" if block.indent else ' class="no-indent"'
        lead = f'<span class="lead">{escape(block.lead)}</span>' if block.lead else ""
        strong = f'<strong class="strong">{escape(block.strong)}</strong>' if block.strong else ""
        return f"<p{css}>{lead}{strong}{escape(block.text)}</p>"
    if isinstance(block, NumberedList):
        return "\n".join(f'<p class="item">{escape(item)}</p>' for item in block.labelled())
    if isinstance(block, Table):
        return _table_html(block, sizes_as_data, landscape)
    if isinstance(block, PageBreak):
        return '<div class="page-break"></div>'
    raise TypeError(f"cannot render {type(block).__name__} in a document")


def _cell(tag, text):
    return f"<{tag}>{'<br>'.join(escape(line) for line in str(text).split(chr(10)))}</{tag}>"


def _table_html(table, sizes_as_data=False, landscape=False):
    # A table of the tree's widths is as wide as they add up (as in the .docx), and says so: with
    # width auto, WeasyPrint ignores table-layout: fixed and measures every cell's text to size the
    # columns, which made a 30-page 整改清单 half as slow again.
    if table.widths:
        total = sum(float(width) for width in table.widths)
        parts = [f"<table{_size('width', f'{total:g}mm', sizes_as_data)}>", "<colgroup>"]
        parts.extend(f"<col{_size('width', f'{float(width):g}mm', sizes_as_data)}>" for width in table.widths)
        parts.append("</colgroup>")
    else:
        parts = [f"<table{_size('width', '100%', sizes_as_data)}>"]
    parts.append("<thead><tr>" + "".join(_cell("th", text) for text in table.header) + "</tr></thead>")
    parts.append("<tbody>")
    # Rows are kept whole but for those taller than a third of a page, as in the .docx.
    flowing = table.flowing_rows(landscape)
    parts.extend(
        ('<tr class="flows">' if index in flowing else "<tr>")
        + "".join(_cell("td", text) for text in row)
        + "</tr>"
        for index, row in enumerate(table.rows)
    )
    parts.append("</tbody></table>")
    return "\n".join(parts)


def _signature_html(signature: Signature, sizes_as_data=False):
    lines = [
        f"<p{_size('padding-right', f'{indent:g}em', sizes_as_data)}>{escape(line)}</p>"
        for line, indent in signature.placement()
    ]
    return '<div class="signature">' + "".join(lines) + "</div>"

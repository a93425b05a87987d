"""One entry point from (kind, meeting, format) to a file: exporter → tree → renderer."""

from typing import NamedTuple

from .exporters import EXPORTERS

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


class ExportedFile(NamedTuple):
    content: bytes
    filename: str
    content_type: str


class UnknownExport(ValueError):
    pass


def render(tree, fmt):
    """The file of a tree: a Document by its renderers, a Bundle (材料汇编) by render_bundle's."""
    from .tree import Bundle

    if fmt not in FORMATS:
        raise UnknownExport(f"不支持的格式：{fmt}（可选 docx、pdf）")
    if isinstance(tree, Bundle):
        from . import render_bundle

        # The Word 目录's page numbers are estimates here; render_bundle.render_bundle_files lays
        # out the PDF first and gives Word the PDF's numbers.
        return (
            render_bundle.render_bundle_docx(tree) if fmt == "docx" else render_bundle.render_bundle_pdf(tree)
        )
    if fmt == "docx":
        from .render_docx import render_docx

        return render_docx(tree)
    from .render_pdf import render_pdf

    return render_pdf(tree)


def export(kind, meeting, fmt, member=None, viewer=None):
    """The file for ``kind``; ``member`` for the exporters about one member, ``viewer`` for those
    whose content depends on the reader (None: everything, as on the command line)."""
    if kind not in EXPORTERS:
        raise UnknownExport(f"未知的文档类型：{kind}（可选 {'、'.join(EXPORTERS)}）")
    if fmt not in FORMATS:
        raise UnknownExport(f"不支持的格式：{fmt}（可选 docx、pdf）")
    exporter = EXPORTERS[kind]
    if exporter.needs_member:
        if member is None:
            raise UnknownExport(f"导出“{exporter.filename}”须指定班子成员（--member）。")
        tree = exporter.build(meeting, member=member)
        name = f"{exporter.filename}（{member.name}）"
    elif exporter.needs_viewer:
        tree = exporter.build(meeting, viewer=viewer)
        name = exporter.filename
    else:
        tree = exporter.build(meeting)
        name = exporter.filename
    content = render(tree, fmt)
    filename = f"{meeting.organisation.leadership_name}{meeting.year}年{name}.{fmt}"
    return ExportedFile(content, filename, FORMATS[fmt])

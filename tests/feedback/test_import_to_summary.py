"""The issue's acceptance path: a spreadsheet of 30+ opinions over 5 aspects and 3 categories is
imported, accepted, and the summary reads as DESIGN §3 shapes it, in the docx and the PDF."""

import re
import subprocess

from docx import Document as read_docx

from documents.export import export
from feedback import importer, services
from feedback.models import OpinionStatus
from tests.factories import make_meeting

from .spreadsheets import make_xlsx

# (aspect number, category, count): 干部 has none under aspect 2, 群众 a single one under aspect 3,
# aspect 5 has nothing at all.
PLAN = [
    (1, "党员", 4),
    (1, "干部", 3),
    (1, "群众", 2),
    (2, "党员", 5),
    (2, "群众", 4),
    (3, "党员", 3),
    (3, "干部", 2),
    (3, "群众", 1),
    (4, "党员", 3),
    (4, "干部", 2),
    (4, "群众", 3),
]


def test_imported_and_accepted_opinions_make_the_summary(world, tmp_path):
    meeting = make_meeting(world.county, world.office, template_kind="special", year=2021)
    rows = [
        [
            f"第{aspect}方面{category}意见{i}：调研不够深入，联系群众不够紧密。",
            str(aspect),
            category,
            "座谈会" if i % 2 else "个别访谈",
            "",
            "待分拣",
            "",
        ]
        for aspect, category, count in PLAN
        for i in range(1, count + 1)
    ]
    assert len(rows) == 32
    result = importer.import_opinions(meeting, "意见.xlsx", make_xlsx(rows), world.office)
    assert result.ok and result.saved == 32
    services.accept(meeting.opinions.filter(status=OpinionStatus.NEW))

    path = tmp_path / "summary.docx"
    path.write_bytes(export("opinions-summary", meeting, "docx").content)
    paragraphs = [p.text for p in read_docx(path).paragraphs if p.text.strip()]
    opening = next(p for p in paragraphs if p.startswith("为开好"))
    assert "通过召开座谈会、个别访谈等方式" in opening and "围绕5个方面" in opening
    assert "党员、干部、群众3类对象" in opening and opening.endswith("共征求到意见建议32条，具体如下：")
    aspects = list(meeting.aspects.all())
    headings = [p for p in paragraphs if re.match(r"^[一二三四五]、", p)]
    # Each aspect by its full text, "方面" once (the annual set's texts end in it).
    full = [" ".join(a.text.split()).rstrip("。") for a in aspects]
    full = [text if text.endswith("方面") or "方面，" in text else f"{text}方面" for text in full]
    assert headings == [f"{n}、{text}。" for n, text in zip("一二三四五", full, strict=True)]

    def section(number):
        start = paragraphs.index(headings[number - 1])
        end = paragraphs.index(headings[number]) if number < len(headings) else len(paragraphs)
        return paragraphs[start + 1 : end]

    assert [p for p in section(2) if p.startswith("（")] == ["（一）党员意见建议：", "（二）群众意见建议："]
    third = section(3)
    lone = third[third.index("（三）群众意见建议：") + 1]
    assert lone.startswith("第3方面群众意见1") and not lone.startswith("1.")
    first = section(1)
    numbered = [p.split(".", 1)[0] for p in first if re.match(r"^\d+\.", p)]
    assert numbered == ["1", "2", "3", "4", "1", "2", "3", "1", "2"]  # restarts under each category
    assert section(5)[0] == "暂无意见建议。" and len(section(5)) == 3  # then the signature: office, date

    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(export("opinions-summary", meeting, "pdf").content)
    pdf_text = "".join(
        subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    for paragraph in [opening, *headings, "（二）群众意见建议：", lone]:
        assert "".join(paragraph.split()) in pdf_text

"""对照检查材料 and 个人发言提纲: a draft's structure printed in the shape of seeds 004 and 003.

The draft's ``content`` (inspection.content) holds every word; this module only places them.
The printed text is the draft's own reading, ``inspection.content.paragraphs``: the title, the
byline, then one paragraph per string, each being lead (楷体) + strong (bold 仿宋) + text here.
A draft not written yet still prints: its title and headings, as a new draft starts.
"""

from inspection.content import default_headings, label, normalise, printed_groups, sections, with_stop
from inspection.models import Draft, DraftKind
from inspection.services import new_content

from ..numbering import level2
from ..titles import Title, meeting_parts
from ..tree import Document, Heading, Paragraph


def team_inspection(meeting):
    """领导班子对照检查材料: the team's draft as printed."""
    draft = Draft.objects.filter(meeting=meeting, kind=DraftKind.TEAM).first()
    return _titled(draft_document(_content(meeting, draft, author=None)), meeting)


def personal_outline(meeting, member):
    """个人发言提纲: one member's outline as printed."""
    draft = Draft.objects.filter(meeting=meeting, kind=DraftKind.PERSONAL, author=member).first()
    return _titled(draft_document(_content(meeting, draft, author=member)), meeting)


def _titled(document, meeting):
    """The document with its typed title cut around the team's and the meeting's names (titles.Title)."""
    document.title = Title.within(document.title, *meeting_parts(meeting))
    return document


def _content(meeting, draft, author):
    """The draft's content, or the content a new draft starts with when none is stored yet."""
    if draft is None or not draft.content:
        # Not opened yet: the title and the headings, exactly as the draft would start.
        return new_content(meeting, author)
    # Stored content is already normalised; this only fills in parts an older version lacked.
    return normalise(draft.content, default_headings(author is None))


def _lines(text):
    return [line for line in text.split("\n") if line.strip()]


def draft_document(content):
    """The document tree of a draft's content (inspection.content's structure)."""
    blocks = []
    if content["preamble"]:
        blocks.append(Paragraph(content["preamble"]))
    for key, number, title in sections(content):
        blocks.append(Heading(f"{number}{title}", 1))
        section = content[key]
        if key in ("previous", "matters"):
            blocks.extend(Paragraph(line) for line in _lines(section["text"]))
            continue
        blocks.extend(Paragraph(line) for line in _lines(section["intro"]))
        if key == "problems":
            blocks.extend(_problem_blocks(section))
        else:
            blocks.extend(_list_item(section["style"], n, item) for n, item in enumerate(section["items"], 1))
    return Document(title=content["title"], subtitle=content["byline"], blocks=blocks)


def _problem_blocks(problems):
    """Each group as "（一）heading。summary", its problems numbered straight through all groups."""
    blocks, number = [], 0
    for g, group in enumerate(printed_groups(problems), 1):
        blocks.append(Paragraph(group["summary"], lead=f"{level2(g)}{with_stop(group['heading'])}"))
        for item in group["items"]:
            number += 1
            # The example ("比如，…") stays in the problem's paragraph: 见人见事见思想.
            blocks.append(
                Paragraph(
                    f"{item['text']}{item['example']}",
                    strong=f"{label(problems['style'], number)}{item['lead']}",
                )
            )
    return blocks


def _list_item(style, number, item):
    """A cause or measure: "（一）lead" in 楷体 as a level-2 item, otherwise "一是lead" / "1.lead" in bold."""
    prefix = f"{label(style, number)}{item['lead']}"
    if style == "chinese":
        return Paragraph(item["text"], lead=prefix)
    return Paragraph(item["text"], strong=prefix)

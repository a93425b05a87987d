"""Reading an opinion summary typed in Word (.docx, the shape of DESIGN §3) into the rows of the import.

feedback.word_summary finds one row per opinion paragraph; the rows are checked by the same rules as a
spreadsheet's, and their problems are told by paragraph: an unknown aspect or category once, at its heading.
"""

from documents import word_reader

from .. import word_summary
from .columns import ADDRESSEE, ASPECT, CATEGORY, CHANNEL, TEXT, Problem, Row, file_error


def parse_summary(file_name, content, channel):
    """(rows, problems of paragraphs that fit nowhere, {row: (aspect heading, category heading)}) of a
    Word summary; raises ImportFileError when the file itself is unusable."""
    try:
        found, unreadable = word_summary.read_summary(file_name, content)
    except word_reader.WordFileError as error:
        raise file_error(str(error))
    rows = [
        Row(
            row.number,
            {
                TEXT: row.text,
                ASPECT: row.aspect,
                CATEGORY: row.category,
                CHANNEL: channel,
                ADDRESSEE: row.addressee,
            },
        )
        for row in found
    ]
    problems = [Problem(item.number, "", item.message, unit="段") for item in unreadable]
    headings = {row.number: (row.aspect_at, row.category_at) for row in found}
    return rows, problems, headings


NO_CHANNEL = "从Word汇总导入时，请选择这些意见的征求渠道（汇总中没有逐条写明渠道）。"


def by_paragraph(problems, headings, paragraph_problems, channel):
    """The rows' problems as a Word summary's reader sees them: an unknown aspect or category once, at
    its heading's paragraph; the channel once, for the file; everything else at the opinion's paragraph."""
    out, seen = list(paragraph_problems), set()
    for problem in problems:
        if problem.column == CHANNEL:
            problem = Problem(
                None, "" if not channel else CHANNEL, NO_CHANNEL if not channel else problem.message
            )
        elif problem.column in (ASPECT, CATEGORY) and problem.row in headings:
            heading = headings[problem.row][0 if problem.column == ASPECT else 1]
            problem = Problem(heading, problem.column, problem.message, unit="段")
        else:
            problem = Problem(problem.row, "", problem.message, problem.is_duplicate, unit="段")
        if (problem.row, problem.column, problem.message) not in seen:
            seen.add((problem.row, problem.column, problem.message))
            out.append(problem)
    return sorted(out, key=lambda p: p.sort_key)

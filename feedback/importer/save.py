"""Saving the opinions of one file: read, checked and saved in one transaction, or nothing saved and why."""

from dataclasses import dataclass, field
from pathlib import PurePath

from django.db import transaction
from django.utils import timezone

from ..models import Opinion
from ..services import OpinionError, check_open
from .checks import validate
from .columns import ImportFileError, Problem
from .table import parse
from .word import by_paragraph, parse_summary


@dataclass
class ImportResult:
    """``problems`` stopped the import (nothing saved); ``duplicates`` lists every duplicate found."""

    saved: int = 0
    problems: list = field(default_factory=list)
    duplicates: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems


def import_opinions(meeting, file_name, content, by, allow_duplicates=False, channel=""):
    """Reads, checks and saves the whole file in one transaction, or saves nothing and says why.

    ``channel`` (a channel's name) is the channel of every opinion of a Word summary, which names the
    channels only together in its opening."""
    word = PurePath(file_name or "").suffix.lower() in (".docx", ".doc")
    paragraph_problems, headings = [], {}
    try:
        if word:
            rows, paragraph_problems, headings = parse_summary(file_name, content, channel)
        else:
            rows = parse(file_name, content)
    except ImportFileError as error:
        return ImportResult(problems=error.problems)
    with transaction.atomic():
        # Two imports of the same meeting at once would each pass the duplicate check against what is
        # already saved; holding the meeting's row makes the second wait and then see the first's opinions.
        # The row read under the lock is also the stage: nothing is imported once the meeting is held.
        try:
            check_open(meeting)
        except OpinionError as locked:
            return ImportResult(problems=[Problem(None, "", str(locked))])
        valid, problems = validate(meeting, rows)
        if word:
            problems = by_paragraph(problems, headings, paragraph_problems, channel)
        duplicates = [p for p in problems if p.is_duplicate]
        blocking = [p for p in problems if not (p.is_duplicate and allow_duplicates)]
        if blocking:
            return ImportResult(problems=blocking, duplicates=duplicates)
        # The rules of services.create_opinion (stripped text, accepted only with an aspect) are checked
        # above; one INSERT per batch instead of one per row keeps 5,000 rows within seconds.
        now = timezone.now()
        Opinion.objects.bulk_create(
            Opinion(
                meeting=meeting,
                text=row.text,
                channel=row.channel,
                category=row.category,
                aspect=row.aspect,
                addressee=row.addressee,
                status=row.status,
                reject_reason=row.reject_reason,
                entered_by=by,
                created_at=now,
            )
            for row in valid
        )
    return ImportResult(saved=len(valid), duplicates=duplicates)

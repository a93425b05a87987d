"""python manage.py import_draft MEETING_ID (--team | --member USER_ID) FILE: loads an outline typed
in Word (the .docx itself, or saved as plain text) into the team material or a member's outline, as a new
version."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents import word_reader
from meetings.models import Meeting
from meetings.services import leadership
from orgs.models import User

MAX_BYTES = 2_000_000  # a whole outline is ~8,000 characters
# Offices save plain text from Word as UTF-8 (often with a BOM) or, on older Windows, as GBK.
ENCODINGS = ("utf-8-sig", "gb18030")


def decode(data):
    """The text of the file, or None when it is in none of the encodings offices use."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Notepad's "Unicode"
        return data.decode("utf-16", errors="replace")
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


class Command(BaseCommand):
    help = (
        "从Word文档（.docx，自动编号一并识别）或纯文本文件（.txt，UTF-8或GBK编码）导入领导班子对照检查材料或个人发言提纲，"
        "替换现有内容并保存为新版本；未能识别的段落会逐条提示。"
    )

    def add_arguments(self, parser):
        parser.add_argument("meeting_id", type=int, help="会议编号")
        parser.add_argument("file", help=".docx或.txt文件的路径")
        parser.add_argument("--team", action="store_true", help="导入领导班子对照检查材料")
        parser.add_argument("--member", type=int, metavar="USER_ID", help="导入该班子成员的个人发言提纲")
        parser.add_argument("--user", help="记为修改人的用户名（不填则不记录）")

    def handle(self, *args, meeting_id, file, team, member, user, **options):
        from inspection.services import DraftRefused, StaleDraft, draft_for, import_outline

        if team == (member is not None):
            raise CommandError(
                "请指定--team（班子对照检查材料）或--member 人员编号（个人发言提纲），二者选一。"
            )
        meeting = Meeting.objects.select_related("organisation").filter(pk=meeting_id).first()
        if meeting is None:
            raise CommandError(f"找不到编号为{meeting_id}的会议。")
        author = None
        if member is not None:
            author = User.objects.filter(pk=member).first()
            if author is None:
                raise CommandError(f"找不到编号为{member}的人员。")
            if author not in leadership(meeting.organisation):
                raise CommandError(f"{author.name}不是{meeting.organisation}领导班子成员，没有个人发言提纲。")
        by = None
        if user:
            by = User.objects.filter(username=user).first()
            if by is None:
                raise CommandError(f"找不到用户名为“{user}”的用户。")
        text, file_warnings = self.read(file)

        draft = draft_for(meeting, author)
        try:
            version, parsed = import_outline(draft, text, by=by, note="导入")
        except (DraftRefused, StaleDraft) as error:
            reasons = getattr(error, "reasons", None) or [str(error)]
            raise CommandError("未能导入：" + "；".join(reasons))

        for warning in [*file_warnings, *parsed.warnings]:
            self.stdout.write(self.style.WARNING(f"提示：{warning}"))
        counts = (
            f"{parsed.groups}个方面、{parsed.problems}个问题、{parsed.causes}条原因、{parsed.measures}条措施"
        )
        if version is None:
            self.stdout.write(f"已读取：{counts}；与{draft.label}的当前内容相同，未保存新版本。")
            return
        self.stdout.write(self.style.SUCCESS(f"已导入：{counts}，保存为第{version.number}版。"))

    def read(self, file):
        try:
            with Path(file).open("rb") as stream:
                data = stream.read(max(MAX_BYTES, word_reader.MAX_BYTES) + 1)
        except OSError as error:
            raise CommandError(f"无法读取文件“{file}”：{error.strerror or error}")
        if word_reader.is_word_file(file, data):
            try:
                word = word_reader.read_docx(Path(file).name, data)
            except word_reader.WordFileError as error:
                raise CommandError(str(error))
            return word.text, word.warnings
        if len(data) > MAX_BYTES:
            raise CommandError(f"文件“{file}”超过{MAX_BYTES // 1_000_000}MB，不像是一份发言提纲。")
        text = decode(data)
        if text is None:
            raise CommandError(
                f"无法识别文件“{file}”的编码，请直接导入.docx，或在Word中另存为“纯文本”，编码选UTF-8。"
            )
        return text, []

"""python manage.py import_opinions MEETING_ID FILE: the web page's opinion import (a spreadsheet, or a
summary typed in Word with --channel), for scripted loads."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from feedback import importer
from meetings.models import Meeting
from orgs.models import User


class Command(BaseCommand):
    help = (
        "从.xlsx或.csv表格（列：内容、方面、类别、渠道、对象，可选状态、理由）或Word汇总（.docx，须用--channel指明渠道）"
        "导入一次会议的意见建议。"
        "有任何问题则一条也不导入，并逐条列出问题，退出码为1。"
    )

    def add_arguments(self, parser):
        parser.add_argument("meeting_id", type=int, help="会议编号")
        parser.add_argument("file", help=".xlsx、.csv或.docx文件的路径")
        parser.add_argument("--channel", default="", help="Word汇总中意见的征求渠道（渠道名称，如“座谈会”）")
        parser.add_argument(
            "--allow-duplicates",
            action="store_true",
            help="与已有意见或表内其他行重复的意见也导入（仍会列出）",
        )
        parser.add_argument("--user", help="记为录入人的用户名（不填则不记录录入人）")

    def handle(self, *args, meeting_id, file, allow_duplicates, user, channel, **options):
        meeting = Meeting.objects.filter(pk=meeting_id).first()
        if meeting is None:
            raise CommandError(f"找不到编号为{meeting_id}的会议。")
        by = None
        if user:
            by = User.objects.filter(username=user).first()
            if by is None:
                raise CommandError(f"找不到用户名为“{user}”的用户。")
        path = Path(file)
        try:
            with path.open("rb") as stream:
                # One byte past the limit is enough for the importer to say the file is too large.
                content = stream.read(importer.MAX_UPLOAD_BYTES + 1)
        except OSError as error:
            raise CommandError(f"无法读取文件“{file}”：{error.strerror or error}")

        result = importer.import_opinions(
            meeting, path.name, content, by, allow_duplicates=allow_duplicates, channel=channel
        )
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"导入失败：共{len(result.problems)}个问题，未导入任何意见建议。")
        for duplicate in result.duplicates:
            self.stdout.write(f"重复（已按要求导入）：{duplicate}")
        self.stdout.write(self.style.SUCCESS(f"已导入{result.saved}条意见建议"))

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audit import services as audit
from documents.export import FORMATS, UnknownExport, export
from documents.exporters import EXPORTERS
from meetings.models import Meeting
from orgs.models import User


class Command(BaseCommand):
    help = "把会议的一份公文导出为 .docx 或 PDF。"

    def add_arguments(self, parser):
        parser.add_argument("meeting_id", type=int)
        parser.add_argument("kind", choices=sorted(EXPORTERS))
        parser.add_argument("--format", dest="fmt", choices=sorted(FORMATS), default="docx")
        parser.add_argument("--member", type=int, help="班子成员的用户编号（个人反馈表等须指定）")
        parser.add_argument("-o", "--output", help="输出文件路径（默认按文档名称保存在当前目录）")

    def handle(self, meeting_id, kind, fmt, output, member, **options):
        meeting = Meeting.objects.select_related("organisation", "host").filter(pk=meeting_id).first()
        if meeting is None:
            raise CommandError(f"会议 {meeting_id} 不存在。")
        if member is not None:
            member_id, member = member, User.objects.filter(pk=member).first()
            if member is None:
                raise CommandError(f"用户 {member_id} 不存在。")
        try:
            exported = export(kind, meeting, fmt, member=member)
        except UnknownExport as error:
            raise CommandError(str(error))
        # On the command line there is no viewer: the file holds everything, which the trail should show.
        audit.record(audit.Action.EXPORT, obj=meeting, detail=f"命令行导出 {EXPORTERS[kind].filename} {fmt}")
        path = Path(output or exported.filename)
        path.write_bytes(exported.content)
        self.stdout.write(f"已导出 {path}（{len(exported.content)} 字节）")

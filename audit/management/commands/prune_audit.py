"""python manage.py prune_audit [--dry-run]: deletes audit events past the retention period (the beat runs
it daily; see audit.tasks)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from audit import services


class Command(BaseCommand):
    help = "删除超过保存期限（AUDIT_RETENTION_DAYS，至少180天）的审计记录，输出删除的条数。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只统计将删除的条数，不删除")

    def handle(self, *args, dry_run=False, **options):
        days = services.retention_days()
        now = timezone.now()
        cutoff = timezone.localtime(services.retention_cutoff(now))
        if dry_run:
            count = services.expired(now).count()
            self.stdout.write(
                f"保存期限{days}天：{cutoff:%Y-%m-%d %H:%M}之前的审计记录有{count}条，将被删除（未删除）。"
            )
            return
        count = services.prune(now)
        self.stdout.write(f"保存期限{days}天：已删除{cutoff:%Y-%m-%d %H:%M}之前的审计记录{count}条。")

"""python manage.py send_due_reminders [--now ISO]: the beat's scan, for cron-only deployments and tests."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reminders.scan import scan


class Command(BaseCommand):
    help = "扫描到期的提醒，写入提醒记录并交给 Celery 发送（与定时任务相同），输出排队的数量。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--now", help="按此时间扫描（ISO 格式，如 2027-01-17T08:00+08:00），用于测试和补发"
        )
        parser.add_argument(
            "--catch-up-days",
            type=int,
            default=None,
            help="补扫最近若干天（最多7天）应发的提醒，即使此前从未扫描过；已发送的不会重复发送",
        )

    def handle(self, *args, now=None, catch_up_days=None, **options):
        moment = None
        if now:
            try:
                moment = datetime.datetime.fromisoformat(now)
            except ValueError as error:
                raise CommandError(
                    f"--now 的格式不对：{now}（应为 ISO 格式，如 2027-01-17T08:00+08:00）"
                ) from error
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
        result = scan(moment, catch_up_days=catch_up_days)
        queued = result.queued if result.queued is not None else 0
        pending = result.inserted + result.requeued - queued
        self.stdout.write(
            f"已排队 {queued} 条提醒（新写入 {result.inserted} 条，重新排队 {result.requeued} 条）。"
        )
        if pending:
            self.stdout.write(
                self.style.WARNING(f"{pending} 条未能进入队列（消息代理不可用），下次扫描时会再次排队。")
            )

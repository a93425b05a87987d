"""python manage.py set_admin_role <username> system|security|audit|none: names the first administrators
(三员分立, DESIGN §12), before anyone can do it in /admin/. Written to the audit trail like a change made
there, with no user or address (the command line has neither)."""

from django.core.management.base import BaseCommand, CommandError

from orgs import services
from orgs.models import AdminRole, User

CHOICES = {"system": AdminRole.SYSTEM, "security": AdminRole.SECURITY, "audit": AdminRole.AUDIT, "none": ""}


def label(value):
    return AdminRole(value).label if value else "无管理员角色"


class Command(BaseCommand):
    help = "设置人员的管理员角色：system 系统管理员、security 安全管理员、audit 审计管理员、none 取消。"

    def add_arguments(self, parser):
        parser.add_argument("username", help="人员的登录名")
        parser.add_argument("role", choices=list(CHOICES), help="system、security、audit 或 none")

    def handle(self, *args, username, role, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有登录名为“{username}”的人员。")
        before = user.admin_role
        if not services.set_admin_role(user, CHOICES[role], how="命令行 set_admin_role"):
            self.stdout.write(f"{user.name}（{user.username}）已是{label(before)}，未作变更。")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"已将 {user.name}（{user.username}）的管理员角色由“{label(before)}”改为“{label(user.admin_role)}”，"
                "已记入审计记录。"
            )
        )
        if user.is_superuser and user.admin_role != AdminRole.SYSTEM:
            # access.is_system_admin: a superuser stays the system administrator whatever admin_role says.
            self.stdout.write(self.style.WARNING("注意：该账号是超级用户，仍是系统管理员。"))
        if not user.is_active:
            self.stdout.write(self.style.WARNING("注意：该账号已停用，须启用后才能登录。"))

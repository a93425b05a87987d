"""安全审计 (DESIGN §12): an append-only trail of security-relevant events.

Nobody changes or deletes a row through the app or the admin: ``save`` refuses an update, ``delete``
refuses outright, and on PostgreSQL a trigger (migration 0002) refuses UPDATE and DELETE on the table
itself. Only ``audit.services.prune`` removes rows, and only those older than AUDIT_RETENTION_DAYS.
"""

from django.conf import settings
from django.db import models


class Action(models.TextChoices):
    LOGIN = "login", "登录"
    LOGOUT = "logout", "退出登录"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOCKOUT = "lockout", "账户锁定"
    UNLOCK = "unlock", "解除锁定"
    PASSWORD_CHANGE = "password_change", "修改密码"
    PASSWORD_RESET = "password_reset", "重置密码"
    ROLE_CHANGE = "role_change", "角色变更"
    ADMIN_ROLE_CHANGE = "admin_role_change", "管理员角色变更"
    EXPORT = "export", "导出文件"
    DOWNLOAD = "download", "下载文件"
    EVIDENCE_DOWNLOAD = "evidence_download", "下载佐证材料"
    TRANSITION = "transition", "阶段变更"
    APPROVE = "approve", "审批通过"
    RETURN = "return", "退回修改"
    TRIAGE = "triage", "意见分办"
    CLOSE_ITEM = "close_item", "销号"
    IMPORT = "import", "导入数据"
    FREEZE = "freeze", "固化文件"
    SEND = "send", "报送印发"
    SETTINGS_CHANGE = "settings_change", "安全设置变更"
    AUDIT_EXPORT = "audit_export", "导出审计记录"
    AUDIT_VIEW = "audit_view", "查阅审计记录"


class Outcome(models.TextChoices):
    OK = "ok", "成功"
    REFUSED = "refused", "拒绝"
    FAILED = "failed", "失败"


class AppendOnly(Exception):
    """An audit row was about to be changed or deleted."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("审计记录只能追加，不能修改。")

    def delete(self):
        raise AppendOnly("审计记录只能追加，不能删除。")


class AuditEvent(models.Model):
    """审计记录: who did what to which object, from where, and how it ended."""

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,  # a removed user's events stay as written, with the name they had
        related_name="+",
        db_constraint=False,
    )
    username = models.CharField("用户名", max_length=150, blank=True)
    address = models.GenericIPAddressField("客户端地址", null=True, blank=True)
    action = models.CharField("操作", max_length=30, choices=Action.choices, db_index=True)
    object_type = models.CharField("对象类型", max_length=100, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_label = models.CharField("对象", max_length=255, blank=True)
    meeting_id = models.BigIntegerField("会议编号", null=True, blank=True, db_index=True)
    outcome = models.CharField("结果", max_length=10, choices=Outcome.choices, default=Outcome.OK)
    detail = models.TextField("说明", blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "at"], name="audit_user_at")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnly("审计记录只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("审计记录只能追加，不能删除。")

"""Organisations (a tree), people and their roles."""

from django.contrib.auth.models import AbstractUser
from django.db import models


class AdminRole(models.TextChoices):
    """三员分立 (DESIGN §12): three administrators, none of whom reads meeting content by that role."""

    SYSTEM = "system", "系统管理员"
    SECURITY = "security", "安全管理员"
    AUDIT = "audit", "审计管理员"


class User(AbstractUser):
    """A person: a Django user with the name and title documents print."""

    display_name = models.CharField("姓名", max_length=50, blank=True)
    title = models.CharField("职务", max_length=200, blank=True, help_text="如：县委常委、宣传部部长")
    admin_role = models.CharField(
        "管理员角色",
        max_length=10,
        choices=AdminRole.choices,
        blank=True,
        help_text="系统管理员管理组织、人员和角色；安全管理员管理锁定、密码重置和安全设置；审计管理员查阅审计记录。"
        "管理员角色不能查看会议内容。",
    )
    must_change_password = models.BooleanField(
        "须修改密码", default=False, help_text="初始密码或管理员重置的密码，首次登录时必须修改"
    )
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.display_name or self.get_full_name() or self.username


class Organisation(models.Model):
    """组织: a node of the organisation tree, e.g. 县委 → 县直部门."""

    name = models.CharField("名称", max_length=100)
    team_name = models.CharField(
        "领导班子名称", max_length=100, blank=True, help_text="如：xx县委常委班子、市医疗保障局党组"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path "/1/4/9/": a subtree is one indexed prefix query.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = "组织"
        verbose_name_plural = "组织"
        ordering = ["path"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        path = f"{self.parent.path if self.parent else '/'}{self.pk}/"
        if path != self.path:
            old = self.path
            self.path = path
            Organisation.objects.filter(pk=self.pk).update(path=path)
            if old:
                for child in Organisation.objects.filter(path__startswith=old).exclude(pk=self.pk):
                    child.save()

    def subtree(self):
        return Organisation.objects.filter(path__startswith=self.path)

    @property
    def leadership_name(self):
        return self.team_name or f"{self.name}领导班子"


class Role(models.TextChoices):
    OFFICE = "office", "办公室"
    SECRETARY = "secretary", "主要负责同志"
    MEMBER = "member", "班子成员"
    SUPERVISOR = "supervisor", "督导组"


class RoleAssignment(models.Model):
    """A person's role in one organisation. A supervisor sees the whole subtree."""

    user = models.ForeignKey(User, verbose_name="人员", on_delete=models.CASCADE, related_name="roles")
    organisation = models.ForeignKey(
        Organisation, verbose_name="组织", on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    order = models.PositiveIntegerField("排序", default=0, help_text="班子成员的排名顺序")

    class Meta:
        verbose_name = "角色分配"
        verbose_name_plural = "角色分配"
        ordering = ["organisation", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="unique_role_per_org"),
        ]

    def __str__(self):
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"


class ChargedUnit(models.Model):
    """分管单位: a unit a member is in charge of, and its head (四必谈)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="所属组织", on_delete=models.CASCADE, related_name="charged_units"
    )
    member = models.ForeignKey(
        User, verbose_name="分管领导", on_delete=models.CASCADE, related_name="charged_units"
    )
    name = models.CharField("单位名称", max_length=100)
    head = models.ForeignKey(
        User,
        verbose_name="主要负责同志",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_units",
    )

    class Meta:
        verbose_name = "分管单位"
        verbose_name_plural = "分管单位"
        ordering = ["organisation", "member", "name"]

    def __str__(self):
        return self.name


class BranchRepresentative(models.Model):
    """党支部党员代表: a representative of the party branch a member belongs to (四必谈)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="所属组织", on_delete=models.CASCADE, related_name="branch_representatives"
    )
    member = models.ForeignKey(
        User, verbose_name="班子成员", on_delete=models.CASCADE, related_name="branch_representatives"
    )
    branch_name = models.CharField("所在党支部", max_length=100)
    representative = models.ForeignKey(
        User, verbose_name="党员代表", on_delete=models.CASCADE, related_name="represents_branch_for"
    )

    class Meta:
        verbose_name = "党支部党员代表"
        verbose_name_plural = "党支部党员代表"
        constraints = [
            models.UniqueConstraint(fields=["member", "representative"], name="unique_branch_representative"),
        ]

    def __str__(self):
        return f"{self.branch_name}：{self.representative}"

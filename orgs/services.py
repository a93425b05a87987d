"""Changing who holds which role, and writing each change to the audit trail (安全审计, DESIGN §12).

The Django admin saves role assignments itself (orgs/admin.py) and calls the ``record_*`` functions
here explicitly, beside each save and delete (no signal: a change made any other way is not one the
system administrator made). ``set_admin_role`` is the one way the command line names an administrator.
"""

from audit.models import Action
from audit.services import record

from .models import AdminRole


def _admin_role_label(value):
    return AdminRole(value).label if value else "无"


def assignment_label(assignment):
    """张三 云岭县委 办公室: who, where, which role, as the audit trail reads it."""
    return f"{assignment.user.name} {assignment.organisation.name} {assignment.get_role_display()}"


def record_role_granted(assignment, *, request=None):
    return record(
        Action.ROLE_CHANGE, request=request, obj=assignment, detail=f"授予 {assignment_label(assignment)}"
    )


def record_role_revoked(assignment, *, request=None, why=""):
    detail = f"撤销 {assignment_label(assignment)}" + (f"（{why}）" if why else "")
    return record(Action.ROLE_CHANGE, request=request, obj=assignment, detail=detail)


def record_role_changed(before, assignment, *, request=None):
    """A row edited in place: the old grant ends and the new one begins. Only the person, the
    organisation and the role open pages; a change of the ranking order alone is not recorded."""
    if (before.user_id, before.organisation_id, before.role) == (
        assignment.user_id,
        assignment.organisation_id,
        assignment.role,
    ):
        return None
    detail = f"变更 {assignment_label(before)} → {assignment_label(assignment)}"
    return record(Action.ROLE_CHANGE, request=request, obj=assignment, detail=detail)


def record_parent_changed(organisation, old_parent, *, request=None):
    """Moving an organisation moves who supervises it (a supervisor sees the subtree): recorded as a
    change of roles."""
    old = old_parent.name if old_parent else "无"
    new = organisation.parent.name if organisation.parent else "无"
    detail = f"调整 {organisation.name} 的上级组织：{old} → {new}（督导范围随之改变）"
    return record(Action.ROLE_CHANGE, request=request, obj=organisation, detail=detail)


def record_admin_role_changed(user, before, *, request=None, how=""):
    detail = f"{user.name}（{user.username}）的管理员角色：{_admin_role_label(before)} → "
    detail += _admin_role_label(user.admin_role) + (f"（{how}）" if how else "")
    return record(Action.ADMIN_ROLE_CHANGE, request=request, obj=user, detail=detail)


def set_admin_role(user, admin_role, *, request=None, how=""):
    """Makes ``user`` the system, security or audit administrator, or none (""), and records it;
    False when they already were."""
    before = user.admin_role
    if before == admin_role:
        return False
    user.admin_role = admin_role
    user.save(update_fields=["admin_role"])
    record_admin_role_changed(user, before, request=request, how=how)
    return True

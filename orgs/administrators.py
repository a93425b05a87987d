"""The three administrators (三员分立, DESIGN §12) as their pages show them: who they are, what their job
is, and the pages of their tools (the dashboard's card and the top bar's buttons).

Who holds which job is ``orgs.access.administrator_roles``; this module only words it.
"""

from django.urls import NoReverseMatch, reverse

from . import access
from .models import AdminRole

# (duty, [(link label, URL name)]) per job.
TOOLS = {
    AdminRole.SYSTEM: ("负责管理组织、人员和角色分配。", [("系统管理", "admin:index")]),
    AdminRole.SECURITY: (
        "负责账户锁定、密码重置和安全设置。",
        [
            ("账户锁定", "security_lockouts"),
            ("重置密码", "security_reset_password"),
            ("安全设置", "security_policy"),
        ],
    ),
    AdminRole.AUDIT: ("负责查阅和导出审计记录。", [("审计记录", "audit_log")]),
}


def _links(names):
    links = []
    for label, name in names:
        try:
            links.append({"label": label, "url": reverse(name)})
        except NoReverseMatch:
            # A tool whose page is not installed (yet) is left out, not shown as a broken link.
            continue
    return links


def tools_for(user):
    """[{"role": "安全管理员", "duty": …, "links": [{"label", "url"}]}] for each job the user holds."""
    tools = []
    for role in access.administrator_roles(user):
        duty, names = TOOLS[role]
        tools.append({"role": role.label, "duty": duty, "links": _links(names)})
    return tools

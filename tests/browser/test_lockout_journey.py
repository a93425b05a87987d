"""Guessing a password, as the three administrators see it (issue 14): five wrong passwords lock the
account with the Chinese message, the right one is then refused too; the security administrator
unlocks it and the clerk logs in; the audit administrator finds every one of those events."""

import pytest

from audit.models import Action, AuditEvent
from orgs.models import AdminRole

from ..factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pass-12345"  # tests/factories.UserFactory
LOCKED = "登录失败次数过多，账户已锁定"


def log_in(page, username, password=PASSWORD):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_five_wrong_passwords_lock_the_account_the_security_administrator_unlocks_and_the_audit_finds_it(
    world, new_page, screenshots
):
    UserFactory(username="secadmin", display_name="安全管理员", admin_role=AdminRole.SECURITY)
    UserFactory(username="auditadmin", display_name="审计管理员", admin_role=AdminRole.AUDIT)
    clerk = world.office.username

    guesser = new_page()
    for attempt in range(1, 5):
        log_in(guesser, clerk, f"wrong-{attempt}")
        assert LOCKED not in guesser.content()
        assert guesser.locator("[data-testid=current-user]").count() == 0
    log_in(guesser, clerk, "wrong-5")
    assert LOCKED in guesser.content()
    screenshots(guesser, "locked")
    # Locked: the right password is refused as well, with the same message.
    log_in(guesser, clerk)
    assert LOCKED in guesser.content()
    assert guesser.locator("[data-testid=current-user]").count() == 0

    security = new_page()
    log_in(security, "secadmin")
    security.goto("/security/lockouts/")
    row = security.locator("[data-testid=account-row]", has_text=clerk)
    assert "已锁定" in row.inner_text()
    screenshots(security, "lockouts")
    security.once("dialog", lambda dialog: dialog.accept())
    row.locator("[data-testid=unlock-account]").click()
    security.wait_for_load_state("networkidle")
    assert security.locator("[data-testid=account-row]", has_text=clerk).count() == 0 or (
        "已锁定" not in security.locator("[data-testid=account-row]", has_text=clerk).inner_text()
    )

    log_in(guesser, clerk)
    guesser.wait_for_selector("[data-testid=current-user]")

    audit = new_page()
    log_in(audit, "auditadmin")
    audit.goto("/audit/")
    audit.fill("#id_user", clerk)
    audit.click("[data-testid=audit-filters] button[type=submit]")
    audit.wait_for_load_state("networkidle")
    table = audit.locator("[data-testid=audit-table]").inner_text()
    screenshots(audit, "audit")
    for label in ("登录失败", "账户锁定", "登录"):
        assert label in table, label
    audit.select_option("#id_action", Action.UNLOCK.value)
    audit.fill("#id_user", "")
    audit.click("[data-testid=audit-filters] button[type=submit]")
    audit.wait_for_load_state("networkidle")
    assert "解除锁定" in audit.locator("[data-testid=audit-table]").inner_text()
    assert "secadmin" in audit.locator("[data-testid=audit-table]").inner_text()

    failures = AuditEvent.objects.filter(action=Action.LOGIN_FAILED, username=clerk)
    assert failures.count() >= 5
    assert AuditEvent.objects.filter(action=Action.LOCKOUT, username=clerk).count() == 1

"""The three administrators beside `world` (三员分立)."""

from types import SimpleNamespace

import pytest

from orgs.models import AdminRole
from tests.factories import UserFactory


@pytest.fixture
def admins(db):
    """The audit, security and system administrators, and the superuser made by ``createsuperuser``."""
    return SimpleNamespace(
        audit=UserFactory(username="shenji", display_name="审计员", admin_role=AdminRole.AUDIT),
        security=UserFactory(username="anquan", display_name="安全员", admin_role=AdminRole.SECURITY),
        system=UserFactory(username="xitong", display_name="系统员", admin_role=AdminRole.SYSTEM),
        superuser=UserFactory(username="root", display_name="超级用户", is_superuser=True, is_staff=True),
    )

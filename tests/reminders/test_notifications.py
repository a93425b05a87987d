"""The bell and the notification list: a user sees and marks only their own notifications."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reminders.models import Notification

ROLES = ["office", "secretary", "member", "supervisor", "other_office", "other_member", "outsider"]


def notify(user, title, *, url="/", read=False, minutes_ago=0, body=""):
    return Notification.objects.create(
        user=user,
        title=title,
        body=body,
        url=url,
        created_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        read_at=timezone.now() if read else None,
    )


def many(user, count):
    Notification.objects.bulk_create(
        Notification(
            user=user, title=f"通知{n}", body="刘文静同志：\n\n事项\n截止日期：2027年4月20日", url="/"
        )
        for n in range(count)
    )


def test_every_user_sees_their_own_notifications_and_no_one_elses(world, client):
    for role in ROLES:
        notify(getattr(world, role), f"给{role}的通知")
    for role in ROLES:
        client.force_login(getattr(world, role))
        response = client.get(reverse("notification_list"))
        assert response.status_code == 200, role
        body = response.content.decode()
        assert f"给{role}的通知" in body
        assert not [other for other in ROLES if other != role and f"给{other}的通知" in body], role


def test_anonymous_visitors_are_sent_to_the_login_page(world, client):
    notification = notify(world.member, "机密通知")
    for url, method in [
        (reverse("notification_list"), "get"),
        (reverse("notification_read", args=[notification.pk]), "post"),
        (reverse("notification_read_all"), "post"),
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/login" in response["Location"], url
    notification.refresh_from_db()
    assert notification.read_at is None


def test_the_list_is_newest_first_with_unread_ones_marked(world, login):
    notify(world.member, "较早的通知", minutes_ago=60, read=True)
    notify(
        world.member,
        "最新的通知",
        body="成员1同志：\n\n云岭县委：整改事项第1项\n截止日期：2027年4月20日（还有3天）\n\n请点击以下链接办理：\nhttp://x/\n\n—— 民主生活会系统",
    )
    body = login(world.member).get(reverse("notification_list")).content.decode()
    assert body.index("最新的通知") < body.index("较早的通知")
    assert body.count(">未读</span>") == 1 and body.count(">已读</span>") == 1
    # The excerpt says what is due, without the salutation, the link or the signature.
    assert "云岭县委：整改事项第1项 截止日期：2027年4月20日（还有3天）" in body
    assert "http://x/" not in body and "民主生活会系统（" not in body


def test_the_unread_filter_shows_only_unread_notifications(world, login):
    notify(world.member, "已经读过的通知", read=True)
    notify(world.member, "还没读的通知")
    body = login(world.member).get(reverse("notification_list") + "?show=unread").content.decode()
    assert "还没读的通知" in body and "已经读过的通知" not in body


def test_the_list_pages_thirty_at_a_time_and_keeps_the_filter(world, login):
    many(world.member, 65)
    client = login(world.member)
    first = client.get(reverse("notification_list") + "?show=unread").content.decode()
    assert first.count('data-testid="notification"') == 30
    assert "第 1 / 3 页" in first and "?show=unread&page=2" in first
    last = client.get(reverse("notification_list") + "?show=unread&page=3").content.decode()
    assert last.count('data-testid="notification"') == 5


def test_an_empty_list_says_what_will_appear_here(world, login):
    body = login(world.member).get(reverse("notification_list")).content.decode()
    assert "暂无通知" in body and "全部标为已读" not in body


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(world, login):
    url = reverse("meeting_detail", args=[world.meeting.pk])
    notification = notify(world.member, "请完成发言提纲", url=url)
    response = login(world.member).post(reverse("notification_read", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == url
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_a_get_of_the_read_link_changes_nothing(world, login):
    notification = notify(world.member, "请完成发言提纲", url="/meetings/1/")
    response = login(world.member).get(reverse("notification_read", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("notification_list")
    notification.refresh_from_db()
    assert notification.read_at is None


@pytest.mark.parametrize(
    "url", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)", ""]
)
def test_only_a_path_of_this_site_is_followed(world, login, url):
    notification = notify(world.member, "外部链接", url=url)
    response = login(world.member).post(reverse("notification_read", args=[notification.pk]))
    assert response["Location"] == reverse("notification_list")


def test_no_one_can_read_or_mark_another_users_notification(world, login):
    notification = notify(world.member, "成员1的机密通知")
    for role in ["office", "secretary", "supervisor", "other_member", "outsider"]:
        client = login(getattr(world, role))
        for method in ("get", "post"):
            response = getattr(client, method)(reverse("notification_read", args=[notification.pk]))
            assert response.status_code == 404, (role, method)
            assert "成员1的机密通知" not in response.content.decode()
        client.post(reverse("notification_read_all"))
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_marks_only_the_users_own_unread_notifications(world, login):
    mine = [notify(world.member, f"我的通知{n}") for n in range(3)]
    theirs = notify(world.secretary, "书记的通知")
    client = login(world.member)
    assert client.get(reverse("notification_read_all")).status_code == 405
    assert Notification.objects.filter(user=world.member, read_at__isnull=True).count() == 3
    response = client.post(reverse("notification_read_all"), follow=True)
    assert "已将3条通知标为已读" in response.content.decode()
    assert all(Notification.objects.get(pk=n.pk).read_at for n in mine)
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_bell_shows_the_unread_count_for_screen_readers_too(world, login):
    for n in range(3):
        notify(world.member, f"通知{n}")
    notify(world.member, "已读", read=True)
    body = login(world.member).get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("notification_list")}"' in body
    assert '<span class="visually-hidden">条未读通知</span>' in body
    badge = body[body.index('data-testid="unread-badge"') :]
    assert badge.split(">", 1)[1].startswith("3<span")
    assert "提醒设置" in body


def test_the_bell_has_no_badge_when_everything_is_read(world, login):
    notify(world.member, "已读", read=True)
    body = login(world.member).get(reverse("dashboard")).content.decode()
    assert 'data-testid="bell"' in body and "unread-badge" not in body


def notification_queries(captured):
    return [q["sql"] for q in captured.captured_queries if "reminders_notification" in q["sql"]]


def test_the_bell_costs_one_query_a_page_and_none_for_anonymous_visitors(world, client):
    many(world.member, 5)
    client.force_login(world.member)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("dashboard")).status_code == 200
    assert len(notification_queries(captured)) == 1
    # The list page shows the same figure twice (bell and tab) and still counts once.
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("notification_list"))
    unread_counts = [
        sql for sql in notification_queries(captured) if "COUNT" in sql.upper() and "IS NULL" in sql
    ]
    assert len(unread_counts) == 1
    client.logout()
    with CaptureQueriesContext(connection) as captured:
        body = client.get(reverse("login")).content.decode()
    assert notification_queries(captured) == [] and 'data-testid="bell"' not in body


def test_the_list_needs_as_many_queries_for_100_notifications_as_for_5(
    world, client, django_assert_max_num_queries
):
    client.force_login(world.member)
    many(world.member, 5)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("notification_list"))
    many(world.member, 95)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("notification_list"))
    assert response.content.decode().count('data-testid="notification"') == 30


@pytest.mark.parametrize("tab", ["", "?show=unread"])
def test_the_list_counts_the_users_notifications_once_on_either_tab(world, client, tab):
    many(world.member, 65)
    client.force_login(world.member)
    with CaptureQueriesContext(connection) as captured:
        body = client.get(reverse("notification_list") + tab).content.decode()
    assert "第 1 / 3 页" in body and body.count('data-testid="notification"') == 30
    counts = [sql for sql in notification_queries(captured) if "COUNT" in sql.upper()]
    assert len(counts) == 1, counts


@pytest.mark.parametrize("tab", ["", "?show=unread"])
def test_the_list_needs_the_same_queries_for_3000_notifications_as_for_5_on_either_tab(
    world, client, tab, django_assert_num_queries
):
    client.force_login(world.member)
    many(world.member, 5)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("notification_list") + tab)
    many(world.member, 2995)
    with django_assert_num_queries(len(few.captured_queries)):
        body = client.get(reverse("notification_list") + tab + ("&" if tab else "?") + "page=50").content
    assert body.decode().count('data-testid="notification"') == 30 and "第 50 / 100 页" in body.decode()

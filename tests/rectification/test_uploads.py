"""Evidence (佐证材料) uploaded with a progress update, and its download.

A file of a type not allowed, a file over the size limit, and a file whose content does not match its
extension are each refused with a message naming the file; the whole update is refused and the text
typed is shown back. Good PDF, PNG and Word files are stored and read back under their own names.
"""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rectification import services
from rectification.models import Evidence, Item, ItemStatus, Progress
from tests.factories import make_meeting
from tests.rectification.factories import at_stage, docx_file, items, member_list, pdf_file, png_file

from .test_items import ROLES, user_of

TEXT = "已召开专题会议研究走访计划，形成会议纪要。"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2027, 3, 1, 10, 0), tick=False):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def item(world):
    meeting = at_stage(world.meeting)
    [item] = items(member_list(meeting, world.members[1]), 1, text="乙联系点走访流于形式")
    return item


def post_progress(client, item, *files, **extra):
    url = reverse("rectification_progress_add", args=[item.meeting_id, item.pk])
    return client.post(url, {"text": TEXT, "date": "2027-02-27", "files": list(files), **extra})


def stored_files(folder):
    return [path for path in folder.rglob("*") if path.is_file()]


def assert_refused(response, message, media):
    body = response.content.decode().replace("\xa0", " ")  # filesizeformat's non-breaking space
    assert response.status_code == 400
    assert message in body
    assert TEXT in body  # the text typed is still in the form
    assert not Progress.objects.exists() and not Evidence.objects.exists()
    assert stored_files(media) == []


def test_a_file_of_a_type_not_allowed_is_refused_by_name(world, client, item, media):
    client.force_login(world.members[1])
    program = SimpleUploadedFile("整改程序.exe", b"MZ\x90\x00" + b"\0" * 60)
    response = post_progress(client, item, program)
    assert_refused(response, "“整改程序.exe”的文件类型不允许上传", media)


def test_a_file_over_the_size_limit_is_refused_by_name(world, client, item, media, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    client.force_login(world.members[1])
    response = post_progress(client, item, pdf_file("扫描件.pdf", size=2048))
    assert_refused(response, "“扫描件.pdf”大小为2.0 KB，超过了1.0 KB的上限", media)


def test_a_file_whose_content_does_not_match_its_extension_is_refused(world, client, item, media):
    client.force_login(world.members[1])
    page = SimpleUploadedFile(
        "会议纪要.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
    )
    response = post_progress(client, item, page)
    assert_refused(response, "“会议纪要.pdf”的内容不是PDF，与扩展名 .pdf 不符", media)


def test_one_bad_file_refuses_the_whole_update_and_the_good_ones_too(world, client, item, media):
    client.force_login(world.members[1])
    response = post_progress(client, item, pdf_file(), SimpleUploadedFile("照片.png", b"not a png at all"))
    assert_refused(response, "“照片.png”的内容不是PNG 图片", media)
    assert "文件需要重新选择" in response.content.decode()
    assert Item.objects.get(pk=item.pk).status == ItemStatus.NOT_STARTED


def test_pdf_png_and_word_files_are_accepted_and_listed_under_their_names(world, client, item, media):
    client.force_login(world.members[1])
    response = post_progress(client, item, pdf_file(), png_file(), docx_file(), status=ItemStatus.DONE)
    assert response.status_code == 302
    [progress] = Progress.objects.all()
    assert progress.text == TEXT and progress.date == datetime.date(2027, 2, 27)
    assert sorted(e.name for e in progress.evidence.all()) == [
        "会议纪要.pdf",
        "整改报告.docx",
        "现场照片.png",
    ]
    assert len(stored_files(media)) == 3
    assert Item.objects.get(pk=item.pk).status == ItemStatus.DONE
    body = client.get(response["Location"]).content.decode()
    for evidence in progress.evidence.all():
        assert evidence.name in body
        assert reverse("rectification_evidence", args=[item.meeting_id, evidence.pk]) in body


def test_a_progress_update_needs_text_and_keeps_the_date_typed(world, client, item):
    client.force_login(world.members[1])
    url = reverse("rectification_progress_add", args=[item.meeting_id, item.pk])
    response = client.post(url, {"text": "  ", "date": "2027-02-27"})
    assert response.status_code == 400 and "2027-02-27" in response.content.decode()
    response = client.post(url, {"text": TEXT, "date": "2027-03-05"})
    assert response.status_code == 400 and "进展日期不能晚于今天" in response.content.decode()
    assert not Progress.objects.exists()


def test_the_download_is_the_file_under_its_original_name(world, client, item):
    services.add_progress(item, world.members[1], "已形成纪要。", files=[pdf_file("三月会议纪要.pdf")])
    evidence = Evidence.objects.get()
    client.force_login(world.secretary)
    response = client.get(reverse("rectification_evidence", args=[item.meeting_id, evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4")
    assert "attachment" in response["Content-Disposition"]
    assert "%E4%B8%89%E6%9C%88%E4%BC%9A%E8%AE%AE%E7%BA%AA%E8%A6%81.pdf" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_evidence_is_downloaded_only_by_those_who_read_the_item(world, client, item, role):
    services.add_progress(item, world.members[1], "已形成纪要。", files=[pdf_file()])
    evidence = Evidence.objects.get()
    if role != "anonymous":
        client.force_login(user_of(world, role))
    response = client.get(reverse("rectification_evidence", args=[item.meeting_id, evidence.pk]))
    if role in ("office", "secretary", "owner", "supervisor"):
        assert response.status_code == 200
    elif role == "anonymous":
        assert response.status_code == 302 and reverse("login") in response["Location"]
    else:
        assert response.status_code == 404  # member A included: B's list is not theirs to read


def test_evidence_is_not_reached_through_another_meetings_address(world, client, item):
    services.add_progress(item, world.members[1], "已形成纪要。", files=[pdf_file()])
    evidence = Evidence.objects.get()
    other = make_meeting(world.county, world.office, date=datetime.date(2026, 1, 20))
    client.force_login(world.office)
    assert client.get(reverse("rectification_evidence", args=[other.pk, evidence.pk])).status_code == 404


def test_a_file_missing_from_storage_is_a_404_not_an_error(world, client, item, media):
    services.add_progress(item, world.members[1], "已形成纪要。", files=[pdf_file()])
    evidence = Evidence.objects.get()
    for path in stored_files(media):
        path.unlink()
    client.force_login(world.office)
    assert (
        client.get(reverse("rectification_evidence", args=[item.meeting_id, evidence.pk])).status_code == 404
    )

"""The bundle is built by a Celery task: the request returns at once, a second request attaches to the
build under way, the progress advances and the files appear — with a real worker on the real broker."""

import time

import pytest
from django.urls import reverse

from reporting import services
from reporting.models import BundleJob, BundleStatus, FrozenFile
from tests.reminders.test_worker import configured_broker, running_worker, wait_until

JSON = {"HTTP_ACCEPT": "application/json"}


def test_the_request_returns_at_once_and_a_second_request_attaches_to_the_first(
    world, held, client, tmp_path
):
    client.force_login(world.office)
    url = reverse("bundle_request", args=[held.pk])
    with configured_broker(tmp_path / "broker"):
        first = client.post(url, **JSON)
        second = client.post(url, **JSON)

    # No worker ran: the request only queued the job.
    assert first.status_code == 202 and first.json()["status"] == "queued"
    assert second.status_code == 200 and second.json()["id"] == first.json()["id"]
    assert BundleJob.objects.count() == 1
    assert not FrozenFile.objects.exists()


def test_the_progress_is_reported_after_each_piece(world, held, monkeypatch):
    job, started = services.request_bundle(held, world.office)
    seen = []
    original = services._progress

    def recording(job_id):
        report = original(job_id)

        def both(done, total, label=""):
            seen.append((done, total))
            report(done, total, label)

        return both

    monkeypatch.setattr(services, "_progress", recording)
    services.build_bundle(job.pk)

    job.refresh_from_db()
    assert started and job.status == BundleStatus.DONE
    dones = [done for done, _ in seen]
    assert dones == sorted(dones) and len(set(dones)) >= 3, seen
    assert job.done == job.total == seen[-1][1]
    assert {frozen.format for frozen in job.files.all()} == {"docx", "pdf"}
    assert job.pages and job.pages >= 3


def test_a_job_is_built_once_even_if_its_message_comes_twice(world, held):
    job, _ = services.request_bundle(held, world.office)
    services.build_bundle(job.pk)
    assert services.build_bundle(job.pk) is None
    assert FrozenFile.objects.filter(bundle_job=job).count() == 2


def test_a_broker_that_is_down_fails_the_job_with_a_message(
    world, held, client, tmp_path, django_capture_on_commit_callbacks
):
    from tests.reminders.test_worker import broker_at

    client.force_login(world.office)
    with broker_at("redis://127.0.0.1:1/0", {"max_retries": 0}):
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("bundle_request", args=[held.pk]), **JSON)
        elapsed = time.monotonic() - started
    job = BundleJob.objects.get()
    assert response.status_code == 202
    assert job.status == BundleStatus.FAILED and "任务队列暂时不可用" in job.error
    assert elapsed < 10
    # The next request may try again: the failed job does not block it.
    with configured_broker(tmp_path / "broker"), django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("bundle_request", args=[held.pk]), **JSON).json()["status"] == "queued"


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_builds_the_bundle_and_the_page_offers_the_files(world, held, client, tmp_path):
    client.force_login(world.office)
    status_url = reverse("bundle_status", args=[held.pk])
    with configured_broker(tmp_path / "broker"), running_worker():
        response = client.post(reverse("bundle_request", args=[held.pk]), **JSON)
        assert response.status_code == 202
        seen = []

        def finished():
            state = client.get(status_url).json()
            seen.append(state["done"])
            return state["status"] in ("done", "failed")

        assert wait_until(finished, seconds=180), seen

    state = client.get(status_url).json()
    assert state["status"] == "done", state
    assert state["done"] == state["total"] > 0
    assert seen == sorted(seen)
    assert set(state["files"]) == {"docx", "pdf"}
    pdf = client.get(state["files"]["pdf"])
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    page = client.get(reverse("reporting_page", args=[held.pk])).content.decode()
    assert "下载PDF" in page and state["files"]["pdf"] in page

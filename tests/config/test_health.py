import pytest

from config.celery import app


def test_healthz_reports_database_and_broker(client, db, settings):
    response = client.get("/healthz")
    data = response.json()
    assert response.status_code == 200
    assert data["status"] == "ok"
    assert data["database"] == {
        "ok": True,
        "engine": "postgresql" if "postgres" in settings.DATABASES["default"]["ENGINE"] else "sqlite",
    }
    expected = "redis" if settings.REDIS_URL else "filesystem"
    assert data["broker"]["ok"] is True and data["broker"]["transport"] == expected


@pytest.fixture
def broker_on_a_closed_port():
    original = (app.conf.broker_url, app.conf.broker_transport_options)
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    app.conf.broker_transport_options = {}
    yield
    app.conf.broker_url, app.conf.broker_transport_options = original


def test_healthz_says_degraded_when_the_broker_is_down(client, db, broker_on_a_closed_port):
    response = client.get("/healthz")
    assert response.status_code == 503
    data = response.json()
    assert data["status"] == "degraded"
    assert data["database"]["ok"] is True
    assert data["broker"]["ok"] is False and data["broker"]["transport"] == "redis"

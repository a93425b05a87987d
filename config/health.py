"""GET /healthz: the state of the database and the broker, as JSON."""

import os

from django.db import connection
from django.http import JsonResponse

from .celery import app


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return {"ok": True, "engine": connection.vendor}
    except Exception as error:  # any failure is a state to report, not to raise
        return {"ok": False, "engine": connection.vendor, "error": str(error)}


def check_broker():
    transport = app.conf.broker_url.split("://", 1)[0]
    if transport == "filesystem":
        folder = app.conf.broker_transport_options.get("data_folder_in", "")
        ok = os.path.isdir(folder) and os.access(folder, os.W_OK)
        result = {"ok": ok, "transport": "filesystem"}
        if not ok:
            result["error"] = f"队列目录不可写：{folder}"
        return result
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return {"ok": True, "transport": transport}
    except Exception as error:
        return {"ok": False, "transport": transport, "error": str(error)}


def healthz(request):
    database, broker = check_database(), check_broker()
    healthy = database["ok"] and broker["ok"]
    return JsonResponse(
        {"status": "ok" if healthy else "degraded", "database": database, "broker": broker},
        status=200 if healthy else 503,
        json_dumps_params={"ensure_ascii": False},
    )

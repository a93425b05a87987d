"""gunicorn's settings for production: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

Workers are recycled rather than exports moved to Celery (issue 16). A PDF export renders in the request
(WeasyPrint), and its fonts, layout and freed arenas stay with the process: one worker measured 97 MB
after 200 pages and 424 MB after 20 PDF exports of the demo's meetings (95 MB with this file). The documents a clerk downloads
are a meeting's few pages and render in seconds, so a task and a progress page would only make them
wait; the one long document, the 材料汇编, already renders in Celery (reporting/tasks.py). So a worker
that a request has left above ``MAX_WORKER_MEGABYTES`` finishes that response and is replaced by a
fresh one, which bounds memory by what was measured, not by a guess of requests per export; and every
worker is replaced after ``max_requests`` requests (each at its own count, by the jitter) for growth
that comes slowly.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Pages wait on the database as much as on the CPU: two workers per core.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 1000))
max_requests_jitter = max_requests // 10
# A fresh worker is about 95 MB once it has served pages; an export takes it past this.
MAX_WORKER_MEGABYTES = int(os.environ.get("GUNICORN_MAX_WORKER_MEGABYTES", 140))
# A PDF of a long draft takes seconds on a busy machine; 30 s (the default) is too close.
timeout = 60
# The opinion box stores nothing that identifies a sender (README, Production): no address, no agent.
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(L)s'


def _resident_megabytes():
    """This process's resident memory (Linux: /proc)."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") // (1024 * 1024)


def post_request(worker, req, environ, resp):
    """Past the limit, the worker ends after this response (as after max_requests) and the master starts
    another."""
    resident = _resident_megabytes()
    if resident > MAX_WORKER_MEGABYTES:
        worker.log.info("Worker at %s MB after %s: replaced by a fresh one.", resident, req.path)
        worker.alive = False

"""The site's URLs plus two views that exist only for bench/province.py, to measure what every page
costs before its own work: the bare request (``bench/trivial/``) and the logged-in base layout
(``bench/floor/``)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import include, path


def trivial(request):
    """Gunicorn, the middleware and the URL resolver, nothing else."""
    return HttpResponse("ok")


@login_required
def floor(request):
    """The session, the user, the top bar and the base layout with an empty body: the cost every page pays."""
    return render(request, "base.html")


urlpatterns = [
    path("bench/trivial/", trivial, name="bench_trivial"),
    path("bench/floor/", floor, name="bench_floor"),
    path("", include("config.urls")),
]

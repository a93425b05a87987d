"""The URL modules: a prefix shared by a module's routes is typed once and grouped with include()."""

import ast
import inspect
from pathlib import Path

from django.conf import settings
from django.urls import URLResolver, get_resolver

MEETING = "meetings/<int:pk>/"


def url_modules(resolver=None):
    """Every URL module of the project the root URLconf includes, itself first."""
    resolver = resolver or get_resolver()
    module = resolver.urlconf_module
    if inspect.ismodule(module) and Path(module.__file__).is_relative_to(settings.BASE_DIR):
        yield module
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from url_modules(entry)


def strings_typed(module):
    """Every string written in a module, an f-string by its literal parts."""
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def test_the_walk_finds_the_url_modules():
    names = {module.__name__ for module in url_modules()}
    assert {"config.urls", "meetings.urls", "rectification.urls", "feedback.urls"} <= names


def test_each_url_module_types_the_meeting_prefix_once():
    retyped = {
        module.__name__: count
        for module in url_modules()
        if (count := sum(text.startswith(MEETING) for text in strings_typed(module))) > 1
    }
    assert not retyped, f"group the routes under {MEETING!r} with include(): {retyped}"

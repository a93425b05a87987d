"""Placeholder: being written (issue 6)."""


def opinion_trace(request, *args, **kwargs):
    raise NotImplementedError


def opinion_answer(request, *args, **kwargs):
    raise NotImplementedError


def activities(request, *args, **kwargs):
    raise NotImplementedError


def activity_delete(request, *args, **kwargs):
    raise NotImplementedError


"""Placeholder: being written (issue 7)."""


def user_feed(request, *args, **kwargs):
    raise NotImplementedError


def calendar_settings(request, *args, **kwargs):
    raise NotImplementedError


def meeting_calendar(request, *args, **kwargs):
    raise NotImplementedError

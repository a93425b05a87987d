"""Placeholder: being written (issue 7)."""


def notification_list(request, *args, **kwargs):
    raise NotImplementedError


def notification_read(request, *args, **kwargs):
    raise NotImplementedError


def notification_read_all(request, *args, **kwargs):
    raise NotImplementedError


def preferences(request, *args, **kwargs):
    raise NotImplementedError


def meeting_rule(request, *args, **kwargs):
    raise NotImplementedError

"""Placeholder: being written (issue 6)."""


def record_detail(request, *args, **kwargs):
    raise NotImplementedError


def record_edit(request, *args, **kwargs):
    raise NotImplementedError


def record_live(request, *args, **kwargs):
    raise NotImplementedError


def statement_save(request, *args, **kwargs):
    raise NotImplementedError


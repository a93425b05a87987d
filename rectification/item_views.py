"""Placeholder: being written (issue 6)."""


def item_detail(request, *args, **kwargs):
    raise NotImplementedError


def item_edit(request, *args, **kwargs):
    raise NotImplementedError


def item_delete(request, *args, **kwargs):
    raise NotImplementedError


def progress_add(request, *args, **kwargs):
    raise NotImplementedError


def status_change(request, *args, **kwargs):
    raise NotImplementedError


def item_close(request, *args, **kwargs):
    raise NotImplementedError


def evidence_download(request, *args, **kwargs):
    raise NotImplementedError


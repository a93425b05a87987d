"""Placeholder: being written (issue 6)."""


def ledger_xlsx(request, *args, **kwargs):
    raise NotImplementedError


def ledger_import(request, *args, **kwargs):
    raise NotImplementedError


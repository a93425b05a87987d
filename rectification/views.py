"""Placeholder: being written (issue 6)."""


def ledger(request, *args, **kwargs):
    raise NotImplementedError


def build(request, *args, **kwargs):
    raise NotImplementedError


def make(request, *args, **kwargs):
    raise NotImplementedError


def carry_over(request, *args, **kwargs):
    raise NotImplementedError


"""Placeholder: being written (issue 7)."""


def send_office_digests(now=None):
    raise NotImplementedError


def send_supervisor_digests(now=None):
    raise NotImplementedError

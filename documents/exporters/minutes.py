"""Placeholder: being written (issue 6)."""


def minutes_document(meeting):
    raise NotImplementedError

"""Placeholder: being written (issue 6)."""


def rectification_list_document(meeting, viewer=None):
    raise NotImplementedError


def progress_report(meeting):
    raise NotImplementedError

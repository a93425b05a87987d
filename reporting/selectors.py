"""Reading the reporting stage for documents and pages; nothing here writes (GET changes nothing)."""

from .models import ReportSettings


def report_settings(meeting):
    """The meeting's saved settings, or the defaults (unsaved) when the office has written none yet.

    主送 defaults to the bodies that issued the notice the meeting answers (发文机关, e.g.
    "县纪委、县委组织部"): the report goes back to them.
    """
    try:
        return meeting.report_settings
    except ReportSettings.DoesNotExist:
        return ReportSettings(meeting=meeting, main_recipients=meeting.notice_issuer)

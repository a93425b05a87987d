"""What the pages that import an uploaded file (意见建议, 整改台账) do around the import: the audit log, and
a database that fails in the middle of it."""

from django.contrib import messages
from django.db import DatabaseError

from audit import services as audit

# The import is one transaction: when the database fails in the middle of it (a full disk, a lost
# connection), all of it is rolled back, and the clerk is told so rather than shown a server error.
IMPORT_FAILED = "导入未完成，未写入任何数据：系统暂时无法保存，请稍后重新上传；如仍不成功，请联系系统管理员。"


def run_import(request, meeting, what, do_import, *, done, problems, logger):
    """The result of ``do_import()``, an all-or-nothing import of ``what`` into ``meeting``, recorded in the
    audit log; None when the database failed, after logging it to the page's ``logger`` and telling the clerk
    that nothing was written, so that the page shows the form again.

    ``done(result)`` is the log's words for an import that went in, ``problems(result)`` what stopped one."""
    try:
        result = do_import()
    except DatabaseError:
        logger.exception("导入%s时数据库出错（会议%s），已全部回滚，未写入任何数据。", what, meeting.pk)
        messages.error(request, IMPORT_FAILED)
        return None
    audit.record(
        audit.Action.IMPORT,
        request=request,
        meeting=meeting,
        outcome=audit.Outcome.OK if result.ok else audit.Outcome.FAILED,
        detail=done(result)
        if result.ok
        else f"导入{what}未完成：{len(problems(result))}处问题，未写入任何数据",
    )
    return result

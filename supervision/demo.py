"""The demo's 督导检查表 (``seed_demo``): the city supervisor's remarks and verdict on the 2026年巡视整改专题
meeting, held and in 整改落实, so the office sees them on the meeting page and may export the checklist."""

from .models import Checklist, Verdict, save_checklist

REMARKS = {
    "opinions": "征求意见覆盖面较广，建议增加基层党员代表座谈。",
    "criticisms": "批评意见总体直接具体，个别同志所提意见偏于工作建议，须点问题、点事例。",
    "rectification_plan": "整改方案按时制定，请逐项明确完成时限和责任部门。",
}
VERDICT_TEXT = "会前准备较充分，会上批评和自我批评开展较好；下一步须压实整改责任，按期销号。"


def seed_checklist(meeting, supervisor):
    """The supervisor's checklist on ``meeting``; nothing if one is already saved."""
    if Checklist.objects.filter(meeting=meeting).exists():
        return
    save_checklist(
        meeting,
        supervisor,
        verdict=Verdict.FAIRLY_GOOD,
        verdict_text=VERDICT_TEXT,
        remarks=REMARKS,
        base_version=0,
    )

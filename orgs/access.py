"""Who may see and do what: the one place that answers it (DESIGN §1).

Views and exports start from these querysets and predicates; none filters by hand.
"""

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.lookups import StartsWith

from .models import AdminRole, Organisation, Role, RoleAssignment

# 三员分立 (DESIGN §12): three administrators, each with one job, none of whom reads meeting content by
# that role (only a role in the meeting's organisation opens it). A Django superuser (the account made by
# ``createsuperuser`` to set the system up) is the system administrator, and reads no more than one: no
# predicate below the administrators' asks ``is_superuser`` or ``admin_role``, so IT staff read an
# opinion, a talk or an outline only if they are also given a role in its organisation.


def is_system_admin(user):
    """系统管理员: organisations, users and roles (the Django admin)."""
    return (
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.admin_role == AdminRole.SYSTEM)
    )


def is_security_admin(user):
    """安全管理员: lockouts, password resets and the security settings."""
    return user.is_authenticated and user.is_active and user.admin_role == AdminRole.SECURITY


def is_audit_admin(user):
    """审计管理员: reads and exports the audit trail, and nothing else."""
    return user.is_authenticated and user.is_active and user.admin_role == AdminRole.AUDIT


def administrator_roles(user):
    """The administrators' jobs the user holds (for the dashboard and the top bar), in the order of
    AdminRole: a superuser is the system administrator, besides any job their ``admin_role`` names."""
    held = {
        AdminRole.SYSTEM: is_system_admin(user),
        AdminRole.SECURITY: is_security_admin(user),
        AdminRole.AUDIT: is_audit_admin(user),
    }
    return [role for role in AdminRole if held[role]]


def _assignments(user, roles):
    return RoleAssignment.objects.filter(user=user, role__in=roles)


def _supervised(user, path_field):
    """A condition on ``path_field`` (an organisation's path) for the subtrees the user supervises, or
    None when they supervise nothing."""
    paths = list(_assignments(user, [Role.SUPERVISOR]).values_list("organisation__path", flat=True))
    if not paths:
        return None
    query = Q()
    for path in paths:
        query |= Q(**{f"{path_field}__startswith": path})
    return query


def supervised_organisations(user):
    """Organisations under a supervisor's assignments, subtrees included."""
    query = _supervised(user, "path")
    return Organisation.objects.none() if query is None else Organisation.objects.filter(query)


def visible_organisations(user):
    """Organisations whose meetings the user may see."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    own = _assignments(user, [Role.OFFICE, Role.SECRETARY, Role.MEMBER]).values("organisation")
    return Organisation.objects.filter(Q(pk__in=own) | Q(pk__in=supervised_organisations(user).values("pk")))


def meetings_for(user):
    """The meetings of ``visible_organisations``, as conditions on the meeting's organisation (its id, or a
    supervised path prefix) rather than a subquery, so a supervisor's list walks the meetings newest first
    and its count reads no subquery (a province's 10,000 meetings: issue 16)."""
    from meetings.models import Meeting

    if not user.is_authenticated:
        return Meeting.objects.none()
    own = _assignments(user, [Role.OFFICE, Role.SECRETARY, Role.MEMBER]).values("organisation")
    query = Q(organisation__in=own)
    supervised = _supervised(user, "organisation__path")
    return Meeting.objects.filter(query if supervised is None else query | supervised)


def roles_in(user, organisation):
    """The user's roles for an organisation's meeting, supervision of an ancestor included.

    Remembered on the user object for the organisation's path: a page asks a dozen predicates, and
    ``request.user`` lives for one request, so a change of roles is seen on the next request.
    """
    if not user.is_authenticated:
        return set()
    cache = user.__dict__.setdefault("_roles_by_path", {})
    if organisation.path not in cache:
        roles = set()
        ancestors = [int(pk) for pk in organisation.path.strip("/").split("/") if pk]
        for role, org_id in RoleAssignment.objects.filter(
            user=user, organisation_id__in=ancestors
        ).values_list("role", "organisation_id"):
            if org_id == organisation.pk or role == Role.SUPERVISOR:
                roles.add(Role(role))
        cache[organisation.path] = frozenset(roles)
    return set(cache[organisation.path])


def _held_roles(user):
    """The user's (organisation name, role) pairs, read once per request: the top bar asks for the names
    and for ``can_open_overview`` on every page."""
    if not user.is_authenticated:
        return []
    if "_held_roles" not in user.__dict__:
        user.__dict__["_held_roles"] = list(
            RoleAssignment.objects.filter(user=user).values_list("organisation__name", "role")
        )
    return user.__dict__["_held_roles"]


def organisation_names(user):
    """For the top bar: the organisations the user works in, by name."""
    return sorted({name for name, _ in _held_roles(user)})


def can_open_overview(user):
    """督导总览 (issue 17) is the supervising body's page: whoever holds a 督导组 role somewhere. The
    office, the team and the three administrators have their own pages and are refused it."""
    return any(role == Role.SUPERVISOR for _, role in _held_roles(user))


def overview_meetings(user):
    """The meetings of the 督导总览: those of the organisations the user supervises and everything under
    them, as path prefixes (as ``meetings_for``); never a meeting the user sees only through a role of
    their own in it, nor anything outside the supervised subtrees."""
    from meetings.models import Meeting

    if not user.is_authenticated:
        return Meeting.objects.none()
    supervised = _supervised(user, "organisation__path")
    return Meeting.objects.none() if supervised is None else Meeting.objects.filter(supervised)


def has_role(user, meeting, *roles):
    return bool(roles_in(user, meeting.organisation) & set(roles))


def can_view_meeting(user, meeting):
    return user.is_authenticated and bool(roles_in(user, meeting.organisation))


def viewable(user):
    """``can_view_meeting`` as a condition on Meeting rows, for a query that reads the row and the answer
    at once (reporting/archive.py): a role in the meeting's organisation, or supervision of it or of an
    ancestor (the organisation's path starts with the supervised one's)."""
    if not user.is_authenticated:
        return Value(False)
    own = RoleAssignment.objects.filter(user=user, organisation=OuterRef("organisation"))
    supervised = RoleAssignment.objects.filter(
        StartsWith(OuterRef("organisation__path"), F("organisation__path")), user=user, role=Role.SUPERVISOR
    )
    return Exists(own) | Exists(supervised)


def meeting_is_archived(meeting):
    """归档: "a closed meeting is read-only, except rectification progress on items that continue"
    (DESIGN §10). Every predicate below that allows a change is False for it (most through a window
    that ends before the archive); reporting/archive.py refuses the change on the server."""
    from meetings.workflow import Stage

    return meeting.stage == Stage.CLOSED


def organisations_user_can_organise(user):
    """Organisations for which the user is the office and may create meetings."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(pk__in=_assignments(user, [Role.OFFICE]).values("organisation"))


def can_create_meeting(user):
    return organisations_user_can_organise(user).exists()


def can_manage_meeting(user, meeting):
    """The office runs the meeting: edits it, moves its stages, steps back, sees the record's warnings.
    The role alone; what it may still change once the meeting is archived, the predicates below say."""
    return has_role(user, meeting, Role.OFFICE)


def can_move_meeting(user, meeting):
    """Moving the meeting on or back a stage: the office, until it is archived (stepping back out of
    归档 would reopen the archive)."""
    return not meeting_is_archived(meeting) and can_manage_meeting(user, meeting)


def can_edit_schedule(user, meeting):
    """日程: the office adjusts the deadlines until the meeting is archived."""
    return not meeting_is_archived(meeting) and can_manage_meeting(user, meeting)


def can_edit_reminder_rule(user, meeting):
    """The meeting's reminder rule: the office, until the meeting is archived."""
    return not meeting_is_archived(meeting) and can_manage_meeting(user, meeting)


def can_edit_plan(user, meeting):
    return can_manage_meeting(user, meeting) and meeting.plan_is_editable


def reviews_plan(user, meeting):
    """督导组 approves or returns the plan (a supervisor of the organisation or an ancestor), until the
    meeting is archived: the role, whatever the plan's status (the service refuses a plan not submitted,
    saying why)."""
    return not meeting_is_archived(meeting) and has_role(user, meeting, Role.SUPERVISOR)


def can_review_plan(user, meeting):
    """…once the office has submitted the plan (报送审核), until they approve or return it."""
    from meetings.models import PlanStatus

    plan = getattr(meeting, "plan", None)
    return plan is not None and plan.status == PlanStatus.SUBMITTED and reviews_plan(user, meeting)


def can_export_plan(user, meeting):
    return can_view_meeting(user, meeting)


# Talks (谈心谈话): a record is private to its participants, the secretary, the office and the
# supervisors (DESIGN §4).


def sees_all_talks(user, meeting):
    return has_role(user, meeting, Role.OFFICE, Role.SECRETARY, Role.SUPERVISOR)


def talks_for(user, meeting):
    """The talk records of a meeting the user may open."""
    talks = meeting.talks.all()
    if sees_all_talks(user, meeting):
        return talks
    if has_role(user, meeting, Role.MEMBER):
        return talks.filter(participants__person=user).distinct()
    return talks.none()


def talks_are_open(meeting):
    """Talk records are kept until the meeting is held; then the pre-meeting records lock (DESIGN §2)."""
    from meetings.talks import is_editable

    return is_editable(meeting)


def records_talks(user, meeting):
    """Who records talks at all, whatever the stage: the team its own, the office any (the pages of
    a locked meeting tell them why they no longer can)."""
    return has_role(user, meeting, Role.OFFICE, Role.SECRETARY, Role.MEMBER)


def can_record_talk(user, meeting):
    """The team records its own talks; the office may record any."""
    return talks_are_open(meeting) and records_talks(user, meeting)


def edits_talk(user, talk):
    """Whose talk record it is to change, whatever the stage: whoever recorded it, or the office."""
    return talk.created_by_id == user.pk or has_role(user, talk.meeting, Role.OFFICE)


def can_edit_talk(user, talk):
    """The talk's date, topics and people: whoever recorded it, or the office."""
    return talks_are_open(talk.meeting) and edits_talk(user, talk)


def can_confirm_talk(user, talk):
    """本人确认: each participant records their own side of the talk."""
    if not talks_are_open(talk.meeting):
        return False
    return any(side.person_id == user.pk for side in talk.participants.all())


def can_transcribe_talks(user, meeting):
    """办公室录入: clerks transcribe the paper records, so the office may enter every participant's
    side of a talk; the participant then confirms or corrects it (can_confirm_talk)."""
    return talks_are_open(meeting) and has_role(user, meeting, Role.OFFICE)


def can_waive_talk(user, meeting):
    """Waiving a required pair is decided by the secretary or the office."""
    return talks_are_open(meeting) and has_role(user, meeting, Role.OFFICE, Role.SECRETARY)


def can_export_talks(user, meeting):
    """The talks document; what it shows inside depends on the reader (see the exporter)."""
    return sees_all_talks(user, meeting) or has_role(user, meeting, Role.MEMBER)


def sees_whole_coverage(user, meeting):
    """The 四必谈 matrix: the secretary, office and supervisors see every row; a member their own."""
    return sees_all_talks(user, meeting)


# Opinions (征求意见建议). "涉及个人的，由主要负责同志如实反馈给本人": an opinion addressed to
# a member is seen by that member alone among the members.


def sees_all_opinions(user, meeting):
    return has_role(user, meeting, Role.OFFICE, Role.SECRETARY, Role.SUPERVISOR)


def opinions_for(user, meeting):
    """The opinions of a meeting the user may see."""
    from feedback.models import OpinionStatus

    opinions = meeting.opinions.all()
    if sees_all_opinions(user, meeting):
        return opinions
    if has_role(user, meeting, Role.MEMBER):
        return opinions.filter(status=OpinionStatus.ACCEPTED).filter(
            Q(addressee__isnull=True) | Q(addressee=user)
        )
    return opinions.none()


def opinions_are_open(meeting):
    """Opinions are entered, imported and triaged until the meeting is held; then the pre-meeting records
    lock (DESIGN §2). The public box closes then too, or on its own date if that comes first
    (feedback.box.state)."""
    from meetings.workflow import pre_meeting_records_open

    return pre_meeting_records_open(meeting)


def can_manage_opinions(user, meeting):
    """The office enters, imports and triages opinions, passes them on and rotates the box link, while
    opinions are open (``opinions_are_open``)."""
    return opinions_are_open(meeting) and has_role(user, meeting, Role.OFFICE)


def can_export_opinion_summary(user, meeting):
    return sees_all_opinions(user, meeting)


def can_export_member_feedback(user, meeting, member):
    return sees_all_opinions(user, meeting) or (user.pk == member.pk and has_role(user, meeting, Role.MEMBER))


# Study (会前学习): everyone who can view the meeting sees the collective study sessions; a
# self-study note belongs to its author and is read by the secretary, the office and the supervisors.


def study_is_open(meeting):
    """Study records are kept until the meeting is held; then the pre-meeting records lock (DESIGN §2)."""
    from meetings.study import is_editable

    return is_editable(meeting)


def records_study(user, meeting):
    """Who records the collective study sessions at all, whatever the stage: the office (the pages of
    a locked meeting tell it why it no longer can)."""
    return has_role(user, meeting, Role.OFFICE)


def can_record_study(user, meeting):
    """The office records the collective study sessions (集中学习研讨) and who attended them, until the
    meeting is held."""
    return study_is_open(meeting) and records_study(user, meeting)


def writes_study_notes(user, meeting):
    """自学: the team (secretary and members) write their own notes, whatever the stage."""
    return has_role(user, meeting, Role.SECRETARY, Role.MEMBER)


def can_write_study_note(user, meeting):
    """自学: the team write their own notes until the meeting is held."""
    return study_is_open(meeting) and writes_study_notes(user, meeting)


def sees_all_study_notes(user, meeting):
    return has_role(user, meeting, Role.OFFICE, Role.SECRETARY, Role.SUPERVISOR)


def study_notes_for(user, meeting):
    """The self-study notes of a meeting the user may read: all of them, or a member's own."""
    notes = meeting.self_study_notes.all()
    if sees_all_study_notes(user, meeting):
        return notes
    if has_role(user, meeting, Role.MEMBER):
        return notes.filter(author=user)
    return notes.none()


# Drafts (对照检查材料, 个人发言提纲): a personal outline is seen by its author, the secretary, the
# office and the supervisors; the team material by the whole team (DESIGN §1).


def sees_all_drafts(user, meeting):
    return has_role(user, meeting, Role.OFFICE, Role.SECRETARY, Role.SUPERVISOR)


def drafts_for(user, meeting):
    """The drafts of a meeting the user may open: all of them, or the team material and one's own."""
    drafts = meeting.drafts.all()
    if sees_all_drafts(user, meeting):
        return drafts
    if has_role(user, meeting, Role.MEMBER):
        return drafts.filter(Q(kind="team") | Q(author=user))
    return drafts.none()


def can_read_draft(user, draft):
    if sees_all_drafts(user, draft.meeting):
        return True
    if draft.kind == "team":
        return has_role(user, draft.meeting, Role.MEMBER)
    return draft.author_id == user.pk and has_role(user, draft.meeting, Role.MEMBER, Role.SECRETARY)


def drafts_are_open(meeting):
    """Drafts are written until the meeting is held; then the pre-meeting records lock (DESIGN §2)."""
    from meetings.workflow import pre_meeting_records_open

    return pre_meeting_records_open(meeting)


def can_create_drafts(user, meeting):
    """The office makes the drafts the meeting lacks (a member added to the team since they were made on
    entering 撰写对照检查材料), while drafts are written."""
    return drafts_are_open(meeting) and can_manage_meeting(user, meeting)


def writes_draft(user, draft):
    """The team material is drafted by the office or the secretary; an outline by its author alone (the
    role, whatever the stage: their locked pages tell them why they can no longer write)."""
    if draft.kind == "team":
        return has_role(user, draft.meeting, Role.OFFICE, Role.SECRETARY)
    return draft.author_id == user.pk and has_role(user, draft.meeting, Role.MEMBER, Role.SECRETARY)


def can_edit_draft(user, draft):
    """Its writer (``writes_draft``), while drafts are open."""
    return drafts_are_open(draft.meeting) and writes_draft(user, draft)


def can_save_draft(user, draft):
    """The editor saves the text (``can_edit_draft``) unless the draft is under review: a submitted draft
    is read-only until the reviewer approves or returns it."""
    from inspection.models import DraftStatus

    return draft.status != DraftStatus.SUBMITTED and can_edit_draft(user, draft)


def can_submit_draft(user, draft):
    """提交审阅: its writer, while drafts are open, a draft being written or returned for changes (not one
    under review, approved or endorsed)."""
    from inspection.models import DraftStatus

    return draft.status in (DraftStatus.WRITING, DraftStatus.RETURNED) and can_edit_draft(user, draft)


def reviews_draft(user, draft):
    """审阅把关: the secretary approves or returns every draft except their own outline, which the
    supervising group reviews. The role, whatever the draft's status (the service refuses a draft not
    submitted, saying why)."""
    if meeting_is_archived(draft.meeting) or (draft.kind == "personal" and draft.author_id == user.pk):
        return False
    if has_role(user, draft.meeting, Role.SECRETARY):
        return True
    if draft.kind == "personal" and has_role(user, draft.meeting, Role.SUPERVISOR):
        return has_role(draft.author, draft.meeting, Role.SECRETARY)
    return False


def can_review_draft(user, draft):
    """…once it is submitted (待审阅)."""
    from inspection.models import DraftStatus

    return draft.status == DraftStatus.SUBMITTED and reviews_draft(user, draft)


def resolves_all_comments(user, draft):
    """Who may mark any comment "已处理": the outline's author, or the team material's editors."""
    if draft.kind == "personal":
        return draft.author_id == user.pk and not meeting_is_archived(draft.meeting)
    return can_edit_draft(user, draft)


def can_resolve_comment(user, draft, comment):
    """…and whoever wrote the comment."""
    if meeting_is_archived(draft.meeting):
        return False
    return comment.by_id == user.pk or resolves_all_comments(user, draft)


def endorses_draft(user, draft):
    """审定: the supervising group endorses the team material, until the meeting is archived. The role,
    whatever the draft's status."""
    if meeting_is_archived(draft.meeting):
        return False
    return draft.kind == "team" and has_role(user, draft.meeting, Role.SUPERVISOR)


def can_endorse_draft(user, draft):
    """…once the secretary approved it (审阅通过), and not twice."""
    from inspection.models import DraftStatus

    return draft.status == DraftStatus.APPROVED and endorses_draft(user, draft)


def can_comment_draft(user, draft):
    """The reviewer comments; supervisors may comment on any draft of their subtree."""
    if meeting_is_archived(draft.meeting) or (draft.kind == "personal" and draft.author_id == user.pk):
        return False
    return has_role(user, draft.meeting, Role.SECRETARY, Role.SUPERVISOR)


@dataclass(frozen=True)
class DraftActions:
    """What a draft's review panel offers the user, each answer with the draft's status in it, and what
    the panel says of the review so far (the page only asks these)."""

    edit: bool  # can_edit_draft
    submit: bool  # can_submit_draft
    review: bool  # can_review_draft
    endorse: bool  # can_endorse_draft
    comment: bool  # can_comment_draft
    reviewer: bool  # reviews_draft: the user is its reviewer, whatever the status
    returned: bool  # returned for changes: the reviewer's note is shown, the submission is a resubmission
    under_review: bool  # submitted, awaiting the reviewer
    awaiting_endorsement: bool  # team material approved, awaiting the supervising group's 审定
    reopens_review: bool  # the user edits an approved draft, and a change sends it back to review


def draft_actions(user, draft):
    from inspection.models import DraftKind, DraftStatus

    edit = can_edit_draft(user, draft)
    return DraftActions(
        edit=edit,
        submit=can_submit_draft(user, draft),
        review=can_review_draft(user, draft),
        endorse=can_endorse_draft(user, draft),
        comment=can_comment_draft(user, draft),
        reviewer=reviews_draft(user, draft),
        returned=draft.status == DraftStatus.RETURNED,
        under_review=draft.status == DraftStatus.SUBMITTED,
        awaiting_endorsement=draft.status == DraftStatus.APPROVED and draft.kind == DraftKind.TEAM,
        reopens_review=edit and draft.status in (DraftStatus.APPROVED, DraftStatus.ENDORSED),
    )


def can_export_team_inspection(user, meeting):
    return sees_all_drafts(user, meeting) or has_role(user, meeting, Role.MEMBER)


def can_export_outline(user, meeting, member):
    return sees_all_drafts(user, meeting) or (
        user.pk == member.pk and has_role(user, meeting, Role.MEMBER, Role.SECRETARY)
    )


# The meeting record (会议记录): read by everyone of the meeting; taken down by the office until the
# meeting stage is over, then kept as held.


def can_read_record(user, meeting):
    return can_view_meeting(user, meeting)


def record_is_open(meeting):
    """The record may change until the meeting stage is left: then it is final."""
    from meetings.workflow import RECORD

    return meeting.stage in RECORD


def record_is_taken(meeting):
    """The record is taken down in the meeting stage (召开会议): not before, when nothing has been said
    yet (and opening it must not put the talks' private criticisms in front of the team), and not after,
    when it is final."""
    from meetings.workflow import Stage

    return meeting.stage == Stage.MEETING


def can_edit_record(user, meeting):
    return record_is_taken(meeting) and has_role(user, meeting, Role.OFFICE)


def criticisms_for(user, meeting):
    """The criticisms of the meeting's record the user may read. One prefilled from a talk (拟在会上开展
    批评的问题) is still the talk's content until the recorder confirms it was raised at the meeting: until
    then only those who may read that talk see it (DESIGN §4); once confirmed, everyone of the meeting."""
    from meetings.models import Criticism

    criticisms = Criticism.objects.filter(statement__record__meeting=meeting)
    if not can_read_record(user, meeting):
        return criticisms.none()
    if sees_all_talks(user, meeting):
        return criticisms
    return criticisms.filter(Q(confirmed=True) | Q(from_talk__talk__in=talks_for(user, meeting)))


def can_export_minutes(user, meeting):
    return can_read_record(user, meeting)


# Rectification (整改落实): the team list is the whole team's; a member's list is seen by the member,
# the secretary, the office and the supervisors. Supervisors read and change nothing.


def sees_all_lists(user, meeting):
    return has_role(user, meeting, Role.OFFICE, Role.SECRETARY, Role.SUPERVISOR)


def lists_for(user, meeting):
    """The rectification lists of a meeting the user may open."""
    lists = meeting.rectification_lists.all()
    if sees_all_lists(user, meeting):
        return lists
    if has_role(user, meeting, Role.MEMBER):
        return lists.filter(Q(member__isnull=True) | Q(member=user))
    return lists.none()


def items_for(user, meeting):
    """The rectification items of a meeting the user may open."""
    from rectification.models import Item

    items = Item.objects.filter(meeting=meeting)
    if sees_all_lists(user, meeting):
        return items
    if has_role(user, meeting, Role.MEMBER):
        return items.filter(Q(rectification_list__member__isnull=True) | Q(rectification_list__member=user))
    return items.none()


def ledger_is_open(meeting):
    """Lists are built once the meeting is held and tracked until the meeting is archived."""
    from meetings.workflow import LEDGER

    return meeting.stage in LEDGER


def item_continues(item):
    """An item is worked on while its ledger is open and it is open (not 销号, not carried over); once the
    meeting is archived, the items still open continue (长期坚持 outlives the meeting: "a closed meeting is
    read-only, except rectification progress on items that continue", DESIGN §10) and nothing else does."""
    return item.is_open and (ledger_is_open(item.meeting) or meeting_is_archived(item.meeting))


def can_build_lists(user, meeting):
    """The office builds the lists: makes, merges, edits and removes items, carries old ones over."""
    return ledger_is_open(meeting) and has_role(user, meeting, Role.OFFICE)


def can_update_item(user, item):
    """Progress and evidence: the item's owner (责任领导) or the office, while the item continues."""
    if not item_continues(item):
        return False
    if has_role(user, item.meeting, Role.OFFICE):
        return True
    return item.owner_id == user.pk and has_role(user, item.meeting, Role.SECRETARY, Role.MEMBER)


def can_close_item(user, item):
    """销号 is confirmed by a second person (DESIGN §6), the secretary or the office: once the item is
    reported done (已完成待销号), and never by its owner nor by whoever reported it done; on an archived
    meeting, only for the items that continue."""
    from rectification.models import ItemStatus

    if user.pk in (item.owner_id, item.done_by_id) or item.status != ItemStatus.DONE:
        return False
    if not (ledger_is_open(item.meeting) or item_continues(item)):
        return False
    return has_role(user, item.meeting, Role.OFFICE, Role.SECRETARY)


def can_answer_opinions(user, meeting):
    """Marking an accepted opinion answered with a note, without an item."""
    return ledger_is_open(meeting) and has_role(user, meeting, Role.OFFICE)


def can_record_activity(user, meeting):
    return ledger_is_open(meeting) and has_role(user, meeting, Role.OFFICE)


def can_export_rectification_list(user, meeting):
    """The list document and the .xlsx ledger; what they contain depends on the reader."""
    return sees_all_lists(user, meeting) or has_role(user, meeting, Role.MEMBER)


def can_import_ledger(user, meeting):
    return ledger_is_open(meeting) and has_role(user, meeting, Role.OFFICE)


def can_export_progress_report(user, meeting):
    """整改措施落实情况通报 is addressed to the organisation: everyone of the meeting reads it."""
    return can_view_meeting(user, meeting)


# Reminders: a deadline is known to whoever may open the thing it is about.


def deadlines_for(user, meeting, deadlines):
    """Of a meeting's ``deadlines`` (reminders.deadlines.Deadline), those the user may know of: the
    schedule and the box for everyone of the meeting; a draft's or an item's only for those who may
    open that draft or item (a member never learns of another member's outline or items)."""
    if not can_view_meeting(user, meeting):
        return []
    if sees_all_drafts(user, meeting) and sees_all_lists(user, meeting):
        return list(deadlines)
    readable = set(drafts_for(user, meeting).values_list("pk", flat=True))
    allowed = {
        "draft": readable,
        "review": readable,
        "item": set(items_for(user, meeting).values_list("pk", flat=True)),
    }
    return [d for d in deadlines if d.kind not in allowed or d.object_id in allowed[d.kind]]


# Reporting (报告通报) and the archive (归档, DESIGN §10). The situation report names members (their
# absences, who received fewer than two criticisms) and the bundle holds every outline, talk and the
# record: both are read by those who read all of a meeting's material — the secretary, the office and
# the supervisors. The 通报 is issued to the organisation: everyone of the meeting reads it.


def reporting_is_open(meeting):
    """The report and the 通报 are written once the meeting is held (整改 runs alongside: the report is
    due 15 days after the meeting) until the meeting is archived."""
    from meetings.workflow import REPORT

    return meeting.stage in REPORT


def sees_reporting(user, meeting):
    return has_role(user, meeting, Role.OFFICE, Role.SECRETARY, Role.SUPERVISOR)


def can_view_reporting(user, meeting):
    """The 报告通报 tab and the archive page, with their previews and the frozen history."""
    return sees_reporting(user, meeting)


def can_export_situation_report(user, meeting):
    return sees_reporting(user, meeting)


def can_export_notification(user, meeting):
    """The 通报 carries nothing confidential (no names of who criticised whom, no member's problems)."""
    return can_view_meeting(user, meeting)


def can_export_bundle(user, meeting):
    return sees_reporting(user, meeting)


def can_edit_report_settings(user, meeting):
    """主送, 抄报, the 通报's addressees, 下一步工作 and the dates: the office, while reporting is open."""
    return reporting_is_open(meeting) and has_role(user, meeting, Role.OFFICE)


def can_approve_report(user, meeting):
    """审定: the secretary approves the report and the 通报 before they go out."""
    return reporting_is_open(meeting) and has_role(user, meeting, Role.SECRETARY)


def can_send_report(user, meeting):
    """The office records the sending of the report and the issuing of the 通报 (and so freezes them)."""
    return reporting_is_open(meeting) and has_role(user, meeting, Role.OFFICE)


def can_build_bundle(user, meeting):
    return reporting_is_open(meeting) and has_role(user, meeting, Role.OFFICE)


def can_download_frozen(user, frozen):
    """A frozen file is read by whoever may export its document."""
    if frozen.document == "notification":
        return can_export_notification(user, frozen.meeting)
    return sees_reporting(user, frozen.meeting)


def can_set_retention(user, meeting):
    """保管期限: the office keeps the archive; this is the one change an archived meeting takes."""
    return has_role(user, meeting, Role.OFFICE)


# 督导检查表 (DESIGN §11): "the supervisor writes only the remarks"; the office and the secretary read them
# (on the meeting page), the members do not.


def can_write_checklist(user, meeting):
    """The supervisors of the meeting write its checklist, until the meeting is archived."""
    return not meeting_is_archived(meeting) and has_role(user, meeting, Role.SUPERVISOR)


def can_read_checklist(user, meeting):
    return has_role(user, meeting, Role.SUPERVISOR, Role.OFFICE, Role.SECRETARY)


def can_export_checklist(user, meeting):
    """The supervisor exports the checklist at any time; the office once the supervisor has saved it."""
    if has_role(user, meeting, Role.SUPERVISOR):
        return True
    from supervision.models import Checklist

    return has_role(user, meeting, Role.OFFICE) and Checklist.objects.filter(meeting=meeting).exists()

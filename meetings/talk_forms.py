"""Forms of the talks (谈心谈话)."""

from collections import Counter

from django import forms

from orgs.models import BranchRepresentative, ChargedUnit, Role, RoleAssignment

from .dates import future_date_problem
from .forms import DATE_INPUT


def _label(user):
    return f"{user.name}（{user.title}）" if user.title else user.name


def talk_people(organisation):
    """Whom a talk may be with, grouped as the 四必谈 names them: [(group label, [(user, label)])].

    书记, 班子成员, 分管单位负责人, 支部党员代表, each person once (in the first group they belong to),
    and no two labels alike: a unit head's label adds the unit and a representative's the member
    whose branch they represent when the name and title alone would repeat (five queries).
    """
    assignments = (
        RoleAssignment.objects.filter(organisation=organisation, role__in=[Role.SECRETARY, Role.MEMBER])
        .select_related("user")
        .order_by("order", "pk")
    )
    units = (
        ChargedUnit.objects.filter(organisation=organisation, head__isnull=False)
        .select_related("head", "member")
        .order_by("member__display_name", "name", "pk")
    )
    branches = (
        BranchRepresentative.objects.filter(organisation=organisation)
        .select_related("representative", "member")
        .order_by("branch_name", "member__display_name", "pk")
    )
    groups = {"书记": {}, "班子成员": {}, "分管单位负责人": {}, "支部党员代表": {}}
    context = {}  # user pk: what tells them apart (the units they head, whose branch they represent)
    placed = set()

    def place(group, user, note=""):
        if note:
            notes = context.setdefault(user.pk, [])
            if note not in notes:
                notes.append(note)
        if user.pk not in placed:
            placed.add(user.pk)
            groups[group][user.pk] = user

    for assignment in assignments:
        place("书记" if assignment.role == Role.SECRETARY else "班子成员", assignment.user)
    for unit in units:
        place("分管单位负责人", unit.head, unit.name)
    for branch in branches:
        place("支部党员代表", branch.representative, f"{branch.member.name}所在支部")

    labels = {pk: _label(user) for members in groups.values() for pk, user in members.items()}
    repeated = Counter(labels.values())
    for pk, label in labels.items():
        if repeated[label] > 1 and context.get(pk):
            labels[pk] = f"{label} · {'、'.join(context[pk])}"
    repeated = Counter(labels.values())
    users = {pk: user for members in groups.values() for pk, user in members.items()}
    for pk, label in labels.items():
        if repeated[label] > 1:  # the same name, title and context: the account tells them apart
            labels[pk] = f"{label} · 账号{users[pk].username}"
    return [
        (group, [(user, labels[pk]) for pk, user in members.items()])
        for group, members in groups.items()
        if members
    ]


class TalkForm(forms.Form):
    date = forms.DateField(
        label="谈话日期",
        widget=DATE_INPUT,
        error_messages={"required": "请填写谈话日期。", "invalid": "请按“2027-01-08”的格式填写日期。"},
    )
    place = forms.CharField(label="地点", max_length=100, required=False)
    people = forms.MultipleChoiceField(
        label="参与人",
        help_text="通常为两人；可多选，可输入姓名、职务或单位查找。",
        error_messages={"required": "请至少选择一名谈话对象。", "invalid_choice": "请重新选择参与人。"},
    )
    topics = forms.CharField(label="谈话主题", widget=forms.Textarea(attrs={"rows": 2}))
    improvements = forms.CharField(
        label="共同商定的改进方向", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, organisation, recorder=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.people_groups = talk_people(organisation)
        self.users = {user.pk: user for _, options in self.people_groups for user, _ in options}
        self.fields["people"].choices = [
            (group, [(str(user.pk), label) for user, label in options])
            for group, options in self.people_groups
        ]
        self.recorder = recorder
        if recorder is not None:
            self.fields["people"].help_text = (
                "您本人自动作为参与人，请选择谈话对象；" + self.fields["people"].help_text
            )

    def clean_date(self):
        date = self.cleaned_data["date"]
        problem = future_date_problem(date, "谈话日期", "请在谈话之后再记录。")
        if problem:
            raise forms.ValidationError(problem)
        return date

    def clean_people(self):
        people = [self.users[int(pk)] for pk in self.cleaned_data["people"]]
        if self.recorder is not None and self.recorder not in people:
            people.insert(0, self.recorder)
        if len(people) < 2:
            raise forms.ValidationError("请至少选择一名谈话对象。")
        return people

    def chosen(self):
        """The users ticked in the picker (from the data or the initial), in the picker's order."""
        value = self["people"].value() or []
        ticked = {str(getattr(pk, "pk", pk)) for pk in value}
        return [user for pk, user in self.users.items() if str(pk) in ticked]

    def people_options(self):
        """[(group label, [(value, label, checked)])] for the picker."""
        ticked = {user.pk for user in self.chosen()}
        return [
            (group, [(user.pk, label, user.pk in ticked) for user, label in options])
            for group, options in self.people_groups
        ]


class SideForm(forms.Form):
    problems_raised = forms.CharField(
        label="对方指出我的问题", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    criticisms_to_raise = forms.CharField(
        label="我拟在会上开展批评的问题", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class TranscribedSideForm(forms.Form):
    """办公室录入: one participant's side as the paper record has it, entered by the office."""

    problems_raised = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    criticisms_to_raise = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, person, side=None, **kwargs):
        if side is not None:
            kwargs.setdefault(
                "initial",
                {"problems_raised": side.problems_raised, "criticisms_to_raise": side.criticisms_to_raise},
            )
        super().__init__(*args, prefix=f"side-{person.pk}", **kwargs)
        self.person, self.side = person, side
        self.fields["problems_raised"].label = f"对方指出{person.name}的问题"
        self.fields["criticisms_to_raise"].label = f"{person.name}拟在会上开展批评的问题"

    @property
    def confirmed(self):
        """The person has confirmed their side: it is theirs, shown, not offered to the office."""
        return self.side is not None and self.side.confirmed_at is not None


def transcription_forms(data, people, sides=None, skip=None):
    """A TranscribedSideForm for each of ``people`` (``sides`` {user pk: TalkParticipant} of a talk
    already recorded), but ``skip`` (the office clerk, should they have talked themself)."""
    sides = sides or {}
    return [
        TranscribedSideForm(data, person=person, side=sides.get(person.pk))
        for person in people
        if skip is None or person.pk != skip.pk
    ]


class WaiverForm(forms.Form):
    first = forms.IntegerField(widget=forms.HiddenInput)
    second = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label="免谈理由", max_length=500)

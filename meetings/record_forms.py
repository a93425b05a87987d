"""Forms of the meeting record (会议记录): the record itself, attendance, speaking order, one member's turn."""

from itertools import zip_longest

from crispy_forms.helper import FormHelper
from django import forms

from .forms import DATE_INPUT, TIME_INPUT
from .models import MeetingRecord, PersonKind
from .record import held_on_problem, statement_version

MAX_CRITICISMS = 100  # rows of one member's turn; a real meeting has a handful
OTHER = "other"


class RecordForm(forms.ModelForm):
    class Meta:
        model = MeetingRecord
        fields = [
            "held_on",
            "start_time",
            "end_time",
            "place",
            "host",
            "recorder",
            "agenda",
            "guidance_remarks",
            "summary",
        ]
        widgets = {
            "held_on": DATE_INPUT,
            "start_time": TIME_INPUT,
            "end_time": TIME_INPUT,
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "guidance_remarks": forms.Textarea(attrs={"rows": 5}),
            "summary": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "held_on": "以实际召开的日期为准。",
            "host": "如：县委书记林书记。",
            "recorder": "现场记录的工作人员。",
            "guidance_remarks": "指导组（督导组）到会指导时的点评讲话要点。",
            "summary": "主持人在会议结束时的总结讲话要点。",
        }
        error_messages = {
            "held_on": {"invalid": "请按“2027-01-20”的格式填写日期。"},
            "start_time": {"invalid": "请按“09:00”的格式填写时间。"},
            "end_time": {"invalid": "请按“11:30”的格式填写时间。"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        record = self.instance
        # A record opened before the meeting has no date yet: offer the planned one once it has come.
        planned = record.meeting.date if record.meeting_id else None
        if self.initial.get("held_on") is None and planned and held_on_problem(planned) is None:
            self.initial["held_on"] = planned

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        problem = held_on_problem(held_on)
        if problem:
            raise forms.ValidationError(problem)
        return held_on

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "结束时间应晚于开始时间。")
        return cleaned


class RecordAttendanceForm(forms.Form):
    """出席情况: a 出席 box and a 缺席原因 for every person of the plan, one row a person.

    Fields are built from the record's attendance rows, so nothing posted can name anyone else.
    """

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.attendance_rows = list(rows)
        for row in self.attendance_rows:
            self.fields[f"present_{row.pk}"] = forms.BooleanField(
                label=f"{row.person.name}出席", required=False, initial=row.present
            )
            self.fields[f"reason_{row.pk}"] = forms.CharField(
                label=f"{row.person.name}缺席原因",
                max_length=200,
                required=False,
                initial=row.absence_reason,
                widget=forms.TextInput(
                    attrs={
                        "class": "form-control form-control-sm",
                        "placeholder": "缺席时必填，如：出差、病假",
                    }
                ),
            )

    def rows(self):
        """(attendance row, 出席 field, 缺席原因 field) for the table."""
        return [(row, self[f"present_{row.pk}"], self[f"reason_{row.pk}"]) for row in self.attendance_rows]

    def clean(self):
        cleaned = super().clean()
        for row in self.attendance_rows:
            reason = (cleaned.get(f"reason_{row.pk}") or "").strip()
            if not cleaned.get(f"present_{row.pk}") and not reason:
                self.add_error(f"reason_{row.pk}", "未勾选出席，须填写缺席原因。")
                self.fields[f"reason_{row.pk}"].widget.attrs["class"] += " is-invalid"
        return cleaned

    @property
    def attendance(self):
        """{attendance pk: (present, reason)} as ``record.update_record`` takes it."""
        return {
            row.pk: (self.cleaned_data[f"present_{row.pk}"], self.cleaned_data[f"reason_{row.pk}"])
            for row in self.attendance_rows
        }


class SpeakingOrderForm(forms.Form):
    """发言顺序: a number for each member's turn."""

    def __init__(self, *args, statements, **kwargs):
        super().__init__(*args, **kwargs)
        self.statements = list(statements)
        for statement in self.statements:
            self.fields[f"order_{statement.pk}"] = forms.IntegerField(
                label=f"{statement.member.name}的发言顺序",
                min_value=1,
                max_value=999,
                initial=statement.order,
                error_messages={"required": "请填写发言顺序。", "invalid": "请填写数字。"},
                widget=forms.NumberInput(
                    attrs={"class": "form-control form-control-sm", "style": "width:6rem"}
                ),
            )

    def rows(self):
        return [(statement, self[f"order_{statement.pk}"]) for statement in self.statements]

    def clean(self):
        cleaned = super().clean()
        seen = {}
        for statement in self.statements:
            number = cleaned.get(f"order_{statement.pk}")
            if number is None:
                continue
            if number in seen:
                self.add_error(f"order_{statement.pk}", f"与{seen[number]}的发言顺序重复。")
            seen.setdefault(number, statement.member.name)
        return cleaned

    @property
    def orders(self):
        return {statement.pk: self.cleaned_data[f"order_{statement.pk}"] for statement in self.statements}


def critic_choices(people, statement, criticisms):
    """The 提出人 select: the team (but the member speaking), the guidance group and attendees, anyone a
    recorded criticism already names, and 其他 with a typed name.

    Returns (groups [(label, [(value, label)])], users {pk: User}, persons {pk: MeetingPerson}).
    Values: "u<user pk>", "p<person pk>" for a person without an account, "other".
    """
    users, persons, team, others = {}, {}, [], []
    for person in people:
        if person.user_id == statement.member_id:
            continue
        if person.user_id:
            if person.user_id in users:
                continue
            users[person.user_id] = person.user
            value = f"u{person.user_id}"
        else:
            persons[person.pk] = person
            value = f"p{person.pk}"
        if person.kind == PersonKind.PARTICIPANT:
            team.append((value, f"{person.name}（{person.title}）" if person.title else person.name))
        else:
            others.append((value, f"{person.name}（{person.get_kind_display()}）"))
    for criticism in criticisms:
        if criticism.by_id and criticism.by_id not in users:
            users[criticism.by_id] = criticism.by
            others.append((f"u{criticism.by_id}", criticism.by.name))
    groups = [("班子成员", team), ("指导组、列席人员", others), ("", [(OTHER, "其他（填写姓名）")])]
    return [(label, options) for label, options in groups if options], users, persons


class StatementForm(forms.Form):
    """One member's turn in the live record: self-criticism, the criticisms received (rows), the response.

    The rows come as parallel lists ``criticism-id``, ``criticism-by``, ``criticism-by_name`` and
    ``criticism-text``; a row with empty text is dropped when saved. A row prefilled from a talk has a box
    ``criticism-confirmed`` (its id) that the recorder ticks once it is raised at the meeting; every other
    row is what the recorder heard, confirmed.
    """

    self_criticism = forms.CharField(
        label="自我批评",
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 8, "class": "form-control live-text", "data-testid": "live-self-criticism"}
        ),
        help_text="发言原文或要点。",
    )
    response = forms.CharField(
        label="表态",
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 5, "class": "form-control live-text", "data-testid": "live-response"}
        ),
        help_text="对大家所提批评意见的回应和整改表态。",
    )

    # The version of the turn the page loaded, so that a save never overwrites one made elsewhere since.
    version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, *, statement, people, **kwargs):
        criticisms = list(statement.criticisms.all())
        initial = {
            "self_criticism": statement.self_criticism,
            "response": statement.response,
            "version": statement_version(statement),
        }
        super().__init__(data, initial=initial, **kwargs)
        self.statement = statement
        self.choice_groups, self.users, self.persons = critic_choices(people, statement, criticisms)
        names = {person.name: pk for pk, person in self.persons.items()}
        # The rows still waiting for the recorder's confirmation, or confirmed from a talk: they keep the box.
        self.prefilled = {
            str(criticism.pk) for criticism in criticisms if criticism.from_talk_id or not criticism.confirmed
        }
        if data is None:
            self.rows = [
                {
                    "id": criticism.pk,
                    "choice": f"u{criticism.by_id}"
                    if criticism.by_id
                    else f"p{names[criticism.by_name]}"
                    if criticism.by_name in names
                    else OTHER
                    if criticism.by_name
                    else "",
                    "by_name": criticism.by_name,
                    "text": criticism.text,
                    "error": "",
                    "prefilled": str(criticism.pk) in self.prefilled,
                    "confirmed": criticism.confirmed,
                }
                for criticism in criticisms
            ]
        else:
            columns = [data.getlist(f"criticism-{name}") for name in ("id", "by", "by_name", "text")]
            ticked = set(data.getlist("criticism-confirmed"))
            self.rows = [
                {
                    "id": row_id,
                    "choice": choice,
                    "by_name": by_name,
                    "text": text,
                    "error": "",
                    "prefilled": str(row_id) in self.prefilled,
                    "confirmed": str(row_id) in ticked or str(row_id) not in self.prefilled,
                }
                for row_id, choice, by_name, text in zip_longest(*columns, fillvalue="")
            ]

    def display_rows(self, blank=1, at_least=2):
        """The rows with blank ones below, for typing without the add button (no JS)."""
        if self.is_bound:
            return self.rows
        empty = {
            "id": "",
            "choice": "",
            "by_name": "",
            "text": "",
            "error": "",
            "prefilled": False,
            "confirmed": True,
        }
        return self.rows + [dict(empty) for _ in range(max(blank, at_least - len(self.rows)))]

    def clean(self):
        cleaned = super().clean()
        if len(self.rows) > MAX_CRITICISMS:
            raise forms.ValidationError(f"一位同志的批评意见最多记录{MAX_CRITICISMS}条。")
        criticisms = []
        for number, row in enumerate(self.rows, 1):
            by, by_name, choice = None, "", row["choice"]
            if choice.startswith("u") and choice[1:].isdigit() and int(choice[1:]) in self.users:
                by = self.users[int(choice[1:])]
            elif choice.startswith("p") and choice[1:].isdigit() and int(choice[1:]) in self.persons:
                by_name = self.persons[int(choice[1:])].name
            elif choice == OTHER:
                by_name = row["by_name"].strip()
            elif choice:
                row["error"] = "请重新选择提出人。"
            if len(by_name) > 100:
                row["error"] = "提出人姓名不能超过100字。"
            if row["error"]:
                self.add_error(None, f"第{number}条批评意见：{row['error']}")
            row_id = str(row["id"])
            criticisms.append(
                {
                    "id": int(row_id) if row_id.isdigit() else None,
                    "by": by,
                    "by_name": by_name,
                    "text": row["text"],
                    "confirmed": row["confirmed"],
                }
            )
        cleaned["criticisms"] = criticisms
        return cleaned

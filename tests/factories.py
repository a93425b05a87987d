import datetime
from types import SimpleNamespace

import factory

from meetings import aspect_sets, services
from meetings.models import AspectTemplate, MeetingKind
from orgs.models import Organisation, Role, RoleAssignment, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"成员{n}")
    title = "县委常委"
    password = factory.PostGenerationMethodCall("set_password", "pass-12345")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"测试县委{n}")
    team_name = factory.LazyAttribute(lambda o: f"{o.name}常委班子")


def assign(user, organisation, role, order=0):
    RoleAssignment.objects.create(user=user, organisation=organisation, role=role, order=order)
    return user


def make_meeting(
    organisation, by, date=datetime.date(2027, 1, 20), template_kind=MeetingKind.ANNUAL, **fields
):
    defaults = {
        "year": date.year - 1,
        "kind": MeetingKind.ANNUAL,
        "theme": "深入学习贯彻新思想，担当作为",
        "date": date,
        "place": "常委会议室",
    }
    defaults.update(fields)
    aspect_sets.install()  # a transactional test before this one may have flushed the migration's rows
    return services.create_meeting(
        organisation=organisation,
        by=by,
        aspect_template=AspectTemplate.objects.get(kind=template_kind),
        **defaults,
    )


def two_counties(other_member_order=0):
    """The people of ``tests/conftest.py``'s ``world`` and of the access matrix (tests/security/matrix_world.py):
    江城市委 (黄督导, its supervisor) over 云岭县委, whose team is 林书记 and 成员1–3 with 刘文静 of the office,
    and 石桥县委 beside it with 外县办公室 and 外县成员 (ranked ``other_member_order``)."""
    city = OrganisationFactory(name="江城市委")
    county = OrganisationFactory(name="云岭县委", parent=city)
    other_county = OrganisationFactory(name="石桥县委", parent=city)
    secretary = assign(UserFactory(display_name="林书记", title="县委书记"), county, Role.SECRETARY, 0)
    members = [
        assign(UserFactory(display_name=f"成员{i}", title=f"县委常委{i}"), county, Role.MEMBER, i)
        for i in range(1, 4)
    ]
    office = assign(UserFactory(display_name="刘文静", title="办公室科长"), county, Role.OFFICE)
    supervisor = assign(UserFactory(display_name="黄督导", title="市委组织部"), city, Role.SUPERVISOR)
    other_office = assign(UserFactory(display_name="外县办公室"), other_county, Role.OFFICE)
    other_member = assign(UserFactory(display_name="外县成员"), other_county, Role.MEMBER, other_member_order)
    return SimpleNamespace(
        city=city,
        county=county,
        other_county=other_county,
        secretary=secretary,
        members=members,
        office=office,
        supervisor=supervisor,
        other_office=other_office,
        other_member=other_member,
    )

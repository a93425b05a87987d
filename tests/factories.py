import datetime

import factory

from meetings import aspect_sets, services
from meetings.models import AspectTemplate, MeetingKind
from orgs.models import Organisation, RoleAssignment, User


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

"""意见建议统计: counts by aspect × source category and by channel, as the reader may see them, and the charts."""

import xml.etree.ElementTree as ElementTree

import pytest
from django.template.loader import render_to_string

from feedback import services
from feedback.models import Opinion, OpinionStatus
from feedback.overview import bar_chart, bar_chart_svg, opinion_overview
from meetings.models import Meeting
from orgs import access

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def counted(world):
    """Accepted opinions in known cells, plus some that must not be counted."""
    meeting = world.meeting
    services.create_default_choices(meeting)  # idempotent; create_meeting has made them already
    aspects = list(meeting.aspects.all())
    party, cadre, public = meeting.source_categories.all()
    forum, interview, box, form = meeting.channels.all()
    a, b = world.members[0], world.members[1]

    def add(aspect, category, channel, count, **fields):
        Opinion.objects.bulk_create(
            Opinion(
                meeting=meeting,
                text="意见",
                aspect=aspect,
                category=category,
                channel=channel,
                status=fields.get("status", OpinionStatus.ACCEPTED),
                addressee=fields.get("addressee"),
            )
            for _ in range(count)
        )

    add(aspects[0], party, forum, 3)
    add(aspects[0], public, box, 2)
    add(aspects[1], cadre, interview, 4)
    add(aspects[1], party, forum, 1, addressee=a)
    add(aspects[2], public, box, 2, addressee=b)
    # Not counted: new, rejected, and a duplicate merged into an accepted one.
    add(aspects[3], party, form, 5, status=OpinionStatus.NEW)
    add(aspects[3], party, form, 2, status=OpinionStatus.REJECTED)
    duplicate = services.create_opinion(
        meeting, text="重复", channel=form, category=cadre, aspect=aspects[4], by=world.office
    )
    into = Opinion.objects.filter(meeting=meeting, aspect=aspects[1], category=cadre).first()
    services.merge([duplicate, into], into)
    return meeting


def test_overview_counts_accepted_opinions_by_aspect_and_category_with_totals(counted, world):
    overview = opinion_overview(counted, access.opinions_for(world.office, counted))
    aspects = [aspect.name for aspect in counted.aspects.all()]
    assert overview.categories == ["党员", "干部", "群众"]
    assert [row.label for row in overview.rows] == aspects
    assert [row.counts for row in overview.rows] == [
        [3, 0, 2],
        [1, 4, 0],
        [0, 0, 2],
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
    ]
    assert [row.total for row in overview.rows] == [5, 5, 2, 0, 0, 0]
    assert overview.column_totals == [4, 4, 4]
    assert overview.total == 12


def test_overview_has_a_column_only_for_the_categories_that_have_opinions(counted):
    overview = opinion_overview(counted, counted.opinions.filter(category__name="党员"))
    assert overview.categories == ["党员"]
    assert [row.counts for row in overview.rows][:3] == [[3], [1], [0]]
    assert overview.column_totals == [4] and overview.total == 4


def test_overview_counts_by_channel_in_the_meetings_order_leaving_out_unused_ones(counted, world):
    overview = opinion_overview(counted, access.opinions_for(world.secretary, counted))
    # 征求意见表 has only new, rejected and merged opinions.
    assert overview.by_channel == [("座谈会", 4), ("个别访谈", 4), ("意见箱", 4)]


def test_member_overview_counts_only_the_team_opinions_and_their_own(counted, world):
    a, b = world.members[0], world.members[1]
    mine = opinion_overview(counted, access.opinions_for(a, counted))
    assert mine.total == 10  # 12 less the two addressed to B
    assert mine.rows[2].counts == [0, 0, 0]
    theirs = opinion_overview(counted, access.opinions_for(b, counted))
    assert theirs.total == 11 and theirs.rows[1].counts == [0, 4, 0]
    assert opinion_overview(counted, access.opinions_for(world.outsider, counted)).total == 0


def test_bar_chart_is_accessible_svg_with_every_label_and_value():
    svg = bar_chart_svg([("座谈会", 12), ("个别访谈", 3), ("意见箱", 0)], title="按渠道统计", chart_id="c")
    root = ElementTree.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.get("aria-labelledby") == "c-title c-desc"
    assert root.find(f"{SVG}title").text == "按渠道统计"
    assert root.find(f"{SVG}desc").text == "座谈会：12条；个别访谈：3条；意见箱：0条"
    bars = root.findall(f"{SVG}g")
    assert [bar.find(f"{SVG}title").text for bar in bars] == ["座谈会：12条", "个别访谈：3条", "意见箱：0条"]
    widths = [float(bar.find(f"{SVG}rect").get("width")) for bar in bars]
    assert widths[0] > widths[1] > widths[2] == 0
    assert widths[0] == pytest.approx(4 * widths[1], rel=0.01)


def test_bar_chart_escapes_labels_and_shortens_long_ones_keeping_the_full_title():
    long = "带头学习运用党在不同历史时期成功应对风险挑战的丰富经验"
    svg = bar_chart_svg([("<script>alert(1)</script>", 1), (long, 2)], title="<b>标题</b>")
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg
    root = ElementTree.fromstring(svg)  # still well-formed
    labels = [bar.findall(f"{SVG}text")[0].text for bar in root.findall(f"{SVG}g")]
    assert labels[1].endswith("…") and len(labels[1]) < len(long)
    assert root.findall(f"{SVG}g")[1].find(f"{SVG}title").text == f"{long}：2条"


def test_bar_chart_geometry_draws_each_bar_in_proportion_to_the_largest():
    chart = bar_chart([("理论学习", 10), ("调查研究", 3), ("意见箱", 0)], title="按方面", bar_length=280)
    assert [bar.length for bar in chart.bars] == [280.0, 84.0, 0.0]  # 3 of 10 is 30% of the longest
    assert [bar.middle for bar in chart.bars] == [20.0, 52.0, 84.0]  # one row of 32 pixels each
    assert chart.height == 3 * 32 + 8 and chart.description == "理论学习：10条；调查研究：3条；意见箱：0条"
    assert chart.bars[1].value_x == chart.label_width + 84.0 + 6  # the value just after its bar
    assert bar_chart([], title="按方面").bars == []


def test_bar_chart_escapes_a_unit_name_with_a_script():
    svg = bar_chart_svg([("<script>alert(1)</script>单位", 2)], title="<script>x</script>", unit="<script>")
    assert "<script" not in svg and "&lt;script&gt;alert(1)&lt;/script&gt;单位" in svg
    root = ElementTree.fromstring(svg)
    assert root.find(f"{SVG}title").text == "<script>x</script>"
    assert root.find(f"{SVG}g").find(f"{SVG}title").text == "<script>alert(1)</script>单位：2<script>"


def test_bar_chart_without_data_says_so():
    root = ElementTree.fromstring(bar_chart_svg([], title="按方面统计"))
    assert root.find(f"{SVG}desc").text == "暂无数据"


def test_overview_template_shows_the_table_totals_and_charts(counted, world):
    html = render_to_string(
        "feedback/_overview.html",
        {"overview": opinion_overview(counted, access.opinions_for(world.office, counted))},
    )
    assert '<th scope="col" class="text-end text-nowrap">党员</th>' in html
    assert "已采纳的意见建议 12 条" in html
    assert html.count("<svg") == 2 and 'id="chart-aspects-title"' in html
    assert "座谈会：4条" in html
    assert "尚无已采纳的意见建议" not in html


def test_overview_template_empty_state(world):
    html = render_to_string(
        "feedback/_overview.html", {"overview": opinion_overview(world.meeting, world.meeting.opinions.all())}
    )
    assert "尚无已采纳的意见建议" in html and "<svg" not in html and "<table" not in html


def test_overview_query_count_is_the_same_for_10_and_500_opinions(world, django_assert_num_queries):
    services.create_default_choices(world.meeting)
    meeting = Meeting.objects.get(pk=world.meeting.pk)
    aspects = list(meeting.aspects.all())
    categories = list(meeting.source_categories.all())
    channels = list(meeting.channels.all())

    def add(count):
        Opinion.objects.bulk_create(
            Opinion(
                meeting=meeting,
                text=f"意见{i}",
                aspect=aspects[i % len(aspects)],
                category=categories[i % len(categories)],
                channel=channels[i % len(channels)],
                status=OpinionStatus.ACCEPTED,
            )
            for i in range(count)
        )

    add(10)
    with django_assert_num_queries(4):
        overview = opinion_overview(meeting, meeting.opinions.all())
        render_to_string("feedback/_overview.html", {"overview": overview})
    add(490)
    with django_assert_num_queries(4):
        overview = opinion_overview(meeting, meeting.opinions.all())
        render_to_string("feedback/_overview.html", {"overview": overview})
    assert overview.total == 500 and sum(overview.column_totals) == 500

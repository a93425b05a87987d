from feedback.models import Opinion, OpinionStatus


def opinions(meeting, count, *, addressee=None, status=OpinionStatus.ACCEPTED, text="意见", **fields):
    """``count`` opinions in one query, spread over the meeting's aspects."""
    aspects = list(meeting.aspects.all())
    category = fields.pop("category", None) or meeting.source_categories.first()
    channel = fields.pop("channel", None) or meeting.channels.first()
    return Opinion.objects.bulk_create(
        Opinion(
            meeting=meeting,
            text=f"{text}{i}：工作作风有待改进，深入基层调研不够。",
            aspect=fields.get("aspect") or aspects[i % len(aspects)],
            category=category,
            channel=channel,
            addressee=addressee,
            status=status,
        )
        for i in range(count)
    )

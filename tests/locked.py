"""What a locked page must not show: a form that posts (the top bar's 退出 aside)."""

import re

POST_FORM = re.compile(r"<form\b[^>]*\bmethod=\"post\"[^>]*>", re.IGNORECASE)


def post_forms(body):
    """The page's forms that post, but the logout form every page carries in its top bar."""
    return [tag for tag in POST_FORM.findall(body) if "/accounts/logout/" not in tag]

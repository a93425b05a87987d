from . import access, administrators


def current_organisations(request):
    """What the top bar names: the user's organisations, and an administrator's tools (三员分立)."""
    return {
        "current_organisations": access.organisation_names(request.user),
        "administrator_tools": administrators.tools_for(request.user),
    }

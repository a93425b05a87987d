from . import access, administrators


def current_organisations(request):
    """What the top bar names: the user's organisations, an administrator's tools (三员分立), and the
    supervisors' overview for those who may open it."""
    return {
        "current_organisations": access.organisation_names(request.user),
        "administrator_tools": administrators.tools_for(request.user),
        "opens_overview": access.can_open_overview(request.user),
    }

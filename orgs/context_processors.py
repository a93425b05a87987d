from . import access


def current_organisations(request):
    """The organisations named in the top bar."""
    return {"current_organisations": access.organisation_names(request.user)}

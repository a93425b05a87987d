"""One refusal: a service says "this action is refused, here is why" by raising ``Refused(reasons)``.

Each app names its own refusal (``TransitionRefused``, ``DraftRefused`` …) as a subclass, so a view
catches what its service raises; ``orgs.shortcuts.refused`` shows any of them the one way (a message, a
form's errors, or JSON). This module imports nothing of the apps, so every app can import it.
"""


class Refused(Exception):
    """An action that may not be done now; ``reasons`` are sentences a clerk understands.

    ``status`` is the HTTP status a JSON answer gives it: 403 for "not you" by default; a subclass
    whose refusals are about the state of things (a stage moved on, a record locked) says 409.
    """

    status = 403

    def __init__(self, reasons):
        self.reasons = [reasons] if isinstance(reasons, str) else list(reasons)
        super().__init__("；".join(self.reasons))

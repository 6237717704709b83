"""Fieldwork workflows, a module per area: planning (visits and their windows), collecting (the
checklist, drafts, submitting), photos (evidence) and reviewing (decisions, corrections,
versions).

Every function checks its own rules and raises FieldworkError (or SubmissionIncomplete) with a
message for the person acting; who may call which function is the views' and access rules'
business.
"""

from django.utils.translation import gettext as _


class FieldworkError(Exception):
    """The action cannot be done; the message says why, for the person acting."""


class SubmissionIncomplete(FieldworkError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(_("The checklist cannot be submitted yet."))

"""Fieldwork workflows, a module per area: planning (visits and their windows), collecting (the
checklist, drafts, submitting), photos (evidence) and reviewing (decisions, corrections,
versions).

Every function checks its own rules and raises FieldworkError (or SubmissionIncomplete) with a
message for the person acting; who may call which function is the views' and access rules'
business.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _


class FieldworkError(Exception):
    """The action cannot be done; the message says why, for the person acting."""


@dataclass(frozen=True)
class Problem:
    """What keeps one checklist item from being submitted: `key` is the item's
    (ChecklistItem.key), `kind` "answer" (not answered) or "photo" (a photo is required)."""

    key: str
    kind: str
    text: str


class SubmissionIncomplete(FieldworkError):
    def __init__(self, items: list[Problem]):
        self.items = items
        self.problems = [item.text for item in items]
        super().__init__(_("The checklist cannot be submitted yet."))

from django import forms
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from patuh.assessments.models import Level
from patuh.scoring.models import ScoreSnapshot


class RankingFilterForm(forms.Form):
    """Filters and order of a cycle's ranking; choices are the regions and kinds it ranks."""

    region = forms.ChoiceField(label=_("Regency/city"), required=False)
    kind = forms.ChoiceField(label=_("Agency kind"), required=False)
    sort = forms.ChoiceField(
        label=_("Order by"),
        required=False,
        choices=[
            ("", _("Rank")),
            ("name", _("Provider")),
            ("kind", _("Agency kind")),
            ("region", _("Regency/city")),
        ],
    )
    # Worst first, for a coordinator following up the lowest scores.
    desc = forms.BooleanField(label=_("Reverse order"), required=False)

    def __init__(
        self, data, *, regions: list[tuple[str, str]], kinds: list[tuple[str, str]], **kwargs
    ) -> None:
        super().__init__(data, **kwargs)
        everything = [("", _("All"))]
        self.fields["region"].choices = everything + regions
        self.fields["kind"].choices = everything + kinds

    def filters(self) -> dict[str, str]:
        """The valid filters: a value outside the choices is left out (and shown as an error)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return self.cleaned_data


class ReleaseForm(forms.Form):
    """A release; while data collection is open it needs the reason for overriding."""

    override_reason = forms.CharField(
        label=_("Reason for releasing while data collection is open"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawing the release"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AnnouncementForm(forms.Form):
    """When the cycle's results become public, in the office's time zone. `confirm` is set by
    the confirmation page of a moment that needed a warning."""

    announce_at = forms.DateTimeField(
        label=_("Public announcement"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("From this moment the public portal shows the released results."),
        error_messages={
            "required": _("Choose the moment of the announcement."),
            "invalid": _("The announcement moment is not a valid date and time."),
        },
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


def level_label(level: str) -> str:
    """A scored level's name in the user's language."""
    if level == "region":
        return str(_("Regional government"))
    return str(Level(level).label)


class ScoresDownloadForm(forms.Form):
    """What to download of the scores: which snapshot (office staff may have an official and a
    newer preliminary one), every level or one; the file's format is the button."""

    snapshot = forms.ChoiceField(label=_("Scores"), required=False)
    level = forms.ChoiceField(label=_("Level"), required=False)

    def __init__(
        self, data=None, *, levels: list[str], snapshots: list[ScoreSnapshot], **kwargs
    ) -> None:
        super().__init__(data, **kwargs)
        self.snapshots = {snapshot.kind: snapshot for snapshot in snapshots}
        self.fields["snapshot"].choices = [
            (snapshot.kind, snapshot_choice_label(snapshot)) for snapshot in snapshots
        ]
        self.fields["level"].choices = [("", _("All levels"))] + [
            (level, level_label(level)) for level in levels
        ]

    def chosen(self) -> tuple[ScoreSnapshot, tuple[str, ...]]:
        """The chosen snapshot (the first offered by default) and levels (empty: all)."""
        data = self.cleaned_data
        snapshot = self.snapshots.get(data["snapshot"]) or next(iter(self.snapshots.values()))
        return snapshot, (data["level"],) if data["level"] else ()


def snapshot_choice_label(snapshot: ScoreSnapshot) -> str:
    when = date_format(localtime(snapshot.computed_at), "DATETIME_FORMAT")
    if snapshot.kind == ScoreSnapshot.Kind.PRELIMINARY:
        return _("Preliminary, computed %(time)s (counts submissions under review)") % {
            "time": when
        }
    return _("Official, computed %(time)s") % {"time": when}

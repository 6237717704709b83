"""Small helpers shared by the page tests."""

from decimal import Decimal

from patuh.assessments.models import Answer
from patuh.scoring.models import SubjectScore


def set_answers(cycle, provider, value="tidak-ada", indicator="P01") -> None:
    """Give every product of `provider` the answer `value` to `indicator`."""
    Answer.objects.filter(
        cycle=cycle, product__unit__provider=provider, indicator=indicator
    ).update(value=value)


def provider_score(provider) -> Decimal | None:
    """The provider's score in the latest snapshot."""
    row = SubjectScore.objects.filter(level="provider", subject_id=provider.pk).latest("pk")
    return row.score


def indonesian(number: Decimal) -> str:
    """A score as Indonesian pages show it: two decimals, decimal comma."""
    return f"{number:.2f}".replace(".", ",")

"""Small helpers shared by the page tests."""

import io
from decimal import Decimal

from django.db.models import Q
from pypdf import PdfReader

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


def answer_worst(cycle, provider) -> None:
    """Give every answer of `provider` and its subjects the answer that earns nothing."""
    indicators = cycle.instrument_version.parsed.indicators
    answers = Answer.objects.filter(cycle=cycle).filter(
        Q(product__unit__provider=provider)
        | Q(unit__provider=provider)
        | Q(website__provider=provider)
    )
    for answer in answers:
        answer.value = worst_value(indicators[answer.indicator])
        answer.save(update_fields=["value"])


def worst_value(indicator) -> str:
    """The answer to `indicator` that earns nothing."""
    if indicator.answer_type == "choice":
        return min(indicator.options, key=lambda option: option.points).code
    if indicator.answer_type == "scale":
        return str(indicator.scale_min)
    return "no"


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)

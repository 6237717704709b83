"""Loading the demo into an empty database: all or nothing, and the same every time.

Kept apart from test_services.py, whose tests share one loaded demo per module.
"""

import hashlib

import pytest
from django.db import transaction

from patuh.accounts.models import User
from patuh.assessments.models import Answer
from patuh.demo import seed
from patuh.demo.services import DemoError, load_demo
from patuh.registry.models import (
    AgencyKind,
    Government,
    Provider,
    Region,
    ServiceProduct,
    Website,
)
from patuh.scoring.models import ScoreSnapshot


def test_loading_over_a_clashing_provider_code_changes_nothing(db):
    region = Region.objects.create(code="19", name="Bangka Belitung", level=Region.Level.PROVINCE)
    Provider.objects.create(
        code="disdukcapil-belitung",
        name="Disdukcapil",
        kind=AgencyKind.objects.create(code="disdukcapil", name="Disdukcapil"),
        region=region,
        government=Government.objects.create(
            code="pemprov", name="Pemprov", kind=Government.Kind.REGIONAL, region=region
        ),
    )
    with pytest.raises(DemoError, match="disdukcapil-belitung"):
        load_demo()
    assert Provider.objects.count() == 1
    assert not User.objects.exists()


def _answers_fingerprint() -> tuple[str, dict[str, str]]:
    """Answers and provider scores keyed by paths and codes, which do not depend on row ids."""
    digest = hashlib.sha256()
    rows = sorted(
        (a.level, _path(a.subject), a.indicator, a.value, a.answered_at.isoformat())
        for a in Answer.objects.filter(cycle__code=seed.CYCLE["code"]).select_related(
            "product__unit__provider", "unit__provider", "website"
        )
    )
    for row in rows:
        digest.update("\t".join(row).encode() + b"\n")
    scores = dict(
        ScoreSnapshot.objects.get(cycle__code=seed.CYCLE["code"], kind="official")
        .scores.filter(level__in=["provider", "region"])
        .values_list("path", "score")
    )
    return digest.hexdigest(), {path: str(score) for path, score in scores.items()}


def _path(subject) -> str:
    if isinstance(subject, ServiceProduct):
        return f"{subject.unit.provider.code}/{subject.unit.code}/{subject.code}"
    if isinstance(subject, Website):
        return subject.url
    return f"{subject.provider.code}/{subject.code}"


def test_two_loads_into_empty_databases_give_the_same_answers_and_scores(db):
    with transaction.atomic():
        load_demo()
        first = _answers_fingerprint()
        # Roll this load back, so the second one starts from an empty database again.
        transaction.set_rollback(True)
    assert not Provider.objects.exists()
    load_demo()
    assert _answers_fingerprint() == first

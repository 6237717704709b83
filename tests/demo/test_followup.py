"""The demo's follow-up: the released 2021 cycle's findings in every state, and two products."""

from django.utils import timezone

from patuh.demo import seed
from patuh.demo.followup import OFFICER_PROVIDER
from patuh.followup.models import Finding, Product


def test_findings_of_the_released_cycle_are_in_every_state(demo):
    findings = Finding.objects.filter(cycle__code=seed.CYCLE["code"])

    assert set(findings.values_list("state", flat=True)) == set(Finding.State.values)
    assert findings.filter(state=Finding.State.SENT_BACK).count() == 1
    assert any(f.is_overdue(timezone.localdate()) for f in findings)
    assert findings.filter(provider__code=OFFICER_PROVIDER).count() >= len(Finding.State.values)
    for finding in findings.filter(state=Finding.State.VERIFIED):
        assert finding.evidence.exists()


def test_two_ombudsman_products_with_items(demo):
    products = Product.objects.filter(cycle__code=seed.CYCLE["code"])

    assert sorted(products.values_list("kind", flat=True)) == ["rekomendasi", "saran-perbaikan"]
    for product in products:
        assert product.items.count() == 2
        assert product.items.filter(state=Finding.State.VERIFIED).count() == 1

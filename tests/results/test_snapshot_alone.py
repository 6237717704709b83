"""Published results come from the score snapshot alone: changing the registry or the cycle's
scope after the announcement changes neither the public ranking, nor a report card's rank, nor
the regenerated PDFs."""

from django.core.cache import caches
from django.urls import reverse

from patuh.registry.models import Provider
from patuh.results.pdf import write_report_pdfs
from tests import factories
from tests.results.helpers import pdf_text


def published(client, cycle, provider_a, provider_b, folder) -> dict:
    """What the public and a report run see of the cycle."""
    ranking = client.get(reverse("public_cycle", args=[cycle.code])).context["ranking"]
    card = client.get(reverse("public_provider", args=[cycle.code, provider_b.code]))
    pdfs = {
        path.name: pdf_text(path.read_bytes())
        for path in write_report_pdfs(cycle.snapshots.get(), folder)
    }
    return {
        "ranking": [
            (row.rank, row.code, row.name, row.kind, row.region, row.score.score)
            for row in ranking.rows
        ],
        "rank": (card.context["card"].rank, card.context["card"].peers),
        # The page's content; the header holds a form with a fresh CSRF token each time.
        "card": card.text.split("<main", 1)[1],
        "pdf": pdf_text(
            client.get(reverse("public_provider_pdf", args=[cycle.code, provider_b.code])).content
        ),
        "pdfs": pdfs,
        "removed card": client.get(
            reverse("public_provider", args=[cycle.code, provider_a.code])
        ).status_code,
    }


def test_registry_and_scope_changes_after_the_snapshot_leave_published_results_alone(
    client, announced_cycle, provider_a, provider_b, tmp_path
):
    before = published(client, announced_cycle, provider_a, provider_b, tmp_path / "before")

    Provider.objects.filter(pk=provider_b.pk).update(
        kind=factories.agency_kind("puskesmas", "Puskesmas"), name="Dinas yang berganti nama"
    )
    Provider.objects.filter(pk=provider_a.pk).update(name="Nama baru A")
    announced_cycle.providers.remove(provider_a)
    # Drawn afresh, not the pages and rankings kept from before.
    for cache in caches.all():
        cache.clear()
    after = published(client, announced_cycle, provider_a, provider_b, tmp_path / "after")

    assert after == before
    assert before["ranking"][0][1:5] == (
        "disdukcapil-a",
        "Provider disdukcapil-a",
        "Disdukcapil",
        "Kabupaten Belitung",
    )
    assert before["rank"] == (2, 2)
    assert "Provider dpmptsp-b" in before["card"] and "Provider dpmptsp-b" in before["pdf"]
    assert sorted(before["pdfs"]) == ["disdukcapil-a.pdf", "dpmptsp-b.pdf"]
    assert before["removed card"] == 200

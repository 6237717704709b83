"""Each signed-in role's main path as a person walks it (docs: shared journeys), on the screen
that role uses: sign in, land on the work, do the main task, see the result where one looks.
Every step fails on a JavaScript error, a failed request or a page wider than the screen; on a
phone also on a list wider than the screen."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from patuh.assessments.models import Phase
from patuh.fieldwork.models import Assignment, Evidence, Submission
from patuh.fieldwork.services.collecting import checklist, save_answers
from patuh.pekppp import evaluation
from patuh.pekppp.models import Evaluation
from patuh.scoring.services import compute_snapshot
from tests import factories
from tests.browser.conftest import DESKTOP, PHONE
from tests.fieldwork.conftest import items, photo_here, submitted, upload
from tests.pekppp.conftest import (
    evaluation_cycle,
    fill_self_assessment,
    mark_submitted,
    score_everything,
    unit_indicators,
)
from tests.results.conftest import release

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(watched, live_server, username: str) -> None:
    page = watched.page
    page.goto(f"{live_server.url}/accounts/login/")
    watched.check()
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", f"pass-{username}")
    page.click("form[action*='login'] button[type=submit]")
    page.wait_for_load_state()


def landed_on(page, live_server, path: str) -> None:
    page.wait_for_url(f"{live_server.url}{path}")


def open_collection(cycle) -> None:
    today = timezone.localdate()
    Phase.objects.filter(cycle=cycle).update(
        starts_on=today - dt.timedelta(days=10), ends_on=today + dt.timedelta(days=30)
    )


@pytest.fixture
def visit(provider_a, enumerator, coordinator):
    """Provider A's unit to visit today, collection open."""
    cycle = factories.cycle([provider_a])
    open_collection(cycle)
    today = timezone.localdate()
    return Assignment.objects.create(
        cycle=cycle,
        unit=provider_a.units.get(),
        enumerator=enumerator,
        starts_on=today - dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=5),
        created_by=coordinator,
    )


def test_the_enumerator_is_shown_what_is_missing_puts_it_right_and_submits(
    live_server, watched, visit, enumerator, tmp_path
):
    # Drafted with photos, but for the last question of the unit and of a product (whose
    # section starts closed): the two the enumerator is sent to. Each needs a photo.
    unit_section, product_section = checklist(visit, None)[:2]
    left = [unit_section.items[-1], product_section.items[-1]]
    picture = tmp_path / "papan.jpg"
    picture.write_bytes(photo_here())
    left_keys = {item.key for item in left}
    drafted = [i for i in items(visit) if f"{i.product}:{i.indicator}" not in left_keys]
    save_answers(visit, enumerator, drafted)
    instrument = visit.cycle.instrument_version.parsed
    for item in drafted:
        if instrument.indicators[item.indicator].evidence_required:
            upload(visit, enumerator, photo_here(), item.product, item.indicator)
    photos = Evidence.objects.count()
    phone = watched(PHONE, mobile=True)
    page = phone.page

    sign_in(phone, live_server, "enumerator")
    landed_on(page, live_server, reverse("fieldwork:my_visits"))
    phone.check_lists_fit()
    page.click(f"text={visit.unit.name}")
    page.locator("#checklist[data-offline=kept]").wait_for()
    phone.check_lists_fit()

    # Removing a photo asks first; saying no keeps it.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.locator("[data-remove-photo]").first.click()
    assert page.locator("li.photo").count() == photos
    assert Evidence.objects.count() == photos

    # Submitting too early: the problems are listed at the top, each a link to its question.
    page.click("[data-submit]")
    problems = page.locator("[data-problems]")
    problems.wait_for()
    assert problems.locator("li").count() == 2
    assert problems.locator("strong").inner_text() == "Daftar periksa belum dapat dikirim."
    first_question = page.locator("fieldset.indicator").first
    assert problems.bounding_box()["y"] < first_question.bounding_box()["y"]
    # The refusal is a 422 on purpose: that one is not a failure.
    submit_url = reverse("fieldwork:submit", args=[visit.uuid])
    phone.problems.forgive(422, f"{live_server.url}{submit_url}")
    phone.check()

    for item in reversed(left):
        link = problems.locator(f'a[data-problem="{item.key}"]')
        link.click()
        fieldset = page.locator(f'fieldset[data-key="{item.key}"]')
        assert fieldset.is_visible()
        assert (
            page.evaluate(
                "(key) => document.activeElement.closest('fieldset')?.dataset.key", item.key
            )
            == item.key
        )
        fieldset.locator(f'input[type=radio][value="{item.options[0][0]}"]').check()
        fieldset.locator("input[data-add-photo]").set_input_files(str(picture))
        fieldset.locator("li.photo").first.wait_for()
    # Put right, the problems and their banner are gone.
    problems.wait_for(state="hidden")
    page.locator("[data-sync]", has_text="Tersimpan").wait_for()

    page.click("[data-submit]")
    page.locator(".message.success", has_text="Terkirim untuk direviu.").wait_for()
    assert page.locator(".status-received").count() == 1
    assert Submission.objects.get(assignment=visit).status == Submission.Status.RECEIVED
    phone.check_lists_fit()


def test_the_reviewer_sends_a_visit_back_and_a_refusal_keeps_the_choice(
    live_server, watched, visit, enumerator, reviewer
):
    submission = submitted(visit, enumerator)
    desk = watched(DESKTOP, mobile=False)
    page = desk.page

    sign_in(desk, live_server, "reviewer")
    landed_on(page, live_server, reverse("fieldwork:queue", args=[visit.cycle.code]))
    desk.check()
    page.click(f"text={visit.unit.name}")
    page.wait_for_url(f"**{reverse('fieldwork:submission', args=[submission.uuid])}")
    desk.check()

    # Sending back without saying why is refused; the choice is still made.
    page.check("input[name=decision][value=has_issues]")
    page.click("text=Catat keputusan")
    page.locator(".message.error").wait_for()
    assert page.locator("input[name=decision][value=has_issues]").is_checked()
    # The refused form comes back as 400 Bad Request, on purpose: that one is not a failure.
    desk.problems.forgive(400, page.url)

    page.fill("textarea[name=comment]", "Foto papan maklumat buram.")
    page.click("text=Catat keputusan")
    landed_on(page, live_server, reverse("fieldwork:queue", args=[visit.cycle.code]))
    page.locator(".message.success", has_text="Keputusan dicatat").wait_for()
    desk.check()
    submission.refresh_from_db()
    assert submission.status == Submission.Status.HAS_ISSUES


def test_the_agency_officer_lands_on_the_agency_and_reads_the_report_card_and_the_trend(
    live_server, watched, provider_a, provider_b, officer_a, coordinator, evaluator
):
    cycle = factories.cycle([provider_a, provider_b])
    factories.answer_everything(cycle)
    compute_snapshot(cycle, user=coordinator)
    release(cycle)
    unit = provider_a.units.get()
    for year, instrument in ((2019, "pekppp-2017"), (2023, "pekppp-2022")):
        past = evaluation_cycle([provider_a], f"pekppp-{year}", instrument, year=year, phases=())
        mark_submitted(past, unit, officer_a)
        score_everything(past, unit, evaluator)
        compute_snapshot(past, user=coordinator)
        release(past)
    phone = watched(PHONE, mobile=True)
    page = phone.page

    sign_in(phone, live_server, "officer-a")
    landed_on(page, live_server, reverse("agency"))
    phone.check_lists_fit()
    page.click(f"section[aria-labelledby=report-cards] a:has-text('{cycle.name}')")
    page.wait_for_url(f"**{reverse('provider_detail', args=[cycle.code, provider_a.code])}")
    assert provider_a.name in page.locator("h1").inner_text()
    phone.check_lists_fit()

    # Every other list the officer opens fits the phone too.
    for other in (
        reverse("agency"),
        reverse("home"),
        reverse("skm_units"),
        reverse("skm_unit", args=[provider_a.code, unit.code]),
        reverse("pekppp:index"),
        reverse("pekppp:unit_result", args=["pekppp-2023", provider_a.code, unit.code]),
    ):
        page.goto(f"{live_server.url}{other}")
        phone.check_lists_fit()

    page.goto(f"{live_server.url}{reverse('pekppp:unit_trend', args=[provider_a.code, unit.code])}")
    phone.check_lists_fit()
    # The chart is wider than the phone: it opens at its end, the latest year in sight.
    latest = page.locator(".chart-scroll svg text", has_text="2023").first
    box = latest.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_the_evaluator_scores_only_a_submitted_self_assessment_and_completes_it(
    live_server, watched, provider_a, provider_b, officer_a, officer_b, evaluator
):
    cycle = evaluation_cycle([provider_a, provider_b])
    unit_a, unit_b = provider_a.units.get(), provider_b.units.get()
    fill_self_assessment(cycle, unit_a, officer_a)
    mark_submitted(cycle, unit_a, officer_a)
    fill_self_assessment(cycle, unit_b, officer_b)  # still a draft
    indicators = unit_indicators(cycle)
    last = indicators[-1]
    for indicator in indicators[:-1]:
        evaluation.save_score(
            cycle,
            unit_a,
            evaluator,
            indicator=indicator.code,
            score="4",
            comment="Baik.",
            verified=False,
            verified_on=None,
        )
    desk = watched(DESKTOP, mobile=False)
    page = desk.page

    draft_page = reverse("pekppp:evaluate", args=[cycle.code, provider_b.code, unit_b.code])
    unit_page = reverse("pekppp:evaluate", args=[cycle.code, provider_a.code, unit_a.code])
    sign_in(desk, live_server, "evaluator")
    queue = reverse("pekppp:evaluation_units", args=[cycle.code])
    landed_on(page, live_server, queue)
    desk.check()

    # The draft: shown as such, with nothing to score.
    page.click(f"a[href='{draft_page}']")
    page.locator("[data-not-submitted]").wait_for()
    assert page.locator("dl.facts .tag").first.inner_text() == "Draf"
    assert page.locator("form.submit-panel").count() == 0
    desk.check()

    page.goto(f"{live_server.url}{queue}")
    page.click(f"a[href='{unit_page}']")
    anchor = "i-" + last.code.replace(".", "-")
    block = page.locator(f"details#{anchor}")
    block.locator("summary").click()
    block.locator("input[name=score][value='3']").check()
    block.locator("button[type=submit]").click()
    page.locator(f"details#{anchor} .saved").wait_for()
    desk.check()

    page.click("form.submit-panel button[type=submit]")
    page.locator(".message.success").first.wait_for()
    desk.check()
    assert Evaluation.objects.get(cycle=cycle, unit=unit_a).complete
    page.goto(f"{live_server.url}{queue}")
    row = page.locator("tbody tr", has=page.locator(f"a[href='{unit_page}']"))
    assert "Selesai" in row.inner_text()
    desk.check()

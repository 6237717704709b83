"""A visit end to end at phone size: answer, attach a real photo, lose the network, come back,
submit; the reviewer approves and the provider's official score changes."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from patuh.assessments.models import Answer, Phase
from patuh.fieldwork import services
from patuh.fieldwork.models import Assignment, Evidence, Submission, SubmittedAnswer
from patuh.scoring.models import ScoreSnapshot, SubjectScore
from patuh.scoring.services import compute_snapshot
from tests import factories, photos
from tests.browser.conftest import log_in, phone_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Left for the browser: one answered online, two while the phone is offline.
ONLINE, OFFLINE = "U19", ("U20", "U21")


def worst(indicator) -> str:
    if indicator.answer_type == "choice":
        return min(indicator.options, key=lambda option: option.points).code
    return "no"


def official_provider_score(provider) -> Decimal | None:
    snapshot = ScoreSnapshot.objects.filter(kind="official").latest("computed_at", "pk")
    return SubjectScore.objects.get(
        snapshot=snapshot, level="provider", subject_id=provider.pk
    ).score


@pytest.fixture
def scene(enumerator, reviewer, coordinator, tmp_path):
    """Last year's official answers are poor; today's visit is drafted up to U18."""
    provider = factories.provider("disdukcapil-belitung", products_per_unit=1)
    provider.units.update(latitude=Decimal("-2.741800"), longitude=Decimal("107.634100"))
    cycle = factories.cycle([provider])
    today = timezone.localdate()
    Phase.objects.filter(cycle=cycle).update(
        starts_on=today - dt.timedelta(days=5), ends_on=today + dt.timedelta(days=30)
    )
    factories.answer_everything(cycle, worst)
    compute_snapshot(cycle, user=coordinator)
    visit = Assignment.objects.create(
        cycle=cycle,
        unit=provider.units.get(),
        enumerator=enumerator,
        starts_on=today,
        ends_on=today + dt.timedelta(days=2),
    )
    drafted = []
    for section in services.checklist(visit, None):
        for item in section.items:
            if item.indicator.code not in (ONLINE, *OFFLINE):
                product = item.product.code if item.product else ""
                drafted.append(
                    services.AnswerInput(
                        product, item.indicator.code, factories.best_value(item.indicator)
                    )
                )
    services.save_answers(visit, enumerator, drafted)
    picture = photos.jpeg(
        taken_at=timezone.localtime().replace(tzinfo=None),
        position=photos.TANJUNG_PANDAN,
        size=(96, 72),
    )
    for item in drafted:
        services.add_photo(
            visit,
            enumerator,
            product_code=item.product,
            indicator_code=item.indicator,
            data=picture,
            client_id=uuid.uuid4(),
        )
    photo = tmp_path / "papan-informasi.jpg"
    photo.write_bytes(
        photos.jpeg(
            taken_at=timezone.localtime().replace(tzinfo=None, microsecond=0),
            position=photos.TANJUNG_PANDAN,
        )
    )
    return {"provider": provider, "cycle": cycle, "visit": visit, "photo": photo}


def answer(page, code: str, value: str, photo) -> None:
    fieldset = page.locator(f'fieldset[data-key=":{code}"]')
    fieldset.locator(f'input[type=radio][value="{value}"]').check()
    fieldset.locator("input[data-add-photo]").set_input_files(str(photo))
    fieldset.locator("li.photo").first.wait_for()


def settled(page) -> None:
    """Wait until the page has sent everything: answers saved, no photo waiting to upload.

    Only then does the test read the database: the live server shares SQLite's in-memory
    connection with this thread, so the two must not use it at the same time.
    """
    page.wait_for_function(
        "() => !document.querySelector('li.photo.waiting')"
        " && document.querySelector('[data-sync]').textContent === 'Tersimpan'"
    )


def test_a_visit_survives_a_dropped_network_and_its_approval_changes_the_official_score(
    live_server, browser, phone, scene
):
    provider, visit = scene["provider"], scene["visit"]
    before = official_provider_score(provider)

    log_in(phone, live_server, "enumerator")
    phone.click("text=Kunjungan saya")
    phone.click(f"text={visit.unit.name}")
    assert phone.locator("[data-answered]").inner_text() == "24"
    # Thumb-sized at 360 px: nothing scrolls sideways.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    answer(phone, ONLINE, "yes", scene["photo"])
    settled(phone)
    assert SubmittedAnswer.objects.filter(indicator=ONLINE, value="yes").exists()
    assert Evidence.objects.filter(indicator=ONLINE).exists()

    phone.context.set_offline(True)
    for code in OFFLINE:
        answer(phone, code, "yes", scene["photo"])
    phone.locator("[data-sync]", has_text="Luring").wait_for()
    assert phone.locator("[data-answered]").inner_text() == "27"
    assert not SubmittedAnswer.objects.filter(indicator__in=OFFLINE, value="yes").exists()
    # A reload while offline would lose the page, not the answers: they are on the phone.
    stored = phone.evaluate(f"localStorage.getItem('patuh:visit:{visit.uuid}')")
    assert '"U20"' in stored and '"U21"' in stored

    phone.context.set_offline(False)
    settled(phone)
    assert SubmittedAnswer.objects.filter(indicator__in=OFFLINE, value="yes").count() == 2
    assert Evidence.objects.filter(indicator__in=OFFLINE).count() == 2

    phone.click("[data-submit]")
    phone.locator(".status-received").first.wait_for()
    submission = Submission.objects.get(assignment=visit)
    assert submission.status == Submission.Status.RECEIVED
    assert Submission.objects.count() == 1
    evidence = Evidence.objects.get(indicator=ONLINE)
    assert evidence.flags == [] and evidence.distance_m == 0

    page = phone_page(browser)
    log_in(page, live_server, "reviewer")
    page.click("text=Antrean reviu")
    page.click(f"text={visit.unit.name}")
    page.check("input[name=decision][value=approved]")
    page.click("text=Catat keputusan")
    page.locator("text=Keputusan dicatat").wait_for()
    page.context.close()

    submission.refresh_from_db()
    assert submission.status == Submission.Status.APPROVED
    assert Answer.objects.filter(unit=visit.unit, source="fieldwork").count() == 21
    after = official_provider_score(provider)
    assert before is not None and after is not None
    assert after > before


def test_autosave_drops_only_the_answer_the_server_refuses(live_server, phone, scene):
    """Answers kept on the phone (entered offline), one of them a value the server refuses:
    the others are saved, only that one leaves the phone, and its question says why."""
    visit = scene["visit"]
    log_in(phone, live_server, "enumerator")
    phone.goto(f"{live_server.url}/fieldwork/visits/{visit.uuid}/")
    waiting = {
        f":{code}": {"product": "", "indicator": code, "value": value, "note": ""}
        for code, value in ((ONLINE, "maybe"), *((code, "yes") for code in OFFLINE))
    }
    phone.evaluate(
        "([key, answers]) => localStorage.setItem(key, JSON.stringify("
        "{answers, submitId: null, submitting: false}))",
        [f"patuh:visit:{visit.uuid}", waiting],
    )

    phone.reload()

    error = phone.locator(f'fieldset[data-key=":{ONLINE}"] [data-answer-error]')
    error.wait_for()
    assert ONLINE in error.inner_text()
    phone.locator("[data-sync].error", has_text="1 jawaban tidak tersimpan").wait_for()
    assert phone.evaluate(f"localStorage.getItem('patuh:visit:{visit.uuid}')") == (
        '{"answers":{},"submitId":null,"submitting":false}'
    )
    assert set(
        SubmittedAnswer.objects.filter(indicator__in=[ONLINE, *OFFLINE]).values_list(
            "indicator", "value"
        )
    ) == {(code, "yes") for code in OFFLINE}

"""A visit end to end at phone size: answer, attach a real photo, lose the network, reload and
submit while offline, come back; the reviewer approves and the provider's official score
changes."""

import datetime as dt
import json
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from patuh.assessments.models import Answer, Phase
from patuh.fieldwork.models import Assignment, Evidence, Submission, SubmittedAnswer
from patuh.fieldwork.services.collecting import AnswerInput, checklist, save_answers
from patuh.fieldwork.services.photos import add_photo
from patuh.scoring.models import ScoreSnapshot, SubjectScore
from patuh.scoring.services import compute_snapshot
from tests import factories, photos
from tests.browser.conftest import log_in, phone_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Left for the browser: one unit indicator answered online; two more and every indicator of the
# unit's product while the phone is offline.
ONLINE, OFFLINE = "U19", ("U20", "U21")
PRODUCT = "product-1"


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
    """Last year's official answers are poor; today's visit is drafted but for the unit's
    ONLINE and OFFLINE indicators and its product's."""
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
    drafted, left = [], {}
    for section in checklist(visit, None):
        for item in section.items:
            value = factories.best_value(item.indicator)
            if item.product is not None or item.indicator.code in (ONLINE, *OFFLINE):
                left[item.key] = value
            else:
                drafted.append(AnswerInput("", item.indicator.code, value))
    save_answers(visit, enumerator, drafted)
    picture = photos.jpeg(
        taken_at=timezone.localtime().replace(tzinfo=None),
        position=photos.TANJUNG_PANDAN,
        size=(96, 72),
    )
    for item in drafted:
        add_photo(
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
    return {
        "provider": provider,
        "visit": visit,
        "photo": photo,
        "drafted": len(drafted),
        # "<product>:<indicator>" → the value the browser enters.
        "left": left,
    }


def answer(page, key: str, value: str, photo) -> None:
    """Choose `value` for the indicator `key` ("<product>:<code>") and attach `photo` through
    the file input, as the phone's camera would."""
    fieldset = page.locator(f'fieldset[data-key="{key}"]')
    fieldset.locator(f'input[type=radio][value="{value}"]').check()
    fieldset.locator("input[data-add-photo]").set_input_files(str(photo))
    fieldset.locator("li.photo").first.wait_for()


def settled(page) -> None:
    """Wait until the page has sent everything (answers saved, no photo waiting to upload) and
    the phone's copy of the page shows it."""
    page.wait_for_function(
        "() => !document.querySelector('li.photo.waiting')"
        " && document.querySelector('[data-sync]').textContent === 'Tersimpan'"
        " && document.getElementById('checklist').dataset.offline === 'kept'"
    )


def kept_on_phone(page, visit) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem('patuh:visit:{visit.uuid}')"))


def test_a_visit_survives_a_dropped_network_and_a_reload_and_its_approval_changes_the_score(
    live_server, browser, phone, scene
):
    provider, visit, left = scene["provider"], scene["visit"], scene["left"]
    offline = {key: value for key, value in left.items() if key != f":{ONLINE}"}
    total = scene["drafted"] + len(left)
    before = official_provider_score(provider)

    log_in(phone, live_server, "enumerator")
    phone.click("text=Kunjungan saya")
    phone.click(f"text={visit.unit.name}")
    assert phone.locator("[data-answered]").inner_text() == str(scene["drafted"])
    # Thumb-sized at 360 px: nothing scrolls sideways.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    # The page is on the phone now, for a reload without network.
    phone.locator("#checklist[data-offline=kept]").wait_for()

    answer(phone, f":{ONLINE}", "yes", scene["photo"])
    settled(phone)
    assert SubmittedAnswer.objects.filter(indicator=ONLINE, value="yes").exists()
    assert Evidence.objects.filter(indicator=ONLINE).exists()

    phone.context.set_offline(True)
    phone.click("summary:has-text('Product 1')")
    for key, value in offline.items():
        answer(phone, key, value, scene["photo"])
    phone.locator("[data-sync]", has_text="Luring").wait_for()
    assert phone.locator("[data-answered]").inner_text() == str(total)
    assert set(kept_on_phone(phone, visit)["answers"]) == set(offline)

    # Reloaded without network, the page comes from the phone, and so do the answers.
    phone.reload()
    phone.locator("[data-sync]", has_text="Luring").wait_for()
    assert phone.locator("[data-answered]").inner_text() == str(total)
    for key, value in offline.items():
        choice = phone.locator(f'fieldset[data-key="{key}"] input[value="{value}"]')
        assert choice.is_checked(), key
    assert phone.locator("li.photo.waiting").count() == len(offline)

    # Submitted offline, the submission waits on the phone with the rest.
    phone.click("[data-submit]")
    phone.locator("[data-sync]", has_text="Luring: akan dikirim").wait_for()
    waiting = kept_on_phone(phone, visit)
    assert waiting["submitting"] and waiting["submitId"]
    assert not SubmittedAnswer.objects.filter(product__code=PRODUCT).exclude(value="").exists()
    assert Submission.objects.get(assignment=visit).status == Submission.Status.DRAFT

    # Back online, everything goes: answers, photos, then the submission.
    phone.context.set_offline(False)
    phone.locator(".status-received").first.wait_for()
    submission = Submission.objects.get(assignment=visit)
    assert submission.status == Submission.Status.RECEIVED
    assert str(submission.client_id) == waiting["submitId"]
    assert submission.answers.exclude(value="").count() == total
    assert Evidence.objects.filter(assignment=visit, product__code=PRODUCT).count() == 6
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
    assert Answer.objects.filter(product__unit=visit.unit, source="fieldwork").count() == 6
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

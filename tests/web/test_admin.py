import pytest
import yaml
from django.contrib import admin
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from patuh.instruments.models import InstrumentVersion
from patuh.instruments.services import sync_builtin_instruments


def change_url(version):
    return reverse("admin:instruments_instrumentversion_change", args=[version.pk])


def edited(source: str, change) -> str:
    data = yaml.safe_load(source)
    change(data)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def double_first_weight(data) -> None:
    data["indicators"][0]["weight"] = 2


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize(
    "model",
    [
        "registry.region",
        "registry.agencykind",
        "registry.government",
        "registry.provider",
        "registry.serviceunit",
        "registry.serviceproduct",
        "registry.website",
        "instruments.instrument",
        "instruments.instrumentversion",
        "assessments.cycle",
        "assessments.answer",
    ],
)
def test_admin_lists_render(admin_client, scored_cycle, model):
    app, name = model.split(".")

    response = admin_client.get(reverse(f"admin:{app}_{name}_changelist"))

    assert response.status_code == 200


def test_admin_change_pages_render(admin_client, scored_cycle, provider_a):
    pages = [
        reverse("admin:registry_provider_change", args=[provider_a.pk]),
        reverse("admin:registry_serviceunit_change", args=[provider_a.units.first().pk]),
        reverse("admin:assessments_cycle_change", args=[scored_cycle.pk]),
        reverse(
            "admin:instruments_instrument_change",
            args=[scored_cycle.instrument_version.instrument_id],
        ),
        change_url(scored_cycle.instrument_version),
        reverse("admin:instruments_instrumentversion_add"),
    ]
    for page in pages:
        assert admin_client.get(page).status_code == 200, page


def test_editing_a_version_used_by_a_cycle_creates_a_new_version(admin_client, cycle):
    used = cycle.instrument_version
    old_source, old_definition = used.source, used.definition

    response = admin_client.post(
        change_url(used), {"source": edited(used.source, double_first_weight), "_save": "Save"}
    )

    assert response.status_code == 302
    used.refresh_from_db()
    assert used.source == old_source
    assert used.definition == old_definition
    new = (
        InstrumentVersion.objects.filter(instrument__code="ombudsman-2021")
        .exclude(pk=used.pk)
        .get()
    )
    assert new.instrument == used.instrument
    assert new.number == used.number + 1
    assert new.definition["indicators"][0]["weight"] == 2
    assert new.parsed.version == new.number
    cycle.refresh_from_db()
    assert cycle.instrument_version == used
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert "ombudsman-2021 v1 tidak berubah; perubahan disimpan sebagai versi 2." in messages


def test_editing_an_unused_version_changes_it_in_place(admin_client, db):
    version = sync_builtin_instruments()["ombudsman-2021"]

    response = admin_client.post(
        change_url(version), {"source": edited(version.source, double_first_weight)}
    )

    assert response.status_code == 302
    version.refresh_from_db()
    assert version.definition["indicators"][0]["weight"] == 2
    assert InstrumentVersion.objects.filter(instrument__code="ombudsman-2021").count() == 1


def break_bands_and_codes(data) -> None:
    data["indicators"][1]["code"] = data["indicators"][0]["code"]
    data["bands"][1]["from"] = 50


@pytest.mark.parametrize(
    ("change", "problems"),
    [
        (
            break_bands_and_codes,
            ["duplicate code 'P01'", "must equal the previous band's 'to' (51)"],
        ),
        (lambda data: data.pop("bands"), ["'bands' is a required property"]),
    ],
)
def test_invalid_edit_shows_every_problem_and_stores_nothing(admin_client, cycle, change, problems):
    used = cycle.instrument_version
    old_source = used.source

    response = admin_client.post(change_url(used), {"source": edited(used.source, change)})

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["source"]
    for problem in problems:
        assert any(problem in error for error in errors), (problem, errors)
        assert problem.replace("'", "&#x27;") in response.text
    used.refresh_from_db()
    assert used.source == old_source
    assert InstrumentVersion.objects.filter(instrument__code="ombudsman-2021").count() == 1


def test_edit_that_is_not_yaml_is_refused(admin_client, cycle):
    used = cycle.instrument_version

    response = admin_client.post(change_url(used), {"source": "id: [unclosed\n"})

    assert response.status_code == 200
    (error,) = response.context["adminform"].form.errors["source"]
    assert "not valid YAML" in error
    assert InstrumentVersion.objects.filter(instrument__code="ombudsman-2021").count() == 1


def test_edit_may_not_move_a_version_to_another_instrument(admin_client, cycle):
    used = cycle.instrument_version

    def rename(data):
        data["id"] = "another-instrument"

    response = admin_client.post(change_url(used), {"source": edited(used.source, rename)})

    assert response.status_code == 200
    assert "ombudsman-2021" in response.context["adminform"].form.errors["source"][0]
    assert InstrumentVersion.objects.filter(instrument__code="ombudsman-2021").count() == 1


def test_new_instrument_is_added_as_a_version(admin_client, db):
    source = sync_builtin_instruments()["ombudsman-2021"].source

    def rename(data):
        data["id"] = "ombudsman-copy"

    response = admin_client.post(
        reverse("admin:instruments_instrumentversion_add"), {"source": edited(source, rename)}
    )

    assert response.status_code == 302
    copy = InstrumentVersion.objects.get(instrument__code="ombudsman-copy")
    assert copy.number == 1
    assert copy.created_by is not None


def test_non_admin_cannot_open_the_admin(client, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302


def test_the_admin_index_is_in_indonesian_throughout(admin_client):
    """Every app and model the admin lists has an Indonesian name (the task queue's English-only
    bookkeeping is not listed)."""
    page = admin_client.get(reverse("admin:index")).text

    assert "Task Results" not in page and "Tasks Database Backend" not in page
    untranslated = []
    for model in admin.site._registry:
        meta = model._meta
        for lazy in (meta.verbose_name_plural, meta.app_config.verbose_name):
            with translation.override("en"):
                english = str(lazy)
            with translation.override("id"):
                if str(lazy) == english:
                    untranslated.append(english)
    assert untranslated == []

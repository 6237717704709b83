import copy

import pytest
import yaml

from patuh.instruments.definition import InstrumentError
from patuh.instruments.loading import builtin_instrument_files
from patuh.instruments.models import InstrumentVersion
from patuh.instruments.services import save_instrument_source, sync_builtin_instruments
from tests import factories

pytestmark = pytest.mark.django_db


def edited_source(change) -> str:
    data = yaml.safe_load(builtin_instrument_files()["ombudsman-2021"].read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    change(data)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def lower_green(data):
    data["bands"][1]["to"] = 80
    data["bands"][2]["from"] = 80


def test_syncing_twice_stores_one_version():
    first = sync_builtin_instruments()["ombudsman-2021"]
    second = sync_builtin_instruments()["ombudsman-2021"]
    assert first.pk == second.pk
    # One version per built-in file, however often they are synced.
    assert InstrumentVersion.objects.count() == len(builtin_instrument_files())


def test_changing_an_unused_version_updates_it_in_place():
    version = sync_builtin_instruments()["ombudsman-2021"]
    changed = save_instrument_source(edited_source(lower_green), origin="edit")
    assert changed.pk == version.pk
    assert changed.parsed.bands[2].lower == 80


def test_changing_a_version_used_by_a_cycle_makes_a_new_version():
    cycle = factories.cycle([factories.provider()])
    used = cycle.instrument_version
    before = copy.deepcopy(used.definition)

    changed = save_instrument_source(edited_source(lower_green), origin="edit")

    used.refresh_from_db()
    cycle.refresh_from_db()
    assert changed.pk != used.pk
    assert changed.number == used.number + 1
    assert changed.parsed.version == changed.number
    assert used.definition == before
    assert cycle.instrument_version_id == used.pk


def test_an_invalid_source_stores_nothing():
    with pytest.raises(InstrumentError):
        save_instrument_source("id: broken\n", origin="upload.yaml")
    assert not InstrumentVersion.objects.exists()


def test_a_version_is_parsed_once_per_process_until_its_definition_changes():
    version = sync_builtin_instruments()["ombudsman-2021"]
    first = InstrumentVersion.objects.get(pk=version.pk).parsed
    assert InstrumentVersion.objects.get(pk=version.pk).parsed is first

    save_instrument_source(edited_source(lower_green), origin="edit")

    reparsed = InstrumentVersion.objects.get(pk=version.pk).parsed
    assert reparsed is not first
    assert reparsed.bands[2].lower == 80

import json

import pytest
from django.core.management import CommandError

from patuh.instruments.loading import builtin_instrument_files
from tests import commands

pytestmark = pytest.mark.django_db


def instrument(*args) -> str:
    return commands.run("instrument", *args)


def test_list_shows_builtin_instruments_and_stored_versions():
    assert "ombudsman-2021  v1" in instrument("list")
    assert "stored: not stored" in instrument("list")
    instrument("sync")
    assert "stored: v1" in instrument("list")


def test_show_as_json_has_indicators_and_bands():
    data = json.loads(instrument("show", "ombudsman-2021", "--format", "json"))
    assert data["id"] == "ombudsman-2021"
    assert len(data["indicators"]) == 33
    assert [b["code"] for b in data["bands"]] == ["merah", "kuning", "hijau"]


def test_show_as_text_lists_levels_and_flags():
    out = instrument("show", "ombudsman-2021")
    assert "Level product (rule: points)" in out
    assert "Level region (rule: mean of provider×products)" in out


def test_validate_accepts_the_builtin_file():
    path = builtin_instrument_files()["ombudsman-2021"]
    assert "valid — ombudsman-2021 v1, 33 indicators, 3 bands" in instrument("validate", str(path))


def test_validate_lists_every_problem_with_file_and_path(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("id: bad\nversion: 0\n")
    with pytest.raises(CommandError) as caught:
        instrument("validate", str(path))
    assert f"{path}: version: 0 is less than the minimum of 1" in str(caught.value)
    assert f"{path}: (top level): 'bands' is a required property" in str(caught.value)


def test_validate_names_an_unreadable_file(tmp_path):
    with pytest.raises(CommandError, match="cannot be read"):
        instrument("validate", str(tmp_path / "missing.yaml"))

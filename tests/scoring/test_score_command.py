import json

import pytest
from django.core.management import CommandError

from patuh.scoring.models import ScoreSnapshot
from tests import commands, factories

pytestmark = pytest.mark.django_db


def score(*args) -> str:
    return commands.run("score", *args)


@pytest.fixture
def scored_cycle():
    provider = factories.provider("disdukcapil-belitung", units=1, products_per_unit=2)
    cycle = factories.cycle([provider])
    factories.answer_everything(cycle)
    return cycle


def test_json_lists_every_level_and_stores_a_snapshot(scored_cycle):
    data = json.loads(score(scored_cycle.code, "--format", "json"))
    assert data["instrument"] == {
        "id": "ombudsman-2021",
        "version": 1,
        "title": "Survei Kepatuhan Standar Pelayanan Publik (Ombudsman RI, 2021)",
    }
    assert data["cycle"] == scored_cycle.code
    assert [p["path"] for p in data["providers"]] == ["19.02/disdukcapil-belitung"]
    assert data["providers"][0]["name"] == "Provider disdukcapil-belitung"
    assert data["providers"][0]["score"] == 100.0
    assert data["providers"][0]["band"] == "hijau"
    assert len(data["products"]) == 2
    assert len(data["websites"]) == 1
    assert data["regions"][0]["path"] == "19.02"
    snapshot = ScoreSnapshot.objects.get()
    assert data["snapshot"]["id"] == snapshot.pk
    assert data["snapshot"]["answers"] == snapshot.answer_count == 2 * 6 + 21 + 6


def test_table_shows_the_ranking_with_band_labels(scored_cycle):
    out = score(scored_cycle.code)
    assert "19.02/disdukcapil-belitung  100.00  Zona hijau – kepatuhan tinggi" in out
    assert "Snapshot" in out


def test_csv_has_the_documented_columns(scored_cycle):
    lines = score(scored_cycle.code, "--format", "csv").splitlines()
    assert lines[0] == "level,path,name,score,band,zone,complete,products,missing"
    assert "provider,19.02/disdukcapil-belitung,Provider disdukcapil-belitung,100.00,hijau" in (
        "\n".join(lines)
    )


def test_an_unknown_cycle_names_the_known_ones(scored_cycle):
    with pytest.raises(CommandError, match="Known cycles: kepatuhan-2021"):
        score("nope")


def test_csv_defuses_names_that_spreadsheets_would_run_as_formulas(scored_cycle):
    scored_cycle.providers.update(name='=HYPERLINK("http://evil.example","x")')
    lines = score(scored_cycle.code, "--format", "csv").splitlines()
    provider_line = next(line for line in lines if line.startswith("provider,"))
    assert ",'=HYPERLINK(" in provider_line.replace('"', "")


def test_a_bad_stored_answer_is_reported_and_no_snapshot_is_stored(scored_cycle):
    scored_cycle.answers.filter(indicator="U03").update(value="maybe")
    with pytest.raises(CommandError, match=r"Scores were not stored: .*U03 takes yes or no"):
        score(scored_cycle.code)
    assert not ScoreSnapshot.objects.exists()


def test_a_cycle_pinned_to_a_survey_instrument_is_refused_with_a_message():
    cycle = factories.cycle([factories.provider()], instrument="skm-2017")

    with pytest.raises(CommandError, match=r"Scores were not stored: .*nrr"):
        commands.run("score", cycle.code)

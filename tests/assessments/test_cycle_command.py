import datetime as dt
import json

import pytest

from patuh.assessments.models import Phase
from tests import commands, factories

pytestmark = pytest.mark.django_db


def cycle_command(*args) -> str:
    return commands.run("cycle", *args)


def test_list_as_json_shows_instrument_and_scope():
    cycle = factories.cycle([factories.provider(), factories.provider()])
    data = json.loads(cycle_command("list", "--format", "json"))
    assert data == [
        {
            "code": cycle.code,
            "name": cycle.name,
            "year": 2021,
            "office": "Ombudsman RI Perwakilan Babel",
            "instrument": "ombudsman-2021 v1",
            "current_phase": None,
            "phases": [
                {"kind": "pengambilan_data", "starts_on": "2021-06-07", "ends_on": "2021-08-31"}
            ],
            "providers": 2,
        }
    ]


def test_show_as_json_lists_scope_and_answer_count():
    provider = factories.provider("disdukcapil-belitung")
    cycle = factories.cycle([provider])
    answers = factories.answer_everything(cycle)
    data = json.loads(cycle_command("show", cycle.code, "--format", "json"))
    assert data["scope"] == [{"path": "19.02/disdukcapil-belitung", "name": provider.name}]
    assert data["answers"] == answers


def test_show_as_text_names_the_phases():
    cycle = factories.cycle([factories.provider()])
    out = cycle_command("show", cycle.code)
    assert "pengambilan_data  2021-06-07 – 2021-08-31" in out


def test_current_phase_is_the_latest_started_phase_running_that_day():
    cycle = factories.cycle([factories.provider()])
    Phase.objects.create(
        cycle=cycle, kind="perbaikan", starts_on=dt.date(2021, 5, 5), ends_on=dt.date(2021, 6, 11)
    )
    Phase.objects.create(
        cycle=cycle,
        kind="sosialisasi",
        starts_on=dt.date(2021, 5, 5),
        ends_on=dt.date(2021, 5, 20),
    )
    Phase.objects.create(
        cycle=cycle,
        kind="pendampingan",
        starts_on=dt.date(2021, 5, 20),
        ends_on=dt.date(2021, 6, 7),
    )
    assert cycle.current_phase(dt.date(2021, 5, 4)) is None
    assert cycle.current_phase(dt.date(2021, 5, 10)).kind == "perbaikan"
    assert cycle.current_phase(dt.date(2021, 5, 25)).kind == "pendampingan"
    assert cycle.current_phase(dt.date(2021, 6, 8)).kind == "pengambilan_data"
    assert cycle.current_phase(dt.date(2021, 9, 1)) is None

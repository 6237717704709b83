"""`patuh compute --plan-to BAND`: each plan, written back into the answers file, scores what it
projects, and every fix in it is needed."""

import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError

from tests import commands

EXAMPLES = Path(__file__).resolve().parents[2] / "docs/examples"
# Every built-in instrument with bands that scores subjects, with an answers file it reads.
INSTRUMENTS = {
    "ombudsman-2021": ("answers-ombudsman-2021.csv", "hijau"),
    "ombudsman-2022": ("answers-ombudsman-2022.csv", "A"),
    "opini-2025": ("answers-opini-2025.csv", "sangat-baik"),
    "pekppp-2022": ("answers-pekppp-2022.csv", "A"),
    "pekppp-2017": ("answers-pekppp-2022.csv", "A"),
}


def compute(instrument: str, answers: Path, *args: str) -> dict:
    return json.loads(
        commands.run(
            "compute", "--instrument", instrument, "--answers", str(answers), "--format", "json",
            *args,
        )
    )  # fmt: skip


def rewritten(source: Path, target: Path, fixes: list[dict]) -> Path:
    """The answers file with each fix's value written over the answer it changes."""
    new = {(fix["level"], fix["path"], fix["indicator"]): fix["value"] for fix in fixes}
    with source.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(new) == len(fixes)
    changed = 0
    for row in rows:
        value = new.get((row["level"], row["path"], row["indicator"]))
        if value is not None:
            row["value"], changed = value, changed + 1
    assert changed == len(fixes), "every fix changes a row of the file"
    with target.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return target


def planned_entries(data: dict) -> list[tuple[str, dict]]:
    return [(name, entry) for name in ("units", "providers", "regions") for entry in data[name]]


@pytest.mark.parametrize("instrument", sorted(INSTRUMENTS))
def test_each_plan_written_into_the_file_scores_its_projection_and_needs_every_fix(
    instrument, tmp_path
):
    filename, band = INSTRUMENTS[instrument]
    source = EXAMPLES / filename
    data = compute(instrument, source, "--plan-to", band)
    lower = None
    with_fixes = 0
    for name, entry in planned_entries(data):
        plan = entry["plan"]
        assert set(plan) == {
            "target", "reachable", "projected_score", "projected_band", "reason", "fixes",
        }  # fmt: skip
        assert plan["target"] == band
        if not plan["fixes"]:
            continue
        with_fixes += 1
        for fix in plan["fixes"]:
            assert set(fix) == {"level", "path", "indicator", "value", "gain"}
            assert fix["path"].startswith(entry["path"])
        gains = [fix["gain"] for fix in plan["fixes"]]
        assert gains == sorted(gains, reverse=True)
        fixed = compute(instrument, rewritten(source, tmp_path / "fixed.csv", plan["fixes"]))
        after = next(e for e in fixed[name] if e["path"] == entry["path"])
        assert (after["score"], after["band"]) == (plan["projected_score"], plan["projected_band"])
        lower = lower or after["score"]
        for dropped in range(len(plan["fixes"])):
            rest = plan["fixes"][:dropped] + plan["fixes"][dropped + 1 :]
            short = compute(instrument, rewritten(source, tmp_path / "short.csv", rest))
            missed = next(e for e in short[name] if e["path"] == entry["path"])
            assert missed["band"] != band, f"{entry['path']} reaches {band} without fix {dropped}"
    assert with_fixes, "the example has subjects below the band"


def test_the_documented_example_needs_three_products_answers_fixed_for_green():
    data = compute("ombudsman-2021", EXAMPLES / "answers-ombudsman-2021.csv", "--plan-to", "hijau")
    provider = data["providers"][0]["plan"]
    assert (provider["reachable"], provider["projected_band"]) == (True, "hijau")
    assert [
        (f["path"].rsplit("/", 1)[1], f["indicator"], f["value"]) for f in provider["fixes"]
    ] == [
        ("kartu-keluarga", "P01", "baik"),
        ("kartu-keluarga", "P02", "baik"),
        ("kartu-keluarga", "P03", "baik"),
    ]
    assert Decimal(str(provider["projected_score"])) == Decimal("82.59")


def test_a_subject_in_the_band_already_gets_an_empty_plan():
    data = compute("ombudsman-2021", EXAMPLES / "answers-ombudsman-2021.csv", "--plan-to", "kuning")
    plan = data["providers"][0]["plan"]
    assert plan == {
        "target": "kuning",
        "reachable": True,
        "projected_score": 71.48,
        "projected_band": "kuning",
        "reason": None,
        "fixes": [],
    }


def test_a_missing_answer_makes_the_plan_unreachable_and_says_why(tmp_path):
    lines = (EXAMPLES / "answers-ombudsman-2021.csv").read_text().splitlines()
    path = tmp_path / "answers.csv"
    path.write_text("\n".join(line for line in lines if ",U05," not in line) + "\n")
    plan = compute("ombudsman-2021", path, "--plan-to", "hijau")["units"][0]["plan"]
    assert plan["reachable"] is False
    assert plan["reason"] == "the score is incomplete (missing answers: U05)"
    assert plan["fixes"] == []


def test_a_band_the_instrument_lacks_is_refused_before_anything_is_read(tmp_path):
    with pytest.raises(CommandError, match="no band 'A'; its bands are merah, kuning, hijau"):
        compute("ombudsman-2021", tmp_path / "not-read.csv", "--plan-to", "A")


def test_csv_and_table_output_carry_the_plans():
    source = str(EXAMPLES / "answers-ombudsman-2021.csv")
    args = ("--instrument", "ombudsman-2021", "--answers", source, "--plan-to", "hijau")
    rows = list(csv.DictReader(commands.run("compute", *args, "--format", "csv").splitlines()))
    provider = next(row for row in rows if row["level"] == "provider")
    assert (provider["plan_target"], provider["plan_reachable"]) == ("hijau", "yes")
    assert provider["plan_projected_score"] == "82.59"
    assert provider["plan_fixes"].count("=baik") == 3
    product = next(row for row in rows if row["level"] == "product")
    assert product["plan_target"] == ""
    table = commands.run("compute", *args)
    assert "PLANS TO ZONA HIJAU – KEPATUHAN TINGGI" in table
    assert "71.48 → 82.59 (Zona hijau – kepatuhan tinggi) with 3 fix(es):" in table

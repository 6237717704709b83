"""The registry import service: the rules each row is checked against, and all-or-nothing writes."""

from decimal import Decimal

import pytest
from django.utils import translation

from patuh.registry.file_format import COLUMNS
from patuh.registry.importing import RegistryImportError, import_registry
from patuh.registry.models import Government, Region, ServiceUnit, Website
from tests import factories
from tests.registry.tables import GOOD_COUNTS, GOOD_ROWS, registry_counts, write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The model's own messages appear in English, as the command shows them."""
    with translation.override("en"):
        yield


PROVINCE = {"record": "region", "code": "19", "name": "Kepulauan Bangka Belitung"}


def problems(tmp_path, rows, columns=COLUMNS) -> list[str]:
    with pytest.raises(RegistryImportError) as caught:
        import_registry(write_csv(tmp_path / "registry.csv", rows, columns=columns))
    return caught.value.problems


def region(code: str, **values) -> dict:
    return {"record": "region", "code": code, "name": f"Region {code}", **values}


def test_region_level_and_parent_follow_from_the_code(tmp_path):
    import_registry(write_csv(tmp_path / "r.csv", [PROVINCE, region("19.02"), region("19.71")]))

    assert list(Region.objects.values_list("code", "level", "parent__code")) == [
        ("19", "province", None),
        ("19.02", "regency", "19"),
        ("19.71", "city", "19"),
    ]


def test_region_level_that_the_code_does_not_tell_must_be_given(tmp_path):
    rows = [PROVINCE, region("19.00"), region("19.02")]

    assert problems(tmp_path, rows) == [
        "row 3, column level: cannot be told from code 19.00; give regency or city",
    ]
    rows[1]["level"] = "regency"
    import_registry(write_csv(tmp_path / "given.csv", rows))
    assert Region.objects.get(code="19.00").level == "regency"


def test_districts_are_not_regions_of_the_registry(tmp_path):
    rows = [PROVINCE, region("19.02"), region("19.02.01", level="regency")]

    reported = problems(tmp_path, rows)

    assert len(reported) == 1
    assert reported[0].startswith("row 4, column code: ")
    assert "19 or 19.02" in reported[0]


def test_region_level_and_parent_must_fit_the_code(tmp_path):
    rows = [
        region("19", level="regency"),
        region("18", parent="19"),
        region("19.02", level="province"),
        region("19.03", parent="18"),
    ]

    assert problems(tmp_path, rows) == [
        "row 2, column level: regency does not fit code 19: only a code without a dot is a"
        " province",
        "row 3, column parent: a province has no parent; leave it empty",
        "row 4, column level: province does not fit code 19.02: only a code without a dot is a"
        " province",
        "row 5, column parent: must be 19, the code without its last part",
    ]


def test_parent_region_must_exist_somewhere(tmp_path):
    assert problems(tmp_path, [region("19.02")]) == [
        "row 2, column parent: region 19 is neither in the file nor in the registry"
    ]


def test_rows_may_refer_to_rows_further_down(tmp_path):
    import_registry(write_csv(tmp_path / "reversed.csv", GOOD_ROWS[::-1]))

    assert registry_counts() == GOOD_COUNTS
    assert Region.objects.get(code="19.02").parent.code == "19"


def test_choices_and_record_types_may_be_capitalised(tmp_path):
    rows = [
        {**PROVINCE, "record": "Region", "level": "Province"},
        {"record": "GOVERNMENT", "code": "pemprov-babel", "name": "Pemprov", "kind": "Regional"}
        | {"region": "19"},
    ]

    import_registry(write_csv(tmp_path / "r.csv", rows))

    assert Government.objects.get().kind == "regional"


def test_government_region_must_match_its_kind_and_be_its_own(tmp_path):
    rows = [
        PROVINCE,
        {"record": "government", "code": "pemprov-a", "name": "A", "kind": "regional"},
        {"record": "government", "code": "pemprov-b", "name": "B", "kind": "regional"}
        | {"region": "19"},
        {"record": "government", "code": "pemprov-c", "name": "C", "kind": "regional"}
        | {"region": "19"},
        {"record": "government", "code": "pemprov-d", "name": "D", "kind": "federal"},
    ]

    assert problems(tmp_path, rows) == [
        "row 3, column region: required for a regional government",
        "row 5, column region: 19 already belongs to government pemprov-b on row 4",
        "row 6, column kind: Value 'federal' is not a valid choice.",
    ]


def test_a_government_may_move_to_a_region_another_one_left(tmp_path):
    first = factories.regional_government(factories.region("19.02"))
    rows = [
        region("19.06"),
        {"record": "government", "code": first.code, "name": first.name, "kind": "regional"}
        | {"region": "19.06"},
        {"record": "government", "code": "pemkab-baru", "name": "Baru", "kind": "regional"}
        | {"region": "19.02"},
    ]

    import_registry(write_csv(tmp_path / "r.csv", rows))

    assert dict(Government.objects.values_list("code", "region__code")) == {
        first.code: "19.06",
        "pemkab-baru": "19.02",
    }


def test_two_records_swapping_a_unique_value_fail_without_writing(tmp_path):
    provider = factories.provider("disdukcapil-a", website=False)
    Website.objects.create(provider=provider, code="one", url="https://one.example.go.id/")
    Website.objects.create(provider=provider, code="two", url="https://two.example.go.id/")
    rows = [
        {"record": "website", "provider": provider.code, "code": "one"}
        | {"url": "https://two.example.go.id/"},
        {"record": "website", "provider": provider.code, "code": "two"}
        | {"url": "https://one.example.go.id/"},
    ]

    with pytest.raises(RegistryImportError, match="the database refused the import"):
        import_registry(write_csv(tmp_path / "swap.csv", rows))

    assert Website.objects.get(code="one").url == "https://one.example.go.id/"


def test_website_url_must_be_unique_in_the_file_and_the_registry(tmp_path):
    provider = factories.provider("disdukcapil-a")
    website = {"record": "website", "provider": provider.code}
    rows = [
        website | {"url": "https://a.example.go.id/"},
        website | {"code": "copy", "url": "https://a.example.go.id/"},
        website | {"code": "other", "url": "https://disdukcapil-a.example.go.id/"},
        website | {"url": "not a url"},
    ]

    assert problems(tmp_path, rows) == [
        "row 3, column url: https://a.example.go.id/ already belongs to website"
        " a.example.go.id of provider disdukcapil-a on row 2",
        "row 4, column url: https://disdukcapil-a.example.go.id/ already belongs to website"
        " disdukcapil-a.example.go.id of provider disdukcapil-a in the registry",
        "row 5, column url: Enter a valid URL.",
    ]


def test_coordinates_accept_a_decimal_comma_and_check_their_range(tmp_path):
    provider = factories.provider("disdukcapil-a", units=0)
    unit = {"record": "unit", "provider": provider.code, "name": "Loket"}
    rows = [
        unit | {"code": "a", "latitude": "-2,7406", "longitude": "107,6525"},
        unit | {"code": "b", "latitude": "-2.1234567", "longitude": "181"},
    ]

    assert problems(tmp_path, rows) == [
        "row 3, column latitude: Ensure that there are no more than 6 decimal places.",
        "row 3, column longitude: Ensure this value is less than or equal to 180.",
    ]
    import_registry(write_csv(tmp_path / "good.csv", rows[:1]))
    assert ServiceUnit.objects.get().latitude == Decimal("-2.7406")


def test_header_columns_must_be_known_and_named_once(tmp_path):
    path = tmp_path / "registry.csv"
    path.write_text("record,code,name,Name,latitute,\nregion,19,Bangka,,,x\n", encoding="utf-8")

    with pytest.raises(RegistryImportError) as caught:
        import_registry(path)

    assert caught.value.problems == [
        "row 1, column name: appears twice (columns C and D)",
        f"row 1, column latitute: unknown column; the columns are {', '.join(COLUMNS)}",
        "row 2, column F: a value in a column without a name",
    ]


def test_a_value_in_a_column_the_record_does_not_use_is_a_problem(tmp_path):
    rows = [PROVINCE | {"provider": "disdukcapil-a", "url": "https://x.go.id/"}]

    assert problems(tmp_path, rows) == [
        "row 2, column provider: not used by region rows; leave it empty",
        "row 2, column url: not used by region rows; leave it empty",
    ]


def test_row_numbers_are_those_a_spreadsheet_shows(tmp_path):
    path = tmp_path / "registry.csv"
    path.write_text(
        'record,code,name\n\nregion,19,"Bangka\nBelitung"\nregion,1,One\n', encoding="utf-8"
    )

    with pytest.raises(RegistryImportError) as caught:
        import_registry(path)

    assert caught.value.problems == [
        "row 4, column code: Use a Kemendagri code such as 19 or 19.02."
    ]


def test_a_column_left_out_keeps_the_stored_value_and_an_empty_cell_clears_it(tmp_path):
    provider = factories.provider("disdukcapil-a", units=0)
    unit = ServiceUnit.objects.create(
        provider=provider, code="loket", name="Loket", address="Jl. Merdeka 1", latitude=-2
    )
    row = {"record": "unit", "provider": provider.code, "code": "loket", "name": "Loket Baru"}

    import_registry(
        write_csv(tmp_path / "names.csv", [row], columns=["record", "provider", "code", "name"])
    )
    unit.refresh_from_db()
    assert (unit.name, unit.address, unit.latitude) == ("Loket Baru", "Jl. Merdeka 1", -2)

    import_registry(write_csv(tmp_path / "all.csv", [row]))
    unit.refresh_from_db()
    assert (unit.name, unit.address, unit.latitude) == ("Loket Baru", "", None)


def test_an_import_is_one_event_in_the_audit_log(tmp_path):
    from patuh.audit.models import AuditEvent

    import_registry(write_csv(tmp_path / "registry.csv", GOOD_ROWS))

    [event] = AuditEvent.objects.filter(action="import")
    assert event.object_repr.endswith("registry.csv")
    assert event.after["region"] == "3 created, 0 updated, 0 unchanged"

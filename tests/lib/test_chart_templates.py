"""The chart templates: accessible SVG, values printed, styles told apart without colour, every
text escaped and every number written the way SVG reads it."""

import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from patuh.lib.charts import (
    Bar,
    Chart,
    Point,
    Segment,
    Series,
    Span,
    bar_chart,
    line_chart,
    progress_bar,
    strip_chart,
)

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = ("<script>alert(1)</script>", '"><svg onload=alert(1)>')


def render(chart: Chart) -> str:
    return render_to_string(chart.template, {"chart": chart})


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def texts(root: ET.Element) -> list[str]:
    return [element.text for element in root.iter(f"{SVG}text")]


def test_bar_chart_is_named_for_screen_readers_and_prints_its_values():
    svg = render(
        bar_chart(
            [
                Bar("Kabupaten Belitung", (Segment(5, "green"), Segment(3, "yellow"))),
                Bar("Kabupaten Belitung Timur", (Segment(2, "red"),)),
            ],
            chart_id="zones",
            title="Zones per regency",
            description="Providers per zone",
            legend_items=[("green", "Green"), ("yellow", "Yellow"), ("red", "Red")],
        )
    )

    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "zones-title zones-desc"
    assert root.find(f"{SVG}title").text == "Zones per regency"
    assert root.find(f"{SVG}desc").text == "Providers per zone"
    labels = texts(root)
    assert "Kabupaten Belitung" in labels
    # A stacked bar's counts inside its segments and its total after it; a lone segment's value
    # only after it.
    assert labels.count("5") == 1 and labels.count("3") == 1 and labels.count("8") == 1
    assert labels.count("2") == 1
    assert {"Green", "Yellow", "Red"} <= set(labels)


def test_zone_styles_differ_by_pattern_not_only_by_colour():
    svg = render(
        bar_chart(
            [Bar("x", (Segment(1, "red"), Segment(1, "yellow"), Segment(1, "green")))],
            chart_id="c",
            title="t",
            description="d",
        )
    )

    root = parse(svg)
    patterns = {p.get("id"): p for p in root.iter(f"{SVG}pattern")}
    assert set(patterns) == {"c-red", "c-yellow"}
    # Red is cross-hatched (two strokes), yellow single-striped; green is solid.
    assert patterns["c-red"].find(f"{SVG}path").get("d").count("M") == 2
    assert patterns["c-yellow"].find(f"{SVG}path").get("d").count("M") == 1
    fills = [rect.get("fill") for rect in root.findall(f"{SVG}rect")]
    assert fills == ["url(#c-red)", "url(#c-yellow)", "#1a7f37"]


def test_text_is_escaped():
    svg = render(
        bar_chart([Bar("<script>&", (Segment(1),))], chart_id="e", title="a<b", description="c&d")
    )

    assert "<script>" not in svg
    assert "&lt;script&gt;&amp;" in svg
    assert parse(svg).find(f"{SVG}title").text == "a<b"


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_is_written_as_text_in_every_kind_of_chart(hostile):
    charts = [
        bar_chart(
            [Bar(hostile, (Segment(1, "red", hostile), Segment(9, "green")), hostile)],
            chart_id="bars",
            title=hostile,
            description=hostile,
            legend_items=[("red", hostile)],
        ),
        line_chart(
            [Series(hostile, (Point(hostile, 10, hostile),)), Series("b", ())],
            chart_id="lines",
            title=hostile,
            description=hostile,
            x_labels=[hostile],
            guides=[(50, hostile)],
        ),
        strip_chart(
            [Span(0, 1, hostile, hostile)],
            chart_id="strip",
            title=hostile,
            end_label=hostile,
            value=0.5,
            value_label=hostile,
        ),
        progress_bar(1, 2, chart_id="progress", title=hostile, caption=hostile),
    ]

    for chart in charts:
        svg = render(chart)
        assert hostile not in svg
        root = parse(svg)
        # Nothing but the chart's own elements and attributes: no script, no nested svg, no
        # event handler; the text comes back whole where it is written.
        assert root.findall(f".//{SVG}script") == root.findall(f".//{SVG}svg") == []
        assert not any(name.startswith("on") for e in root.iter() for name in e.attrib)
        assert root.find(f"{SVG}title").text == hostile
        assert hostile in texts(root)


def test_numbers_are_written_with_a_decimal_point_in_indonesian_pages():
    chart = bar_chart(
        [Bar("a", (Segment(1234.5),), "1.234,5")],
        chart_id="n",
        title="t",
        description="d",
        max_value=3000,
    )

    with translation.override("id"):
        root = parse(render(chart))

    # 1234.5 of 3000 over the 364 pixels left beside the labels and the note.
    assert root.find(f"{SVG}rect").get("width") == "149.8"
    assert root.find(f"{SVG}text").get("y") == "23.4"
    assert "1.234,5" in texts(root)


def test_line_chart_labels_every_point_and_breaks_at_a_missing_value():
    svg = render(
        line_chart(
            [
                Series(
                    "Provider",
                    (Point("2019", 40, "40,0"), Point("2020", None), Point("2021", 85.5, "85,5")),
                ),
            ],
            chart_id="trend",
            title="Score per year",
            description="Normalised",
            x_labels=["2019", "2020", "2021"],
            guides=[(51, "kuning"), (81, "hijau")],
        )
    )

    root = parse(svg)
    labels = texts(root)
    assert {"2019", "2020", "2021", "40,0", "85,5", "kuning", "hijau"} <= set(labels)
    # No line across the missing year: two lone points, no polyline.
    assert root.findall(f"{SVG}polyline") == []
    assert len(root.findall(f"{SVG}circle")) == 2


def test_several_series_differ_by_marker_and_dash_and_are_named():
    svg = render(
        line_chart(
            [
                Series("A", (Point("1", 10), Point("2", 20))),
                Series("B", (Point("1", 30), Point("2", 40))),
            ],
            chart_id="two",
            title="t",
            description="d",
            x_labels=["1", "2"],
        )
    )

    root = parse(svg)
    lines = root.findall(f"{SVG}polyline")
    assert [line.get("stroke-dasharray") for line in lines] == [None, "6 4"]
    assert len(root.findall(f"{SVG}circle")) == 2
    assert len(root.findall(f"{SVG}rect")) == 2
    assert {"A", "B"} <= set(texts(root))


def test_a_strip_hatches_its_bands_writes_their_codes_and_points_at_the_value():
    svg = render(
        strip_chart(
            [Span(25, 65, "D", "25,00"), Span(65, 100, "C", "65,00")],
            chart_id="band-chart",
            title="IKM on the conversion table",
            end_label="100,00",
            value=82.6,
            value_label="IKM 82,60: C",
        )
    )

    root = parse(svg)
    # Named by its title alone: the caption at the pointer says the value.
    assert root.get("aria-labelledby") == "band-chart-title"
    assert root.find(f"{SVG}desc") is None
    patterns = [p.get("id") for p in root.iter(f"{SVG}pattern")]
    assert patterns == ["band-chart-0", "band-chart-1"]
    fills = [rect.get("fill") for rect in root.findall(f"{SVG}rect")]
    assert fills[0::2] == ["url(#band-chart-0)", "url(#band-chart-1)"]
    assert texts(root) == ["D", "25,00", "C", "65,00", "100,00", "IKM 82,60: C"]
    assert root.find(f"{SVG}line").get("stroke-width") == "3"


def test_a_progress_bar_is_an_outline_filled_up_to_the_count():
    root = parse(render(progress_bar(3, 169, chart_id="sample", title="t", caption="3 of 169")))

    outline, filled = root.findall(f"{SVG}rect")
    assert (outline.get("width"), outline.get("fill"), outline.get("stroke-width")) == (
        "320",
        "#ffffff",
        "2",
    )
    assert filled.get("width") == "5.7"
    assert texts(root) == ["3 of 169"]

"""The SVG helpers: accessible, values printed, styles told apart without colour."""

import subprocess
import sys
import xml.etree.ElementTree as ET

from patuh.lib.charts import Bar, Point, Segment, Series, bar_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def texts(root: ET.Element) -> list[str]:
    return [element.text for element in root.iter(f"{SVG}text")]


def test_bar_chart_is_named_for_screen_readers_and_prints_its_values():
    svg = bar_chart(
        [
            Bar("Kabupaten Belitung", (Segment(5, "green"), Segment(3, "yellow"))),
            Bar("Kabupaten Belitung Timur", (Segment(2, "red"),)),
        ],
        chart_id="zones",
        title="Zones per regency",
        description="Providers per zone",
        legend_items=[("green", "Green"), ("yellow", "Yellow"), ("red", "Red")],
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
    svg = bar_chart(
        [Bar("x", (Segment(1, "red"), Segment(1, "yellow"), Segment(1, "green")))],
        chart_id="c",
        title="t",
        description="d",
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
    svg = bar_chart([Bar("<script>&", (Segment(1),))], chart_id="e", title="a<b", description="c&d")

    assert "<script>" not in svg
    assert "&lt;script&gt;&amp;" in svg
    assert parse(svg).find(f"{SVG}title").text == "a<b"


def test_line_chart_labels_every_point_and_breaks_at_a_missing_value():
    svg = line_chart(
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

    root = parse(svg)
    labels = texts(root)
    assert {"2019", "2020", "2021", "40,0", "85,5", "kuning", "hijau"} <= set(labels)
    # No line across the missing year: two lone points, no polyline.
    assert root.findall(f"{SVG}polyline") == []
    assert len(root.findall(f"{SVG}circle")) == 2


def test_several_series_differ_by_marker_and_dash_and_are_named():
    svg = line_chart(
        [
            Series("A", (Point("1", 10), Point("2", 20))),
            Series("B", (Point("1", 30), Point("2", 40))),
        ],
        chart_id="two",
        title="t",
        description="d",
        x_labels=["1", "2"],
    )

    root = parse(svg)
    lines = root.findall(f"{SVG}polyline")
    assert [line.get("stroke-dasharray") for line in lines] == [None, "6 4"]
    assert len(root.findall(f"{SVG}circle")) == 2
    assert len(root.findall(f"{SVG}rect")) == 2
    assert {"A", "B"} <= set(texts(root))


def test_charts_import_no_django():
    script = (
        "import sys, patuh.lib.charts\n"
        "sys.exit(1 if any(m.startswith('django') for m in sys.modules) else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, check=False)
    assert result.returncode == 0, result.stderr

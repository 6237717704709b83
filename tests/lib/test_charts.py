"""Chart geometry, without Django: scales, bar layout, lines, strips and progress bars."""

import subprocess
import sys

import pytest

from patuh.lib.charts import (
    WIDTH,
    Bar,
    Point,
    Segment,
    Series,
    Span,
    bar_chart,
    line_chart,
    progress_bar,
    strip_chart,
)
from patuh.lib.shapes import Paint, Scale


def bars(*items: Bar, **options):
    return bar_chart(items, chart_id="c", title="t", description="d", **options)


def test_a_scale_maps_values_onto_pixels_either_way_up():
    across = Scale(0, 50, 208, 400)
    upwards = Scale(0, 100, 260, -244)

    assert (across.at(0), across.at(25), across.size(5)) == (208, 408, 40)
    assert (upwards.at(0), upwards.at(100)) == (260, 16)
    assert Scale(0, 0, 10, 300).at(7) == 10


def test_stacked_segments_adjoin_and_the_note_follows_the_bar():
    chart = bars(Bar("a", (Segment(30, "green"), Segment(20, "red"))), max_value=100)

    (row,) = chart.rows
    first, second = row.rects
    # Room after the bars for the note "50": 12 + 8 per character.
    assert (first.x, first.width) == (208, pytest.approx(0.3 * (WIDTH - 208 - 28), abs=0.1))
    assert second.x == pytest.approx(first.x + first.width, abs=0.1)
    assert row.note.text == "50"
    assert row.note.x == pytest.approx(second.x + second.width + 6, abs=0.1)
    assert (row.label.x, row.label.anchor) == (200, "end")


def test_without_a_maximum_the_longest_bar_fills_the_plot():
    chart = bars(Bar("a", (Segment(2),)), Bar("b", (Segment(4),), "four"))

    short, long = (row.rects[0] for row in chart.rows)
    assert long.x + long.width == WIDTH - 12 - 8 * len("four")
    assert short.width == pytest.approx(long.width / 2, abs=0.1)
    assert [row.rects[0].y for row in chart.rows] == [8, 38]


def test_values_are_written_inside_stacked_segments_wide_enough_for_them():
    chart = bars(
        Bar("stacked", (Segment(40, "green"), Segment(1, "yellow", "one"))),
        Bar("alone", (Segment(40, "green"),)),
        max_value=41,
    )

    stacked, alone = chart.rows
    # The one-wide segment has no room for "one"; a lone bar's note says its value.
    assert [text.text for text in stacked.values] == ["40"]
    assert (stacked.values[0].colour, stacked.values[0].halo) == ("#ffffff", "#1b1f24")
    assert alone.values == ()


def test_empty_segments_are_not_drawn():
    chart = bars(Bar("a", (Segment(0, "red"), Segment(3, "green"))))

    assert [rect.paint.fill for rect in chart.rows[0].rects] == ["#1a7f37"]


def test_long_labels_are_cut_to_the_label_column():
    chart = bars(Bar("Dinas Kependudukan dan Pencatatan Sipil", (Segment(1),)))

    assert chart.rows[0].label.text == "Dinas Kependudukan dan P…"
    assert len(chart.rows[0].label.text) == 200 // 8


def test_hatched_styles_get_a_pattern_and_the_incomplete_a_dashed_outline():
    chart = bars(
        Bar("a", (Segment(1, "red"), Segment(1, "none"))),
        legend_items=[("yellow", "Yellow"), ("none", "Incomplete")],
    )

    assert [(p.id, p.background, p.lines) for p in chart.patterns] == [
        ("c-red", "#b42318", "M0 0 L8 8 M8 0 L0 8"),
        ("c-yellow", "#f5c542", "M0 8 L8 0"),
    ]
    red, incomplete = chart.rows[0].rects
    assert red.paint == Paint("url(#c-red)")
    assert incomplete.paint == Paint("#ffffff", stroke="#57606a", dash="3 2")


def test_the_legend_sits_under_the_bars_one_swatch_after_another():
    chart = bars(
        Bar("a", (Segment(1, "green"),)),
        legend_items=[("green", "Green zone"), ("red", "Red")],
    )

    green, red = chart.legend
    assert chart.height == 8 + 30 + 26 + 4
    # Under the last row (8 + 30) after a gap of 4.
    assert (green.swatch.x, green.swatch.y, green.label.x, green.label.y) == (8, 42, 27, 54)
    assert red.swatch.x == 8 + 30 + 7 * len("Green zone")
    assert red.label.text == "Red"


def test_a_line_chart_places_points_on_its_scale_and_labels_them():
    chart = line_chart(
        [Series("s", (Point("2019", 0), Point("2020", 100, "100,0")))],
        chart_id="c",
        title="t",
        description="d",
        x_labels=["2019", "2020"],
        guides=[(50, "half")],
    )

    (series,) = chart.series
    assert series.lines[0].points == ((48, 260), (490, 16))
    assert series.lines[0].coordinates == "48,260 490,16"
    assert [(text.text, text.y) for text in series.labels] == [("0", 250), ("100,0", 6)]
    assert [text.text for text in chart.ticks] == ["0", "100"]
    (guide,) = chart.guides
    assert (guide.line.y1, guide.line.dash, guide.label.x) == (138, "2 4", 494)
    # One series needs no name beside it: the chart's title says it.
    assert series.name is None


def test_a_lone_category_is_centred():
    chart = line_chart(
        [Series("s", (Point("2021", 40),))],
        chart_id="c",
        title="t",
        description="d",
        x_labels=["2021"],
    )

    assert chart.categories[0].x == 48 + (WIDTH - 48 - 150) / 2
    assert chart.series[0].lines == ()
    assert [marker.x for marker in chart.series[0].markers] == [chart.categories[0].x]


def test_series_take_turns_of_marker_shape_and_dash_and_are_named():
    chart = line_chart(
        [Series(name, (Point("1", 10), Point("2", 20))) for name in "ABCDE"],
        chart_id="c",
        title="t",
        description="d",
        x_labels=["1", "2"],
    )

    assert [s.markers[0].shape for s in chart.series] == [
        "circle",
        "square",
        "triangle",
        "diamond",
        "circle",
    ]
    assert [s.lines[0].dash for s in chart.series] == ["", "6 4", "2 3", "8 3 2 3", ""]
    assert [s.name.text for s in chart.series] == list("ABCDE")
    square, triangle = chart.series[1].markers[0], chart.series[2].markers[0]
    assert (square.left, square.top) == (square.x - 5, square.y - 5)
    assert triangle.outline.startswith("M48 ") and triangle.outline.endswith(" Z")


def test_a_strip_lays_its_bands_end_to_end_with_their_bounds_on_two_rows():
    chart = strip_chart(
        [Span(0, 50, "C", "0"), Span(50, 75, "B", "50"), Span(75, 100, "A", "75")],
        chart_id="s",
        title="t",
        end_label="100",
    )

    assert [(band.rect.x, band.rect.width) for band in chart.bands] == [
        (0, 160),
        (160, 80),
        (240, 80),
    ]
    assert [(band.code.text, band.code.x, band.box.x) for band in chart.bands] == [
        ("C", 80, 72),
        ("B", 200, 192),
        ("A", 280, 272),
    ]
    assert [band.edge.y for band in chart.bands] == [62, 74, 62]
    assert (chart.end.x, chart.end.y, chart.end.anchor) == (320, 74, "end")
    assert [pattern.angle for pattern in chart.patterns] == [45, -45, 0]
    assert chart.pointer is None


def test_a_code_too_long_for_its_band_is_left_out_and_a_long_one_that_fits_gets_a_wide_box():
    chart = strip_chart(
        [Span(25, 32, "sangat-kurang", "25"), Span(32, 100, "cukup", "32")],
        chart_id="s",
        title="t",
        end_label="100",
    )

    narrow, wide = chart.bands
    assert (narrow.code, narrow.box) == (None, None)
    assert wide.code.text == "cukup"
    assert wide.box.width == 7 * len("cukup") + 9
    assert wide.box.x == wide.code.x - wide.box.width / 2


@pytest.mark.parametrize(
    ("value", "at", "anchor"), [(10, 32, "start"), (90, 288, "end"), (140, 320, "end")]
)
def test_the_strips_pointer_stays_on_the_strip_with_its_caption_inside(value, at, anchor):
    chart = strip_chart(
        [Span(0, 100, "A", "0")],
        chart_id="s",
        title="t",
        end_label="100",
        value=value,
        value_label="caption",
    )

    pointer = chart.pointer
    assert (pointer.line.x1, pointer.label.x, pointer.label.anchor) == (at, at, anchor)
    assert pointer.head == f"M{at} 22 l-6 -9 h12 z"


def test_a_progress_bar_fills_up_to_the_whole_box_at_most():
    half = progress_bar(1, 2, chart_id="p", title="t", caption="1 of 2")
    over = progress_bar(5, 2, chart_id="p", title="t", caption="5 of 2")

    assert (half.outline.width, half.bar.width, over.bar.width) == (320, 160, 320)
    assert half.view_box == "-2 0 324 44"
    assert half.caption.text == "1 of 2"


def test_charts_import_no_django():
    script = (
        "import sys, patuh.lib.charts, patuh.lib.shapes\n"
        "sys.exit(1 if any(m.startswith('django') for m in sys.modules) else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, check=False)
    assert result.returncode == 0, result.stderr


def test_a_label_column_fitted_to_the_labels_keeps_them_whole_up_to_half_the_chart():
    name = "Situs web: dpmptsp-b.example.go.id"
    fitted = bars(Bar(name, (Segment(1),)), label_width=None)
    too_long = bars(Bar("x" * 100, (Segment(1),)), label_width=None)

    assert fitted.rows[0].label.text == name
    assert fitted.rows[0].label.x == 8 * len(name)
    assert too_long.rows[0].label.x == 320 and too_long.rows[0].label.text.endswith("…")

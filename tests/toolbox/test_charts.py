"""The MAC curve and the other charts as pictures: every measure its own fill, every text inside the
picture, phone-sized text on the narrow drawing, numbers in the reader's format."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import cache

import pytest

from gia import i18n
from gia.dataset import load_submission
from gia.toolbox import svg
from gia.toolbox.mac import abatement_costs, mac_svg, propose
from gia.toolbox.scenario import MeasureChoice
from tests.conftest import EXAMPLES

NS = "{http://www.w3.org/2000/svg}"
#: a glyph of DejaVu Sans is at most about 0.6 em wide on average over words; the check allows that
GLYPH_EM = 0.6


@cache
def curve() -> tuple:
    """Every measure of the compendium that abates something in the Polish example, alone."""
    submission = load_submission(EXAMPLES / "pl-ssez-subzone.yaml")
    _chosen, costs = propose(submission)
    extra = [
        MeasureChoice(m) for m in ("heat_pump_air", "building_insulation", "district_heating_connection")
    ]
    return tuple(costs) + tuple(abatement_costs(submission, extra))


def bars(picture: str) -> list[ET.Element]:
    root = ET.fromstring(picture)
    return [r for r in root.iter(f"{NS}rect") if r.find(f"{NS}title") is not None]


def text_boxes(picture: str) -> list[tuple[str, float, float, float, float]]:
    """(text, left, top, right, bottom) of every line of text, estimated from its font size."""
    root = ET.fromstring(picture)
    default = float(root.get("font-size", "12"))
    boxes = []
    for node in root.iter(f"{NS}text"):
        size = float(node.get("font-size", default))
        anchor = node.get("text-anchor", "start")
        spans = node.findall(f"{NS}tspan") or [node]
        y = float(node.get("y", "0"))
        rotated = "rotate(-90" in (node.get("transform") or "")
        for span in spans:
            y += float(span.get("dy", "0")) if span is not node else 0.0
            x = float(span.get("x", node.get("x", "0")))
            content = "".join(span.itertext())
            width = len(content) * size * GLYPH_EM
            left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
            if rotated:  # turned about (x, y): the line runs upwards around y
                boxes.append((content, x - size, y - width / 2, x + size * 0.3, y + width / 2))
            else:
                boxes.append((content, left, y - size, left + width, y + size * 0.3))
    return boxes


def view_box(picture: str) -> tuple[float, float]:
    _x, _y, width, height = map(float, ET.fromstring(picture).get("viewBox", "").split())
    return width, height


def test_every_measure_on_the_curve_has_its_own_fill():
    costs = curve()
    on_curve = [c for c in costs if c.cost_per_t is not None and c.abatement.value > 0]
    assert len(on_curve) > len(svg.COLOURS)  # more measures than colours: the hatching must tell them apart
    for layout in (svg.WIDE, svg.NARROW):
        picture = mac_svg(costs, "en", layout)
        fills = [bar.get("fill") for bar in bars(picture)]
        assert len(fills) == len(on_curve)
        assert len(set(fills)) == len(fills), fills
        for fill in fills:  # a hatched fill is defined in the picture, under an id of this layout
            if fill.startswith("url(#"):
                assert f'id="{fill[5:-1]}"' in picture and layout.name in fill
        # each bar's legend entry has the same fill, and names the measure with its numbers
        legend = re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="12" height="12" fill="([^"]+)"', picture)
        assert legend == fills


@pytest.mark.parametrize("language", ["en", "pl", "de"])
@pytest.mark.parametrize("layout", [svg.WIDE, svg.NARROW], ids=["wide", "narrow"])
def test_no_text_leaves_the_picture(language: str, layout: svg.Layout):
    with i18n.override(language):
        picture = mac_svg(curve(), language, layout)
    width, height = view_box(picture)
    assert width == layout.width
    for content, left, top, right, bottom in text_boxes(picture):
        assert left >= 0 and right <= width, (content, left, right)
        assert top >= 0 and bottom <= height, (content, top, bottom)


def test_the_narrow_drawing_is_phone_sized_with_legible_text():
    picture = mac_svg(curve(), "en", svg.NARROW)
    width, _height = view_box(picture)
    # drawn at most at its own width on a 390 px screen (the page leaves about 360 px), so its
    # text keeps its size there: 11 px at least
    assert width <= 364
    sizes = [float(m) for m in re.findall(r'font-size="([\d.]+)"', picture)]
    assert min(sizes) >= 11


def test_numbers_follow_the_readers_language():
    costs = curve()
    with i18n.override("de"):
        german = mac_svg(costs, "de", svg.WIDE)
    with i18n.override("en"):
        english = mac_svg(costs, "en", svg.WIDE)
    assert "10.000" in german and "10,000" in english  # the axis ticks
    assert "Rooftop PV" in english and "PV-Dachanlage" in german
    assert "pv_rooftop" not in english


def test_long_names_wrap_inside_the_legend():
    lines = svg.wrap("Usuwanie nieszczelności sprężonego powietrza: -248 EUR/t CO2e, 362 t CO2e/rok", 300, 12)
    assert len(lines) > 1 and all(svg.text_width(line, 12) <= 300 for line in lines)
    assert " ".join(lines) == "Usuwanie nieszczelności sprężonego powietrza: -248 EUR/t CO2e, 362 t CO2e/rok"


@pytest.mark.parametrize("layout", [svg.WIDE, svg.NARROW], ids=["wide", "narrow"])
def test_the_hybrid_pictures_keep_their_text_inside(layout: svg.Layout):
    from gia.toolbox import hybrid

    place = hybrid.location("gdansk")
    study = hybrid.study("gdansk", hybrid.sector_load("commercial", 100_000, place.timezone), 35, 180)
    with i18n.override("pl"):
        pictures = [
            hybrid.week_svg(study, 40, 10, 20, 24, layout),
            hybrid.sweep_svg(hybrid.sweep(study, 0.6), layout),
        ]
    for picture in pictures:
        width, height = view_box(picture)
        for content, left, top, right, bottom in text_boxes(picture):
            assert left >= 0 and right <= width and top >= 0 and bottom <= height, content

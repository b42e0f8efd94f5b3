"""The printed page, as a typesetter at a finance bureau would look at it: read from the PDF that
``perfdocs build`` makes of the seed unit (7 projects) and of a long unit (the seed's projects seven times,
more than 40 pages), with PyMuPDF."""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from pathlib import Path

import pytest
from printedpage import Span, horizontal_rules, is_cjk, page_count, spans
from synthetic import write_unit

import perfdocs

pytestmark = pytest.mark.slow

#: Headings and the title are set larger than this; table text, the 目录 and the footer are not.
HEADING_SIZE = 14.5
#: The footer's page number, "— 7 —" (GB/T 9704), or a plain number.
FOOTER = re.compile(r"[\s—\-–]*[0-9]+[\s—\-–]*")
#: What the 一级指标 column may hold.
LEVEL1_LABELS = ("产出指标", "效益指标", "满意度指标", "成本指标")
#: Rules wider than this (points) run across the whole table; the text block is 156 mm (442 pt).
FULL_WIDTH = 400
#: Two full-width rules closer than this read as a double rule.
CLOSEST_RULES = 3.0


@pytest.fixture(scope="module", params=["seed", "long"])
def pdf(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, libreoffice: str) -> Path:
    folder = tmp_path_factory.mktemp(request.param)
    source = Path(__file__).resolve().parent.parent / "projects" / "2025"
    if request.param == "long":
        source = write_unit(folder / "unit", 56)
    output = folder / f"{request.param}.pdf"
    perfdocs.build(source, output)
    if request.param == "long":
        assert page_count(output) >= 40
    return output


def body_spans(pdf: Path) -> list[Span]:
    """Every span but the footer's page number."""
    return [span for span in spans(pdf) if not FOOTER.fullmatch(span.text)]


def test_table_text_is_serif_and_headings_are_sans(pdf: Path) -> None:
    cjk = [span for span in body_spans(pdf) if any(map(is_cjk, span.text))]
    headings = {span.font for span in cjk if span.size > HEADING_SIZE}
    body = {span.font for span in cjk if span.size <= HEADING_SIZE}
    assert headings
    assert body
    assert all("Sans" in font for font in headings), headings
    assert all("Serif" in font for font in body), body


def test_no_page_holds_only_its_footer(pdf: Path) -> None:
    pages_with_text = {span.page for span in body_spans(pdf)}
    assert sorted(pages_with_text) == list(range(1, page_count(pdf) + 1))


def test_every_continuation_page_starts_with_a_level1_label(pdf: Path) -> None:
    """A page that starts with the repeated header row has a 一级指标 label in the first cell under it."""
    rules = horizontal_rules(pdf)
    by_page: dict[int, list[Span]] = defaultdict(list)
    for span in body_spans(pdf):
        by_page[span.page].append(span)
    continuation = 0
    for page, found in by_page.items():
        top = min(found, key=lambda span: span.box[1])
        if top.text.strip() != "一级指标":
            continue
        continuation += 1
        left, right = top.box[0] - 2, top.box[2] + 2
        below = sorted(
            (s for s in found if s.box[1] > top.box[3] and s.box[0] >= left and s.box[2] <= right),
            key=lambda span: span.box[1],
        )
        assert below, page
        assert below[0].text.strip() in LEVEL1_LABELS, (page, below[0])
        middle = (left + right) / 2
        between = [
            r for r in rules if r.page == page and top.box[3] + 2 < r.y < below[0].box[1] and r.x0 <= middle <= r.x1
        ]
        assert len(between) <= 1, (page, between)  # the header's bottom border only
    if "long" in pdf.name:
        assert continuation > 0


def test_no_cell_line_holds_a_single_cjk_character(pdf: Path) -> None:
    lines: dict[tuple[int, tuple[int, int]], list[Span]] = defaultdict(list)
    for span in body_spans(pdf):
        if span.size <= HEADING_SIZE:
            lines[(span.page, span.line)].append(span)
    lone = [
        key for key, found in lines.items() if len(text := "".join(s.text for s in found).strip()) == 1 and is_cjk(text)
    ]
    assert not lone


def test_no_two_full_width_rules_stand_closer_than_3_pt(pdf: Path) -> None:
    covered: dict[tuple[int, float], float] = defaultdict(float)
    for rule in horizontal_rules(pdf):
        covered[(rule.page, round(rule.y * 2) / 2)] += rule.x1 - rule.x0
    for page, group in itertools.groupby(
        sorted(key for key, width in covered.items() if width > FULL_WIDTH), lambda key: key[0]
    ):
        ys = [y for _, y in group]
        close = [(a, b) for a, b in itertools.pairwise(ys) if 0 < b - a < CLOSEST_RULES]
        assert not close, (page, close)

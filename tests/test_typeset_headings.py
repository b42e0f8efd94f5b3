"""Headings broken in balance (:mod:`perfdocs.typeset.headings`)."""

from __future__ import annotations

from lxml import etree

from perfdocs.typeset.headings import balanced_break, broken_title
from perfdocs.typeset.metrics import EM, ESTIMATE

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: A line of the default template's heading: 156 mm of 16 pt text.
LINE = int(8844 / 20 / 16 * EM)


def test_a_long_heading_breaks_in_balance_and_a_short_one_not_at_all() -> None:
    heading = "1.法院办案业务、业务装备及审判辅助事务外包-2024中央绩效目标表"
    offsets = balanced_break(heading, LINE, ESTIMATE)
    assert len(offsets) == 1
    first, second = heading[: offsets[0]], heading[offsets[0] :]
    assert len(second) > 6  # not "目标表" alone
    assert abs(len(first) - len(second)) <= 6
    assert balanced_break("6.司法救助-2024中央绩效目标表", LINE, ESTIMATE) == []


def test_a_broken_title_is_escaped_xml_with_a_line_break() -> None:
    title = "<法院>&办案业务、业务装备及审判辅助事务外包-2024中央绩效目标表"
    xml = str(broken_title("1.", title, "", LINE, ESTIMATE))
    assert xml.count("<w:br/>") == 1
    assert "&lt;法院&gt;&amp;" in xml
    run = etree.fromstring(f'<w:r xmlns:w="{W[1:-1]}"><w:t>{xml}</w:t></w:r>')
    assert "".join(t.text for t in run.iter(f"{W}t")) == title

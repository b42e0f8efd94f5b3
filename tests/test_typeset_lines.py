"""Line breaking as LibreOffice does it (:mod:`perfdocs.typeset.lines`), measured with the estimate."""

from __future__ import annotations

from typesetting import broken, is_lone

from perfdocs.typeset.lines import AUTOSPACE, fill, lines, pieces, shape_of
from perfdocs.typeset.metrics import EM, ESTIMATE


def test_a_chinese_text_breaks_anywhere_and_a_lone_character_is_seen() -> None:
    assert broken("网站及调解服务成本", 8) == ["网站及调解服务成", "本"]
    assert pieces("网站及调解服务成本", ESTIMATE)[-1].alone
    assert not pieces("成本1", ESTIMATE)[-1].alone


def test_closing_punctuation_never_starts_a_line_and_opening_never_ends_one() -> None:
    assert broken("一二三四五六七（八）", 7) == ["一二三四五六七", "（八）"]
    assert broken("一二三四五六（七八", 7) == ["一二三四五六", "（七八"]
    assert broken("一二三四五六七八，九十", 7.2) == ["一二三四五六七", "八，九十"]


def test_punctuation_does_not_hang_into_the_margin() -> None:
    assert broken("一二三四五六七。", 7) == ["一二三四五六", "七。"]


def test_numbers_and_words_do_not_break_inside_and_spaces_are_break_points() -> None:
    assert broken("≥2300000页", 5) == ["≥2300000", "页"]
    assert broken("≤58.1 万元", 3.5) == ["≤58.1 ", "万元"]
    assert broken("abc def", 3.4) == ["abc ", "def"]


def test_the_measure_adds_the_gap_between_latin_and_chinese_text() -> None:
    assert sum(p.width for p in pieces("中1中", ESTIMATE)) == 2 * EM + EM // 2 + 2 * AUTOSPACE
    assert sum(p.width + p.space for p in pieces("中 1", ESTIMATE)) == EM + EM // 2 + EM // 2  # no gap


def test_fill_agrees_with_lines() -> None:
    texts = ["网站及调解服务成本", "≥2300000页", "档案电子化扫描数量（卷）", "abc def 中文文本，标点。", "一"]
    for text in texts:
        parts = pieces(text, ESTIMATE)
        for ems in (2, 3, 4.5, 6, 7.9, 8, 9, 12):
            if max(p.width for p in parts) > ems * EM:
                continue  # a word wider than the line: both break it only roughly
            found = lines(parts, int(ems * EM))
            assert fill(shape_of(parts), int(ems * EM)) == (len(found), any(map(is_lone, found))), (text, ems)

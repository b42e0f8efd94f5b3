"""Money is read and printed one way everywhere: exact cents, ASCII digits, no guessing, no rounding."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfdocs.money import AmountError, amount_text, convert, format_amount, parse_amount


@pytest.mark.parametrize(
    ("text", "amount"),
    [("418", "418.00"), ("18.8", "18.80"), ("18.800", "18.80"), (" 54.29 ", "54.29"), ("-0", "0.00"), ("0", "0.00")],
)
def test_an_amount_reads_as_whole_cents(text: str, amount: str) -> None:
    parsed = parse_amount(text)
    assert parsed == Decimal(amount)
    assert str(parsed) == amount


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("0.125", "超过两位小数：金额不四舍五入，请写出要印的两位小数"),
        ("1৪.80", "含有不是 0-9 的数字“৪”（U+09EA BENGALI DIGIT FOUR）：请只用半角数字 0-9"),
        ("１８.８０", "含有不是 0-9 的数字“１”（U+FF11 FULLWIDTH DIGIT ONE）：请只用半角数字 0-9"),
        ("18,80", "含有逗号：分不清逗号是小数点还是千分位，请去掉千分位，小数点用“.”"),
        ("18，80", "含有逗号：分不清逗号是小数点还是千分位，请去掉千分位，小数点用“.”"),
        ("1,234", "含有逗号：分不清逗号是小数点还是千分位，请去掉千分位，小数点用“.”"),
        ("1" * 16, "位数太多（超过 15 位）"),
        ("很多", "不是数字"),
        ("1e3", "不是数字"),
        ("NaN", "不是数字"),
    ],
)
def test_what_is_not_an_amount_says_why(text: str, reason: str) -> None:
    with pytest.raises(AmountError) as raised:
        parse_amount(text)
    assert str(raised.value) == reason


@pytest.mark.parametrize(
    ("text", "amount"), [("1,234.50", "1234.50"), ("１８.８０", "18.80"), ("771,325,800.00", "771325800.00")]
)
def test_documents_may_use_thousands_separators_and_full_width_digits(text: str, amount: str) -> None:
    assert parse_amount(text, thousands=True) == Decimal(amount)


@pytest.mark.parametrize("text", ["18,80", "1,234", "12,34.5", "1,2345.00", "1৪.80"])
def test_documents_still_refuse_what_could_be_misread(text: str) -> None:
    with pytest.raises(AmountError):
        parse_amount(text, thousands=True)


def test_printing_never_rounds() -> None:
    assert format_amount(Decimal("418")) == "418.00"
    assert format_amount(None) == ""
    assert format_amount(Decimal("771325800"), thousands=True) == "771,325,800.00"
    assert format_amount(Decimal("-0.00")) == "0.00"
    with pytest.raises(AmountError):
        format_amount(Decimal("0.125"))


def test_messages_show_an_amount_exactly() -> None:
    assert amount_text(Decimal("0.3")) == "0.30"
    assert amount_text(Decimal("0.0001")) == "0.0001"


def test_units_convert_exactly() -> None:
    assert convert(Decimal("18.80"), "万元", "元") == Decimal("188000")
    assert convert(Decimal("1"), "元", "万元") == Decimal("0.0001")

"""Money: the one way perfdocs reads an amount from text and prints it.

Amounts are :class:`~decimal.Decimal` with exactly two decimal places, the
cent of the money unit (万元 or 元), as the published tables print them. An
amount is never rounded: ``18.800`` is the amount 18.80, but ``0.125`` is
refused wherever it comes from (a YAML file, a Word or Excel table, a script),
because printing it as 0.13 or 0.12 would both publish a number nobody wrote.
Digits are ASCII only, and a comma is never guessed at: ``18,80`` may be a
decimal comma or a misplaced thousands separator.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from perfdocs.errors import PerfdocsError

PLACES = 2
CENT = Decimal(1).scaleb(-PLACES)
#: More digits than this is a typo: no budget of a unit comes near 10¹³ 万元.
MAX_DIGITS = 15
#: Each money unit a unit file or a document may use, and how many 元 it is: the one list of them.
MONEY_UNITS: dict[str, Decimal] = {"万元": Decimal(10000), "千元": Decimal(1000), "元": Decimal(1)}

_PLAIN = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?", re.ASCII)
_THOUSANDS = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+\.[0-9]+", re.ASCII)
_COMMAS = ",，"
TOO_MANY_PLACES = "超过两位小数：金额不四舍五入，请写出要印的两位小数"


class AmountError(PerfdocsError):
    """Text that is not an amount; the message says why, in words that can follow the text itself.

    ``not_a_number`` is set when the text is not a number at all (``很多``), rather than a number
    written in a way perfdocs will not guess at.
    """

    def __init__(self, reason: str, *, not_a_number: bool = False) -> None:
        super().__init__(reason)
        self.not_a_number = not_a_number


def parse_amount(text: str, *, thousands: bool = False) -> Decimal:
    """The amount ``text`` writes, with two places; :class:`AmountError` if it is not exactly one.

    ``thousands`` admits separators where they cannot be misread: ``1,234.50``
    (a comma every three digits, and a decimal point). Full-width digits are
    read as digits only when ``thousands`` is set too (text from documents).
    """
    written = text.strip()
    if thousands:
        written = _half_width(written)
        if _THOUSANDS.fullmatch(written):
            written = written.replace(",", "")
    if not _PLAIN.fullmatch(written):
        raise _not_an_amount(written)
    if len(written.lstrip("+-").replace(".", "").lstrip("0")) > MAX_DIGITS:
        raise AmountError(f"位数太多（超过 {MAX_DIGITS} 位）")
    return exact_cents(Decimal(written))


def exact_cents(amount: Decimal) -> Decimal:
    """``amount`` with two places; :class:`AmountError` if that would change it (``0.125``)."""
    try:
        cents = amount.quantize(CENT)
    except InvalidOperation as error:
        raise AmountError("不是一个有限的数") from error
    if cents != amount:
        raise AmountError(TOO_MANY_PLACES)
    return abs(cents) if cents.is_zero() else cents


def is_exact_cents(amount: Decimal) -> bool:
    try:
        exact_cents(amount)
    except AmountError:
        return False
    return True


def format_amount(amount: Decimal | None, *, thousands: bool = False) -> str:
    """An amount as the tables print it: ``418.00`` (``771,325,800.00`` with ``thousands``); blank stays blank.

    Raises :class:`AmountError` for an amount that is not whole cents: it is refused where it is read,
    and a script that builds its own data is told here rather than given a rounded number.
    """
    if amount is None:
        return ""
    cents = exact_cents(amount)
    return f"{cents:,}" if thousands else str(cents)


def amount_text(amount: Decimal) -> str:
    """An amount in a message, exactly: two places when it is whole cents, every digit when not."""
    return format_amount(amount) if is_exact_cents(amount) else f"{amount.normalize():f}"


def convert(amount: Decimal, from_unit: str, to_unit: str) -> Decimal:
    """``amount`` of ``from_unit`` in ``to_unit``, exactly (万元 to 元 multiplies by 10,000)."""
    return amount * MONEY_UNITS[from_unit] / MONEY_UNITS[to_unit]


def _half_width(text: str) -> str:
    """Full-width digits, point, comma and signs as ASCII (documents typed on a Chinese keyboard)."""
    return "".join(unicodedata.normalize("NFKC", char) if "\uff01" <= char <= "\uff5e" else char for char in text)


def _not_an_amount(text: str) -> AmountError:
    odd_digit = next((char for char in text if char.isdigit() and not char.isascii()), None)
    if odd_digit is not None:
        name = unicodedata.name(odd_digit, "")
        return AmountError(f"含有不是 0-9 的数字“{odd_digit}”（U+{ord(odd_digit):04X} {name}）：请只用半角数字 0-9")
    if any(comma in text for comma in _COMMAS):
        return AmountError("含有逗号：分不清逗号是小数点还是千分位，请去掉千分位，小数点用“.”")
    return AmountError("不是数字", not_a_number=True)

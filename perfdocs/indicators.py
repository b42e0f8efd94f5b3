"""An indicator's structured columns (指标性质, 指标方向, 目标值, 计量单位), given or read from its value.

The budget system's export prints a value in parts: "正向 | 大于等于 | 98 | %" for "≥98%". Where the
YAML gives a part, it is kept as the source says it (``≥``, ``大于等于`` and ``＞＝`` are the same
direction); where it does not, the part is read from the value. Each layout then prints a part in its
own words (:data:`DIRECTION_WORDS`, :data:`NATURE_WORDS`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from perfdocs.model import Indicator

QUALITATIVE = "定性"
POSITIVE = "正向"
NEGATIVE = "反向"
#: The sign perfdocs reasons with, for each way a 指标方向 is written.
DIRECTIONS = {
    "≥": "≥", "大于等于": "≥", "不低于": "≥", ">=": "≥", "＞＝": "≥",
    "≤": "≤", "小于等于": "≤", "不高于": "≤", "<=": "≤", "＜＝": "≤",
    "=": "=", "＝": "=", "等于": "=",
    ">": ">", "＞": ">", "大于": ">",
    "<": "<", "＜": "<", "小于": "<",
}  # fmt: skip
#: The budget system's words for each direction.
DIRECTION_WORDS = {"≥": "大于等于", "≤": "小于等于", "=": "等于", ">": "大于", "<": "小于"}
#: 指标性质 as each family of systems writes it; 定量 says only that there is a number.
NATURES = (POSITIVE, NEGATIVE, QUALITATIVE, "定量")
_NATURE_OF_SIGN = {"≥": POSITIVE, ">": POSITIVE, "=": POSITIVE, "≤": NEGATIVE, "<": NEGATIVE}
_BRACKETS = (("(", ")"), ("（", "）"))


@dataclass(frozen=True, slots=True)
class Parts:
    """An indicator's value in parts. ``sign`` is None for a qualitative indicator."""

    nature: str
    sign: str | None
    target: str
    measure_unit: str
    number: Decimal | None


def value_parts(indicator: Indicator) -> Parts:
    """The parts of ``indicator``: those its YAML gives, the others read from its value."""
    value = indicator.value
    sign = DIRECTIONS.get(indicator.direction) if indicator.direction else None
    if sign is None and value.is_quantitative:
        sign = value.operator or "="  # a number without a sign reads as equal
    derived_nature = _NATURE_OF_SIGN[sign] if value.is_quantitative and sign else QUALITATIVE
    nature = indicator.nature if indicator.nature in (POSITIVE, NEGATIVE, QUALITATIVE) else derived_nature
    if nature == QUALITATIVE:  # "11月底之前" reads as 11 and 月底之前, but says it is no quantity
        return Parts(nature, None, indicator.target or value.text, indicator.measure_unit, None)
    number = value.number
    target = indicator.target or (f"{number:f}" if number is not None else value.text)
    measure_unit = indicator.measure_unit or measure_unit_of(value.unit)
    return Parts(nature, sign, target, measure_unit, number)


def measure_unit_of(written: str) -> str:
    """The unit of a written value without the brackets some forms put round it: ``(%)`` is ``%``."""
    text = written.strip()
    for opening, closing in _BRACKETS:
        if len(text) > 2 and text[0] == opening and text[-1] == closing:
            return text[1:-1].strip()
    return text


def score_text(score: Decimal | None) -> str:
    """A 分值 as written (``10``, ``7.5``); blank where the data has none."""
    return "" if score is None else f"{score:f}"

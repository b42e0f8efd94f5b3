"""Excel number formats: the text a cell shows, exactly, or a refusal that says why.

A workbook stores numbers, not what they look like: a cell that shows ``95%``
holds 0.95, ``2025/1/31`` holds 45688, ``18.80`` may hold 18.8049. An import
must read what the user sees, and only when what is seen is the stored value:

- a number is taken to Excel's precision, 15 significant digits (so the binary
  noise of 3.3000000000000003 is gone), in :class:`~decimal.Decimal`, never float;
- its format is applied as Excel applies it: General, fixed decimals, thousands
  separators, percent, literal text and units (``0.00"万元"``), the sections for
  positive, negative, zero and text, and dates and times;
- a value the format does not show exactly (18.8049 shown as ``18.80``, a time
  of day behind a date, a zero shown as ``-`` or not at all, a negative number
  shown without its sign) is refused, and so is a format whose output cannot be
  known for sure (fractions, scientific notation, conditions, currency and
  locale codes, month and weekday names, Chinese numerals, fill characters):
  each refusal is a :class:`FormatError` whose message names the value, the
  format and what it shows.

The built-in formats a workbook refers to by number are openpyxl's, with the
ones that depend on the language of Excel taken as Chinese (zh-CN) Excel shows
them (format 14 shows ``2025/1/31``), and the currency ones refused.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Context, Decimal

from openpyxl.styles.numbers import BUILTIN_FORMATS

from perfdocs.errors import PerfdocsError, printable

#: Built-in formats that Excel shows according to its language: as zh-CN Excel shows them.
ZH_CN_FORMATS = {
    14: "yyyy/m/d",
    22: "yyyy/m/d h:mm",
    **dict.fromkeys((27, 36, 50, 52, 57), 'yyyy"年"m"月"'),
    **dict.fromkeys((28, 29, 51, 53, 54, 58), 'm"月"d"日"'),
    30: "m-d-yy",
    31: 'yyyy"年"m"月"d"日"',
    32: 'h"时"mm"分"',
    33: 'h"时"mm"分"ss"秒"',
    **dict.fromkeys((34, 55), '上午/下午h"时"mm"分"'),
    **dict.fromkeys((35, 56), '上午/下午h"时"mm"分"ss"秒"'),
    41: '_ * #,##0_ ;_ * \\-#,##0_ ;_ * "-"_ ;_ @_ ',
    43: '_ * #,##0.00_ ;_ * \\-#,##0.00_ ;_ * "-"??_ ;_ @_ ',
}
#: Built-in currency formats: their symbol depends on the language of the Excel that wrote the file.
CURRENCY_FORMATS = frozenset({5, 6, 7, 8, 42, 44})
#: Excel keeps 15 significant digits of a number; what lies beyond them is binary noise.
DIGITS = 15
#: Excel cannot hold a number closer to 0 than about 1E-307.
SMALLEST_EXPONENT = -307
#: Excel's General format shows a number this large, or this small, in scientific notation.
GENERAL_LARGEST = Decimal("1e11")
GENERAL_SMALLEST = Decimal("1e-4")
#: The last day Excel shows as a date (9999-12-31), as a serial number.
LAST_SERIAL = 2958465
_FALSE_LEAP_DAY = 60  # 1900-02-29: Excel counts it, as Lotus 1-2-3 did, but it never was
_MAX_PLACES = 30
_MAX_PERCENT = 2
_EXACT = Context(prec=120)
_COLOURS = re.compile(r"black|blue|cyan|green|magenta|red|white|yellow|color\s*\d+", re.IGNORECASE)
_LANGUAGE = re.compile(r"\$-([0-9a-f]{1,4})", re.IGNORECASE)
_LITERAL_CHARACTERS = " $-+():!^&'~{}<>="
_UNKNOWN = "，无法确定 Excel 显示的样子"
#: Date and time fields; ``i`` is minutes, which a format writes ``m`` like months.
_PER_DAY = {"s": 86400, "i": 1440, "h": 24}
#: What a format whose finest field is this one leaves out.
_HIDDEN_TIME = {"d": "时间", "h": "分和秒", "i": "秒", "s": "不足一秒的部分"}


class FormatError(PerfdocsError):
    """A value that cannot be read as its cell shows it; the message is a clause about the value and format,
    to follow the cell's name (``…的 C5 单元格`` + ``的值是 18.8049，按格式…``)."""


def builtin_format(number: int) -> str | None:
    """The code of a built-in format, as zh-CN Excel shows it; None for a number that is not built in.

    Raises :class:`FormatError` for the built-in currency formats.
    """
    if number in CURRENCY_FORMATS:
        raise FormatError(f"用了内置的货币格式（编号 {number}），它的货币符号取决于 Excel 的语言{_UNKNOWN}")
    return ZH_CN_FORMATS.get(number) or BUILTIN_FORMATS.get(number)


# --- Tokens -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # literal, digit, point, comma, percent, general, text, date, slash, condition, refused
    text: str  # the literal's text, the placeholder (0 # ?), the date letters, or why it is refused


@dataclass(frozen=True)
class _Section:
    """One section of a format (``0.00`` of ``0.00;-0.00;"-"``), tokenised once."""

    tokens: tuple[_Token, ...]

    @functools.cached_property
    def kinds(self) -> frozenset[str]:
        return frozenset(token.kind for token in self.tokens)

    @property
    def refused(self) -> str:
        """Why this section cannot be shown for sure, or ""."""
        return next((token.text for token in self.tokens if token.kind in ("refused", "condition")), "")

    @functools.cached_property
    def layout(self) -> _Layout | str:
        """The section as a number's layout, or why it cannot be one; worked out once for all its cells."""
        try:
            return _layout(self)
        except FormatError as error:
            return str(error)

    @functools.cached_property
    def date_parts(self) -> list[tuple[str, str]] | str:
        """The section as a date's fields and text, or why it cannot be shown; worked out once."""
        try:
            return _date_parts(self)
        except FormatError as error:
            return str(error)

    def literal(self, text: str = "") -> str:
        """The section's text with ``text`` where it has ``@``."""
        return "".join(text if token.kind == "text" else token.text for token in self.tokens)


def _sections(code: str) -> list[_Section]:
    """``code`` split at the semicolons that separate sections (not those quoted), each tokenised."""
    sections: list[_Section] = []
    tokens: list[_Token] = []
    index = 0
    while index < len(code):
        if code[index] == ";":
            sections.append(_Section(tuple(tokens)))
            tokens, index = [], index + 1
            continue
        token, index = _token(code, index)
        if token.text or token.kind != "literal":
            tokens.append(token)
    sections.append(_Section(tuple(tokens)))
    return sections


def _token(code: str, index: int) -> tuple[_Token, int]:  # noqa: PLR0911 - one return per kind of token
    """The token at ``index`` and the index after it."""
    char, rest = code[index], code[index:]
    if char == '"':
        end = code.find('"', index + 1)
        if end < 0:
            return _Token("refused", "的引号没有成对"), len(code)
        return _Token("literal", code[index + 1 : end]), end + 1
    if char in "\\_*":
        return _escape(char, code[index + 1 : index + 2]), index + 2
    if char == "[":
        end = code.find("]", index)
        if end < 0:
            return _Token("refused", "的方括号没有成对"), len(code)
        return _bracket(code[index + 1 : end]), end + 1
    if char in _PLAIN_TOKENS:
        return _Token(_PLAIN_TOKENS[char], char), index + 1
    if rest[:7].casefold() == "general" or rest.startswith("G/通用格式"):
        return _Token("general", ""), index + (7 if rest[:1] != "G" or rest[1:2] != "/" else 6)
    if char in "eE" and rest[1:2] in ("+", "-"):
        return _Token("refused", "是科学计数法"), index + 2
    if rest[:5].upper() == "AM/PM" or rest[:3].upper() == "A/P" or rest.startswith("上午/下午"):
        return _Token("refused", "有上午/下午，它的写法取决于 Excel 的语言"), len(code)
    if char.casefold() in "ymdhs":
        end = index
        while end < len(code) and code[end].casefold() == char.casefold():
            end += 1
        return _Token("date", char.casefold() * (end - index)), end
    if char in _LITERAL_CHARACTERS or not char.isascii():
        return _Token("literal", char), index + 1
    return _Token("refused", f"有不认识的格式字符“{char}”"), index + 1


_PLAIN_TOKENS = {"0": "digit", "#": "digit", "?": "digit", ".": "point", ",": "comma", "%": "percent"}
_PLAIN_TOKENS |= {"@": "text", "/": "slash"}


def _escape(char: str, following: str) -> _Token:
    """``\\x`` shows x; ``_x`` leaves the width of x blank; ``*x`` fills the cell with x."""
    if not following:
        return _Token("refused", f"的“{char}”后面缺少字符")
    if char == "\\":
        return _Token("literal", following)
    if char == "_" or following == " ":
        return _Token("literal", " " if char == "_" else "")  # white space around the number
    return _Token("refused", f"用“{following}”填满单元格，显示多少个取决于列宽")


def _bracket(content: str) -> _Token:
    """A ``[...]`` of a format: a colour or a language (both ignored), or refused."""
    language = _LANGUAGE.fullmatch(content)
    if _COLOURS.fullmatch(content) or (language and not language.group(1).upper().startswith("F")):
        return _Token("literal", "")  # a language sets month and day names, which are refused anyway
    if content.startswith("$"):
        return _Token("refused", f"有货币符号、系统格式或语言代码“[{content}]”")
    if content[:1] in ("<", ">", "="):
        return _Token("condition", f"有条件“[{content}]”")
    if content and set(content.casefold()) <= set("hms"):
        return _Token("refused", f"是累计时间“[{content}]”")
    if content.casefold().startswith(("dbnum", "natnum")):
        return _Token("refused", f"把数字写成中文（“[{content}]”）")
    return _Token("refused", f"有不认识的“[{content}]”")


# --- Formats ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CellFormat:
    """A number format, parsed: what it shows for a number (:meth:`number`) and for text (:meth:`text`)."""

    code: str
    numeric: tuple[_Section, ...]  # positive (and all), negative, zero; none for General
    text_section: _Section | None = None
    refused: str = ""  # why no number can be shown for sure with this format

    @property
    def shown_code(self) -> str:
        """The code as a message quotes it: printable, and cut short when it is long."""
        return excerpt(self.code)

    def number(self, value: Decimal, *, date1904: bool = False) -> str:
        """What the cell shows for ``value``; :class:`FormatError` unless that is ``value``, exactly."""
        stored = excel_value(value)
        if not self.numeric:
            return _general(stored)
        if self.refused:
            raise FormatError(f"的格式“{self.shown_code}”{self.refused}{_UNKNOWN}")
        section, shown, sign = self._section_for(stored)
        if section.refused:
            raise FormatError(f"的格式“{self.shown_code}”{section.refused}{_UNKNOWN}")
        if "date" in section.kinds:
            if stored < 0:
                raise FormatError(f"的值是负数 {plain(stored)}，不能显示为日期（Excel 显示为 #####）")
            return _date(section, stored, self.shown_code, date1904=date1904)
        if not section.kinds & {"digit", "point", "general"}:
            shows = section.literal()
            described = f"显示为“{shows}”" if shows.strip() else "什么也不显示"
            raise FormatError(f"的值是 {plain(stored)}，但格式“{self.shown_code}”让它{described}，看不到这个数")
        return _number(section, shown, self.shown_code, stored, sign)

    def text(self, value: str) -> str:
        """What the cell shows for text ``value``: the format's text section around it, or the text itself."""
        section = self.text_section
        if section is None:
            return value
        if section.refused:
            raise FormatError(f"的格式“{self.shown_code}”{section.refused}{_UNKNOWN}")
        if "text" not in section.kinds and (value or section.literal()):
            shows = section.literal()
            described = f"显示为“{shows}”" if shows.strip() else "什么也不显示"
            raise FormatError(f"的内容是“{excerpt(value)}”，但格式“{self.shown_code}”让它{described}，看不到这段文字")
        return section.literal(value)

    def _section_for(self, value: Decimal) -> tuple[_Section, Decimal, str]:
        """The section Excel uses for ``value``, the number shown there, and the sign Excel puts before it."""
        sections = self.numeric
        if value < 0 and len(sections) > 1:  # the second section shows negative numbers, without a sign of its own
            section = sections[1]
            signed = any(t.kind == "literal" and ("-" in t.text or "(" in t.text) for t in section.tokens)
            if not signed and section.kinds & {"digit", "general"}:
                raise FormatError(
                    f"是负数 {plain(value)}，但格式“{self.shown_code}”显示它时没有负号或括号，看起来像正数"
                )
            return section, -value, ""
        if value == 0 and len(sections) > 2:
            return sections[2], value, ""
        return sections[0], abs(value), "-" if value < 0 else ""


@functools.lru_cache(maxsize=1024)
def cell_format(code: str) -> CellFormat:
    """The format ``code`` (``0.00%``, ``yyyy"年"m"月"d"日";@``), parsed once however many cells use it."""
    if code.casefold() in ("general", "g/通用格式", ""):
        return CellFormat(code, ())
    sections = _sections(code)
    text_section = sections.pop() if len(sections) == 4 or "text" in sections[-1].kinds else None
    refused = ""
    if len(sections) > 3:
        refused = "的分节超过四节"
    elif any("text" in section.kinds for section in sections):
        refused = "的文字占位符“@”不在最后一节"
    elif conditions := [s.refused for s in sections if "condition" in s.kinds]:
        refused = conditions[0]  # a condition changes which section shows a number
    return CellFormat(code, tuple(sections), text_section, refused)


def excerpt(text: str, limit: int = 40) -> str:
    """Text from a file as a message quotes it: printable (:func:`~perfdocs.errors.printable`), at most
    ``limit`` characters and "…"."""
    return printable(text[:limit]) + ("…" if len(text) > limit else "")


def excel_value(value: Decimal) -> Decimal:
    """``value`` as Excel keeps it: 15 significant digits (3.3000000000000003 is 3.3)."""
    if not value.is_finite():
        raise FormatError(f"的值不是有限的数（{value}）")
    if value.is_zero():
        return Decimal(0)
    if value.adjusted() >= DIGITS:
        raise FormatError(f"的值 {excerpt(str(value))} 超过 {DIGITS} 位整数，Excel 无法精确存放它")
    if value.adjusted() < SMALLEST_EXPONENT:
        raise FormatError(f"的值 {excerpt(str(value))} 太接近 0，Excel 无法存放它")
    if len(value.as_tuple().digits) <= DIGITS:
        return value
    return value.quantize(Decimal(1).scaleb(value.adjusted() - DIGITS + 1), ROUND_HALF_UP, _EXACT)


def plain(value: Decimal) -> str:
    """A number in a message: every digit, no exponent, no trailing zeros."""
    text = f"{value.normalize(_EXACT):f}"
    return "0" if text in ("0", "-0") else text


def _general(value: Decimal) -> str:
    if value and not GENERAL_SMALLEST <= abs(value) < GENERAL_LARGEST:
        raise FormatError(f"的值是 {plain(value)}，按“常规”格式 Excel 会用科学计数法显示它（如 1.2E+11）")
    return plain(value)


# --- Numbers ----------------------------------------------------------------------------------------------------


@dataclass
class _Layout:
    """A number section taken apart: text before and after, placeholders before and after the point."""

    before: list[str] = field(default_factory=list)
    integer: list[str] = field(default_factory=list)
    fraction: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)
    point: bool = False
    grouped: bool = False
    percent: int = 0
    general: bool = False

    @property
    def exponent(self) -> Decimal:
        """The place of the last decimal shown: ``Decimal("0.01")`` for two."""
        return Decimal(1).scaleb(-len(self.fraction))


def _layout(section: _Section) -> _Layout:
    """The layout of a number section; :class:`FormatError` for one whose output is not certain."""
    if "slash" in section.kinds:
        raise FormatError("是分数")
    layout, phase, comma = _Layout(), "before", False
    for token in section.tokens:
        if comma and token.kind != "digit":
            raise FormatError("在数字末尾有逗号，它把显示的数除以 1000")
        comma = token.kind == "comma"
        phase = _place(layout, token, phase)
    if comma:
        raise FormatError("在数字末尾有逗号，它把显示的数除以 1000")
    if layout.grouped and "?" in layout.integer:
        raise FormatError("把千分位和“?”混在一起")
    if layout.general and layout.percent:
        raise FormatError("把“常规”和百分号混在一起")
    if len(layout.fraction) > _MAX_PLACES or layout.percent > _MAX_PERCENT:
        raise FormatError("的小数位或百分号太多")
    return layout


def _place(layout: _Layout, token: _Token, phase: str) -> str:
    """Put ``token`` in ``layout``; the phase after it: before, integer, fraction or after the number."""
    kind = token.kind
    if kind == "comma":
        if phase != "integer":
            raise FormatError("在数字末尾有逗号，它把显示的数除以 1000")
        layout.grouped = True  # a digit must follow (checked by the caller): a separator of thousands
        return phase
    if kind == "digit":
        if phase == "after":
            raise FormatError("的数字中间夹着文字")
        (layout.fraction if phase == "fraction" else layout.integer).append(token.text)
        return "fraction" if phase == "fraction" else "integer"
    if kind == "point":
        if layout.point or phase == "after":
            raise FormatError("有不止一个小数点")
        layout.point = True
        return "fraction"
    if kind == "general":
        if layout.integer or layout.point or layout.general:
            raise FormatError("把“常规”和数字占位符混在一起")
        layout.general = True
        return "after"
    layout.percent += kind == "percent"  # literal text or a percent sign, before or after the number
    (layout.before if phase == "before" else layout.after).append(token.text)
    return "before" if phase == "before" else "after"


def _number(section: _Section, value: Decimal, code: str, stored: Decimal, sign: str) -> str:
    """``value`` (not negative: the ``stored`` value or its size) shown with a number section; refused unless
    it shows that exactly, with at least one of its digits (``#`` shows nothing for 0, ``"-"??`` a dash)."""
    layout = section.layout
    if isinstance(layout, str):
        raise FormatError(f"的格式“{code}”{layout}{_UNKNOWN}")
    scaled = value.scaleb(2 * layout.percent, _EXACT)
    rounded = scaled if layout.general else scaled.quantize(layout.exponent, ROUND_HALF_UP, _EXACT)
    digits = _general(scaled) if layout.general else _placed(rounded, layout)
    shown = sign + "".join(layout.before) + digits + "".join(layout.after)
    if not any(char.isdigit() for char in digits):
        described = f"显示为“{shown.strip()}”" if shown.strip() else "什么也不显示"
        raise FormatError(f"的值是 {plain(stored)}，但格式“{code}”让它{described}，看不到这个数")
    if digits.rstrip().endswith("."):
        raise FormatError(
            f"的值是 {plain(stored)}，按格式“{code}”显示为“{shown.strip()}”，末尾只有一个小数点，"
            "别的软件显示时会去掉它：请改为“常规”或“0.00”这样的格式"
        )
    if rounded != scaled:
        raise FormatError(
            f"的值是 {plain(stored)}，按格式“{code}”显示为“{shown.strip()}”，显示的数与存放的数不同"
            "（存放的数有格式没显示的位数）：请把数改为显示的样子（如用 ROUND 函数），或改格式显示全部位数"
        )
    return shown


def _placed(rounded: Decimal, layout: _Layout) -> str:
    """The digits of ``rounded`` in the placeholders (``0`` pads with 0, ``?`` with a space, ``#`` with nothing)."""
    whole, _, decimals = f"{rounded:f}".partition(".")
    whole = whole.lstrip("0")
    missing = max(len(layout.integer) - len(whole), 0)
    integer = "".join({"0": "0", "?": " "}.get(p, "") for p in layout.integer[:missing]) + whole
    if layout.grouped:
        integer = ",".join(integer[max(end - 3, 0) : end] for end in range(len(integer), 0, -3)[::-1])
    fraction = list(decimals)
    for index in range(len(fraction) - 1, -1, -1):  # trailing zeros: # drops them, ? makes them spaces
        if fraction[index] != "0" or layout.fraction[index] == "0":
            break
        fraction[index] = " " if layout.fraction[index] == "?" else ""
    return integer + ("." + "".join(fraction) if layout.point else "")


# --- Dates and times --------------------------------------------------------------------------------------------


def _date(section: _Section, value: Decimal, code: str, *, date1904: bool) -> str:
    """A serial number shown as a date or time; refused unless the format shows all of it down to its
    finest part (a date hides no time of day, a time no seconds). Larger parts may be left out: a
    format without the year (``m"月"d"日"``) shows the date as its user chose to show it."""
    parts = section.date_parts
    if isinstance(parts, str):
        raise FormatError(f"的格式“{code}”{parts}{_UNKNOWN}")
    fields = {part for part, _ in parts}
    finest = next((unit for unit in _PER_DAY if unit in fields), "d")
    per_day = _PER_DAY.get(finest, 1)
    nearest = _EXACT.multiply(value, per_day).to_integral_value(ROUND_HALF_UP)
    exact = excel_value(_EXACT.divide(nearest, per_day)) == value
    units = nearest if exact else _EXACT.multiply(value, per_day).to_integral_value(ROUND_FLOOR)  # as Excel cuts it
    days, rest = divmod(int(units), per_day)
    moment = _moment(days, date1904=date1904, shows_date=bool(fields & set("ymd")))
    moment += datetime.timedelta(seconds=rest * 86400 // per_day)
    shown = "".join(_date_field(part, text, moment) for part, text in parts)
    if not exact:
        raise FormatError(
            f"的值是 {plain(value)}，按格式“{code}”显示为“{shown}”，它还有格式没显示的{_HIDDEN_TIME[finest]}："
            "请改格式显示全部，或把值改为显示的样子"
        )
    return shown


def _date_parts(section: _Section) -> list[tuple[str, str]]:
    """The section as (field, text) pairs: a field letter (``i`` for minutes) and its letters, or ("", text)."""
    tokens = section.tokens
    if section.kinds & {"digit", "general", "percent", "comma"}:
        raise FormatError("把日期和数字混在一起（或有几分之一秒）")
    dates = [token.text[0] for token in tokens if token.kind == "date"]
    parts, position = [], 0
    for token in tokens:
        if token.kind != "date":
            parts.append(("", token.text))
            continue
        letter, before = token.text[0], dates[position - 1] if position else ""
        after = dates[position + 1] if position + 1 < len(dates) else ""
        position += 1
        if letter == "m" and (before == "h" or after == "s"):
            letter = "i"
        if letter != "y" and len(token.text) > 2:
            names = {"m": "月份名称", "d": "星期名称"}.get(letter, "过长的时间代码")
            raise FormatError(f"显示{names}（“{token.text}”），它的写法取决于 Excel 的语言")
        parts.append((letter, token.text))
    return parts


def _moment(days: int, *, date1904: bool, shows_date: bool) -> datetime.datetime:
    """The start of Excel's serial day ``days``; a time alone is shown on day 0, whatever its day."""
    if not shows_date:
        return datetime.datetime(1900, 1, 1)
    if date1904:
        if not 0 <= days <= LAST_SERIAL - 1462:
            raise FormatError(f"的值 {days} 不是 Excel 能显示的日期（Excel 显示为 #####）")
        return datetime.datetime(1904, 1, 1) + datetime.timedelta(days=days)
    if not 1 <= days <= LAST_SERIAL:
        raise FormatError(f"的值 {days} 不是 Excel 能显示的日期（Excel 显示为 #####）")
    if days <= _FALSE_LEAP_DAY:
        raise FormatError(
            f"的值 {days} 是 1900 年 3 月 1 日以前的日期：Excel 把 1900 年当作闰年（有“2 月 29 日”），"
            "这些日期在 Excel 和别的软件里显示得不一样"
        )
    return datetime.datetime(1899, 12, 30) + datetime.timedelta(days=days)


def _date_field(part: str, text: str, moment: datetime.datetime) -> str:
    """One field of a date or time as the format's letters write it (``yyyy``, ``m``, ``dd``, ``ss``)."""
    if not part:
        return text
    if part == "y":
        return f"{moment.year:04d}" if len(text) > 2 else f"{moment.year % 100:02d}"
    number = {"m": moment.month, "d": moment.day, "h": moment.hour, "i": moment.minute, "s": moment.second}[part]
    return f"{number:0{len(text)}d}"

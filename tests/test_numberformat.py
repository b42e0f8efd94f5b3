"""Excel number formats: each value shown as Excel shows it, or refused with the reason."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfdocs.importing.numberformat import FormatError, builtin_format, cell_format


@pytest.mark.parametrize(
    ("code", "value", "shown"),
    [
        ("General", "3.3000000000000003", "3.3"),  # Excel keeps 15 significant digits: the binary noise goes
        ("General", "0.30000000000000004", "0.3"),
        ("General", "18.800000000000001", "18.8"),
        ("General", "418", "418"),
        ("General", "-5.5", "-5.5"),
        ("General", "1E+2", "100"),
        ("G/通用格式", "7.25", "7.25"),
        ("0.00", "18.8", "18.80"),
        ("0.00", "18.800000000000001", "18.80"),
        ("0", "-3", "-3"),
        ("#,##0.00", "1234567.5", "1,234,567.50"),
        ("#,##0", "1234", "1,234"),
        ("#,##0", "12", "12"),
        ("0,000", "5", "0,005"),
        ("00000", "42", "00042"),
        ("#.##", "0.5", ".5"),
        ("0.0?", "1.5", "1.5 "),
        ("0%", "1", "100%"),
        ("0%", "0.95", "95%"),
        ("0%", "0.94999999999999996", "95%"),
        ("0.00%", "0.9555", "95.55%"),
        ('"≥"0%', "0.95", "≥95%"),
        ('0.00"万元"', "18.8", "18.80万元"),
        ('0"辆"', "5", "5辆"),
        ("0\\辆", "5", "5辆"),
        ('"第"0"名"', "3", "第3名"),
        ("0.00_);[Red]\\(0.00\\)", "-18.8", "(18.80)"),
        ("0.00_);[Red]\\(0.00\\)", "18.8", "18.80 "),
        ("[Red]0.00", "5", "5.00"),
        ("[Color10]0.00", "5", "5.00"),
        ('_ * #,##0.00_ ;_ * \\-#,##0.00_ ;_ * "-"??_ ;_ @_ ', "1234.5", " 1,234.50 "),
        ('_ * #,##0.00_ ;_ * \\-#,##0.00_ ;_ * "-"??_ ;_ @_ ', "-3", " -3.00 "),
        ('0.00;-0.00;"零"0', "0", "零0"),
        ("@", "5", "5"),  # a number in a cell formatted as text: shown as General
        ("yyyy-mm-dd", "45688", "2025-01-31"),
        ("yyyy/m/d", "45688", "2025/1/31"),
        ('yyyy"年"m"月"d"日"', "45688", "2025年1月31日"),
        ('yyyy"年"m"月"d"日";@', "45688", "2025年1月31日"),
        ("[$-804]yyyy/m/d", "45688", "2025/1/31"),
        ("m/d/yyyy", "45688", "1/31/2025"),
        ("yy.mm.dd", "45688", "25.01.31"),
        ('m"月"d"日"', "45688", "1月31日"),  # the year is left out: the format's choice, not hidden digits
        ("yyyy-mm-dd", "61", "1900-03-01"),
        ("yyyy-mm-dd h:mm", "45688.5", "2025-01-31 12:00"),
        ("h:mm:ss", "0.52083333333333337", "12:30:00"),  # 12:30 in binary is a little less or more
        ("hh:mm", "0.52083333333333326", "12:30"),
        ("h:mm", "45688.75", "18:00"),  # a time alone: the day is not shown
        ("mm:ss", "0.000694444444444444", "01:00"),
    ],
)
def test_a_number_as_excel_shows_it(code: str, value: str, shown: str) -> None:
    assert cell_format(code).number(Decimal(value)) == shown


def test_the_1904_date_system() -> None:
    assert cell_format("yyyy-mm-dd").number(Decimal(0), date1904=True) == "1904-01-01"
    assert cell_format("yyyy-mm-dd").number(Decimal(44226), date1904=True) == "2025-01-31"


@pytest.mark.parametrize(
    ("code", "value", "message"),
    [
        (
            "0.00",
            "18.8049",
            "的值是 18.8049，按格式“0.00”显示为“18.80”，显示的数与存放的数不同（存放的数有格式没显示的位数）："
            "请把数改为显示的样子（如用 ROUND 函数），或改格式显示全部位数",
        ),
        ("0.00", "0.125", "的值是 0.125，按格式“0.00”显示为“0.13”，显示的数与存放的数不同"),
        ("0%", "0.955", "的值是 0.955，按格式“0%”显示为“96%”"),
        ("0.000", "-0.0001", "的值是 -0.0001，按格式“0.000”显示为“-0.000”"),
        ("#", "0", "的值是 0，但格式“#”让它什么也不显示，看不到这个数"),
        ('0.00;-0.00;"-"', "0", '的值是 0，但格式“0.00;-0.00;"-"”让它显示为“-”，看不到这个数'),
        ('_ * #,##0.00_ ;_ * \\-#,##0.00_ ;_ * "-"??_ ;_ @_ ', "0", "让它显示为“-”，看不到这个数"),
        (";;;", "5", "的值是 5，但格式“;;;”让它什么也不显示，看不到这个数"),
        ("0.00;0.00", "-5", "是负数 -5，但格式“0.00;0.00”显示它时没有负号或括号，看起来像正数"),
        ("0.00E+00", "5", "的格式“0.00E+00”是科学计数法，无法确定 Excel 显示的样子"),
        ("# ?/?", "0.5", "的格式“# ?/?”是分数"),
        ("0.0,", "1234", "的格式“0.0,”在数字末尾有逗号，它把显示的数除以 1000"),
        ("#,##0,,", "1234", "在数字末尾有逗号"),
        ("[>100]0;0.00", "5", "的格式“[>100]0;0.00”有条件“[>100]”"),
        ("[$¥-804]#,##0.00", "5", "有货币符号、系统格式或语言代码“[$¥-804]”"),
        ("[$-F800]dddd, mmmm dd, yyyy", "45688", "有货币符号、系统格式或语言代码“[$-F800]”"),
        ("[DBNum2]General", "5", "把数字写成中文（“[DBNum2]”）"),
        ("*-0.00", "5", "用“-”填满单元格，显示多少个取决于列宽"),
        ("0.00x", "5", "有不认识的格式字符“x”"),
        ('0.00"万元', "5", "的引号没有成对"),
        ("0;0;0;0;0", "5", "的分节超过四节"),
        ("@;0", "5", "的文字占位符“@”不在最后一节"),
        ("General%", "5", "把“常规”和百分号混在一起"),
        ("0.0.0", "5", "有不止一个小数点"),
        ("h:mm AM/PM", "0.5", "有上午/下午，它的写法取决于 Excel 的语言"),
        ("[h]:mm:ss", "1.5", "是累计时间“[h]”"),
        ("d-mmm-yy", "45688", "显示月份名称（“mmm”），它的写法取决于 Excel 的语言"),
        ("dddd", "45688", "显示星期名称（“dddd”）"),
        ("h:mm:ss.00", "0.5", "把日期和数字混在一起（或有几分之一秒）"),
        ("yyyy-mm-dd", "45688.5", "的值是 45688.5，按格式“yyyy-mm-dd”显示为“2025-01-31”，它还有格式没显示的时间"),
        ("h:mm", "0.5208449074074074", "显示为“12:30”，它还有格式没显示的秒"),
        ("yyyy-mm-dd", "60", "的值 60 是 1900 年 3 月 1 日以前的日期：Excel 把 1900 年当作闰年（有“2 月 29 日”），"),
        ("yyyy-mm-dd", "59", "的值 59 是 1900 年 3 月 1 日以前的日期"),
        ("#.##", "1", "的值是 1，按格式“#.##”显示为“1.”，末尾只有一个小数点，别的软件显示时会去掉它"),
        ("#.??", "1", "显示为“1.”，末尾只有一个小数点"),
        ("yyyy-mm-dd", "0", "的值 0 不是 Excel 能显示的日期（Excel 显示为 #####）"),
        ("yyyy-mm-dd", "2958466", "的值 2958466 不是 Excel 能显示的日期"),
        ("yyyy-mm-dd", "-1", "的值是负数 -1，不能显示为日期（Excel 显示为 #####）"),
        ("General", "123456789012", "的值是 123456789012，按“常规”格式 Excel 会用科学计数法显示它"),
        ("General", "0.00001", "按“常规”格式 Excel 会用科学计数法显示它"),
        ("General", "NaN", "的值不是有限的数（NaN）"),
        ("0.00", "Infinity", "的值不是有限的数（Infinity）"),
        ("0", "1E+20", "的值 1E+20 超过 15 位整数，Excel 无法精确存放它"),
        ("0", "1E-400", "的值 1E-400 太接近 0，Excel 无法存放它"),
    ],
)
def test_what_is_not_shown_exactly_is_refused(code: str, value: str, message: str) -> None:
    with pytest.raises(FormatError) as caught:
        cell_format(code).number(Decimal(value))
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("code", "text", "shown"),
    [
        ("General", "文字", "文字"),
        ("0.00", "文字", "文字"),  # a format without a text section shows text as it is
        ("@", "  前后空格 ", "  前后空格 "),
        ('"项目："@', "甲", "项目：甲"),
        ('0;-0;0;@"元"', "5", "5元"),
        ("_ @_ ", "甲", " 甲 "),
    ],
)
def test_text_as_excel_shows_it(code: str, text: str, shown: str) -> None:
    assert cell_format(code).text(text) == shown


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (";;;", "的内容是“甲”，但格式“;;;”让它什么也不显示，看不到这段文字"),
        ('0;-0;0;"文字"', '的内容是“甲”，但格式“0;-0;0;"文字"”让它显示为“文字”，看不到这段文字'),
        ('0;-0;0;*x"文字"@', "用“x”填满单元格"),
        ("@*-", "用“-”填满单元格"),
    ],
)
def test_text_a_format_hides_is_refused(code: str, message: str) -> None:
    with pytest.raises(FormatError) as caught:
        cell_format(code).text("甲")
    assert message in str(caught.value)


def test_empty_text_that_a_format_shows_as_other_text_is_refused() -> None:
    with pytest.raises(FormatError, match='的内容是“”，但格式“0;-0;0;"文字"”让它显示为“文字”'):
        cell_format('0;-0;0;"文字"').text("")


def test_built_in_formats_are_shown_as_chinese_excel_shows_them() -> None:
    assert builtin_format(14) == "yyyy/m/d"
    assert builtin_format(31) == 'yyyy"年"m"月"d"日"'
    assert builtin_format(57) == 'yyyy"年"m"月"'
    assert builtin_format(58) == 'm"月"d"日"'
    assert builtin_format(10) == "0.00%"  # openpyxl's table, for the formats that do not depend on the language
    assert builtin_format(49) == "@"
    assert builtin_format(200) is None
    with pytest.raises(FormatError, match="用了内置的货币格式（编号 7），它的货币符号取决于 Excel 的语言"):
        builtin_format(7)


def test_a_format_is_parsed_once() -> None:
    assert cell_format("0.00%") is cell_format("0.00%")

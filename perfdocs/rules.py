"""The rules ``perfdocs check`` applies: what a budget office and its finance bureau look for.

Each rule has a stable code, a severity, and a line each for what it checks and
how to fix it (the README's rule table is generated from them). A rule is a
function from one project (and what it needs of its unit) to the findings it
makes, or from the projects of a unit together, so that a unit of thousands of
projects can be checked a project at a time, in parallel.
The first codes (PD001–PD004) are found while reading the files; they are listed
here so that every code is documented in one place.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from perfdocs.errors import ERROR, FILES, KEY, UNREADABLE, VALUE, WARNING, Location, did_you_mean
from perfdocs.fields import PROJECT_FIELDS, Kind
from perfdocs.indicators import (
    DIRECTION_WORDS,
    DIRECTIONS,
    NEGATIVE,
    POSITIVE,
    QUALITATIVE,
    measure_unit_of,
    value_parts,
)
from perfdocs.model import (
    Framework,
    Indicator,
    Project,
    ProjectRef,
    bare_label,
    label_score,
    nonstandard_sign,
    written_date,
)
from perfdocs.money import MONEY_UNITS, TOO_MANY_PLACES, amount_text, is_exact_cents
from perfdocs.placeholders import BUDGET as PLACEHOLDER_BUDGET
from perfdocs.placeholders import placeholder_in

#: A cost total below this share of the budget is worth a second look.
COST_COVERAGE_WARNING = Decimal("0.8")
QUANTITATIVE_KINDS = ("数量", "质量", "成本", "满意度")
PERCENT_UNITS = ("百分比", "%", "％")
# What one unit of a cost indicator is worth in 万元.
COST_UNITS = {unit: worth / MONEY_UNITS["万元"] for unit, worth in MONEY_UNITS.items()} | {"万": Decimal(1)}
#: 指标性质 as systems write it that say only "a number" (定量), not which way is better.
QUANTITATIVE = "定量"
_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
#: Every amount a project file may give, by its key (the vocabulary's money fields).
_MONEY_FIELDS = {field.key: field.attribute for field in PROJECT_FIELDS if field.kind is Kind.MONEY}


@dataclass(frozen=True)
class Finding:
    """What a rule found: where, and a message that names the values and the fix."""

    location: Location
    message: str
    field: str = ""


@dataclass(frozen=True)
class UnitFacts:
    """What a project's checks need to know of its unit."""

    framework: Framework
    money_unit: str = "万元"


ProjectCheck = Callable[[Project, UnitFacts], Iterator[Finding]]
UnitCheck = Callable[[Sequence[ProjectRef]], Iterator[Finding]]


@dataclass(frozen=True)
class Rule:
    """A rule: it checks one project at a time, or the projects of a unit together, or neither
    (its problems are found while reading the files, or by the checker itself).

    A script may append its own rules to :data:`RULES`. Their checks must be functions at the top
    level of a module, so that they can be sent to worker processes (large units, ``build_many``,
    the spawn start method); a check that cannot be pickled is applied in the calling process only.
    """

    code: str
    severity: str
    checks: str  # what the rule checks, in a line
    fix: str  # how to fix what it finds, in a line
    project_check: ProjectCheck | None = None
    unit_check: UnitCheck | None = None

    @property
    def silenceable(self) -> bool:
        """A project may silence the rules that look at it alone."""
        return self.project_check is not None


RULES: list[Rule] = [
    Rule(UNREADABLE, ERROR, "文件能以 UTF-8 读出，是 YAML，不是空的，不用锚点和别名", "按提示改正语法；用 UTF-8 保存"),
    Rule(KEY, ERROR, "没有重复的键、不认识的键，必填的键都在", "删去或改正写错的键，补上缺少的键"),
    Rule(VALUE, ERROR, "每个值的类型对：文字、列表、数字；绩效目标和指标值不为空", "按提示改成要求的形式"),
    Rule(
        FILES, ERROR, "单位.yaml 的项目顺序与项目文件一一对应；同一标题的项目相邻", "把项目加入顺序，或补上、删去文件"
    ),
]


def project_rule(code: str, severity: str, checks: str, fix: str) -> Callable[[ProjectCheck], ProjectCheck]:
    """Register a check of one project as the rule ``code``."""

    def register(check: ProjectCheck) -> ProjectCheck:
        RULES.append(Rule(code, severity, checks, fix, project_check=check))
        return check

    return register


def unit_rule(code: str, severity: str, checks: str, fix: str) -> Callable[[UnitCheck], UnitCheck]:
    """Register a check of a unit's projects together as the rule ``code``."""

    def register(check: UnitCheck) -> UnitCheck:
        RULES.append(Rule(code, severity, checks, fix, unit_check=check))
        return check

    return register


def where(project: Project | ProjectRef, field: str) -> Location:
    return project.locations.get(field) or Location(project.path or project.name)


def money_text(amount: Decimal | None) -> str:
    """An amount exactly, never rounded; a blank one as （空）."""
    return "（空）" if amount is None else amount_text(amount)


@project_rule(
    "PD101", ERROR, "预算数等于财政资金与其他资金之和（一项留空按 0 计；两项都空时不分资金来源，不查）", "核对三个金额"
)
def budget_is_the_sum(project: Project, facts: UnitFacts) -> Iterator[Finding]:
    if project.fiscal_funds is None and project.other_funds is None:  # the budget system's export has no split
        return
    total = (project.fiscal_funds or Decimal(0)) + (project.other_funds or Decimal(0))
    if project.budget != total:
        message = (
            f"预算数 {money_text(project.budget)} 不等于财政资金 {money_text(project.fiscal_funds)} "
            f"与其他资金 {money_text(project.other_funds)} 之和 {money_text(total)}：请核对这三个金额。"
        )
        yield Finding(where(project, "预算数"), message, "预算数")


@project_rule("PD102", ERROR, "金额最多两位小数（读文件时已拒绝；这条规则查脚本自己生成的数据）", "给出要印的两位小数")
def money_has_two_places(project: Project, facts: UnitFacts) -> Iterator[Finding]:
    for label, attribute in _MONEY_FIELDS.items():
        amount = getattr(project, attribute)
        if amount is not None and not is_exact_cents(amount):
            message = f"“{label}”{amount} {TOO_MANY_PLACES}。"
            yield Finding(where(project, label), message, label)


@project_rule("PD103", ERROR, "金额不是负数", "改为正数或留空")
def money_is_not_negative(project: Project, facts: UnitFacts) -> Iterator[Finding]:
    for label, attribute in _MONEY_FIELDS.items():
        amount = getattr(project, attribute)
        if amount is not None and amount < 0:
            yield Finding(where(project, label), f"“{label}”是负数 {amount}：金额不能为负。", label)


@project_rule("PD104", ERROR, "计划开始日期不晚于计划完成日期", "核对两个日期")
def dates_in_order(project: Project, facts: UnitFacts) -> Iterator[Finding]:
    start, end = written_date(project.start_date), written_date(project.end_date)
    if start is not None and end is not None and start > end:
        message = f"计划开始日期 {project.start_date} 晚于计划完成日期 {project.end_date}：请核对两个日期。"
        yield Finding(where(project, "计划开始日期"), message, "计划开始日期")


@project_rule("PD201", ERROR, "一级指标属于所用的指标体系", "改用指标体系中的一级指标")
def level1_in_framework(project: Project, facts: UnitFacts) -> Iterator[Finding]:
    for level1 in dict.fromkeys(indicator.level1 for indicator in project.indicators):
        if facts.framework.level1(level1) is None:
            allowed = list(facts.framework.kinds)
            hint = did_you_mean(bare_label(level1), allowed)
            message = (
                f"一级指标“{level1}”不在指标体系“{facts.framework.name}”中。{hint}应为 {'、'.join(allowed)} 之一。"
            )
            yield Finding(where(project, f"绩效指标.{level1}"), message, f"绩效指标.{level1}")


@project_rule("PD202", ERROR, "二级指标属于所用的指标体系", "改用指标体系中的二级指标")
def level2_in_framework(project: Project, facts: UnitFacts) -> Iterator[Finding]:
    all_level2 = [level2 for level2s in facts.framework.kinds.values() for level2 in level2s]
    for level1, level2 in dict.fromkeys((i.level1, i.level2) for i in project.indicators):
        name = facts.framework.level1(level1)
        if name is not None and facts.framework.level1_of(level2) is None:
            field = f"绩效指标.{level1}.{level2}"
            hint = (
                f"在这个体系中“{level2}”是一级指标。"
                if facts.framework.level1(level2) is not None
                else did_you_mean(level2, all_level2)
            )
            allowed = "、".join(facts.framework.kinds[name])
            message = f"二级指标“{level2}”不在指标体系“{facts.framework.name}”中。{hint}“{name}”下可用：{allowed}。"
            yield Finding(where(project, field), message, field)


@project_rule("PD203", ERROR, "每个二级指标在它自己的一级指标之下", "把二级指标移到所属的一级指标下")
def level2_under_its_level1(project: Project, facts: UnitFacts) -> Iterator[Finding]:
    for level1, level2 in dict.fromkeys((i.level1, i.level2) for i in project.indicators):
        owner = facts.framework.level1_of(level2)
        name = facts.framework.level1(level1)
        if name is not None and owner is not None and owner != name:
            field = f"绩效指标.{level1}.{level2}"
            message = f"二级指标“{level2}”属于“{owner}”，不能放在“{level1}”之下。"
            yield Finding(where(project, field), message, field)


@project_rule("PD204", WARNING, "不用指标体系中的旧名称", "改用新名称")
def no_old_names(project: Project, facts: UnitFacts) -> Iterator[Finding]:
    for level1, level2 in dict.fromkeys((i.level1, i.level2) for i in project.indicators):
        if level2 in facts.framework.aliases:
            field = f"绩效指标.{level1}.{level2}"
            message = f"“{level2}”是旧名称，指标体系“{facts.framework.name}”称为“{facts.framework.aliases[level2]}”。"
            yield Finding(where(project, field), message, field)


@project_rule("PD205", ERROR, "每个项目都有指标体系要求的指标（如产出、效益、满意度指标和数量指标）", "补上缺少的指标")
def required_indicators_present(project: Project, facts: UnitFacts) -> Iterator[Finding]:
    level1s = {bare_label(indicator.level1) for indicator in project.indicators}
    level2s = {facts.framework.canonical(indicator.level2) for indicator in project.indicators}
    for label in facts.framework.required:
        if label not in (level1s if label in facts.framework.kinds else level2s):
            message = f"项目没有“{label}”：指标体系“{facts.framework.name}”要求每个项目至少有一个。"
            yield Finding(where(project, "绩效指标"), message, "绩效指标")


def _scores(project: Project) -> tuple[list[tuple[Indicator, Decimal]], list[Indicator]]:
    """The indicators with a 分值 (and it), and those without."""
    scored = [(indicator, indicator.score) for indicator in project.indicators if indicator.score is not None]
    return scored, [indicator for indicator in project.indicators if indicator.score is None]


def _score_text(score: Decimal) -> str:
    """A score or a sum of scores as a person writes it: 50, 7.5 (never 50.0 or 5E+1)."""
    text = f"{score:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _score_range(low: Decimal, high: Decimal) -> str:
    return _score_text(low) if low == high else f"{_score_text(low)}–{_score_text(high)}"


@project_rule(
    "PD206",
    ERROR,
    "一级指标写了分值（如“产出指标(50分)”“成本指标(0-20)分”）时，其下各项指标的分值合计等于它或在其范围内",
    "核对其下各项指标的分值，或一级指标中的分值",
)
def level1_scores_add_up(project: Project, facts: UnitFacts) -> Iterator[Finding]:
    scored, unscored = _scores(project)
    if not scored or unscored:  # without 分值, or with some missing (PD208): nothing to add up
        return
    for level1 in dict.fromkeys(indicator.level1 for indicator in project.indicators):
        bounds = label_score(level1)
        if bounds is None:
            continue
        under = [score for indicator, score in scored if indicator.level1 == level1]
        total = sum(under, Decimal(0))
        low, high = bounds
        if not low <= total <= high:
            relation = (
                f"不等于一级指标写的 {_score_text(low)} 分"
                if low == high
                else f"不在一级指标写的 {_score_range(low, high)} 分之内"
            )
            message = (
                f"“{level1}”下 {len(under)} 项指标的分值合计 {_score_text(total)}，{relation}："
                "请核对各项分值或一级指标中的分值。"
            )
            yield Finding(where(project, f"绩效指标.{level1}"), message, f"绩效指标.{level1}")


@project_rule(
    "PD207",
    ERROR,
    "指标写了分值时，项目的分值合计等于指标体系的“分值合计”（自带的体系为 90 或 100）",
    "核对各项分值；合计不同的，在本单位的指标体系文件中写“分值合计”",
)
def scores_make_the_total(project: Project, facts: UnitFacts) -> Iterator[Finding]:
    scored, unscored = _scores(project)
    totals = facts.framework.score_totals
    if not scored or unscored or not totals:
        return
    total = sum((score for _, score in scored), Decimal(0))
    if total not in totals:
        allowed = " 或 ".join(_score_text(total) for total in totals)
        message = (
            f"{len(scored)} 项指标的分值合计 {_score_text(total)}，应为 {allowed}"
            f"（指标体系“{facts.framework.name}”的分值合计）：请核对各项分值。"
        )
        yield Finding(where(project, "绩效指标"), message, "绩效指标")


@project_rule("PD208", ERROR, "分值要么每项指标都写，要么都不写", "给缺少分值的指标写上分值，或删去全部分值")
def scores_all_or_none(project: Project, facts: UnitFacts) -> Iterator[Finding]:
    scored, unscored = _scores(project)
    if not scored:
        return
    for indicator in unscored:
        message = (
            f"“{indicator.name}”没有分值，而本项目另有 {len(scored)} 项指标写了分值："
            "分值要么每项都写，要么都不写（分值合计 PD206、PD207 这时不查）。"
        )
        yield Finding(indicator.location or where(project, "绩效指标"), message, "绩效指标")


def _value_place(project: Project, indicator: Indicator) -> Location:
    return indicator.value_location or indicator.location or where(project, "绩效指标")


def _indicators_of_kind(project: Project, framework: Framework, kinds: tuple[str, ...]) -> Iterator[Indicator]:
    return (indicator for indicator in project.indicators if framework.kind(indicator.level2) in kinds)


@project_rule(
    "PD301",
    ERROR,
    "数量、质量、成本、满意度指标的指标值是数量：比较符、数字、单位",
    "写成“≥95百分比”“1辆”“≤16万元”这样的形式",
)
def quantitative_values_are_quantities(project: Project, facts: UnitFacts) -> Iterator[Finding]:
    for indicator in _indicators_of_kind(project, facts.framework, QUANTITATIVE_KINDS):
        if not indicator.value.is_quantitative:
            kind = facts.framework.kind(indicator.level2)
            message = (
                f"“{indicator.name}”是{kind}指标，指标值应为数量（比较符、数字、单位，如“≥95百分比”），"
                f"不能是“{indicator.value.text}”。"
            )
            yield Finding(_value_place(project, indicator), message, "绩效指标")


@project_rule(
    "PD302",
    WARNING,
    "时效指标的指标值是数量、日期或期间",
    "写成“100百分比”“1年”“11月底之前”“2023.07-2024.01”这样的形式",
)
def timeliness_values_are_times(project: Project, facts: UnitFacts) -> Iterator[Finding]:
    for indicator in _indicators_of_kind(project, facts.framework, ("时效",)):
        if not indicator.value.is_quantitative and not re.search(r"\d", indicator.value.text):
            message = f"时效指标“{indicator.name}”的指标值“{indicator.value.text}”既不是数量，也不是日期或期间。"
            yield Finding(_value_place(project, indicator), message, "绩效指标")


@project_rule("PD303", ERROR, "百分比在 0 到 100 之间", "核对百分比")
def percentages_in_range(project: Project, facts: UnitFacts) -> Iterator[Finding]:
    for indicator in project.indicators:
        number = indicator.value.number
        if number is not None and indicator.value.unit in PERCENT_UNITS and not 0 <= number <= 100:
            message = f"“{indicator.name}”的指标值“{indicator.value.text}”不在 0 到 100 之间。"
            yield Finding(_value_place(project, indicator), message, "绩效指标")


@project_rule("PD304", WARNING, "比较符写作 ≥ ≤ ＝ = > <", "把“>=”写成“≥”，“<=”写成“≤”")
def signs_as_published(project: Project, facts: UnitFacts) -> Iterator[Finding]:
    for indicator in project.indicators:
        sign = nonstandard_sign(indicator.value.text)
        if sign:
            message = f"“{indicator.name}”的比较符写成了“{sign[0]}”，公开表格写作“{sign[1]}”。"
            yield Finding(_value_place(project, indicator), message, "绩效指标")


def _is_qualitative(indicator: Indicator) -> bool:
    """定性: the YAML says so, or says nothing of 指标性质 and the value has no number."""
    if indicator.nature == QUALITATIVE:
        return True
    return indicator.nature not in (POSITIVE, NEGATIVE, QUANTITATIVE) and not indicator.value.is_quantitative


def _same_unit(one: str, other: str) -> bool:
    return one == other or (one in PERCENT_UNITS and other in PERCENT_UNITS)


@project_rule(
    "PD305",
    ERROR,
    "写了指标方向时，它与指标值的比较符一致；定性指标不写指标方向",
    "改正指标方向或指标值，或删去指标方向（不写时由指标值得出）",
)
def direction_agrees_with_value(project: Project, facts: UnitFacts) -> Iterator[Finding]:
    for indicator in project.indicators:
        if not indicator.direction:
            continue
        value = indicator.value
        if _is_qualitative(indicator):
            why = "指标性质是定性" if indicator.nature == QUALITATIVE else f"指标值“{value.text}”没有数，是定性指标"
            message = f"“{indicator.name}”的{why}，不写指标方向：请删去指标方向“{indicator.direction}”。"
            yield Finding(_value_place(project, indicator), message, "绩效指标")
        elif value.operator is not None and DIRECTIONS[indicator.direction] != value.operator:
            message = (
                f"“{indicator.name}”的指标方向“{indicator.direction}”与指标值“{value.text}”的比较符"
                f"“{value.operator}”不一致：请改正其中之一。"
            )
            yield Finding(_value_place(project, indicator), message, "绩效指标")


@project_rule(
    "PD306",
    ERROR,
    "写了目标值时，它与指标值一致：定量指标是指标值中的数，定性指标是指标值本身",
    "改正目标值或指标值，或删去目标值（不写时由指标值得出）",
)
def target_agrees_with_value(project: Project, facts: UnitFacts) -> Iterator[Finding]:
    for indicator in project.indicators:
        target, value = indicator.target.strip(), indicator.value
        if not target:
            continue
        if _is_qualitative(indicator) or value.number is None:
            if target != value.text.strip():
                message = (
                    f"“{indicator.name}”是定性指标，目标值“{target}”与指标值“{value.text}”不一致："
                    "定性指标的目标值就是指标值，请改正其中之一。"
                )
                yield Finding(_value_place(project, indicator), message, "绩效指标")
        elif not _NUMBER.fullmatch(target):
            message = (
                f"“{indicator.name}”的目标值“{target}”不是数：目标值只写指标值“{value.text}”中的数，"
                f"如“{value.number:f}”。"
            )
            yield Finding(_value_place(project, indicator), message, "绩效指标")
        elif Decimal(target) != value.number:
            message = (
                f"“{indicator.name}”的目标值 {target} 与指标值“{value.text}”中的数 {value.number:f} 不一致："
                "请改正其中之一。"
            )
            yield Finding(_value_place(project, indicator), message, "绩效指标")


@project_rule(
    "PD307",
    ERROR,
    "写了指标性质时，它与指标值一致：正向不用 ≤ <，反向不用 ≥ >，正向、反向、定量指标的指标值有数",
    "改正指标性质或指标值；指标值没有数的，指标性质写“定性”",
)
def nature_agrees_with_value(project: Project, facts: UnitFacts) -> Iterator[Finding]:
    for indicator in project.indicators:
        nature, value = indicator.nature, indicator.value
        if nature not in (POSITIVE, NEGATIVE, QUANTITATIVE):
            continue
        if not value.is_quantitative:
            message = (
                f"“{indicator.name}”的指标性质是{nature}，指标值“{value.text}”却没有数："
                "定量指标写成数量（如“≥95%”），否则指标性质写“定性”。"
            )
            yield Finding(_value_place(project, indicator), message, "绩效指标")
            continue
        sign = value.operator or DIRECTIONS.get(indicator.direction)
        source = f"指标值“{value.text}”" if value.operator else "指标方向"
        wrong = {POSITIVE: ("≤", "<"), NEGATIVE: ("≥", ">")}.get(nature, ())
        if sign is not None and sign in wrong:
            better = "≥ 或 ＝" if nature == POSITIVE else "≤ 或 ＝"
            meaning = "越大越好" if nature == POSITIVE else "越小越好"
            message = (
                f"“{indicator.name}”的指标性质是{nature}（{meaning}），{source}却是“{DIRECTION_WORDS[sign]}”："
                f"{nature}指标用 {better}，请改正其中之一。"
            )
            yield Finding(_value_place(project, indicator), message, "绩效指标")


@project_rule(
    "PD308",
    ERROR,
    "写了计量单位时，它与指标值中的单位一致",
    "改正计量单位或指标值，或删去计量单位（不写时由指标值得出）",
)
def measure_unit_agrees_with_value(project: Project, facts: UnitFacts) -> Iterator[Finding]:
    for indicator in project.indicators:
        given, written = indicator.measure_unit.strip(), measure_unit_of(indicator.value.unit)
        if given and written and not _is_qualitative(indicator) and not _same_unit(given, written):
            message = (
                f"“{indicator.name}”的计量单位“{given}”与指标值“{indicator.value.text}”中的单位“{written}”不一致："
                "请改正其中之一。"
            )
            yield Finding(_value_place(project, indicator), message, "绩效指标")


@project_rule(
    "PD309",
    WARNING,
    "定量指标有计量单位（写在指标值里，或写“计量单位”）",
    "在指标值里写上单位（如“≥10台”），或写“计量单位”",
)
def quantities_have_units(project: Project, facts: UnitFacts) -> Iterator[Finding]:
    for indicator in project.indicators:
        if _is_qualitative(indicator) or not indicator.value.is_quantitative:
            continue  # a value without a number and 指标性质 正向 is PD307's
        if not value_parts(indicator).measure_unit:
            message = (
                f"“{indicator.name}”是定量指标，指标值“{indicator.value.text}”没有计量单位："
                "请在指标值里写上单位，或写“计量单位”。"
            )
            yield Finding(_value_place(project, indicator), message, "绩效指标")


def _in_wan(amount: Decimal, unit: str) -> Decimal | None:
    """``amount`` of ``unit`` in 万元, or None for a unit that is not money (brackets ignored: ``（万元）``)."""
    factor = COST_UNITS.get(re.sub(r"[()（）\s]", "", unit))
    return None if factor is None else amount * factor


def _costs(project: Project, framework: Framework) -> tuple[list[Decimal], list[Indicator]]:
    """The 成本指标 amounts in 万元, and the cost indicators that are not amounts of money."""
    amounts, other = [], []
    for indicator in _indicators_of_kind(project, framework, ("成本",)):
        number = indicator.value.number
        amount = None if number is None else _in_wan(number, indicator.value.unit)
        if amount is None:
            other.append(indicator)
        else:
            amounts.append(amount)
    return amounts, other


def _budget_in_wan(project: Project, money_unit: str) -> Decimal:
    return project.budget * COST_UNITS["元"] if money_unit == "元" else project.budget


@project_rule("PD401", ERROR, "成本指标（万元、元）合计不超过预算数", "核对成本指标和预算数")
def costs_within_budget(project: Project, facts: UnitFacts) -> Iterator[Finding]:
    amounts, _ = _costs(project, facts.framework)
    total, budget = sum(amounts, Decimal(0)), _budget_in_wan(project, facts.money_unit)
    if amounts and total > budget:
        message = (
            f"{len(amounts)} 项成本指标合计 {money_text(total)} 万元，超过预算数 {money_text(budget)} 万元："
            "请核对各项成本。"
        )
        yield Finding(where(project, "预算数"), message, "预算数")


@project_rule("PD402", WARNING, "成本指标（万元、元）合计不少于预算数的八成", "补充主要支出的成本指标，或核对预算数")
def costs_cover_the_budget(project: Project, facts: UnitFacts) -> Iterator[Finding]:
    amounts, _ = _costs(project, facts.framework)
    total, budget = sum(amounts, Decimal(0)), _budget_in_wan(project, facts.money_unit)
    if amounts and budget > 0 and total < budget * COST_COVERAGE_WARNING:
        share = (total / budget * 100).quantize(Decimal(1))
        message = (
            f"{len(amounts)} 项成本指标合计 {money_text(total)} 万元，只占预算数 {money_text(budget)} 万元的 {share}%："
            "成本指标应覆盖主要支出。"
        )
        yield Finding(where(project, "预算数"), message, "预算数")


@project_rule("PD403", WARNING, "成本指标的指标值是金额（万元或元）", "写成“≤16万元”“≤3000元”这样的形式")
def costs_are_money(project: Project, facts: UnitFacts) -> Iterator[Finding]:
    _, other = _costs(project, facts.framework)
    for indicator in other:
        message = (
            f"成本指标“{indicator.name}”的指标值“{indicator.value.text}”不是以万元或元计的金额，"
            "没有计入成本合计（PD401、PD402）。"
        )
        yield Finding(_value_place(project, indicator), message, "绩效指标")


@project_rule("PD501", ERROR, "同一项目中三级指标不重名", "改名或合并重名的指标")
def indicator_names_unique(project: Project, facts: UnitFacts) -> Iterator[Finding]:
    seen: dict[str, Indicator] = {}
    for indicator in project.indicators:
        first = seen.setdefault(indicator.name, indicator)
        if first is not indicator:
            line = first.location.line if first.location else 0
            message = f"三级指标“{indicator.name}”在本项目中重复（第 {line} 行已有）：请改名或合并。"
            yield Finding(_value_place(project, indicator), message, "绩效指标")


@project_rule("PD502", ERROR, "项目名称与文件名一致", "改文件名或项目名称")
def name_matches_file(project: Project, facts: UnitFacts) -> Iterator[Finding]:
    if project.path is None or Path(project.path).stem == project.name:
        return
    stem = Path(project.path).stem
    width = "（两者只差全角、半角，如括号“（）”与“()”）" if _folded(stem) == _folded(project.name) else ""
    message = (
        f"项目名称“{project.name}”与文件名“{Path(project.path).name}”不一致{width}："
        "文件应以项目名称命名，请改文件名或项目名称。"
    )
    yield Finding(where(project, "项目名称"), message, "项目名称")


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


@unit_rule("PD503", ERROR, "项目名称在单位内不重复", "改名")
def names_unique_in_unit(projects: Sequence[ProjectRef]) -> Iterator[Finding]:
    counts = Counter(project.name for project in projects)
    for project in projects:
        if counts[project.name] > 1:
            message = f"项目名称“{project.name}”在单位中出现了 {counts[project.name]} 次：项目名称不能重复。"
            yield Finding(where(project, "项目名称"), message, "项目名称")


@project_rule("PD504", ERROR, "没有 perfdocs new 留下的占位：预算数 0.00、“（待填写：…）”", "在占位处写上本项目的内容")
def no_placeholders(project: Project, facts: UnitFacts) -> Iterator[Finding]:
    if project.budget == PLACEHOLDER_BUDGET:
        message = "预算数是 0.00，这是 perfdocs new 写的占位：请填写本项目的预算数。"
        yield Finding(where(project, "预算数"), message, "预算数")
    for what, text, place, field in _printed_texts(project):
        mark = placeholder_in(text)
        if mark is not None:
            yield Finding(place, f"{what}还是 perfdocs new 写的占位“{mark}”：请填写。", field)


def _printed_texts(project: Project) -> Iterator[tuple[str, str, Location, str]]:
    """Each text the table prints: what it is, the text, where it is written, its field."""
    for key, text in (("项目名称", project.name), ("标题", project.heading), ("资金用途", project.purpose)):
        if text is not None:
            yield key, text, where(project, key), key
    for number, goal in enumerate(project.goals, 1):
        yield f"绩效目标第 {number} 项", goal, where(project, "绩效目标"), "绩效目标"
    for indicator in project.indicators:
        key_place = indicator.location or where(project, "绩效指标")
        yield f"{indicator.level2}下的三级指标名称", indicator.name, key_place, "绩效指标"
        yield f"{indicator.level2}下的指标值", indicator.value.text, _value_place(project, indicator), "绩效指标"
        if indicator.description != indicator.name:
            yield f"{indicator.level2}下的绩效指标描述", indicator.description, key_place, "绩效指标"


# PD9xx concern the silences themselves and are applied by the checker.
RULES.extend(
    [
        Rule("PD901", ERROR, "“忽略”的每条规则都写明理由", "在规则代码后写上理由，如“PD402: 成本在其他项目列支”"),
        Rule("PD902", ERROR, "“忽略”的规则代码存在且可以忽略", "改正规则代码"),
        Rule("PD903", WARNING, "“忽略”的规则确实在本项目中出现", "删去不再需要的忽略"),
    ]
)


def rule_table() -> str:
    """The rules as a Markdown table: code, severity, what is checked, how to fix it."""
    severity = {ERROR: "错误", WARNING: "警告"}
    lines = ["| 代码 | 级别 | 检查什么 | 怎么改 |", "| --- | --- | --- | --- |"]
    lines += [
        f"| {r.code} | {severity[r.severity]} | {r.checks} | {r.fix} |" for r in sorted(RULES, key=lambda r: r.code)
    ]
    return "\n".join(lines) + "\n"

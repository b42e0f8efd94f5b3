"""The sandbox: templates cannot reach Python internals, keep state, or do unbounded work."""

from __future__ import annotations

from typing import Any

import pytest
from jinja2.exceptions import SecurityError, UndefinedError

from perfdocs.sandbox import MAX_SIZE, Environment, LimitError, Work


def render(source: str, work: int = 10**9, **context: Any) -> str:
    environment = Environment()
    environment.work = Work(work)
    return environment.from_string(source).render(**context)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{{ 'x' * 10**9 }}", f"模板中的运算会得出太大的值（1 个字符或元素的 1000000000 倍，上限 {MAX_SIZE}）"),
        ("{{ [0] * 10**7 }}", f"模板中的运算会得出太大的值（1 个字符或元素的 10000000 倍，上限 {MAX_SIZE}）"),
        ("{{ 2 ** 1000000 }}", "模板中的运算会得出太大的数（约 2000000 位，上限 4096 位）"),
        ("{{ 'x'.ljust(10**9) }}", "模板中的数 1000000000 太大（上限 100000000）"),
        ("{{ '%999999999d' % 1 }}", "模板中的数 999999999 太大（上限 100000000）"),
        ("{{ '{:>999999999}'.format(1) }}", "模板中的数 999999999 太大（上限 100000000）"),
        ("{{ '%999999999d'|format(1) }}", "模板中的数 999999999 太大（上限 100000000）"),
        ("{{ ('x' * 3000000)|replace('x', 'yy') }}", "模板中的运算会得出太大的值（2 × 3000000，上限 4000000）"),
        ("{{ ('x' * 2000) .join(range(3000)|map('string')) }}",
         "模板中的运算会得出太大的值（2000 × 13890，上限 4000000）"),
        ("{% set s = 'x' * 3000000 %}{{ s ~ s }}", "模板算出的值太大（6000000 个字符或元素，上限 4000000）"),
    ],
)  # fmt: skip
def test_work_and_sizes_are_bounded(source: str, message: str) -> None:
    with pytest.raises(LimitError) as caught:
        render(source)
    assert str(caught.value) == message


def test_loop_steps_are_charged_to_the_render() -> None:
    with pytest.raises(LimitError) as caught:
        render("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", work=10**6)
    assert str(caught.value) == "模板要做的运算超过了上限（1000000 步，随项目数增加）：可能有死循环，或循环嵌套得太多"


def test_a_big_enough_budget_renders_normally() -> None:
    assert render("{% for i in range(3) %}{{ i * 2 }}{% endfor %}{{ 'ab' ~ 'c' }}{{ [1] * 2 }}") == "024abc[1, 1]"


@pytest.mark.parametrize(
    "source",
    ["{% set l = [] %}{{ l.append(1) }}", "{% set d = {} %}{{ d.update(a=1) }}", "{{ ''.__class__ }}"],
)
def test_nothing_can_be_mutated_or_reached(source: str) -> None:
    with pytest.raises(SecurityError):
        render(source)


@pytest.mark.parametrize("name", ["namespace", "lipsum"])
def test_state_across_loop_steps_and_made_up_text_are_gone(name: str) -> None:
    with pytest.raises(UndefinedError, match=f"'{name}' is undefined"):
        render(f"{{{{ {name}() }}}}")


def test_values_are_always_escaped() -> None:
    environment = Environment()
    assert "safe" not in environment.filters
    assert (
        render("{{ x }}{{ x|e }}{{ x|replace('a', '<b>') }}", x="a<&>")
        == "a&lt;&amp;&gt;" * 2 + "&lt;b&gt;&lt;&amp;&gt;"
    )

"""The sandbox user templates run in: no Python internals, no files, and bounded work.

A template comes from a user (``-t 模板.docx``), maybe from a pull request that CI
builds. Jinja's sandbox keeps it away from Python internals; this module also
keeps it from running forever or filling the memory, which the sandbox does not:

* every loop step, call, filter and operator is charged to a :class:`Work`
  budget, one per render, that grows with the unit (a real template spends a few
  steps per project; a runaway loop spends them all and stops);
* no value a template computes may hold more than :data:`MAX_SIZE` characters
  or items, and no number passed to a call may exceed :data:`MAX_NUMBER`, checked
  *before* the operation where the size can be known (``"x" * n``, ``s.ljust(n)``);
* nothing can mutate a list or dict (the immutable sandbox), ``namespace()`` and
  ``lipsum()`` are gone, and autoescape cannot be bypassed (``|safe`` is gone).
"""

from __future__ import annotations

import functools
import re
import types
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import ImmutableSandboxedEnvironment

from perfdocs.prepared import VIEW_FIELDS

#: The most characters or items any one value a template makes may hold.
MAX_SIZE = 4_000_000
#: The largest number a template may pass to a call or a format (a width: ``s.ljust(n)``, ``"%*d"``).
MAX_NUMBER = 100_000_000
#: The most bits of an integer a template may compute with ``*`` or ``**``.
MAX_INT_BITS = 4096
#: Work units every render may spend, and how many more per item (section, project, goal, indicator row).
BASE_WORK = 200_000
WORK_PER_ITEM = 200
#: Filters that would let a template print markup unescaped.
REMOVED_FILTERS = frozenset({"safe", "urlize"})
#: Globals that let a template keep state across loop steps (and so double a string each step) or make text.
REMOVED_GLOBALS = frozenset({"namespace", "lipsum"})
_FORMAT_NUMBER = re.compile(r"%[-#0 +]*(\d+)?(?:\.(\d+))?|\{[^{}]*?:[^{}]*?(\d+)")
_SIZED = (str, list, tuple, dict, set, frozenset)
# The filter every loop's iterable goes through; no template can name it (it is not an identifier).
_COUNTED = "perfdocs counted"


class LimitError(Exception):
    """A template went over one of the sandbox's bounds; the message says which, in Chinese."""


class Work:
    """The work one render may still do, in steps (a loop step, a call, a character made)."""

    __slots__ = ("left", "limit")

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.left = limit

    def spend(self, units: int) -> None:
        self.left -= units
        if self.left < 0:
            raise LimitError(
                f"模板要做的运算超过了上限（{self.limit} 步，随项目数增加）：可能有死循环，或循环嵌套得太多"
            )


def work_for(items: int) -> Work:
    """The budget for rendering a unit of ``items`` sections, projects, goals and rows."""
    return Work(BASE_WORK + WORK_PER_ITEM * items)


def _size(value: Any) -> int:
    """What a value weighs: its length, and for a list or tuple the length of the text it holds."""
    if not isinstance(value, _SIZED):
        return 0
    if isinstance(value, list | tuple):
        return len(value) + sum(len(item) for item in value if isinstance(item, str))
    return len(value)


def _check_number(value: Any) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_NUMBER:
        shown = str(value) if value.bit_length() < 64 else f"一个 {value.bit_length()} 位的数"
        raise LimitError(f"模板中的数 {shown} 太大（上限 {MAX_NUMBER}）")


def _check_format(text: str) -> None:
    """Refuse a format string that asks for a field wider than :data:`MAX_NUMBER` (``%999999999d``)."""
    for match in _FORMAT_NUMBER.finditer(text):
        for number in filter(None, match.groups()):
            _check_number(int(number))


def check_made(value: Any) -> int:
    """Refuse a value larger than :data:`MAX_SIZE`; its weight."""
    size = _size(value)
    if size > MAX_SIZE:
        raise LimitError(f"模板算出的值太大（{size} 个字符或元素，上限 {MAX_SIZE}）")
    return size


def _check_arguments(values: Iterable[Any]) -> int:
    """Refuse arguments that would make a value too large before it is made; their weight.

    A call's result is bounded by its arguments: their numbers (``ljust(n)``),
    and the product of the two largest (``sep.join(items)``, ``s.replace("", t)``).
    """
    sizes = [0, 0]
    for value in values:
        _check_number(value)
        sizes.append(check_made(value))
    sizes.sort()
    if sizes[-1] * sizes[-2] > MAX_SIZE:
        raise LimitError(f"模板中的运算会得出太大的值（{sizes[-2]} × {sizes[-1]}，上限 {MAX_SIZE}）")
    return sum(sizes)


def _materialised(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """Generators as lists, so that their size can be checked (what a sandbox can make of them is bounded)."""
    return tuple(list(value) if isinstance(value, types.GeneratorType) else value for value in values)


class _CodeGenerator(CodeGenerator):
    """Jinja's code generator, with every loop step and every ``~`` charged and bounded."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        for loop in node.find_all(nodes.For):
            if not (isinstance(loop.iter, nodes.Filter) and loop.iter.name == _COUNTED):
                loop.iter = nodes.Filter(loop.iter, _COUNTED, [], [], None, None, lineno=loop.iter.lineno)
        super().visit_Template(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.made(")
        super().visit_Concat(node, frame)
        self.write(")")


class Environment(ImmutableSandboxedEnvironment):
    """The sandbox of :mod:`perfdocs.sandbox`: escaped output, no files, bounded work.

    ``work`` is the budget of the render under way; :func:`perfdocs.template.Template.render_parts`
    gives each render a new one (renders of one template in several threads at once share it).
    """

    code_generator_class = _CodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self) -> None:
        super().__init__(
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            loader=jinja2.DictLoader({}),
        )
        for name in REMOVED_GLOBALS:
            del self.globals[name]
        self.filters = {
            name: _bounded_filter(self, function)
            for name, function in self.filters.items()
            if name not in REMOVED_FILTERS
        }
        self.filters[_COUNTED] = self.counted
        self.work = work_for(0)

    def getattr(self, obj: Any, attribute: str) -> Any:
        """The sandbox's checks, with a fast path for the fields of perfdocs' own view objects.

        Those fields are plain text and tuples made for templates; asking the sandbox
        about each of them costs more than rendering them (tens of thousands a unit).
        """
        if attribute in VIEW_FIELDS.get(type(obj), ()):
            return getattr(obj, attribute)
        return super().getattr(obj, attribute)

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        owner = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)
        if isinstance(owner, str) and getattr(__obj, "__name__", "") in ("format", "format_map"):
            _check_format(owner)
        args = _materialised(args)
        weight = _check_arguments((owner, *args, *kwargs.values()))
        result = super().call(__context, __obj, *args, **kwargs)
        __self.work.spend(1 + weight + check_made(result))
        return result

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        _check_operands(operator, left, right)
        result = super().call_binop(context, operator, left, right)
        self.work.spend(1 + check_made(result))
        return result

    @jinja2.pass_context
    def counted(self, context: jinja2.runtime.Context, iterable: Any) -> Iterator[Any]:
        """The items of a loop, each charged one step (a filter that takes the context is never
        evaluated at compile time, which would make a constant of the generator)."""
        work = self.work
        for item in iterable:
            work.spend(1)
            yield item

    def made(self, value: Any) -> Any:
        """A value made by ``~``, refused when too large."""
        self.work.spend(check_made(value))
        return value


def _check_operands(operator: str, left: Any, right: Any) -> None:
    """Refuse ``"x" * 10**9``, ``10 ** 10**9``, ``s + s`` too long and ``"%999999999d" % 1`` before computing them."""
    numbers = [value for value in (left, right) if isinstance(value, int) and not isinstance(value, bool)]
    if operator == "*" and len(numbers) == 1:
        sequence = right if numbers[0] is left else left
        if check_made(sequence) * abs(numbers[0]) > MAX_SIZE:
            raise LimitError(
                f"模板中的运算会得出太大的值（{_size(sequence)} 个字符或元素的 {abs(numbers[0])} 倍，上限 {MAX_SIZE}）"
            )
    elif operator in ("*", "**") and len(numbers) == 2:
        bits = left.bit_length() * (abs(right) if operator == "**" else 1) + right.bit_length() * (operator == "*")
        if bits > MAX_INT_BITS:
            raise LimitError(f"模板中的运算会得出太大的数（约 {bits} 位，上限 {MAX_INT_BITS} 位）")
    elif operator == "+" and check_made(left) + check_made(right) > MAX_SIZE:
        raise LimitError(f"模板中的运算会得出太大的值（{_size(left) + _size(right)} 个字符或元素，上限 {MAX_SIZE}）")
    elif operator == "%" and isinstance(left, str):
        _check_format(left)
        _check_arguments(right if isinstance(right, tuple) else (right,))


def _bounded_filter(environment: Environment, function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter bounded and charged like a call (compiled templates call filters directly, not through ``call``)."""

    @functools.wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        args = _materialised(args)
        if function is jinja2.filters.do_format and args and isinstance(args[0], str):
            _check_format(args[0])
        weight = _check_arguments((*args, *kwargs.values()))
        result = function(*args, **kwargs)
        environment.work.spend(1 + weight + check_made(result))
        return result

    return bounded

"""Reading one YAML file as a tree of nodes that remember their line and column.

PyYAML's ``safe_load`` turns ``18.80`` into a float, keeps the last of two equal
keys without a word and forgets where anything stood. perfdocs instead composes
the node tree with libyaml's C parser (fast, and it keeps the marks) and reads
values from the nodes' own text, so that ``预算数: 18.80`` stays exactly 18.80,
``单位编码: 007`` stays ``"007"``, and every problem can name its line.

This module knows YAML, not the meaning of any key: the loader does that.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

import yaml

from perfdocs.errors import KEY, UNREADABLE, VALUE, XML_INVALID, Location, Problem, describe_os_error, did_you_mean
from perfdocs.files import NotAFileError, require_regular_file
from perfdocs.money import AmountError, parse_amount

# What a plain scalar says to mean "nothing" (the C loader is used without YAML's type guessing).
_NULL_WORDS = frozenset(("", "~", "null", "Null", "NULL"))
# Characters YAML refuses in a file (its reader reports byte offsets, so we look for them ourselves).
_YAML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
#: The largest project or framework file read (the unit file of a big unit may be larger).
MAX_FILE_SIZE = 2 * 2**20  # more is a typo, and more than Decimal's context carries through arithmetic

# libyaml's messages, in the words a budget officer needs to fix the file.
_SYNTAX_HINTS = (
    ("mapping values are not allowed", "此处不能再出现“键: 值”；若值本身含有冒号，请给整个值加引号"),
    ("could not find expected ':'", "缺少冒号“:”，或上一行的缩进不对"),
    ("did not find expected key", "缩进不一致：同一层的键应当对齐"),
    ("did not find expected '-' indicator", "缩进不一致：列表各项的“-”应当对齐"),
    ("scanning a block scalar", '以 > 或 | 开头的值需要加引号，例如 ">=95%"，或写成“≥95百分比”'),
    ("scanning a tag", "以 ! 开头的值需要加引号；perfdocs 不用 YAML 标签"),
    ("scanning an anchor", "以 & 开头的值需要加引号；perfdocs 不使用锚点和别名"),
    ("scanning an alias", "以 * 开头的值需要加引号；perfdocs 不使用锚点和别名"),
    ("found undefined alias", "用到了未定义的别名（*）；perfdocs 不使用锚点和别名"),
    ("scanning a quoted scalar", "这里开始的引号直到文件末尾都没有配对的引号"),
    ("found unexpected end of stream", "文件在引号或括号闭合之前就结束了"),
    ("found unknown escape character", "双引号里的反斜杠“\\”后跟了无法识别的字符；可改用单引号"),
    ("found a tab character", "YAML 不能用制表符（Tab）缩进，请改用空格"),
    ("cannot start any token", "这个字符不能出现在值的开头（如 @ ` %）；请给整个值加引号"),
    ("expected a single document", "文件里有不止一个 YAML 文档（以 --- 分隔）：一个文件只写一个项目"),
    ("maximum nesting depth", "括号或层次嵌套得太深：绩效目标表的文件最多四层"),
)
_LINE_BREAKS = "\x85\u2028\u2029\r"
_CONTROL_NAMES = {"\x85": "NEXT LINE", "\r": "CARRIAGE RETURN"}
# A CR is a line break of its own unless it ends a line (CRLF).
_BREAKS = re.compile("[\x85\u2028\u2029]|\r(?!\n)")
_DIRECTIVE = re.compile(r"^%", re.MULTILINE)
_TAG = re.compile(r"![^\s,\[\]{}]*")
_TAB_HINT = "YAML 不能用制表符（Tab）缩进，请改用空格"
_COLON_TYPO = "键和值之间要用英文冒号加一个空格“: ”，不能用中文冒号“：”，冒号后也不能紧跟文字"
_WIDE_SPACE_TYPO = "这一行用了全角空格缩进；YAML 只认半角空格"


class _Loader(yaml.CBaseLoader):
    """libyaml's C parser without type guessing: perfdocs reads every value from its text."""

    def resolve(self, kind: type[yaml.Node], value: object, implicit: object) -> str:
        return _TAGS[kind]


_TAGS = {
    yaml.ScalarNode: "tag:yaml.org,2002:str",
    yaml.SequenceNode: "tag:yaml.org,2002:seq",
    yaml.MappingNode: "tag:yaml.org,2002:map",
}


@dataclass
class YamlFile:
    """One YAML file being read: its node tree and the problems found so far."""

    path: str
    problems: list[Problem] = field(default_factory=list)
    escapes: bool = True  # whether the text has backslashes, which may escape any character
    lines: list[str] = field(default_factory=list)  # the text read, for quoting the lines of problems

    def error(self, node: yaml.Node | None, message: str, field_path: str = "", code: str = VALUE) -> None:
        self.problems.append(self.problem(node, code, message, field_path))

    def problem(self, node: yaml.Node | None, code: str, message: str, field_path: str = "") -> Problem:
        """A problem at ``node``, quoting its line: only a file read here, as YAML, is ever quoted."""
        where = self.location(node)
        return Problem(where, code, message, field_path, source_line=self.line(where.line))

    def location(self, node: yaml.Node | None) -> Location:
        if node is None:
            return Location(self.path)
        mark = node.start_mark
        return Location(self.path, mark.line + 1, mark.column + 1)

    def compose(self, limit: int = MAX_FILE_SIZE) -> yaml.Node | None:
        """Parse the file; on a syntax or encoding error record it and return None."""
        text = self._read(limit)
        if text is None:
            return None
        self.lines = text.split("\n")
        if not self._refuse_hidden_characters(text):
            return None
        root: yaml.Node | None = None
        try:
            root = yaml.compose(text, Loader=_Loader)
        except yaml.MarkedYAMLError as error:
            self._syntax_error(error, text)
        except yaml.reader.ReaderError as error:  # a raw control character, before any parsing
            self._unreadable_character(error, text)
        else:
            if root is None:
                self.problems.append(Problem(Location(self.path), UNREADABLE, "文件是空的。"))
        self.escapes = "\\" in text  # only escapes can make a character the reader did not see
        if root is None or ("*" in text and not self._refuse_aliases(root)):
            return None
        if ("!" in text or "%" in text) and not self._refuse_tags(root, text):
            return None
        return root

    def _refuse_hidden_characters(self, text: str) -> bool:
        """Refuse what a reviewer cannot see but YAML acts on, each with its line as git counts lines.

        libyaml breaks lines at U+0085, U+2028 and U+2029 and at a CR alone, where git and editors
        show one line: a key can hide in what looks like a comment. Invisible format characters
        (zero-width, bidi controls) change what text looks like; digits of other scripts look like
        others (“৪” is 4, and looks like 8).
        """
        found = 0
        for match in _hidden_characters(text):
            char = match.group()
            line = text.count("\n", 0, match.start()) + 1
            column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
            name = unicodedata.name(char, "") or _CONTROL_NAMES.get(char, "")
            what = f"U+{ord(char):04X}{' ' + name if name else ''}"
            if char.isdecimal():
                reason = f"含有不是 0-9 的数字“{char}”（{what}），它看起来像别的数字：请改用半角数字 0-9。"
            elif char in _LINE_BREAKS:
                reason = f"含有 {what}：YAML 把它当作换行，而 git 和编辑器显示为同一行，内容可能藏在其后。请删除。"
            else:
                reason = f"含有看不见的字符 {what}：它改变文字的显示，审核时看不出来。请删除。"
            self.problems.append(
                Problem(Location(self.path, line, column), UNREADABLE, reason, source_line=self.line(line))
            )
            found += 1
        return not found

    def _refuse_tags(self, root: yaml.Node, text: str) -> bool:
        """Refuse YAML tags (``!!binary``, ``!!null 5``, ``!custom``) and directives (``%TAG``): perfdocs reads
        every value as the text it is, so a tag would be silently ignored."""
        directive = _DIRECTIVE.search(text)
        if directive:
            line = text.count("\n", 0, directive.start()) + 1
            message = "这里有 YAML 指令（以 % 开头的行，如 %TAG）：perfdocs 的文件不用指令，请删除这一行。"
            self.problems.append(
                Problem(Location(self.path, line, 1), UNREADABLE, message, source_line=self.line(line))
            )
            return False
        for node in _nodes(root):
            written = _TAG.match(text, node.start_mark.index)
            if node.tag != _TAGS[type(node)] or written:
                tag = written.group() if written else node.tag.replace("tag:yaml.org,2002:", "!!")
                message = f"这里用了 YAML 标签“{tag}”：perfdocs 不用标签（它们会被忽略），请删去标签，直接写出内容。"
                self.error(node, message, code=UNREADABLE)
                return False
        return True

    def source_of(self, node: yaml.Node) -> str:
        """The text of ``node`` as the file writes it (quotes and escapes included)."""
        start, end = node.start_mark, node.end_mark
        if start.line == end.line:
            return self.line(start.line + 1)[start.column : end.column]
        return "\n".join(self.lines[start.line : end.line + 1])

    def line(self, number: int) -> str:
        """The text of 1-based line ``number`` of the file, for quoting it in a message."""
        return self.lines[number - 1].rstrip("\r") if 0 < number <= len(self.lines) else ""

    def _read(self, limit: int) -> str | None:
        """The file's text; a file larger than ``limit`` bytes is refused unread: no 绩效目标表 is
        that large, and reading one would take time and memory without bound."""
        where = Location(self.path)
        try:
            require_regular_file(self.path)
        except NotAFileError as error:
            self.problems.append(Problem(where, UNREADABLE, f"{error}。"))
            return None
        try:
            with open(self.path, "rb") as file:
                size = os.fstat(file.fileno()).st_size
                if size > limit:
                    message = f"文件太大（{size / 2**20:.1f} MB）：这种文件不应超过 {limit // 2**20} MB"
                    self.problems.append(Problem(where, UNREADABLE, message + "，请检查是否放错了文件。"))
                    return None
                raw = file.read()
        except OSError as error:
            self.problems.append(Problem(where, UNREADABLE, f"无法读取文件：{describe_os_error(error)}。"))
            return None
        return self._decode(raw)

    def _refuse_aliases(self, root: yaml.Node) -> bool:
        """Refuse aliases (``*name``): they repeat data out of sight, and can explode. The first is reported."""
        seen = {id(root)}
        pending = [root]
        while pending:  # depth first, in the order of the file
            node = pending.pop()
            children = []
            for where, child in _edges(node):
                if id(child) in seen:
                    self.error(
                        where, "这里用了 YAML 别名（*）：perfdocs 不使用锚点和别名，请直接写出内容。", code=UNREADABLE
                    )
                    return False
                seen.add(id(child))
                if isinstance(child, yaml.CollectionNode):
                    children.append(child)
            pending.extend(reversed(children))
        return True

    def _decode(self, raw: bytes) -> str | None:
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = raw.count(b"\n", 0, error.start) + 1
            column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
            found = "UTF-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "可能是 GBK"
            message = (
                f"文件不是 UTF-8 编码（{found}）：请在编辑器中以 UTF-8 编码另存，WPS 和记事本的“另存为”都可以选择编码。"
            )
            self.problems.append(Problem(Location(self.path, line, column), UNREADABLE, message))
            return None

    def _unreadable_character(self, error: yaml.reader.ReaderError, text: str) -> None:
        found = _YAML_FORBIDDEN.search(text)
        position = found.start() if found else 0
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        code = f"U+{ord(found.group()):04X}" if found else f"U+{error.character:04X}"
        message = f"文件含有不可见的控制字符 {code}（常见于从 Word 粘贴的换行），请删除。"
        self.problems.append(
            Problem(Location(self.path, line, column), UNREADABLE, message, source_line=self.line(line))
        )

    def _syntax_error(self, error: yaml.MarkedYAMLError, text: str) -> None:
        english = " ".join(part for part in (error.context, error.problem) if part)
        hint = next((chinese for key, chinese in _SYNTAX_HINTS if key in english), None)
        mark = error.problem_mark or error.context_mark
        if "quoted scalar" in english and error.context_mark:
            mark = error.context_mark  # where the unclosed quote begins, not the end of the file
        if mark is not None and text[mark.index : mark.index + 1] == "\t":
            hint = _TAB_HINT
        location = Location(self.path, mark.line + 1, mark.column + 1) if mark else Location(self.path)
        if mark is not None and (typo := _keyboard_typo(text.splitlines(), mark.line)):
            hint, location = typo[1], Location(self.path, typo[0] + 1, 1)
        message = f"YAML 语法错误：{hint}。" if hint else f"YAML 语法错误（{english}）。"
        self.problems.append(Problem(location, UNREADABLE, message, source_line=self.line(location.line)))

    def mapping(
        self, node: yaml.Node, field_path: str, what: str = "“键: 值”"
    ) -> dict[str, tuple[yaml.Node, yaml.Node]] | None:
        """The pairs of a mapping node by key text; duplicate keys are problems."""
        if not isinstance(node, yaml.MappingNode):
            place = f"“{field_path}”下" if field_path else "文件内容"
            found = "列表（以“- ”开头）" if isinstance(node, yaml.SequenceNode) else "一段文字"
            typo = isinstance(node, yaml.ScalarNode) and _looks_like_colon_typo(str(node.value))
            colon = f"{_COLON_TYPO}。" if typo else ""
            self.error(node, f"{place}应为一组{what}，而不是{found}。{colon}", field_path)
            return None
        pairs: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            key = self.key(key_node, field_path)
            if key is None:
                continue
            if key in pairs:
                first = pairs[key][0].start_mark.line + 1
                self.error(
                    key_node,
                    f"“{key}”重复出现（第 {first} 行已有）；重复的键会让前一项丢失，请合并或改名。",
                    join_path(field_path, key),
                    code=KEY,
                )
                continue
            pairs[key] = (key_node, value_node)
        return pairs

    def key(self, node: yaml.Node, field_path: str) -> str | None:
        key = node.value.strip() if type(node) is yaml.ScalarNode else ""
        if not key:
            self.error(node, f"“{field_path or '文件'}”下有一个空的或不是文字的键。", field_path, code=KEY)
            return None
        if self.escapes and not self._escapes_hide_nothing(node, key, join_path(field_path, key)):
            return None
        if "\n" in key or "\t" in key:
            self.error(
                node, f"“{join_path(field_path, key)}”这个键有换行或制表符：键只能写一行。", field_path, code=KEY
            )
            return None
        return str(key)

    def sequence(self, node: yaml.Node, field_path: str) -> list[yaml.Node] | None:
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, f"“{field_path}”应为列表，每项一行，以“- ”开头。", field_path)
            return None
        return list(node.value)

    def texts(self, node: yaml.Node, field_path: str) -> list[str] | None:
        """A non-empty list of one-line texts."""
        items = self.sequence(node, field_path)
        if items is None:
            return None
        if not items:
            self.error(node, f"“{field_path}”至少要有一项。", field_path)
            return None
        texts = [self.text(item, f"{field_path}[{index}]") for index, item in enumerate(items, 1)]
        return [text for text in texts if text is not None] if None not in texts else None

    def text(self, node: yaml.Node, field_path: str, *, required: bool = True, what: str = "一段文字") -> str | None:
        """A one-line text, exactly as written; None (with a problem if required) when blank. ``what``
        says what the field holds, for a list or a mapping written instead (一个金额, 一段文字)."""
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, f"“{field_path}”应为{what}，不能是列表或“键: 值”。", field_path)
            return None
        if is_blank(node):
            if required:
                self.error(node, f"“{field_path}”不能为空。", field_path)
            return None
        value = str(node.value)
        if node.style in ("|", ">"):
            value = value.rstrip("\n")  # a block scalar ends with a line break that is not text
        if "\n" in value or "\t" in value:  # a line break, even at an end, prints as one in the cell
            self.error(
                node, f"“{field_path}”只能写一行，不能有换行或制表符；表格单元格里的换行请拆成多项。", field_path
            )
            return None
        if self.escapes and not self._escapes_hide_nothing(node, value, field_path):
            return None
        return value

    def _escapes_hide_nothing(self, node: yaml.Node, value: str, field_path: str) -> bool:
        """A double-quoted escape (``"\\u202E"``) may make any character: refuse those a Word document
        cannot carry, and those the file itself may not hold (:func:`is_hidden_character`)."""
        bad = XML_INVALID.search(value)
        if bad:
            code = f"U+{ord(bad.group()):04X}"
            self.error(node, f"“{field_path}”含有 Word 文档不能保存的控制字符 {code}，请删除。", field_path)
            return False
        hidden = next((char for char in value if is_hidden_character(char)), None)
        if hidden is not None:
            what = f"U+{ord(hidden):04X} {unicodedata.name(hidden, '')}".rstrip()
            self.error(node, f"“{field_path}”含有看不见或容易看错的字符 {what}（由转义写出），请删除。", field_path)
            return False
        return True

    def money(self, node: yaml.Node, field_path: str, *, required: bool) -> Decimal | None:
        """An amount of money as written (``18.80`` stays two places); blank is None."""
        if isinstance(node, yaml.ScalarNode) and is_blank(node) and not required:
            return None
        text = self.text(node, field_path, what="一个金额（如 418.00）")
        if text is None:
            return None
        cleaned = text.strip()
        if isinstance(node, yaml.ScalarNode) and node.style == '"' and "\\" in self.source_of(node):
            self.error(node, f"“{field_path}”的金额用了转义（\\）：请直接写数字，如 18.80。", field_path)
            return None
        try:
            return parse_amount(cleaned)
        except AmountError as error:
            if error.not_a_number:
                message = f"“{field_path}”应为数字（单位万元，如 18.80），不能是“{cleaned}”。"
            else:
                message = f"“{field_path}”的数字“{cleaned}”{error}。"
            self.error(node, message, field_path)
            return None


def _looks_like_colon_typo(text: str) -> bool:
    """``预算数：18.80`` or ``预算数:18.80``: a key and value joined by the wrong colon."""
    return ": " not in text and bool(re.match(r"^[^:：\s]+(：|:(?=\S))", text))


def _keyboard_typo(lines: list[str], line: int) -> tuple[int, str] | None:
    """A Chinese-keyboard slip on ``line`` or the line before it, where YAML notices it one line late."""
    for index in (line - 1, line):
        text = lines[index] if 0 <= index < len(lines) else ""
        if text.startswith("\u3000") or text.lstrip(" ").startswith("\u3000"):
            return index, _WIDE_SPACE_TYPO
        if not text.lstrip().startswith(("#", "- ")) and _looks_like_colon_typo(text.strip()):
            return index, _COLON_TYPO
    return None


def is_hidden_character(char: str) -> bool:
    """A character that does not show what it is: a line break only YAML sees, an invisible format
    character (zero-width, bidi control, soft hyphen), or a digit of a script other than ASCII and
    full-width forms (“৪” is 4, and looks like 8). A byte-order mark counts too: the decoder has taken the one
    that may open the file."""
    if char in _LINE_BREAKS:
        return True
    if char.isascii():
        return False
    return unicodedata.category(char) == "Cf" or (char.isdecimal() and not "\uff10" <= char <= "\uff19")


def _hidden_characters(text: str) -> Iterator[re.Match[str]]:
    """Where ``text`` has line breaks YAML sees and git does not, invisible format characters (Unicode
    category Cf: zero-width, bidi controls, soft hyphen) and digits of scripts other than ASCII and
    full-width forms, in order. Only the characters the text holds are looked up."""
    odd = {char for char in set(text) if not char.isascii() and is_hidden_character(char)}
    if not odd and not _BREAKS.search(text):
        return iter(())
    pattern = _BREAKS.pattern + ("|[" + "".join(map(re.escape, sorted(odd))) + "]" if odd else "")
    return re.finditer(pattern, text)


def _nodes(root: yaml.Node) -> Iterator[yaml.Node]:
    """Every node under ``root`` (aliases were refused before, so each is met once)."""
    pending = [root]
    while pending:
        node = pending.pop()
        yield node
        if isinstance(node, yaml.MappingNode):
            pending += [child for pair in reversed(node.value) for child in reversed(pair)]
        elif isinstance(node, yaml.SequenceNode):
            pending += reversed(node.value)


def _edges(node: yaml.Node) -> Iterator[tuple[yaml.Node, yaml.Node]]:
    """The children of a collection node, each with the node that best shows where it is used."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield key, key
            yield key, value
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield node, item


def is_blank(node: yaml.Node) -> bool:
    """True for ``key:`` with nothing after it, ``~``, ``null`` and ``''``."""
    if type(node) is not yaml.ScalarNode:
        return False
    value = node.value
    return (not node.style and value in _NULL_WORDS) or not value.strip()


def join_path(field_path: str, key: str) -> str:
    """The dotted path of ``key`` under ``field_path`` (``绩效指标.产出指标``)."""
    return f"{field_path}.{key}" if field_path else key


class Fields:
    """The values under the known keys of one mapping; unknown and missing keys are problems.

    ``keys`` maps each known key to whether it must be present; ``hints`` says,
    for a key, what to write when it is missing.
    """

    def __init__(
        self,
        source: YamlFile,
        node: yaml.Node,
        field_path: str,
        keys: dict[str, bool],
        hints: dict[str, str] | None = None,
    ):
        self.source = source
        self.field_path = field_path
        self.pairs = source.mapping(node, field_path) or {}
        self.locations = {key: source.location(value) for key, (_, value) in self.pairs.items()}
        for key, (key_node, _) in self.pairs.items():
            if key not in keys:
                source.error(key_node, _unknown_key_message(key, keys), self.path(key), code=KEY)
        if isinstance(node, yaml.MappingNode):
            for key in [key for key, required in keys.items() if required and key not in self.pairs]:
                message = f"缺少“{self.path(key)}”。{(hints or {}).get(key, '')}"
                source.error(node, message, self.path(key), code=KEY)

    def path(self, key: str) -> str:
        return join_path(self.field_path, key)

    def node(self, key: str) -> yaml.Node | None:
        return self.pairs[key][1] if key in self.pairs else None

    def text(self, key: str) -> str | None:
        node = self.node(key)
        return None if node is None else self.source.text(node, self.path(key))

    def money(self, key: str, *, required: bool) -> Decimal | None:
        node = self.node(key)
        return None if node is None else self.source.money(node, self.path(key), required=required)

    def texts(self, key: str) -> list[str] | None:
        node = self.node(key)
        return None if node is None else self.source.texts(node, self.path(key))


def _unknown_key_message(key: str, keys: dict[str, bool]) -> str:
    return f"不认识的键“{key}”。{did_you_mean(key, keys)}这里可用的键是 {'、'.join(keys)}。"

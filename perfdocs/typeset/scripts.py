"""Which script a character is set in, by code point: Chinese (and the full-width forms and punctuation
set with it), Latin, or neither (it then takes the script of the text before it).

Code point ranges, not regular expressions: compiling those took a tenth of perfdocs' start.
"""

from __future__ import annotations

Ranges = tuple[tuple[int, int], ...]

#: Set in the Chinese face, 1 em wide unless the font says otherwise.
ASIAN: Ranges = ((0x2E80, 0x2FFF), (0x3000, 0x30FF), (0x3100, 0x9FFF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF),
                 (0xFE30, 0xFE4F), (0xFF00, 0xFFEF))  # fmt: skip
#: Ideographs (and kana): LibreOffice puts a gap between them and a Latin letter or digit.
IDEOGRAPH: Ranges = ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF))
#: What a reader (and the printed-page test) calls a Chinese character: alone on a line, a lone character.
LONE: Ranges = ((0x3000, 0x303F), (0x3400, 0x9FFF), (0xFF00, 0xFFEF))
#: Letters and digits set in the Latin face.
LATIN: Ranges = ((0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F), (0x370, 0x3FF), (0x400, 0x4FF))


def within(char: str, ranges: Ranges) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in ranges)

"""The layouts perfdocs ships, each a folder with its description, found by looking."""

from __future__ import annotations

import pytest

import perfdocs
from perfdocs.errors import InputError
from perfdocs.layouts import DEFAULT_LAYOUT, get_layout, layout_table, layouts


def test_the_default_layout_is_tianjin_and_comes_first() -> None:
    assert DEFAULT_LAYOUT == "天津"
    assert layout_table()[0].name == "天津"
    assert get_layout().name == get_layout(None).name == "天津"


def test_every_layout_folder_has_its_view_and_template() -> None:
    for layout in layout_table():
        assert layout.folder.name.isascii()
        assert layout.template_path().is_file(), layout.name
        assert layout.view.PRINTED.project, layout.name
        assert layout.description
        assert "\n" not in layout.description


def test_an_unknown_layout_is_named_with_those_there_are() -> None:
    with pytest.raises(InputError) as raised:
        get_layout("北京")
    assert str(raised.value) == f"版式: PD003 没有“北京”这个版式：可用的版式有 {'、'.join(layouts())}。"


def test_the_public_api_lists_the_layouts() -> None:
    assert [layout.name for layout in perfdocs.layout_table()] == list(layouts())

"""Line breaking for Chinese and mixed text (render/wrap.py), laid out by Rich at fixed widths:
between characters, never a number from its unit, never a line that starts with closing
punctuation, never inside a URL; English breaks at spaces as Rich breaks it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from watchwarranty.render.output import emit
from watchwarranty.render.wrap import CLOSING, Wrapped, units

NOTE = "请在 2022年3月1日前注册，可将保修延长至 2028年3月1日；基础保修为 3 年，注册后再延长 5 年。"


def lines(renderable: object, width: int) -> list[str]:
    console = Console(width=width, force_terminal=False, color_system=None)
    with console.capture() as captured:
        emit(console, renderable)  # type: ignore[arg-type]
    return captured.get().split("\n")[:-1]


def test_chinese_breaks_between_characters_and_fills_the_line() -> None:
    got = lines(Wrapped("表主拒绝接收品牌的营销信息，也不影响基础保修。"), 20)
    assert got == ["表主拒绝接收品牌的营", "销信息，也不影响基础", "保修。"]


def test_no_line_starts_with_closing_punctuation() -> None:
    # Width 18 would put "，" first on the second line: it stays with the character before it.
    got = lines(Wrapped("表主拒绝接收品牌的营销信息，也不影响"), 18)
    assert got == ["表主拒绝接收品牌的", "营销信息，也不影响"]
    got = lines(Wrapped("表主拒绝接收品牌的营销信，息"), 26)
    assert all(line[:1] not in CLOSING for line in got), got


def test_a_number_stays_with_its_unit_and_a_date_stays_whole() -> None:
    for width in range(14, 60):
        for line in lines(Wrapped(NOTE), width):
            assert not line.endswith(("3", "5", "2022", "2028", "2022年", "3月")), (width, line)
            assert not line.startswith(("年", "月", "日")), (width, line)


def test_a_url_is_never_split() -> None:
    url = "https://www.cartier.com/en-us/services/care-and-repair"
    got = lines(Wrapped(f"cartier-care，来源（可信度高）：{url}"), 30)
    assert url in got


def test_english_breaks_at_spaces_like_rich() -> None:
    text = "register by 2022-03-01 to extend cover to 2028-03-01"
    assert lines(Wrapped(text), 30) == lines(Text(text), 30)


def test_styles_survive_the_breaks() -> None:
    console = Console(width=10, force_terminal=True, color_system="standard")
    with console.capture() as captured:
        emit(console, Wrapped(Text("保修延长至二〇二八年", style="red")))
    assert captured.get().count("\x1b[31m") == 2


def test_in_a_table_the_column_narrows_to_the_longest_unbreakable_piece() -> None:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column()
    grid.add_row("延长保修", Wrapped(NOTE))
    for width in (30, 40, 80):
        got = lines(grid, width)
        assert all(cell_len(line) <= width for line in got), got
        assert "…" not in "".join(got)
        joined = "".join(got).replace(" ", "")
        assert joined == "延长保修" + NOTE.replace(" ", "")


@given(st.text(alphabet="年月日前注册保修，。；：）（、 3a-", max_size=60), st.integers(4, 40))
def test_nothing_is_lost_and_no_line_is_too_wide(text: str, width: int) -> None:
    got = lines(Wrapped(text), width)
    assert "".join(got).replace(" ", "") == text.replace(" ", "")
    assert all(cell_len(line) <= width for line in got)


def test_units_glue_punctuation_and_numbers() -> None:
    assert units("至 2028年3月1日。") == ["至 ", "2028年3月1日。"]
    assert units("（见 rules.toml）") == ["（见 ", "rules.toml）"]

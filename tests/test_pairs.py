"""The labelled-lines layout of a watch's answer (a Rich grid, printed through render.output):
alignment, wrapping, wide characters, and no line ending in the grid's padding."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from watchwarranty.render.output import emit
from watchwarranty.render.pairs import Pairs


def rendered(pairs: Table, width: int) -> list[str]:
    console = Console(width=width, file=None, force_terminal=False, color_system=None)
    with console.capture() as captured:
        emit(console, pairs)
    return captured.get().split("\n")[:-1]


def test_values_start_in_one_column_after_the_widest_label() -> None:
    pairs = Pairs([("Brand", "Cartier"), ("Effective expiry", "2022-03-01")])
    assert rendered(pairs, 80) == [
        "Brand             Cartier",
        "Effective expiry  2022-03-01",
    ]


def test_a_long_value_wraps_under_itself_and_no_line_ends_in_spaces() -> None:
    value = "register by 2022-03-01 to extend cover to 2028-03-01"
    lines = rendered(Pairs([("Extension", value), ("Status", "active")]), 40)
    assert lines == [
        "Extension  register by 2022-03-01 to",
        "           extend cover to 2028-03-01",
        "Status     active",
    ]


def test_chinese_labels_align_by_terminal_cells() -> None:
    # Each Chinese character takes two cells: four of them are as wide as eight letters.
    lines = rendered(Pairs([("品牌", "卡地亚"), ("实际到期日", "2022年3月1日")]), 80)
    assert lines == ["品牌        卡地亚", "实际到期日  2022年3月1日"]


def test_markup_in_a_value_is_printed_as_written() -> None:
    # Rule texts are data: "[bold]" in a note is text, not a style.
    assert rendered(Pairs([("•", "see [bold]terms[/bold]")]), 80) == ["•  see [bold]terms[/bold]"]


def test_styles_reach_the_terminal() -> None:
    console = Console(width=80, force_terminal=True, color_system="standard")
    with console.capture() as captured:
        emit(console, Pairs([("Status", Text("expired", style="red"))], label_style="bold"))
    output = captured.get()
    assert "\x1b[1mStatus\x1b[0m" in output
    assert "\x1b[31mexpired\x1b[0m" in output


@given(
    rows=st.lists(
        st.tuples(
            st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=12),
            st.text(st.characters(categories=["L", "N", "Zs"]), max_size=120),
        ),
        min_size=1,
        max_size=5,
    ),
    width=st.integers(min_value=40, max_value=120),
)
def test_every_line_fits_keeps_every_word_and_ends_without_spaces(
    rows: list[tuple[str, str]], width: int
) -> None:
    lines = rendered(Pairs(rows), width)
    assert all(cell_len(line) <= width for line in lines)
    assert all(line == line.rstrip() for line in lines)
    words = [word for label, value in rows for word in [label, *value.split()]]
    assert "".join("".join(line.split()) for line in lines) == "".join(words)

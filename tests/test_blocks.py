"""Blocks of whole rows: cut anywhere the csv module would end a row, and nowhere else."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from watchwarranty.blocks import blocks

# Cells with everything that makes CSV hard: commas, quotes, both line ends, Chinese.
cell_text = st.text(alphabet=st.sampled_from(list('ab,"\r\n 卡地亚')), max_size=8)
# A quote inside an unquoted cell is an ordinary character to the csv module.
stray_quote_cell = st.sampled_from(['12" dial', 'a"b"', 'x""'])


@st.composite
def csv_inputs(draw: st.DrawFn) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    for cells in draw(st.lists(st.lists(cell_text, min_size=1, max_size=4), max_size=12)):
        line = io.StringIO()
        csv.writer(line, lineterminator="").writerow(cells)
        if draw(st.booleans()):
            text.write(draw(stray_quote_cell) + ",")
        text.write(line.getvalue() + writer.dialect.lineterminator)
    return text.getvalue().encode("utf-8")


def parsed(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


@given(csv_inputs(), st.integers(1, 64))
def test_csv_blocks_read_as_the_whole_input_does(data: bytes, size: int) -> None:
    cut = list(blocks(io.BytesIO(data), csv_quotes=True, size=size))
    assert b"".join(block.data for block in cut) == data
    assert [row for block in cut for row in parsed(block.data)] == parsed(data)
    for block in cut:
        before = data[: block.end - len(block.data)]
        assert block.lines_before == before.count(b"\n")
        assert data[: block.end].endswith(block.data)


@given(st.lists(st.text(alphabet="ab{}\r", max_size=6), max_size=20), st.integers(1, 16))
def test_line_blocks_end_at_line_ends(lines: list[str], size: int) -> None:
    data = "".join(line + "\n" for line in lines).encode()
    cut = list(blocks(io.BytesIO(data), csv_quotes=False, size=size))
    assert b"".join(block.data for block in cut) == data
    assert all(block.data.endswith(b"\n") for block in cut)


def test_a_row_longer_than_a_block_stays_whole() -> None:
    data = b'a,"' + b"x\n" * 50 + b'"\nb,c\n'
    cut = list(blocks(io.BytesIO(data), csv_quotes=True, size=8))
    assert parsed(cut[0].data)[0] == ["a", "x\n" * 50]
    assert b"".join(block.data for block in cut) == data

"""batch: every input row out once, in order; bad rows reported, never fatal; same answers as check."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import Invoke
from hypothesis import given, settings
from hypothesis import strategies as st

from watchwarranty.batch import RESULT_COLUMNS, Evaluator, InputFormat, Row, csv_layout, rows_in
from watchwarranty.blocks import Block
from watchwarranty.engine import evaluate
from watchwarranty.errors import WatchWarrantyError
from watchwarranty.inputs import build_purchase
from watchwarranty.model import RuleBook
from watchwarranty.pipeline import read_layout
from watchwarranty.render.records import to_record

INVENTORY = (
    "\ufeffsku,brand,purchase_date,registered,movement,note\r\n"
    'A1,卡地亚,2020年3月1日,,,"shop, window"\r\n'
    "A2,rolx,2020-01-01,,,\r\n"
    "A3,omega,2014-03-01,,co-axial,x\r\n"
    "A4,rolex,05/06/2020,,,\r\n"
    "A5,jlc,2024-01-10,是,,\r\n"
    "A6,cartier,2020-03-01,maybe,,\r\n"
)


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def rows_read(text: str) -> Iterator[Row]:
    """The rows batch reads from CSV ``text``."""
    data = text.encode("utf-8")
    layout, rows = read_layout(Block(data, 0, len(data)), InputFormat.CSV)
    assert rows is not None
    lines = io.StringIO(rows.data.decode("utf-8"), newline="")
    return rows_in(layout, lines, rows.lines_before)


def test_every_row_comes_out_once_in_order_with_errors_in_place(
    invoke: Invoke, tmp_path: Path
) -> None:
    path = tmp_path / "inventory.csv"
    path.write_bytes(INVENTORY.encode("utf-8"))
    result = invoke("batch", str(path), "--as-of", "2025-01-01", expect=1)
    out = rows_of(result.stdout)
    assert [row["sku"] for row in out] == ["A1", "A2", "A3", "A4", "A5", "A6"]
    assert list(out[0]) == [
        "sku",
        "brand",
        "purchase_date",
        "registered",
        "movement",
        "note",
        *RESULT_COLUMNS,
    ]
    assert out[0]["note"] == "shop, window"
    assert (out[0]["brand_name"], out[0]["effective_expiry"], out[0]["status"]) == (
        "Cartier",
        "2022-03-01",
        "expired",
    )
    assert out[2]["effective_expiry"] == "2018-03-01"
    assert out[4]["extended_expiry"] == "2032-01-10"
    assert out[1]["error"] == "unknown brand 'rolx'; did you mean Rolex?"
    assert out[1]["effective_expiry"] == ""
    assert "could be 2020-06-05 or 2020-05-06" in out[3]["error"]
    assert "registered 'maybe' is not yes or no" in out[5]["error"]
    assert result.stderr.splitlines() == [
        "watchwarranty: line 3: unknown brand 'rolx'; did you mean Rolex?",
        "watchwarranty: line 5: date '05/06/2020' is ambiguous: it could be 2020-06-05 or "
        "2020-05-06; write it as YYYY-MM-DD",
        "watchwarranty: line 7: registered 'maybe' is not yes or no; write true/false, yes/no, 1/0 or 是/否",
    ]


def test_all_good_rows_exit_0_and_stdin_is_csv(invoke: Invoke) -> None:
    text = "brand,purchase_date\nrolex,2015-07-01\n"
    result = invoke("batch", "-", "--as-of", "2016-01-01", input=text)
    assert rows_of(result.stdout)[0]["effective_expiry"] == "2020-07-01"


def test_json_lines_pass_every_key_through(invoke: Invoke) -> None:
    lines = (
        '{"sku": "B1", "brand": "rolex", "purchase_date": "2020-01-01", "registered": true, "tags": [1]}\n'
        "not json\n"
        '{"sku": "B3", "brand": "爱彼", "purchase_date": "2020-01-01", "store": "北京SKP", "registered_on": "2020-02-01"}\n'
    )
    result = invoke(
        "batch",
        "-",
        "--input-format",
        "jsonl",
        "--format",
        "jsonl",
        "--as-of",
        "2025-01-01",
        input=lines,
        expect=1,
    )
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 3
    assert (
        records[0]["tags"] == [1] and records[0]["days_left"] == 0 and records[0]["error"] is None
    )
    assert records[1]["error"] == "the line is not a JSON object; write one {…} object a line"
    assert records[2]["store"] == "北京SKP" and records[2]["effective_expiry"] == "2028-01-01"


def test_expiring_within_keeps_covered_rows_inside_the_window_and_errors(invoke: Invoke) -> None:
    text = "brand,purchase_date\nrolex,2015-07-01\nrolex,2019-01-01\nrolex,2010-01-01\nnope,2019-01-01\n"
    result = invoke(
        "batch", "-", "--as-of", "2020-06-01", "--expiring-within", "60", input=text, expect=1
    )
    assert [(r["purchase_date"], r["error"] != "") for r in rows_of(result.stdout)] == [
        ("2015-07-01", False),
        ("2019-01-01", True),
    ]


def test_summary_goes_to_stderr(invoke: Invoke) -> None:
    text = "brand,purchase_date\nrolex,2015-07-01\nrolex,2010-01-01\nnope,2019-01-01\n"
    result = invoke("batch", "-", "--as-of", "2020-06-01", "--summary", input=text, expect=1)
    assert len(rows_of(result.stdout)) == 3
    summary = dict(line.rsplit(maxsplit=1) for line in result.stderr.splitlines()[1:])
    assert {k.strip(): v for k, v in summary.items()} == {
        "rows": "3",
        "covered": "1",
        "expired": "1",
        "expiring within 90 days": "1",
        "errors": "1",
    }


def test_summary_counts_line_up_without_trailing_spaces(invoke: Invoke) -> None:
    text = "brand,purchase_date\n" + "rolex,2010-01-01\n" * 11 + "rolex,2020-01-01\n"
    result = invoke("batch", "-", "--as-of", "2020-06-01", "--summary", input=text)
    assert result.stderr.splitlines() == [
        "rows                     12",
        "covered                   1",
        "expired                  11",
        "expiring within 90 days   0",
        "errors                    0",
    ]


def test_problems_with_the_run_itself_exit_2(invoke: Invoke, tmp_path: Path) -> None:
    missing = invoke("batch", str(tmp_path / "none.csv"), expect=2)
    assert "no such file" in missing.stderr
    no_column = invoke("batch", "-", input="sku,date\n1,2\n", expect=2)
    assert "header has no brand or purchase_date column" in no_column.stderr
    binary = tmp_path / "latin1.csv"
    binary.write_bytes(b"brand,purchase_date\n\xff\xfe,2020-01-01\n")
    undecodable = invoke("batch", str(binary), expect=2)
    assert (
        undecodable.stderr.startswith("watchwarranty: error: cannot read")
        and undecodable.stderr.count("\n") == 1
    )


def test_identical_rows_are_evaluated_once(shipped: RuleBook) -> None:
    evaluator = Evaluator(shipped, as_of=date(2025, 1, 1))
    rows = rows_read("brand,purchase_date\n" + "rolex,2020-01-01\n" * 50)
    answers = {evaluator.answer(row) for row in rows}
    assert len(answers) == 1
    assert evaluator.evaluations == 1


# -- batch and check agree ---------------------------------------------------------------------

cells = st.fixed_dictionaries(
    {
        "brand": st.sampled_from(["rolex", "卡地亚", "omega", "AP", "积家", "雅典", "rolx", ""]),
        "purchase_date": st.dates(date(2008, 1, 1), date(2026, 1, 1)).map(date.isoformat)
        | st.sampled_from(["05/06/2020", "2021-02-29", "2019年5月20日"]),
        "region": st.sampled_from(["", "CN", "中国", "US"]),
        "registered": st.sampled_from(["", "yes", "no"]),
        "registered_on": st.sampled_from(["", "2020-06-01", "2018-01-01"]),
        "movement": st.sampled_from(["", "co-axial", "quartz", "mechanical"]),
        "store": st.sampled_from(["", "北京SKP", "a market stall"]),
        "second_hand": st.sampled_from(["", "yes"]),
        "marketing_consent": st.sampled_from(["", "no"]),
    }
)


@settings(max_examples=300)
@given(cells)
def test_batch_and_check_give_the_same_answer(shipped: RuleBook, row: dict[str, str]) -> None:
    as_of = date(2024, 6, 1)
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(row))
    writer.writeheader()
    writer.writerow(row)
    rows = rows_read(text.getvalue())
    answer = Evaluator(shipped, as_of=as_of).answer(next(rows))
    try:
        purchase = build_purchase(
            shipped,
            brand=row["brand"],
            purchase_date=row["purchase_date"],
            region=row["region"] or None,
            movement=row["movement"] or None,
            store=row["store"] or None,
            registered={"yes": True, "no": False}.get(row["registered"]),
            registered_on=row["registered_on"] or None,
            second_hand=row["second_hand"] == "yes",
            marketing_consent=row["marketing_consent"] != "no",
        )
        record = to_record(evaluate(purchase, shipped, as_of=as_of))
    except WatchWarrantyError as error:
        assert answer.error == str(error)
        return
    assert answer.error == ""
    assert answer.brand_name == record["brand"]
    for key in (
        "base_expiry",
        "extended_expiry",
        "effective_expiry",
        "status",
        "register_by",
        "expiry_if_registered",
    ):
        assert getattr(answer, key) == (record[key] or ""), key
    assert answer.days_left == str(record["days_left"])


def test_with_a_progress_bar_the_data_still_goes_to_stdout_alone(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from watchwarranty.cli import batch as batch_command

    monkeypatch.setattr(batch_command, "stderr_is_terminal", lambda: True)
    monkeypatch.setattr(batch_command, "BLOCK_BYTES", 40)  # a few rows a block
    path = tmp_path / "inventory.csv"
    path.write_text("brand,purchase_date\n" + "rolex,2020-01-01\n" * 10, encoding="utf-8")
    # FORCE_COLOR makes Rich treat stderr as a terminal, as it is when a person watches.
    result = invoke("batch", str(path), "--as-of", "2021-01-01", env={"FORCE_COLOR": "1"})
    assert len(rows_of(result.stdout)) == 10
    assert "rolex,2020-01-01" not in result.stderr


# -- many blocks, in worker processes ---------------------------------------------------------


def inventory_of(rows: int) -> str:
    """An inventory with errors, quoted multi-line cells and Chinese spread through it."""
    brands = ["rolex", "卡地亚", "omega", "rolx", "积家", "tudor"]
    lines = ["\ufeffsku,brand,purchase_date,registered,movement,note\r\n"]
    for number in range(rows):
        day = 1 + number % 28
        month = 1 + number % 12
        note = '"a, ""quoted""\r\nnote"' if number % 7 == 0 else "plain"
        lines.append(
            f"S{number},{brands[number % 6]},20{10 + number % 15}-{month:02d}-{day:02d},"
            f"{['', 'yes', 'no'][number % 3]},{['', 'quartz'][number % 2]},{note}\r\n"
        )
    return "".join(lines)


@pytest.mark.parametrize("output_format", ["csv", "jsonl"])
def test_worker_processes_answer_as_one_process_does(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output_format: str
) -> None:
    from watchwarranty.cli import batch as batch_command

    monkeypatch.setattr(batch_command, "BLOCK_BYTES", 300)  # dozens of blocks
    path = tmp_path / "inventory.csv"
    path.write_bytes(inventory_of(400).encode("utf-8"))
    args = ("batch", str(path), "--as-of", "2024-06-01", "--format", output_format, "--summary")
    alone = invoke(*args, "--jobs", "1", expect=1)
    together = invoke(*args, "--jobs", "2", expect=1)
    assert together.stdout == alone.stdout
    assert together.stderr == alone.stderr
    records = (
        rows_of(together.stdout)
        if output_format == "csv"
        else [json.loads(line) for line in together.stdout.splitlines()]
    )
    assert [record["sku"] for record in records] == [f"S{number}" for number in range(400)]
    assert "watchwarranty: line 6: unknown brand 'rolx'" in together.stderr  # S3


@pytest.mark.parametrize(
    ("block_room", "output_room", "way"),
    [(1 << 16, 1 << 16, "shared"), (0, 1 << 16, "pipes"), (1 << 16, 0, "answer in pipes")],
)
def test_blocks_reach_workers_through_shared_memory_or_else_the_pipes(
    invoke: Invoke,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    block_room: int,
    output_room: int,
    way: str,
) -> None:
    from watchwarranty import pipeline
    from watchwarranty.cli import batch as batch_command

    monkeypatch.setattr(batch_command, "BLOCK_BYTES", 300)
    # A block longer than its room, or an output longer than its room, takes the pipes.
    monkeypatch.setattr(pipeline, "_BLOCK_ROOM", block_room)
    monkeypatch.setattr(pipeline, "_SLOT_BYTES", block_room + output_room)
    ways: list[str] = []
    send, receive = pipeline._Exchange.send, pipeline._Exchange.receive

    def sending(exchange: pipeline._Exchange, executor: Any, block: Block) -> Any:
        if not exchange.free or len(block.data) > pipeline._BLOCK_ROOM:
            ways.append("pipes")
        return send(exchange, executor, block)

    def receiving(exchange: pipeline._Exchange, answer: Any) -> pipeline.BlockAnswer:
        if isinstance(answer, pipeline._Written):
            ways.append("answer in pipes" if answer.length is None else "shared")
        return receive(exchange, answer)

    monkeypatch.setattr(pipeline._Exchange, "send", sending)
    monkeypatch.setattr(pipeline._Exchange, "receive", receiving)
    path = tmp_path / "inventory.csv"
    path.write_bytes(inventory_of(300).encode("utf-8"))
    args = ("batch", str(path), "--as-of", "2024-06-01")
    alone = invoke(*args, "--jobs", "1", expect=1)
    together = invoke(*args, "--jobs", "2", expect=1)
    assert together.stdout == alone.stdout
    assert together.stderr == alone.stderr
    assert set(ways) == {way}
    # Slots are given back: the worker answers more blocks than there are slots.
    assert len(ways) > 2 * 1 + 1


def _die(*args: object) -> None:
    os._exit(9)  # as the kernel's out-of-memory killer would end a worker


def test_a_worker_that_dies_stops_the_run_with_one_line_after_the_rows_before(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from watchwarranty import pipeline
    from watchwarranty.cli import batch as batch_command

    monkeypatch.setattr(batch_command, "BLOCK_BYTES", 300)
    monkeypatch.setattr(pipeline, "_answer_placed", _die)
    monkeypatch.setattr(pipeline, "_answer_adopted", _die)
    path = tmp_path / "inventory.csv"
    path.write_bytes(inventory_of(300).encode("utf-8"))
    result = invoke("batch", str(path), "--as-of", "2024-06-01", "--jobs", "2", expect=2)
    last = result.stderr.splitlines()[-1]
    assert last == (
        "watchwarranty: error: a worker process stopped before answering its rows "
        "(killed, or out of memory?); run again, or with --jobs 1"
    )
    written = rows_of(result.stdout)
    assert [row["sku"] for row in written] == [f"S{number}" for number in range(len(written))]


plain_cell = st.text(alphabet=st.sampled_from(list("ab 1-/年月日卡地亚")), max_size=6)


@st.composite
def unquoted_inventories(draw: st.DrawFn) -> bytes:
    """CSV lines with no quotes: brands and dates that answer, and cells that do not."""
    end = draw(st.sampled_from(["\n", "\r\n"]))
    lines = ["sku,brand,purchase_date,registered,extra"]
    for _ in range(draw(st.integers(0, 30))):
        cells = [
            draw(plain_cell),
            draw(st.sampled_from(["rolex", "卡地亚", "Omega", "rolx", "", "A. Lange & Söhne"])),
            draw(st.sampled_from(["2020-01-31", "2019年5月20日", "2021-02-29", ""]) | plain_cell),
            draw(st.sampled_from(["", "yes", "no", "maybe"])),
            draw(plain_cell),
        ]
        lines.append(",".join(cells[: draw(st.integers(1, 6))]))
        if draw(st.booleans()):
            lines.append("")  # a blank line is no row
    return (end.join(lines) + end).encode("utf-8")


@settings(max_examples=150)
@given(unquoted_inventories(), st.sampled_from([None, 400]))
def test_unquoted_csv_is_answered_as_the_csv_module_reads_it(
    shipped: RuleBook, data: bytes, within: int | None
) -> None:
    from watchwarranty.blocks import Block
    from watchwarranty.pipeline import Job, _answer_rows, _answer_unquoted_csv, read_layout
    from watchwarranty.render import BatchFormat

    layout, rows = read_layout(Block(data, 0, len(data)), InputFormat.CSV)
    assert rows is not None
    job = Job(Evaluator(shipped, as_of=date(2024, 6, 1)), layout, BatchFormat.CSV, within)
    assert _answer_unquoted_csv(job, rows) == _answer_rows(job, rows)


class _Lazy:
    """A worker's answer that is worked out only when it is asked for (never done before)."""

    def __init__(self, work: Any, *args: Any) -> None:
        self.work, self.args = work, args

    def done(self) -> bool:
        return False

    def result(self) -> Any:
        return self.work(*self.args)


class _LazyExecutor:
    def submit(self, work: Any, *args: Any) -> _Lazy:
        return _Lazy(work, *args)


def test_an_error_this_process_finds_ahead_waits_for_the_answers_before_it(
    shipped: RuleBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    from watchwarranty import pipeline
    from watchwarranty.render import BatchFormat

    good = b"rolex,2020-01-01\n" * 3
    data = [good] * 5 + [b"rolex,\xff\n"] + [good] * 2
    blocks = [Block(block, 3 * number, 0) for number, block in enumerate(data)]
    layout = csv_layout(["brand", "purchase_date"])
    job = pipeline.Job(Evaluator(shipped, as_of=date(2024, 6, 1)), layout, BatchFormat.CSV)
    exchange = pipeline._Exchange(slots=3)
    monkeypatch.setattr(pipeline, "_adopted", job)
    monkeypatch.setattr(pipeline, "_shared_memory", exchange.memory)
    answered = []
    # The "worker" takes the first blocks and is never ready before its turn, so this
    # process answers ahead from the far end of the window, the bad block among them.
    with pytest.raises(UnicodeDecodeError):
        for answer in pipeline._shared(job, iter(blocks), 1, _LazyExecutor(), exchange):
            answered.append(answer)
    assert len(answered) == 5
    assert all(answer.output.count(b"\n") == 3 for answer in answered)


def test_an_undecodable_block_stops_a_parallel_run_after_the_rows_before_it(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from watchwarranty.cli import batch as batch_command

    monkeypatch.setattr(batch_command, "BLOCK_BYTES", 300)
    good = inventory_of(200).encode("utf-8")
    path = tmp_path / "inventory.csv"
    path.write_bytes(
        good + b"S999,rolex,2020-01-01,,,\xff\xfe broken\r\n" + good.split(b"\n", 1)[1]
    )
    result = invoke("batch", str(path), "--as-of", "2024-06-01", "--jobs", "2", expect=2)
    last = result.stderr.splitlines()[-1]
    assert last.startswith("watchwarranty: error: cannot read")
    assert last.endswith("give UTF-8 CSV or JSON Lines")
    written = rows_of(result.stdout)
    assert [row["sku"] for row in written] == [f"S{number}" for number in range(len(written))]
    assert 0 < len(written) <= 200
    # Every block before the bad one is written, as one process writes them.
    alone = invoke("batch", str(path), "--as-of", "2024-06-01", "--jobs", "1", expect=2)
    assert (result.stdout, result.stderr) == (alone.stdout, alone.stderr)

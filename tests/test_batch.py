"""batch: every input row out once, in order; bad rows reported, never fatal; same answers as check."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import Invoke
from hypothesis import given, settings
from hypothesis import strategies as st

from watchwarranty.batch.answer import RESULT_COLUMNS, Answerer
from watchwarranty.batch.read import InputFormat, ReadOptions, Row, read_inventory
from watchwarranty.engine.evaluate import evaluate
from watchwarranty.errors import WatchWarrantyError
from watchwarranty.inputs import build_purchase
from watchwarranty.model import RuleBook
from watchwarranty.render.serial import render_csv
from watchwarranty.rules import default_rules_path, load_rules

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


def rows_read(text: str, input_format: InputFormat = InputFormat.CSV) -> Iterator[Row]:
    """The rows batch reads from ``text``."""
    options = ReadOptions(input_format=input_format)
    return read_inventory(io.BytesIO(text.encode("utf-8")), options).rows


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
    # Whether it was registered is not stated: expired unless it was registered in time.
    assert (out[0]["brand_name"], out[0]["effective_expiry"], out[0]["status"]) == (
        "Cartier",
        "2022-03-01",
        "depends",
    )
    assert out[0]["possible_expiry"] == "2028-03-01"
    assert out[0]["depends_on"] == "registered_on=2020-03-01/2022-03-01: 2028-03-01"
    assert out[2]["effective_expiry"] == "2017-03-01"  # a co-axial: 36 months
    # Registered, but whether by the first owner is not stated: the extension may not pass on.
    assert out[4]["extended_expiry"] == ""
    assert out[4]["possible_expiry"] == "2032-01-10"
    assert out[1]["error"] == "unknown brand 'rolx'; did you mean Rolex?"
    assert out[1]["effective_expiry"] == ""
    assert "could be 2020-06-05 or 2020-05-06" in out[3]["error"]
    assert "registered 'maybe' is not yes or no" in out[5]["error"]
    assert result.stderr.splitlines() == [
        "watchwarranty: line 3: unknown brand 'rolx'; did you mean Rolex?",
        "watchwarranty: line 5: date '05/06/2020' is ambiguous: it could be 2020-06-05 or "
        "2020-05-06; write it as YYYY-MM-DD, or pass --date-order dmy or mdy",
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
    assert records[1]["error"] == (
        "line 2: the line is not valid JSON (at character 1): 'not json'; "
        "write one {…} object a line"
    )
    # After 2019-11 the boutique's extra years are a reading, and the owner is not stated.
    assert records[2]["store"] == "北京SKP" and records[2]["effective_expiry"] == "2022-01-01"
    assert records[2]["possible_expiry"] == "2028-01-01"


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
    *counts, rules = result.stderr.splitlines()[1:]
    assert rules.startswith("rules: version ")
    summary = dict(line.rsplit(maxsplit=1) for line in counts)
    assert {k.strip(): v for k, v in summary.items()} == {
        "rows": "3",
        "covered": "1",
        "depends on facts not given": "0",
        "expired": "1",
        "expiring within 90 days": "1",
        "errors": "1",
    }


def test_summary_counts_line_up_without_trailing_spaces(invoke: Invoke) -> None:
    text = "brand,purchase_date\n" + "rolex,2010-01-01\n" * 11 + "rolex,2020-01-01\n"
    result = invoke("batch", "-", "--as-of", "2020-06-01", "--summary", input=text)
    assert result.stderr.splitlines() == [
        "rows                        12",
        "covered                      1",
        "depends on facts not given   0",
        "expired                     11",
        "expiring within 90 days      0",
        "errors                       0",
        _rules_line(),
    ]


def _rules_line() -> str:
    rules = load_rules(default_rules_path())
    return f"rules: version {rules.version}, fingerprint {rules.fingerprint}"


def test_summary_says_one_day_in_the_singular(invoke: Invoke) -> None:
    text = "brand,purchase_date\nrolex,2020-01-01\n"
    result = invoke(
        "batch", "-", "--as-of", "2020-06-01", "--summary", "--expiring-within", "1", input=text
    )
    assert "expiring within 1 day " in result.stderr


def test_problems_with_the_run_itself_exit_2(invoke: Invoke, tmp_path: Path) -> None:
    missing = invoke("batch", str(tmp_path / "none.csv"), expect=2)
    assert "no such file" in missing.stderr
    no_column = invoke("batch", "-", input="sku,date\n1,2\n", expect=2)
    assert "header has no brand or purchase_date column" in no_column.stderr
    binary = tmp_path / "latin1.csv"
    binary.write_bytes(b"br\xffand,purchase_date\nrolex,2020-01-01\n")
    undecodable = invoke("batch", str(binary), expect=2)
    assert undecodable.stderr == (
        "watchwarranty: error: cannot read the CSV header: the line is not UTF-8 (byte 0xff at "
        "byte 3); save the file as UTF-8; give a CSV file whose first row names the columns\n"
    )


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
    [read] = rows_read(text.getvalue())
    answer = Answerer(shipped, as_of=as_of).answer(read.facts)
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
            second_hand={"yes": True}.get(row["second_hand"]),
            marketing_consent=row["marketing_consent"] != "no",
        )
        verdict = evaluate(purchase, shipped, as_of=as_of)
    except WatchWarrantyError as error:
        assert answer.error == str(error)
        return
    # Byte for byte what `check --format csv` writes for the same facts.
    [check_row] = csv.DictReader(io.StringIO(render_csv(verdict)))
    values = dict(zip(RESULT_COLUMNS, answer.values(), strict=True))
    cells = {key: "" if value is None else str(value) for key, value in values.items()}
    shared = [key for key in RESULT_COLUMNS[1:] if key in check_row]
    assert [cells[key] for key in shared] == [check_row[key] for key in shared]
    assert cells["brand_name"] == check_row["brand"]
    assert values["error"] is None
    assert (values["rules_version"], values["rules_fingerprint"]) == (
        shipped.version,
        shipped.fingerprint,
    )


def test_with_a_progress_bar_the_data_still_goes_to_stdout_alone(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from watchwarranty.cli import batch as batch_command

    monkeypatch.setattr(batch_command.sys.stderr, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(batch_command, "PROGRESS_EVERY", 3)
    path = tmp_path / "inventory.csv"
    path.write_text("brand,purchase_date\n" + "rolex,2020-01-01\n" * 10, encoding="utf-8")
    # FORCE_COLOR makes Rich treat stderr as a terminal, as it is when a person watches.
    result = invoke("batch", str(path), "--as-of", "2021-01-01", env={"FORCE_COLOR": "1"})
    assert len(rows_of(result.stdout)) == 10
    assert "rolex,2020-01-01" not in result.stderr


# -- nothing lost -----------------------------------------------------------------------------


def test_each_bad_row_is_its_own_error_and_every_row_is_written_in_place(
    invoke: Invoke, tmp_path: Path
) -> None:
    huge_cell = '"' + "x" * (200 * 1024) + '"'
    lines = [
        b"sku,brand,purchase_date",
        b"R1,rolex,2020-01-01",
        b"R2,rolex,2024-06-01",  # bought after the as-of day
        b"R3,rol\xffex,2020-01-01",  # not UTF-8
        b"R4,rolex,2020-01-01",
        b"R5,rolex," + huge_cell.encode(),  # a quoted cell over the csv limit
        b"R6,rolex,2020-01-01,",  # a trailing comma, as spreadsheets export
        b"R7,rolex,2020-01-01,surplus",  # more cells than the header names
        b"R8,rolex,1899-12-31",
        b"R9,rolex,2020-01-01",
    ]
    path = tmp_path / "inventory.csv"
    path.write_bytes(b"\n".join(lines) + b"\n")
    result = invoke("batch", str(path), "--as-of", "2024-01-01", expect=1)
    out = rows_of(result.stdout)
    # The row the csv module cannot read keeps its place; its cells are lost with it.
    assert [row["sku"] for row in out] == ["R1", "R2", "R3", "R4", "", "R6", "R7", "R8", "R9"]
    by_sku = {row["sku"]: row for row in out}
    for good in ("R1", "R4", "R6", "R9"):
        assert (by_sku[good]["effective_expiry"], by_sku[good]["error"]) == ("2025-01-01", "")
    assert "purchase date 2024-06-01 is after 2024-01-01" in by_sku["R2"]["error"]
    assert "not UTF-8 (byte 0xff" in by_sku["R3"]["error"]
    assert by_sku["R3"]["brand"] == "rol\ufffdex"
    # What the reader read of it is kept in the error, cut short.
    assert out[4]["error"] == (
        "line 6: cannot read the row as CSV: field larger than field limit (131072): "
        "'R5,rolex,\"" + "x" * 70 + "'…"
    )
    assert "the row has 4 cells but the header names 3" in by_sku["R7"]["error"]
    assert "before 1900" in by_sku["R8"]["error"]
    # Every error row reads back under the right headers: its status is empty, not a date.
    assert all(row["status"] in ("", "active", "expired") for row in out)
    assert len(result.stderr.splitlines()) == 5


def test_a_huge_as_of_day_is_an_error_on_every_row_not_a_crash(invoke: Invoke) -> None:
    text = "brand,purchase_date\nrolex,2020-01-01\nrolex,9999-06-01\n"
    result = invoke("batch", "-", "--as-of", "9999-12-31", input=text, expect=1)
    assert [row["error"] for row in rows_of(result.stdout)] == [
        "",
        "9999-06-01 and 60 months is past 9999-12-31, too far in the future; "
        "check the dates and durations given",
    ]


def test_hostile_json_lines_are_row_errors(invoke: Invoke) -> None:
    lines = [
        '{"sku": "J1", "brand": "rolex", "purchase_date": "2020-01-01"}',
        '{"sku": "J2", "brand": "rolex", "purchase_date": "2020-01-01", "n": ' + "9" * 5000 + "}",
        '{"sku": "J3", "deep": ' + "[" * 100_000 + "]" * 100_000 + "}",
        '{"sku": "J4", "brand": "\\ud800", "purchase_date": "2020-01-01"}',
        "[1, 2]",
        '{"sku": "J6", "brand": "rolex", "purchase_date": "2020-01-01"}',
    ]
    result = invoke(
        "batch",
        "-",
        "--input-format",
        "jsonl",
        "--format",
        "jsonl",
        "--as-of",
        "2021-01-01",
        input="\n".join(lines) + "\n",
        expect=1,
    )
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [record.get("sku") for record in records] == ["J1", "", "", "J4", "", "J6"]
    assert [record["error"] is None for record in records] == [
        True,
        False,
        False,
        False,
        False,
        True,
    ]
    assert "surrogate" in records[3]["error"]
    assert records[3]["brand"] == "\ud800"  # passed through, escaped, not lost
    # The same rows as CSV: the surrogate cannot be UTF-8, so a ? stands in for it.
    as_csv = invoke(
        "batch",
        "-",
        "--input-format",
        "jsonl",
        "--as-of",
        "2021-01-01",
        input="\n".join(lines) + "\n",
        expect=1,
    )
    assert [row["brand"] for row in rows_of(as_csv.stdout)] == ["rolex", "", "", "?", "", "rolex"]


def test_a_column_named_like_a_result_is_refused_unless_prefixed(invoke: Invoke) -> None:
    text = "brand,purchase_date,status\nrolex,2020-01-01,sold\n"
    refused = invoke("batch", "-", input=text, expect=2)
    assert refused.stderr == (
        "watchwarranty: error: the input already has columns named like the results: status; "
        "rename those columns, or pass --prefix warranty_ to name the results apart\n"
    )
    assert refused.stdout == ""
    kept = invoke("batch", "-", "--prefix", "warranty_", "--as-of", "2021-01-01", input=text)
    [row] = rows_of(kept.stdout)
    assert (row["status"], row["warranty_status"]) == ("sold", "active")
    assert list(row)[-3:] == [
        "warranty_error",
        "warranty_rules_version",
        "warranty_rules_fingerprint",
    ]


# -- one engine -------------------------------------------------------------------------------


def test_every_batch_row_is_answered_by_the_engine_itself(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A perturbation that depends on each row's own purchase date reaches every row: no
    answer is copied from another row or worked out by a second model of the rules."""
    from datetime import timedelta

    from watchwarranty.batch import answer as answer_module

    real = answer_module.evaluate

    def perturbed(purchase: Any, rules: Any, **options: Any) -> Any:
        verdict = real(purchase, rules, **options)
        shift = timedelta(days=purchase.purchased_on.day % 2)
        return verdict._replace(effective_expiry=verdict.effective_expiry + shift)

    monkeypatch.setattr(answer_module, "evaluate", perturbed)
    days = [date(2016, 1, 1) + timedelta(days=n) for n in range(0, 3000, 7)]
    brands = ["rolex", "卡地亚", "omega", "tudor", "积家"]
    text = "brand,purchase_date\n" + "".join(
        f"{brands[n % len(brands)]},{day.isoformat()}\n" for n, day in enumerate(days)
    )
    result = invoke("batch", "-", "--as-of", "2024-06-01", input=text)
    out = rows_of(result.stdout)
    assert len(out) == len(days)
    for row, day in zip(out, days, strict=True):
        expected = real(
            build_purchase(_shipped(), brand=row["brand"], purchase_date=row["purchase_date"]),
            _shipped(),
            as_of=date(2024, 6, 1),
        ).effective_expiry + timedelta(days=day.day % 2)
        assert row["effective_expiry"] == expected.isoformat(), row


def _shipped() -> RuleBook:
    from watchwarranty.rules import default_rules_path, load_rules

    return load_rules(default_rules_path())


# -- the three states ----------------------------------------------------------------------------

# A dealer's inventory with no registration column: new Oris watches are covered if the dealer
# registered the sale (routine), not otherwise. An Oris sold long ago, registered or not, is
# expired in every reading; a Rolex needs no fact.
UNREGISTERED = (
    "sku,brand,purchase_date,movement\n"
    "N1,oris,2025-03-01,mechanical\n"
    "N2,rolex,2025-03-01,\n"
    "N3,oris,2010-03-01,mechanical\n"
)


def test_a_new_oris_with_no_registration_column_depends_and_is_not_expired(
    invoke: Invoke,
) -> None:
    result = invoke("batch", "-", "--as-of", "2026-01-01", "--summary", input=UNREGISTERED)
    rows = rows_of(result.stdout)
    assert [row["status"] for row in rows] == ["depends", "active", "expired"]
    oris = rows[0]
    assert (oris["effective_expiry"], oris["possible_expiry"]) == ("2025-03-01", "2030-03-01")
    # Registered alone: the base; the MyOris year too only for the first owner.
    assert "registered=yes: 2027-03-01" in oris["depends_on"]
    assert "If the sale was registered, cover runs to 2027-03-01" in oris["notes"]
    assert "depends on facts not given  1" in result.stderr.splitlines()[2]


def test_expiring_within_keeps_a_watch_that_may_still_be_covered(invoke: Invoke) -> None:
    # N1 may be covered to 2030-03-01 (registered, of a model MyOris takes to 5 years), 1520
    # days after as-of: inside 1530 days, not inside 1500, though its certain cover has ended.
    # The Rolex (N2) is covered to the same day.
    kept = invoke(
        "batch", "-", "--as-of", "2026-01-01", "--expiring-within", "1530", input=UNREGISTERED
    )
    assert [row["sku"] for row in rows_of(kept.stdout)] == ["N1", "N2"]
    left = invoke(
        "batch", "-", "--as-of", "2026-01-01", "--expiring-within", "1500", input=UNREGISTERED
    )
    assert rows_of(left.stdout) == []


def test_the_xlsx_report_fills_depends_with_a_colour_of_its_own(
    invoke: Invoke, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    from watchwarranty.batch.xlsx import Standing

    report = tmp_path / "report.xlsx"
    invoke("batch", "-", "--as-of", "2026-01-01", "-o", str(report), input=UNREGISTERED)
    sheet = load_workbook(report).active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    status = header.index("status") + 1
    fills = [sheet.cell(row, status).fill.start_color.rgb[-6:] for row in (2, 3, 4)]
    assert fills == [Standing.DEPENDS.value, Standing.COVERED.value, Standing.EXPIRED.value]
    assert len({Standing.DEPENDS.value, Standing.COVERED.value, Standing.EXPIRED.value}) == 3
    possible = header.index("possible_expiry") + 1
    assert sheet.cell(2, possible).value.date() == date(2030, 3, 1)


def test_a_line_that_is_not_json_keeps_its_line_number_and_text_in_the_report(
    invoke: Invoke, tmp_path: Path
) -> None:
    # A trailing comma: the row's cells cannot be read, and its report row had nothing else
    # to find the watch by.
    path = tmp_path / "trailing.jsonl"
    path.write_text(
        '{"sku":"A100","brand":"rolex","purchase_date":"2023-01-01"}\n'
        '{"sku":"A101","brand":"cartier","purchase_date":"2023-01-01",}\n'
        '["A102","rolex","2023-01-01"]\n',
        encoding="utf-8",
    )
    result = invoke("batch", str(path), "--as-of", "2024-01-01", "--format", "jsonl", expect=1)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [record["error"] is None for record in records] == [True, False, False]
    bad, not_object = records[1]["error"], records[2]["error"]
    assert bad.startswith("line 2: the line is not valid JSON (at character 62): ")
    assert '{"sku":"A101","brand":"cartier"' in bad
    assert not_object.startswith("line 3: the line is not a JSON object: ")
    assert '["A102","rolex","2023-01-01"]' in not_object
    # On stderr the line is named once, as for every row's error.
    assert result.stderr.splitlines()[0].startswith(
        "watchwarranty: line 2: the line is not valid JSON (at character 62): "
    )


def test_a_long_line_that_is_not_json_is_shortened_in_its_error(
    invoke: Invoke, tmp_path: Path
) -> None:
    path = tmp_path / "long.jsonl"
    path.write_text('{"sku":"A1","note":"' + "x" * 5000 + '",}\n', encoding="utf-8")
    result = invoke("batch", str(path), "--as-of", "2024-01-01", "--format", "jsonl", expect=1)
    error = json.loads(result.stdout)["error"]
    assert '{"sku":"A1","note":"xxx' in error and "…" in error and len(error) < 300


def test_a_row_said_not_registered_with_a_registration_date_is_an_error(invoke: Invoke) -> None:
    # Taking the date and dropping the "no" answered it as registered: cover the row denies.
    text = "brand,purchase_date,registered,registered_on\ncartier,2020-01-01,否,2020-02-01\n"
    result = invoke(
        "batch", "-", "--as-of", "2024-01-01", "--format", "jsonl", input=text, expect=1
    )
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["effective_expiry"] is None
    assert "said not to be registered" in record["error"]


@pytest.mark.parametrize("suffix", [".tsv", ".tab"])
def test_a_tsv_report_is_tab_separated(invoke: Invoke, tmp_path: Path, suffix: str) -> None:
    # A .tsv named file with commas opens in a spreadsheet as one column.
    source = tmp_path / "inventory.csv"
    source.write_text("sku,brand,purchase_date\nA1,rolex,2020-01-01\n", encoding="utf-8")
    target = tmp_path / f"report{suffix}"
    invoke("batch", str(source), "-o", str(target), "--as-of", "2024-01-01")
    rows = list(csv.reader(io.StringIO(target.read_text("utf-8-sig")), delimiter="\t"))
    assert rows[0][:4] == ["sku", "brand", "purchase_date", "brand_name"]
    assert rows[1][:3] == ["A1", "rolex", "2020-01-01"]
    one = tmp_path / f"one{suffix}"
    invoke("check", "rolex", "2020-01-01", "--as-of", "2024-01-01", "-o", str(one))
    header = next(csv.reader(io.StringIO(one.read_text("utf-8-sig")), delimiter="\t"))
    assert "effective_expiry" in header

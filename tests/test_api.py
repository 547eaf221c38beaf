"""The Python API gives the command line's answers: ``check`` is `check --format json`,
``check_many`` is `batch` over JSON objects, errors as values."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import ACME, Invoke

import watchwarranty
from watchwarranty.errors import DateError, InputError, RulesError, UnknownBrandError
from watchwarranty.rules import default_rules_path
from watchwarranty.rules import load_rules as load_file

AS_OF = "2026-11-25"


def test_load_rules_is_the_shipped_rules_with_the_users_file(tmp_path: Path) -> None:
    shipped = load_file(default_rules_path())
    assert watchwarranty.load_rules().brands.keys() == shipped.brands.keys()
    user = tmp_path / "config" / "watchwarranty" / "rules.toml"
    user.parent.mkdir(parents=True)
    user.write_text(ACME.read_text(encoding="utf-8"), encoding="utf-8")
    layered = watchwarranty.load_rules()
    assert "acme" in layered.brands
    assert layered.brands.keys() > shipped.brands.keys()


def test_load_rules_from_a_path_reads_that_file_alone() -> None:
    assert set(watchwarranty.load_rules(str(ACME)).brands) == {"acme", "other", "undated"}
    with pytest.raises(RulesError, match="no such rules file"):
        watchwarranty.load_rules(ACME.with_name("missing.toml"))


WATCHES = [
    {"brand": "cartier", "purchase_date": "2020-03-01"},
    {"brand": "卡地亚", "purchase_date": "2020-03-01", "registered_on": "2020-04-01"},
    {"brand": "omega", "purchase_date": "2019-06-30", "region": "CN", "second_hand": True},
    {"brand": "rolex", "purchase_date": "2015-06-30", "movement": "quartz", "registered": True},
]


def _cli_args(watch: dict[str, object]) -> list[str]:
    args = [str(watch["brand"]), str(watch["purchase_date"])]
    for key, value in watch.items():
        if key in ("brand", "purchase_date"):
            continue
        option = "--" + key.replace("_", "-")
        args += [option] if value is True else [option, str(value)]
    return args


@pytest.mark.parametrize("watch", WATCHES, ids=lambda watch: " ".join(map(str, watch.values())))
@pytest.mark.parametrize("explain", [False, True])
def test_check_to_dict_is_what_check_format_json_prints(
    invoke: Invoke, watch: dict[str, object], *, explain: bool
) -> None:
    rules = watchwarranty.load_rules()
    answer = watchwarranty.check(rules, **watch, as_of=AS_OF, explain=explain)  # type: ignore[arg-type]
    args = [*_cli_args(watch), "--as-of", AS_OF, "--format", "json"]
    printed = json.loads(invoke("check", *args, *(["--explain"] if explain else [])).stdout)
    assert answer.to_dict() == printed
    assert answer.ok
    assert answer.error is None


def test_check_takes_dates_as_date_objects_or_any_spelling() -> None:
    rules = watchwarranty.load_rules()
    by_text = watchwarranty.check(
        rules, brand="cartier", purchase_date="2020年3月1日", as_of=AS_OF
    )
    by_date = watchwarranty.check(
        rules, brand="cartier", purchase_date=date(2020, 3, 1), as_of=date(2026, 11, 25)
    )
    assert by_text.to_dict() == by_date.to_dict()
    assert by_date.verdict is not None
    assert by_date.verdict.effective_expiry == date(2022, 3, 1)


def test_check_raises_one_line_errors_for_bad_input() -> None:
    rules = watchwarranty.load_rules()
    with pytest.raises(UnknownBrandError):
        watchwarranty.check(rules, brand="Rolx", purchase_date="2020-03-01")
    with pytest.raises(DateError, match="2021-02-29"):
        watchwarranty.check(rules, brand="cartier", purchase_date="2021-02-29")
    with pytest.raises(InputError, match="dmy or mdy"):
        watchwarranty.check(rules, brand="cartier", purchase_date="2020-03-01", date_order="ymd")


def test_check_reads_slashed_dates_in_the_order_given() -> None:
    rules = watchwarranty.load_rules()
    with pytest.raises(DateError):
        watchwarranty.check(rules, brand="cartier", purchase_date="03/01/2020")
    dmy = watchwarranty.check(rules, brand="cartier", purchase_date="03/01/2020", date_order="dmy")
    mdy = watchwarranty.check(rules, brand="cartier", purchase_date="03/01/2020", date_order="mdy")
    assert dmy.verdict is not None
    assert mdy.verdict is not None
    assert dmy.verdict.purchase.purchased_on == date(2020, 1, 3)
    assert mdy.verdict.purchase.purchased_on == date(2020, 3, 1)


def test_check_many_answers_in_order_with_errors_as_values() -> None:
    rules = watchwarranty.load_rules(ACME)
    rows: list[object] = [
        {"brand": "acme", "purchase_date": "2020-03-01"},
        {"brand": "Rolx", "purchase_date": "2020-03-01"},
        "not a mapping",
        {"purchase_date": "2020-03-01"},
        {"品牌": "阿克米", "购买日期": date(2020, 3, 1)},
        {"brand": "acme", "purchase_date": "2021-02-29"},
        {"brand": 7, "purchase_date": None},
        {"Make": "ACME", "Date of purchase": datetime(2020, 3, 1, 23, 30, tzinfo=UTC)},
        {"brand": "acme", "purchase_date": "2020-03-01", "registered": "maybe"},
    ]
    answers = list(watchwarranty.check_many(rules, rows, as_of="2021-01-01"))  # type: ignore[arg-type]
    assert [answer.ok for answer in answers] == [
        True, False, False, False, True, False, False, True, False,
    ]  # fmt: skip
    first = answers[0].to_dict()
    assert first["effective_expiry"] == answers[4].to_dict()["effective_expiry"]
    assert answers[7].to_dict() == first
    assert "Rolx" in str(answers[1].error)
    assert answers[2].error == "the row is not a mapping of column names to values"
    assert "2021-02-29" in str(answers[5].error)
    assert "maybe" in str(answers[8].error)
    assert answers[1].to_dict() == {"error": answers[1].error}


def test_check_many_maps_a_fact_to_a_key_as_column_does() -> None:
    rules = watchwarranty.load_rules(ACME)
    rows = [{"brand": "acme", "Sold": "2020-03-01", "purchase_date": "1999-01-01"}]
    (answer,) = watchwarranty.check_many(
        rules, rows, as_of="2021-01-01", columns={"purchase_date": "Sold"}
    )
    assert answer.verdict is not None
    assert answer.verdict.purchase.purchased_on == date(2020, 3, 1)
    with pytest.raises(InputError, match="unknown field"):
        list(watchwarranty.check_many(rules, rows, columns={"bought": "Sold"}))


def test_check_many_gives_batchs_result_columns(invoke: Invoke, tmp_path: Path) -> None:
    rows = [
        {"sku": "1", "brand": "cartier", "purchase_date": "2020-03-01", "registered": "yes"},
        {"sku": "2", "brand": "Rolx", "purchase_date": "2020-03-01"},
        {"sku": "3", "brand": "欧米茄", "purchase_date": "2019/06/30", "second_hand": "是"},
    ]
    source = tmp_path / "rows.jsonl"
    source.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    printed = invoke("batch", str(source), "--as-of", AS_OF, "--format", "jsonl", expect=1)
    batch_rows = [json.loads(line) for line in printed.stdout.splitlines()]
    answers = watchwarranty.check_many(watchwarranty.load_rules(), rows, as_of=AS_OF)
    for answer, row, written in zip(answers, rows, batch_rows, strict=True):
        assert {**row, **answer.columns()} == written


def test_check_many_is_lazy() -> None:
    rules = watchwarranty.load_rules(ACME)

    def endless() -> object:
        day = date(2020, 1, 1)
        while True:
            yield {"brand": "acme", "purchase_date": day}
            day += timedelta(days=1)

    answers = watchwarranty.check_many(rules, endless(), as_of="2021-01-01")  # type: ignore[arg-type]
    assert next(answers).ok


LIBRARY_PROBE = """
import sys
import watchwarranty.cli
sys.argv = ["watchwarranty", "check", *sys.argv[1:], "--as-of", "2021-01-01"]
try:
    watchwarranty.cli.main()
except SystemExit:
    pass
library = ("watchwarranty.api", "watchwarranty.arrow", "watchwarranty.inputs.cells", "pyarrow")
print("library:", [name for name in library if name in sys.modules], file=sys.stderr)
"""


@pytest.mark.parametrize("output", ["table", "json", "csv"])
def test_check_loads_nothing_of_the_library(tmp_path: Path, output: str) -> None:
    # check's start-up is every shell script's latency: the API is never on its path.
    result = subprocess.run(
        [sys.executable, "-c", LIBRARY_PROBE, "cartier", "2020-03-01", "--format", output],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert "2022-03-01" in result.stdout, result.stderr
    assert "library: []" in result.stderr

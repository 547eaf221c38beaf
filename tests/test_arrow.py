"""answer_batch: Arrow in, the same rows with typed result columns out, whatever the input's
types; the answers are check_many's."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import NamedTuple

import pytest
from conftest import ACME

import watchwarranty
from watchwarranty.batch.answer import RESULT_COLUMNS
from watchwarranty.errors import InputError

pa = pytest.importorskip("pyarrow")
arrow = pytest.importorskip("watchwarranty.arrow")

AS_OF = "2021-01-01"


@pytest.fixture(scope="module")
def rules() -> watchwarranty.RuleBook:
    return watchwarranty.load_rules(ACME)


def test_rows_keep_their_columns_and_gain_typed_results(rules: watchwarranty.RuleBook) -> None:
    batch = pa.record_batch(
        {
            "sku": ["a", "b", "c"],
            "brand": ["acme", "Rolx", "ACME"],
            "purchase_date": ["2020-03-01", "2020-03-01", "2020/03/01"],
        }
    )
    answered = arrow.answer_batch(batch, rules, as_of=AS_OF)
    assert answered.num_rows == 3
    assert answered.schema.names == ["sku", "brand", "purchase_date", *RESULT_COLUMNS]
    assert answered.column("sku").to_pylist() == ["a", "b", "c"]
    types = dict(zip(answered.schema.names, answered.schema.types, strict=True))
    assert types["effective_expiry"] == pa.date32()
    assert types["base_expiry"] == pa.date32()
    assert types["days_left"] == pa.int32()
    assert types["status"] == pa.string()
    assert types["error"] == pa.string()
    assert answered.schema == arrow.result_schema(batch.schema)
    rows = batch.to_pylist()
    expected = list(watchwarranty.check_many(rules, rows, as_of=AS_OF))
    for got, answer in zip(answered.to_pylist(), expected, strict=True):
        written = {name: _cell(value) for name, value in got.items() if name in RESULT_COLUMNS}
        assert written == answer.columns()
    assert answered.column("error").to_pylist()[1].startswith("unknown brand 'Rolx'")


def _cell(value: object) -> object:
    """An Arrow value as batch writes its cell: ISO dates; depends_on's records as text."""
    if isinstance(value, list):
        said = [f"{e['fact']}={e['value']}: {e['expiry'].isoformat()}" for e in value]
        return "; ".join(said) or None
    return value.isoformat() if isinstance(value, date) else value


def test_chinese_headers_are_read_as_batch_reads_them(rules: watchwarranty.RuleBook) -> None:
    batch = pa.record_batch({"品牌": ["阿克米"], "购买日期": [date(2020, 3, 1)]})
    answered = arrow.answer_batch(batch, rules, as_of=AS_OF)
    assert answered.column("brand_name").to_pylist() == ["Acme Watches"]
    assert answered.column("error").to_pylist() == [None]


def test_a_timestamp_is_its_day_in_its_own_zone(rules: watchwarranty.RuleBook) -> None:
    late = datetime(2020, 3, 1, 23, 30)
    batch = pa.record_batch(
        {
            "brand": ["acme", "acme", "acme"],
            "purchase_date": pa.array(
                [late, late, datetime(2020, 3, 1, 16, 30, tzinfo=UTC)], pa.timestamp("ns")
            ),
            "registered_on": pa.array(
                [None, datetime(2020, 3, 1, 20, tzinfo=UTC), None],
                pa.timestamp("us", tz="Asia/Shanghai"),
            ),
        }
    )
    answered = arrow.answer_batch(batch, rules, as_of=AS_OF).to_pylist()
    reference = watchwarranty.check(rules, brand="acme", purchase_date="2020-03-01", as_of=AS_OF)
    assert reference.verdict is not None
    assert answered[0]["effective_expiry"] == reference.verdict.effective_expiry
    # 20:00 UTC is the next morning in Shanghai: registered on 2020-03-02.
    registered = watchwarranty.check(
        rules,
        brand="acme",
        purchase_date="2020-03-01",
        registered_on="2020-03-02",
        as_of=AS_OF,
    )
    assert registered.verdict is not None
    assert answered[1]["effective_expiry"] == registered.verdict.effective_expiry
    assert answered[1]["error"] is None


def test_a_number_where_a_brand_is_meant_is_a_row_error(rules: watchwarranty.RuleBook) -> None:
    batch = pa.record_batch({"brand": [7, None], "purchase_date": ["2020-03-01", None]})
    answered = arrow.answer_batch(batch, rules, as_of=AS_OF)
    errors = answered.column("error").to_pylist()
    (as_text,) = watchwarranty.check_many(rules, [{"brand": "7", "purchase_date": "2020-03-01"}])
    assert errors[0] == as_text.error
    assert errors[1] is not None
    assert answered.column("effective_expiry").to_pylist() == [None, None]


def test_nulls_anywhere_are_empty_cells(rules: watchwarranty.RuleBook) -> None:
    batch = pa.record_batch(
        {
            "brand": pa.array(["acme", "acme"], pa.dictionary(pa.int8(), pa.string())),
            "purchase_date": pa.array([date(2020, 3, 1), date(2020, 3, 1)], pa.date64()),
            "region": pa.array([None, None], pa.null()),
            "registered": pa.array([None, True], pa.bool_()),
            "movement": pa.array([None, None], pa.large_string()),
        }
    )
    answered = arrow.answer_batch(batch, rules, as_of=AS_OF).to_pylist()
    without = watchwarranty.check(rules, brand="acme", purchase_date="2020-03-01", as_of=AS_OF)
    with_registration = watchwarranty.check(
        rules, brand="acme", purchase_date="2020-03-01", registered=True, as_of=AS_OF
    )
    assert answered[0]["error"] is None
    assert answered[0]["status"] == without.to_dict()["status"]
    assert answered[0]["effective_expiry"].isoformat() == without.to_dict()["effective_expiry"]
    assert (
        answered[1]["effective_expiry"].isoformat()
        == with_registration.to_dict()["effective_expiry"]
    )


def test_a_missing_required_column_is_one_clear_error(rules: watchwarranty.RuleBook) -> None:
    batch = pa.record_batch({"brand": ["acme"], "sold": ["2020-03-01"]})
    with pytest.raises(
        InputError, match=r"no purchase_date column \(columns found: brand, sold\)"
    ):
        arrow.answer_batch(batch, rules)
    answered = arrow.answer_batch(batch, rules, as_of=AS_OF, columns={"purchase_date": "sold"})
    assert answered.column("error").to_pylist() == [None]


def test_result_names_that_clash_are_refused_unless_prefixed(
    rules: watchwarranty.RuleBook,
) -> None:
    batch = pa.record_batch({"brand": ["acme"], "purchase_date": ["2020-03-01"], "status": ["x"]})
    with pytest.raises(InputError, match="status"):
        arrow.answer_batch(batch, rules, as_of=AS_OF)
    answered = arrow.answer_batch(batch, rules, as_of=AS_OF, prefix="warranty_")
    assert answered.column("status").to_pylist() == ["x"]
    assert answered.column("warranty_status").to_pylist()[0] in ("active", "expired")


def test_an_empty_batch_answers_with_the_schema(rules: watchwarranty.RuleBook) -> None:
    schema = pa.schema([("brand", pa.string()), ("purchase_date", pa.date32())])
    answered = arrow.answer_batch(pa.RecordBatch.from_pylist([], schema=schema), rules)
    assert answered.num_rows == 0
    assert answered.schema == arrow.result_schema(schema)


class _Dependence(NamedTuple):
    fact: str
    value: str
    expiry: date


def test_a_tuple_of_records_in_the_answer_is_a_list_of_structs() -> None:
    # The type of a result key (depends_on) the answer is gaining, from its annotation alone.
    assert arrow._arrow_type(tuple[_Dependence, ...]) == pa.list_(
        pa.struct([("fact", pa.string()), ("value", pa.string()), ("expiry", pa.date32())])
    )
    assert arrow._arrow_type(date | None) == pa.date32()
    assert arrow._arrow_type(int) == pa.int32()
    assert arrow._python((_Dependence("region", "CN", date(2030, 1, 1)),)) == [
        {"fact": "region", "value": "CN", "expiry": date(2030, 1, 1)}
    ]


def test_a_result_key_typed_as_text_holds_its_values_text(
    rules: watchwarranty.RuleBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A key the answer gains whose type the verdict does not say (or a word list) is text,
    # whatever its values are: never an Arrow type error inside an engine.
    untyped = tuple(
        result._replace(type=pa.string(), from_verdict=False) for result in arrow._results()
    )
    monkeypatch.setattr(arrow, "_results", lambda: untyped)
    batch = pa.record_batch({"brand": ["acme"], "purchase_date": ["2020-03-01"]})
    (row,) = arrow.answer_batch(batch, rules, as_of=AS_OF).to_pylist()
    reference = watchwarranty.check(rules, brand="acme", purchase_date="2020-03-01", as_of=AS_OF)
    assert row["days_left"] == str(reference.to_dict()["days_left"])
    assert row["effective_expiry"] == reference.to_dict()["effective_expiry"]

"""The CLI in-process through Typer's CliRunner: formats, streams, exit status, one-line errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import ACME, Invoke

from watchwarranty.cli import ExitStatus
from watchwarranty.model import RuleBook
from watchwarranty.render.records import GUARANTEE_KEYS


def test_json_has_exactly_the_documented_keys_and_values(
    invoke: Invoke, shipped: RuleBook
) -> None:
    result = invoke("check", "cartier", "2020-03-01", "--as-of", "2021-01-01", "--format", "json")
    record = json.loads(result.stdout)
    # These two change with every edit of the rules: compared with the rules, not written here.
    assert (record.pop("rules_version"), record.pop("rules_fingerprint")) == (
        shipped.version,
        shipped.fingerprint,
    )
    assert record == {
        "brand": "Cartier",
        "purchase_date": "2020-03-01",
        "as_of": "2021-01-01",
        "base_expiry": "2022-03-01",
        "extended_expiry": None,
        "effective_expiry": "2022-03-01",
        "possible_expiry": "2028-03-01",
        "status": "active",
        "days_left": 424,
        "register_by": "2022-03-01",
        "expiry_if_registered": "2028-03-01",
        "depends_on": [{"fact": "registered", "value": "yes", "expiry": "2028-03-01"}],
        **dict.fromkeys(GUARANTEE_KEYS),
        "service_guarantee_notes": [
            {
                "code": "service-not-given",
                "args": {},
                "text": "no service date given (--serviced-on)",
            }
        ],
        "legal_guarantee_notes": [
            {
                "code": "legal-no-region",
                "args": {},
                "text": "give the region of the sale (--region) for the seller's guarantee",
            }
        ],
        "rules": [
            {
                "id": "cartier-care-2017-11",
                "title": "Cartier Care: 2 years, 8 with registration",
                "source": "https://int.cartier.com/en/services/care-adjust-repair/watches/warranty/warranty-extension.html",
            }
        ],
        "notes": [
            {
                "code": "register-by",
                "args": {"deadline": "2022-03-01", "expiry": "2028-03-01"},
                "text": "Register by 2022-03-01 to extend cover to 2028-03-01",
            },
            {
                "code": "depends-registered",
                "args": {"expiry": "2028-03-01"},
                "text": "If the sale was registered, cover runs to 2028-03-01",
            },
        ],
        "conditions": [],
        "facts": {
            "given": {
                "brand": "cartier",
                "purchase_date": "2020-03-01",
                "marketing_consent": True,
            },
            # Not said whether it was registered, nor when: both move the answer.
            "assumed": ["registered", "registered_on"],
        },
        "schema_version": 3,
    }
    assert result.stderr == ""


def test_json_explain_adds_the_trace(invoke: Invoke) -> None:
    result = invoke(
        "check", "omega", "2014-01-01", "--format", "json", "--explain", "--as-of", "2015-01-01"
    )
    trace = json.loads(result.stdout)["trace"]
    assert [(step["id"], step["outcome"]) for step in trace] == [
        ("omega-2018-07", "not-in-force"),
        ("omega-co-axial-si14-2011-12", "condition-failed"),
        ("omega-co-axial-36-months", "condition-failed"),
        ("industry-2-years", "applied"),
    ]
    assert trace[2]["reason"] == "needs movement co-axial; movement not given"


def test_csv_is_a_header_and_one_row(invoke: Invoke) -> None:
    result = invoke(
        "check",
        "omega",
        "2013-05-10",
        "--movement",
        "Co-Axial",
        "--format",
        "CSV",
        "--as-of",
        "2016-01-01",
    )
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows == [
        {
            "brand": "Omega",
            "purchase_date": "2013-05-10",
            "as_of": "2016-01-01",
            "base_expiry": "2016-05-10",
            "extended_expiry": "",
            "effective_expiry": "2016-05-10",
            "possible_expiry": "2016-05-10",
            "status": "active",
            "days_left": "130",
            "register_by": "",
            "expiry_if_registered": "",
            "depends_on": "",
            "notes": "",
            "conditions": "",
            # The other two clocks: nothing given for either, so neither has a date.
            **dict.fromkeys(GUARANTEE_KEYS, ""),
            "service_guarantee_notes": "Omega's service guarantee is not in the rules: no "
            "source they trust gives its terms",
            "legal_guarantee_notes": "give the region of the sale (--region) for the seller's "
            "guarantee",
        }
    ]


def test_table_shows_the_answer_and_what_to_do(invoke: Invoke) -> None:
    out = invoke("check", "卡地亚", "2020年3月1日", "--as-of", "2021-01-01").stdout
    assert "Base warranty     2 years, to 2022-03-01" in out
    assert "register by 2022-03-01 to extend cover to 2028-03-01" in out
    assert "Effective expiry  2022-03-01" in out
    assert "active, 424 days left" in out
    assert "\x1b[" not in out


def test_table_explain_lists_rules_with_sources(invoke: Invoke) -> None:
    out = invoke("check", "rolex", "2013-06-30", "--explain", "--as-of", "2014-01-01").stdout
    assert "Rules considered" in out
    assert "not in force" in out and "starts 2013-07-01, after the purchase" in out
    assert "Two-year international warranty" in out and "eur-lex.europa.eu" in out


def test_registered_flag_and_date_reach_the_engine(invoke: Invoke) -> None:
    def answer(*options: str) -> dict[str, object]:
        args = ("check", "jlc", "2020-01-01", "--first-owner", "--format", "json", *options)
        return json.loads(invoke(*args).stdout)  # type: ignore[no-any-return]

    # Registered, the day not given, and every day to as-of is inside the window.
    assert answer("--registered", "--as-of", "2021-06-01")["effective_expiry"] == "2028-01-01"
    # Some days to as-of are after the window: earned only if it was registered in time.
    dated_later = answer("--registered", "--as-of", "2024-01-01")
    assert (dated_later["effective_expiry"], dated_later["possible_expiry"]) == (
        "2022-01-01",
        "2028-01-01",
    )
    assert answer("--registered-on", "2022-01-02")["effective_expiry"] == "2022-01-01"
    assert answer("--not-registered", "--as-of", "2021-06-01")["status"] == "active"
    assert answer("--not-registered", "--as-of", "2021-06-01")["possible_expiry"] == "2022-01-01"


def test_region_accepts_names_in_english_and_chinese(invoke: Invoke) -> None:
    for region in ("CN", "china", "中国", "CHN"):
        result = invoke(
            "check",
            "爱彼",
            "2020-03-01",
            "--region",
            region,
            "--store",
            "北京 SKP",
            "--registered-on",
            "2020-03-01",
            "--first-owner",
            "--format",
            "json",
        )
        # 2 + 3 for registering; the boutique's 3 only if its 2019 promotion still ran.
        record = json.loads(result.stdout)
        assert record["effective_expiry"] == "2025-03-01", region
        assert record["possible_expiry"] == "2028-03-01", region


@pytest.mark.parametrize(("as_of", "status"), [("2020-07-01", 0), ("2020-07-02", 1)])
def test_quiet_answers_with_the_exit_status_alone(invoke: Invoke, as_of: str, status: int) -> None:
    result = invoke("check", "rolex", "2015-07-01", "-q", "--as-of", as_of, expect=status)
    assert result.output == ""


def test_rules_option_and_environment_variable(invoke: Invoke, tmp_path: Path) -> None:
    via_option = invoke("check", "acme", "2016-01-01", "--rules", str(ACME), "--format", "json")
    assert json.loads(via_option.stdout)["brand"] == "Acme Watches"
    via_env = invoke(
        "check", "极品表", "2016-01-01", "--format", "json", env={"WATCHWARRANTY_RULES": str(ACME)}
    )
    assert json.loads(via_env.stdout)["effective_expiry"] == "2021-01-01"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "rolx", "2020-01-01"], "unknown brand 'rolx'; did you mean Rolex?"),
        (["check", "", "2020-01-01"], "the brand is empty"),
        (["check", "rolex", ""], "the date is empty"),
        (["check", "rolex", "05/06/2020"], "could be 2020-06-05 or 2020-05-06"),
        (["check", "rolex", "2021-02-29"], "February 2021 has 28 days"),
        (["check", "rolex", "01/02/20"], "two-digit year"),
        (["check", "rolex", "2030-01-01", "--as-of", "2026-01-01"], "is after 2026-01-01"),
        (
            ["check", "rolex", "2020-01-01", "--registered-on", "2019-01-01"],
            "before the purchase date",
        ),
        (
            ["check", "rolex", "2020-01-01", "--movement", "solar"],
            "unknown movement 'solar'; use one of: mechanical, quartz, co-axial",
        ),
        (["check", "rolex", "2020-01-01", "--region", "Atlantis"], "unknown region 'Atlantis'"),
        (
            ["check", "ap", "2020-01-01", "--region", "US", "--store", "北京SKP"],
            "is in CN, not US",
        ),
        (
            ["check", "rolex", "2020-01-01", "--rules", "/nonexistent/rules.toml"],
            "no such rules file",
        ),
        (
            ["check", "rolex", "2020-01-01", "--bogus"],
            "no such option: --bogus; see 'watchwarranty check --help'",
        ),
        (["check", "rolex"], "missing argument 'PURCHASE_DATE'"),
        (["check", "rolex", "2020-01-01", "--format", "xml"], "'xml' is not one of"),
        (["nonsense"], "no such command 'nonsense'"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_2(
    invoke: Invoke, args: list[str], message: str
) -> None:
    result = invoke(*args, expect=ExitStatus.BAD_INPUT)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("watchwarranty: error: ")
    assert message in lines[0]
    assert "Traceback" not in result.stderr


def test_a_broken_rules_file_is_one_line_naming_the_place(invoke: Invoke, tmp_path: Path) -> None:
    broken = tmp_path / "rules.toml"
    broken.write_text(
        ACME.read_text(encoding="utf-8").replace('base = "5 years"', 'base = "5 yrs"'),
        encoding="utf-8",
    )
    result = invoke("check", "acme", "2020-01-01", "--rules", str(broken), expect=2)
    assert result.stderr == (
        f"watchwarranty: error: {broken}: brands.acme.policies[2].base: '5 yrs' is not a "
        'duration; write e.g. "5 years" or "2 years 18 months"\n'
    )


def test_help_lists_every_option(invoke: Invoke) -> None:
    out = invoke("check", "--help").stdout
    for option in (
        "--region",
        "--registered",
        "--registered-on",
        "--movement",
        "--store",
        "--second-hand",
        "--no-marketing-consent",
        "--as-of",
        "--format",
        "--explain",
        "--quiet",
        "--rules",
    ):
        assert option in out


def test_a_bug_is_one_line_and_exit_70(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    from watchwarranty.cli import watch

    def broken(*_args: object, **_options: object) -> None:
        raise RuntimeError("the engine broke\non two lines")

    monkeypatch.setattr(watch, "evaluate", broken)
    result = invoke("check", "rolex", "2020-01-01", expect=ExitStatus.INTERNAL_ERROR)
    assert result.stdout == ""
    assert result.stderr.startswith(
        "watchwarranty: internal error: RuntimeError: the engine broke on two lines; this is a "
        "bug in watchwarranty "
    )
    assert result.stderr.count("\n") == 1
    monkeypatch.setenv("WATCHWARRANTY_DEBUG", "1")
    with pytest.raises(RuntimeError):
        invoke("check", "rolex", "2020-01-01")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--registered", "--not-registered"], "--registered and --not-registered"),
        (["--not-registered", "--registered"], "--not-registered and --registered"),
        (
            ["--not-registered", "--registered-on", "2020-02-01"],
            "--not-registered and --registered-on",
        ),
        (
            ["--registered-on=2020-02-01", "--not-registered"],
            "--registered-on and --not-registered",
        ),
        (["--second-hand", "--first-owner"], "--second-hand and --first-owner"),
    ],
)
@pytest.mark.parametrize("command", ["check", "remind"])
def test_flags_that_contradict_each_other_are_a_usage_error(
    invoke: Invoke, command: str, args: list[str], message: str
) -> None:
    # The last one given used to win, silently.
    result = invoke(command, "cartier", "2020-01-01", *args, expect=ExitStatus.BAD_INPUT)
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"watchwarranty: error: {message} contradict each other; "
        f"see 'watchwarranty {command} --help'"
    ]


def test_a_flag_given_twice_or_with_its_date_is_not_a_contradiction(invoke: Invoke) -> None:
    for args in (
        ["--registered", "--registered"],
        ["--registered", "--registered-on", "2020-02-01"],
        ["--first-owner", "--first-owner"],
    ):
        invoke("check", "cartier", "2020-01-01", *args, "--as-of", "2021-01-01")

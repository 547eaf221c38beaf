"""Chinese output: a complete catalogue, the same machine-read output, people's text in Chinese."""

from __future__ import annotations

import csv
import gettext
import importlib.util
import io
import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from conftest import Invoke
from hypothesis import given
from hypothesis import strategies as st

from watchwarranty.i18n import detect_language, format_date, use_language
from watchwarranty.inputs.dates import parse_date

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "watchwarranty" / "locale" / "zh" / "LC_MESSAGES" / "watchwarranty.po"
_spec = importlib.util.spec_from_file_location("catalogue", ROOT / "scripts" / "catalogue.py")
assert _spec is not None and _spec.loader is not None
catalogue = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(catalogue)
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def zh_catalog():  # type: ignore[no-untyped-def]
    with PO.open("rb") as handle:
        return read_po(handle)


def test_every_message_in_the_code_has_a_chinese_translation() -> None:
    translations = zh_catalog()
    missing = [
        message.id
        for message in catalogue.extract()
        if message.id
        and (
            translations.get(message.id) is None
            or not catalogue.translated(translations.get(message.id))
        )
    ]
    assert not missing, f"translate these in {PO.name} (run scripts/catalogue.py): {missing}"


def test_translations_keep_every_placeholder() -> None:
    for message in zh_catalog():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = sorted(set(PLACEHOLDER.findall(ids[-1])))
        for string in strings:
            assert sorted(set(PLACEHOLDER.findall(string))) == expected, message.id


def _messages(mo: bytes) -> dict[object, str]:
    # The header ("") names the Babel that wrote the file: what the catalogue says is the rest.
    catalog: dict[object, str] = gettext.GNUTranslations(io.BytesIO(mo))._catalog  # type: ignore[attr-defined]
    return {key: text for key, text in catalog.items() if key != ""}


def test_the_compiled_catalogue_is_up_to_date() -> None:
    compiled = io.BytesIO()
    write_mo(compiled, zh_catalog())
    shipped = _messages(PO.with_suffix(".mo").read_bytes())
    assert shipped == _messages(compiled.getvalue()), "run scripts/catalogue.py"
    assert len(shipped) > 100


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LC_MESSAGES": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_language_follows_the_locale_environment(environ: dict[str, str], language: str) -> None:
    assert detect_language(environ) == language


@given(st.dates(date(1900, 1, 1), date(2200, 12, 31)))
def test_chinese_dates_read_back(day: date) -> None:
    use_language("zh")
    try:
        assert parse_date(format_date(day)) == day
    finally:
        use_language("en")


def test_check_in_chinese(invoke: Invoke) -> None:
    out = invoke("check", "cartier", "2020-03-01", "--as-of", "2021-01-01", "--lang", "zh").stdout
    assert "品牌        卡地亚" in out
    assert "基础保修    2年，至 2022年3月1日" in out
    assert "请在 2022年3月1日 前注册，可将保修延长至 2028年3月1日" in out
    assert "有效，剩余 424 天" in out


def test_locale_environment_chooses_chinese(invoke: Invoke) -> None:
    out = invoke(
        "check", "rolex", "2016-01-01", "--as-of", "2017-01-01", env={"LANG": "zh_CN.UTF-8"}
    ).stdout
    assert "品牌        劳力士" in out and "2021年1月1日" in out
    english = invoke(
        "check",
        "rolex",
        "2016-01-01",
        "--as-of",
        "2017-01-01",
        "--lang",
        "en",
        env={"LANG": "zh_CN.UTF-8"},
    )
    assert "Brand             Rolex" in english.stdout


def test_json_keys_and_values_do_not_change_with_the_language(invoke: Invoke) -> None:
    english = json.loads(
        invoke("check", "omega", "2014-03-01", "--as-of", "2015-01-01", "--format", "json").stdout
    )
    chinese = json.loads(
        invoke(
            "check",
            "omega",
            "2014-03-01",
            "--as-of",
            "2015-01-01",
            "--format",
            "json",
            "--lang",
            "zh",
        ).stdout
    )
    assert list(chinese) == list(english)
    # Notes (the maker's warranty's, and each other clock's) are sentences; all else is data.
    notes = {"notes", "service_guarantee_notes", "legal_guarantee_notes"}
    assert {k: v for k, v in chinese.items() if k not in notes} == {
        k: v for k, v in english.items() if k not in notes
    }
    for key in notes - {"notes"}:
        assert [(n["code"], n["args"]) for n in chinese[key]] == [
            (n["code"], n["args"]) for n in english[key]
        ]
    assert chinese["notes"][1]["text"] == "若机芯为 co-axial，保修至 2017年3月1日"
    # A note's code and arguments are for scripts: the same in every language.
    assert [(n["code"], n["args"]) for n in chinese["notes"]] == [
        (n["code"], n["args"]) for n in english["notes"]
    ]


def test_batch_csv_with_keys_is_the_same_in_every_language_but_for_its_sentences(
    invoke: Invoke,
) -> None:
    # Without --keys a Chinese CSV is for people (headers and status words).
    text = "brand,purchase_date\nrolex,2015-07-01\nrolx,2016-01-01\n"
    english = invoke("batch", "-", "--as-of", "2016-01-01", input=text, expect=1)
    chinese = invoke(
        "batch", "-", "--as-of", "2016-01-01", "--lang", "zh", "--keys", input=text, expect=1
    )
    sentences = {"notes", "conditions", "error"}

    def data(out: str) -> list[dict[str, str]]:
        rows = csv.DictReader(io.StringIO(out))
        return [{k: v for k, v in row.items() if k not in sentences} for row in rows]

    assert data(english.stdout) == data(chinese.stdout)
    assert "这一结果依据的并非品牌官方页面" in chinese.stdout
    assert "未知品牌 'rolx'；是不是指 劳力士？" in chinese.stdout
    assert chinese.stderr == "watchwarranty: 第 3 行: 未知品牌 'rolx'；是不是指 劳力士？\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "rolx", "2020-01-01"], "未知品牌 'rolx'；是不是指 劳力士？"),
        (
            ["check", "rolex", "05/06/2020"],
            "日期 '05/06/2020' 有歧义：可能是 2020-06-05，也可能是 2020-05-06",
        ),
        (["check", "rolex", "2021-02-29"], "2021年2月只有 28 天"),
        (["check", "rolex", "2020-01-01", "--region", "Atlantis"], "未知地区 'Atlantis'"),
        (["rules", "show", "omgea"], "是不是指 欧米茄？"),
    ],
)
def test_errors_in_chinese_are_one_line(invoke: Invoke, args: list[str], message: str) -> None:
    result = invoke(*args, "--lang", "zh", expect=2)
    assert result.stderr.startswith("watchwarranty: 错误：") and result.stderr.count("\n") == 1
    assert message in result.stderr


def test_tables_and_timelines_in_chinese(invoke: Invoke) -> None:
    brands = invoke("brands", "--lang", "zh", "--as-of", "2026-11-25").stdout
    assert "2026年11月25日 购买的腕表可获得的保修" in brands and "8年" in brands
    timeline = invoke("rules", "show", "cartier", "--lang", "zh").stdout
    assert "卡地亚  Cartier" in timeline and "2017年11月12日 至 现在" in timeline
    explain = invoke(
        "check", "rolex", "2013-06-30", "--explain", "--as-of", "2014-01-01", "--lang", "zh"
    ).stdout
    assert (
        "考虑过的规则" in explain
        and "未生效" in explain
        and "没有适用的品牌政策，采用默认规则" in explain
    )


def test_help_in_chinese_from_a_real_process(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("watchwarranty")
    result = subprocess.run(
        [str(script), "check", "--help", "--lang", "zh"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "120"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "这只表是否在保修期内" in result.stdout
    assert "首次零售日期" in result.stdout


def test_every_shipped_rule_has_a_chinese_title_and_note(shipped) -> None:  # type: ignore[no-untyped-def]
    rules = [shipped.default_policy]
    for brand in shipped.brands.values():
        assert brand.name_zh, brand.id
        for policy in brand.policies:
            rules += [policy, *policy.extensions]
    for rule in rules:
        assert rule.title_zh, rule.id
        assert bool(rule.note) == bool(rule.note_zh), rule.id


def test_rule_titles_and_notes_follow_the_language(invoke: Invoke) -> None:
    args = [
        "check",
        "ap",
        "2019-03-01",
        "--store",
        "北京SKP",
        "--as-of",
        "2020-01-01",
        "--explain",
    ]
    chinese = invoke(*args, "--lang", "zh").stdout
    assert "三家精品店额外的 3 年是门店促销，并非爱彼的品牌政策。" in chinese
    assert "已适用            注册腕表：5 年" in chinese
    english = invoke(*args).stdout
    assert "a store promotion, not Audemars Piguet policy" in english

"""Text from rules.toml in the reader's language: every text has its Chinese form, Traditional
readers get Traditional, regions and stores are named in the language, lists are joined as the
language joins them, and Chinese sentences have Chinese punctuation."""

from __future__ import annotations

from pathlib import Path

from conftest import Invoke

from watchwarranty.i18n import join_all, join_any, region_name, use_language
from watchwarranty.rules import default_rules_path, load_rules
from watchwarranty.rules.untranslated import untranslated

ROOT = Path(__file__).resolve().parent.parent


def test_lists_are_joined_as_the_language_joins_them() -> None:
    assert join_any(["a", "b", "c"]) == "a, b or c"
    assert join_all(["a", "b"]) == "a and b"
    use_language("zh")
    assert join_any(["英国", "爱尔兰"]) == "英国或爱尔兰"
    assert join_all(["英国", "爱尔兰", "法国"]) == "英国、爱尔兰和法国"
    assert join_any(["'--region'", "'--registered'"]) == "'--region' 或 '--registered'"


def test_regions_are_named_in_the_language() -> None:
    assert region_name("GB") == "United Kingdom"
    use_language("zh")
    assert region_name("GB") == "英国"
    use_language("zh_Hant")
    assert region_name("GB") == "英國"
    assert region_name("XX") == "XX"


def test_every_shipped_text_has_its_chinese_form() -> None:
    assert untranslated(load_rules(default_rules_path())) == []


def test_rules_check_warns_of_a_text_without_chinese(invoke: Invoke) -> None:
    result = invoke("rules", "check", str(ROOT / "tests" / "data" / "acme.toml"))
    assert (
        "watchwarranty: warning: acme-default.title has no title_zh; Chinese readers see it in "
        "English\n"
    ) in result.stderr
    assert "no problems" in result.stdout


def test_unchecked_conditions_and_regions_in_chinese(invoke: Invoke) -> None:
    out = invoke(
        "check",
        "vacheron constantin",
        "2024-03-01",
        "--registered-on",
        "2024-03-01",
        "--first-owner",
        "--as-of",
        "2025-01-01",
        "--lang",
        "zh",
    ).stdout
    assert "仅适用于核心系列腕表，本工具无法核实" in out
    known = ("--registered-on", "2024-01-01", "--first-owner", "--as-of", "2024-06-01")
    citizen = invoke("check", "citizen", "2024-01-01", *known, "--lang", "zh")
    assert "或斯洛伐克" in citizen.stdout
    english = invoke("check", "citizen", "2024-01-01", *known).stdout
    assert "Slovenia or Slovakia" in english
    assert " or " not in citizen.stdout


def test_stores_are_named_in_the_language(invoke: Invoke) -> None:
    refused = invoke(
        "check",
        "a lange sohne",
        "2024-03-01",
        "--store",
        "lange boutque",
        "--lang",
        "zh",
        expect=2,
    )
    assert "是不是指 朗格精品店" in refused.stderr


def test_traditional_readers_get_traditional_rules_text(invoke: Invoke) -> None:
    out = invoke(
        "check",
        "ap",
        "2019-03-01",
        "--registered-on",
        "2019-03-01",
        "--first-owner",
        "--as-of",
        "2019-06-01",
        "--explain",
        "--lang",
        "zh-hant",
    ).stdout
    assert "品牌        愛彼" in out
    assert "註冊腕錶：5 年" in out and "注册腕表" not in out
    assert "上海南京西路精品店、北京王府井精品店或北京SKP精品店" in out


def test_chinese_has_chinese_punctuation(invoke: Invoke) -> None:
    out = invoke("rules", "show", "citizen", "--lang", "zh").stdout
    assert "; " not in out.split("\n[1]")[0]
    assert "条款：仅在 奥地利、" in out


def test_aliases_are_listed_with_the_enumeration_comma_in_chinese(invoke: Invoke) -> None:
    out = invoke("brands", "--lang", "zh", env={"COLUMNS": "150"}).stdout
    assert "歐米茄、奧米茄" in out and "歐米茄, 奧米茄" not in out


def test_rules_show_names_stores_as_the_rules_do(invoke: Invoke) -> None:
    out = invoke("rules", "show", "lange", "--lang", "zh").stdout
    assert "门店 朗格精品店" in out and "门店 lange-boutique" not in out


def test_no_space_before_a_full_width_bracket(invoke: Invoke) -> None:
    out = invoke("rules", "show", "citizen", "--lang", "zh", env={"COLUMNS": "200"}).stdout
    assert "现在（起始日期未经证实）" in out and " （" not in out

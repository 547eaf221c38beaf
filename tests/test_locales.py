"""Traditional Chinese for zh_TW and zh_HK (a catalogue converted from the Simplified one at build
time, by scripts/traditional.py), and the locale environment read as gettext reads it."""

from __future__ import annotations

import gettext
import importlib.util
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from conftest import Invoke

from watchwarranty.i18n import detect_language

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("traditional", ROOT / "scripts" / "traditional.py")
assert _spec is not None and _spec.loader is not None
traditional = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(traditional)


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({"LANG": "zh_TW.UTF-8"}, "zh_Hant"),
        ({"LANG": "zh_HK.UTF-8"}, "zh_Hant"),
        ({"LANG": "zh_MO.UTF-8"}, "zh_Hant"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_SG.UTF-8"}, "zh"),
        ({"LC_ALL": "zh_TW.UTF-8", "LANG": "zh_CN.UTF-8"}, "zh_Hant"),
        # LANGUAGE is a priority list, read before LC_ALL, LC_MESSAGES and LANG.
        ({"LANGUAGE": "zh_TW:zh_CN", "LANG": "en_US.UTF-8"}, "zh_Hant"),
        ({"LANGUAGE": "fr:de:zh_CN", "LC_ALL": "en_US.UTF-8"}, "zh"),
        ({"LANGUAGE": "en_GB:zh_CN", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LANGUAGE": "", "LANG": "zh_HK.UTF-8"}, "zh_Hant"),
        # As gettext does, the first variable set decides, and no catalogue in it means English.
        ({"LANGUAGE": "fr", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
    ],
)
def test_the_locale_environment_as_gettext_reads_it(
    environ: dict[str, str], language: str
) -> None:
    assert detect_language(environ) == language


def test_taiwan_and_hong_kong_read_traditional(invoke: Invoke) -> None:
    for locale in ("zh_TW.UTF-8", "zh_HK.UTF-8"):
        out = invoke(
            "check", "cartier", "2020-03-01", "--as-of", "2021-01-01", env={"LANG": locale}
        ).stdout
        assert "購買日期" in out and "狀態" in out and "有效，剩餘 424 天" in out
        assert "2020年3月1日" in out


@pytest.mark.parametrize("asked", ["zh-hant", "zh_Hant", "zh-TW", "zh_HK"])
def test_lang_asks_for_traditional(invoke: Invoke, asked: str) -> None:
    out = invoke("check", "cartier", "2020-03-01", "--as-of", "2021-01-01", "--lang", asked)
    assert "購買日期" in out.stdout


def test_zh_stays_simplified(invoke: Invoke) -> None:
    out = invoke("check", "cartier", "2020-03-01", "--as-of", "2021-01-01", "--lang", "zh")
    assert "购买日期" in out.stdout and "購買日期" not in out.stdout


def test_brand_names_from_the_rules_are_shown_in_traditional(invoke: Invoke) -> None:
    # rules.toml gives Simplified names; the converter is not a run-time dependency: the
    # Traditional forms were converted when the catalogues were built.
    out = invoke("check", "cartier", "2020-03-01", "--as-of", "2021-01-01", "--lang", "zh-hant")
    assert "卡地亞" in out.stdout and "卡地亚" not in out.stdout


def test_the_committed_traditional_rules_texts_are_what_the_script_makes() -> None:
    committed = json.loads(traditional.RULES_TARGET.read_text("utf-8"))
    assert committed == traditional.rules_texts(), "run scripts/traditional.py"
    assert committed["劳力士"] == "勞力士"


def _said(catalog: Catalog) -> dict[object, object]:
    # What a catalogue says, without the header that names the Babel which wrote it.
    return {message.id: message.string for message in catalog if message.id}


def _compiled(mo: bytes) -> dict[object, str]:
    catalog: dict[object, str] = gettext.GNUTranslations(io.BytesIO(mo))._catalog  # type: ignore[attr-defined]
    return {key: text for key, text in catalog.items() if key != ""}


def test_the_committed_traditional_catalogue_is_what_the_script_makes() -> None:
    made = traditional.convert(traditional.simplified())
    with traditional.TARGET.open("rb") as handle:
        committed = read_po(handle)
    assert _said(committed) == _said(made), "run scripts/catalogue.py"
    assert len(_said(made)) > 100
    compiled = io.BytesIO()
    write_mo(compiled, made)
    shipped = traditional.TARGET.with_suffix(".mo").read_bytes()
    assert _compiled(shipped) == _compiled(compiled.getvalue()), "run scripts/catalogue.py"


def test_the_converter_s_known_mistakes_are_corrected() -> None:
    made = _said(traditional.convert(traditional.simplified()))
    texts = [
        text
        for value in made.values()
        for text in (value if isinstance(value, tuple) else (value,))
    ]
    assert not any("錶格" in str(text) for text in texts)
    assert traditional.traditional("显示表格") == "顯示表格"
    assert traditional.traditional("15 天后自动注册") == "15 天後自動註冊"


def test_help_in_traditional_from_a_real_process(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("watchwarranty")
    result = subprocess.run(
        [str(script), "check", "--help"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "80", "LANG": "zh_HK.UTF-8"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "首次零售日期" in result.stdout and "保修期內" in result.stdout


def test_traditional_uses_the_words_taiwan_and_hong_kong_read() -> None:
    made = _said(traditional.convert(traditional.simplified()))
    texts = " ".join(
        str(text)
        for value in made.values()
        for text in (value if isinstance(value, tuple) else (value,))
    )
    for mainland in ("默認", "文件", "運行", "這隻表", "程式碼", "型別", "營銷"):
        assert mainland not in texts, mainland
    for taiwan in ("預設", "檔案", "這隻錶", "腕錶"):
        assert taiwan in texts, taiwan


def test_traditional_quotes_with_corner_brackets(tmp_path: Path) -> None:
    # Taiwan and Hong Kong write 「」 (and 『』 inside them); the mainland's curly quotes are
    # what the Simplified catalogue holds, and OpenCC leaves punctuation as it is.
    curly = {chr(0x201C), chr(0x201D), chr(0x2018), chr(0x2019)}
    assert not curly & set(traditional.TARGET.read_text("utf-8"))
    assert traditional.traditional(chr(0x201C) + "注册" + chr(0x201D)) == "「註冊」"
    result = subprocess.run(
        [str(Path(sys.executable).with_name("watchwarranty")), "check", "--help"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "80", "LANG": "zh_TW.UTF-8"},
        check=False,
    )
    assert "「" in result.stdout, result.stdout
    assert not curly & set(result.stdout)


def test_a_jurisdiction_is_named_in_traditional(invoke: Invoke) -> None:
    # rules.toml names Taiwan's law 台湾; a Traditional reader is shown 臺灣, as for every other
    # Chinese text of the rules.
    args = ["--as-of", "2026-12-07", "--first-owner", "--lang", "zh-hant"]
    out = invoke("check", "勞力士", "2023-01-03", "--region", "TW", *args).output
    assert "臺灣" in out and "台湾" not in out
    out = invoke("rules", "law", "TW", "--lang", "zh-hant").output
    assert "臺灣" in out and "台湾" not in out


def test_a_column_is_a_column_in_taiwan(invoke: Invoke, tmp_path: Path) -> None:
    # The mainland's 列 is a column; in Taiwan 列 is a row and a column is 欄.
    assert traditional.columns_in_taiwan_words("the column", "表頭中沒有列") == "表頭中沒有欄"
    assert traditional.columns_in_taiwan_words("the column", "列出序列號") == "列出序列號"
    assert traditional.columns_in_taiwan_words("a list", "該列") == "該列"
    source = tmp_path / "inventory.csv"
    source.write_text("sku,price\nA1,1\n", encoding="utf-8")
    refused = invoke("batch", str(source), "--lang", "zh-hant", expect=2)
    assert "欄" in refused.stderr and "列" not in refused.stderr, refused.stderr
    # A rule's issuing body, and the quality goods must have, in Taiwan's words.
    rules_texts = traditional.RULES_TARGET.read_text("utf-8")
    assert "釋出機關" not in rules_texts and "質量" not in rules_texts

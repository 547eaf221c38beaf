"""Defaults a shop would repeat on every call, set once in the user's config; a flag on the
command line always wins. And 'today' and 'yesterday' as dates."""

from __future__ import annotations

import json
import os
from datetime import date, timedelta
from pathlib import Path

from conftest import Invoke


def config_file() -> Path:
    return Path(os.environ["XDG_CONFIG_HOME"]) / "watchwarranty" / "config.toml"


def test_config_path_set_and_show(invoke: Invoke) -> None:
    assert invoke("config", "path").stdout == f"{config_file()}\n"
    invoke("config", "set", "region", "中国")
    invoke("config", "set", "date_order", "dmy")
    assert config_file().read_text("utf-8") == '[defaults]\nregion = "CN"\ndate_order = "dmy"\n'
    assert invoke("config", "show").stdout == 'region = "CN"\ndate_order = "dmy"\n'


def test_defaults_apply_and_a_flag_wins(invoke: Invoke) -> None:
    invoke("config", "set", "format", "json")
    invoke("config", "set", "region", "CN")
    invoke("config", "set", "date_order", "dmy")
    said = json.loads(invoke("check", "ap", "05/06/2020", "--as-of", "2021-01-01").stdout)
    assert said["purchase_date"] == "2020-06-05" and said["facts"]["given"]["region"] == "CN"
    table = invoke("check", "ap", "05/06/2020", "--as-of", "2021-01-01", "--format", "table")
    assert table.stdout.startswith("Brand ")
    other = json.loads(
        invoke("check", "ap", "2020-06-05", "--as-of", "2021-01-01", "--region", "US").stdout
    )
    assert other["facts"]["given"]["region"] == "US"


def test_the_language_default(invoke: Invoke) -> None:
    invoke("config", "set", "lang", "zh-hant")
    assert "品牌        卡地亞" in invoke("check", "cartier", "2020-03-01").stdout
    assert "Brand " in invoke("check", "cartier", "2020-03-01", "--lang", "en").stdout


def test_a_bad_setting_is_refused_in_one_line(invoke: Invoke) -> None:
    result = invoke("config", "set", "colour", "red", expect=2)
    assert result.stderr == (
        "watchwarranty: error: unknown setting 'colour'; "
        "settable: lang, region, date_order, format\n"
    )
    result = invoke("config", "set", "format", "xml", expect=2)
    assert result.stderr.count("\n") == 1 and "'xml'" in result.stderr


def test_a_broken_config_file_is_named(invoke: Invoke) -> None:
    config_file().parent.mkdir(parents=True)
    config_file().write_text("[defaults\n", "utf-8")
    result = invoke("check", "cartier", "2020-03-01", expect=2)
    assert result.stderr.startswith(f"watchwarranty: error: {config_file()}: ")
    assert result.stderr.count("\n") == 1


def test_today_and_yesterday_are_dates(invoke: Invoke) -> None:
    today = date.today()  # the test reads the clock as the tool does
    said = json.loads(invoke("check", "cartier", "today", "--format", "json").stdout)
    assert said["purchase_date"] == today.isoformat()
    said = json.loads(
        invoke("check", "cartier", "昨天", "--as-of", "today", "--format", "json").stdout
    )
    assert said["purchase_date"] == (today - timedelta(days=1)).isoformat()

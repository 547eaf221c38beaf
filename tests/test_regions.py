"""Regions: the shipped table of country names is pycountry's, and any of them reads."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from watchwarranty.errors import InputError
from watchwarranty.inputs.region_names import DISPLAY, NAMES
from watchwarranty.inputs.regions import parse_region

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("regions_script", ROOT / "scripts" / "regions.py")
assert _spec is not None and _spec.loader is not None
script = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(script)


def test_the_shipped_table_is_what_pycountry_gives() -> None:
    assert script.region_names() == NAMES, "run scripts/regions.py and review the diff"
    assert script.display_names() == DISPLAY, "run scripts/regions.py and review the diff"


def test_traditional_names_read() -> None:
    assert parse_region("英國") == "GB"
    assert parse_region("臺灣") == "TW"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("CN", "CN"),
        ("chn", "CN"),
        ("China", "CN"),
        ("中国", "CN"),
        ("中国大陆", "CN"),
        ("  united   KINGDOM ", "GB"),
        ("瑞士", "CH"),
        (
            "\uff23\uff48\uff49\uff4e\uff41",
            "CN",
        ),  # full-width "China", as Chinese input methods type it
        ("Hong Kong", "HK"),
        ("中国香港", "HK"),
    ],
)
def test_codes_and_names_in_english_and_chinese_read(text: str, code: str) -> None:
    assert parse_region(text) == code


def test_an_unknown_region_says_how_to_write_one() -> None:
    with pytest.raises(InputError, match="unknown region 'Atlantis'"):
        parse_region("Atlantis")

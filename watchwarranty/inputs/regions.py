"""Turning "China", "中国", "CN" or "CHN" into an ISO 3166 alpha-2 code."""

from __future__ import annotations

import unicodedata
from functools import cache

from watchwarranty.errors import InputError
from watchwarranty.i18n import _

# Names Chinese speakers commonly write that the ISO catalogue does not list.
_EXTRA_NAMES = {
    "中国大陆": "CN",
    "大陆": "CN",
    "内地": "CN",
    "中国内地": "CN",
    "mainland china": "CN",
    "台湾": "TW",
    "中国台湾": "TW",
    "中国香港": "HK",
    "香港特别行政区": "HK",
    "中国澳门": "MO",
    "澳门特别行政区": "MO",
    # The same in Traditional characters, as Taiwan, Hong Kong and Macau write them.
    "中國大陸": "CN",
    "大陸": "CN",
    "內地": "CN",
    "中國內地": "CN",
    "台灣": "TW",
    "臺灣": "TW",
    "中國台灣": "TW",
    "中國臺灣": "TW",
    "中國香港": "HK",
    "香港特別行政區": "HK",
    "中國澳門": "MO",
    "澳門特別行政區": "MO",
    "uk": "GB",
    "usa": "US",
}


def parse_region(text: str) -> str:
    """The alpha-2 code for a code or country name in English or Chinese; InputError if none."""
    key = fold(text)
    if not key:
        raise InputError(
            _("the region is empty"), _("give an ISO 3166 code such as CN or a country name")
        )
    code = _names().get(key)
    if code is None:
        raise InputError(
            _("unknown region {text!r}").format(text=text),
            _(
                "give an ISO 3166 code such as CN, US or CH, "
                "or a country name such as China or 中国"
            ),
        )
    return code


def fold(text: str) -> str:
    """A name as names are looked up: NFKC-normalised, case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@cache
def _names() -> dict[str, str]:
    # Generated from pycountry by scripts/regions.py, which needs fold() before the table.
    from watchwarranty.inputs.region_names import NAMES

    return {**NAMES, **{fold(name): code for name, code in _EXTRA_NAMES.items()}}

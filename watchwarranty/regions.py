"""Turning "China", "中国", "CN" or "CHN" into an ISO 3166 alpha-2 code."""

from __future__ import annotations

import unicodedata
from functools import cache

from .errors import InputError
from .i18n import _

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
    "uk": "GB",
    "usa": "US",
}


def parse_region(text: str) -> str:
    """The alpha-2 code for a code or country name in English or Chinese; InputError if none."""
    key = _fold(text)
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


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@cache
def _names() -> dict[str, str]:
    # pycountry and its translations cost ~50 ms, so they load only when a region is given.
    import gettext

    import pycountry

    chinese = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    names: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        for name in (
            code,
            country.alpha_3,
            country.name,
            getattr(country, "common_name", None),
            getattr(country, "official_name", None),
            chinese.gettext(country.name),
        ):
            if name:
                names.setdefault(_fold(name), code)
    names.update((_fold(name), code) for name, code in _EXTRA_NAMES.items())
    return names

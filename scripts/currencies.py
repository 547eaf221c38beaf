"""Write watchwarranty/inputs/currency_codes.py: every ISO 4217 currency code, from pycountry.

    .venv/bin/python scripts/currencies.py

As with scripts/regions.py, no run of watchwarranty reads pycountry: the codes are a small
generated table. tests/test_guarantees.py fails when it differs from the installed pycountry.
"""

from __future__ import annotations

import json
from pathlib import Path

import pycountry

TARGET = Path(__file__).resolve().parent.parent / "watchwarranty" / "inputs" / "currency_codes.py"


def currency_codes() -> list[str]:
    """Every ISO 4217 alphabetic code pycountry knows, sorted."""
    return sorted(currency.alpha_3 for currency in pycountry.currencies)


def module_text(codes: list[str]) -> str:
    """The module, laid out as ruff format would."""
    body = "".join(f"        {json.dumps(code)},\n" for code in codes)
    return (
        '"""ISO 4217 currency codes: written by scripts/currencies.py from pycountry '
        f'{pycountry.__version__};\ndo not edit."""\n\n'
        f"CODES = frozenset(\n    {{\n{body}    }}\n)\n"
    )


if __name__ == "__main__":
    TARGET.write_text(module_text(currency_codes()), encoding="utf-8")
    print(f"{TARGET}: {len(currency_codes())} codes")

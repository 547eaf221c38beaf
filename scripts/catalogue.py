"""Refresh the translation catalogues after changing any user-facing text.

    .venv/bin/python scripts/catalogue.py

Extracts every _(), N_() and ngettext() string from watchwarranty/ into the template, merges it
into each language's .po (new strings come in untranslated; tests/test_i18n.py then fails until
they are translated), and compiles the .po files to the .mo files gettext reads at run time;
then writes the Traditional Chinese catalogue from the Simplified one (scripts/traditional.py).
Needs Babel and OpenCC (in the test extras); nothing here runs when watchwarranty does.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

sys.path.insert(0, str(Path(__file__).resolve().parent))
import traditional

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "watchwarranty"
LOCALE = PACKAGE / "locale"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def extract() -> Catalog:
    """Every translatable string in the package, as a catalogue template."""
    template = Catalog(project="watchwarranty", charset="utf-8")
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(PACKAGE), keywords=KEYWORDS, comment_tags=()
    ):
        template.add(message)
    return template


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "watchwarranty.po"


def main() -> None:
    template = extract()
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/watchwarranty.po")):
        if po == traditional.TARGET:
            continue  # made from the Simplified catalogue below, never translated by hand
        with po.open("rb") as handle:
            catalog = read_po(handle)
        catalog.update(template, no_fuzzy_matching=True)
        with po.open("wb") as handle:
            write_po(handle, catalog, sort_output=True, omit_header=False, width=99)
        with po.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog)
        missing = [message.id for message in catalog if message.id and not translated(message)]
        print(f"{po.relative_to(ROOT)}: {len(catalog)} messages, {len(missing)} untranslated")
    traditional.main()


def translated(message: Message) -> bool:
    """Whether a catalogue entry has its translation (every plural form, for a plural)."""
    if isinstance(message.string, tuple):
        return all(message.string)
    return bool(message.string)


if __name__ == "__main__":
    main()

"""Every user-facing string has a Vietnamese translation with the same placeholders."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from babel.messages.extract import extract_from_file

from core.i18n import DEFAULT_LOCALES_DIR, Catalogs, Text, load_po
from core.vnformat import weekday_text

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "handlers", "services", "knowledge", "scheduler", "storage", "core")
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2), "NP_": (1, 2)}
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def source_messages() -> dict[str, str]:
    """msgid → where it is used, for every literal marked for translation in our packages."""
    found: dict[str, str] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            for lineno, message, _comments, _context in extract_from_file(
                "python", str(path), keywords=KEYWORDS
            ):
                msgid = message if isinstance(message, str) else message[0]
                if msgid:
                    found.setdefault(msgid, f"{path.relative_to(ROOT)}:{lineno}")
    return found


def test_the_source_has_messages() -> None:
    assert len(source_messages()) > 80


def test_every_message_has_a_vietnamese_translation() -> None:
    vietnamese = load_po(DEFAULT_LOCALES_DIR, "vi")
    missing = [
        f"{where}: {msgid!r}"
        for msgid, where in source_messages().items()
        if not vietnamese.get(msgid)
    ]
    assert not missing, "missing Vietnamese translations:\n" + "\n".join(missing)


def test_translations_keep_the_placeholders() -> None:
    vietnamese = load_po(DEFAULT_LOCALES_DIR, "vi")
    wrong = [
        msgid
        for msgid, text in vietnamese.items()
        if set(PLACEHOLDER.findall(msgid)) != set(PLACEHOLDER.findall(text))
    ]
    assert not wrong, f"placeholders differ in: {wrong}"


def test_vietnamese_never_says_ban() -> None:
    """The bot addresses party members as "đồng chí", never "bạn"."""
    vietnamese = load_po(DEFAULT_LOCALES_DIR, "vi")
    offending = [text for text in vietnamese.values() if re.search(r"\bbạn\b", text.lower())]
    assert not offending, offending


def test_plural_forms_read_naturally_in_both_languages() -> None:
    catalogs = Catalogs()
    english = catalogs.translator("en")
    assert english.ngettext("Reminded {n} cell.", "Reminded {n} cells.", 1) == "Reminded {n} cell."
    assert english.ngettext("Reminded {n} cell.", "Reminded {n} cells.", 3) == "Reminded {n} cells."
    vietnamese = catalogs.translator("vi")
    for n in (1, 3):
        assert vietnamese.ngettext("Reminded {n} cell.", "Reminded {n} cells.", n) == (
            "Đã nhắc {n} chi bộ."
        )


def test_default_is_vietnamese_and_english_is_the_source() -> None:
    catalogs = Catalogs()
    assert (
        catalogs.translator(None).gettext("Cancelled. Nothing was saved.")
        == "Đã hủy, không lưu gì."
    )
    assert catalogs.translator("en").gettext("Cancelled. Nothing was saved.") == (
        "Cancelled. Nothing was saved."
    )


def test_a_value_that_is_a_message_is_translated_in_the_readers_language() -> None:
    catalogs = Catalogs()
    day = date(2026, 11, 24)
    message = Text("{date} ({weekday})", {"date": "24/11/2026", "weekday": weekday_text(day)})
    assert catalogs.translator("vi").render(message) == "24/11/2026 (thứ Ba)"
    assert catalogs.translator("en").render(message) == "24/11/2026 (Tuesday)"

"""Gettext catalogs (English source strings, Vietnamese default) and deferred messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po

DOMAIN = "chibo"
SUPPORTED_LOCALES = ("vi", "en")
DEFAULT_LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"


def N_(message: str) -> str:
    """Mark a literal for extraction without translating it yet."""
    return message


@dataclass(frozen=True, slots=True)
class Text:
    """A message to translate later, in the reader's language: an English msgid and its values."""

    msgid: str
    params: dict[str, Any] = field(default_factory=dict)


class Translator:
    """Translates English source strings into one locale."""

    def __init__(self, locale: str, messages: dict[str, str]) -> None:
        self.locale = locale
        self._messages = messages

    def gettext(self, message: str) -> str:
        return self._messages.get(message) or message

    def render(self, text: Text) -> str:
        translated = self.gettext(text.msgid)
        return translated.format(**text.params) if text.params else translated


class Catalogs:
    """All locales' catalogs, read once from every `locales/<locale>/LC_MESSAGES/*.po`.

    Each area of the code keeps its own catalog file (chibo.po, reports.po, plans.po ...), so
    they can be edited independently; together they form the `chibo` domain.
    """

    def __init__(self, locales_dir: Path = DEFAULT_LOCALES_DIR) -> None:
        self._translators: dict[str, Translator] = {}
        for locale in SUPPORTED_LOCALES:
            self._translators[locale] = Translator(locale, load_po(locales_dir, locale))

    def translator(self, locale: str | None) -> Translator:
        return self._translators.get(locale or "vi") or self._translators["vi"]


def load_po(locales_dir: Path, locale: str) -> dict[str, str]:
    """Read a locale's .po catalogs into one msgid → msgstr map (fuzzy and empty entries left out)."""
    messages: dict[str, str] = {}
    for path in sorted((locales_dir / locale / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        for message in catalog:
            usable = isinstance(message.id, str) and isinstance(message.string, str)
            if usable and message.id and message.string and not message.fuzzy:
                messages[str(message.id)] = str(message.string)
    return messages

"""Gettext catalogs through Babel (English source strings, Vietnamese default) and deferred messages.

The catalog is `locales/vi/LC_MESSAGES/chibo.po`, kept with pybabel (`python3 dev.py i18n`
extracts the strings into `locales/chibo.pot` and updates the catalog). Every `.po` file in that
folder is read, so an area may keep its own file while it is being written; the test suite fails
when a marked string has no Vietnamese translation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

DOMAIN = "chibo"
SUPPORTED_LOCALES = ("vi", "en")
SOURCE_LOCALE = "en"
DEFAULT_LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"


def N_(message: str) -> str:
    """Mark a literal for extraction without translating it yet."""
    return message


def NP_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a singular/plural pair for extraction without translating it yet."""
    return singular, plural


@dataclass(frozen=True, slots=True)
class Text:
    """A message to translate later, in the reader's language: an English msgid and its values.

    With `plural` set, `params["n"]` (or `params["count"]`) chooses the form, as ngettext does.
    A value that is itself a Text (a weekday's name) is translated in the same language.
    """

    msgid: str
    params: dict[str, Any] = field(default_factory=dict)
    plural: str | None = None

    @classmethod
    def counted(cls, forms: tuple[str, str], params: dict[str, Any]) -> Text:
        """A message with singular and plural forms (from `NP_`), chosen by n or count."""
        return cls(forms[0], params, forms[1])


class Translator:
    """Translates English source strings into one locale (Babel's gettext and ngettext)."""

    def __init__(self, locale: str, translations: NullTranslations) -> None:
        self.locale = locale
        self._translations = translations

    def gettext(self, message: str) -> str:
        return self._translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form for `n` ("Reminded 1 cell" / "Reminded 2 cells"); Vietnamese has one."""
        return self._translations.ngettext(singular, plural, n)

    def render(self, text: Text) -> str:
        if text.plural is not None:
            count = int(text.params.get("n", text.params.get("count", 0)))
            translated = self.ngettext(text.msgid, text.plural, count)
        else:
            translated = self.gettext(text.msgid)
        if not text.params:
            return translated
        values = {
            key: self.render(value) if isinstance(value, Text) else value
            for key, value in text.params.items()
        }
        return translated.format(**values)


class Catalogs:
    """Every supported locale's translations, read once from `locales/<locale>/LC_MESSAGES/*.po`."""

    def __init__(self, locales_dir: Path = DEFAULT_LOCALES_DIR) -> None:
        self._translators: dict[str, Translator] = {}
        for locale in SUPPORTED_LOCALES:
            self._translators[locale] = Translator(locale, load_translations(locales_dir, locale))

    def translator(self, locale: str | None) -> Translator:
        return self._translators.get(locale or "vi") or self._translators["vi"]


def load_catalog(locales_dir: Path, locale: str) -> Catalog:
    """Every `.po` file of a locale merged into one catalog (fuzzy and empty entries left out)."""
    merged = Catalog(locale=locale, domain=DOMAIN)
    for path in sorted((locales_dir / locale / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        if catalog.plural_forms and not merged.mime_headers:
            merged.mime_headers = catalog.mime_headers
        for message in catalog:
            if message.id and message.string and not message.fuzzy:
                strings = message.string if isinstance(message.string, tuple | list) else None
                if strings is not None and not all(strings):
                    continue
                merged[message.id] = message
    return merged


def load_translations(locales_dir: Path, locale: str) -> NullTranslations:
    """Babel translations for `locale`; the source locale (English) translates to itself."""
    if locale == SOURCE_LOCALE:
        return NullTranslations()
    buffer = BytesIO()
    write_mo(buffer, load_catalog(locales_dir, locale))
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def load_po(locales_dir: Path, locale: str) -> dict[str, str]:
    """A locale's singular translations as msgid → msgstr (for checks and tests)."""
    found: dict[str, str] = {}
    for message in load_catalog(locales_dir, locale):
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string
        value = strings if isinstance(strings, str) else (strings[0] if strings else "")
        found[str(key)] = str(value)
    return found

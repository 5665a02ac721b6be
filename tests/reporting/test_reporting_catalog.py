"""Every reporting message has a Vietnamese translation with the same placeholders."""

from __future__ import annotations

import re

from core.i18n import Translator

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def test_every_msgid_has_a_vietnamese_translation_with_the_same_placeholders(
    vi: Translator, reporting_msgids: set[str]
) -> None:
    assert len(reporting_msgids) > 50
    for msgid in reporting_msgids:
        translated = vi.gettext(msgid)
        assert translated != msgid, f"no Vietnamese for {msgid!r}"
        assert set(PLACEHOLDER.findall(translated)) == set(PLACEHOLDER.findall(msgid)), msgid
        assert "bạn" not in translated.lower()

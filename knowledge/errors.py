"""The one error a plan import raises, with a message to show the officer."""

from __future__ import annotations

from core.i18n import Text


class PlanImportError(Exception):
    """A file could not be read as a plan; `message` says why, in the reader's language later."""

    def __init__(self, message: Text) -> None:
        super().__init__(
            message.msgid.format(**message.params) if message.params else message.msgid
        )
        self.message = message

"""The Telegram command menu: per chat, for the person's roles, in their language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from bot.telegram.api import TelegramApi
from core.channel import ChannelError
from core.i18n import N_, Catalogs
from handlers.flow import CommandSpec
from services.access import RoleName

START_SUMMARY: Final = N_("join with an invite code")
MENU_LOCALES: Final = ("vi", "en")
Fingerprint = tuple[frozenset[RoleName], str]
BotCommand = dict[str, str]  # {"command": ..., "description": ...}


def menu_commands(
    commands: Mapping[str, CommandSpec],
    roles: frozenset[RoleName],
    locale: str,
    catalogs: Catalogs,
) -> list[BotCommand]:
    """The commands a person with `roles` may use, described in `locale`."""
    t = catalogs.translator(locale)
    menu: list[BotCommand] = []
    if not roles:
        menu.append({"command": "start", "description": t.gettext(START_SUMMARY)})
    for spec in commands.values():
        if spec.public or roles & spec.roles:
            menu.append({"command": spec.name, "description": t.gettext(spec.summary)[:256]})
    return menu[:100]


class CommandMenus:
    """Sets menus through the Bot API, only when a person's roles or language changed.

    What was last asked for is remembered per chat in this process (a restart refreshes each
    person's menu once, on their first update); the call itself is queued in the outbox.
    """

    def __init__(
        self, api: TelegramApi, commands: Mapping[str, CommandSpec], catalogs: Catalogs
    ) -> None:
        self._api = api
        self._commands = commands
        self._catalogs = catalogs
        self._shown: dict[str, Fingerprint] = {}

    async def set_defaults(self, locales: Sequence[str] = MENU_LOCALES) -> None:
        """The menu of people who have not joined, in each language (Vietnamese by default)."""
        for index, locale in enumerate(locales):
            commands = menu_commands(self._commands, frozenset(), locale, self._catalogs)
            await self._api.call(
                "setMyCommands",
                {
                    "commands": commands,
                    "scope": {"type": "all_private_chats"},
                    "language_code": None if index == 0 else locale,
                },
            )

    def needs_refresh(self, chat_id: str, roles: frozenset[RoleName], locale: str) -> bool:
        """Whether this chat's menu must change; if so it is taken as asked for from now on."""
        if self._shown.get(chat_id) == (roles, locale):
            return False
        self._shown[chat_id] = (roles, locale)
        return True

    async def set_for_chat(self, chat_id: str, roles: frozenset[RoleName], locale: str) -> None:
        """Show this chat the menu for `roles` in `locale` (raises ChannelError)."""
        commands = menu_commands(self._commands, roles, locale, self._catalogs)
        try:
            scope = {"type": "chat", "chat_id": int(chat_id)}
            await self._api.call("setMyCommands", {"commands": commands, "scope": scope})
        except ChannelError:
            self._shown.pop(chat_id, None)
            raise

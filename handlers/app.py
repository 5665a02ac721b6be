"""Composition of the conversation core: which commands exist and who may use them."""

from __future__ import annotations

from typing import Any

from core.clock import Clock
from core.i18n import N_, Catalogs
from handlers.access import RoleName
from handlers.context import CoreConfig
from handlers.core import ConversationCore, FreeTextHandler
from handlers.flow import CommandSpec
from handlers.flows.admin_orgs import AddCellFlow, AddOrgFlow
from handlers.flows.basics import CancelFlow, HelpFlow, HelpSection, LanguageFlow
from handlers.flows.cell_info import CellInfoFlow
from handlers.flows.invite import InviteFlow
from handlers.flows.onboarding import OnboardingFlow
from handlers.flows.revoke import RevokeFlow

EVERYONE = frozenset(RoleName)
OFFICERS = frozenset({RoleName.OFFICER, RoleName.ADMIN})
ADMINS = frozenset({RoleName.ADMIN})


def build_core(
    *,
    catalogs: Catalogs,
    clock: Clock,
    config: CoreConfig,
    extra_commands: list[CommandSpec] | None = None,
    help_sections: list[HelpSection] | None = None,
    free_text: FreeTextHandler | None = None,
    services: dict[str, Any] | None = None,
) -> ConversationCore:
    """The core with the foundation's commands plus those the other capabilities add."""
    commands: dict[str, CommandSpec] = {}
    help_flow = HelpFlow(lambda: commands.values(), help_sections or ())
    specs = [
        CommandSpec("trogiup", EVERYONE, N_("help for your role"), help_flow, public=True),
        CommandSpec(
            "huy", EVERYONE, N_("leave the current step without saving"), CancelFlow(), public=True
        ),
        CommandSpec("ngonngu", EVERYONE, N_("Tiếng Việt / English"), LanguageFlow(), public=True),
        *(extra_commands or []),
        CommandSpec("chibo", EVERYONE, N_("a cell's details"), CellInfoFlow()),
        CommandSpec("moi", OFFICERS, N_("invite a secretary or officer"), InviteFlow()),
        CommandSpec("thuhoi", OFFICERS, N_("revoke someone's role"), RevokeFlow()),
        CommandSpec("taodonvi", ADMINS, N_("add an organisation"), AddOrgFlow()),
        CommandSpec("taochibo", ADMINS, N_("add a cell"), AddCellFlow()),
    ]
    for spec in specs:
        commands[spec.name] = spec
    return ConversationCore(
        catalogs=catalogs,
        clock=clock,
        config=config,
        commands=commands,
        onboarding=OnboardingFlow(),
        free_text=free_text,
        services=services,
    )

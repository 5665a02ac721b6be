"""The roles people hold, and how they are named to people."""

from __future__ import annotations

from enum import StrEnum

from core.i18n import N_, Translator


class RoleName(StrEnum):
    SECRETARY = "secretary"
    DEPUTY = "deputy"
    OFFICER = "officer"
    ADMIN = "admin"


CELL_ROLES = frozenset({RoleName.SECRETARY, RoleName.DEPUTY})
ORG_ROLES = frozenset({RoleName.OFFICER, RoleName.ADMIN})
# Who follows a cell or an organisation from above: told when someone there cannot be reached,
# sent the daily digest of late cells.
FOLLOWER_ROLES = ORG_ROLES

ROLE_LABELS = {
    RoleName.SECRETARY: N_("cell secretary"),
    RoleName.DEPUTY: N_("deputy cell secretary"),
    RoleName.OFFICER: N_("committee officer"),
    RoleName.ADMIN: N_("administrator"),
}


def role_label(role: str, t: Translator) -> str:
    return t.gettext(ROLE_LABELS[RoleName(role)])

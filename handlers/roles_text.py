"""How roles and their scopes are named to people."""

from __future__ import annotations

from core.i18n import N_, Translator
from handlers.access import RoleName
from storage.models import Cell, Organization

ROLE_LABELS = {
    RoleName.SECRETARY: N_("cell secretary"),
    RoleName.DEPUTY: N_("deputy cell secretary"),
    RoleName.OFFICER: N_("committee officer"),
    RoleName.ADMIN: N_("administrator"),
}


def role_label(role: str, t: Translator) -> str:
    return t.gettext(ROLE_LABELS[RoleName(role)])


def scope_label(cell: Cell | None, org: Organization | None, t: Translator) -> str:
    if cell is not None:
        return cell.name
    if org is not None:
        return org.name
    return t.gettext("the whole system")

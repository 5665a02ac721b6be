"""How roles and their scopes are named to people."""

from __future__ import annotations

from core.i18n import Translator
from core.roles import ROLE_LABELS, role_label
from storage.models import Cell, Organization

__all__ = ["ROLE_LABELS", "role_label", "scope_label"]


def scope_label(cell: Cell | None, org: Organization | None, t: Translator) -> str:
    if cell is not None:
        return cell.name
    if org is not None:
        return org.name
    return t.gettext("the whole system")

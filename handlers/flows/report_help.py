"""The /trogiup section on reports: the one-line quick report (shown to secretaries only)."""

from __future__ import annotations

from handlers.context import Context
from handlers.reporting.compact import describe_compact_syntax
from services.access import CELL_ROLES


def report_help(ctx: Context) -> str | None:
    """Help on /baocao, /solieu, /sua and the compact form, for secretaries and deputies."""
    if not ctx.principal.has_any(CELL_ROLES):
        return None
    _ = ctx.t.gettext
    # Zalo (and the console) show no buttons: there the answer is the number typed
    how = (
        _("tap the buttons or type their numbers")
        if ctx.incoming.channel == "telegram"
        else _("type the number of the answer you choose")
    )
    lines = [
        _(
            "After a meeting type /baocao and answer the questions ({how}). /solieu sends the "
            "monthly figures, /sua changes what was sent until the 10th of the next month, "
            "/huy leaves without saving."
        ).format(how=how),
        _(
            "Or type the whole report on one line after /baocao, e.g. "
            "/baocao 17/18 vkl 1 ct co nq co xl tot"
        ),
        ctx.t.render(describe_compact_syntax()),
    ]
    return "\n".join(lines)

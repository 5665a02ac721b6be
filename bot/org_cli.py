"""`chibo org add NAME` and `chibo org list`: the organisations, from the command line."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.app import App, prepare_database
from core.i18n import Translator
from handlers.bootstrap import ScopeError, resolve_scope
from storage.repos import Repositories

MAX_NAME = 200


def add_org_parser(commands: Any, t: Translator) -> None:
    """The `org` subcommand (called by bot.cli)."""
    _ = t.gettext
    org = commands.add_parser("org", help=_("organisations: add one, list them"))
    actions = org.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help=_("add an organisation (a đảng bộ)"))
    add.add_argument("name", help=_("its full name, e.g. «Đảng bộ xã Hòa Bình»"))
    add.add_argument(
        "--parent", help=_("the organisation it is under (org:ID or name); none: top level")
    )
    actions.add_parser("list", help=_("every organisation, with its id and number of cells"))


async def org_command(app: App, t: Translator, args: argparse.Namespace) -> int:
    await prepare_database(app)
    if args.action == "add":
        return await _add(app, t, args.name, args.parent)
    return await _list(app, t)


async def _add(app: App, t: Translator, raw_name: str, parent_text: str | None) -> int:
    name = " ".join(raw_name.split())
    if not 3 <= len(name) <= MAX_NAME:
        print(
            t.gettext("chibo org add: the name must have 3 to {n} characters.").format(n=MAX_NAME),
            file=sys.stderr,
        )
        return 2
    try:
        async with app.database.transaction() as session:
            repos = Repositories(session)
            parent = None
            if parent_text:
                scope = await resolve_scope(repos, parent_text, want="org")
                if scope.org is None:
                    print(
                        t.gettext("chibo org add: --parent must name an organisation."),
                        file=sys.stderr,
                    )
                    return 2
                parent = scope.org
            same = await repos.orgs.org_named_like(name)
            if same is not None:
                print(
                    t.gettext("chibo org add: {name} is already there (org:{id}).").format(
                        name=same.name, id=same.id
                    ),
                    file=sys.stderr,
                )
                print(
                    t.gettext(
                        "Each organisation needs its own name (also without diacritics): "
                        "add the commune or district to tell them apart."
                    ),
                    file=sys.stderr,
                )
                return 1
            now = app.clock.now()
            org = await repos.orgs.add_org(name, parent=parent, kind="dang_bo", now=now)
            await repos.audit.record(
                actor_account_id=None,
                actor_label="cli",
                action="org.create",
                entity="organization",
                entity_id=org.id,
                now=now,
                after={"name": name, "parent_id": org.parent_id},
            )
    except ScopeError as error:
        print(f"chibo org add: {t.render(error.text)}", file=sys.stderr)
        return 2
    print(t.gettext("Created {name} (org:{id}).").format(name=name, id=org.id))
    print(
        t.gettext(
            "Next: its cells with chibo cells import FILE --org org:{id} (or /taochibo in "
            "chat), its officers with chibo invite --role officer --scope org:{id}."
        ).format(id=org.id)
    )
    return 0


async def _list(app: App, t: Translator) -> int:
    async with app.database.transaction() as session:
        repos = Repositories(session)
        orgs = await repos.orgs.orgs()
        counts: dict[int, int] = {}
        for cell in await repos.orgs.all_cells():
            counts[cell.org_id] = counts.get(cell.org_id, 0) + 1
    if not orgs:
        print(
            t.gettext(
                "No organisation yet: add one with chibo org add NAME (or /taodonvi in chat)."
            )
        )
        return 0
    for org in orgs:
        depth = len(org.lineage()) - 1
        cells = t.ngettext("{n} cell", "{n} cells", counts.get(org.id or 0, 0)).format(
            n=counts.get(org.id or 0, 0)
        )
        print(f"{'  ' * depth}org:{org.id}  {org.name}  ({cells})")
    return 0

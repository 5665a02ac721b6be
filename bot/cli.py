"""The `chibo` command: run, chat, db upgrade, demo, invite, org, cells import, plans, report,
backup and restore, data export and import. Every line for the operator goes through gettext."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.app import App, build_app, prepare_database
from bot.backup_cli import add_backup_parsers, backup_command, restore_command
from bot.cells_cli import import_cells_command
from bot.console import ConsoleChannel, run_console
from bot.data_cli import add_data_parser, data_command
from bot.logs import configure_logging
from bot.org_cli import add_org_parser, org_command
from bot.plans_cli import ask_command, import_plans_command
from bot.report_cli import add_report_parser, report_command
from bot.runner import Background, run_platforms
from bot.settings import Settings, SettingsError, load_settings
from bot.tryout import CONSOLE_USER, tryout_welcome
from core.i18n import Catalogs, Translator
from core.roles import role_label
from core.vnformat import format_day_long
from handlers.bootstrap import ScopeError, invite_from_cli
from handlers.demo import DEMO_CELLS, DEMO_ORG, load_demo
from storage.migrate import head_revision
from storage.repos import Repositories

log = logging.getLogger("chibo")


def parser(t: Translator) -> argparse.ArgumentParser:
    _ = t.gettext
    root = argparse.ArgumentParser(prog="chibo", description=_("chibo: party cell assistant bot"))
    commands = root.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "run",
        help=_("run the bot with every configured channel (no token: the console try-out)"),
    )
    chat = commands.add_parser("chat", help=_("the console channel alone, as one local user"))
    chat.add_argument("--user", default=CONSOLE_USER, help=_("the local user's name"))
    db = commands.add_parser("db", help=_("database commands"))
    db.add_argument("action", choices=["upgrade"], help=_("upgrade: bring it to the latest schema"))
    commands.add_parser("demo", help=_("load the demo organisation and cells"))
    invite = commands.add_parser("invite", help=_("issue an invite code"))
    invite.add_argument(
        "--role", required=True, choices=["admin", "officer", "secretary", "deputy"]
    )
    invite.add_argument(
        "--scope",
        help=_(
            "org:ID, cell:ID, or the name of an organisation or cell (a unique part of it is "
            "enough, diacritics optional)"
        ),
    )
    invite.add_argument("--uses", type=int, default=1, help=_("how many people may use it"))
    add_org_parser(commands, t)
    cells = commands.add_parser("cells", help=_("cells"))
    cells_actions = cells.add_subparsers(dest="action", required=True)
    cells_import = cells_actions.add_parser("import", help=_("import cells from .xlsx or .csv"))
    cells_import.add_argument("file", type=Path)
    cells_import.add_argument("--org", help=_("the organisation (org:ID or name)"))
    plan = commands.add_parser("plan", help=_("plan documents"))
    plan_actions = plan.add_subparsers(dest="action", required=True)
    plan_import = plan_actions.add_parser("import", help=_("import .docx, .pdf or .txt plans"))
    plan_import.add_argument("files", nargs="+", type=Path)
    plan_import.add_argument("--org", help=_("the organisation (org:ID or name)"))
    plan_import.add_argument("--number", help=_("the plan's number and symbol, e.g. 74-KH/ĐUK"))
    plan_import.add_argument("--date", help=_("the plan's date, dd/mm/yyyy"))
    ask = commands.add_parser("ask", help=_("answer questions from the imported plans"))
    ask.add_argument(
        "questions",
        nargs="*",
        help=_("the question (its words make one, quoted or not); '-' reads one a line from stdin"),
    )
    ask.add_argument("--top", type=int, default=3, help=_("how many passages, 1 to 3"))
    ask.add_argument("--json", action="store_true", help=_("one JSON object per line"))
    add_report_parser(commands, t)
    add_backup_parsers(commands, t)
    add_data_parser(commands, t)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        settings: Settings | None = load_settings()
        problem = None
    except SettingsError as error:
        settings, problem = None, error
    t = Catalogs().translator(settings.locale if settings else None)
    args = parser(t).parse_args(argv)
    if settings is None:
        print(t.gettext("chibo: bad setting {problem}").format(problem=problem), file=sys.stderr)
        return 2
    serving = args.command == "run" and settings.has_platform  # the console keeps quiet
    configure_logging(
        json_lines=settings.log_format == "json",
        level=settings.log_level or ("INFO" if serving else "WARNING"),
        secrets=settings.secrets,
    )
    try:
        return asyncio.run(_dispatch(args, settings))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away (`chibo invite … | head -2`): what was done is done; say nothing
        # more and let no flush at exit fail again
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


async def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    console = args.command == "chat" or (args.command == "run" and not settings.has_platform)
    app = build_app(settings, console_out=sys.stdout if console else None)
    t = app.catalogs.translator(settings.locale)
    try:
        if args.command == "db":
            await prepare_database(app)
            print(
                t.gettext("The database is at the latest schema ({revision}).").format(
                    revision=head_revision()
                )
            )
            return 0
        if args.command == "demo":
            await _demo(app, t)
            return 0
        if args.command == "invite":
            return await _invite(app, t, args.role, args.scope, args.uses)
        if args.command == "backup":
            return await backup_command(app, t, args)
        if args.command == "restore":
            return await restore_command(app, t, args)
        if args.command == "data":
            return await data_command(app, t, args)
        if args.command == "org":
            return await org_command(app, t, args)
        if args.command == "cells":
            return await import_cells_command(app, args.file, args.org)
        if args.command == "plan":
            return await import_plans_command(app, args.files, args.org, args.number, args.date)
        if args.command == "ask":
            return await ask_command(app, args.questions, args.top, args.json)
        if args.command == "report":
            return await report_command(app, args)
        if args.command == "chat":
            if await prepare_database(app):
                print(
                    t.gettext(
                        "The database is new and empty: chibo demo loads the demo data, "
                        "chibo invite --role admin makes the first administrator."
                    ),
                    file=sys.stderr,
                )
            await _console(app, t, args.user)
            return 0
        return await _run(app, t)
    finally:
        await app.close()


async def _demo(app: App, t: Translator) -> None:
    await prepare_database(app)
    async with app.database.transaction() as session:
        repos = Repositories(session)
        had = bool(await repos.orgs.find_orgs(DEMO_ORG))
        org = await load_demo(repos, app.clock.now())
    if had:
        print(t.gettext("The demo data is already there: {org}.").format(org=org.name))
        return
    print(
        t.ngettext(
            "Demo data loaded: {org} with {n} cell and a sample plan.",
            "Demo data loaded: {org} with {n} cells and a sample plan.",
            len(DEMO_CELLS),
        ).format(org=org.name, n=len(DEMO_CELLS))
    )


async def _invite(app: App, t: Translator, role: str, scope: str | None, uses: int) -> int:
    await prepare_database(app)
    try:
        async with app.database.transaction() as session:
            issued, resolved = await invite_from_cli(
                Repositories(session),
                role=role,
                scope_text=scope,
                now=app.clock.now(),
                ttl=app.core.config.invite_ttl,
                uses=uses,
            )
    except ScopeError as error:
        print(f"chibo invite: {t.render(error.text)}", file=sys.stderr)
        return 2
    expires = issued.invite.expires_at.astimezone(app.settings.zone)
    scope_text = resolved.label if resolved.kind else t.gettext("the whole system")
    print(t.gettext("Code: {code}").format(code=issued.code))
    print(t.gettext("Role: {role}, {scope}").format(role=role_label(role, t), scope=scope_text))
    print(
        t.gettext("Expires: {date} {time} ({zone})").format(
            date=format_day_long(expires.date(), t),
            time=f"{expires:%H:%M}",
            zone=app.settings.timezone,
        )
    )
    if uses > 1:
        print(t.gettext("Uses: {n}").format(n=uses))
    link = app.core.services.invite_links(issued.code).get("telegram")
    if link is None and app.telegram is not None:
        link = await _telegram_link(app, issued.code)
    if link is not None:
        print(t.gettext("Telegram: {link}").format(link=link))
    if app.zalo is not None:
        await app.zalo.start()
        bot = f" «{app.zalo.bot_name}»" if app.zalo.bot_name else ""
        print(
            t.gettext("Zalo: send the code {code} to the bot{bot} as the first message").format(
                code=issued.code, bot=bot
            )
        )
    print(t.gettext("Console: send /start {code}").format(code=issued.code))
    return 0


async def _telegram_link(app: App, code: str) -> str | None:
    """The deep link, once Telegram has told the bot's username (None if it cannot be had)."""
    assert app.telegram is not None
    try:
        await asyncio.wait_for(app.telegram.start(), timeout=10)
    except Exception as error:  # the link is a convenience: say why it is missing, go on
        log.warning("could not ask Telegram for the bot's username: %s", type(error).__name__)
        return None
    return app.telegram.invite_link(code)


async def _console(app: App, t: Translator, user: str) -> None:
    """The console channel in this terminal; reminders and nudges reach the console users too,
    as they would on a platform."""
    channel = app.channels.get("console")

    def focus(name: str) -> None:
        if isinstance(channel, ConsoleChannel):
            channel.focus = name

    background = Background(app)
    background.start()
    try:
        await run_console(app.worker.submit, user=user, clock=app.clock, on_switch=focus, t=t)
    finally:
        await background.stop()


async def _run(app: App, t: Translator) -> int:
    if not app.settings.has_platform:
        await prepare_database(app, demo=True)
        user = await tryout_welcome(app, t, sys.stdout)
        await _console(app, t, user)
        return 0
    await prepare_database(app)
    if await _without_administrator(app):
        log.warning(
            "no administrator yet: make the first one with chibo invite --role admin, then "
            "add the organisation (/taodonvi or chibo org add NAME) and its cells"
        )
        first = t.gettext(
            "No administrator yet. Make the first one with chibo invite --role admin and send "
            "the code to the bot; the administrator then adds the organisation (/taodonvi in "
            "chat, or chibo org add NAME) and its cells (/taochibo, or chibo cells import FILE)."
        )
        print(first, flush=True)
    return await run_platforms(app)


async def _without_administrator(app: App) -> bool:
    async with app.database.transaction() as session:
        return not await Repositories(session).roles.holders("admin")

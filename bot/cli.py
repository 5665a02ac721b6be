"""The `chibo` command: run, chat, db upgrade, demo, invite, cells import, plans, report."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from bot.app import App, build_app, prepare_database
from bot.cells_cli import import_cells_command
from bot.console import run_console
from bot.logs import configure_logging
from bot.plans_cli import ask_command, import_plans_command
from bot.report_cli import add_report_parser, report_command
from bot.runner import Background, run_platforms
from bot.settings import Settings, SettingsError, load_settings
from core.i18n import Catalogs
from core.vnformat import format_date
from handlers.bootstrap import ScopeError, invite_from_cli
from handlers.demo import DEMO_CELLS, DEMO_ORG
from storage.repos import Repositories

log = logging.getLogger("chibo")


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="chibo", description="chibo: party cell assistant bot")
    commands = root.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="run the bot with every configured channel")
    chat = commands.add_parser("chat", help="the console channel alone")
    chat.add_argument("--user", default="local", help="the local user's name")
    db = commands.add_parser("db", help="database commands")
    db.add_argument("action", choices=["upgrade"])
    commands.add_parser("demo", help="load the demo organisation and cells")
    invite = commands.add_parser("invite", help="issue an invite code")
    invite.add_argument(
        "--role", required=True, choices=["admin", "officer", "secretary", "deputy"]
    )
    invite.add_argument("--scope", help="org:ID, cell:ID, or the name of an organisation or cell")
    invite.add_argument("--uses", type=int, default=1, help="how many people may use it")
    cells = commands.add_parser("cells", help="cells")
    cells_actions = cells.add_subparsers(dest="action", required=True)
    cells_import = cells_actions.add_parser("import", help="import cells from .xlsx or .csv")
    cells_import.add_argument("file", type=Path)
    cells_import.add_argument("--org", help="the organisation (org:ID or name)")
    plan = commands.add_parser("plan", help="plan documents")
    plan_actions = plan.add_subparsers(dest="action", required=True)
    plan_import = plan_actions.add_parser("import", help="import .docx, .pdf or .txt plans")
    plan_import.add_argument("files", nargs="+", type=Path)
    plan_import.add_argument("--org", help="the organisation (org:ID or name)")
    plan_import.add_argument("--number", help="the plan's number and symbol, e.g. 74-KH/ĐUK")
    plan_import.add_argument("--date", help="the plan's date, dd/mm/yyyy")
    ask = commands.add_parser("ask", help="answer questions from the imported plans")
    ask.add_argument("questions", nargs="*", help="questions; '-' reads one per line from stdin")
    ask.add_argument("--top", type=int, default=3)
    ask.add_argument("--json", action="store_true", help="one JSON object per line")
    add_report_parser(commands)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"chibo: bad setting {error}", file=sys.stderr)
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


async def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    console = args.command == "chat" or (args.command == "run" and not settings.has_platform)
    app = build_app(settings, console_out=sys.stdout if console else None)
    try:
        if args.command == "db":
            await prepare_database(app)
            print("Database is at the latest schema.")
            return 0
        if args.command == "demo":
            await _demo(app)
            return 0
        if args.command == "invite":
            return await _invite(app, args.role, args.scope, args.uses)
        if args.command == "cells":
            return await import_cells_command(app, args.file, args.org)
        if args.command == "plan":
            return await import_plans_command(app, args.files, args.org, args.number, args.date)
        if args.command == "ask":
            return await ask_command(app, args.questions, args.top, args.json)
        if args.command == "report":
            return await report_command(app, args)
        if args.command == "chat":
            await prepare_database(app, demo=True)
            await _console(app, args.user)
            return 0
        return await _run(app)
    finally:
        await app.close()


async def _demo(app: App) -> None:
    from handlers.demo import load_demo

    await prepare_database(app)
    async with app.database.transaction() as session:
        org = await load_demo(Repositories(session), app.clock.now())
    print(f"Demo: {org.name} with {len(DEMO_CELLS)} cells.")


async def _invite(app: App, role: str, scope: str | None, uses: int) -> int:
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
    except (ScopeError, ValueError) as error:
        print(f"chibo invite: {error}", file=sys.stderr)
        return 2
    expires = issued.invite.expires_at.astimezone(app.settings.zone)
    print(f"Code: {issued.code}")
    print(f"Role: {role} - {resolved.label}")
    print(f"Expires: {format_date(expires.date())} {expires:%H:%M} ({app.settings.timezone})")
    link = app.core.services.invite_links(issued.code).get("telegram")
    if link is None and app.telegram is not None:
        link = await _telegram_link(app, issued.code)
    if link is not None:
        print(f"Telegram: {link}")
    if app.zalo is not None:
        await app.zalo.start()
        bot = f" «{app.zalo.bot_name}»" if app.zalo.bot_name else ""
        print(f"Zalo: send the code {issued.code} to the bot{bot} (as the first message)")
    print(f"Console: send  /start {issued.code}")
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


async def _console(app: App, user: str) -> None:
    """The console channel in this terminal; reminders and nudges reach the console user too,
    as they would on a platform."""
    background = Background(app)
    background.start()
    try:
        await run_console(app.worker.submit, user=user, clock=app.clock)
    finally:
        await background.stop()


async def _run(app: App) -> int:
    if not app.settings.has_platform:
        await prepare_database(app, demo=True)
        await _console_welcome(app, sys.stdout)
        await _console(app, "local")
        return 0
    if await prepare_database(app):
        t = app.catalogs.translator(app.settings.locale)
        first = t.gettext(
            "The database is new and empty. Make the first administrator with "
            "`chibo invite --role admin` and send the code to the bot; the administrator then "
            "adds the organisation (/taodonvi) and its cells."
        )
        print(first, file=sys.stderr)
        log.warning("new, empty database: make the first administrator with chibo invite --role admin")
    return await run_platforms(app)


async def _console_welcome(app: App, out: TextIO) -> None:
    t = Catalogs().translator(app.settings.locale)
    out.write(
        t.gettext(
            "No bot token is set, so chibo runs here in the terminal on the demo data. To connect "
            "Telegram, create a bot with @BotFather, set TELEGRAM_BOT_TOKEN (in the environment or "
            "in a .env file) and run chibo run again. The Zalo channel comes in a later version."
        )
        + "\n\n"
    )
    async with app.database.transaction() as session:
        repos = Repositories(session)
        account = await repos.accounts.find("console", "local")
        roles = await repos.roles.active_for(account.id) if account and account.id else []
        if roles:
            out.write(t.gettext("Type /trogiup to see what you can do; /thoat to leave.") + "\n\n")
            return
        codes = []
        for role, scope in (
            ("secretary", DEMO_CELLS[0].name),
            ("officer", DEMO_ORG),
            ("admin", None),
        ):
            issued, resolved = await invite_from_cli(
                repos,
                role=role,
                scope_text=scope,
                now=app.clock.now(),
                ttl=app.core.config.invite_ttl,
            )
            codes.append((role, resolved.label, issued.code))
    out.write(t.gettext("Try it: type one of these to join in that role, then /trogiup:") + "\n")
    labels = {
        "secretary": t.gettext("secretary of {scope}"),
        "officer": t.gettext("committee officer of {scope}"),
        "admin": t.gettext("administrator"),
    }
    for role, label, code in codes:
        out.write(f"  /start {code}   ({labels[role].format(scope=label)})\n")
    out.write(t.gettext("Type /thoat to leave.") + "\n\n")
    out.flush()

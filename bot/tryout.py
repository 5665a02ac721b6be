"""The console try-out (`chibo run` with no token): the demo đảng bộ and one local person per role.

Each printed invite code belongs to its own local user (a secretary, an officer, an
administrator), so the roles do not pile up on one person: `:user NAME` switches who is typing,
or `chibo chat --user NAME` opens that person in another terminal. A person who already joined
gets no new code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TextIO

from bot.app import App
from core.i18n import N_, Translator
from handlers.bootstrap import invite_from_cli
from handlers.demo import DEMO_CELLS, DEMO_ORG
from storage.repos import Repositories

CONSOLE_USER = "local"


@dataclass(frozen=True)
class TryoutPerson:
    user: str
    role: str
    scope: str | None
    label: str  # msgid with {scope}


PEOPLE = (
    TryoutPerson("lan", "secretary", DEMO_CELLS[0].name, N_("secretary of {scope}")),
    TryoutPerson("binh", "officer", DEMO_ORG, N_("committee officer of {scope}")),
    TryoutPerson("an", "admin", None, N_("administrator")),
)


async def tryout_welcome(app: App, t: Translator, out: TextIO) -> str:
    """Say what the try-out is, give each try-out person who has not joined yet a code, and
    return the local user to start as (the first person; "local" on a database without the
    demo)."""
    out.write(
        t.gettext(
            "No bot token is set, so chibo runs here in the terminal. To connect Telegram, "
            "create a bot with @BotFather and set TELEGRAM_BOT_TOKEN; for Zalo, create one in "
            "Zalo Bot Creator and set ZALO_BOT_TOKEN (in the environment or in a .env file); "
            "then run chibo run again."
        )
        + "\n\n"
    )
    rows: list[tuple[TryoutPerson, str, str | None]] = []
    async with app.database.transaction() as session:
        repos = Repositories(session)
        if not await repos.orgs.find_orgs(DEMO_ORG):
            out.write(
                t.gettext(
                    "This database has no demo data (chibo demo loads it). You are the local "
                    "user «{user}»; /trogiup for help, /thoat to leave."
                ).format(user=CONSOLE_USER)
                + "\n\n"
            )
            out.flush()
            return CONSOLE_USER
        for person in PEOPLE:
            account = await repos.accounts.find("console", person.user)
            joined = bool(account and account.id and await repos.roles.active_for(account.id))
            code, scope = await _maybe_issue(app, repos, person, joined)
            rows.append((person, t.gettext(person.label).format(scope=scope), code))
    out.write(
        t.gettext(
            "Try each role as its own person: type «:user NAME» to become that person, then "
            "send their code."
        )
        + "\n"
    )
    name_width = max(len(p.user) for p in PEOPLE)
    role_width = max(len(label) for _p, label, _c in rows)
    for person, label, code in rows:
        action = f"/start {code}" if code else t.gettext("(already joined)")
        out.write(f"  :user {person.user:<{name_width}}  {label:<{role_width}}  {action}\n")
    out.write(
        t.gettext("Or open one of them in another terminal: {command}").format(
            command=f"python3 dev.py run chat --user {PEOPLE[1].user}"
        )
        + "\n"
    )
    out.write(
        t.gettext("You are «{user}» now. /trogiup for help, /thoat to leave.").format(
            user=PEOPLE[0].user
        )
        + "\n\n"
    )
    out.flush()
    return PEOPLE[0].user


async def _maybe_issue(
    app: App, repos: Repositories, person: TryoutPerson, joined: bool
) -> tuple[str | None, str]:
    """A new code for a person who has not joined (None for one who has), and the scope's name."""
    if joined:
        return None, person.scope or ""
    issued, resolved = await invite_from_cli(
        repos,
        role=person.role,
        scope_text=person.scope,
        now=app.clock.now(),
        ttl=app.core.config.invite_ttl,
    )
    return issued.code, resolved.label

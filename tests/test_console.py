"""The console channel: several local people in one terminal (`:user NAME`), and scope names
resolved as operators type them."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from bot.console import ConsoleChannel, run_console
from core.clock import FakeClock
from core.i18n import Catalogs
from core.messages import Incoming, Reply
from handlers.bootstrap import ScopeError, resolve_scope
from storage.engine import Database
from storage.repos import Repositories


async def test_a_message_for_someone_else_is_marked_with_its_recipient() -> None:
    out = io.StringIO()
    channel = ConsoleChannel(out)
    await channel.send("lan", Reply("Chào Lan"))
    channel.focus = "lan"
    await channel.send("lan", Reply("Chào Lan lần nữa"))
    await channel.send("binh", Reply("Nhắc đồng chí Bình"))
    assert out.getvalue() == "Chào Lan\n\nChào Lan lần nữa\n\n[→ binh] Nhắc đồng chí Bình\n\n"


async def test_user_switches_who_is_typing() -> None:
    seen: list[Incoming] = []
    focus: list[str] = []

    async def submit(incoming: Incoming) -> None:
        seen.append(incoming)

    out = io.StringIO()
    script = io.StringIO("xin chào\n:user binh\n/trogiup\n:user hai người\n/chibo\n/thoat\nbỏ qua\n")
    clock = FakeClock(datetime(2026, 11, 30, 2, 0, tzinfo=UTC))
    t = Catalogs().translator("vi")
    await run_console(submit, user="lan", clock=clock, stdin=script, out=out, on_switch=focus.append, t=t)
    assert [(i.user_id, i.text, i.display_name) for i in seen] == [
        ("lan", "xin chào", "Lan"),
        ("binh", "/trogiup", "Binh"),
        ("binh", "/chibo", "Binh"),
    ]
    assert focus == ["lan", "binh"]
    assert "Bây giờ đồng chí gõ với tư cách người dùng binh." in out.getvalue()
    assert "Gõ :user TÊN" in out.getvalue()
    assert "binh> /chibo" in out.getvalue()


@pytest.mark.integration
async def test_a_scope_is_a_whole_name_or_a_unique_run_of_its_words(
    sqlite_database: Database, clock: FakeClock
) -> None:
    async with sqlite_database.transaction() as session:
        repos = Repositories(session)
        org = await repos.orgs.add_org("Đảng bộ xã Đông Sơn", parent=None, kind="dang_bo", now=clock.now())
        for name in ("Chi bộ Thôn 1", "Chi bộ Thôn 10", "Chi bộ Trường Đông Sơn"):
            await repos.orgs.add_cell(org, name, now=clock.now())
        assert (await resolve_scope(repos, "thôn 1")).label == "Chi bộ Thôn 1"
        assert (await resolve_scope(repos, "Thon 10")).label == "Chi bộ Thôn 10"
        assert (await resolve_scope(repos, "dong son", want="org")).label == "Đảng bộ xã Đông Sơn"
        assert (await resolve_scope(repos, "dong son", want="cell")).label == "Chi bộ Trường Đông Sơn"
        with pytest.raises(ScopeError) as several:
            await resolve_scope(repos, "Đông Sơn")
        listed = several.value.text.params["listed"]
        assert "Đảng bộ xã Đông Sơn" in listed and "Chi bộ Trường Đông Sơn" in listed
        with pytest.raises(ScopeError):
            await resolve_scope(repos, "Thôn 2")
        with pytest.raises(ScopeError):
            await resolve_scope(repos, "ôn 1")  # part of a word is not enough

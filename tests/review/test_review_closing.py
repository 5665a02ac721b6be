"""Closing a month or quarter: secretaries' changes refused naming who can reopen; audited; in
the cell's history; reopened by the officers who closed it."""

from __future__ import annotations

from datetime import timedelta

from review_world import ReviewWorld

from scheduler.periods import Month
from services.period_closing import cell_month_closure
from storage.repos import Repositories
from tests.harness import Harness, build_harness

CLOSED_BY_AN = (
    "Tháng 11/2026 đã khóa sổ: Đảng bộ xã An khóa sổ ngày 24/11/2026 (thứ Ba). Muốn gửi hay sửa báo "
    "cáo, số liệu của tháng này, đồng chí đề nghị cán bộ Đảng bộ xã An mở lại sổ."
)


async def say(chat: Harness, user: str, text: str) -> str:
    return "\n".join(r.text for r in await chat.send(user, text))


async def test_close_refuse_reopen(sqlite_world: ReviewWorld) -> None:
    chat = build_harness(sqlite_world.database, sqlite_world.clock)
    # Before: the secretary can still change the November report.
    assert "Đồng chí muốn sửa mục nào?" in await say(chat, "mot", "/sua")
    await say(chat, "mot", "/huy")
    replies = await chat.send("an", "/khoaso tháng 11")
    assert replies[-1].text.startswith(
        "Tháng 11/2026 của Đảng bộ xã An: đã nhận 3/5 báo cáo (60%)."
    )
    assert [c.label for c in replies[-1].choices] == ["Khóa sổ tháng 11/2026", "Không khóa sổ"]
    said = await say(chat, "an", "1")
    assert said.startswith("Đã khóa sổ tháng 11/2026 của Đảng bộ xã An.")
    assert "gõ /khoaso 11/2026 để mở lại" in said
    # Secretaries: /sua refuses, naming who can reopen; a returned report too.
    assert await say(chat, "mot", "/sua") == CLOSED_BY_AN
    assert await say(chat, "hai", "/sua") == CLOSED_BY_AN
    # The officer cannot return a report of a closed month either.
    await say(chat, "an", "/tonghop")
    await say(chat, "an", "Trả lại báo cáo để sửa")
    assert "đã khóa sổ" in await say(chat, "an", "1")
    # Reopen.
    sqlite_world.clock.advance(timedelta(hours=2))
    replies = await chat.send("an", "/khoaso 11/2026")
    assert (
        replies[-1].text
        == "Tháng 11/2026 của Đảng bộ xã An đã được đồng chí An khóa sổ ngày 24/11/2026 (thứ Ba)."
    )
    assert [c.label for c in replies[-1].choices] == [
        "Mở lại sổ tháng 11/2026",
        "Giữ nguyên khóa sổ",
    ]
    said = await say(chat, "an", "mo lai")
    assert said == "Đã mở lại sổ tháng 11/2026 của Đảng bộ xã An: bí thư gửi và sửa được như trước."
    assert "Đồng chí muốn sửa mục nào?" in await say(chat, "mot", "/sua")
    async with sqlite_world.database.transaction() as session:
        repos = Repositories(session)
        actions = [e.action for e in await repos.audit.entries(entity="organization")]
    assert actions.count("period.close") == 1 and actions.count("period.reopen") == 1
    history = await say(chat, "an", "/chibo an 1")
    assert (
        "Khóa sổ:\n- 11/2026 do Đảng bộ xã An khóa sổ ngày 24/11/2026 (thứ Ba), mở lại ngày "
        "24/11/2026 (thứ Ba)" in history
    )


async def test_a_quarter_closed_above_holds_below(sqlite_world: ReviewWorld) -> None:
    chat = build_harness(sqlite_world.database, sqlite_world.clock)
    await say(chat, "tinh", "/khoaso quý 4")
    assert (await say(chat, "tinh", "1")).startswith("Đã khóa sổ quý IV/2026 của Đảng bộ tỉnh Thử.")
    said = await say(chat, "an", "/khoaso tháng 10")
    assert said == (
        "Tháng 10/2026 đã được Đảng bộ tỉnh Thử khóa sổ; chỉ cán bộ của Đảng bộ tỉnh Thử mới mở "
        "lại được."
    )
    assert await say(chat, "mot", "/sua") == (
        "Quý IV/2026 đã khóa sổ: Đảng bộ tỉnh Thử khóa sổ ngày 24/11/2026 (thứ Ba). Muốn gửi hay sửa báo "
        "cáo, số liệu của quý này, đồng chí đề nghị cán bộ Đảng bộ tỉnh Thử mở lại sổ."
    )
    async with sqlite_world.database.transaction() as session:
        repos = Repositories(session)
        closed = await cell_month_closure(repos, sqlite_world.cells["Chi bộ An 1"], Month(2026, 12))
        assert closed is not None and closed.org.name == "Đảng bộ tỉnh Thử"
        assert (
            await cell_month_closure(repos, sqlite_world.cells["Chi bộ An 1"], Month(2027, 1))
            is None
        )


async def test_only_months_and_quarters_close(sqlite_world: ReviewWorld) -> None:
    chat = build_harness(sqlite_world.database, sqlite_world.clock)
    assert await say(chat, "an", "/khoaso năm 2026") == (
        "Chỉ khóa sổ được theo tháng hoặc theo quý, ví dụ: /khoaso tháng 10 hoặc /khoaso quý 3."
    )
    assert "không dành cho vai trò" in await say(chat, "mot", "/khoaso")
    said = await say(chat, "an", "/khoaso")  # last month by default
    assert said.startswith("Tháng 10/2026 của Đảng bộ xã An:")
    assert await say(chat, "an", "2") == "Không thay đổi gì."


async def test_a_report_into_a_closed_month_is_refused(sqlite_world: ReviewWorld) -> None:
    now = sqlite_world.clock.now()
    async with sqlite_world.database.transaction() as session:
        repos = Repositories(session)
        account = await repos.accounts.get_or_create(
            "console", "bon", chat_id="bon", display_name="Bon", locale="vi", now=now
        )
        assert account.id is not None
        await repos.roles.grant(
            account.id,
            "secretary",
            org_id=None,
            cell_id=sqlite_world.cells["Chi bộ An 4"],
            granted_by=None,
            now=now,
        )
    chat = build_harness(sqlite_world.database, sqlite_world.clock)
    compact = "/baocao hop 03/11, cm 11/12, vcl 1, mien 0, thuong ky, ct khong, nq co, xl tot"
    said = await say(chat, "bon", compact)
    assert "Đồng chí gửi báo cáo chứ?" in said
    # The month is closed while the secretary looks at the summary: sending is refused.
    await say(chat, "an", "/khoaso tháng 11")
    await say(chat, "an", "1")
    said = await say(chat, "bon", "gui bao cao")
    assert said == CLOSED_BY_AN + " Chưa lưu gì."
    # A report started after the closing is refused before the first question.
    assert await say(chat, "bon", compact) == CLOSED_BY_AN
    async with sqlite_world.database.transaction() as session:
        found = await Repositories(session).reports.find(
            sqlite_world.cells["Chi bộ An 4"], "2026-11", "monthly"
        )
    assert found is None

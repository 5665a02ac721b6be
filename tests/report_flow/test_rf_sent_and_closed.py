"""A deputy secretary types «bao cao» on 02/12 when November is closed and December's report is
sent: both are said, with the way to change December's. Before, the only answer was «Tháng
11/2026 đã khóa sổ…», as if nothing could be done."""

from __future__ import annotations

from datetime import UTC, datetime

from rf_world import World, exchange

from storage.repos import Repositories

COMBINED = (
    "/baocao hop hom qua, cm 18/18, loai ket hop, cd: Nghị quyết Đại hội, ct khong, nq co, xl tot"
)


async def add_deputy(world: World, user: str, cell: str) -> None:
    now = world.clock.now()
    async with world.database.transaction() as session:
        repos = Repositories(session)
        account = await repos.accounts.get_or_create(
            "console", user, chat_id=user, display_name=user.title(), locale="vi", now=now
        )
        assert account.id is not None
        await repos.roles.grant(
            account.id, "deputy", org_id=None, cell_id=world.cells[cell].id, granted_by=None, now=now
        )


async def test_a_closed_month_and_this_month_sent_are_both_said(world: World) -> None:
    chat = world.chat
    world.clock.set(datetime(2026, 12, 2, 2, 0, tzinfo=UTC))  # 02/12 09:00 in Hà Nội
    await add_deputy(world, "pho", "Chi bộ Thôn 1")
    said = await exchange(chat, "chi", [("text", COMBINED), ("text", "1")])
    assert "Đã ghi báo cáo sinh hoạt chi bộ tháng 12/2026" in said[-1], said
    said = await exchange(chat, "binh", [("text", "/khoaso 11/2026"), ("text", "1")])
    assert "Đã khóa sổ tháng 11/2026" in said[-1], said
    replies = await chat.send("pho", "bao cao")
    text = replies[-1].text
    assert "Tháng 11/2026 đã khóa sổ" in text, text
    assert "Báo cáo sinh hoạt tháng 12/2026 đã gửi rồi. Muốn sửa, đồng chí gõ /sua." in text
    assert [c.value for c in replies[-1].choices] == ["/sua"]

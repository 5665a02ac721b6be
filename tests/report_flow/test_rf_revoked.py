"""A secretary whose role is revoked half-way through a report: the next message ends it and
says why, and by whom; nothing misleading («kept», «no right to view») on the way."""

from __future__ import annotations

from rf_world import World
from sqlmodel import select

from storage.models import MeetingReport


async def revoke(world: World, label: str) -> None:
    chat = world.chat
    replies = await chat.send("binh", "/thuhoi")
    [choice] = [c for c in replies[-1].choices if label in c.label]
    await chat.send("binh", choice=choice.value)
    assert "Đã thu hồi" in await chat.say("binh", "1")


async def test_the_next_message_after_a_revocation_ends_the_report(world: World) -> None:
    chat = world.chat
    await chat.say("chi", "/baocao")
    await chat.say("chi", "1")
    await revoke(world, "Chi - ")
    said = await chat.say("chi", "2")
    assert said == (
        "Quyền bí thư chi bộ (Chi bộ Thôn 1) của đồng chí đã được Đảng bộ xã Hòa Bình thu hồi, "
        "nên báo cáo đang làm dở đã bỏ, chưa lưu gì. Nếu có nhầm lẫn, đồng chí liên hệ Đảng bộ "
        "xã Hòa Bình."
    )
    said = await chat.say("chi", "/baocao")
    assert said == (
        "Quyền bí thư chi bộ (Chi bộ Thôn 1) của đồng chí đã được thu hồi ngày 24/11/2026 (thứ "
        "Ba), nên đồng chí không gửi hay xem báo cáo của nơi đó được nữa. Muốn tham gia lại, đồng "
        "chí gửi mã mời mới do Đảng ủy cấp."
    )
    assert said == await chat.say("chi", "xin chao")  # typed text too, not «chưa tham gia»
    async with world.database.transaction() as session:
        assert not (await session.exec(select(MeetingReport))).all()


async def tu_revoked_mid_report(world: World) -> None:
    """tu begins the report of Thôn 2, then loses her role there (she keeps Thôn 3)."""
    await world.chat.say("tu", "/baocao")
    await world.chat.send("tu", "Chi bộ Thôn 2")
    await revoke(world, "Chi bộ Thôn 2")


async def test_a_command_mid_report_after_a_revocation_is_answered_after_the_reason(
    world: World,
) -> None:
    """tu keeps Thôn 3: the draft for Thôn 2 ends, /trogiup is answered for the role left."""
    chat = world.chat
    await tu_revoked_mid_report(world)
    said = await chat.say("tu", "/trogiup")
    assert said.startswith(
        "Quyền bí thư chi bộ (Chi bộ Thôn 2) của đồng chí đã được Đảng bộ xã Hòa Bình thu hồi"
    ), said
    assert "vẫn được giữ" not in said and "/baocao" in said
    said = await chat.say("tu", "/baocao")  # a new report, for the cell still held
    assert "Chi bộ Thôn 3" in said and "Chi bộ Thôn 2" not in said, said


async def test_a_command_ending_a_revoked_draft_goes_on_with_its_own_question(
    world: World,
) -> None:
    chat = world.chat
    await tu_revoked_mid_report(world)
    said = await chat.say("tu", "/baocao")  # ends the draft, then opens Thôn 3's report
    assert "thu hồi" in said and "Chi bộ Thôn 3" in said, said
    said = await chat.say("tu", "1")  # answers that report's question
    assert "Hiện không có câu hỏi nào đang chờ" not in said, said

"""A question or a command typed in words where the report waits for a numbered option is
answered beside it, the option asked again and nothing lost: «ai ký kế hoạch 15» got «Đồng chí
chọn một mục», «lich hop» «hợp với nhiều lựa chọn» (its «họp» read as «đã họp»). What answers
the question (a date, «đã họp») is still taken."""

from __future__ import annotations

from datetime import UTC, datetime

from rf_world import World

HELD = "Chi bộ đã họp chưa?"
KEPT = "Những gì đồng chí đã nhập vẫn được giữ"


async def test_questions_and_commands_at_a_numbered_question_go_beside(world: World) -> None:
    chat = world.chat
    assert HELD in await chat.say("chi", "/baocao")
    for typed, answered in (
        ("ai ky ke hoach 15", "Người ký: đồng chí Nguyễn Văn Minh"),
        ("lich hop", "Lịch sinh hoạt sắp tới của Chi bộ Thôn 1:"),
        ("ket nap dang vien can dieu kien gi", "Chưa tìm thấy"),
        ("ke hoach 15 do ai ky?", "Người ký: đồng chí Nguyễn Văn Minh"),
    ):
        replies = await chat.send("chi", typed)
        said = "\n".join(r.text for r in replies)
        assert answered in replies[0].text, (typed, said)
        assert KEPT in said and HELD in replies[-1].text, (typed, said)
        assert "Đồng chí chọn một mục" not in said and "nhiều lựa chọn" not in said
    # what answers it is still taken, and a wrong pick still says so
    said = await chat.say("chi", "xyz")
    assert "Đồng chí chọn một mục" in said and KEPT not in said
    said = await chat.say("chi", "hop ngay 3/11")
    assert "Ngày họp: 03/11/2026 (thứ Ba)" in said and "Có mặt bao nhiêu đồng chí" in said


async def test_questions_where_the_meeting_is_picked_go_beside(world: World) -> None:
    """On 01/12 November's and December's meetings are offered: a question or a command in
    words there is answered, and the list asked again."""
    chat = world.chat
    world.clock.set(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
    picker = "Đồng chí báo cáo buổi sinh hoạt nào?"
    assert picker in await chat.say("chi", "/baocao")
    for typed, answered in (
        ("ai ky ke hoach 15", "Người ký: đồng chí Nguyễn Văn Minh"),
        ("lich hop", "Lịch sinh hoạt sắp tới của Chi bộ Thôn 1:"),
    ):
        replies = await chat.send("chi", typed)
        said = "\n".join(r.text for r in replies)
        assert answered in replies[0].text, (typed, said)
        assert KEPT in said and picker in replies[-1].text, (typed, said)
    said = await chat.say("chi", "co")  # no meeting, no question: the list with why
    assert "Đồng chí chọn buổi sinh hoạt bằng số thứ tự" in said and KEPT not in said

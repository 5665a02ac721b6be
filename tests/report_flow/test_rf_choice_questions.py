"""A question or a command typed in words where the report waits for a numbered option is
answered beside it, the option asked again and nothing lost: «ai ký kế hoạch 15» got «Đồng chí
chọn một mục», «lich hop» «hợp với nhiều lựa chọn» (its «họp» read as «đã họp»). What answers
the question (a date, «đã họp») is still taken."""

from __future__ import annotations

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

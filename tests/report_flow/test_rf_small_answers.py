"""Small things typed in the report (the outside test's section 11): «đã họp» where three
options say so is asked back, not read silently with an empty «Đã đọc từ dòng…»; «họp rồi»
at the count gets no one-line syntax; a roll's count kept once the exemptions are corrected;
too many digits are too large, not unreadable; date examples and limits that the report takes;
the edit menu's numbers the same whether or not anyone was absent."""

from __future__ import annotations

from datetime import UTC, datetime

from rf_world import World, exchange, last_choices

HELD = "Chi bộ đã họp chưa?"
PRESENT = "Có mặt bao nhiêu đồng chí"


async def test_da_hop_at_four_options_is_asked_back(world: World) -> None:
    chat = world.chat
    await chat.say("chi", "/baocao")
    said = await chat.say("chi", "da hop")
    assert "«da hop» hợp với nhiều lựa chọn bên dưới." in said and HELD in said
    assert "Đã đọc từ dòng" not in said and PRESENT not in said
    assert PRESENT in await chat.say("chi", "2")


async def test_hop_roi_at_the_count_gets_no_line_syntax(world: World) -> None:
    chat = world.chat
    await exchange(chat, "chi", [("text", "/baocao"), ("text", "2")])
    said = await chat.say("chi", "hop roi")
    assert "vcl 1" not in said and "Đã đọc từ dòng" not in said
    assert "Không đọc được số «hop roi»" in said and PRESENT in said


async def test_twenty_digits_are_too_large(world: World) -> None:
    chat = world.chat
    await exchange(chat, "chi", [("text", "/baocao"), ("text", "2")])
    said = await chat.say("chi", "9" * 20)
    assert f"Số «{'9' * 20}» quá lớn. Đồng chí nhập số từ 0 đến 18:" in said
    assert "chữ số" not in said


async def test_the_count_stays_once_the_exemptions_are_corrected(world: World) -> None:
    chat = world.chat
    said = await chat.say("chi", "/baocao hop 20/11, cm 12/15, mien 20, xl tot")
    assert "Số nào đúng?" in said
    said = await chat.say("chi", "1")  # 15 members now
    assert "Số miễn sinh hoạt (20) lớn hơn số đảng viên (15)" in said
    said = await chat.say("chi", "3")
    assert PRESENT not in said and "Có đồng chí cấp ủy cấp trên dự không?" in said
    said = "\n".join(await exchange(chat, "chi", [("text", "2"), ("text", "1")]))
    assert "Có mặt 12/12" in said and "miễn sinh hoạt 3" in said


async def test_a_date_long_before_the_month_says_the_months_first_day(world: World) -> None:
    chat = world.chat
    await exchange(chat, "chi", [("text", "/baocao"), ("text", "3")])  # another day
    said = await chat.say("chi", "03/11/2025")
    assert "từ 01/11/2026" in said and "30/09" not in said and "62" not in said


async def test_the_date_examples_are_days_the_report_takes(world: World) -> None:
    world.clock.set(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))  # Tuesday 01/12: December's
    chat = world.chat
    await exchange(chat, "chi", [("text", "/baocao"), ("text", "2")])
    said = await chat.say("chi", "1")  # held: which day
    assert "Chi bộ họp ngày nào? (ví dụ 01/12)" in said
    assert "hôm qua" not in said.split("\n")[1] and "thứ bảy" not in said


async def test_the_date_examples_in_the_month(world: World) -> None:
    """Tuesday 24/11: yesterday and last Saturday are November's, so both are examples."""
    chat = world.chat
    await exchange(chat, "chi", [("text", "/baocao"), ("text", "3")])
    said = await chat.say("chi", "/baocao")
    assert "(ví dụ 24/11, hôm qua, thứ bảy)" in said


async def edit_menu(world: World, present: str) -> list[str]:
    chat = world.chat
    steps = ["/baocao", "2", present, *(["0"] if present != "18" else []), "2", "1", "1", "2"]
    said = await exchange(chat, "chi", [("text", s) for s in steps])
    assert "Đồng chí muốn sửa mục nào?" in said[-1]
    replies = await chat.send("chi", "/trogiup")
    await chat.say("chi", "/huy")
    return last_choices(replies)


async def test_the_edit_menu_numbers_do_not_move(world: World) -> None:
    with_absent = await edit_menu(world, "16")
    all_present = await edit_menu(world, "18")
    assert with_absent[:9] == all_present[:9]
    assert all_present[7:9] == ["Xếp loại", "Ghi chú"]
    assert with_absent[9:] == ["Vắng không lý do"]

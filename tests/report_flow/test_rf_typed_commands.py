"""Commands asked for in words, as on Zalo where nobody types a slash ("bao cao", "đổi lịch
họp", "menu"), and the English names people try ("/help", "/cancel")."""

from __future__ import annotations

from datetime import date

from rf_world import World, exchange, last_choices

from handlers.typed_commands import command_said, command_with_period


def test_a_short_message_that_is_only_a_commands_words_is_that_command() -> None:
    assert command_said("bao cao") == "baocao"
    assert command_said("Báo cáo!") == "baocao"
    assert command_said("tôi muốn báo cáo") == "baocao"
    assert command_said("Đổi lịch họp") == "doilich"
    assert command_said("menu") == "trogiup"
    assert command_said("chi bo nao chua bao cao") == "chuabaocao"
    assert command_said("English") == "ngonngu"
    assert command_said("đổi ngôn ngữ") == "ngonngu"
    # a question that only starts with such words stays a question about the plans
    assert command_said("báo cáo kết quả cho ai") is None
    assert command_said("lich hop chi bo theo ke hoach la ngay nao") is None
    assert command_said("x" * 4000) is None


async def test_bao_cao_typed_starts_the_report_and_menu_the_help(world: World) -> None:
    chat = world.chat
    replies = await chat.send("chi", "bao cao")
    assert "Chi bộ đã họp chưa?" in replies[-1].text
    assert last_choices(replies)[0].startswith("Đã họp đúng lịch")
    await chat.send("chi", "/huy")
    said = await chat.say("chi", "menu")
    assert "/baocao" in said and "/doilich" in said
    said = await chat.say("chi", "/help")
    assert "/baocao" in said
    # a command the role does not have is not started from words: the plans are searched
    said = await chat.say("chi", "tong hop")
    assert "/tonghop" not in said and "không dùng được" not in said


async def test_cancel_in_english_cancels_and_help_keeps_the_draft(world: World) -> None:
    chat = world.chat
    await exchange(chat, "chi", [("text", "/baocao"), ("text", "1")])
    replies = await chat.send("chi", "/help")
    assert "Những gì đồng chí đã nhập vẫn được giữ" in replies[-2].text
    said = await chat.say("chi", "/cancel")
    assert "Đã hủy, không lưu gì." in said
    said = await chat.say("binh", "chi bo nao chua bao cao")
    assert "chưa báo cáo" in said.lower() or "đã báo cáo" in said.lower()


async def test_language_asked_in_english_or_in_words_offers_the_languages(world: World) -> None:
    chat = world.chat
    for typed in ("/language", "English", "doi ngon ngu"):
        replies = await chat.send("chi", typed)
        assert "Chọn ngôn ngữ" in replies[-1].text, typed
        await chat.send("chi", "/huy")
    await chat.send("chi", "/lang")
    said = await chat.say("chi", "2")
    assert "Language set to English" in said


def test_a_commands_words_with_a_period_are_that_command_for_that_period() -> None:
    today = date(2026, 12, 2)
    assert command_with_period("tong hop thang 12", today) == ("tonghop", "thang 12")
    assert command_with_period("Tổng hợp tháng 11/2026", today) == ("tonghop", "tháng 11/2026")
    assert command_with_period("chua bao cao quy 4", today) == ("chuabaocao", "quy 4")
    assert command_with_period("xuất excel năm 2026", today) == ("xuat", "năm 2026")
    assert command_with_period("bieu do thang truoc", today) == ("bieudo", "thang truoc")
    assert command_with_period("du thao bao cao thang nay", today) == ("baocaothang", "thang nay")
    assert command_with_period("bao cao tong hop 6 thang dau nam", today) == (
        "tonghop",
        "6 thang dau nam",
    )
    assert command_with_period("lịch họp tháng sau", today) == ("lich", "tháng sau")
    assert command_with_period("lich thang 12", today) == ("lich", "thang 12")
    assert command_with_period("lịch 1/2027", today) == ("lich", "1/2027")
    assert command_with_period("lich thang truoc", today) == ("lich", "thang truoc")
    assert command_with_period("lich hop chi bo la gi", today) is None
    # a period read but refused is the command's to explain
    assert command_with_period("tong hop thang 13", today) == ("tonghop", "thang 13")
    # anything else after the words is a question about the plans
    assert command_with_period("tong hop ket qua ket nap dang vien nam 2025 the nao", today) is None
    assert command_with_period("chua bao cao la gi", today) is None
    # /baocao for that month, not /baocaothang
    assert command_with_period("bao cao thang 12", today) == ("baocao", "thang 12")
    assert command_with_period("tong hop", today) is None  # the words alone: command_said
    assert command_said("viec toi") == "viectoi"


async def test_typed_commands_with_a_period_start_them_for_that_period(world: World) -> None:
    chat = world.chat
    said = await chat.say("binh", "tong hop thang 10")
    assert said.startswith("Sinh hoạt chi bộ tháng 10/2026 - "), said
    await chat.send("binh", "/huy")
    said = await chat.say("binh", "chưa báo cáo tháng 10")
    assert "tháng 10/2026" in said and "Chưa tìm thấy" not in said, said
    await chat.send("binh", "/huy")
    replies = await chat.send("binh", "xuat quy 4")
    assert replies[-1].attachment is not None
    assert replies[-1].text.startswith("Sinh hoạt chi bộ quý IV/2026")
    said = await chat.say("binh", "bieu do thang truoc")
    assert "tháng 10/2026" in said, said
    # a longer question stays a question about the plans
    said = await chat.say("binh", "tong hop ket qua ket nap dang vien nam 2025 the nao")
    assert "Sinh hoạt chi bộ" not in said
    # a secretary has no /tonghop: the words with a period stay a question too
    said = await chat.say("chi", "tong hop thang 10")
    assert "Sinh hoạt chi bộ" not in said and "không dùng được" not in said
    await chat.send("chi", "/huy")
    said = await chat.say("chi", "viec toi")
    assert said.startswith("Nhiệm vụ của chi bộ theo kế hoạch:"), said
    assert said == await chat.say("chi", "/viectoi")

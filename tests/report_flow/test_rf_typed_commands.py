"""Commands asked for in words, as on Zalo where nobody types a slash ("bao cao", "đổi lịch
họp", "menu"), and the English names people try ("/help", "/cancel")."""

from __future__ import annotations

from rf_world import World, exchange, last_choices

from handlers.typed_commands import command_said


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

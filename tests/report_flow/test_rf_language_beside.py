"""/ngonngu in the middle of a report: the language is chosen and the report's question asked
again in it, with what was entered; nothing is dropped (as /trogiup and /lich keep it)."""

from __future__ import annotations

from rf_world import World, exchange

DROPPED = "đang làm dở đã bỏ"


async def test_language_switch_mid_report_keeps_the_draft_and_asks_again_in_english(
    world: World,
) -> None:
    chat = world.chat
    await exchange(chat, "chi", [("text", "/baocao"), ("text", "2")])  # held, some absent
    asked = await chat.say("chi", "/ngonngu")
    assert DROPPED not in asked and "Choose your language:" in asked
    replies = await chat.send("chi", "2")
    said = "\n".join(r.text for r in replies)
    assert DROPPED not in said and "Language set to English." in said
    assert "Your unfinished report is kept" in said
    assert "Entered so far:\n- Date: 03/11/2026 (Tuesday)" in said  # what was entered, in English
    assert "How many were present, of 18?" in replies[-1].text
    assert "3 absent" in await chat.say("chi", "15")  # the draft went on where it stopped


async def test_cancel_or_a_command_at_the_language_question_goes_back_to_the_report(
    world: World,
) -> None:
    chat = world.chat
    await exchange(chat, "chi", [("text", "/baocao"), ("text", "2")])
    await chat.send("chi", "/ngonngu")
    replies = await chat.send("chi", "/huy")  # only the language question is dropped
    assert "Báo cáo đang làm dở vẫn được giữ" in replies[0].text
    assert "Có mặt bao nhiêu đồng chí" in replies[-1].text
    await chat.send("chi", "doi ngon ngu")
    replies = await chat.send("chi", "lich hop")  # answered beside the report
    said = "\n".join(r.text for r in replies)
    assert DROPPED not in said and "Có mặt bao nhiêu đồng chí" in replies[-1].text
    said = await chat.say("chi", "/ngonngu en")  # chosen at once: kept, said in English
    assert DROPPED not in said and "What you entered is kept" in said
    assert "3 absent" in await chat.say("chi", "15")

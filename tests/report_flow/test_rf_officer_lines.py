"""What officers (and the secretary) read of a cell's month: warnings true at the time of reading,
each date said once and for which report."""

from __future__ import annotations

from rf_world import World, exchange

SEPARATE = ["1", "1", "hôm qua", "Chuyển đổi số", "đủ", "2", "2", "1", "1"]


async def test_a_topic_session_reported_later_clears_the_quarter_warning(world: World) -> None:
    chat = world.chat
    said = await exchange(chat, "chi", [("text", "/baocao 17/18 vkl 1 ct khong nq co xl tot"),
                                        ("text", "1")])
    assert "Đã ghi báo cáo sinh hoạt chi bộ tháng 11/2026" in said[-1]
    before = await chat.say("binh", "/tonghop 11/2026")
    # true when it was sent
    assert "⚠ có vắng không lý do, chưa sinh hoạt chuyên đề trong quý" in before
    said = await exchange(chat, "chi", [("text", t) for t in ["/baocao", *SEPARATE]])
    assert "Đã ghi báo cáo sinh hoạt chuyên đề quý IV/2026" in said[-1]
    for user, command in (("binh", "/tonghop 11/2026"), ("chi", "/chibo")):
        text = await chat.say(user, command)
        line = next(x for x in text.split("\n") if x.startswith(("- Chi bộ Thôn 1:", "- 11/2026")))
        assert "⚠ có vắng không lý do" in line and "chưa sinh hoạt chuyên đề" not in line, line
        assert "sinh hoạt chuyên đề thứ Hai 23/11/2026" in line, line
    history = await chat.say("chi", "/chibo")
    assert (
        "(sinh hoạt thường kỳ: gửi thứ Ba 24/11/2026; sinh hoạt chuyên đề: gửi thứ Ba 24/11/2026)"
        in history
    ), history


async def test_returning_a_report_wants_a_note_in_words_and_a_confirmation(world: World) -> None:
    """«1» typed from habit is no note; nothing is returned before the officer confirms; the
    secretary's notice names the topic session, not the month's meeting."""
    chat = world.chat
    await exchange(chat, "chi", [("text", "/baocao 17/18 vkl 1 ct khong nq co xl tot"),
                                 ("text", "1")])
    said = await exchange(chat, "chi", [("text", t) for t in ["/baocao", *SEPARATE]])
    assert "Đã ghi báo cáo sinh hoạt chuyên đề quý IV/2026" in said[-1]
    await chat.say("binh", "/tonghop 11/2026")
    replies = await chat.send("binh", "Trả lại báo cáo để sửa")
    assert [c.label for c in replies[-1].choices] == [
        "Chi bộ Thôn 1", "Chi bộ Thôn 1 - sinh hoạt chuyên đề"
    ]
    assert "Chi bộ cần sửa gì?" in await chat.say("binh", "2")
    told_before = len(chat.channel.to("chi"))
    for reflex in ("1", " 2 ", "?"):
        said = await chat.say("binh", reflex)
        assert said.startswith(f"«{reflex.strip()}» chưa phải là ghi chú"), said
        assert "ví dụ «Ghi lại số có mặt»" in said
    replies = await chat.send("binh", "Ghi rõ tên chuyên đề")
    assert replies[-1].text == (
        "Trả lại báo cáo sinh hoạt chuyên đề tháng 11/2026 của Chi bộ Thôn 1 với ghi chú "
        "«Ghi rõ tên chuyên đề»?"
    )
    assert [c.label for c in replies[-1].choices] == ["Trả lại", "Sửa ghi chú", "Không trả lại"]
    assert len(chat.channel.to("chi")) == told_before  # nothing returned yet
    assert "Chi bộ cần sửa gì?" in await chat.say("binh", "2")  # change the note
    await chat.say("binh", "Ghi rõ tên chuyên đề và người dự")
    said = await chat.say("binh", "1")
    assert said == (
        "Đã trả lại báo cáo sinh hoạt chuyên đề tháng 11/2026 của Chi bộ Thôn 1; đã báo cho 1 "
        "bí thư."
    )
    notice = chat.channel.to("chi")[-1].text
    assert notice.startswith(
        "Đảng ủy đã trả lại báo cáo sinh hoạt chuyên đề tháng 11/2026 của Chi bộ Thôn 1 để sửa: "
        "Ghi rõ tên chuyên đề và người dự"
    ), notice
    # «Không trả lại» returns nothing
    await chat.say("binh", "/tonghop 11/2026")
    await chat.say("binh", "Trả lại báo cáo để sửa")
    await chat.say("binh", "1")
    await chat.say("binh", "Ghi lại số có mặt")
    assert await chat.say("binh", "3") == "Chưa trả lại báo cáo, không lưu gì."
    await chat.say("binh", "/tonghop 11/2026")
    replies = await chat.send("binh", "Trả lại báo cáo để sửa")
    assert [c.label for c in replies[-1].choices] == ["Chi bộ Thôn 1"]  # still sent


async def test_a_note_of_a_number_alone_is_asked_again_in_words(world: World) -> None:
    chat = world.chat
    await chat.say("chi", "/baocao 17/18 vkl 1 ct khong nq co xl tot")
    await chat.say("chi", "Thêm ghi chú")
    said = await chat.say("chi", "1")
    assert "«1» chưa phải là ghi chú: đồng chí gõ ghi chú bằng chữ" in said, said
    said = await chat.say("chi", "Đ/c Hùng vắng vì đi viện")
    assert "Ghi chú: Đ/c Hùng vắng vì đi viện" in said, said

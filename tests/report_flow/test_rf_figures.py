"""/solieu: monthly figures one by one, yearly ratings, an organisation's own figure set."""

from __future__ import annotations

from datetime import timedelta

from rf_world import World, last_choices
from sqlmodel import select

from core.messages import Incoming
from handlers.reporting.figures import load_definitions_xlsx
from storage.models import FigureRecord
from storage.repos import Repositories


async def figures(world: World) -> dict[str, int | str | None]:
    async with world.database.transaction() as session:
        rows = (await session.exec(select(FigureRecord))).all()
    return {r.key: r.text if r.text is not None else r.number for r in rows}


async def test_monthly_figures(world: World) -> None:
    chat = world.chat
    replies = await chat.send("chi", "/solieu")
    assert last_choices(replies) == ["Số liệu tháng 11/2026", "Xếp loại năm 2026"]
    said = await chat.say("chi", "1")
    assert "Kết nạp đảng viên mới? Đồng chí gõ số, hoặc 0 nếu không có." in said
    # which cell and month, above every question, as /baocao's
    assert said.startswith("Chi bộ Thôn 1, số liệu tháng 11/2026:\n")
    said = await chat.say("chi", "abc")
    # which cell and month first, then what was wrong, then the question (as /baocao's)
    assert said.startswith("Chi bộ Thôn 1, số liệu tháng 11/2026:\nKhông đọc được số «abc»")
    said = await chat.say("chi", "1")  # typed: the number 1, not the first choice
    for answer in ["0", "2", "không", "0", "0", "3"]:
        said = await chat.say("chi", answer)
    assert "Đảng phí đã thu (đồng)?" in said
    said = await chat.say("chi", "1,25 triệu")
    assert "- Kết nạp đảng viên mới: 1 người" in said
    assert "- Đảng phí đã thu: 1.250.000 đồng" in said
    said = await chat.say("chi", "1")
    assert "Đã ghi số liệu tháng 11/2026." in said
    stored = await figures(world)
    assert stored["admissions"] == 1 and stored["transferred_in"] == 2
    assert stored["dues_collected"] == 1_250_000
    # /sua reopens them; a changed value is a new version, audited.
    said = await chat.say("chi", "/sua")
    await chat.say("chi", "Số liệu tháng 11/2026")
    await chat.say("chi", "2")  # change a figure
    await chat.say("chi", "Kết nạp đảng viên mới")
    said = await chat.say("chi", "2")
    assert "- Kết nạp đảng viên mới: 2 người" in said
    said = await chat.say("chi", "1")
    assert (await figures(world))["admissions"] == 2
    async with world.database.transaction() as session:
        edits = await Repositories(session).audit.entries(action="figures.edit")
    assert edits[0].before == {"admissions": 1}


async def test_a_count_no_cell_could_have_is_asked_again(world: World) -> None:
    """"1.850.000" at «Kết nạp đảng viên mới» (the dues typed a question early) in a cell of 18:
    refused with the reason, and the figure asked again; a plausible count goes through."""
    chat = world.chat
    await chat.send("chi", "/solieu")
    await chat.say("chi", "1")
    said = await chat.say("chi", "1.850.000")
    assert "1.850.000 người là quá nhiều so với chi bộ có 18 đảng viên (tối đa 100)" in said
    assert "Kết nạp đảng viên mới?" in said
    said = await chat.say("chi", "3")
    assert "Công nhận đảng viên chính thức?" in said


async def test_yearly_ratings_cannot_outnumber_the_roll(world: World) -> None:
    chat = world.chat
    await chat.send("chi", "/solieu")
    said = await chat.say("chi", "Xếp loại năm 2026")
    for answer in ["5", "10", "3"]:
        said = await chat.say("chi", answer)
    said = await chat.say("chi", "1")
    assert "= 19 đảng viên" in said and "18" in said
    for answer in ["5", "10", "2", "1"]:
        said = await chat.say("chi", answer)
    assert "Xếp loại chi bộ?" in said
    said = await chat.say("chi", "httnv")
    assert "Xếp loại chi bộ: Hoàn thành tốt nhiệm vụ" in said
    said = await chat.say("chi", "1")
    assert "Đã ghi số liệu năm 2026." in said
    assert (await figures(world))["cell_rating"] == "httnv"


async def test_officer_configures_figures_with_a_file(world: World) -> None:
    chat = world.chat
    said = await chat.say("binh", "/solieu")
    assert "bộ mặc định" in said and "- Kết nạp đảng viên mới (hằng tháng, người)" in said
    assert "admissions" not in said and "YAML" not in said
    replies = await chat.send("binh", choice="template")
    template = replies[-1].attachment
    assert template is not None and template.filename.endswith(".xlsx")
    assert len(load_definitions_xlsx(template.content).definitions) == 13
    yaml_text = (
        "figures:\n  - admissions\n  - key: youth\n    label_vi: Đoàn viên ưu tú\n"
        "  - key: bad key\n"
    ).encode()
    incoming = Incoming(
        channel="console",
        user_id="binh",
        chat_id="binh",
        update_key="f1",
        received_at=world.clock.now(),
        file_name="chitieu.yaml",
        file_bytes=yaml_text,
    )
    async with world.database.transaction() as session:
        result = await world.chat.app.core.handle(Repositories(session), incoming)
    assert "Tệp có lỗi, chưa lưu gì" in result.replies[-1].text
    assert "Dòng 5" in result.replies[-1].text
    good = yaml_text.replace(b"  - key: bad key\n", b"")
    incoming = Incoming(
        channel="console",
        user_id="binh",
        chat_id="binh",
        update_key="f2",
        received_at=world.clock.now(),
        file_name="chitieu.yaml",
        file_bytes=good,
    )
    async with world.database.transaction() as session:
        result = await world.chat.app.core.handle(Repositories(session), incoming)
    assert "Đã đọc 2 chỉ tiêu" in result.replies[-1].text
    said = await chat.say("binh", "Lưu")
    assert "Đã lưu 2 chỉ tiêu." in said
    # The cells below now answer only these two (no yearly ratings any more).
    replies = await chat.send("chi", "/solieu")
    assert last_choices(replies) == ["Số liệu tháng 11/2026"]
    said = await chat.say("chi", "1")
    said = await chat.say("chi", "0")
    assert "Đoàn viên ưu tú?" in said
    # Another commune keeps the defaults.
    assert "bộ mặc định" in await chat.say("xa", "/solieu")
    await chat.say("binh", "/solieu")
    said = await chat.say("binh", "Dùng bộ mặc định")
    assert "bộ mặc định gồm 13 chỉ tiêu" in said


async def test_figures_of_a_closed_month_are_refused(world: World) -> None:
    chat = world.chat
    world.clock.advance(timedelta(days=15))  # 09/12: November is still open
    replies = await chat.send("chi", "/solieu")
    assert last_choices(replies)[:2] == ["Số liệu tháng 11/2026", "Số liệu tháng 12/2026"]
    await chat.say("chi", "1")
    world.clock.advance(timedelta(days=2))
    for _ in range(8):
        said = await chat.say("chi", "0")
    said = await chat.say("chi", "1")
    assert "Số liệu tháng 11/2026 chỉ gửi, sửa được đến hết ngày 10/12/2026 (thứ Năm); chưa lưu gì." in said


async def test_an_english_officer_reads_numbers_the_english_way(world: World) -> None:
    """/tonghop in English: "88.9%", "1 person", "1,250,000 dong" ("80,6%", "1 people" before)."""
    chat = world.chat
    await chat.say(
        "chi",
        "/baocao hop 03/11, cm 16/18, vcl 1, vkl 1, mien 0, thuong ky, ct khong, nq co, xl kha",
    )
    await chat.say("chi", "gui bao cao")
    await chat.send("chi", "/solieu")
    await chat.say("chi", "1")
    for answer in ["1", "0", "2", "không", "0", "0", "3", "1,25 triệu", "1"]:
        await chat.say("chi", answer)
    await chat.send("binh", "/ngonngu")
    assert "Language set to English." in await chat.say("binh", "English")
    said = await chat.say("binh", "/tonghop 11/2026")
    assert "Attendance 88.9% (16/18 members expected)" in said
    assert "- New members admitted: 1 person (1 cell sent)" in said
    assert "- Members transferred in: 2 people (1 cell sent)" in said
    assert "1,250,000 dong" in said
    assert "88,9" not in said and "1 people" not in said

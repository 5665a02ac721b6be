"""Questions about the plans in chat, officers' uploads, versions and who may read what."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from docx import Document

from core.clock import FakeClock
from handlers.bootstrap import invite_from_cli
from handlers.demo import load_demo
from services.plan_library import import_document
from storage.engine import Database
from storage.repos import Repositories
from tests.harness import Harness, build_harness

ROOT = Path(__file__).resolve().parents[1]

PLAN_WITHOUT_NUMBER = """ĐẢNG BỘ XÃ HÒA BÌNH
CHI BỘ THÔN 1

KẾ HOẠCH
thực hiện chuyên đề học tập năm 2026

I- MỤC ĐÍCH, YÊU CẦU

1. Nâng cao chất lượng sinh hoạt chuyên đề của chi bộ.

II- NHIỆM VỤ

1. Chi ủy chuẩn bị nội dung sinh hoạt chuyên đề về chuyển đổi số trong thôn (hoàn thành trong tháng 12/2026).

2. Tổ chức tọa đàm với đoàn viên thanh niên về phòng chống tin giả (thực hiện trong quý I/2027).

Nơi nhận:
- Đảng ủy xã,
- Lưu chi bộ.

T/M CHI BỘ
BÍ THƯ
Nguyễn Văn Minh
"""


async def joined(database: Database, clock: FakeClock, *people: tuple[str, str, str | None]
                 ) -> Harness:
    chat = build_harness(database, clock)
    codes = []
    async with database.transaction() as session:
        repos = Repositories(session)
        await load_demo(repos, clock.now())
        for _user, role, scope in people:
            issued, _ = await invite_from_cli(repos, role=role, scope_text=scope,
                                              now=clock.now(), ttl=timedelta(days=14))
            codes.append(issued.code)
    for (user, _role, _scope), code in zip(people, codes, strict=True):
        await chat.say(user, f"/start {code}")
    return chat


async def test_a_question_is_answered_with_a_quote_a_citation_and_two_more(
    database: Database, clock: FakeClock
) -> None:
    chat = await joined(database, clock, ("lan", "secretary", "Chi bộ Thôn 1"))
    replies = await chat.send("lan", "chi tieu ket nap dang vien moi nam")
    answer = replies[-1]
    assert "12 đảng viên" in answer.text
    assert "(KH 15-KH/ĐU, mục II.2)" in answer.text
    assert len(answer.choices) == 2 and all("Đoạn khác" in c.label for c in answer.choices)
    second = await chat.send("lan", "2")
    assert "KH 15-KH/ĐU, mục" in second[-1].text and second[-1].text != answer.text

    not_found = await chat.say("lan", "gia lua hom nay bao nhieu mot kg")
    assert not_found == "Chưa tìm thấy: các kế hoạch đã nhập không nói về việc này."
    not_found = await chat.say("lan", "chi bo co bao nhieu may vi tinh")
    assert not_found.startswith("Chưa tìm thấy trong kế hoạch nội dung trả lời câu hỏi này.")
    assert "ví dụ" in not_found  # about party work: how to ask better

    owner = await chat.say("lan", "nhiem vu cua UBKT")
    assert owner.startswith("Nhiệm vụ của Ủy ban Kiểm tra") and "mục" in owner
    same = await chat.say("lan", "/hoi NHIỆM VỤ CỦA ỦY BAN KIỂM TRA")
    assert same == owner


async def test_a_number_with_no_question_waiting_is_not_searched(
    database: Database, clock: FakeClock
) -> None:
    """"1" typed after the list it answered is gone: a short hint, not the not-found text."""
    chat = await joined(database, clock, ("lan", "secretary", "Chi bộ Thôn 1"))
    for typed in ("1", "2.", "(3)"):
        reply = await chat.say("lan", typed)
        assert "không có câu hỏi nào đang chờ" in reply and "Chưa tìm thấy" not in reply
    assert "12 đảng viên" in await chat.say("lan", "chi tieu ket nap dang vien moi nam")
    assert "(KH 15-KH/ĐU, mục" in await chat.say("lan", "2")  # to a list showing: a choice


async def test_small_talk_gets_a_short_reply_and_what_the_bot_does(
    database: Database, clock: FakeClock
) -> None:
    """A newcomer on Zalo types "bot làm được gì", "👍", "chào buổi tối": each gets a short
    reply of its own, never the not-found text of a search."""
    chat = await joined(database, clock, ("lan", "secretary", "Chi bộ Thôn 1"))
    for typed in ("bot lam duoc gi", "Bạn là ai?", "giúp tôi với"):
        reply = await chat.say("lan", typed)
        assert reply.startswith("Bot chibo là trợ lý của chi bộ") and "/trogiup" in reply, typed
    # "help", "menu" alone ask for the commands themselves (handlers.typed_commands)
    assert (await chat.say("lan", "help")).startswith("Các lệnh dành cho đồng chí")
    # an acknowledgement gets one back; only thanks get «you're welcome»
    for typed in ("👍", "hihi", "ừ", "ok", "được rồi", "đồng ý", "nhat tri"):
        assert await chat.say("lan", typed) == "Vâng ạ.", typed
    # «huy» with nothing in hand is no plan question
    for typed in ("huy", "Hủy", "thoat"):
        assert await chat.say("lan", typed) == "Không có việc gì đang làm dở để hủy.", typed
    for typed in ("cảm ơn", "ok cam on dc", "thanks nhé"):
        assert (await chat.say("lan", typed)).startswith("Dạ, không có gì"), typed
    for typed in ("chào buổi tối", "bot ơi, có đó không"):
        assert (await chat.say("lan", typed)).startswith("Chào đồng chí"), typed
    # a question that asks something goes on to the plans
    assert "12 đảng viên" in await chat.say("lan", "bot ơi chỉ tiêu kết nạp đảng viên mỗi năm")


async def test_tasks_due_in_a_month_without_any_name_the_next_ones(
    database: Database, clock: FakeClock
) -> None:
    """The not-found hint's own example, «việc đến hạn tháng này», in a month no task falls
    due: the answer says so and names the next one, never «the plans say nothing about this»."""
    chat = await joined(database, clock, ("lan", "secretary", "Chi bộ Thôn 1"))
    november = await chat.say("lan", "viec den han thang nay")  # 24/11/2026
    assert november.startswith("Việc đến hạn trong tháng 11/2026:")
    december = await chat.say("lan", "việc đến hạn tháng 12")
    assert december.splitlines()[:2] == [
        "Các kế hoạch không có việc nào đến hạn trong tháng 12/2026.",
        "Việc sắp đến hạn:",
    ]
    assert "tháng 6/2027" in december and "(KH 15-KH/ĐU, mục IV.5)" in december
    soon = await chat.say("lan", "nhung viec nao sap den han")
    assert soon.startswith("Việc sắp đến hạn trong các kế hoạch:\n• ") and "Chưa tìm" not in soon


async def test_plan_lists_and_cell_tasks(database: Database, clock: FakeClock) -> None:
    chat = await joined(database, clock, ("lan", "secretary", "Chi bộ Thôn 1"))
    listing = await chat.say("lan", "/kehoach")
    assert "KH 15-KH/ĐU (thứ Ba 10/03/2026)" in listing
    tasks = await chat.say("lan", "/viectoi")
    assert tasks.startswith("Nhiệm vụ của chi bộ theo kế hoạch")
    dates = [line.split(":")[0].removeprefix("• ") for line in tasks.splitlines()[1:]]
    assert dates and all("/" in d or not d[0].isdigit() for d in dates)


async def test_an_officer_uploads_a_plan_and_fills_its_number(
    database: Database, clock: FakeClock
) -> None:
    chat = await joined(database, clock, ("binh", "officer", "Đảng bộ xã Hòa Bình"),
                        ("lan", "secretary", "Chi bộ Thôn 1"))
    document = Document()
    for paragraph in PLAN_WITHOUT_NUMBER.split("\n\n"):
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)

    replies = await chat.send("binh", file=("ke-hoach-chuyen-de.docx", buffer.getvalue()))
    text = replies[-1].text
    assert "Đã nhập" in text and "2 nhiệm vụ" in text
    assert "số hiệu" in text.lower() and [c.label for c in replies[-1].choices] == ["Bỏ qua"]
    assert "Đồng chí nhập số hiệu" in await chat.say("binh", "khong biet")
    date_question = await chat.say("binh", "03-kh/cb")
    assert "ngày ban hành" in date_question
    assert "đã có thể hỏi" in await chat.say("binh", "Bỏ qua")
    assert "KH 03-KH/CB" in await chat.say("lan", "/kehoach")

    again = await chat.send("binh", file=("ke-hoach-chuyen-de.docx", buffer.getvalue()))
    assert "không thay đổi gì" in again[-1].text

    document.add_paragraph("3. Báo cáo kết quả về Đảng ủy (hoàn thành trong tháng 3/2027).")
    newer = io.BytesIO()
    document.save(newer)
    replaced = await chat.send("binh", file=("ke-hoach-chuyen-de.docx", newer.getvalue()))
    assert "thay thế bản trước" in replaced[-1].text
    async with database.transaction() as session:
        repos = Repositories(session)
        history = [d for d in await repos.plans.history(1) if d.source_name.endswith(".docx")]
        assert [d.version for d in history] == [1, 2]
        assert history[0].superseded_at is not None and history[1].superseded_at is None
        actions = [e.action for e in await repos.audit.entries(entity="plan")]
    assert actions.count("plan.import") == 2 and "plan.replace" in actions
    assert "plan.identity" in actions


async def test_bad_files_and_who_may_upload(database: Database, clock: FakeClock) -> None:
    chat = await joined(database, clock, ("binh", "officer", "Đảng bộ xã Hòa Bình"),
                        ("lan", "secretary", "Chi bộ Thôn 1"))
    refused = await chat.send("lan", file=("kh.txt", PLAN_WITHOUT_NUMBER.encode()))
    assert "Chỉ cán bộ Đảng ủy" in refused[-1].text
    for name, data, expected in (
        ("empty.docx", b"", "không có nội dung"),
        ("image.png", b"\x89PNG....", ".docx, .pdf"),
        ("broken.pdf", b"%PDF-1.4 not really", "PDF"),
    ):
        replies = await chat.send("binh", file=(name, data))
        assert expected in replies[-1].text, replies[-1].text
    async with database.transaction() as session:
        assert len(await Repositories(session).plans.current()) == 1  # only the demo plan


async def test_plans_of_another_subtree_are_not_readable(database: Database, clock: FakeClock) -> None:
    chat = await joined(database, clock, ("lan", "secretary", "Chi bộ Thôn 1"))
    async with database.transaction() as session:
        repos = Repositories(session)
        other = await repos.orgs.add_org("Đảng bộ xã Khác", parent=None, kind="xa",
                                         now=clock.now())
        await import_document(repos, other, filename="khac.txt",
                              data=PLAN_WITHOUT_NUMBER.replace("chuyển đổi số", "nuôi ong")
                              .encode(), actor_id=None, now=clock.now())
    answer = await chat.say("lan", "sinh hoat chuyen de ve nuoi ong")
    assert "nuôi ong" not in answer
    assert "KH" in await chat.say("lan", "/kehoach")
    assert "2 nhiệm vụ" not in await chat.say("lan", "/kehoach")


@pytest.mark.slow
@pytest.mark.e2e
def test_ask_command_prints_json_lines(tmp_path: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CHIBO_")}
    environment.update(CHIBO_DATABASE_URL=f"sqlite:///{tmp_path / 'c.db'}", PYTHONPATH=str(ROOT))
    demo = subprocess.run([sys.executable, "-m", "bot", "demo"], capture_output=True, text=True,
                          cwd=tmp_path, env=environment, timeout=120, check=False)
    assert demo.returncode == 0, demo.stderr
    run = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "-", "--json", "--top", "2"],
        input="chi tieu ket nap dang vien\nthoi tiet ngay mai the nao\n"
        "đảng viên đi làm ăn xa có phải về họp không\n", text=True,
        capture_output=True, cwd=tmp_path, env=environment, timeout=120, check=False,
    )
    assert run.returncode == 0, run.stderr
    first, second, third = (json.loads(line) for line in run.stdout.splitlines())
    assert first["question"] == "chi tieu ket nap dang vien"
    assert len(first["hits"]) == 2 and first["hits"][0]["document"] == "KH 15-KH/ĐU"
    assert first["kind"] == "found" and second["kind"] == "not_found"
    assert set(first["hits"][0]) == {"kind", "document", "section", "text", "score"}
    assert second["hits"] == [] and second["not_found"] is True and second["near"] == []
    # not found, the nearest passages offered beside
    assert third["not_found"] is True and third["near"][0]["section"] == "III.2", third
    # read as the chat reads it: thanks get the chat's short reply, not "not found"
    plain = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "-"], input="ok cảm ơn đc\nhihi\n", text=True,
        capture_output=True, cwd=tmp_path, env=environment, timeout=120, check=False,
    )
    assert plain.returncode == 0, plain.stderr
    assert "Dạ, không có gì ạ." in plain.stdout and "Chưa tìm thấy" not in plain.stdout
    assert plain.stdout.endswith("? hihi\n  Vâng ạ.\n"), plain.stdout


@pytest.mark.slow
@pytest.mark.e2e
def test_ask_command_reads_its_words_as_one_question_and_refuses_a_top_out_of_range(
    tmp_path: Path,
) -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CHIBO_")}
    environment.update(CHIBO_DATABASE_URL=f"sqlite:///{tmp_path / 'c.db'}", PYTHONPATH=str(ROOT))

    def chibo(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True,
                              text=True, cwd=tmp_path, env=environment, timeout=120, check=False)

    assert chibo("demo").returncode == 0
    for top in ("0", "-3", "4"):
        refused = chibo("ask", "chi tieu ket nap", "--top", top)
        assert refused.returncode == 2 and refused.stdout == "", refused
        assert refused.stderr.strip() == f"chibo ask: --top phải từ 1 đến 3, không phải {top}."
    unquoted = chibo("ask", "chi", "tieu", "ket", "nap", "--top", "1")
    assert unquoted.returncode == 0, unquoted.stderr
    assert unquoted.stdout.startswith("? chi tieu ket nap\n"), unquoted.stdout
    assert unquoted.stdout.count("? ") == 1 and "  1. " in unquoted.stdout
    assert "Chưa tìm thấy" not in unquoted.stdout


async def test_a_question_about_party_work_no_passage_answers_offers_the_nearest(
    database: Database, clock: FakeClock
) -> None:
    """Not found, said first; then the three nearest passages to look at, by heading and place,
    chosen by their number as any list; a question about something else gets none."""
    chat = await joined(database, clock, ("lan", "secretary", "Chi bộ Thôn 1"))
    reply = (await chat.send("lan", "đảng viên đi làm ăn xa có phải về họp không"))[-1]
    assert reply.text.startswith("Chưa tìm thấy trong kế hoạch")
    assert "Các đoạn gần với câu hỏi nhất" in reply.text
    labels = [choice.label for choice in reply.choices]
    assert len(labels) == 3 and all(label.startswith("Xem: ") for label in labels)
    assert labels[0].endswith("(KH 15-KH/ĐU, mục III.2)") and "quản lý đảng viên" in labels[0]
    shown = (await chat.send("lan", "1"))[-1]
    assert "(KH 15-KH/ĐU, mục III.2)" in shown.text and "«" in shown.text
    assert [c.label.startswith("Đoạn khác") for c in shown.choices] == [True, True]
    other = await chat.send("lan", "gia lua hom nay bao nhieu mot kg")
    assert other[-1].text.startswith("Chưa tìm thấy") and not other[-1].choices


async def test_two_more_passages_of_one_part_are_told_apart(
    database: Database, clock: FakeClock
) -> None:
    """"Đoạn khác" twice with the same place would make "1" and "2" look alike: each then
    shows its quote's first words."""
    chat = await joined(database, clock, ("lan", "secretary", "Chi bộ Thôn 1"))
    offered = (await chat.send("lan", "dang vien gia yeu khong di hop duoc thi sao"))[-1]
    assert len({choice.label for choice in offered.choices}) == 3
    shown = (await chat.send("lan", "1"))[-1]
    labels = [choice.label for choice in shown.choices]
    assert len(labels) == 2 and len(set(labels)) == 2
    assert all(label.startswith("Đoạn khác: KH 15-KH/ĐU, mục III.1: ") for label in labels)


async def test_another_passage_of_the_part_on_screen_is_told_apart(
    database: Database, clock: FakeClock
) -> None:
    """The answer on screen is from "mục II.2" and so is one offered beside it: that one shows
    its quote's first words, so that "1" does not seem to be the answer already shown."""
    chat = await joined(database, clock, ("lan", "secretary", "Chi bộ Thôn 1"))
    answer = (await chat.send("lan", "chi tieu ket nap dang vien hang nam bao nhieu"))[-1]
    assert "(KH 15-KH/ĐU, mục II.2)" in answer.text
    labels = [choice.label for choice in answer.choices]
    same = [label for label in labels if label.startswith("Đoạn khác: KH 15-KH/ĐU, mục II.2")]
    assert same and all(label.startswith("Đoạn khác: KH 15-KH/ĐU, mục II.2: ") for label in same)
    other = [label for label in labels if label not in same]
    assert all(":" not in label.split("mục", 1)[-1] for label in other)


@pytest.mark.shared
async def test_lists_of_real_plans_read_cleanly(database: Database, clock: FakeClock) -> None:
    """The commune's plan and the district's programme (which gives no date of issue) kept by
    the demo commune: /kehoach says the date is unknown in words, /viectoi lists a task with
    no timing without an empty one («• —: …»), and no section shows chibo's own mark for a
    part the plan numbers twice («III'»)."""
    shared = ROOT.parent / "shared" / "plans"
    if not shared.is_dir():
        pytest.skip("../shared/plans is absent (real plans live beside the repo)")
    chat = await joined(database, clock, ("lan", "secretary", "Chi bộ Thôn 1"))
    async with database.transaction() as session:
        repos = Repositories(session)
        org = (await repos.orgs.orgs())[0]
        for path in sorted(shared.glob("00[01]_*.txt")):
            await import_document(repos, org, filename=path.name, data=path.read_bytes(),
                                  actor_id=None, now=clock.now())
    listing = await chat.say("lan", "/kehoach")
    assert "CTr Ban Chấp hành Đảng bộ huyện (chưa rõ ngày ban hành): " in listing
    assert "(?)" not in listing
    tasks = await chat.say("lan", "/viectoi")
    assert "• —" not in tasks and "'" not in tasks
    assert "\n• Tập trung lãnh đạo, chỉ đạo tổ chức thực hiện Nghị quyết số 21-NQ/TW" in tasks
    answer = await chat.say("lan", "cac chi bo truc thuoc dang uy xa ia hiao phai lam gi")
    assert "mục III.2)" in answer and "III'" not in answer

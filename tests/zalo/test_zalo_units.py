"""The Zalo pieces on their own: events read in every shape, messages split whole, signed links,
the quota's order of importance."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.zalo.render import split_message
from bot.zalo.updates import read_event, unwrap
from core.messages import Choice, Expect, Reply
from core.prompts import as_plain_text
from services.file_links import FileLink, FileLinks, LinkProblem
from services.outgoing import Kind
from services.quota import Quota

NOW = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)


def event(**message: object) -> dict[str, object]:
    base: dict[str, object] = {
        "message_id": "m1",
        "date": 1749632637199,
        "from": {"id": "u1", "display_name": "Lan", "is_bot": False},
        "chat": {"id": "u1", "chat_type": "PRIVATE"},
        "text": "xin chào",
    }
    base.update(message)
    return {"event_name": "message.text.received", "message": base}


def test_an_event_bare_or_wrapped_with_any_name_field() -> None:
    bare = read_event(event(), NOW)
    assert bare is not None and (bare.user_id, bare.text, bare.update_key) == ("u1", "xin chào", "m:m1")
    assert bare.display_name == "Lan"
    wrapped = read_event({"ok": True, "result": event()}, NOW)
    assert wrapped == bare
    for field, name in (("first_name", "Lan"), ("name", "Nguyễn Lan")):
        other = read_event(event(**{"from": {"id": "u1", field: name}}), NOW)
        assert other is not None and other.display_name == name


def test_what_is_not_a_private_text_message() -> None:
    assert read_event(event(chat={"id": "g1", "chat_type": "GROUP"}), NOW) is None
    assert read_event(event(**{"from": {"id": "b", "is_bot": True}}), NOW) is None
    assert read_event({"event_name": "message.text.received"}, NOW) is None
    assert read_event(event(message_id=None), NOW) is None
    assert read_event(event(message_id="x" * 500), NOW) is None  # ids are bounded
    assert unwrap([1, 2]) is None and unwrap({"ok": False}) is None
    sticker = read_event({"event_name": "message.sticker.received", "message": event()["message"]}, NOW)
    assert sticker is not None and sticker.text == ""  # answered: text only, please


def test_numbered_choices_and_the_hint_as_plain_text() -> None:
    reply = Reply("Chi bộ đã họp chưa?", (Choice("Đã họp", "a"), Choice("Chưa họp", "b")),
                  hint="Trả lời 1 hoặc 2.")
    assert as_plain_text(reply) == "Chi bộ đã họp chưa?\n  1. Đã họp\n  2. Chưa họp\nTrả lời 1 hoặc 2."
    value = Reply("Có mặt bao nhiêu?", (Choice("Đủ 18/18", "all", "đủ"),), expect=Expect.VALUE)
    assert as_plain_text(value) == "Có mặt bao nhiêu?\n  «đủ» Đủ 18/18"
    day = Reply("Chi bộ họp ngày nào?", (Choice("Hôm nay", "today", "hôm nay"),),
                expect=Expect.VALUE, hint="Hoặc gõ «hôm nay».")
    assert as_plain_text(day) == "Chi bộ họp ngày nào?\nHoặc gõ «hôm nay»."  # said once


LINES = st.lists(st.text(alphabet="ab cđ1.,:\t", min_size=0, max_size=120), min_size=1, max_size=60)


@settings(max_examples=200, deadline=None)
@given(LINES, st.integers(min_value=20, max_value=400))
def test_split_keeps_every_line_whole_when_it_fits(lines: list[str], limit: int) -> None:
    text = "\n".join(lines)
    pieces = split_message(text, limit)
    assert all(len(piece) <= limit for piece in pieces)
    if all(len(line) <= limit for line in lines):
        kept = [line for piece in pieces for line in piece.split("\n")]
        assert [line for line in kept if line.strip()] == [line for line in lines if line.strip()]


def test_a_huge_word_and_a_long_line() -> None:
    assert [len(p) for p in split_message("x" * 4096, 2000)] == [2000, 2000, 96]
    words = " ".join(["nghị quyết"] * 400)
    pieces = split_message(words, 2000)
    assert all(len(p) <= 2000 for p in pieces) and " ".join(pieces) == words


def test_links_are_bound_to_one_file_one_account_and_a_time() -> None:
    links = FileLinks("https://chibo.example.vn", b"s" * 32, lifetime=timedelta(hours=24))
    url = links.make(42, 7, "Tổng hợp tháng 11.xlsx", NOW)
    assert url.startswith("https://chibo.example.vn/files/42/7/")
    assert url.endswith("/T%E1%BB%95ng%20h%E1%BB%A3p%20th%C3%A1ng%2011.xlsx")
    outbox, account, expires, signature = url.split("/")[4:8]
    assert links.check(outbox, account, expires, signature, NOW) == FileLink(
        42, 7, NOW + timedelta(hours=24)
    )
    assert links.check("43", account, expires, signature, NOW) is LinkProblem.TAMPERED
    assert links.check(outbox, "8", expires, signature, NOW) is LinkProblem.TAMPERED
    later = str(int(expires) + 3600)
    assert links.check(outbox, account, later, signature, NOW) is LinkProblem.TAMPERED
    assert links.check(outbox, account, expires, signature[:-1] + "x", NOW) is LinkProblem.TAMPERED
    assert links.check("4x", account, expires, signature, NOW) is LinkProblem.MALFORMED
    assert (
        links.check(outbox, account, expires, signature, NOW + timedelta(hours=25))
        is LinkProblem.EXPIRED
    )
    other = FileLinks("https://chibo.example.vn", b"t" * 32)
    assert other.check(outbox, account, expires, signature, NOW) is LinkProblem.TAMPERED


def test_the_quota_stops_the_least_important_first() -> None:
    quota = Quota(100, ZoneInfo("Asia/Ho_Chi_Minh"))
    assert quota.month(datetime(2026, 11, 30, 17, 30, tzinfo=UTC)) == "2026-12"  # 00:30 in VN
    allowed = {kind: max(u for u in range(0, 101) if quota.allows(kind, u)) for kind in Kind}
    assert allowed[Kind.REPLY] == allowed[Kind.NOTICE] == 100
    assert allowed[Kind.NUDGE] > allowed[Kind.REMINDER] > allowed[Kind.DIGEST]
    assert allowed[Kind.REMINDER] == allowed[Kind.DRAFT]
    assert quota.crossed(79, 80) == [80] and quota.crossed(70, 100) == [80, 100]
    assert quota.crossed(80, 99) == []
    assert Quota(None, ZoneInfo("UTC")).allows(Kind.DIGEST, 10**9)

"""The Zalo pieces on their own: events read in every shape, messages split whole, signed links,
the quota's order of importance."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.zalo.api import SEND_READ_TIMEOUT, TIMEOUT, ZaloApi
from bot.zalo.render import split_message, split_reply
from bot.zalo.updates import read_event, unwrap
from core.channel import ChannelError, ChannelUnconfirmed
from core.messages import Choice, Expect, Reply
from core.prompts import as_plain_text, choice_lines
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
    group = read_event(event(chat={"id": "g1", "chat_type": "GROUP"}, text="/baocao 18"), NOW)
    assert group is not None and group.is_group and group.chat_id == "g1"
    assert group.text == ""  # a group's text is never read as an answer or a command
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


SUMMARY_CHOICES = (
    Choice("Kỳ trước: tháng 10/2026", "prev"),
    Choice("Trả lại báo cáo để sửa", "return"),
    Choice("Lịch sử một chi bộ", "history"),
    Choice("Tệp Excel", "excel"),
)


def summary(body_chars: int) -> Reply:
    """/tonghop as the tester saw it: a long summary, four numbered choices under it."""
    line = "- Chi bộ Thôn 1: 03/11/2026 (thứ Ba), có mặt 16/18 (88,9%), xếp loại Tốt"
    lines = [line] * (body_chars // (len(line) + 1))
    body = "\n".join(["Tổng hợp tháng 11/2026", *lines, "Chưa báo cáo (8):", "- Chi bộ Thôn 3"])
    return Reply(body, SUMMARY_CHOICES, hint="Trả lời 1, 2, 3 hoặc 4.")


def test_a_long_reply_is_cut_in_its_text_never_in_its_choices() -> None:
    """The tester's /tonghop: ~2,000 characters split once inside the choices («2.» ended the
    first message) and once just before «1.»: the choices and «Trả lời…» now always go out
    whole in the last message, under the last lines of the text."""
    tail = (
        "  1. Kỳ trước: tháng 10/2026\n  2. Trả lại báo cáo để sửa\n"
        "  3. Lịch sử một chi bộ\n  4. Tệp Excel\nTrả lời 1, 2, 3 hoặc 4."
    )
    for body_chars in range(1850, 2000, 7):  # just under, at and just over one message
        reply = summary(body_chars)
        pieces = split_reply(reply, 2000)
        assert all(len(piece) <= 2000 for piece in pieces)
        assert "\n".join(pieces) == as_plain_text(reply)  # nothing lost, nothing added
        assert pieces[-1].endswith(tail)
        assert pieces[-1] != tail and "Chi bộ Thôn 3" in pieces[-1]  # the question's last lines
        assert all("1. Kỳ trước" not in piece for piece in pieces[:-1])
    assert split_reply(summary(1000), 2000) == [as_plain_text(summary(1000))]


@settings(max_examples=200, deadline=None)
@given(LINES, st.integers(min_value=1, max_value=4), st.integers(min_value=100, max_value=400))
def test_the_choices_end_the_last_piece_whole(lines: list[str], n: int, limit: int) -> None:
    choices = tuple(Choice(f"lựa chọn {i}", str(i)) for i in range(n))
    reply = Reply("\n".join(["Câu hỏi", *lines]), choices, hint="Trả lời 1 hoặc 2.")
    pieces = split_reply(reply, limit)
    assert all(len(piece) <= limit for piece in pieces)
    assert pieces[-1].endswith("\n".join([*choice_lines(reply), "Trả lời 1 hoặc 2."]))


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


async def test_a_send_waits_longer_and_an_unanswered_one_is_unconfirmed() -> None:
    """Zalo has no idempotency key: a send gives Zalo longer to answer than other calls, and
    only a send that went out whole with no answer (it may have been shown) is unconfirmed;
    a refused or timed-out connection, a write cut short, a 5xx, and a connection dropped
    while Zalo answers nothing at all (getMe) mean Zalo took nothing."""
    waits: dict[str, float | None] = {}
    failure: dict[str, Exception] = {}
    gateway = {"getMe": 502}

    def answer(request: httpx.Request) -> httpx.Response:
        method = request.url.path.rsplit("/", 1)[-1]
        waits[method] = request.extensions["timeout"]["read"]
        if method in failure:
            raise failure[method]
        if method in gateway:
            return httpx.Response(gateway[method], text="Bad Gateway")
        return httpx.Response(200, json={"ok": True, "result": {"message_id": "9"}})

    api = ZaloApi("1:secret", "http://zalo.test", transport=httpx.MockTransport(answer))
    assert await api.send_message("c1", "xin chào") == "9"
    with pytest.raises(ChannelError) as error:
        await api.get_me()
    assert not isinstance(error.value, ChannelUnconfirmed)  # a 5xx: sent again as often as needed
    assert waits["sendMessage"] == SEND_READ_TIMEOUT > (waits["getMe"] or 0) == TIMEOUT
    gateway.clear()  # getMe answers: Zalo is up
    unanswered = [
        httpx.ReadTimeout("slow"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        httpx.ReadError("reset"),
    ]
    for cause in unanswered:
        failure["sendMessage"] = cause
        with pytest.raises(ChannelUnconfirmed):
            await api.send_message("c1", "xin chào")
    not_taken = [httpx.ConnectError("refused"), httpx.ConnectTimeout("t"), httpx.WriteError("w")]
    for cause in not_taken:
        failure["sendMessage"] = cause
        with pytest.raises(ChannelError) as error:
            await api.send_message("c1", "xin chào")
        assert not isinstance(error.value, ChannelUnconfirmed)
    failure["getMe"] = httpx.ReadTimeout("slow")  # not a send: nothing shown twice
    with pytest.raises(ChannelError) as error:
        await api.get_me()
    assert not isinstance(error.value, ChannelUnconfirmed)
    for down in (httpx.ConnectError("refused"), httpx.RemoteProtocolError("dropped")):
        failure["getMe"] = down  # Zalo answers nothing: a dropped send was not taken
        failure["sendMessage"] = httpx.RemoteProtocolError("dropped")
        with pytest.raises(ChannelError) as error:
            await api.send_message("c1", "xin chào")
        assert not isinstance(error.value, ChannelUnconfirmed)
    failure["sendMessage"] = httpx.ReadTimeout("slow")  # held the request: it may show
    with pytest.raises(ChannelUnconfirmed):
        await api.send_message("c1", "xin chào")
    await api.close()

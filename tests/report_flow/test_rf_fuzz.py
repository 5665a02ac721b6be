"""Whatever is typed, pressed or sent as a file, by whoever, the conversation core answers
without an exception in a handler (no apology, no failed update)."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rf_world import World
from sqlmodel import col, select

from core.limits import MAX_TEXT_CHARS
from storage.models import InboxUpdate

APOLOGY = "Xin lỗi"
PEOPLE = ["chi", "binh", "tu", "nobody"]
COMMANDS = [
    "/baocao", "/solieu", "/sua", "/tonghop", "/chuabaocao", "/khoaso", "/hoi", "/kehoach",
    "/viectoi", "/chibo", "/moi", "/thuhoi", "/lich", "/huy", "/trogiup", "/ngonngu", "/lienket",
    "/start", "/taodonvi", "/taochibo", "/x", "/",
]  # fmt: skip
WORDS = [
    "1",
    "2",
    "0",
    "-1",
    "9" * 60,
    "quý 4",
    "tháng 13",
    "31/02",
    "có",
    "hủy",
    "đủ",
    "😀",
    "\x00",
]
TEXTS = st.one_of(
    st.sampled_from(COMMANDS),
    st.builds(lambda c, a: f"{c} {a}", st.sampled_from(COMMANDS), st.text(max_size=30)),
    st.sampled_from(WORDS),
    st.text(max_size=80),
    st.integers(MAX_TEXT_CHARS - 2, MAX_TEXT_CHARS + 2).map(lambda n: "a " * (n // 2)),
)
PRESSES = st.one_of(st.text(max_size=40), st.sampled_from(["~expired~", "/baocao", "held", "c:1"]))
MOVES = st.lists(
    st.tuples(st.sampled_from(PEOPLE), st.one_of(TEXTS.map(lambda t: ("text", t)),
                                                 PRESSES.map(lambda p: ("press", p)),
                                                 st.just(("pending", "")))),
    min_size=1,
    max_size=6,
)  # fmt: skip
PROPERTY = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


async def failed_updates(world: World) -> list[str]:
    async with world.database.transaction() as session:
        statement = select(InboxUpdate.error).where(col(InboxUpdate.error).is_not(None))
        return [str(error) for error in (await session.exec(statement)).all()]


@PROPERTY
@given(moves=MOVES)
async def test_any_text_or_press_is_answered_without_an_exception(
    world: World, moves: list[tuple[str, tuple[str, str]]]
) -> None:
    chat = world.chat
    last: dict[str, list[str]] = {}
    for person, (kind, value) in moves:
        world.clock.advance(timedelta(seconds=5))
        if kind == "pending" and last.get(person):
            replies = await chat.send(person, choice=last[person][0])
        elif kind == "press":
            replies = await chat.send(person, choice=value)
        else:
            replies = await chat.send(person, value)
        said = "\n".join(r.text for r in replies)
        assert APOLOGY not in said, (person, kind, value, said)
        if replies:
            last[person] = [c.value for c in replies[-1].choices]
    assert await failed_updates(world) == []


def docx(body: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", body)
    return buffer.getvalue()


FILES = st.tuples(
    st.sampled_from(["kh.docx", "kh.pdf", "kh.txt", "kh.doc", "kh", "k" * 300 + ".txt"]),
    st.one_of(
        st.binary(max_size=2000),
        st.binary(max_size=500).map(docx),
        st.text(max_size=500).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.just(b"%PDF-1.4\n" + b"0" * 1000),
    ),
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(file=FILES, sender=st.sampled_from(["binh", "chi", "nobody"]))
async def test_any_file_is_answered_without_an_exception(
    world: World, file: tuple[str, bytes], sender: str
) -> None:
    world.clock.advance(timedelta(minutes=3))  # under the imports' own rate
    replies = await world.chat.send(sender, file=file)
    said = "\n".join(r.text for r in replies)
    assert replies and APOLOGY not in said, (file[0], said)
    assert await failed_updates(world) == []

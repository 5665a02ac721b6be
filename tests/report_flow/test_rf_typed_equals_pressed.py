"""A typed answer means exactly one thing, in every flow, at every step.

Two identical worlds walk the same random conversation: in one the person types (the number of a
choice, as on Zalo), in the other they press the button it names (as on Telegram). Whatever the
flow and step, both must see the same replies. Along the way every question is checked for
answers that could read two ways: a choice whose label is a number other than its position, or a
value question whose shortcut can only be pressed.
"""

from __future__ import annotations

import asyncio
import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rf_world import make_world

from core.clock import FakeClock
from core.messages import Expect, Reply
from core.textfold import fold
from tests.databases import fresh_database

pytestmark = pytest.mark.integration

START = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # Tuesday 24/11/2026 09:00 in Hà Nội

SECRETARY_COMMANDS = ["/baocao", "/baocao thang 10", "/solieu", "/sua", "/doilich", "/ngonngu"]
OFFICER_COMMANDS = ["/tonghop", "/chuabaocao", "/khoaso", "/moi", "/thuhoi", "/solieu"]
# What people type besides a choice's number: values, shortcuts, dates, times, slips.
TYPED = [
    "0", "1", "2", "3", "15", "17", "18", "19", "99", "1000", "-1", "2.", "(3)",
    "đủ", "du", "khong", "có", "co", "doi", "not yet", "hôm qua", "hom nay",
    "03/11", "25/11/2026", "thứ 7", "19h", "19g30", "7 giờ tối",
    "Tốt", "kha", "Nguyễn Văn A", "họp ở nhà văn hóa", "abc", "?", "/huy", "tháng 10", "quý 4",
]


@dataclass(frozen=True)
class Walk:
    user: str
    command: str
    moves: list[int | str]  # an int: "the choice at this position"; a str: typed as is


WALKS = st.builds(
    Walk,
    user=st.just("chi"),
    command=st.sampled_from(SECRETARY_COMMANDS),
    moves=st.lists(st.integers(1, 8) | st.sampled_from(TYPED), min_size=1, max_size=14),
) | st.builds(
    Walk,
    user=st.just("binh"),
    command=st.sampled_from(OFFICER_COMMANDS),
    moves=st.lists(st.integers(1, 8) | st.sampled_from(TYPED), min_size=1, max_size=10),
)


INVITE_CODE = re.compile(r"\b[0-9A-Z]{13}\b")


def seen(replies: list[Reply]) -> list[tuple[str, list[str], str | None]]:
    """What the person sees, with invite codes (random by design) masked."""
    return [(INVITE_CODE.sub("CODE", r.text), [c.label for c in r.choices], r.hint) for r in replies]


def readable_one_way(reply: Reply) -> None:
    """No answer to this question could mean two things."""
    for position, choice in enumerate(reply.choices, start=1):
        label = fold(choice.label).strip(" .)(")
        if reply.expect is Expect.CHOICE:
            # "2" typed is the second choice: no other choice may be called "2".
            assert not label.isdigit() or label == str(position), (reply.text, choice)
            assert not fold(choice.keyword).isdigit(), (reply.text, choice)
        else:
            # A typed number is the value: a shortcut is typed by its word, or is that number.
            assert choice.keyword or choice.value.isdigit(), (reply.text, choice)
            assert not fold(choice.keyword).isdigit(), (reply.text, choice)


async def walk_both(folder: Path, walk: Walk) -> None:
    async with (
        fresh_database("sqlite", folder) as typed_db,
        fresh_database("sqlite", folder) as pressed_db,
    ):
        typed_clock, pressed_clock = FakeClock(START), FakeClock(START)
        typing = (await make_world(typed_db, typed_clock)).chat
        pressing = (await make_world(pressed_db, pressed_clock)).chat
        last = await typing.send(walk.user, walk.command)
        assert seen(last) == seen(await pressing.send(walk.user, walk.command))
        for move in walk.moves:
            question = last[-1] if last else None
            if question is not None:
                readable_one_way(question)
            if (
                isinstance(move, int)
                and question is not None
                and question.expect is Expect.CHOICE
                and move <= len(question.choices)
            ):
                last = await typing.send(walk.user, str(move))
                other = await pressing.send(walk.user, choice=question.choices[move - 1].value)
            else:
                text = str(move)
                last = await typing.send(walk.user, text)
                other = await pressing.send(walk.user, text)
            assert last, (walk, move)  # every message gets an answer
            assert seen(last) == seen(other), (walk, move)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.slow
@given(walk=WALKS)
def test_typing_a_choice_s_number_is_pressing_its_button(walk: Walk) -> None:
    with tempfile.TemporaryDirectory(prefix="chibo-walk-") as folder:
        asyncio.run(walk_both(Path(folder), walk))

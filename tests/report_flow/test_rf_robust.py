"""Whatever is typed at any step, the flow answers, never crashes, and keeps what was entered."""

from __future__ import annotations

import random
from datetime import timedelta

from rf_world import World
from sqlmodel import select

from storage.models import Conversation

NASTY = [
    "",
    " ",
    "0",
    "-1",
    "999999999999999999999",
    "1/0",
    "0/0",
    "18/0",
    "abc",
    "😀",
    "'; drop table x",
    "/",
    "hop",
    "cm",
    "vang 3",
    "xl",
    "nq",
    "ct",
    "cd:",
    "31/02",
    "00/00/0000",
    "thu 9",
    "\n\n",
    "x" * 2000,
    "1,5",
    "mười",
    "có",
    "không",
    "chua hop",
    "18/20 vkl 1",
    "9" * 50,
]
APOLOGY = "Xin lỗi"


async def test_random_text_at_every_step(world: World) -> None:
    chat = world.chat
    rng = random.Random(21)
    steps_seen: set[str] = set()
    for round_ in range(6):
        await chat.send("chi", "/huy")
        await chat.send("chi", "/baocao")
        for _ in range(12):
            text = rng.choice(NASTY) if rng.random() < 0.7 else str(rng.randint(0, 25))
            world.clock.advance(timedelta(seconds=3))  # a person's pace: under the chat's rate
            replies = await chat.send("chi", text)
            said = "\n".join(r.text for r in replies)
            assert APOLOGY not in said, (round_, text, said)
            async with world.database.transaction() as session:
                conversation = (await session.exec(select(Conversation))).first()
            if conversation is not None and conversation.flow == "report":
                steps_seen.add(conversation.step)
                draft = conversation.data.get("draft")
                if draft is not None:
                    assert draft["cell_name"] == "Chi bộ Thôn 1"
                    assert draft["period"] == "2026-11"
    assert len(steps_seen) >= 4

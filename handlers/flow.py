"""The shape of a conversation: a flow starts from a command and resumes on each answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from core.messages import Choice, Expect, Reply

if TYPE_CHECKING:
    from handlers.context import Context
    from services.access import RoleName


@dataclass
class FlowState:
    """Where a person is in a flow; `data` holds what they entered so far (JSON-able)."""

    flow: str
    step: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Answer:
    """What the person sent: the text, and the pending choice it selected, if any."""

    text: str
    choice: Choice | None = None

    @property
    def value(self) -> str | None:
        return self.choice.value if self.choice else None


@dataclass
class Outcome:
    """The replies to send and the state to keep (None ends the flow).

    `keep_state` leaves the saved conversation exactly as it was (a refused command, a stale
    button): what the person entered so far is not lost. `not_mine` passes the text on: with
    no state the flow ends (see `passed_on`), with one it goes on (see `asked_beside`).
    """

    replies: list[Reply]
    state: FlowState | None = None
    keep_state: bool = False
    # the typed text is no answer to the flow's optional follow-up (a menu of other periods):
    # the flow ends and the text is read as if nothing were pending (a question, a command)
    not_mine: bool = False


class Flow(Protocol):
    """A conversation started by a command."""

    name: str

    async def start(self, ctx: Context, args: str) -> Outcome: ...

    async def resume(self, ctx: Context, state: FlowState, answer: Answer) -> Outcome: ...


@runtime_checkable
class AsksAgain(Protocol):
    """A flow that can put its pending question once more, after what was entered so far
    (its command typed again mid-way, /trogiup in between)."""

    async def again(self, ctx: Context, state: FlowState) -> Outcome: ...


@runtime_checkable
class TakesNames(Protocol):
    """A flow some of whose questions offer choices and also take a person's name typed
    instead (where «Huy» is a name, not /huy said in words)."""

    def takes_name(self, state: FlowState) -> bool: ...


@runtime_checkable
class WantsNumbers(Protocol):
    """A flow some of whose questions want a number typed (a count, a day), where a word such
    as «huy» or «thôi» can only be /huy said in words, never the answer."""

    def wants_number(self, state: FlowState) -> bool: ...


@dataclass(frozen=True)
class CommandSpec:
    """A command: who may use it, what /trogiup says of it, and the flow it starts."""

    name: str
    roles: frozenset[RoleName]
    summary: str
    flow: Flow
    public: bool = False
    # its question may be put in the middle of a draft (a report), which is kept and asked
    # again once it is answered (/ngonngu); any other command starting a flow drops the draft
    beside: bool = False


def done(*replies: Reply) -> Outcome:
    return Outcome(list(replies), None)


def unchanged(*replies: Reply) -> Outcome:
    return Outcome(list(replies), None, keep_state=True)


def passed_on() -> Outcome:
    """The flow's optional follow-up was not answered: read the text as new (see Outcome)."""
    return Outcome([], None, not_mine=True)


def asked_beside(state: FlowState) -> Outcome:
    """The text is no answer but a question of its own («chỉ tiêu kết nạp năm 2025 là bao
    nhiêu» at «how many were present?»): it is answered as if nothing were pending, then the
    flow's question is asked again; `state` (what was entered) is kept as it is."""
    return Outcome([], state, not_mine=True)


def ask(
    state: FlowState,
    text: str,
    choices: tuple[Choice, ...] = (),
    *,
    expect: Expect = Expect.CHOICE,
) -> Outcome:
    """Ask a question and keep `state`; `expect` says how a typed answer is read."""
    return Outcome([Reply(text, choices, expect=expect)], state)

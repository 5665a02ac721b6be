"""Invite codes: random, unguessable, stored only as hashes, expiring, single- or multi-use."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from core.limits import GLOBAL_WRONG_CODES, GLOBAL_WRONG_CODES_WINDOW
from storage.models import Invite
from storage.repos import Repositories
from storage.repos.invite_counts import LOCKOUT_ACTION, count_wrong_codes

# Crockford's base32: no I, L, O, U, so a code read aloud or typed on a phone is unambiguous.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 13  # 65 bits
LOCKOUT_FAILURES = 5
LOCKOUT_WINDOW = timedelta(hours=1)
_CONFUSABLE = str.maketrans("OILU", "011V")
MAX_CODE_GROUPS = 5  # "WY48 1383 SZ82F", "WY48-1383-SZ82F"
_GROUP = re.compile(r"[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*")
_MIXED = re.compile(r"[A-Za-z].*[0-9]|[0-9].*[A-Za-z]")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """Upper case, no spaces or dashes, and the letters people confuse with digits mapped."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    return cleaned.translate(_CONFUSABLE)


def looks_like_code(text: str) -> bool:
    """One code as a whole message or word: in one piece, or in groups parted by spaces or
    dashes as people copy it ("WY48 1383 SZ82F"). Parted by spaces, one group must mix letters
    and digits, so that a short sentence of 13 letters ("hello my friend") or with a year
    ("xem bao cao 2026") is not taken for a code."""
    code = normalise_code(text)
    if len(code) != CODE_LENGTH or not all(ch in ALPHABET for ch in code):
        return False
    groups = text.split()
    return len(groups) == 1 or (_in_groups(groups) and any(_MIXED.search(g) for g in groups))


def _in_groups(groups: list[str]) -> bool:
    """Words that can be a code's groups: at most five, of three characters or more, plain
    letters and digits ("ngay 20 thang 11" is a date, not a code)."""
    return 0 < len(groups) <= MAX_CODE_GROUPS and all(
        len(group) >= 3 and _GROUP.fullmatch(group) for group in groups
    )


def near_code(text: str) -> bool:
    """A whole message meant as a code that cannot be one (a character too many or too few):
    letters and digits in code-like groups, about as long as a code.
    It is answered «Mã mời không đúng…», not with the hint for people who sent no code."""
    groups = text.split()
    code_like = any(_MIXED.search(group) for group in groups) or (
        # "ZZZZ 1234 ABCD": groups of four or more with no O, I, L or U (codes have none;
        # plain Vietnamese words nearly always do)
        all(len(group) >= 4 for group in groups)
        and any(ch.isdigit() for ch in text)
        and any(ch.isalpha() for ch in text)
        and not set(text.upper()) & set("OILU")
    )
    return _in_groups(groups) and code_like and abs(len(normalise_code(text)) - CODE_LENGTH) <= 3


def codes_in(text: str) -> list[str]:
    """The invite codes inside a sentence, as people send them on Zalo ("mã mời của tôi là
    YZY5MBEXDGEMN", "Mã: FPRKDE1FYJ2VG"): the words that are a code and hold a digit (a long
    word of letters alone is more likely a word)."""
    words = re.split(r"[\s:;,.!?()«»\"']+", text)
    found = [word for word in words if looks_like_code(word) and any(ch.isdigit() for ch in word)]
    found += _grouped_codes(words)
    return list(dict.fromkeys(normalise_code(word) for word in found))  # one code pasted twice


def _grouped_codes(words: list[str]) -> list[str]:
    """Codes copied in groups inside a sentence ("mã của tôi là WY48 1383 SZ82F"): a few words
    in a row that make a code, one of them mixing letters and digits as codes' groups do."""
    found = []
    for start in range(len(words)):
        for count in range(2, MAX_CODE_GROUPS + 1):
            groups = words[start : start + count]
            if len(groups) < count:
                break
            joined = " ".join(groups)
            if looks_like_code(joined) and any(_MIXED.search(group) for group in groups):
                found.append(joined)
    return found


def hash_code(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


@dataclass(frozen=True)
class IssuedInvite:
    code: str
    invite: Invite


async def issue(
    repos: Repositories,
    *,
    role: str,
    org_id: int | None,
    cell_id: int | None,
    created_by: int | None,
    now: datetime,
    ttl: timedelta,
    uses: int = 1,
) -> IssuedInvite:
    """Create an invite; the plain code is returned once and never stored."""
    code = new_code()
    invite = Invite(
        code_hash=hash_code(code),
        role=role,
        org_id=org_id,
        cell_id=cell_id,
        uses_left=uses,
        expires_at=now + ttl,
        created_by=created_by,
        created_at=now,
    )
    await repos.invites.add(invite)
    await repos.audit.record(
        actor_account_id=created_by,
        actor_label="" if created_by else "cli",
        action="invite.create",
        entity="invite",
        entity_id=invite.id,
        now=now,
        after={
            "role": role,
            "org_id": org_id,
            "cell_id": cell_id,
            "uses": uses,
            "expires_at": invite.expires_at.isoformat(),
        },
    )
    return IssuedInvite(code, invite)


class RedeemProblem(StrEnum):
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    LOCKED = "locked"
    BUSY = "busy"  # too many wrong codes across all accounts in the last minute


async def is_locked_out(repos: Repositories, channel: str, user_id: str, now: datetime) -> bool:
    """Five wrong codes within an hour lock the account out for an hour after the fifth."""
    return await locked_until(repos, channel, user_id, now) is not None


async def locked_until(
    repos: Repositories, channel: str, user_id: str, now: datetime
) -> datetime | None:
    """When the account's lockout ends (an hour after the fifth of five wrong codes typed
    within an hour), or None when it is not locked out."""
    times = await repos.invites.failure_times(channel, user_id, now - 2 * LOCKOUT_WINDOW)
    ends = [
        times[index] + LOCKOUT_WINDOW
        for index in range(LOCKOUT_FAILURES - 1, len(times))
        if times[index] - times[index - LOCKOUT_FAILURES + 1] <= LOCKOUT_WINDOW
        and now < times[index] + LOCKOUT_WINDOW
    ]
    return max(ends) if ends else None


async def wrong_codes_left(repos: Repositories, channel: str, user_id: str, now: datetime) -> int:
    """How many more wrong codes the account may type before the lockout: five within an
    hour lock it, so those of the last hour count."""
    times = await repos.invites.failure_times(channel, user_id, now - LOCKOUT_WINDOW)
    return max(LOCKOUT_FAILURES - len(times), 0)


async def find_redeemable(
    repos: Repositories, code: str, *, channel: str, user_id: str, now: datetime
) -> Invite | RedeemProblem:
    """The invite behind `code`, or why it cannot be used. Wrong codes are recorded, and so is
    the lockout a fifth one starts; while `GLOBAL_WRONG_CODES` wrong codes were typed in the
    last minute across all accounts, no code is checked at all (BUSY)."""
    if await is_locked_out(repos, channel, user_id, now):
        return RedeemProblem.LOCKED
    if await global_guessing(repos, now):
        return RedeemProblem.BUSY
    invite = await repos.invites.find_by_hash(hash_code(code))
    if invite is None or invite.revoked_at is not None:
        await repos.invites.record_failure(channel, user_id, now)
        if await is_locked_out(repos, channel, user_id, now):
            await repos.audit.record(
                actor_account_id=None,
                actor_label=channel,
                action=LOCKOUT_ACTION,
                entity=f"{channel}_user",
                entity_id=user_id[:60],
                now=now,
            )
        return RedeemProblem.UNKNOWN
    if invite.uses_left <= 0:
        return RedeemProblem.USED
    if invite.expires_at <= now:
        return RedeemProblem.EXPIRED
    return invite


async def global_guessing(repos: Repositories, now: datetime) -> bool:
    """Whether wrong codes across all accounts reached the global limit in the last minute."""
    since = now - GLOBAL_WRONG_CODES_WINDOW
    return await count_wrong_codes(repos.session, since) >= GLOBAL_WRONG_CODES

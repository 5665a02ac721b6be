"""Planner details: keys, idempotency, moves, policy changes, quiet hours, staleness, digests."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.i18n import Catalogs
from scheduler.digest import build_digests
from scheduler.moves import (
    MeetingOverride,
    MoveAlreadyReported,
    MoveInPast,
    MoveOutsidePeriod,
    validate_move,
)
from scheduler.periods import Month
from scheduler.planning import (
    CellSchedule,
    MeetingKind,
    ReminderKind,
    TaskDeadline,
    meetings_in_month,
    month_calendar,
    next_meetings,
    obsolete_keys,
    plan,
)
from scheduler.reminder_policy import (
    ReminderPolicy,
    after_quiet_hours,
    defer_for_quiet_hours,
    in_quiet_hours,
)
from scheduler.rules import MeetingRule, TopicRule
from scheduler.staleness import StaleReason, is_still_meaningful

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CELL = CellSchedule("c1", MeetingRule.day_of_month(3, shift=True), topic=TopicRule(1, True))


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN).astimezone(UTC)


def keyed(cell: CellSchedule, start: datetime, days: int = 40) -> dict[str, datetime]:
    return {r.dedupe_key: r.due_at for r in plan([cell], start, days).reminders}


def test_default_reminders_of_one_meeting() -> None:
    cell = replace(CELL, topic=None)
    reminders = [r for r in plan([cell], vn(2026, 2, 25), 20).reminders if r.period == "2026-03"]
    by_offset = {r.offset.split("@")[0]: r for r in reminders}
    assert by_offset["d3"].due_at == vn(2026, 2, 28, 8)
    assert by_offset["d0"].due_at == vn(2026, 3, 3, 7)
    assert [by_offset[f"f{n}"].due_at for n in (1, 2, 3)] == [
        vn(2026, 3, 4, 19),
        vn(2026, 3, 6, 19),
        vn(2026, 3, 8, 19),
    ]
    assert by_offset["e5"].due_at == vn(2026, 3, 8, 8)
    assert by_offset["d3"].dedupe_key == "c1:before:2026-03:d3@m20260303T0800"
    assert by_offset["e5"].recipient == "officers"
    assert by_offset["d0"].payload["meeting_date"] == "2026-03-03"


def test_same_day_any_start_same_plan_and_windows_overlap_consistently() -> None:
    first = plan([CELL], vn(2026, 5, 1, 0, 1))
    for hour in (3, 11, 23):
        assert plan([CELL], vn(2026, 5, 1, hour, 59)) == first
    later = keyed(CELL, vn(2026, 5, 17, 13))
    shared = set(first_keys := {r.dedupe_key: r.due_at for r in first.reminders}) & set(later)
    assert shared and all(first_keys[k] == later[k] for k in shared)


def test_reported_period_drops_follow_ups_and_escalations() -> None:
    start = vn(2026, 3, 1)
    unreported = keyed(CELL, start)
    reported = keyed(replace(CELL, reported=frozenset({"2026-03"})), start)
    gone = set(unreported) - set(reported)
    assert gone and all(":2026-03:" in key for key in gone)
    assert not any(":2026-03:" in key for key in reported)


def test_moving_a_meeting_changes_its_keys_and_obsoletes_the_old_ones() -> None:
    start = vn(2026, 3, 25)
    before = plan([CELL], start)
    moved = replace(CELL, overrides=(MeetingOverride("2026-04", date(2026, 4, 9), time(19, 30)),))
    after = plan([moved], start)
    april = next(m for m in after.meetings if m.period == "2026-04")
    assert (april.local_date, april.local_time, april.moved_from) == (
        date(2026, 4, 9),
        time(19, 30),
        date(2026, 4, 3),
    )
    old = {r.dedupe_key for r in before.reminders if r.period == "2026-04"}
    new = {r.dedupe_key for r in after.reminders if r.period == "2026-04"}
    assert old and new and not old & new
    assert set(obsolete_keys(after, before.reminders)) == old
    # staleness catches an old row the planner did not cancel in time
    old_d0 = next(r for r in before.reminders if r.period == "2026-04" and r.kind == "on_day")
    verdict = is_still_meaningful(old_d0, old_d0.due_at, april)
    assert verdict.code is StaleReason.MEETING_MOVED and verdict.reason is not None


def test_policy_change_keeps_keys_and_moves_due_times() -> None:
    start = vn(2026, 6, 1)
    default = keyed(CELL, start)
    changed = keyed(replace(CELL, policy=ReminderPolicy(before_at=time(9, 15))), start)
    assert set(default) == set(changed)
    moved = [k for k in default if default[k] != changed[k]]
    assert moved and all(":before:" in k for k in moved)
    fewer = keyed(replace(CELL, policy=ReminderPolicy(follow_up_max=1, escalate_max=0)), start)
    assert not any(":escalation:" in k for k in fewer)
    assert set(fewer) < set(default)


def test_quiet_hours() -> None:
    day = datetime(2026, 5, 4, tzinfo=VN)
    assert after_quiet_hours(day.replace(hour=22), time(21), time(6, 30)) == datetime(
        2026, 5, 5, 6, 30, tzinfo=VN
    )
    assert after_quiet_hours(day.replace(hour=3), time(21), time(6, 30)) == day.replace(
        hour=6, minute=30
    )
    assert after_quiet_hours(day.replace(hour=21), time(21), time(6, 30)).day == 5
    for kept in (day.replace(hour=6, minute=30), day.replace(hour=20, minute=59)):
        assert after_quiet_hours(kept, time(21), time(6, 30)) == kept
    assert after_quiet_hours(day.replace(hour=13), time(12), time(14)) == day.replace(hour=14)
    assert not in_quiet_hours(time(23), None, time(6, 30))
    policy = ReminderPolicy()
    assert defer_for_quiet_hours(vn(2026, 5, 4, 23), VN, policy) == vn(2026, 5, 5, 6, 30)
    late = keyed(replace(CELL, policy=ReminderPolicy(follow_up_at=time(22))), vn(2026, 5, 1))
    follow_ups = [due for key, due in late.items() if ":follow_up:2026-05:" in key]
    assert vn(2026, 5, 6, 6, 30) in follow_ups  # meeting Mon 4/5; 22:00 on 5/5 → 06:30 on 6/5


def test_topic_rules() -> None:
    combined = meetings_in_month(CELL, Month(2026, 1))
    assert [(m.kind, m.topic_period) for m in combined] == [(MeetingKind.COMBINED, "2026-Q1")]
    assert meetings_in_month(CELL, Month(2026, 2))[0].kind is MeetingKind.REGULAR
    separate = replace(CELL, topic=TopicRule(2, False, MeetingRule.day_of_month(20, at=time(14))))
    feb = meetings_in_month(separate, Month(2026, 2))
    assert [(m.kind, m.period, m.local_date) for m in feb] == [
        (MeetingKind.REGULAR, "2026-02", date(2026, 2, 3)),
        (MeetingKind.TOPIC, "2026-Q1", date(2026, 2, 20)),
    ]
    undated = replace(CELL, topic=TopicRule(2, False))
    assert len(meetings_in_month(undated, Month(2026, 2))) == 1
    due = [r for r in plan([undated], vn(2026, 1, 20), 80).reminders if r.kind == "topic_due"]
    assert [(r.period, r.offset, r.due_at) for r in due] == [
        ("2026-Q1", "start", vn(2026, 2, 1, 8)),
        ("2026-Q1", "last_call", vn(2026, 3, 18, 8)),
    ]
    done = replace(undated, reported=frozenset({"2026-Q1"}))
    assert not [r for r in plan([done], vn(2026, 1, 20), 80).reminders if r.kind == "topic_due"]


def test_no_secretary_means_only_escalations() -> None:
    orphan = replace(CELL, has_secretary=False, tasks=(TaskDeadline("T1", date(2026, 3, 20)),))
    reminders = plan([orphan], vn(2026, 3, 1)).reminders
    assert reminders and {r.kind for r in reminders} == {ReminderKind.ESCALATION}
    assert all(r.payload["has_secretary"] == "no" for r in reminders)


def test_task_deadlines() -> None:
    cell = replace(
        CELL,
        tasks=(
            TaskDeadline("42", date(2026, 6, 30)),
            TaskDeadline("43", date(2026, 6, 20), done=True),
        ),
    )
    tasks = [r for r in plan([cell], vn(2026, 6, 1)).reminders if r.kind == "task_due"]
    assert [(r.dedupe_key, r.due_at) for r in tasks] == [
        ("c1:task_due:42:d7@20260630", vn(2026, 6, 23, 8)),
        ("c1:task_due:42:d0@20260630", vn(2026, 6, 30, 8)),
    ]
    with pytest.raises(ValueError):
        TaskDeadline("a:b", date(2026, 6, 30))


def test_staleness() -> None:
    reminders = plan([CELL], vn(2026, 3, 1)).reminders
    d3 = next(r for r in reminders if r.kind == "before" and r.period == "2026-04")
    meeting = meetings_in_month(CELL, Month(2026, 4))[0]
    assert is_still_meaningful(d3, d3.due_at, meeting).send
    assert is_still_meaningful(d3, meeting.starts_at - timedelta(minutes=1), meeting).send
    passed = is_still_meaningful(d3, meeting.starts_at, meeting)
    assert passed.code is StaleReason.MEETING_PASSED
    assert is_still_meaningful(d3, d3.due_at, reported=True).code is StaleReason.ALREADY_REPORTED
    f1 = next(r for r in reminders if r.kind == "follow_up" and r.period == "2026-03")
    assert is_still_meaningful(f1, f1.due_at + timedelta(hours=30)).send
    assert is_still_meaningful(f1, f1.expires_at).code is StaleReason.EXPIRED
    # a month whose reports are closed is chased no more; a reminder before a meeting still goes
    closed = is_still_meaningful(f1, f1.due_at, closed=True)
    assert closed.code is StaleReason.PERIOD_CLOSED and closed.reason is not None
    assert closed.reason.params == {"month": "03/2026"}
    assert is_still_meaningful(d3, d3.due_at, meeting, closed=True).send
    vi = Catalogs().translator("vi")
    assert passed.reason is not None
    assert vi.render(passed.reason) == "Không gửi: buổi sinh hoạt ngày 03/04/2026 khi đó đã bắt đầu."


def test_digest_per_officer_per_day() -> None:
    cells = [replace(CELL, cell_id=c) for c in ("a", "b", "c")]
    escalations = [r for r in plan(cells, vn(2026, 3, 9), 1).reminders if r.kind == "escalation"]
    assert len(escalations) == 6  # February's meeting (34 days late) and March's (6 days)
    digests = build_digests(escalations, {"a": ["o1", "o2"], "b": ["o1"], "c": []})
    assert [(d.officer_id, [(x.cell_id, x.period) for x in d.lines]) for d in digests] == [
        ("o1", [("a", "2026-02"), ("a", "2026-03"), ("b", "2026-02"), ("b", "2026-03")]),
        ("o2", [("a", "2026-02"), ("a", "2026-03")]),
    ]
    assert digests[0].dedupe_key == "digest:o1:2026-03-09"
    assert [x.days_late for x in digests[0].lines[:2]] == [34, 6]


def test_next_meetings_and_month_calendar() -> None:
    moved = replace(CELL, overrides=(MeetingOverride("2026-02", date(2026, 2, 24)),))
    upcoming = next_meetings(moved, date(2026, 1, 10), 3)
    assert [(m.period, m.local_date) for m in upcoming] == [
        ("2026-02", date(2026, 2, 24)),
        ("2026-03", date(2026, 3, 3)),
        ("2026-04", date(2026, 4, 3)),
    ]
    other = CellSchedule("c2", MeetingRule.last_working_day(), reported=frozenset({"2026-02"}))
    rows = month_calendar([moved, other], Month(2026, 2))
    assert [(r.cell_id, r.meeting.local_date, r.reported) for r in rows] == [
        ("c1", date(2026, 2, 24), False),
        ("c2", date(2026, 2, 27), True),
    ]


def test_validate_move() -> None:
    now = vn(2026, 11, 10, 15)
    ok = validate_move("2026-11", date(2026, 11, 20), time(19, 30), now=now, tz=VN)
    assert ok == MeetingOverride("2026-11", date(2026, 11, 20), time(19, 30))
    assert validate_move("2026-11", date(2026, 11, 10), time(16), now=now, tz=VN)
    vi = Catalogs().translator("vi")
    with pytest.raises(MoveInPast) as past:
        validate_move("2026-11", date(2026, 11, 9), None, now=now, tz=VN)
    assert vi.render(past.value.text) == (
        "Ngày 09/11/2026 đã qua. Đồng chí nhập ngày từ 10/11/2026 trở đi (dd/mm/yyyy):"
    )
    with pytest.raises(MoveInPast):
        validate_move("2026-11", date(2026, 11, 10), time(14), now=now, tz=VN)
    with pytest.raises(MoveOutsidePeriod) as outside:
        validate_move("2026-11", date(2026, 12, 1), None, now=now, tz=VN)
    assert vi.render(outside.value.text) == (
        "Buổi sinh hoạt tháng 11/2026 phải diễn ra trong tháng đó."
        " Đồng chí nhập ngày từ 10/11/2026 đến 30/11/2026 (dd/mm/yyyy):"
    )
    last_day = vn(2026, 11, 30, 9)
    with pytest.raises(MoveOutsidePeriod) as only_day:
        validate_move("2026-11", date(2026, 12, 2), None, now=last_day, tz=VN)
    assert vi.render(only_day.value.text) == (
        "Buổi sinh hoạt tháng 11/2026 phải diễn ra trong tháng đó, và tháng chỉ còn ngày 30/11/2026."
        " Đồng chí nhập 30/11/2026 (dd/mm/yyyy):"
    )
    with pytest.raises(MoveOutsidePeriod) as quarter:
        validate_move("2026-Q4", date(2027, 1, 5), None, now=now, tz=VN)
    assert "quý IV/2026" in vi.render(quarter.value.text)
    with pytest.raises(MoveAlreadyReported):
        validate_move("2026-11", date(2026, 11, 20), None, now=now, tz=VN, reported=True)
    with pytest.raises(ValueError):
        validate_move("11/2026", date(2026, 11, 20), None, now=now, tz=VN)


def test_every_message_has_a_vietnamese_translation() -> None:
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "scheduler"
    vi = Catalogs().translator("vi")
    found = 0
    for path in root.glob("*.py"):
        for call in re.finditer(r'N_\(\s*((?:"[^"]*"\s*)+)\)', path.read_text()):
            msgid = "".join(re.findall(r'"([^"]*)"', call.group(1)))
            found += 1
            assert vi.gettext(msgid) != msgid, msgid
    assert found >= 10

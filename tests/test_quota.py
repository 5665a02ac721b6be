"""The quota's alerts: passed once each, and told at once when the month was already past one
when the quota was set (it waited for 100%)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from core.i18n import Catalogs
from services.quota import Quota, quota_alerts
from storage.engine import Database
from storage.repos import Repositories

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def test_a_quota_set_past_80_percent_tells_it_on_the_first_count() -> None:
    quota = Quota(190, ZONE)
    assert quota.crossed(177, 178) == []  # 93%: passed long before this process counted
    assert quota.crossed(177, 178, first=True) == [80]
    assert quota.crossed(189, 190, first=True) == [100]  # the highest reached, once
    assert quota.crossed(190, 195, first=True) == [100]
    assert quota.crossed(10, 11, first=True) == []
    assert quota.crossed(151, 152, first=True) == [80]  # passed now: said once, not twice
    assert Quota(None, ZONE).crossed(177, 178, first=True) == []


async def test_the_alert_says_the_share_really_used(sqlite_database: Database) -> None:
    """A first count at 198/200 passes the 80% alert long after: it says 99%, not 80%."""
    now = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)
    async with sqlite_database.transaction() as session:
        repos = Repositories(session)
        admin = await repos.accounts.get_or_create(
            "console", "admin", chat_id="admin", display_name="Admin", locale="vi", now=now
        )
        assert admin.id is not None
        await repos.roles.grant(
            admin.id, "admin", org_id=None, cell_id=None, granted_by=None, now=now
        )
        [alert] = await quota_alerts(
            repos, Catalogs(), channel="zalo", month="2026-12", percent=80, used=198, monthly=200
        )
    text = str(alert.payload["text"])
    assert text.startswith("chibo đã dùng 99% hạn mức tin nhắn Zalo tháng 12/2026: 198/200 tin.")
    assert alert.dedupe_key == f"quota:zalo:2026-12:80:{admin.id}"  # once per threshold still

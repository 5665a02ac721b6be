"""The quota's alerts: passed once each, and told at once when the month was already past one
when the quota was set (it waited for 100%)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from services.quota import Quota

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

"""Webhook calls refused for a missing or wrong secret: neither platform shows an error for
them (Zalo's getWebhookInfo has no last error), so the operator's only trace is here: a
counter (chibo_webhook_refused) and a log line at most once a minute, with how many since."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from bot.metrics import Metrics

log = logging.getLogger(__name__)
LOG_EVERY_SECONDS = 60.0


class RefusedWebhooks:
    """Called with the reason ("no secret", "wrong secret") of each refused call."""

    def __init__(
        self,
        channel: str,
        metrics: Metrics | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._channel = channel
        self._metrics = metrics
        self._monotonic = monotonic
        self._logged_at: float | None = None
        self._since = 0

    def __call__(self, reason: str) -> None:
        if self._metrics is not None:
            self._metrics.webhooks_refused.labels(self._channel, reason).inc()
        self._since += 1
        now = self._monotonic()
        if self._logged_at is None or now - self._logged_at >= LOG_EVERY_SECONDS:
            log.warning(
                "%s webhook: refused %d call(s) for a missing or wrong secret (last: %s); "
                "check that the webhook was set by this configuration (CHIBO_WEBHOOK_SECRET)",
                self._channel,
                self._since,
                reason,
            )
            self._logged_at, self._since = now, 0

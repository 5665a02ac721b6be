"""The HTTP server (aiohttp.web): the routes it is given (webhooks, files, /healthz, /metrics)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from aiohttp import web

from core.limits import MAX_TELEGRAM_BODY

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Route = tuple[str, str, Handler]


def build_web_app(routes: Sequence[Route] = ()) -> web.Application:
    """An application serving the given (method, path, handler) routes."""
    application = web.Application(client_max_size=MAX_TELEGRAM_BODY)
    for method, path, handler in routes:
        application.router.add_route(method, path, _as_coroutine(handler))
    return application


def _as_coroutine(handler: Handler) -> Handler:
    """aiohttp wants a coroutine function; a callable object with an async __call__ is wrapped."""

    async def handle(request: web.Request) -> web.StreamResponse:
        return await handler(request)

    return handle


class WebServer:
    """Starts and stops the web application on a host and port (port 0: any free port)."""

    def __init__(self, application: web.Application) -> None:
        self._application = application
        self._runner: web.AppRunner | None = None
        self.port = 0

    async def start(self, host: str, port: int) -> int:
        self._runner = web.AppRunner(self._application, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self.port

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

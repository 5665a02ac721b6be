"""What the fault scripts share: peak memory of a process, a TCP proxy that can cut PostgreSQL
off, and /healthz watched over a span of time."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from pathlib import Path

from tests.chibo_process import Chibo


def peak_memory_mb(pid: int) -> float:
    """The process's peak resident memory (VmHWM), in MB (0 when it cannot be read)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class HealthWatch:
    """Asks /healthz every `every` seconds in the background; counts the answers."""

    def __init__(self, chibo: Chibo, every: float = 1.0) -> None:
        self.chibo = chibo
        self.every = every
        self.statuses: Counter[int] = Counter()
        self.first_unhealthy: float | None = None
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        while True:
            try:
                status, _body = await self.chibo.health()
            except Exception:
                status = 0  # no answer at all
            self.statuses[status] += 1
            if status != 200 and self.first_unhealthy is None:
                self.first_unhealthy = time.monotonic()
            await asyncio.sleep(self.every)

    async def stop(self) -> dict[int, int]:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        return dict(self.statuses)


class CuttableProxy:
    """A TCP proxy to `target` on a local port; `cut()` drops every connection and refuses new
    ones (the database is gone), `restore()` listens again on the same port."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = 0
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)
        self.port = int(self._server.sockets[0].getsockname()[1])

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return
        self._writers.update((writer, up_writer))

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            with contextlib.suppress(Exception):
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            sink.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))
        self._writers.difference_update((writer, up_writer))

    async def cut(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        for writer in list(self._writers):
            writer.close()
        self._writers.clear()

    async def restore(self) -> None:
        await self.start()

    async def close(self) -> None:
        await self.cut()

"""pyHanko's synchronous calls start an asyncio event loop of their own; where one already runs in
this thread (an ASGI server, a notebook, a test driving a browser) they run in a worker thread."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def outside_event_loop(call: Callable[[], T]) -> T:
    """``call()`` here, or in a worker thread when an event loop is running in this thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()

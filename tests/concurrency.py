"""Run work on real threads at the same instant, for race tests on real PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import connection

T = TypeVar("T")


def run_concurrently(
    count: int, work: Callable[[int], T], *, timeout: float = 60
) -> list[T | Exception]:
    """Call ``work(0)`` ... ``work(count - 1)`` on ``count`` threads released together.

    Each thread has its own database connection (closed when it ends), so the calls
    race as separate clients would. Results come back in order; an exception is
    returned in its call's place rather than lost in the thread. A thread still
    running after ``timeout`` seconds fails the test: a hang is a finding, not a pass.
    """
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def runner(index: int) -> None:
        try:
            barrier.wait(timeout=timeout)
            results[index] = work(index)
        except Exception as exc:  # noqa: BLE001 - surfaced through the caller's assertions
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout * 2)
    stuck = [i for i, thread in enumerate(threads) if thread.is_alive()]
    assert not stuck, f"threads {stuck} did not finish within {timeout * 2:.0f} s"
    return results

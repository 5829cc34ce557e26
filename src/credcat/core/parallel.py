"""Spread independent per-item work over the machine's cores.

Work is split into contiguous chunks and results come back in input order, so output stays
deterministic. Processes are forked where the platform allows, so workers inherit read-only
state (the loaded catalog) without pickling it; elsewhere, or for small inputs, work runs in
this process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_PARALLEL = 400
"""Below this many items, forking costs more than it saves."""


def worker_count() -> int:
    """Cores this process may use (CREDCAT_JOBS overrides)."""
    env = os.environ.get("CREDCAT_JOBS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _run_chunk(func: Callable[[T], R], chunk: Sequence[T]) -> list[R]:
    return [func(item) for item in chunk]


def map_in_order(func: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """Return ``[func(x) for x in items]``, computed on several cores when worth it."""
    return list(imap_in_order(func, items))


STREAM_CHUNK = 64
"""At most this many items per chunk: results come back a chunk at a time, so a consumer
that writes them out holds only a few chunks in memory."""


def imap_in_order(func: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
    """``func(x)`` for each of ``items`` in order, yielded as soon as its chunk is done,
    computed on several cores when worth it.

    Every chunk is handed to the workers at once; a chunk done before the consumer asks for
    it waits in memory. Writing a result out is much quicker than rendering it, so in a
    build only a few chunks wait at a time.
    """
    workers = worker_count()
    if (
        workers < 2
        or len(items) < MIN_PARALLEL
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        yield from (func(item) for item in items)
        return
    size = min(STREAM_CHUNK, -(-len(items) // (workers * 4)))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for part in pool.map(_run_chunk, [func] * len(chunks), chunks):
            yield from part

"""Progress of long work on a terminal: the current stage, once it has run for a second.

Builds of large catalogs take a while; on a terminal the stage (checking, rendering,
writing) and the time so far are shown on one line that is rewritten in place and cleared at
the end, followed by how long each stage took. In CI (``CI`` or ``GITHUB_ACTIONS`` set), when
stderr is not a terminal, with ``TERM=dumb`` or with ``-q`` nothing is shown. Colour is used
only on a terminal and never when ``NO_COLOR`` is set (https://no-color.org/).
"""

from __future__ import annotations

import os
import sys
import threading
import time
from types import TracebackType
from typing import TextIO

DELAY = 1.0
"""Seconds of work before progress is shown: quick builds stay quiet."""
REFRESH = 0.25
"""Seconds between updates of the progress line."""


def is_interactive(stream: TextIO) -> bool:
    """Whether ``stream`` is a terminal a person watches (not CI, not a dumb terminal)."""
    if os.environ.get("CI") or os.environ.get("GITHUB_ACTIONS") == "true":
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    return stream.isatty()


def use_colour(stream: TextIO) -> bool:
    """Colour only on a terminal, and never with NO_COLOR (any non-empty value)."""
    return not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb" and stream.isatty()


class Progress:
    """A context manager that shows the current stage of a long build on a terminal."""

    def __init__(self, *, enabled: bool | None = None, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = is_interactive(self.stream) if enabled is None else enabled
        self.started = time.monotonic()
        self.stages: list[tuple[str, float]] = []
        """(stage, seconds) of every finished stage."""
        self._current = ""
        self._since = self.started
        self._shown = False
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Progress:
        if self.enabled:
            self._thread = threading.Thread(target=self._run, name="credcat-progress", daemon=True)
            self._thread.start()
        return self

    def stage(self, name: str) -> None:
        """Start a stage (e.g. 'checking 3,000 files'); the previous one ends."""
        now = time.monotonic()
        with self._lock:
            if self._current:
                self.stages.append((self._current.split()[0], now - self._since))
            self._current, self._since = name, now
            if self._shown and name:  # the line is up: a new stage shows at once, however short
                self._draw(name, now)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stage("")
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self._shown:
            self.stream.write("\r\x1b[K")
            if kind is None:
                parts = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in self.stages)
                self.stream.write(f"{parts}\n")
            self.stream.flush()

    def _run(self) -> None:
        while not self._stop.wait(REFRESH):
            elapsed = time.monotonic() - self.started
            if elapsed < DELAY:
                continue
            with self._lock:
                if self._current:
                    self._shown = True
                    self._draw(self._current, time.monotonic())

    def _draw(self, current: str, now: float) -> None:
        """Rewrite the progress line (the caller holds the lock)."""
        self.stream.write(f"\r\x1b[K{current}… {now - self.started:.0f} s")
        self.stream.flush()

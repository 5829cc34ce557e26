"""pytest fixtures for real-browser tests with Debian's Chromium."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
]


MISSING = (
    "Debian's Chromium (/usr/bin/chromium) is missing: run 'bash scripts/test.sh', which "
    "installs it, or set CREDCAT_SKIP_BROWSER=1 to skip the browser tests on purpose"
)


def _check_chromium() -> None:
    """Skip when asked to; otherwise a missing browser is a failure, never a silent skip."""
    if os.environ.get("CREDCAT_SKIP_BROWSER") == "1":
        pytest.skip("CREDCAT_SKIP_BROWSER=1")
    if not CHROMIUM.is_file():
        pytest.fail(MISSING, pytrace=False)


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("browser") is not None:
        _check_chromium()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Launch Debian's Chromium, never a downloaded browser, and keep it off the network."""
    _check_chromium()
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": ARGS}


def pytest_configure(config: pytest.Config) -> None:
    # pytest-playwright defines its base_url fixture on a plugin instance when pytest-base-url
    # is not installed; pytest 9.2 deprecates that, and this suite makes warnings errors.
    config.addinivalue_line(
        "filterwarnings",
        "ignore:Session-scoped fixtures defined as instance methods"
        ":pytest.PytestDeprecationWarning",
    )


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never touch the internet: urllib may only reach loopback addresses."""
    import urllib.request
    from urllib.parse import urlsplit

    real = urllib.request.urlopen

    def loopback_only(url: Any, *args: Any, **kwargs: Any) -> Any:
        target = url.full_url if hasattr(url, "full_url") else str(url)
        if urlsplit(target).hostname not in ("127.0.0.1", "localhost", "::1"):
            raise OSError(f"tests may not fetch {target}")
        return real(url, *args, **kwargs)

    monkeypatch.setattr(urllib.request, "urlopen", loopback_only)

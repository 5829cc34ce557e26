"""A build killed at any moment leaves the previous complete site or the new one, never a mix."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.generate import write_varied_catalog


def _tree(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _build(cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "credcat", "build", "-q"],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "CREDCAT_JOBS": "1"},
    )


def test_sigkill_during_build_never_leaves_a_mixture(tmp_path: Path) -> None:
    content = write_varied_catalog(tmp_path, 120)
    site = tmp_path / "site"
    cache = tmp_path / ".credcat-cache"
    assert _build(tmp_path).wait() == 0
    old = _tree(site)
    # The new version changes every credential page.
    for path in (content / "credentials").glob("*.md"):
        path.write_text(
            path.read_text(encoding="utf-8").replace("## About", "## All about"), "utf-8"
        )
    assert _build(tmp_path).wait() == 0
    new = _tree(site)
    assert new != old
    shutil.rmtree(site)
    shutil.rmtree(cache)
    started = time.monotonic()
    assert _build(tmp_path).wait() == 0  # a cold build, as each attempt below is
    duration = time.monotonic() - started
    assert _tree(site) == new
    for path in (content / "credentials").glob("*.md"):
        path.write_text(
            path.read_text(encoding="utf-8").replace("## All about", "## About"), "utf-8"
        )
    assert _build(tmp_path).wait() == 0
    assert _tree(site) == old

    rng = random.Random(7)
    outcomes = {"old": 0, "new": 0}
    for attempt in range(12):
        shutil.rmtree(cache, ignore_errors=True)  # every attempt does the whole write again
        target_text, other = (
            ("## All about", "## About") if attempt % 2 == 0 else ("## About", "## All about")
        )
        for path in (content / "credentials").glob("*.md"):
            path.write_text(path.read_text(encoding="utf-8").replace(other, target_text), "utf-8")
        before = _tree(site)
        proc = _build(tmp_path)
        time.sleep(rng.uniform(0.4 * duration, 1.2 * duration))  # the write is at the end
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        after = _tree(site)
        assert after in (old, new), f"attempt {attempt}: the site is a mixture"
        outcomes["old" if after == before else "new"] += 1
        assert _build(tmp_path).wait() == 0  # the next build recovers and cleans up
        staging = (".credcat-tmp-", ".credcat-old-")
        leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(staging)]
        assert leftovers == []
    assert sum(outcomes.values()) == 12
    print(f"killed builds left the old site {outcomes['old']} times, the new {outcomes['new']}")


_KILL_AT = {
    # stage -> (module, function, kill before or after the call, on which call)
    "checking": ("credcat.load.pipeline", "resolve_graph", "before", "1"),
    "rendering": ("credcat.publish.build", "_remember", "before", "3"),  # outputs partly staged
    "staging": ("credcat.publish.writer", "_write_new", "after", "4"),
    "staged in the spare, pruned": ("credcat.publish.writer", "_prune", "after", "1"),
    "swapped, cache not saved": ("credcat.publish.writer", "_swap", "after", "1"),
    "saving the cache": ("credcat.load.cache.BuildCache", "save", "before", "1"),
    "cache saved": ("credcat.load.cache.BuildCache", "save", "after", "1"),
}
_KILLER = """
import importlib, os, signal, sys
module_name, name, when, on_call = sys.argv[1:5]
module_path, _, cls = module_name.partition(".BuildCache")
owner = importlib.import_module(module_path)
if cls or module_name.endswith("BuildCache"):
    owner = owner.BuildCache
real = getattr(owner, name)
calls = []
def killing(*args, **kwargs):
    calls.append(1)
    if len(calls) == int(on_call):
        if when == "after":
            real(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)
    return real(*args, **kwargs)
setattr(owner, name, killing)
from credcat.commands.cli import main
sys.exit(main(["build", "-q"]))
"""


def _edit(content: Path, old: str, new: str) -> None:
    for path in sorted((content / "credentials").glob("*.md"))[:5]:
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), "utf-8")


def test_a_kill_at_any_stage_never_poisons_the_next_build(tmp_path: Path) -> None:
    """Whatever stage a build dies in, the next build equals a clean build, byte for byte."""
    work = tmp_path / "work"
    content = write_varied_catalog(work, 12)
    clean = tmp_path / "clean"
    for stage, args in _KILL_AT.items():
        for path in (work / "site", work / ".credcat-cache"):
            shutil.rmtree(path, ignore_errors=True)
        assert _build(work).wait() == 0  # the site and cache of version 1
        # Another version and back: the site replaced is kept as the spare that the killed
        # build stages in (see credcat.publish.writer).
        _edit(content, "## About", "## On")
        assert _build(work).wait() == 0
        _edit(content, "## On", "## About")
        assert _build(work).wait() == 0
        assert (work / ".credcat-cache" / "spare-site").is_dir()
        _edit(content, "## About", "## All about")  # version 2, killed on its way
        env = {**os.environ, "CREDCAT_JOBS": "1"}
        killed = subprocess.run(
            [sys.executable, "-c", _KILLER, *args], cwd=work, env=env, check=False
        )
        assert killed.returncode == -signal.SIGKILL, stage
        _edit(content, "## All about", "## About")  # back to version 1
        for path in sorted((content / "credentials").glob("*.md")):
            os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
        assert _build(work).wait() == 0
        shutil.rmtree(clean, ignore_errors=True)
        shutil.copytree(content, clean / "content")
        assert _build(clean).wait() == 0
        assert _tree(work / "site") == _tree(clean / "site"), stage

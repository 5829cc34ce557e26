"""Benchmark credcat: generate N synthetic credentials, time validate and build.

Usage: python bench/bench.py [N ...] [--keep DIR]

Each measurement runs credcat in a fresh subprocess and reports wall time and the child's
peak resident memory (ru_maxrss). A second build with nothing changed is timed too, and so is
the share-preview step alone ("previews": composing and painting every 1200x630 PNG, as the
cold build does, on every core; included in the cold build's time).
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_WORD_TEXT = (
    "data analysis python cloud security networks design safety welding nursing care accounting "
    "finance marketing logistics robotics sensors teaching coaching leadership statistics "
    "machine learning ethics law tourism hospitality agriculture energy solar"
)
WORDS = _WORD_TEXT.split()
FRAMEWORKS = [("EQF", "4"), ("EQF", "5"), ("MQF", "3"), ("MQF", "4"), ("KKNI", "6")]
DELIVERY = ["online", "in-person", "blended"]
LANGS = [["en"], ["ms"], ["id"], ["en", "ms"]]


def generate(root: Path, n: int, seed: int = 7) -> None:
    """Write a catalog of ``n`` credentials and 5 issuers under ``root``."""
    rng = random.Random(seed)
    (root / "issuers").mkdir(parents=True)
    (root / "credentials").mkdir()
    (root / "catalog.yaml").write_text(
        "title: Benchmark catalog\nbase_url: https://bench.example.org/catalog/\n"
        "language: en\nper_page: 50\n",
        encoding="utf-8",
    )
    for i in range(5):
        (root / "issuers" / f"issuer-{i}.yaml").write_text(
            f"name: Institute {i}\nurl: https://i{i}.example.org/\n"
            f"email: badges@i{i}.example.org\ncountry: MY\n",
            encoding="utf-8",
        )
    for i in range(n):
        words = rng.sample(WORDS, 3)
        fw, level = rng.choice(FRAMEWORKS)
        hours = rng.choice([20, 40, 80, 120])
        text = f"""---
title: {words[0].title()} {words[1]} {i}
summary: Apply {words[0]} and {words[1]} skills to {words[2]} problems at work.
issuer: issuer-{i % 5}
type: MicroCredential
version: "1.{i % 3}"
criteria: |
  Complete the {words[0]} project and pass a **supervised** assessment:

  - submit a portfolio
  - present to an assessor
learning_outcomes:
  - Explain the core ideas of {words[0]}.
  - Apply {words[1]} methods to a realistic {words[2]} case.
skills:
  - name: {words[0]}
    framework: ESCO
    url: http://data.europa.eu/esco/skill/{i:08d}-0000-4000-8000-000000000000
level: {{framework: {fw}, value: {level}}}
credits: {{value: {hours / 40:g}, system: MQA}}
workload_hours: {hours}
duration: {rng.randint(2, 12)} weeks
cost: {{amount: {rng.choice([0, 0, 150, 450, 1200])}, currency: MYR}}
participation: {rng.choice(DELIVERY)}
languages: [{", ".join(rng.choice(LANGS))}]
tags: [{words[0]}, {words[1]}]
published: 2025-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}
---
## What you will do

You will learn {words[0]} through a series of short, practical tasks about {words[1]}.
Each week ends with a quiz and a small project on **{words[2]}**.

| Week | Topic |
|------|-------|
| 1 | {words[0]} basics |
| 2 | {words[1]} in practice |
"""
        (root / "credentials" / f"cred-{i:06d}.md").write_text(text, encoding="utf-8")


PREVIEWS = """
import resource, sys, time
from pathlib import Path
from credcat.publish import build
from credcat.load.pipeline import load_catalog
from credcat.core.diagnostics import Report
from credcat.core.parallel import map_in_order
from credcat.render.preview import fonts_in
from credcat.render.render_preview import share_previews
from credcat.check.theme import builtin_theme

catalog = load_catalog(Path(sys.argv[1]), Report())
assert catalog is not None
fonts = fonts_in(builtin_theme() / "fonts")
badge = (builtin_theme() / "static/badge.svg").read_bytes()
def cpu():
    own, workers = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime
started, cpu_started = time.perf_counter(), cpu()
views = [v.catalog for v in build._language_views(catalog)]
drawn = share_previews(views, fonts, badge).drawn
build._RENDER_STATE[:] = [[(d.path, "", d.layout) for d in drawn], fonts]
pngs = map_in_order(build._render_png, list(range(len(drawn))))
seconds, cpu_seconds = time.perf_counter() - started, cpu() - cpu_started
print(f"{len(pngs)} previews, {sum(map(len, pngs)) / len(pngs) / 1024:.0f} KiB, "
      f"{seconds / len(pngs) * 1000:.1f} ms wall and {cpu_seconds / len(pngs) * 1000:.1f} ms "
      "CPU each", file=sys.stderr)
"""
"""The share previews of a catalog, rendered as ``credcat build`` renders them."""


def run(args: list[str], *, code: str | None = None) -> tuple[float, float, float]:
    """Run credcat (or ``code``) in a subprocess; return (wall seconds, CPU seconds of it and
    its workers, peak RSS MiB)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    started = time.perf_counter()
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "credcat"]
    proc = subprocess.run([*command, *args], capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime - cpu_before
    if proc.returncode != 0:
        sys.exit(f"credcat {' '.join(args)} failed:\n{proc.stderr[-3000:]}")
    if code:
        print(f"{'':>7} {proc.stderr.strip()}", flush=True)
    # ru_maxrss of children is the max over all children so far: run sizes in increasing order.
    return wall, cpu, max(peak, before) / 1024


def main() -> None:
    """Parse arguments and print a table of figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--keep", type=Path, help="keep generated catalogs in this folder")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="credcat-bench-"))
    print(f"{'N':>7} {'step':<14} {'wall s':>8} {'CPU s':>8} {'peak MiB':>9}")
    try:
        for n in sorted(args.sizes):
            root = base / f"n{n}"
            shutil.rmtree(root, ignore_errors=True)
            generate(root / "content", n)
            out = root / "site"
            for step, cli in (
                ("validate", ["validate", str(root / "content")]),
                ("build (cold)", ["build", "-q", str(root / "content"), "-o", str(out)]),
                ("build (again)", ["build", "-q", str(root / "content"), "-o", str(out)]),
            ):
                wall, cpu, peak = run(cli)
                print(f"{n:>7} {step:<14} {wall:>8.2f} {cpu:>8.2f} {peak:>9.0f}", flush=True)
            wall, cpu, peak = run([str(root / "content")], code=PREVIEWS)
            print(f"{n:>7} {'previews':<14} {wall:>8.2f} {cpu:>8.2f} {peak:>9.0f}", flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()

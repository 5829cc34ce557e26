"""Measure credcat against Hugo, MkDocs and Pelican on one shared corpus.

Usage: python bench/peers.py [N ...] [--tools credcat,hugo,mkdocs,pelican] [--bin DIR]
       [--keep DIR] [--json FILE] [--no-previews]

One generated corpus of N credentials (the same front matter fields and the same Markdown body
of about 3.7 KB for every tool) is written in each tool's own input format:

- credcat: ``catalog.yaml``, ``issuers/*.yaml``, ``credentials/*.md`` (YAML front matter);
- Hugo: ``content/credentials/*.md`` with the same YAML front matter, minimal layouts that
  render the fields and the body as HTML and the fields as JSON (one page and one JSON file per
  credential, like credcat's page and BadgeClass);
- MkDocs: ``docs/credentials/*.md`` with the same YAML front matter (MkDocs' built-in theme,
  default navigation, as a new user gets it);
- Pelican: ``content/*.md`` with the same fields as Pelican ``Key: value`` metadata (its
  Markdown reader does not read YAML front matter), default theme.

Each tool that is installed (found on PATH, or in the ``--bin`` folders) is run three times:
cold (no output folder, no cache), after one credential's body was edited (its own cache and
output kept, as a user rebuilds), and after another one was edited ("edit again": the
steady state of a user's edits, where credcat stages in the site its last build replaced).
For each run the script prints CPU seconds (user + system of the tool and every process it
started, from the kernel's accounting of waited-for children), wall seconds, peak memory
(the largest sum of resident memory over the tool's process tree, sampled every 20 ms), and
the output's size per credential, with ratios against credcat. The machine's load average
is printed before each run: figures from a loaded machine are not comparable.

Install the peers for a comparison (none of them is needed by credcat or its tests):
``pip install mkdocs pelican`` in a virtual environment (pass its ``bin`` with ``--bin``) and
Hugo from your distribution (``apt-get install hugo``) or its release archive.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

_WORD_TEXT = (
    "data analysis python cloud security networks design safety welding nursing care "
    "accounting finance marketing logistics robotics sensors teaching coaching leadership "
    "statistics machine learning ethics law tourism hospitality agriculture energy solar"
)
WORDS = _WORD_TEXT.split()
FRAMEWORKS = [("EQF", 4), ("EQF", 5), ("MQF", 3), ("MQF", 4), ("KKNI", 6)]
DELIVERY = ["online", "in-person", "blended"]
ISSUERS = 5


@dataclass(frozen=True)
class Record:
    """One credential of the shared corpus, before it is written in a tool's format."""

    slug: str
    fields: dict[str, object]
    body: str


def records(n: int, seed: int = 11) -> list[Record]:
    """Return ``n`` credentials with the same fields and a Markdown body of about 3.7 KB."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        w = rng.sample(WORDS, 4)
        framework, level = rng.choice(FRAMEWORKS)
        hours = rng.choice([20, 40, 80, 120])
        fields: dict[str, object] = {
            "title": f"{w[0].title()} {w[1]} {i}",
            "summary": f"Apply {w[0]} and {w[1]} skills to {w[2]} problems at work.",
            "issuer": f"issuer-{i % ISSUERS}",
            "type": "MicroCredential",
            "version": f"1.{i % 3}",
            "criteria": f"Complete the {w[0]} project and pass a supervised assessment.",
            "learning_outcomes": [
                f"Explain the core ideas of {w[0]}.",
                f"Apply {w[1]} methods to a realistic {w[2]} case.",
                f"Evaluate {w[3]} decisions with evidence.",
            ],
            "skills": [
                {
                    "name": w[0],
                    "framework": "ESCO",
                    "url": f"http://data.europa.eu/esco/skill/{i:08d}-0000-4000-8000-000000000000",
                }
            ],
            "level": {"framework": framework, "value": level},
            "credits": {"value": hours / 40, "system": "MQA"},
            "workload_hours": hours,
            "duration": f"{rng.randint(2, 12)} weeks",
            "cost": {"amount": rng.choice([0, 0, 150, 450, 1200]), "currency": "MYR"},
            "participation": rng.choice(DELIVERY),
            "languages": ["en"],
            "tags": [w[0], w[1]],
            "published": f"2025-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        }
        out.append(Record(f"cred-{i:06d}", fields, _body(w, rng)))
    return out


def _body(w: list[str], rng: random.Random) -> str:
    weeks = "\n".join(
        f"| {k} | {rng.choice(WORDS)} {rng.choice(WORDS)} in practice | {rng.randint(2, 8)} |"
        for k in range(1, 9)
    )
    paragraph = (
        f"You will learn {w[0]} through a series of short, practical tasks about {w[1]}. "
        f"Each week ends with a quiz and a small project on **{w[2]}**, reviewed by a "
        f"practitioner who works with {w[3]} every day. The tasks use real data sets and "
        "the tools that employers in the region ask for, so that what you build can go "
        "straight into a portfolio. "
    )
    return (
        f"## What you will do\n\n{paragraph * 3}\n\n"
        f"## Who it is for\n\n{paragraph * 2}\n\n"
        "## Weekly plan\n\n| Week | Topic | Hours |\n|------|-------|-------|\n"
        f"{weeks}\n\n"
        "## How you are assessed\n\n"
        + "".join(
            f"- {rng.choice(WORDS).title()} task with a written reflection.\n" for _ in range(6)
        )
        + f"\n{paragraph * 2}\n"
    )


def _yaml_scalar(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def front_matter(fields: dict[str, object]) -> str:
    """YAML front matter (JSON is valid YAML: every tool reads the same bytes)."""
    lines = [f"{key}: {_yaml_scalar(value)}" for key, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


SETTINGS = {"previews": True}
"""``--no-previews``: credcat draws no share previews (the peers draw none)."""


def write_credcat(root: Path, corpus: list[Record]) -> Path:
    """Write the corpus as a credcat catalog; return the folder to build."""
    content = root / "content"
    (content / "issuers").mkdir(parents=True)
    (content / "credentials").mkdir()
    (content / "catalog.yaml").write_text(
        "title: Peer benchmark\nbase_url: https://bench.example.org/catalog/\n"
        "language: en\nper_page: 50\n" + ("" if SETTINGS["previews"] else "previews: false\n"),
        encoding="utf-8",
    )
    for i in range(ISSUERS):
        (content / "issuers" / f"issuer-{i}.yaml").write_text(
            f"name: Institute {i}\nurl: https://i{i}.example.org/\n"
            f"email: badges@i{i}.example.org\ncountry: MY\n",
            encoding="utf-8",
        )
    for rec in corpus:
        path = content / "credentials" / f"{rec.slug}.md"
        path.write_text(front_matter(rec.fields) + rec.body, encoding="utf-8")
    return content


_HUGO_SINGLE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{{ .Title }}</title></head><body><main><h1>{{ .Title }}</h1>
<p>{{ .Params.summary }}</p><dl>
<dt>Issuer</dt><dd>{{ .Params.issuer }}</dd>
<dt>Workload</dt><dd>{{ .Params.workload_hours }} hours</dd>
<dt>Level</dt><dd>{{ .Params.level.framework }} {{ .Params.level.value }}</dd>
<dt>Credits</dt><dd>{{ .Params.credits.value }} {{ .Params.credits.system }}</dd>
<dt>Cost</dt><dd>{{ .Params.cost.amount }} {{ .Params.cost.currency }}</dd></dl>
<ul>{{ range .Params.learning_outcomes }}<li>{{ . }}</li>{{ end }}</ul>
{{ .Content }}</main></body></html>
"""
_HUGO_LIST = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{{ .Title }}</title></head><body><main><h1>{{ .Title }}</h1><ul>
{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
{{ .Params.summary }}</li>{{ end }}
</ul></main></body></html>
"""


def write_hugo(root: Path, corpus: list[Record]) -> Path:
    """Write the corpus as a Hugo site; return the site folder."""
    site = root / "hugo"
    posts = site / "content" / "credentials"
    posts.mkdir(parents=True)
    layouts = site / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (site / "hugo.toml").write_text(
        'baseURL = "https://bench.example.org/catalog/"\ntitle = "Peer benchmark"\n'
        'disableKinds = ["taxonomy", "term"]\n[pagination]\npagerSize = 50\n'
        "[outputs]\npage = ['html', 'json']\n",
        encoding="utf-8",
    )
    (layouts / "single.html").write_text(_HUGO_SINGLE, encoding="utf-8")
    (layouts / "list.html").write_text(_HUGO_LIST, encoding="utf-8")
    (layouts / "single.json").write_text("{{ .Params | jsonify }}\n", encoding="utf-8")
    for rec in corpus:
        (posts / f"{rec.slug}.md").write_text(front_matter(rec.fields) + rec.body, encoding="utf-8")
    return site


def write_mkdocs(root: Path, corpus: list[Record]) -> Path:
    """Write the corpus as an MkDocs project; return its ``mkdocs.yml``."""
    project = root / "mkdocs"
    docs = project / "docs" / "credentials"
    docs.mkdir(parents=True)
    (project / "docs" / "index.md").write_text("# Peer benchmark\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        "site_name: Peer benchmark\nsite_url: https://bench.example.org/catalog/\n",
        encoding="utf-8",
    )
    for rec in corpus:
        (docs / f"{rec.slug}.md").write_text(
            front_matter(rec.fields) + f"# {rec.fields['title']}\n\n" + rec.body, encoding="utf-8"
        )
    return project / "mkdocs.yml"


def write_pelican(root: Path, corpus: list[Record]) -> Path:
    """Write the corpus as a Pelican project; return its settings file."""
    project = root / "pelican"
    content = project / "content"
    content.mkdir(parents=True)
    (project / "pelicanconf.py").write_text(
        "SITENAME = 'Peer benchmark'\nSITEURL = ''\nTIMEZONE = 'UTC'\nDEFAULT_PAGINATION = 50\n"
        "FEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\nAUTHOR_FEED_ATOM = None\n"
        "AUTHOR_FEED_RSS = None\nRELATIVE_URLS = True\nLOAD_CONTENT_CACHE = True\n"
        f"CACHE_PATH = {str(project / 'cache')!r}\n",
        encoding="utf-8",
    )
    for rec in corpus:
        meta = dict(rec.fields)
        lines = [f"Title: {meta.pop('title')}", f"Date: {meta.pop('published')}"]
        lines.append(f"Tags: {', '.join(str(t) for t in meta.pop('tags'))}")  # type: ignore[attr-defined]
        lines += [f"{key}: {_yaml_scalar(value)}" for key, value in meta.items()]
        (content / f"{rec.slug}.md").write_text(
            "\n".join(lines) + "\n\n" + rec.body, encoding="utf-8"
        )
    return project / "pelicanconf.py"


@dataclass(frozen=True)
class Tool:
    """How to prepare, build and edit one tool's copy of the corpus."""

    name: str
    executable: str
    write: Callable[[Path, list[Record]], Path]
    command: Callable[[str, Path, Path], list[str]]
    edited: Callable[[Path, str], Path]


TOOLS = [
    Tool(
        "credcat",
        sys.executable,
        write_credcat,
        lambda exe, src, out: [exe, "-m", "credcat", "build", "-q", str(src), "-o", str(out)],
        lambda src, slug: src / "credentials" / f"{slug}.md",
    ),
    Tool(
        "hugo",
        "hugo",
        write_hugo,
        lambda exe, src, out: [exe, "--quiet", "-s", str(src), "-d", str(out)],
        lambda src, slug: src / "content" / "credentials" / f"{slug}.md",
    ),
    Tool(
        "mkdocs",
        "mkdocs",
        write_mkdocs,
        lambda exe, src, out: [exe, "build", "-q", "-f", str(src), "-d", str(out)],
        lambda src, slug: src.parent / "docs" / "credentials" / f"{slug}.md",
    ),
    Tool(
        "pelican",
        "pelican",
        write_pelican,
        lambda exe, src, out: [
            exe,
            str(src.parent / "content"),
            "-s",
            str(src),
            "-o",
            str(out),
            "-q",
        ],
        lambda src, slug: src.parent / "content" / f"{slug}.md",
    ),
]


@dataclass(frozen=True)
class Figures:
    """One run of one tool."""

    cpu: float
    wall: float
    peak_mib: float
    load: float


def _tree_rss_kib(root_pid: int) -> int:
    """Sum of resident memory of ``root_pid`` and its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text(encoding="ascii", errors="replace")
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        rss[pid] = int(fields[21]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
    total, stack = 0, [root_pid]
    children: dict[int, list[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def measure(cmd: list[str], cwd: Path) -> Figures:
    """Run ``cmd``; return its CPU and wall seconds and the peak memory of its process tree."""
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kib(proc.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Figures(cpu, wall, peak / 1024, load)


def site_size(out: Path) -> tuple[int, int, int]:
    """Return (bytes, files, bytes in files that duplicate another file byte for byte)."""
    total = files = 0
    seen: dict[str, int] = {}
    duplicate = 0
    for path in out.rglob("*"):
        if not path.is_file() or path.name.startswith(".credcat"):
            continue
        data = path.read_bytes()
        total += len(data)
        files += 1
        digest = hashlib.sha256(data).hexdigest()
        if digest in seen:
            duplicate += len(data)
        seen[digest] = len(data)
    return total, files, duplicate


def _find(executable: str, extra: list[Path]) -> str | None:
    if Path(executable).is_absolute():
        return executable
    path = os.pathsep.join([*(str(p) for p in extra), os.environ.get("PATH", "")])
    return shutil.which(executable, path=path)


def main() -> None:
    """Parse arguments, run every installed tool, print the side-by-side table."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("sizes", nargs="*", type=int, default=[1000])
    parser.add_argument("--tools", default="credcat,hugo,mkdocs,pelican")
    parser.add_argument(
        "--bin", type=Path, action="append", default=[], help="extra folder of executables"
    )
    parser.add_argument("--keep", type=Path, help="keep generated corpora and outputs here")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument(
        "--no-previews",
        action="store_true",
        help="previews: false in credcat's catalog (the peers draw no share previews)",
    )
    args = parser.parse_args()
    SETTINGS["previews"] = not args.no_previews
    wanted = args.tools.split(",")
    base = args.keep or Path(tempfile.mkdtemp(prefix="credcat-peers-"))
    results: list[dict[str, object]] = []
    print(f"{os.cpu_count()} CPUs; load average is printed per run\n")
    header = (
        f"{'N':>6} {'tool':<8} {'run':<9} {'CPU s':>7} {'wall s':>7} {'peak MiB':>9} "
        f"{'load':>5} {'KB/cred':>8} {'dup KB/cred':>11} {'CPU x':>6}"
    )
    print(header)
    try:
        for n in sorted(args.sizes):
            corpus = records(n)
            credcat_cpu: dict[str, float] = {}
            for tool in TOOLS:
                if tool.name not in wanted:
                    continue
                exe = _find(tool.executable, args.bin)
                if exe is None:
                    print(f"{n:>6} {tool.name:<8} not installed, skipped")
                    continue
                root = base / f"n{n}" / tool.name
                shutil.rmtree(root, ignore_errors=True)
                root.mkdir(parents=True)
                src = tool.write(root, corpus)
                out = root / "out"
                for run in ("cold", "one edit", "edit again"):
                    if run != "cold":
                        which = corpus[n // 2] if run == "one edit" else corpus[n // 3]
                        page = tool.edited(src, which.slug)
                        with page.open("a", encoding="utf-8") as fh:
                            fh.write("\nOne more sentence, added by the benchmark.\n")
                    figures = measure(tool.command(exe, src, out), root)
                    size, files, dup = site_size(out)
                    if tool.name == "credcat":
                        credcat_cpu[run] = figures.cpu
                    ratio = figures.cpu / credcat_cpu[run] if run in credcat_cpu else float("nan")
                    print(
                        f"{n:>6} {tool.name:<8} {run:<9} {figures.cpu:>7.1f} {figures.wall:>7.1f} "
                        f"{figures.peak_mib:>9.0f} {figures.load:>5.2f} {size / n / 1000:>8.1f} "
                        f"{dup / n / 1000:>11.1f} {ratio:>6.2f}",
                        flush=True,
                    )
                    results.append(
                        {
                            "n": n,
                            "tool": tool.name,
                            "run": run,
                            "cpu_s": round(figures.cpu, 2),
                            "wall_s": round(figures.wall, 2),
                            "peak_mib": round(figures.peak_mib),
                            "load": round(figures.load, 2),
                            "bytes": size,
                            "files": files,
                            "duplicate_bytes": dup,
                        }
                    )
    finally:
        if args.json:
            args.json.write_text(
                json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8"
            )
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    print("\nCPU x: the tool's CPU seconds divided by credcat's for the same run.")


if __name__ == "__main__":
    main()

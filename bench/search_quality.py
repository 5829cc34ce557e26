"""Search quality: learner queries with their expected results, in real headless Chromium.

Usage: python bench/search_quality.py [--n 10000] [--before REF] [--pagefind DIR] [--only NAME]

Two catalogs: the example catalog (``content/``) and a generated one of ``--n`` credentials
whose topics are known, so every query's relevant credentials are written down below (a
topic, an issuer, or for the example catalog the credential ids). For each catalog and each
engine the site is built, served on 127.0.0.1 and every query is typed into the catalog page
of its language (``/``, ``/ms/``, ``/id/``) in Debian's Chromium; the first five result cards
are read off the page. Reported per engine: precision at 5 (relevant results among the first
five, out of five or out of the number of relevant credentials when fewer) and how often the
first result is relevant.

Engines:
- ``after``: this working tree's search;
- ``before``: the search of git revision ``--before`` (its ``src`` and ``themes`` are
  extracted with ``git archive`` and build the same catalog);
- ``pagefind``: Pagefind over the very pages the ``after`` build wrote, queried through its
  own JavaScript API in the same browser, on a page in the query's language. ``--pagefind``
  names a folder where the ``pagefind`` npm package is installed (its binary comes in the
  platform package); without it Pagefind is skipped.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, urlsplit

from playwright.sync_api import Page, sync_playwright

REPO = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
]


@dataclass(frozen=True)
class Topic:
    """A subject of generated credentials, in the language they are written in."""

    key: str
    lang: str
    titles: tuple[str, ...]
    summary: str
    skills: tuple[str, ...]


TOPICS = (
    Topic(
        "welding",
        "en",
        ("Welders' Safety Certificate", "Arc Welding Practice", "Pipe Weld Inspection"),
        "Join metal safely with arc and gas processes.",
        ("weld metal parts",),
    ),
    Topic(
        "nursing",
        "en",
        (
            "Nursing Care for Older Adults",
            "Nurses' Clinical Communication",
            "Community Nursing Practice",
        ),
        "Give safe, respectful care to patients.",
        ("provide nursing care",),
    ),
    Topic(
        "casework",
        "en",
        ("Case Management in Social Work", "Social Case Work Basics"),
        "Plan and follow up the cases of clients in social services.",
        ("manage cases",),
    ),
    Topic(
        "careers",
        "en",
        ("Career Planning for Graduates", "Career Coaching Skills"),
        "Help people plan their next career step.",
        ("career guidance",),
    ),
    Topic(
        "python",
        "en",
        ("Python Programming for Beginners", "Automating Office Tasks in Python"),
        "Write small programs that save time at work.",
        ("Python",),
    ),
    Topic(
        "cpp",
        "en",
        ("C++ Programming Fundamentals", "Modern C++ for Engineers"),
        "Write fast, safe programs with classes and templates.",
        ("C++",),
    ),
    Topic(
        "rlang",
        "en",
        ("R for Statistical Computing", "Charts and Reports in R"),
        "Analyse survey results with scripts.",
        ("R",),
    ),
    Topic(
        "ai",
        "en",
        ("AI Ethics for Managers", "Applied AI for Small Business"),
        "Use AI tools responsibly and know their limits.",
        ("artificial intelligence",),
    ),
    Topic(
        "accounting",
        "en",
        ("Accounting Principles", "Accountants' Professional Ethics", "Cost Accounting Basics"),
        "Keep books and read financial statements.",
        ("accounting",),
    ),
    Topic(
        "solar",
        "en",
        ("Solar Panel Installation", "Installing Rooftop Solar Systems"),
        "Mount, wire and test photovoltaic panels.",
        ("install solar panels",),
    ),
    Topic(
        "teaching",
        "en",
        (
            "Teaching Online Classes",
            "Teachers' Digital Toolkit",
            "Classroom Assessment for Teachers",
        ),
        "Plan lessons and assess learners fairly.",
        ("teaching",),
    ),
    Topic(
        "cloud",
        "en",
        ("Cloud Security Fundamentals", "Securing Cloud Workloads"),
        "Protect applications and data hosted in the cloud.",
        ("cloud security",),
    ),
    Topic(
        "logistics",
        "en",
        ("Green Logistics", "Warehouse Logistics Operations"),
        "Move and store goods with less waste.",
        ("logistics",),
    ),
    Topic(
        "hospitality",
        "en",
        ("Hospitality Service Excellence", "Hotel Front Office Operations"),
        "Welcome guests and solve their problems.",
        ("hotel reception",),
    ),
    Topic(
        "plumbing",
        "en",
        ("Plumbers' Safety and Codes", "Residential Plumbing Repairs"),
        "Fit and repair pipes, taps and drains.",
        ("plumbing",),
    ),
    Topic(
        "leadership",
        "en",
        ("Leading Teams at Work", "Leadership for New Supervisors"),
        "Build leadership habits that keep a team on track.",
        ("leadership",),
    ),
    Topic(
        "marketing",
        "en",
        ("Digital Marketing Basics", "Marketers' Guide to Analytics"),
        "Reach customers online and measure campaigns.",
        ("marketing",),
    ),
    Topic(
        "statistics",
        "en",
        ("Statistics for Researchers", "Applied Statistical Methods"),
        "Choose and run the right statistical test.",
        ("statistics",),
    ),
    Topic(
        "ml",
        "en",
        ("Machine Learning Foundations", "Deep Learning with Neural Networks"),
        "Train and evaluate predictive models.",
        ("machine learning",),
    ),
    Topic(
        "carpentry",
        "en",
        ("Carpentry and Joinery", "Furniture Making"),
        "Cut, join and finish timber.",
        ("carpentry",),
    ),
    Topic(
        "ev",
        "en",
        ("Electric Vehicle Maintenance", "Servicing Electric Vehicles"),
        "Inspect batteries and drive trains of electric cars.",
        ("maintain electric vehicles",),
    ),
    Topic(
        "tourism",
        "en",
        ("Sustainable Tourism", "Tour Guiding Skills"),
        "Guide visitors and protect the places they visit.",
        ("tour guiding",),
    ),
    Topic(
        "agriculture",
        "en",
        ("Smart Farming Techniques", "Agricultural Drones"),
        "Grow more with sensors, data and drones.",
        ("farming",),
    ),
    Topic(
        "cyber",
        "en",
        ("Cybersecurity Awareness", "Network Security Operations"),
        "Spot attacks and keep networks safe.",
        ("cybersecurity",),
    ),
    Topic(
        "kimpalan",
        "ms",
        ("Asas Kimpalan Arka", "Pengimpal Paip Bertauliah"),
        "Sambung logam dengan selamat menggunakan kimpalan arka.",
        ("kimpalan logam",),
    ),
    Topic(
        "jururawat",
        "ms",
        ("Asas Kejururawatan Komuniti", "Penjagaan Pesakit Warga Emas"),
        "Jururawat memberi penjagaan yang selamat kepada pesakit.",
        ("kejururawatan",),
    ),
    Topic(
        "pemasaran-ms",
        "ms",
        ("Pemasaran Digital untuk Usahawan", "Asas Pemasaran Media Sosial"),
        "Capai pelanggan dalam talian dan ukur kempen.",
        ("pemasaran",),
    ),
    Topic(
        "pengelasan",
        "id",
        ("Pengelasan SMAW Dasar", "Teknik Mengelas Pipa"),
        "Menyambung logam dengan aman menggunakan las busur.",
        ("pengelasan",),
    ),
    Topic(
        "keperawatan",
        "id",
        ("Keperawatan Gawat Darurat", "Perawatan Pasien Lansia"),
        "Memberikan perawatan yang aman kepada pasien.",
        ("keperawatan",),
    ),
    Topic(
        "pemasaran-id",
        "id",
        ("Pemasaran Digital untuk UMKM", "Strategi Memasarkan Produk Online"),
        "Menjangkau pelanggan secara daring dan mengukur kampanye.",
        ("pemasaran",),
    ),
)
FILLER = [
    *("practical", "project", "work", "skills", "assessment", "portfolio", "workplace"),
    *("weekly", "tasks", "quiz", "feedback", "mentor", "evidence", "report", "team", "case"),
    *("study", "review", "practice"),
]
ISSUERS = 5


@dataclass(frozen=True)
class Query:
    """A learner's query on the catalog page of ``lang`` and what it should find."""

    lang: str
    text: str
    relevant: tuple[str, ...]
    """Generated catalog: topic keys, or "issuer-N". Example catalog: credential ids, or
    "issuer:ID" for every credential of an issuer."""


GENERATED_QUERIES: tuple[Query, ...] = (
    Query("en", "welding", ("welding",)),
    Query("en", "welders", ("welding",)),
    Query("en", "weld", ("welding",)),
    Query("en", "pyhton", ("python",)),
    Query("en", "pytho", ("python",)),
    Query("en", "nursing care", ("nursing",)),
    Query("en", "nurses", ("nursing",)),
    Query("en", "case management", ("casework",)),
    Query("en", "C++", ("cpp",)),
    Query("en", "R", ("rlang",)),
    Query("en", "AI", ("ai",)),
    Query("en", "institute 3", ("issuer-3",)),
    Query("en", "accountants", ("accounting",)),
    Query("en", "accounting", ("accounting",)),
    Query("en", "installing solar panels", ("solar",)),
    Query("en", "sollar", ("solar",)),
    Query("en", "teachers", ("teaching",)),
    Query("en", "teach", ("teaching",)),
    Query("en", "cloud securty", ("cloud",)),
    Query("en", "logistic", ("logistics",)),
    Query("en", "leadership", ("leadership",)),
    Query("en", "machine learning", ("ml",)),
    Query("en", "statistical", ("statistics",)),
    Query("en", "plumber", ("plumbing",)),
    Query("en", "electric vehicles", ("ev",)),
    Query("en", "marketers", ("marketing",)),
    Query("en", "hotel", ("hospitality",)),
    Query("en", "farming", ("agriculture",)),
    Query("en", "careers", ("careers",)),
    Query("en", "cybersecurity", ("cyber",)),
    Query("ms", "kimpalan", ("kimpalan",)),
    Query("ms", "jururawat", ("jururawat",)),
    Query("ms", "pemasaran digital", ("pemasaran-ms", "pemasaran-id")),
    Query("ms", "kejururawatan komuniti", ("jururawat",)),
    Query("id", "pengelasan", ("pengelasan",)),
    Query("id", "mengelas", ("pengelasan",)),
    Query("id", "perawatan pasien", ("keperawatan",)),
    Query("id", "memasarkan", ("pemasaran-id",)),
)
EXAMPLE_QUERIES: tuple[Query, ...] = (
    Query("en", "welding", ("pengelasan-smaw-dasar",)),
    Query("en", "pyhton", ("python-for-data",)),
    Query("en", "dashbords", ("data-visualisation-dashboards", "data-analytics-certificate")),
    Query("en", "spreadsheets", ("data-analysis-spreadsheets",)),
    Query(
        "en",
        "analysing data",
        (
            "data-analysis-spreadsheets",
            "python-for-data",
            "data-analytics-certificate",
            "data-visualisation-dashboards",
        ),
    ),
    Query("en", "cloud securty", ("cloud-security-fundamentals",)),
    Query("en", "cybersecurity", ("asas-keselamatan-siber", "cloud-security-fundamentals")),
    Query("en", "rooftop solar", ("instalasi-panel-surya",)),
    Query("en", "solar", ("instalasi-panel-surya", "teknisi-energi-terbarukan")),
    Query("en", "machine learning", ("machine-learning-foundations",)),
    Query("en", "sql", ("sql-fundamentals",)),
    Query("en", "agile", ("agile-project-delivery",)),
    Query("en", "data protection", ("personal-data-protection",)),
    Query("en", "logistic", ("green-logistics",)),
    Query("en", "electric vehicle", ("perawatan-kendaraan-listrik",)),
    Query("en", "visualisation", ("data-visualisation-dashboards",)),
    Query("en", "python data", ("python-for-data",)),
    Query("en", "politeknik nusantara", ("issuer:polinusa",)),
    Query("en", "skillsforward", ("issuer:skillsforward",)),
    Query("en", "universiti maju", ("issuer:unimaju",)),
    Query("ms", "hamparan", ("data-analysis-spreadsheets",)),
    Query("ms", "keselamatan siber", ("asas-keselamatan-siber",)),
    Query("ms", "pembelajaran mesin", ("machine-learning-foundations",)),
    Query("ms", "keusahawanan", ("asas-keusahawanan-digital",)),
    Query("id", "panel surya", ("instalasi-panel-surya",)),
    Query("id", "mengelas", ("pengelasan-smaw-dasar",)),
    Query("id", "kendaraan listrik", ("perawatan-kendaraan-listrik",)),
    Query("id", "energi terbarukan", ("teknisi-energi-terbarukan",)),
    Query("id", "keselamatan kerja", ("k3-konstruksi",)),
    Query("id", "K3", ("k3-konstruksi",)),
)


def generate(root: Path, n: int, seed: int = 11) -> dict[str, str]:
    """Write a catalog of ``n`` credentials in English, Malay and Indonesian under ``root``;
    return each credential's id -> topic key (and "issuer-N" through ``issuer_of``)."""
    rng = random.Random(seed)
    (root / "issuers").mkdir(parents=True)
    (root / "credentials").mkdir()
    (root / "catalog.yaml").write_text(
        "title: Quality benchmark catalog\nbase_url: https://bench.example.org/\n"
        "language: en\nlanguages: [en, ms, id]\nper_page: 50\n",
        encoding="utf-8",
    )
    for i in range(ISSUERS):
        (root / "issuers" / f"issuer-{i}.yaml").write_text(
            f"name: Institute {i}\nurl: https://i{i}.example.org/\n"
            f"email: badges@i{i}.example.org\ncountry: MY\n",
            encoding="utf-8",
        )
    topics: dict[str, str] = {}
    for i in range(n):
        topic = TOPICS[rng.randrange(len(TOPICS))]
        cid = f"cred-{i:05d}"
        topics[cid] = topic.key
        filler = " ".join(rng.sample(FILLER, 8))
        skills = "".join(
            f"  - name: {s}\n    framework: ESCO\n"
            f"    url: http://data.europa.eu/esco/skill/{i:08d}-{k:04d}-4000-8000-000000000000\n"
            for k, s in enumerate(topic.skills)
        )
        (root / "credentials" / f"{cid}.md").write_text(
            f"---\ntitle: {json.dumps(rng.choice(topic.titles))}\n"
            f"summary: {json.dumps(topic.summary)}\nissuer: issuer-{i % ISSUERS}\n"
            f'type: MicroCredential\nversion: "1.0"\ncriteria: Pass a supervised assessment.\n'
            f"skills:\n{skills}workload_hours: {rng.choice([20, 40, 80, 120])}\n"
            f"participation: {rng.choice(['online', 'in-person', 'blended'])}\n"
            f"languages: [{topic.lang}]\ntext_language: {topic.lang}\n"
            f"published: 2025-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}\n---\n{filler}\n",
            encoding="utf-8",
        )
    return topics


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet."""


@contextmanager
def _serve(root: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def _build(src: Path, content: Path, site: Path, base: str) -> None:
    """Build ``content`` into ``site`` with the credcat whose sources are in ``src``."""
    env = {**os.environ, "PYTHONPATH": str(src / "src")}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "credcat",
            "build",
            "-q",
            str(content),
            "-o",
            str(site),
            "--base-url",
            base,
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        sys.exit(f"build with {src} failed:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")


def _ids(hrefs: list[str]) -> list[str]:
    out = []
    for href in hrefs:
        parts = [p for p in urlsplit(href).path.split("/") if p]
        if "credentials" in parts and parts.index("credentials") + 1 < len(parts):
            out.append(parts[parts.index("credentials") + 1])
    return out


def _prefix(lang: str) -> str:
    return "" if lang == "en" else f"{lang}/"


def credcat_top(page: Page, base: str, query: Query) -> list[str]:
    """The first five results of the catalog page's own search."""
    page.goto(f"{base}{_prefix(query.lang)}?q={quote(query.text)}")
    page.wait_for_function(
        """() => { const s = document.getElementById('result-count').textContent;
        const m = /^(\\d+)/.exec(s); if (!m) return false;
        return document.querySelectorAll('#results li').length === Math.min(10, Number(m[1])); }""",
        timeout=30000,
    )
    page.wait_for_load_state("networkidle")
    hrefs = page.eval_on_selector_all("#results h3 a", "els => els.map(a => a.href)")
    return _ids(hrefs)[:5]


def pagefind_top(page: Page, base: str, query: Query) -> list[str]:
    """The first five credential pages Pagefind finds (it also finds other pages)."""
    page.goto(f"{base}pagefind-bench-{query.lang}.html")
    hrefs = page.evaluate(
        """async (q) => { const pf = await import('./pagefind/pagefind.js');
        const r = await pf.search(q); const out = [];
        for (const hit of r.results.slice(0, 40)) {
          const d = await hit.data(); if (d.url.includes('/credentials/')) out.push(d.url);
          if (out.length >= 5) break; }
        return out; }""",
        query.text,
    )
    return _ids([base + h.lstrip("/") for h in hrefs])[:5]


def score(found: list[str], relevant: set[str]) -> tuple[float, bool]:
    """Precision at 5 (out of min(5, relevant)) and whether the first result is relevant."""
    hits = sum(1 for cid in found[:5] if cid in relevant)
    return hits / min(5, len(relevant)), bool(found) and found[0] in relevant


def evaluate(
    base: str, engine: str, queries: tuple[Query, ...], relevant_of: dict[str, set[str]]
) -> dict[str, object]:
    """Run every query against the site served at ``base``; return the figures and misses."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_context(bypass_csp=True).new_page()
        total_p, firsts, misses = 0.0, 0, []
        for query in queries:
            top = (pagefind_top if engine == "pagefind" else credcat_top)(page, base, query)
            relevant = relevant_of[query.text + "|" + query.lang]
            precision, first = score(top, relevant)
            total_p += precision
            firsts += first
            if precision < 1 or not first:
                misses.append(f"{query.lang}:{query.text!r} p@5={precision:.2f} top={top[:3]}")
        browser.close()
    return {
        "p@5": total_p / len(queries),
        "first right": firsts / len(queries),
        "misses": misses,
    }


def _relevant_generated(topics: dict[str, str], queries: tuple[Query, ...]) -> dict[str, set[str]]:
    out = {}
    for q in queries:
        out[q.text + "|" + q.lang] = {
            cid
            for cid, topic in topics.items()
            if topic in q.relevant or f"issuer-{int(cid[5:]) % ISSUERS}" in q.relevant
        }
    return out


def _relevant_example(queries: tuple[Query, ...]) -> dict[str, set[str]]:
    issuer_of = {}
    for path in (REPO / "content" / "credentials").glob("*.md"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("issuer:"):
                issuer_of[path.stem] = line.split(":", 1)[1].strip()
                break
    out = {}
    for q in queries:
        ids = {r for r in q.relevant if not r.startswith("issuer:")}
        ids |= {c for c, i in issuer_of.items() if f"issuer:{i}" in q.relevant}
        out[q.text + "|" + q.lang] = ids
    return out


def _pagefind(site: Path, folder: Path) -> None:
    """Index ``site`` with Pagefind and add a blank page per language to query it from."""
    binary = folder / "node_modules" / ".bin" / "pagefind"
    subprocess.run([str(binary), "--site", str(site)], check=True, capture_output=True)
    for lang in ("en", "ms", "id"):
        (site / f"pagefind-bench-{lang}.html").write_text(
            f'<!doctype html><html lang="{lang}"><title>q</title></html>', encoding="utf-8"
        )


def main() -> None:
    """Build each catalog with each engine and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10000)
    parser.add_argument("--before", help="git revision whose search is compared")
    parser.add_argument("--pagefind", type=Path, help="folder with the pagefind npm package")
    parser.add_argument("--only", choices=["example", "generated"])
    parser.add_argument("-v", "--verbose", action="store_true", help="list the misses")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="credcat-quality-"))
    try:
        trees = {"after": REPO}
        if args.before:
            old = work / "before"
            old.mkdir()
            archive = subprocess.run(
                ["git", "-C", str(REPO), "archive", args.before, "src", "themes"],
                check=True,
                capture_output=True,
            ).stdout
            subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
            trees = {"before": old, "after": REPO}
        catalogs = []
        if args.only != "generated":
            catalogs.append(
                ("example", REPO / "content", EXAMPLE_QUERIES, _relevant_example(EXAMPLE_QUERIES))
            )
        if args.only != "example":
            content = work / "generated"
            topics = generate(content, args.n)
            catalogs.append(
                (
                    f"generated {args.n}",
                    content,
                    GENERATED_QUERIES,
                    _relevant_generated(topics, GENERATED_QUERIES),
                )
            )
        print(f"{'catalog':<16} {'engine':<9} {'queries':>7} {'p@5':>6} {'first right':>11}")
        for name, content, queries, relevant in catalogs:
            engines = list(trees) + (["pagefind"] if args.pagefind else [])
            for engine in engines:
                site = work / f"{name}-{engine}".replace(" ", "-")
                if engine == "pagefind":
                    site = work / f"{name}-after".replace(" ", "-")
                    _pagefind(site, args.pagefind)
                else:
                    site.mkdir()
                with _serve(site) as base:
                    if engine != "pagefind":
                        _build(trees[engine], content, site, base)
                    figures = evaluate(base, engine, queries, relevant)
                print(
                    f"{name:<16} {engine:<9} {len(queries):>7} {figures['p@5']:>6.2f} "
                    f"{figures['first right']:>11.2f}",
                    flush=True,
                )
                if args.verbose:
                    for miss in figures["misses"]:  # type: ignore[attr-defined]
                        print("    miss", miss)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

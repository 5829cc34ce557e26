"""Deterministic generated catalogs of varied credentials, for standards and scale tests.

Every optional field is sometimes present and sometimes absent; every OB 3.0 achievement
type, form of participation and several frameworks, currencies, languages and scripts occur;
some credentials stack.
"""

from __future__ import annotations

import random
from pathlib import Path

from credcat.core.schema import load_schema

TYPES: list[str] = list(load_schema("credential")["properties"]["type"]["anyOf"][0]["enum"])
LEVELS = [("EQF", "4"), ("EQF", "6"), ("MQF", "3"), ("KKNI", "5"), ("AQF", "5"), ("SCQF", "7")]
CREDITS = [("MQA", 40.0), ("ECTS", 27.0), ("SKS", 45.0)]
CURRENCIES = ["MYR", "IDR", "SGD", "EUR", "USD", "THB"]
LANGS = [["en"], ["ms"], ["id"], ["en", "ms"], ["th", "en"], ["vi"], ["zh-Hans", "en"]]
TITLES = [
    "Data Analysis",
    "Cloud Security",
    "Welding Practice",
    "Analisis Data",
    "Keselamatan Siber",
    "Pemasaran Digital",
    "Pengelasan Dasar",
    "Nursing Care",
    "Green Logistics",
    "数据分析基础",
    "Café & Hospitality: Service <Basics>",
    'Robotics "Hands-on"',
]
SKILLS = [
    (
        "Data Scientists",
        "O*NET-SOC",
        "15-2051.00",
        "https://www.onetonline.org/link/summary/15-2051.00",
    ),
    (
        "Information security",
        "SFIA 8",
        "SCTY",
        "https://sfia-online.org/en/sfia-8/skills/information-security",
    ),
    ("Welders", "O*NET-SOC", "51-4121.00", "https://www.onetonline.org/link/summary/51-4121.00"),
    ("manage data", "ESCO", None, "http://data.europa.eu/esco/skill/test-manage-data"),
]


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_varied_catalog(root: Path, count: int, seed: int = 2026) -> Path:
    """Write ``count`` varied credentials and three issuers into ``root``/content."""
    rng = random.Random(seed)
    content = root / "content"
    (content / "issuers").mkdir(parents=True)
    (content / "credentials").mkdir()
    (content / "images").mkdir()
    (content / "images/b.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" width="300" height="300">'
        '<title>b</title><circle cx="5" cy="5" r="4"/></svg>\n',
        encoding="utf-8",
    )
    (content / "catalog.yaml").write_text(
        "title: Generated catalog\nbase_url: https://generated.example/catalog/\nper_page: 40\n",
        encoding="utf-8",
    )
    issuers = ["north", "selatan", "lion"]
    org_types = ["postsecondary", "technical-school", "training-provider"]
    sectors = ["public", "private-nonprofit", "private-for-profit"]
    for n, ident in enumerate(issuers):
        extra = "verification:\n  allowed_origins: [lms.north.example]\n" if n == 0 else ""
        (content / "issuers" / f"{ident}.yaml").write_text(
            f"name: Issuer {ident.title()} & Partners\nurl: https://{ident}.example/\n"
            f"email: badges@{ident}.example\ncountry: {['MY', 'ID', 'SG'][n]}\n"
            f"description: Awarding body number {n}.\n{extra}"
            f"organization_types: [{org_types[n]}]\nsector: {sectors[n]}\n",
            encoding="utf-8",
        )
    for i in range(count):
        lines = [
            "---",
            f"title: {_q(rng.choice(TITLES) + f' {i}')}",
            f"summary: {_q('Apply skills ' + str(i) + ': a one-line summary.')}",
            f"issuer: {issuers[i % 3]}",
            f"type: {TYPES[i % len(TYPES)]}",
            f"status: {'retired' if i % 17 == 5 else 'active'}",
            f"version: {_q(f'{1 + i % 3}.{i % 4}')}",
            "criteria: |",
            "  Complete the **project** and pass the assessment:",
            "",
            "  - a portfolio",
            f"  - see [rubric](https://example.org/rubric/{i})",
        ]
        if rng.random() < 0.8:
            lines.append("image: images/b.svg")
        if rng.random() < 0.8:
            lines += ["learning_outcomes:", "  - Explain the ideas.", "  - Apply the methods."]
        if rng.random() < 0.85:
            lines.append("skills:")
            for name, framework, code, url in rng.sample(SKILLS, rng.randint(1, 3)):
                lines += [
                    f"  - name: {_q(name)}",
                    f"    framework: {_q(framework)}",
                    f"    url: {url}",
                ]
                if code:
                    lines.append(f"    code: {_q(code)}")
        if rng.random() < 0.8:
            framework, value = rng.choice(LEVELS)
            lines.append(f"level: {{framework: {framework}, value: {value}}}")
        hours = rng.choice([20, 40, 80, 120])
        if rng.random() < 0.85:
            lines.append(f"workload_hours: {hours}")
        if i % 10 != 9 and rng.random() < 0.7:  # stacks: credits would have to add up
            system, per = rng.choice(CREDITS)
            amount = round(hours / per, 1) if system != "MQA" else hours / 40
            lines.append(f"credits: {{value: {amount:g}, system: {system}}}")
        if rng.random() < 0.8:
            amount = rng.choice([0, 0, 150, 990, 2500000])
            lines.append(f"cost: {{amount: {amount}, currency: {rng.choice(CURRENCIES)}}}")
        if rng.random() < 0.9:
            lines.append(f"participation: {rng.choice(['online', 'in-person', 'blended'])}")
        lines.append(f"languages: [{', '.join(rng.choice(LANGS))}]")
        if rng.random() < 0.6:
            lines.append(f"duration: {rng.randint(1, 12)} weeks")
        if rng.random() < 0.7:
            lines.append(
                "assessment: {method: Portfolio, supervised: true, identity_verified: false}"
            )
        if rng.random() < 0.6:
            lines.append("quality_assurance: {type: Internal review, body: QA Office}")
        if rng.random() < 0.5:
            lines.append(f"tags: [t{i % 7}, shared]")
        if rng.random() < 0.3:
            lines.append("valid_for: 3 years")
        if rng.random() < 0.5:
            lines.append(f"field_of_study: Field {i % 9}")
            lines.append(f"code: C-{i:04d}")
        if rng.random() < 0.6:
            lines.append(f"published: 2024-{1 + i % 12:02d}-{1 + i % 28:02d}")
        if i % 10 == 9:  # a stack of offered credentials; every other one with an elective
            a, b, c = [f"gen-{j:04d}" for j in range(i - 1, i - 9, -1) if j % 17 != 5][:3]
            if i % 20 == 9:
                lines.append(f"components: [{a}, {b}]")
            else:
                lines += [
                    "components:",
                    f"  all: [{a}, {{at_least: 1, of: [{b}, {c}], label: Electives}}]",
                ]
        lines += ["---", f"## About {i}", "", "Text with <abbr title='x'>abbr</abbr>.", ""]
        (content / "credentials" / f"gen-{i:04d}.md").write_text("\n".join(lines), "utf-8")
    return content

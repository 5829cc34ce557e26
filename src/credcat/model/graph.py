"""Resolve references between credentials and issuers; find unknown ids and cycles.

Stacking can be written from either end: a composite lists its ``components`` and a component
may name what it ``stacks_into``. Both are merged into one parent -> children relation here,
so every later stage reads a single, consistent graph. A component that names a parent whose
``components`` is a plain list (or absent) is one more required component; a parent with a
structured rule (``at_least``, ``credits``, groups) must name it in that rule itself.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from credcat.core.diagnostics import Diagnostic, Location, Severity
from credcat.core.sources import SourceDoc
from credcat.model.records import Credential, Issuer, Rule, RuleKind, Status


@dataclass(frozen=True, slots=True, kw_only=True)
class Graph:
    """The resolved relations of a catalog."""

    children: Mapping[str, tuple[str, ...]]
    """Composite credential id -> ids of its components, in author order."""
    parents: Mapping[str, tuple[str, ...]]
    """Credential id -> ids of the composites it counts towards, sorted."""
    prerequisite_of: Mapping[str, tuple[str, ...]]
    """Credential id -> ids of credentials that list it as a prerequisite, sorted."""
    by_issuer: Mapping[str, tuple[str, ...]]
    """Issuer id -> ids of its credentials, sorted."""
    rules: Mapping[str, Rule]
    """Composite credential id -> its resolved rule (stacks_into merged)."""
    recommended_for: Mapping[str, tuple[str, ...]]
    """Credential id -> ids of credentials that recommend it first, sorted."""
    by_partner: Mapping[str, tuple[tuple[str, str], ...]]
    """Issuer id -> (credential id, role) of the credentials it is a partner in, sorted."""


def resolve_graph(
    credentials: Mapping[str, Credential],
    issuers: Mapping[str, Issuer],
    docs: Mapping[str, SourceDoc],
    broken: frozenset[str] = frozenset(),
) -> tuple[Graph, list[Diagnostic]]:
    """Check every reference and build the relations; report unknown ids and cycles.

    ``broken`` holds 'issuer:<id>' and 'credential:<id>' of files that exist but failed
    their own checks: references to them are not reported again.
    """
    problems: list[Diagnostic] = []
    ids = sorted(credentials)
    children: dict[str, list[str]] = {i: [] for i in ids}
    by_issuer: dict[str, list[str]] = {i: [] for i in sorted(issuers)}
    by_partner: dict[str, list[tuple[str, str]]] = {i: [] for i in sorted(issuers)}
    prereq_of: dict[str, list[str]] = {i: [] for i in ids}
    recommended_for: dict[str, list[str]] = {i: [] for i in ids}
    joined: dict[str, list[str]] = {i: [] for i in ids}
    """Parent -> components that joined it through their stacks_into."""

    for cid in ids:
        cred, doc = credentials[cid], docs[cid]
        if cred.issuer in issuers:
            by_issuer[cred.issuer].append(cid)
        elif f"issuer:{cred.issuer}" not in broken:
            problems.append(_unknown(doc, "/issuer", "issuer", cred.issuer, issuers))
        for n, partner in enumerate(cred.partners):
            pointer = f"/partners/{n}/issuer"
            if partner.issuer == cred.issuer:
                problems.append(
                    _diag(
                        doc.locate(pointer),
                        "ref.partner",
                        f"'{partner.issuer}' is the awarding issuer; a partner is another "
                        "organisation",
                        hint="remove it from partners, or name the other organisation",
                    )
                )
            elif partner.issuer in issuers:
                by_partner[partner.issuer].append((cid, partner.role.value))
            elif f"issuer:{partner.issuer}" not in broken:
                problems.append(_unknown(doc, pointer, "issuer", partner.issuer, issuers))
        leaves = cred.pathway.leaves() if cred.pathway else ()
        for field, refs in (
            ("components", leaves),
            ("stacks_into", _numbered("stacks_into", cred.stacks_into)),
            ("prerequisites", _numbered("prerequisites", cred.prerequisites)),
            ("recommended", _numbered("recommended", cred.recommended)),
        ):
            for target, pointer in refs:
                if target == cid:
                    problems.append(
                        _diag(doc.locate(pointer), "graph.self", f"{field} names '{cid}' itself")
                    )
                elif target not in credentials:
                    if f"credential:{target}" not in broken:
                        problems.append(_unknown(doc, pointer, "credential", target, credentials))
                elif field == "components":
                    _add(children[cid], target)
                elif field == "stacks_into":
                    _add(children[target], cid)
                    joined[target].append(cid)
                elif field == "recommended":
                    recommended_for[target].append(cid)
                else:
                    prereq_of[target].append(cid)
                    if credentials[target].status is Status.DRAFT and cred.status is Status.ACTIVE:
                        problems.append(
                            _diag(
                                doc.locate(pointer),
                                "ref.draft",
                                f"prerequisite '{target}' is a draft and will not be published",
                                severity=Severity.WARNING,
                            )
                        )
    rules: dict[str, Rule] = {}
    for cid in ids:
        rule, unlisted = _resolve_rule(credentials[cid], joined[cid], children[cid])
        if rule is not None:
            rules[cid] = rule
        for kid in unlisted:
            problems.append(
                _diag(
                    docs[kid].locate(f"/stacks_into/{credentials[kid].stacks_into.index(cid)}"),
                    "stack.unlisted",
                    f"'{kid}' says it stacks into '{cid}', whose components rule does not name it",
                    hint=f"add '{kid}' to a group of '{cid}'s components, or remove it from "
                    "stacks_into",
                )
            )
    problems.extend(_cycles(children, docs, "components", "graph.cycle"))
    problems.extend(_cycles(_prereq_edges(credentials), docs, "prerequisites", "graph.cycle"))
    parents: dict[str, list[str]] = {i: [] for i in ids}
    for parent, kids in children.items():
        for kid in kids:
            parents[kid].append(parent)
    graph = Graph(
        children=_freeze(children, sort=False),
        parents=_freeze(parents),
        prerequisite_of=_freeze(prereq_of),
        by_issuer=_freeze(by_issuer),
        rules=MappingProxyType(rules),
        recommended_for=_freeze(recommended_for),
        by_partner=MappingProxyType({k: tuple(sorted(v)) for k, v in by_partner.items()}),
    )
    return graph, problems


def _numbered(field: str, targets: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((t, f"/{field}/{n}") for n, t in enumerate(targets))


def _resolve_rule(
    cred: Credential, joined: list[str], kids: list[str]
) -> tuple[Rule | None, list[str]]:
    """The credential's rule with components that joined by stacks_into; and those that
    could not join because the rule is structured."""
    named = {i for i, _ in cred.pathway.leaves()} if cred.pathway else set()
    extra = tuple(k for k in joined if k not in named)
    rule = cred.pathway
    plain = rule is None or (
        rule.kind is RuleKind.ALL and not any(isinstance(i, Rule) for i in rule.items)
    )
    if rule is None:
        if not kids:
            return None, []
        rule = Rule(kind=RuleKind.ALL, items=(), pointer="/components")
    if plain:
        return (rule.with_items(extra) if extra else rule), []
    return rule, list(extra)


def _add(items: list[str], value: str) -> None:
    if value not in items:
        items.append(value)


def _prereq_edges(credentials: Mapping[str, Credential]) -> dict[str, list[str]]:
    return {
        cid: [p for p in c.prerequisites if p in credentials and p != cid]
        for cid, c in sorted(credentials.items())
    }


def _freeze(table: dict[str, list[str]], *, sort: bool = True) -> Mapping[str, tuple[str, ...]]:
    return MappingProxyType({k: tuple(sorted(v) if sort else v) for k, v in table.items()})


def _cycles(
    edges: Mapping[str, Iterable[str]], docs: Mapping[str, SourceDoc], field: str, code: str
) -> list[Diagnostic]:
    """Find each cycle once (iterative DFS, so deep chains cannot overflow the stack)."""
    white, grey, black = 0, 1, 2
    color = dict.fromkeys(edges, white)
    found: list[Diagnostic] = []
    for start in sorted(edges):
        if color[start] != white:
            continue
        stack: list[tuple[str, list[str]]] = [(start, list(edges[start]))]
        path = [start]
        color[start] = grey
        while stack:
            node, pending = stack[-1]
            if not pending:
                color[node] = black
                stack.pop()
                path.pop()
                continue
            nxt = pending.pop(0)
            if nxt not in color:
                continue
            if color[nxt] == grey:
                cycle = [*path[path.index(nxt) :], nxt]
                doc = docs[node]
                found.append(
                    _diag(
                        doc.locate(f"/{field}")
                        if f"/{field}" in doc.parsed.values
                        else doc.locate(),
                        code,
                        f"{field} form a cycle: {' -> '.join(cycle)}",
                        hint="a credential cannot (indirectly) contain or require itself",
                    )
                )
            elif color[nxt] == white:
                color[nxt] = grey
                path.append(nxt)
                stack.append((nxt, list(edges[nxt])))
    return found


def _unknown(
    doc: SourceDoc, pointer: str, what: str, target: str, known: Mapping[str, object]
) -> Diagnostic:
    close = difflib.get_close_matches(target, list(known), n=1, cutoff=0.6)
    folder = "issuers" if what == "issuer" else "credentials"
    ext = "yaml" if what == "issuer" else "md"
    hint = f"did you mean '{close[0]}'?" if close else f"no file {folder}/{target}.{ext} exists"
    return _diag(doc.locate(pointer), "ref.unknown", f"unknown {what} '{target}'", hint=hint)


def _diag(
    loc: Location,
    code: str,
    message: str,
    *,
    hint: str | None = None,
    severity: Severity = Severity.ERROR,
) -> Diagnostic:
    return Diagnostic(location=loc, code=code, message=message, hint=hint, severity=severity)

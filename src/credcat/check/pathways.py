"""Stackable pathways: check a stack's rule, and work out what a learner still needs.

A composite credential's ``components`` is a rule (``model.records.Rule``): all of a set, at least N
of a set, or at least N credits from a set, with items that are credential ids or, one level
down, such groups. This module has three jobs, each a pure function:

- ``check_rule_shape``: what one file's rule says on its own (one kind per group, no id twice,
  N no larger than the set); runs with the other per-file value checks.
- ``check_pathways``: what needs the whole catalog (retired or draft components, credits that
  cannot be reached, totals that disagree with the composite's own credits).
- ``evaluate``: given the credentials a learner holds, what remains. The planner script in the
  default theme (``static/planner.js``) implements the same rules for the browser; a browser
  test keeps the two in step.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from credcat.core.diagnostics import Diagnostic, Severity
from credcat.core.sources import SourceDoc
from credcat.model.records import Credential, Rule, RuleKind, Status, format_number

EPSILON = 1e-9


def check_rule_shape(doc: SourceDoc) -> Iterator[Diagnostic]:
    """Problems a ``components`` rule has on its own (the schema checked its form)."""
    yield from _check_own_credits(doc)
    data = doc.data.get("components")
    if isinstance(data, dict):
        yield from _check_group(doc, data, "/components", nested=False)
        seen: dict[str, str] = {}
        for item, pointer in _leaves(data, "/components"):
            if item in seen:
                yield Diagnostic(
                    location=doc.locate(pointer),
                    code="stack.duplicate",
                    message=f"'{item}' appears twice in components (first at {seen[item]})",
                    hint="name each credential once; put it in the group where it counts",
                )
            else:
                seen[item] = _show_pointer(pointer)


def _check_own_credits(doc: SourceDoc) -> Iterator[Diagnostic]:
    """``credits.own`` belongs to a stack and is a part of ``credits.value``."""
    credits = doc.data.get("credits")
    if not isinstance(credits, dict) or not isinstance(credits.get("own"), (int, float)):
        return
    own, value = credits["own"], credits.get("value")
    if not doc.data.get("components"):
        yield Diagnostic(
            location=doc.locate("/credits/own"),
            code="stack.own-credits",
            message="credits.own is for a stack: this credential has no components",
            hint="remove own, or list the credentials it is made of under components",
        )
    elif isinstance(value, (int, float)) and own > value + EPSILON:
        yield Diagnostic(
            location=doc.locate("/credits/own"),
            code="stack.own-credits",
            message=f"credits.own ({format_number(own)}) is more than credits.value "
            f"({format_number(value)}), of which it is a part",
            hint="own counts the credits earned in this credential itself; value is the total",
        )


def _leaves(data: Any, pointer: str) -> Iterator[tuple[str, str]]:
    if isinstance(data, str):
        yield data, pointer
        return
    if not isinstance(data, dict):
        return
    for key in ("all", "of"):
        items = data.get(key)
        if isinstance(items, list):
            for n, item in enumerate(items):
                yield from _leaves(item, f"{pointer}/{key}/{n}")


def _show_pointer(pointer: str) -> str:
    """/components/all/2/of/0 -> components.all[2].of[0]."""
    out = ""
    for part in pointer.strip("/").split("/"):
        out += f"[{part}]" if part.isdigit() else (f".{part}" if out else part)
    return out


def _check_group(
    doc: SourceDoc, data: dict[str, Any], pointer: str, *, nested: bool
) -> Iterator[Diagnostic]:
    kinds = [k for k in ("all", "at_least", "credits") if k in data]
    where = _show_pointer(pointer)
    if len(kinds) != 1:
        found = " and ".join(kinds) if kinds else "none"
        yield Diagnostic(
            location=doc.locate(pointer),
            code="stack.rule",
            message=f"{where} must say exactly one of all, at_least or credits (found {found})",
            hint="e.g. {all: [a, b]}, {at_least: 2, of: [a, b, c]} or {credits: 6, of: [a, b, c]}",
        )
        return
    kind = kinds[0]
    if kind == "all" and "of" in data:
        yield Diagnostic(
            location=doc.locate(f"{pointer}/of"),
            code="stack.rule",
            message=f"{where}: 'of' goes with at_least or credits, not with all",
            hint="list the required credentials under all",
        )
        return
    if kind != "all" and "of" not in data:
        yield Diagnostic(
            location=doc.locate(f"{pointer}/{kind}"),
            code="stack.rule",
            message=f"{where}: {kind} needs 'of', the credentials to choose from",
            hint=f"e.g. {{{kind}: 2, of: [a, b, c]}}",
        )
        return
    items = data["all"] if kind == "all" else data["of"]
    if not isinstance(items, list):
        return
    if kind == "at_least" and isinstance(data["at_least"], int) and data["at_least"] > len(items):
        yield Diagnostic(
            location=doc.locate(f"{pointer}/at_least"),
            code="stack.unsatisfiable",
            message=f"at_least: {data['at_least']} but only {len(items)} to choose from",
            hint=f"lower at_least to {len(items)} or add credentials to 'of'",
        )
    for n, item in enumerate(items):
        if isinstance(item, dict):
            child = f"{pointer}/{'all' if kind == 'all' else 'of'}/{n}"
            if kind == "credits":
                yield Diagnostic(
                    location=doc.locate(child),
                    code="stack.rule",
                    message=f"{_show_pointer(child)}: a credits group lists credential ids, "
                    "not groups",
                    hint="credits are counted per credential; move the group up a level",
                )
            elif not nested:
                yield from _check_group(doc, item, child, nested=True)


@dataclass(frozen=True, slots=True)
class Remaining:
    """What a learner still needs for one group of a rule."""

    rule: Rule
    satisfied: bool
    need: float
    """Items (ALL, AT_LEAST) or credits (CREDITS) still needed."""
    candidates: tuple[str | Remaining, ...]
    """Unsatisfied items that could still count (ids, or nested groups' ``Remaining``)."""
    credits: float
    """The fewest credits that would complete the group (0 for items without credits)."""
    held_credits: float
    """Credits of held credentials that count in this group."""


def evaluate(rule: Rule, held: frozenset[str], credits: Mapping[str, float]) -> Remaining:
    """What remains of ``rule`` for a learner holding ``held``.

    ``credits`` maps a credential id to its credit value (absent: no credits). The credits
    still needed are the fewest that could complete the rule: for "at least N of", the N
    cheapest unsatisfied items; for "N credits from", the shortfall itself.
    """
    parts: list[tuple[str | Remaining, bool, float]] = []
    held_credits = 0.0
    for item in rule.items:
        if isinstance(item, Rule):
            sub = evaluate(item, held, credits)
            parts.append((sub, sub.satisfied, sub.credits))
            held_credits += sub.held_credits
        else:
            has = item in held
            value = credits.get(item, 0.0)
            parts.append((item, has, 0.0 if has else value))
            if has:
                held_credits += value
    open_items = tuple(p for p, done, _ in parts if not done)
    open_costs = sorted(cost for _, done, cost in parts if not done)
    if rule.kind is RuleKind.ALL:
        need = float(len(open_items))
        cost = sum(open_costs)
    elif rule.kind is RuleKind.AT_LEAST:
        need = max(0.0, rule.need - (len(parts) - len(open_items)))
        cost = sum(open_costs[: int(need)])
    else:
        need = max(0.0, rule.need - held_credits)
        cost = need
    return Remaining(
        rule=rule,
        satisfied=need <= EPSILON,
        need=need,
        candidates=open_items if need > EPSILON else (),
        credits=cost,
        held_credits=held_credits,
    )


def remaining_count(rule: Rule, held: frozenset[str], credits: Mapping[str, float]) -> int:
    """The fewest credentials a learner holding ``held`` still has to earn for ``rule``.

    For "N credits from", the fewest unheld credentials whose credits reach the shortfall
    (largest first); when even all of them do not reach it, all of them.
    """
    if rule.kind is RuleKind.CREDITS:
        leaves = [i for i in rule.items if isinstance(i, str)]
        short = rule.need - sum(credits.get(i, 0.0) for i in leaves if i in held)
        count = 0
        for value in sorted((credits.get(i, 0.0) for i in leaves if i not in held), reverse=True):
            if short <= EPSILON:
                break
            short -= value
            count += 1
        return count
    counts = sorted(
        remaining_count(item, held, credits) if isinstance(item, Rule) else int(item not in held)
        for item in rule.items
    )
    if rule.kind is RuleKind.ALL:
        return sum(counts)
    return sum(counts[: int(rule.need)])


def needed_count(rule: Rule, credits: Mapping[str, float]) -> int:
    """The fewest credentials that complete ``rule`` ("Earn 4 of 5")."""
    return remaining_count(rule, frozenset(), credits)


def required_ids(rule: Rule) -> tuple[str, ...]:
    """Ids every way of completing the rule needs (ALL items, or N of N)."""
    if rule.kind is RuleKind.CREDITS:
        return ()
    if rule.kind is RuleKind.AT_LEAST and int(rule.need) < len(rule.items):
        return ()
    found: list[str] = []
    for item in rule.items:
        found.extend(required_ids(item) if isinstance(item, Rule) else (item,))
    return tuple(found)


def credit_range(rule: Rule, credits: Mapping[str, float]) -> tuple[float, float]:
    """Fewest and most credits a learner earns by completing the rule with nothing spare.

    "Nothing spare": for "at least N of", exactly N items; for "N credits from", a set from
    which no credential could be left out.
    """
    ranges = [
        credit_range(item, credits) if isinstance(item, Rule) else (credits[item],) * 2
        for item in rule.items
    ]
    lows, highs = [r[0] for r in ranges], [r[1] for r in ranges]
    if rule.kind is RuleKind.ALL:
        return sum(lows), sum(highs)
    if rule.kind is RuleKind.AT_LEAST:
        n = int(rule.need)
        return sum(sorted(lows)[:n]), sum(sorted(highs, reverse=True)[:n])
    values = sorted(lows)
    totals = [sum(c) for c in _minimal_sets(values, rule.need)]
    return (min(totals), max(totals)) if totals else (rule.need, sum(values))


def _minimal_sets(values: list[float], need: float) -> Iterator[tuple[float, ...]]:
    """Sets of credit values reaching ``need`` from which no member can be dropped."""
    if len(values) > 16:  # 65,536 subsets; beyond that, report a bound instead
        return
    for size in range(1, len(values) + 1):
        for combo in itertools.combinations(values, size):
            total = sum(combo)
            if total + EPSILON >= need and total - min(combo) + EPSILON < need:
                yield combo


def check_pathways(
    credentials: Mapping[str, Credential],
    rules: Mapping[str, Rule],
    locate: Callable[[str, str], Any],
) -> list[Diagnostic]:
    """Problems of every stack that need the whole catalog.

    ``rules`` maps each composite to its resolved rule; ``locate(cid, pointer)`` gives the
    location of a pointer in a credential's file. References to unknown ids were reported
    by the graph and are skipped here.
    """
    problems: list[Diagnostic] = []
    for cid in sorted(rules):
        parent = credentials[cid]
        if parent.status is not Status.ACTIVE:
            continue
        rule = rules[cid]
        problems.extend(_check_components(cid, rule, credentials, locate))
        problems.extend(_check_credits(cid, rule, credentials, locate))
    return problems


def _offered(credentials: Mapping[str, Credential], cid: str) -> bool:
    cred = credentials.get(cid)
    return cred is not None and cred.status is Status.ACTIVE


def _check_components(
    cid: str,
    rule: Rule,
    credentials: Mapping[str, Credential],
    locate: Callable[[str, str], Any],
) -> Iterator[Diagnostic]:
    required = set(required_ids(rule))
    for item, pointer in rule.leaves():
        cred = credentials.get(item)
        if cred is None or cred.status is Status.ACTIVE:
            continue
        state = "retired" if cred.status is Status.RETIRED else "a draft"
        if item in required:
            yield Diagnostic(
                location=locate(cid, pointer),
                code=f"stack.{cred.status.value}-component",
                message=f"required component '{item}' is {state}, so '{cid}' cannot be earned",
                hint="replace it, make it optional (at_least or credits), or retire this "
                "credential too",
            )
        else:
            yield Diagnostic(
                location=locate(cid, pointer),
                code=f"stack.{cred.status.value}-component",
                message=f"component '{item}' is {state}: it no longer counts as a choice",
                hint="remove it from the rule, or replace it",
                severity=Severity.WARNING,
            )
    yield from _check_reachable(cid, rule, credentials, locate)


def _check_reachable(
    cid: str,
    rule: Rule,
    credentials: Mapping[str, Credential],
    locate: Callable[[str, str], Any],
) -> Iterator[Diagnostic]:
    """Groups that the offered (active) credentials cannot complete."""
    for item in rule.items:
        if isinstance(item, Rule):
            yield from _check_reachable(cid, item, credentials, locate)
    offered = [i for i in rule.items if isinstance(i, Rule) or _offered(credentials, i)]
    if rule.kind is RuleKind.AT_LEAST and len(rule.items) >= rule.need > len(offered):
        yield Diagnostic(
            location=locate(cid, f"{rule.pointer}/at_least"),
            code="stack.unsatisfiable",
            message=f"at_least: {format_number(rule.need)} but only {len(offered)} "
            f"{'credential' if len(offered) == 1 else 'credentials'} in 'of' "
            f"{'is' if len(offered) == 1 else 'are'} still offered",
            hint="add offered credentials to 'of' or lower at_least",
        )
    if rule.kind is RuleKind.CREDITS:
        known = [i for i in rule.items if isinstance(i, str) and i in credentials]
        for item in known:
            if credentials[item].credits is None:
                pointer = rule.item_pointers[rule.items.index(item)]
                yield Diagnostic(
                    location=locate(cid, pointer),
                    code="stack.no-credits",
                    message=f"'{item}' has no credits, so it cannot count towards "
                    f"{_credits(rule.need)}",
                    hint=f"give '{item}' credits, or move it out of this credits group",
                )
        values = [credentials[i].credits for i in known if _offered(credentials, i)]
        available = sum(c.value for c in values if c is not None)
        if available + EPSILON < rule.need:
            yield Diagnostic(
                location=locate(cid, f"{rule.pointer}/credits"),
                code="stack.unsatisfiable",
                message=f"credits: {format_number(rule.need)} but the offered credentials in "
                f"'of' add up to {format_number(available)}",
                hint="add credentials to 'of' or lower credits",
            )


def _check_credits(
    cid: str,
    rule: Rule,
    credentials: Mapping[str, Credential],
    locate: Callable[[str, str], Any],
) -> Iterator[Diagnostic]:
    """The composite's credits against what its components add up to (same system only),
    plus the credits it awards itself (``credits.own``, a capstone)."""
    parent = credentials[cid].credits
    if parent is None:
        return
    own = parent.own
    values: dict[str, float] = {}
    for item, _ in rule.leaves():
        cred = credentials.get(item)
        if cred is None or cred.credits is None:
            return
        if cred.credits.system.upper() != parent.system.upper():
            return
        values[item] = cred.credits.value
    low, high = credit_range(rule, values)
    if low + own - EPSILON <= parent.value <= high + own + EPSILON:
        return

    def span(a: float, b: float) -> str:
        if abs(b - a) < EPSILON:
            return format_number(a)
        return f"between {format_number(a)} and {format_number(b)}"

    added = f", plus its own {format_number(own)}: {span(low + own, high + own)}" if own else ""
    yield Diagnostic(
        location=locate(cid, "/credits/value"),
        code="stack.credits-total",
        message=f"'{cid}' states {_credits(parent.value, parent.system)} but its "
        f"components add up to {span(low, high)}{added}",
        hint="correct credits, or the components' credits, so that they agree"
        + (
            "; credits earned in the stack itself (a capstone) go in credits.own"
            if not own and parent.value > high
            else ""
        ),
    )


def _credits(value: float, system: str = "") -> str:
    """'1 credit', '2.5 MQA credits': English, as diagnostics are."""
    unit = "credit" if value == 1 else "credits"
    return f"{format_number(value)} {system + ' ' if system else ''}{unit}"

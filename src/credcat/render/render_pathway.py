"""A stack's pathway for people: a tree for the page's text and planner, and an SVG diagram.

The diagram is drawn at build time (no script, prints as is); the page lists the same tree
as nested lists, which is the diagram's text alternative.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any

from markupsafe import Markup

from credcat.check.pathways import needed_count, required_ids
from credcat.core.i18n import N_, Translator
from credcat.load.catalog import Catalog
from credcat.model.labels import credits_label
from credcat.model.records import Credential, Rule, RuleKind, Status

ENGLISH = Translator("en")


@dataclass(frozen=True, slots=True)
class Step:
    """One credential in a pathway."""

    credential: Credential
    credits: float | None
    """Credit value, when it is in the composite's credit system (or the composite has none)."""

    @property
    def offered(self) -> bool:
        """Whether it can still be earned."""
        return self.credential.status is Status.ACTIVE


@dataclass(frozen=True, slots=True)
class Group:
    """One group of a pathway rule."""

    kind: RuleKind
    need: float
    label: str | None
    items: tuple[Step | Group, ...]

    def heading(self, t: Translator = ENGLISH) -> str:
        """What the group asks for, in words, in the language of ``t``."""
        if self.kind is RuleKind.ALL:
            text = t(N_("All of these")) if len(self.items) != 1 else t(N_("This one"))
        elif self.kind is RuleKind.AT_LEAST:
            n = int(self.need)
            text = t(N_("Any one of these")) if n == 1 else t(N_("Any {n} of these"), n=n)
        else:
            text = t.n(
                "At least {n} credit from these", "At least {n} credits from these", self.need
            )
        return f"{self.label}: {text[0].lower()}{text[1:]}" if self.label else text

    def rule(self) -> Rule:
        """The group as a rule over the published credentials it shows."""
        items = tuple(i.rule() if isinstance(i, Group) else i.credential.id for i in self.items)
        return Rule(
            kind=self.kind,
            items=items,
            need=self.need,
            label=self.label,
            item_pointers=tuple("" for _ in items),
        )

    def credit_values(self) -> dict[str, float]:
        """Credit value of each credential that has one in the pathway's system."""
        return {s.credential.id: s.credits for s in self.steps() if s.credits is not None}

    def needed(self) -> int:
        """The fewest credentials that complete the pathway (the 4 of "Earn 4 of 5")."""
        return needed_count(self.rule(), self.credit_values())

    def summary(self, t: Translator = ENGLISH) -> str:
        """What earning it takes, counted, e.g. 'Earn 4 of 5: 3 required and 1 of 2 electives.'"""
        total, need = len(self.steps()), self.needed()
        if self.kind is RuleKind.CREDITS:
            return t.n(
                "Earn {n} credit from {total} credentials.",
                "Earn {n} credits from {total} credentials.",
                self.need,
                total=total,
            )
        if need >= total:
            return t(N_("Earn all {n}."), n=total) if total != 1 else t(N_("Earn this one."))
        if self.kind is RuleKind.AT_LEAST:
            return t(N_("Earn any {n} of {total}."), n=need, total=total)
        required = sum(
            len(i.steps()) for i in self.items if isinstance(i, Group) and i.kind is RuleKind.ALL
        ) + sum(1 for i in self.items if isinstance(i, Step))
        parts = [t(N_("{n} required"), n=required)] if required else []
        for item in self.items:
            if not isinstance(item, Group) or item.kind is RuleKind.ALL:
                continue
            size = len(item.items)
            if item.kind is RuleKind.AT_LEAST:
                parts.append(
                    t.n(
                        "{need} of {n} elective",
                        "{need} of {n} electives",
                        size,
                        need=int(item.need),
                    )
                )
            else:
                parts.append(
                    t.n(
                        "{n} credit from {size} electives",
                        "{n} credits from {size} electives",
                        item.need,
                        size=size,
                    )
                )
        joined = parts[0]
        for part in parts[1:-1]:
            joined = t(N_("{a}, {b}"), a=joined, b=part)
        if len(parts) > 1:
            joined = t(N_("{a} and {b}"), a=joined, b=parts[-1])
        return t(N_("Earn {need} of {total}: {parts}."), need=need, total=total, parts=joined)

    def steps(self) -> tuple[Step, ...]:
        """Every credential in the group, nested ones included, in order."""
        found: list[Step] = []
        for item in self.items:
            found.extend(item.steps() if isinstance(item, Group) else (item,))
        return tuple(found)


def pathway(catalog: Catalog, cid: str) -> Group | None:
    """The published pathway of a composite credential (drafts left out), or None."""
    rule = catalog.graph.rules.get(cid)
    if rule is None:
        return None
    system = catalog.credentials[cid].credits
    return _group(catalog, rule, system.system.upper() if system else None)


def _group(catalog: Catalog, rule: Rule, system: str | None) -> Group:
    items: list[Step | Group] = []
    for item in rule.items:
        if isinstance(item, Rule):
            items.append(_group(catalog, item, system))
            continue
        cred = catalog.credentials.get(item)
        if cred is None or cred.status is Status.DRAFT:
            continue
        value = None
        if cred.credits and (system is None or cred.credits.system.upper() == system):
            value = cred.credits.value
        items.append(Step(credential=cred, credits=value))
    return Group(kind=rule.kind, need=rule.need, label=rule.label, items=tuple(items))


def role_in(catalog: Catalog, parent: str, child: str) -> str:
    """How ``child`` counts towards ``parent``, e.g. 'required' or 'an option: any 2 of 3'."""
    t = catalog.t
    rule = catalog.graph.rules.get(parent)
    found = _find(rule, child) if rule else None
    if rule is None or found is None:
        return t(N_("a component"))
    kind, need, size, label = found
    where = f" ({label})" if label else ""
    if child in required_ids(rule):
        return t(N_("required")) + where
    if kind is RuleKind.AT_LEAST:
        return (
            t(N_("an option")) + where + ": " + t(N_("any {n} of {size}"), n=int(need), size=size)
        )
    return (
        t(N_("an option"))
        + where
        + ": "
        + t.n(
            "counts towards {n} credit from {size}",
            "counts towards {n} credits from {size}",
            need,
            size=size,
        )
    )


def _find(rule: Rule, child: str) -> tuple[RuleKind, float, int, str | None] | None:
    for item in rule.items:
        if item == child:
            return rule.kind, rule.need, len(rule.items), rule.label
        if isinstance(item, Rule):
            inner = _find(item, child)
            if inner is not None:
                if rule.kind is RuleKind.ALL:
                    return inner
                # A credential inside a group that is itself one option of the parent rule.
                return rule.kind, rule.need, len(rule.items), inner[3] or rule.label
    return None


def rule_data(rule: Rule, keep: Callable[[str], bool] = lambda _: True) -> dict[str, Any]:
    """The rule as plain data (catalog.json), with only the ids ``keep`` accepts."""
    items = [rule_data(i, keep) if isinstance(i, Rule) else i for i in rule.items]
    items = [i for i in items if not isinstance(i, str) or keep(i)]
    data: dict[str, Any] = {"type": rule.kind.value}
    if rule.kind is RuleKind.ALL:
        data["all"] = items
    else:
        data["need"] = rule.need if rule.kind is RuleKind.CREDITS else int(rule.need)
        data["of"] = items
    if rule.label:
        data["label"] = rule.label
    return data


# The diagram: groups as framed columns of boxes, drawn top to bottom, joined by an arrow to
# the composite credential at the bottom. Sizes in SVG user units. The drawing is narrow, and
# the theme never shows it wider than it is drawn (style.css, .pathway-svg): on a 390 px
# phone it keeps about its own size, so its smallest text (13 units) stays above 12 px
# (issue #18; at 560 units wide it was scaled to about 8 px). Long titles wrap instead.
WIDTH = 360
PAD = 12
BOX_H = 44
LINE_H = 18
GAP = 8
TEXT_X = 10
"""Left margin of the text in a box."""
MAX_LINES = 3
"""Lines a title or group heading may take before it is cut with an ellipsis."""
CHAR_EM = 0.6
"""Width of an average character, in ems of its font size, with room for wide letters and
bold text (system-ui fonts are about 0.5 em)."""
STEP_SIZE = 15
HEAD_SIZE = 15
GOAL_SIZE = 16
"""Font sizes of .pw-step-text, .pw-group-head and .pw-goal-text in style.css."""


def _chars(room: int, size: int) -> int:
    """How many characters of text at font ``size`` fit on a line ``room`` units long."""
    return max(8, int(room / (size * CHAR_EM)))


def pathway_svg(group: Group, parent: Credential, key: str, t: Translator = ENGLISH) -> Markup:
    """An SVG diagram of ``group`` leading to ``parent``; ``key`` makes its ids unique."""
    body: list[str] = []
    y = _draw_group(group, PAD, PAD, WIDTH - 2 * PAD, body, t)
    arrow_top = y
    y += 36
    body.append(
        f'<path class="pw-arrow" d="M{WIDTH // 2} {arrow_top + 4} V{y - 6}" '
        f'marker-end="url(#pw-head-{key})"/>'
    )
    title_lines = _wrap(parent.title, _chars(WIDTH - 2 * PAD - 2 * TEXT_X, GOAL_SIZE))
    credits = credits_label(parent.credits, t) if parent.credits else ""
    lines = [*title_lines, *([credits] if credits else [])]
    height = 16 + LINE_H * len(lines)
    body.append(
        f'<rect class="pw-goal" x="{PAD}" y="{y}" width="{WIDTH - 2 * PAD}" '
        f'height="{height}" rx="8"/>'
    )
    for n, line in enumerate(lines):
        cls = "pw-goal-text" if n < len(title_lines) else "pw-goal-note"
        body.append(
            f'<text class="{cls}" x="{WIDTH // 2}" y="{y + 22 + n * LINE_H}" '
            f'text-anchor="middle">{escape(line)}</text>'
        )
    total = y + height + PAD
    title = t(N_("Pathway to {title}"), title=parent.title)
    desc = t(
        N_(
            "Diagram of the credentials that lead to {title}; the list beside it gives the "
            "same structure in words."
        ),
        title=parent.title,
    )
    return Markup(
        f'<svg class="pathway-svg" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {total}" width="{WIDTH}" height="{total}" role="img" '
        f'aria-labelledby="pw-title-{key} pw-desc-{key}">'
        f'<title id="pw-title-{key}">{escape(title)}</title>'
        f'<desc id="pw-desc-{key}">{escape(desc)}</desc>'
        f'<defs><marker id="pw-head-{key}" viewBox="0 0 10 10" refX="5" refY="5" '
        f'markerWidth="8" markerHeight="8" orient="auto-start-reverse">'
        f'<path class="pw-arrowhead" d="M0 0 L10 5 L0 10 z"/></marker></defs>'
        + "".join(body)
        + "</svg>"
    )


def _draw_group(group: Group, x: int, y: int, width: int, out: list[str], t: Translator) -> int:
    """Draw a framed group at (x, y); return the y below it."""
    start = len(out)
    heading = _wrap(group.heading(t), _chars(width - 2 * PAD, HEAD_SIZE))
    inner_y = y + 12 + LINE_H * len(heading)
    for item in group.items:
        if isinstance(item, Group):
            inner_y = _draw_group(item, x + PAD, inner_y, width - 2 * PAD, out, t) + GAP
        else:
            inner_y = _draw_step(item, x + PAD, inner_y, width - 2 * PAD, out, t) + GAP
    bottom = inner_y + PAD - GAP
    frame = [
        f'<rect class="pw-group" x="{x}" y="{y}" width="{width}" height="{bottom - y}" rx="10"/>'
    ]
    frame += [
        f'<text class="pw-group-head" x="{x + PAD}" y="{y + 20 + n * LINE_H}">{escape(line)}</text>'
        for n, line in enumerate(heading)
    ]
    out.insert(start, "".join(frame))
    return bottom


def _draw_step(step: Step, x: int, y: int, width: int, out: list[str], t: Translator) -> int:
    cred = step.credential
    lines = _wrap(cred.title, _chars(width - 2 * TEXT_X, STEP_SIZE))
    notes = []
    if step.credits is not None:
        notes.append(t.n("{n} credit", "{n} credits", step.credits))
    if not step.offered:
        notes.append(t(N_("no longer offered")))
    height = max(BOX_H, 14 + LINE_H * (len(lines) + (1 if notes else 0)))
    cls = "pw-step" if step.offered else "pw-step pw-retired"
    out.append(f'<rect class="{cls}" x="{x}" y="{y}" width="{width}" height="{height}" rx="6"/>')
    for n, line in enumerate(lines):
        out.append(
            f'<text class="pw-step-text" x="{x + TEXT_X}" y="{y + 20 + n * LINE_H}">'
            f"{escape(line)}</text>"
        )
    if notes:
        out.append(
            f'<text class="pw-step-note" x="{x + TEXT_X}" y="{y + 20 + len(lines) * LINE_H}">'
            f"{escape(' · '.join(notes))}</text>"
        )
    return y + height


def _wrap(text: str, width: int, max_lines: int = MAX_LINES) -> list[str]:
    """Break ``text`` into at most ``max_lines`` lines of ``width`` characters."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return [ln if len(ln) <= width else ln[: width - 1] + "…" for ln in lines]

"""``credcat check`` and ``credcat lock``: load the catalog, render the site, check it against
published.lock, plan the new lock and (for ``lock``) write it, saying what happened.

The command line (``cli.py``) parses the arguments and turns the outcome into an exit
status; everything in between is here.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

from credcat.core import urls
from credcat.core.diagnostics import CatalogError, Report, Severity
from credcat.core.progress import Progress
from credcat.core.sources import display_path
from credcat.ledger.lockfile import LOCK_NAME
from credcat.ledger.lockplan import plan_lock, write_lock
from credcat.ledger.permanence import check_outputs
from credcat.load.catalog import Catalog
from credcat.load.pipeline import load_catalog
from credcat.publish.build import render_site
from credcat.render.render_badges import render_achievement, render_badge_class


def check_or_lock(root: Path, *, lock: bool, frozen: bool, accept: bool) -> bool:
    """Run ``credcat lock`` (``lock``) or ``credcat check`` on the catalog in ``root``, print
    its diagnostics and outcome, and return whether it succeeded.

    ``frozen``: a check fails when published.lock is not up to date. ``accept``
    (``--accept-breaking``): the ledger's errors are shown, then the catalog is recorded.
    """
    name = "lock" if lock else "check"
    report = Report()
    with Progress() as progress:
        progress.stage("checking")
        catalog = load_catalog(root, report)
        if catalog is None and accept and all(d.code.startswith("ledger.") for d in report.errors):
            # Shown, then accepted: load again without the ledger checks to record the catalog.
            catalog = load_catalog(root, Report(), check_ledger=False)
        outputs = None
        if catalog is not None:
            progress.stage("rendering")
            try:
                outputs = list(render_site(catalog, report))
            except CatalogError as exc:
                report.extend(exc.diagnostics)
            else:
                report.extend(check_outputs(catalog.permanence, (o.path for o in outputs)))
    if lock:  # a placeholder base_url is a warning elsewhere; recording it is an error
        placeholder = [d for d in report.diagnostics if d.code == "config.placeholder"]
        report.diagnostics[:] = [d for d in report.diagnostics if d not in placeholder]
        report.extend(replace(d, severity=Severity.ERROR) for d in placeholder)
    ledger_only = all(d.code.startswith("ledger.") for d in report.errors)
    if catalog is None or outputs is None or not ledger_only or (report.errors and not accept):
        report.print()
        print(f"{name} failed: {report.summary()}", file=sys.stderr)
        return False
    report.print()
    plan = plan_lock(
        catalog.config,
        catalog.credentials,
        catalog.issuers,
        catalog.permanence,
        outputs,
        replace_archives=_changed_versions(catalog, report),
    )
    where = display_path(root / LOCK_NAME)
    pending = len(plan.added) + len(plan.removed) + len(plan.changed) + len(plan.archives)
    if lock:
        try:
            written = write_lock(root, plan)
        except CatalogError as exc:
            refused = Report()
            refused.extend(exc.diagnostics)
            refused.print()
            print(f"lock failed: {refused.summary()}; nothing was written", file=sys.stderr)
            return False
        except OSError as exc:
            print(f"credcat lock: cannot write {where} or versions/: {exc}", file=sys.stderr)
            return False
        for line in written:
            print(f"wrote {line}")
        print(
            f"{where}: {len(plan.added)} URLs added, {len(plan.removed)} removed, "
            f"{len(plan.changed)} documents changed, {len(plan.archives)} version files "
            f"preserved; {report.summary()}"
        )
        if written:
            print("commit published.lock and versions/ together with the change")
        return True
    if catalog.permanence.ledger is None:
        # Nothing recorded means nothing was published yet: the first deploy may go ahead
        # (with --frozen too); from the first `credcat lock` on, every change must be locked.
        message = (
            f"{where} does not exist yet: no URL is protected; run `credcat lock` and commit "
            "it before the first badge is issued"
        )
        print(message)
        if os.environ.get("GITHUB_ACTIONS") == "true":
            print(f"::warning title=credcat check::{message}")
        return True
    if pending:
        shown = ", ".join([*plan.added, *plan.changed][:3])
        print(
            f"{where} is not up to date: {len(plan.added)} new URLs, {len(plan.changed)} changed "
            f"documents, {len(plan.archives)} versions to preserve ({shown}); run `credcat lock` "
            "after reviewing them"
        )
        return not frozen
    print(f"{where}: all {len(catalog.permanence.ledger.urls)} published URLs checked, up to date")
    return True


def _changed_versions(catalog: Catalog, report: Report) -> dict[str, bytes]:
    """Fresh version files of credentials whose meaning changed without a version bump."""
    files = {d.location.path for d in report.errors if d.code == "ledger.meaning-changed"}
    fresh: dict[str, bytes] = {}
    for cred in catalog.published:
        if cred.location.path not in files:
            continue
        for path, render in (
            (urls.badge_class_version(cred.id, cred.version), render_badge_class),
            (urls.achievement_version(cred.id, cred.version), render_achievement),
        ):
            data = render(catalog, cred, at=path).data
            if data is not None:
                fresh[path] = data
    return fresh

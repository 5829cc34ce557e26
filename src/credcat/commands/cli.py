"""Command line: parse arguments, call the pipeline, set the exit code."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from credcat import __version__
from credcat.core.diagnostics import Report
from credcat.core.progress import Progress
from credcat.core.sources import display_path

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def default_catalog() -> Path:
    """The catalog folder used when none is given: ./content if it exists, else '.'."""
    if (Path("content") / "catalog.yaml").is_file() or not Path("catalog.yaml").is_file():
        return Path("content")
    return Path()


def _catalog_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "catalog",
        nargs="?",
        type=Path,
        help="catalog folder holding catalog.yaml (default: ./content, or . if it has one)",
    )


def _port(text: str) -> int:
    """A TCP port number, for argparse."""
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"{number} is not a port: use 1 to 65535")
    return number


_COLUMNS = "(the CSV columns)"


class _ImportHelp(argparse.RawDescriptionHelpFormatter):
    """Lists the CSV columns and their synonyms below the options of ``credcat import``,
    made only when the help is shown (they come from the credential schema)."""

    def add_text(self, text: str | None) -> None:
        if text == _COLUMNS:
            from credcat.importing.csv_columns import columns_help

            text = columns_help()
        super().add_text(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="credcat",
        description="Build a static, searchable micro-credential catalog with Open Badges JSON "
        "at stable URLs.",
    )
    parser.add_argument("--version", action="version", version=f"credcat {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("init", help="start a new catalog (with a GitHub Pages workflow)")
    p.add_argument("directory", nargs="?", type=Path, default=Path(), help="where (default .)")
    p.add_argument("--title", default="My micro-credential catalog", help="catalog title")
    p.add_argument(
        "--base-url",
        help="where the site will be served (default: https://OWNER.github.io/REPO/ from the "
        "git remote origin, else a placeholder to replace before `credcat lock`)",
    )

    p = sub.add_parser("new", help="add a credential from a template")
    p.add_argument("id", help="permanent id of the credential, e.g. data-analysis-101")
    p.add_argument("--title", help="title (default: made from the id)")
    p.add_argument("--issuer", help="issuer id (default: the first issuer)")
    _catalog_arg(p)

    p = sub.add_parser(
        "import",
        help="create credential files from Open Badges JSON (files, folders, URLs) or CSV",
        epilog=_COLUMNS,
        formatter_class=_ImportHelp,
    )
    p.add_argument("sources", nargs="*", help="BadgeClass / Achievement JSON, folder, URL or CSV")
    p.add_argument("--catalog", type=Path, help="catalog folder (default: ./content or .)")
    p.add_argument(
        "--issuer",
        action="append",
        default=[],
        metavar="ID|URL=ID",
        help="issuer id to use for every imported credential; or URL=ID: the issuer of the "
        "documents whose issuer URL is found nowhere offline (repeatable)",
    )
    p.add_argument(
        "--credit-system",
        metavar="NAME",
        help="credit system of Open Badges 3.0 creditsAvailable when a document names none "
        "(ECTS, MQA, US, ...)",
    )
    p.add_argument(
        "--offline",
        action="store_true",
        help="fetch nothing: resolve issuers, classes and images among the inputs only",
    )
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help="read a spreadsheet column as a credcat column, e.g. --map 'Kursus=title' (the "
        "columns below and their other names need none); --map 'Notes=' leaves a column out",
    )
    p.add_argument(
        "--template",
        nargs="?",
        const="-",
        metavar="FILE",
        help="write an example CSV with every column (a header and one example row that "
        "imports as it is) to FILE, or to standard output; imports nothing",
    )
    p.add_argument(
        "--list-separator", default="|", help="separator of several values in a CSV cell (|)"
    )
    p.add_argument("--dry-run", action="store_true", help="show what would be written")
    p.add_argument(
        "--overwrite", action="store_true", help="replace existing credential (or template) files"
    )

    p = sub.add_parser("validate", help="check every file and report all problems; write nothing")
    _catalog_arg(p)
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument(
        "--profile",
        action="append",
        choices=["eu", "mqa", "ctdl"],
        default=[],
        help="also report elements a framework requires that credentials lack: eu (EU Council "
        "Recommendation 2022, Annex I), mqa (Malaysian MQF level and 40 hours = 1 credit) or "
        "ctdl (Credential Engine's minimum data policy); may be repeated",
    )

    p = sub.add_parser("build", help="validate, then write the site (nothing is written on error)")
    _catalog_arg(p)
    p.add_argument("-o", "--output", type=Path, help="output folder (default: from catalog.yaml)")
    p.add_argument("--base-url", help="publish under this URL instead of catalog.yaml's base_url")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    p.add_argument(
        "--replace-output",
        action="store_true",
        help="delete files in the output folder that credcat did not write (by default they "
        "stop the build)",
    )

    p = sub.add_parser(
        "check",
        help="check that no URL in published.lock breaks or changes meaning; write nothing",
    )
    _catalog_arg(p)
    p.add_argument(
        "--frozen", action="store_true", help="also fail when published.lock is not up to date"
    )

    p = sub.add_parser(
        "lock", help="record every published URL in published.lock and preserve new versions"
    )
    _catalog_arg(p)
    p.add_argument(
        "--accept-breaking",
        action="store_true",
        help="record the catalog even though it removes published URLs, changes a published "
        "version's meaning or moves base_url (only when no badge was ever issued against them)",
    )

    p = sub.add_parser("serve", help="build, serve on 127.0.0.1 and rebuild on every change")
    _catalog_arg(p)
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=_port, default=8000, help="port, 1-65535 (default 8000)")
    p.add_argument("--base-url", help="base URL to build with (default http://HOST:PORT/)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the credcat command line; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        return _dispatch(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # an internal error, not the user's
        if args.debug:
            raise
        print(f"credcat: internal error: {exc!r}", file=sys.stderr)
        print("  this is a bug in credcat; run again with --debug for details", file=sys.stderr)
        if "CREDCAT_TRACEBACK" in os.environ:
            traceback.print_exc()
        return 70


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "init":
        from credcat.commands.scaffold import init_catalog

        return _finish_scaffold(
            init_catalog(args.directory, title=args.title, base_url=args.base_url)
        )
    if args.command == "new":
        from credcat.commands.scaffold import new_credential

        root = args.catalog or default_catalog()
        return _finish_scaffold(new_credential(root, args.id, title=args.title, issuer=args.issuer))
    if args.command == "import":
        return _import(args)
    root = args.catalog or default_catalog()
    if args.command == "validate":
        return _validate(root, strict=args.strict, profiles=args.profile)
    if args.command == "build":
        return _build(
            root,
            args.output,
            args.base_url,
            strict=args.strict,
            quiet=args.quiet,
            replace_output=args.replace_output,
        )
    if args.command in ("check", "lock"):
        return _check_or_lock(
            root,
            lock=args.command == "lock",
            frozen=getattr(args, "frozen", False),
            accept=getattr(args, "accept_breaking", False),
        )
    if args.command == "serve":
        from credcat.commands.serve import serve

        return serve(root, host=args.host, port=args.port, base_url=args.base_url, debug=args.debug)
    raise AssertionError(args.command)


def _import(args: argparse.Namespace) -> int:
    from credcat.importing.importer import ImportOptions, import_sources

    if args.template is not None:
        return _template(args)
    if not args.sources:
        print(
            "credcat import: give a file, folder or URL to import, or --template", file=sys.stderr
        )
        return EXIT_USAGE

    mapping: dict[str, str] = {}
    for item in args.map:
        column, sep, target = item.partition("=")
        if not sep:
            print(f"credcat import: --map takes COLUMN=FIELD, not {item!r}", file=sys.stderr)
            return EXIT_USAGE
        mapping[column.strip()] = target.strip()
    everything = [i for i in args.issuer if "=" not in i]
    if len(everything) > 1:
        print(
            "credcat import: --issuer ID can be given once (use URL=ID for more)", file=sys.stderr
        )
        return EXIT_USAGE
    issuer_map = {}
    for item in args.issuer:
        url, sep, ident = item.rpartition("=")
        if sep:
            issuer_map[url.strip()] = ident.strip()
    report = Report()
    options = ImportOptions(
        issuer=everything[0] if everything else None,
        issuer_map=issuer_map,
        credit_system=args.credit_system,
        offline=args.offline,
        overwrite=args.overwrite,
        dry_run=args.dry_run,
        header_map=mapping,
        list_separator=args.list_separator,
    )
    root = args.catalog or default_catalog()
    written = import_sources(root, args.sources, options, report)
    report.print()
    for line in written:
        print(line)
    print(
        f"import: {len([w for w in written if w.endswith('.md')])} credential(s); "
        f"{report.summary()}"
    )
    return EXIT_ERRORS if report.errors else EXIT_OK


def _template(args: argparse.Namespace) -> int:
    from credcat.importing.csv_template import template, template_issuer

    if args.sources:
        print("credcat import: --template writes a file and imports nothing", file=sys.stderr)
        return EXIT_USAGE
    named = [i for i in args.issuer if "=" not in i]  # --issuer ID (not URL=ID)
    text = template(named[-1] if named else template_issuer(args.catalog or default_catalog()))
    if args.template == "-":
        sys.stdout.write(text)
        return EXIT_OK
    target = Path(args.template)
    if target.exists() and not args.overwrite:
        print(
            f"credcat import: {display_path(target)} exists; pass --overwrite to replace it",
            file=sys.stderr,
        )
        return EXIT_ERRORS
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"credcat import: cannot write {display_path(target)}: {exc}", file=sys.stderr)
        return EXIT_ERRORS
    print(f"wrote {display_path(target)}: the columns credcat reads, with one example row")
    return EXIT_OK


def _finish_scaffold(result: tuple[list[str], Report]) -> int:
    messages, report = result
    report.print()
    for line in messages:
        print(line)
    return EXIT_ERRORS if report.errors else EXIT_OK


def _validate(root: Path, *, strict: bool, profiles: list[str]) -> int:
    from credcat.load.profiles import check_profile
    from credcat.publish.build import validate

    report = Report()
    with Progress() as progress:
        progress.stage("checking")
        catalog = validate(root, report)
    if catalog is not None:
        for name in profiles:
            report.extend(check_profile(name, catalog))
        if report.has_errors(strict=strict):
            catalog = None
    report.print()
    if catalog is None:
        print(f"{display_path(root)}: {report.summary()}", file=sys.stderr)
        return EXIT_ERRORS
    n = len(catalog.credentials)
    print(
        f"{display_path(root)}: {n} credential{'s' * (n != 1)} and {len(catalog.issuers)} "
        f"issuer{'s' * (len(catalog.issuers) != 1)} checked, {report.summary()}"
    )
    return EXIT_OK


def _build(
    root: Path,
    output: Path | None,
    base_url: str | None,
    *,
    strict: bool,
    quiet: bool,
    replace_output: bool = False,
) -> int:
    from credcat.publish.build import build

    report = Report()
    result = build(
        root,
        report,
        output=output,
        base_url=base_url,
        strict=strict,
        replace_output=replace_output,
        progress=False if quiet else None,
    )
    report.print()
    if result is not None and result.cache.note:
        print(f"note: {result.cache.note}", file=sys.stderr)
    if result is None:
        print(f"build failed: {report.summary()}; nothing was written", file=sys.stderr)
        return EXIT_ERRORS
    if not quiet:
        stats = result.stats
        detail = (
            f" ({stats.written} written, {stats.unchanged} unchanged, {stats.removed} removed)"
            if stats
            else ""
        )
        print(
            f"built {result.files} files into {display_path(result.output)}{detail} "
            f"in {result.seconds:.2f} s; {report.summary()}"
        )
        print("preview it with: credcat serve")
    return EXIT_OK


def _check_or_lock(root: Path, *, lock: bool, frozen: bool, accept: bool) -> int:
    """credcat check / credcat lock (``lock_command.py``)."""
    from credcat.commands.lock_command import check_or_lock

    ok = check_or_lock(root, lock=lock, frozen=frozen, accept=accept)
    return EXIT_OK if ok else EXIT_ERRORS

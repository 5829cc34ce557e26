"""Every diagnostic code credcat reports, with what it means: the one list of them.

A :class:`~credcat.core.diagnostics.Diagnostic` refuses a code that is not listed here, so a new
check cannot ship an undocumented code, and README's "Diagnostics" table is written from this
list (``python -m credcat.core.codes`` prints it; a test checks that README holds exactly that
text). Codes are stable: users grep for them, and CI logs and editor integrations key on them.
Groups are the README's rows: codes that share one explanation.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class CodeGroup:
    """Codes that one explanation covers (one row of README's table)."""

    codes: tuple[str, ...]
    meaning: str


GROUPS: tuple[CodeGroup, ...] = (
    CodeGroup(
        (
            "source.missing",
            "source.unreadable",
            "source.encoding",
            "source.too-large",
            "source.too-many",
            "source.not-mapping",
            "source.ignored",
        ),
        "a file or folder is missing, unreadable, not UTF-8, too large, one of too many, not a "
        "mapping at its top, or ignored (warning: a file or folder credcat does not read)",
    ),
    CodeGroup(
        ("frontmatter.missing", "frontmatter.unclosed", "frontmatter.not-mapping"),
        "a credential file lacks its `---` front matter, it is not closed, or it is not a mapping",
    ),
    CodeGroup(
        (
            "yaml.syntax",
            "yaml.duplicate-key",
            "yaml.key-type",
            "yaml.tag",
            "yaml.merge-key",
            "yaml.too-large",
            "yaml.too-deep",
        ),
        "YAML that cannot be read safely: syntax, duplicate keys (an error: PyYAML would "
        "silently keep the last), a key that is not a plain name, `!!python` and other tags, "
        "merge keys, alias bombs (too many values, or too much text), deep nesting",
    ),
    CodeGroup(
        ("yaml.boolean",),
        "(warning) `yes`, `no`, `on` or `off` where a field wants true or false: read as YAML "
        "1.1 reads it (`yes` and `on` are true), but YAML 1.2 readers and editors read it as "
        "text; write `true` or `false`",
    ),
    CodeGroup(
        ("yaml.unquoted",),
        "(warning) an unquoted number, true/false or date where the field wants text "
        "(`version: 1.10`): read as the text you wrote, with the quoted form as a hint. An "
        'unquoted `~` or `null` means "no value" and is a `schema.type` error, never the text "~"',
    ),
    CodeGroup(
        ("id.invalid", "id.duplicate", "id.collision", "id.reserved"),
        "file names that are not valid permanent ids, or two files with one id; languages, "
        "translation folders or image paths that differ only in letter case or Unicode form "
        "(one file on macOS and Windows); a credential or issuer id that is the name of a "
        "top-level folder of the site (`search`, `badges`, `page`, ...) or of a language "
        "(`ms`, `id`)",
    ),
    CodeGroup(
        (
            "schema.unknown-field",
            "schema.required",
            "schema.type",
            "schema.enum",
            "schema.format",
            "schema.too-short",
            "schema.too-long",
            "schema.range",
            "schema.duplicate",
            "schema.rule",
        ),
        'a field is unknown (with a "did you mean"), missing, of the wrong type or value, in '
        "the wrong form, too short or long, out of range, lists a value twice, or breaks "
        "another rule of the schema (`schema.rule`)",
    ),
    CodeGroup(
        ("schema.number", "schema.character", "schema.invalid"),
        "`.nan`, `.inf` or an integer beyond ±2^53-1 (what every JSON reader holds exactly); a "
        "control character or lone surrogate in text (XML cannot hold them); the fast "
        "validator's own message, should the explaining one find nothing to add",
    ),
    CodeGroup(
        ("url.invalid", "url.scheme", "url.credentials", "url.port", "url.query"),
        "a URL field (`base_url`, `--base-url` and every other) that cannot be parsed "
        "(`https://[x/`), is not http(s), carries `user:password@`, has a port outside 1-65535, "
        'holds characters a URL may not (`"`, `<`, spaces, a stray `%`), or (base URLs only) '
        "has a query or fragment",
    ),
    CodeGroup(
        ("locale.invalid", "locale.placeholder"),
        "a `.po` file that cannot be read (a broken line, an entry without msgstr, a "
        "`Plural-Forms` rule that cannot be read, more or fewer `msgstr[i]` than it gives); a "
        "translation whose placeholders are not exactly its msgid's (missing, extra, renamed, or "
        "with a format spec, attribute or index such as `{title.__class__}` or `{n:>900000000}`)",
    ),
    CodeGroup(
        ("locale.plural-rule", "locale.unknown"),
        "(warnings) a `.po` file's `Plural-Forms` rule that gives two counts different forms "
        "where CLDR puts them in one plural category (the page's scripts, which follow CLDR, "
        "would disagree with the page); a language of `catalog.yaml` that CLDR (the installed "
        "Babel) has no data for: its pages are formatted as English and it is named by its code",
    ),
    CodeGroup(
        (
            "value.language",
            "value.currency",
            "value.date-order",
            "value.credits",
            "value.allowed-origins",
        ),
        "unknown BCP 47 language, ISO 4217 currency, dates in the wrong order (`updated` before "
        "`published`, an intake that ends before it starts); MQA credits that disagree with "
        "notional hours (warning); an issuer's `allowed_origins` that leaves out the host its "
        "Profile is published on, which the list replaces (warning)",
    ),
    CodeGroup(
        ("ref.unknown", "ref.draft", "ref.partner", "graph.self", "graph.cycle"),
        "unknown issuer or credential references, a draft prerequisite (warning), a partner "
        "that is not an issuer file or is the awarding issuer itself, self-references, cycles "
        "in stacks or prerequisites",
    ),
    CodeGroup(
        (
            "image.missing",
            "image.unreadable",
            "image.too-large",
            "image.invalid",
            "image.unsafe-svg",
            "path.outside",
        ),
        "missing, unreadable or oversized images; a PNG that is not a well-formed still PNG "
        "(another format under a .png name, damaged chunks, over 8192 px a side or 16.7 million "
        "pixels, pixel data that decompresses to more than its size allows, data after its "
        "end); an SVG element, attribute, reference or CSS outside the allow list (located at "
        "its line and column in the SVG); paths, or symbolic links in the catalog or theme, "
        "that leave the catalog or theme folder (the link's target is never read or shown)",
    ),
    CodeGroup(
        ("markdown.unsafe-html", "markdown.unsafe-link", "markdown.image"),
        "raw HTML outside the allowed set, `javascript:`/`data:` links, images in descriptions "
        "(warning)",
    ),
    CodeGroup(
        (
            "ledger.url-removed",
            "ledger.meaning-changed",
            "ledger.version-missing",
            "ledger.archive-changed",
            "ledger.base-url-moved",
            "ledger.syntax",
            "ledger.change-note",
        ),
        "a change that would take a URL recorded in `published.lock` offline, change what a "
        "published version means without a version bump, lose or edit a preserved version, or "
        "move `base_url` (see [Permanent URLs](#permanent-urls)); a lock file that cannot be "
        "read; a new version without a `changes` note (warning)",
    ),
    CodeGroup(
        ("ledger.conflict", "ledger.version-alias", "ledger.version-backwards"),
        "`published.lock` records one URL, credential or base URL twice with different values "
        "(two branches locked different states: nothing is merged silently); a version written "
        "two ways (`1.0` and `1.00`, `1.1` and `1.01`); a version lower than one already "
        "published",
    ),
    CodeGroup(
        ("ledger.key-removed", "ledger.key-changed"),
        "a signing key recorded in `published.lock` is no longer listed under its issuer's "
        "`keys`, or lists another public key under the same id: retire it (`retired: "
        "YYYY-MM-DD`) instead, so that what it signed stays checkable",
    ),
    CodeGroup(
        ("key.invalid", "key.private"),
        "an issuer key that is not a valid Ed25519 or P-256 public JWK (wrong curve for its "
        "type, not a point of the curve, a missing or extra coordinate, a reused id); a private "
        "key anywhere in the catalog folder: a JWK with its private part `d` (or `k`) in any "
        "YAML or JSON file, or a PEM `PRIVATE KEY` block in any file (see [Checking a "
        "badge](#checking-a-badge-employers))",
    ),
    CodeGroup(
        (
            "translation.missing",
            "translation.stale",
            "translation.unversioned",
            "translation.language",
        ),
        "a translation that leaves out a text (warning), translates an earlier version or says "
        "no version (warnings; `translation.stale` is an error with `--strict`), or is for a "
        "language the catalog does not publish or the file's own",
    ),
    CodeGroup(
        (
            "stack.rule",
            "stack.duplicate",
            "stack.unsatisfiable",
            "stack.no-credits",
            "stack.retired-component",
            "stack.draft-component",
            "stack.credits-total",
            "stack.unlisted",
            "stack.own-credits",
        ),
        "a stack's rule that cannot work: see [docs/authoring.md]"
        "(docs/authoring.md#stacks-and-pathways)",
    ),
    CodeGroup(
        ("rename.conflict", "ref.superseded"),
        "an earlier id (`renamed_from`) that is still in use or claimed twice; `superseded_by` "
        "on a credential that is not retired, or naming one that is not offered",
    ),
    CodeGroup(
        (
            "profile.eu.missing",
            "profile.eu.optional",
            "profile.mqa.level",
            "profile.mqa.hours",
            "profile.mqa.credits",
            "profile.ctdl.credential",
            "profile.ctdl.organization",
        ),
        "(warnings) a completeness profile's element that an entry lacks: the EU "
        "recommendation's mandatory and optional elements, the MQA's level, hours and credits, "
        "CTDL's minimum data for a credential or an organisation (see [Completeness "
        "profiles](#completeness-profiles))",
    ),
    CodeGroup(
        (
            "import.failed",
            "import.json",
            "import.row",
            "import.invalid",
            "import.duplicate",
            "import.options",
        ),
        "`credcat import`: a source that cannot be fetched (every fetch has a 30 s overall "
        "deadline and a 5 MiB cap) or read, JSON nested too deeply, a CSV row or cell that "
        "cannot be read (at the cell's row and column; a cell over 128 KiB), a document that "
        "does not make a valid credential, an id that comes twice, bad options",
    ),
    CodeGroup(
        ("import.column", "import.skill"),
        "`credcat import` of a spreadsheet: a header that names no column credcat reads (with "
        "the closest one and the list of them all), two headers that give one field, a sheet "
        "without a column every credential needs, or (warning) a `--map` that names no column "
        "of the sheet; (warning) skill names without a URL, kept as tags",
    ),
    CodeGroup(
        (
            "import.image",
            "import.image-cleaned",
            "import.credits",
            "import.reference",
            "import.components",
            "import.exists",
            "import.partner",
        ),
        "`credcat import` warnings: an image that cannot be used (the default badge is used), "
        "an SVG from which import removed what the allow list refuses, a credit system that "
        "cannot be had, a prerequisite that is neither imported nor in the catalog, stack "
        "components left out because the rule has a choice in it, a file that exists, a partner "
        "whose Profile cannot be had",
    ),
    CodeGroup(
        ("import.unsupported", "import.issuer"),
        "`credcat import`: a document that is not a badge definition, saying what it is (a "
        "`RevocationList`, a CLR that holds nothing, a JSON object with no type and its keys, "
        "...); an "
        "issuer found neither among the inputs nor online, or without the url and email an "
        "issuer file needs, reported once per issuer with the documents that name it",
    ),
    CodeGroup(
        ("import.lost", "import.type", "import.id", "import.version"),
        "`credcat import` warnings: a field the model has no place for, by name (a telephone, a "
        "street address, an endorsement's comment, an image caption, an unknown extension); no "
        "or an unknown `achievementType` (the generic `Achievement` is used); ids made distinct "
        "because documents of several issuers give the same one; earlier versions or copies of "
        "one definition left out for the newest",
    ),
    CodeGroup(
        ("preview.missing-glyph",),
        "(warning) a share preview whose text the preview font cannot draw (DejaVu Sans: "
        "Thai, Khmer, Lao, Burmese, CJK, emoji and right-to-left scripts) is not drawn, rather "
        "than published with empty boxes: its pages name the badge's or logo's PNG, as with "
        "`previews: false`, or no picture",
    ),
    CodeGroup(
        ("init.exists", "init.write", "new.exists"),
        "`credcat init` found a file it would write and left it as it is (warning), or could not "
        "write one; `credcat new` was asked for an id that a credential already has",
    ),
    CodeGroup(
        ("config.placeholder", "config.theme", "config.cname", "theme.unreadable", "template"),
        "settings (`config.placeholder`: the `base_url` that `credcat init` writes when it "
        "cannot derive one, under the reserved `.invalid` domain; a warning, an error for "
        "`lock` and with `--strict`), a theme that is not found or a theme file that cannot be "
        "read, a `CNAME` file that disagrees with `base_url`, and theme template errors (with "
        "the template file and line)",
    ),
    CodeGroup(
        (
            "config.extra-missing",
            "config.extra-type",
            "config.extra-unreadable",
            "config.extra-collision",
            "config.extra-remote",
        ),
        "a file listed under `extra_css` or `extra_js` that does not exist, does not end in "
        "`.css` (for `extra_css`) or `.js` (for `extra_js`), cannot be read or is not a regular "
        "file, or takes a path the site already publishes (a theme file such as "
        "`assets/style.css`), and the same for a font or image such a stylesheet names by a "
        "relative `url()` (located in the stylesheet; fonts and raster images only); "
        "`config.extra-remote` (warning): a stylesheet's `@import` or `url()` of another site, "
        "which the pages' Content Security Policy blocks; a path that leaves the catalog folder "
        "is `path.outside`",
    ),
    CodeGroup(
        (
            "output.foreign-files",
            "output.foreign",
            "output.overlaps-catalog",
            "output.repository",
            "output.write",
            "output.path",
            "output.collision",
        ),
        "the output folder holds files credcat did not write (the first five are named, then a "
        "count), is a file, is or contains or is inside the catalog folder, is a git "
        "repository, lies inside `.git` or contains the repository's top folder; the site "
        "could not be written; an output path is unsafe or taken twice",
    ),
)

CODES: frozenset[str] = frozenset(code for group in GROUPS for code in group.codes)
"""Every code a diagnostic may carry."""


def table() -> str:
    """README's "Diagnostics" table, written from :data:`GROUPS`."""
    rows = ["| code | meaning |", "|---|---|"]
    for group in GROUPS:
        codes = ", ".join(f"`{code}`" for code in group.codes)
        rows.append(f"| {codes} | {group.meaning} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":  # pragma: no cover - a developer's tool
    sys.stdout.write(table())

"""HTML pages: page contexts handed to the theme's Jinja templates."""

from __future__ import annotations

import contextlib
import json
import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
import nh3
from markupsafe import Markup

from credcat.check.theme import Theme, file_hash, make_environment, uses_name
from credcat.core import urls
from credcat.core.diagnostics import CatalogError, Diagnostic, Location
from credcat.core.fingerprint import Fingerprinter
from credcat.core.formats import Formats
from credcat.core.output import Output, script_json
from credcat.load.catalog import Catalog, catalog_digest
from credcat.load.search_entry import Entry, make_entry
from credcat.model.labels import cost_label, credits_label, duration_label, hours_label, type_label
from credcat.model.records import Credential, Issuer, PartnerRole, Status, format_number
from credcat.render.facets import Facet, FacetValue, Heading, build_facets
from credcat.render.render_jsonld import credential_schema_org, issuer_schema_org
from credcat.render.render_pathway import pathway, pathway_svg, role_in
from credcat.render.render_preview import Drawn, SharePreviews
from credcat.render.share import linkedin_add_url

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
)

CARD_TEMPLATE = "partials/card.html"
"""A credential's card on every list, and its search result."""

VERIFY_CSP = CSP.replace("connect-src 'self'", "connect-src 'self' https: http:")
"""The "Check a badge" page's policy: the same, except that it may fetch (only when the reader
asks, and only the address the reader gave) a hosted Open Badges 2.0 assertion from its host.
A page served over HTTPS still cannot fetch http: addresses (the browser blocks mixed content)."""


def plural_json(forms: Mapping[str, str]) -> str:
    """The plural forms of a text for a script (an attribute value: Jinja escapes it)."""
    return json.dumps(dict(forms), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


CARD_TAGS = frozenset(
    ("li", "article", "div", "p", "span", "h3", "a", "img", "dl", "dt", "dd", "ul", "strong", "em")
)
CARD_ATTRIBUTES = {
    "*": {"class", "id", "lang", "dir", "title", "aria-labelledby", "aria-describedby", "hidden"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
}
"""What a card in the search records may hold: the search script parses these cards into the
catalog page, so anything else a theme's card might carry (scripts, handlers, styles) is
dropped at build time."""
_BETWEEN_TAGS = re.compile(r">\n\s*<")


@dataclass(frozen=True, slots=True)
class Pager:
    """One page of a paginated static listing."""

    number: int
    count: int
    items: tuple[Credential, ...]
    page_path: Callable[[int], str] = urls.listing_page
    """Site path of page n of this listing."""

    @property
    def prev_path(self) -> str | None:
        """Site path of the previous page."""
        return self.page_path(self.number - 1) if self.number > 1 else None

    @property
    def next_path(self) -> str | None:
        """Site path of the next page."""
        return self.page_path(self.number + 1) if self.number < self.count else None


OG_TERRITORIES = {
    "en": "en_US", "ms": "ms_MY", "id": "id_ID", "zh": "zh_CN", "ta": "ta_IN", "th": "th_TH",
    "vi": "vi_VN", "tl": "tl_PH", "fil": "fil_PH", "km": "km_KH", "lo": "lo_LA", "my": "my_MM",
    "fr": "fr_FR", "de": "de_DE", "es": "es_ES", "ar": "ar_AR", "pt": "pt_PT", "ja": "ja_JP",
    "ko": "ko_KR", "hi": "hi_IN",
}  # fmt: skip
"""A language's usual territory, for Open Graph's ``language_TERRITORY`` locales."""


def og_locale(tag: str) -> str:
    """Open Graph's form of a language tag: 'ms' -> 'ms_MY', 'en-GB' -> 'en_GB'."""
    parts = tag.replace("_", "-").split("-")
    region = next((p for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
    if region:
        return f"{parts[0].lower()}_{region.upper()}"
    return OG_TERRITORIES.get(parts[0].lower(), parts[0].lower())


class PageRenderer:
    """Renders every HTML page of a catalog with one Jinja environment."""

    def __init__(
        self,
        catalog: Catalog,
        theme: Theme,
        static: dict[str, bytes],
        fallback: Mapping[str, tuple[str, frozenset[str]]] | None = None,
        previews: SharePreviews | None = None,
    ) -> None:
        """Pages of ``catalog`` in its language (``catalog.lang``; "" means the default).

        ``fallback`` names, per credential or 'issuer:<id>', the fields shown in another
        language than the page's (see ``localize``).
        """
        self.catalog = catalog
        self.env = make_environment(theme)
        config = catalog.config
        self.lang = catalog.lang or config.language
        self.prefix = urls.language_prefix(self.lang, config.language)
        self.paths = urls.LocalPaths(self.prefix)
        self.fallback = fallback or {}
        self.previews = previews or SharePreviews((), {})
        self.urls = urls.Urls(config.base_url, config.base_path)
        hashes = {name: file_hash(data) for name, data in static.items()}
        self._keys = Fingerprinter(self._implied)
        self._whole = ""
        """The whole catalog's digest, in every page's key when a template reads ``catalog``."""
        if uses_name(self.env, "catalog"):
            # A theme that reads the whole catalog makes every page depend on all of it.
            self.env.globals["catalog"] = catalog
            self._whole = catalog_digest(catalog)
        self.env.globals.update(
            site=config,
            csp=Markup(CSP),
            url=jinja2.pass_context(lambda ctx, rel: self.urls.link(rel, ctx["page_path"])),
            abs_url=self.urls.absolute,
            asset=jinja2.pass_context(
                lambda ctx, name: (
                    f"{self.urls.link(urls.asset(name), ctx['page_path'])}"
                    f"?v={hashes.get(name, '0')}"
                )
            ),
            extra_css=self._extra_links(config.extra_css),
            extra_js=self._extra_links(config.extra_js),
            paths=self.paths,
            _=catalog.t,
            lang=self.lang,
            text_lang=self._text_lang,
            untranslated=self._untranslated,
            site_lang_attr=self._site_lang("title"),
            site_description_lang_attr=self._site_lang("description"),
            alternates=[],
            og_locale=og_locale,
            linkedin_add_url=linkedin_add_url,
        )
        self._cards: dict[tuple[str, int], Markup] = {}
        self.env.globals["card"] = jinja2.pass_context(
            lambda ctx, cred: self._card(cred, ctx["page_path"])
        )
        t = catalog.t
        self.env.globals.update(_n=t.n, _forms=lambda one, many: plural_json(t.forms(one, many)))
        self.env.filters.update(
            Formats(self.lang).filters(),
            type_label=lambda kind: t(type_label(kind)),
            cost_label=lambda cred: cost_label(cred, t) or "",
            duration=lambda d: duration_label(d, t),
            credits=lambda c: credits_label(c, t),
            hours=lambda h: hours_label(h, t),
            plain_number=format_number,
        )

    def _extra_links(self, paths: tuple[str, ...]) -> Callable[..., list[str]]:
        """The links, from the page being rendered, to the catalog's own stylesheets or
        scripts, each with its content hash so that browsers fetch a changed file."""
        files = self.catalog.extra_files

        @jinja2.pass_context
        def links(ctx: Any) -> list[str]:
            return [
                f"{self.urls.link(urls.extra_file(p), ctx['page_path'])}?v={files[p].digest}"
                for p in paths
                if p in files
            ]

        return links

    def _site_lang(self, name: str) -> Markup:
        """' lang="xx"' when the catalog's own ``name`` is shown in the default language."""
        site_lang = self.catalog.config.language
        if site_lang != self.lang and name in self._catalog_fallback():
            return Markup(' lang="{}"').format(site_lang)
        return Markup("")

    def _catalog_fallback(self) -> frozenset[str]:
        """The catalog's own fields (title, description) shown in the default language."""
        if self.catalog.translation(self.lang, "catalog", "catalog") is None:
            return frozenset(("title", "description"))
        return self.fallback["catalog"][1] if "catalog" in self.fallback else frozenset()

    def _text_lang(self, key: str, name: str) -> Markup:
        """' lang="xx"' when field ``name`` of ``key`` is shown in another language."""
        shown = self.fallback.get(key)
        if shown is None or name not in shown[1]:
            return Markup("")
        return Markup(' lang="{}"').format(shown[0])

    def _untranslated(self, key: str) -> str | None:
        """The language a page's untranslated parts are shown in, if it has any."""
        shown = self.fallback.get(key)
        return shown[0] if shown else None

    def alternates(self, path: str) -> list[dict[str, str]]:
        """The same page in every language of the catalog (the default first)."""
        config = self.catalog.config
        if len(config.languages) < 2:
            return []
        page = path.removeprefix(self.prefix)
        found = []
        for lang in config.languages:
            there = urls.language_prefix(lang, config.language) + page
            link = self.urls.link(there, path)
            found.append({"lang": lang, "href": self.urls.absolute(there), "local": link})
        return found

    def share(self, ident: str, kind: str = "credential") -> Drawn | None:
        """The picture that pages of this language share for ``ident`` (None: none)."""
        return self.previews.get(self.lang, kind, ident)

    def _share_context(
        self, kind: str, ident: str, path: str, title: str | None = None
    ) -> dict[str, Any]:
        """What the page's Open Graph and Twitter card tags say (partials/meta.html);
        ``title`` is the page's own title, without the catalog's name (None: its <title>)."""
        found: dict[str, Any] = {"image": None, "alt": "", "title": title}
        found["url"] = self._page_url(path)
        found["type"] = "article" if kind == "credential" else "website"
        found.update(width=None, height=None, large=False)
        drawn = self.share(ident, kind)
        if drawn is not None:
            found.update(image=self.urls.absolute(drawn.path), alt=drawn.alt)
            found.update(width=drawn.width, height=drawn.height, large=drawn.large)
        return found

    def _page_url(self, path: str) -> str:
        """The page's own absolute address (the 404 page, served anywhere, names the home)."""
        return self.urls.absolute(
            self.paths.listing_page(1) if path == urls.NOT_FOUND_PAGE else path
        )

    def _card(self, cred: Credential, page: str) -> Markup:
        """A credential's card (partials/card.html), rendered once per page depth (its links
        are relative) and reused on every list."""
        depth = page.count("/")
        html = self._cards.get((cred.id, depth))
        if html is None:
            template = self.env.get_template(CARD_TEMPLATE)
            html = Markup(template.render(page_path=page, **self._card_context(cred)))
            self._cards[cred.id, depth] = html
        return html

    def _card_context(self, cred: Credential) -> dict[str, Any]:
        return {"c": cred, "issuer": self.catalog.issuers[cred.issuer]}

    def _implied(self, value: Any) -> Any:
        """What a value shown on a page brings with it beyond its own fields: the language
        each of its texts is shown in, and for a credential the issuer its card names."""
        if isinstance(value, Credential):
            issuer = self.catalog.issuers.get(value.issuer)
            return (self.fallback.get(value.id), issuer)
        if isinstance(value, Issuer):
            return self.fallback.get(f"issuer:{value.id}")
        return None

    def fingerprint(self, *values: Any) -> str:
        """The key of ``values``, walked with this renderer's fingerprinter (shared with the
        pages, so each model value is walked once a build)."""
        return self._keys.key(*values)

    def page_key(self, template: str, path: str, context: Mapping[str, Any]) -> str:
        """The key of a page, derived from everything its template receives: the template,
        its path (links are relative) and its context (globals are the build's shared key)."""
        return self._keys.key(self._whole, template, path, context)

    def _page(
        self, template: str, path: str, context: dict[str, Any], where: str
    ) -> tuple[list[str], Callable[[], Output]]:
        """A page's key, and how to render it. What its share tags say is part of its
        context (the catalog's preview unless the page names its own)."""
        context.setdefault("share", self._share_context("catalog", "catalog", path))
        key = self.page_key(template, path, context)
        return [key], partial(self._render, template, path, context, where)

    def search_entry(self, cred: Credential, shared: str) -> tuple[str, Callable[[], Entry]]:
        """The key of a credential's search entry, derived from everything it is made from
        (its words' sources and its card's context, and ``shared``, the build's key of what
        every page depends on: theme, interface text, settings), and how to make it."""
        sources = {
            "cred": cred,
            "issuer": self.catalog.issuers[cred.issuer].name,
            "description": self.catalog.html[cred.id].description,
        }
        card = self._card_context(cred)
        path = self.paths.listing_page(1)
        key = self._keys.key(shared, self._whole, CARD_TEMPLATE, path, {"card": card, **sources})
        return key, partial(self._search_entry, key, sources)

    def _search_entry(self, key: str, sources: dict[str, Any]) -> Entry:
        return make_entry(key, **sources, card=self.search_card(sources["cred"]))

    def search_card(self, cred: Credential) -> str:
        """A credential's card exactly as the catalog page lists it, for the search records.

        The search script draws its results from these (see search.js), so a result found by
        searching and the same credential in the static list are one template's output: badge
        image, ``lang`` of untranslated text, facts and all. The card is sanitised to the tags
        and attributes a card needs, and the line breaks between its tags are dropped.
        """
        html = self._card(cred, self.paths.listing_page(1))
        clean = nh3.clean(
            str(html),
            tags=set(CARD_TAGS),
            attributes={k: set(v) for k, v in CARD_ATTRIBUTES.items()},
            generic_attribute_prefixes={"data-"},
            url_schemes={"http", "https"},
            link_rel=None,
            strip_comments=True,
        )
        return _BETWEEN_TAGS.sub("><", clean.strip())

    def _render(self, template: str, path: str, context: dict[str, Any], where: str) -> Output:
        try:
            # The 404 page and redirect pages exist once, in the default language.
            single = path == urls.NOT_FOUND_PAGE or template == "redirect.html"
            alternates = [] if single else self.alternates(path)
            context.setdefault("share", self._share_context("catalog", "catalog", path))
            html = self.env.get_template(template).render(
                page_path=path, alternates=alternates, **context
            )
        except jinja2.TemplateSyntaxError as exc:
            raise CatalogError(
                [_template_error(exc.filename or template, exc.lineno, exc)]
            ) from None
        except jinja2.TemplateError as exc:
            raise CatalogError(
                [_template_error(_failing_template(exc, template), _failing_line(exc), exc, where)]
            ) from None
        return Output(urls.output_file(path), html.encode("utf-8"))

    def render_all(self) -> Iterator[Output]:
        """Every HTML page."""
        for _name, _deps, render in self.shared_pages():
            yield render()
        for cred in self.catalog.published:
            yield self.render_credential(cred)

    def shared_pages(self) -> Iterator[tuple[str, list[str], Callable[[], Output]]]:
        """Every page but the credential pages, as (name, its key, how to render it).

        The key is derived from the page's template, path and context (``page_key``), so a
        build can skip pages whose inputs did not change, and only those.
        """
        catalog = self.catalog
        active = catalog.active
        per_page = catalog.config.per_page
        count = max(1, math.ceil(len(active) / per_page))
        for number in range(1, count + 1):
            items = tuple(active[(number - 1) * per_page : number * per_page])
            pager = Pager(number, count, items, self.paths.listing_page)
            yield (
                f"page:{number}",
                *self._page(
                    "index.html",
                    self.paths.listing_page(number),
                    {"pager": pager, "total": len(active)},
                    f"listing page {number}",
                ),
            )
        facets = build_facets(catalog)
        browse = self.paths.browse_index()
        yield ("browse", *self._page("browse_index.html", browse, {"facets": facets}, "browse"))
        for facet in facets:
            for value in facet.values:
                yield from self._browse_pages(facet, value)
        for issuer in catalog.issuers.values():
            path, where = self.paths.issuer_page(issuer.id), f"issuer '{issuer.id}'"
            context = self._issuer_context(issuer)
            yield (f"issuer:{issuer.id}", *self._page("issuer.html", path, context, where))
        stacks = [c for c in catalog.published if c.id in catalog.graph.rules]
        yield (
            "pathways",
            *self._page(
                "pathways.html",
                self.paths.pathways_page(),
                {"stacks": self._pathways(stacks)},
                "pathways page",
            ),
        )
        retired = [c for c in catalog.published if c.status is Status.RETIRED]
        archive = self.paths.archive_page()
        yield ("archive", *self._page("archive.html", archive, {"credentials": retired}, "archive"))
        verify = self.paths.verify_page()
        context = {"csp": Markup(VERIFY_CSP)}
        yield ("verify", *self._page("verify.html", verify, context, "verify page"))
        if not self.prefix:  # one 404 page for the site (GitHub Pages serves /404.html)
            yield ("404", *self._page("404.html", urls.NOT_FOUND_PAGE, {}, "404 page"))

    def _browse_pages(
        self, facet: Facet, value: FacetValue
    ) -> Iterator[tuple[str, list[str], Callable[[], Output]]]:
        per_page = self.catalog.config.per_page
        items = value.credentials
        count = max(1, math.ceil(len(items) / per_page))
        for number in range(1, count + 1):
            chunk = items[(number - 1) * per_page : number * per_page]
            path = self.paths.browse_page(facet.key, value.slug, number)
            pager = Pager(
                number, count, chunk, partial(self.paths.browse_page, facet.key, value.slug)
            )
            context = {
                "facet": Heading(facet.key, facet.label),
                "value": Heading(value.slug, value.label),
                "pager": pager,
                "total": len(items),
            }
            yield (
                f"browse:{facet.key}:{value.slug}:{number}",
                *self._page("browse.html", path, context, f"browse page {path}"),
            )

    def _pathways(self, stacks: list[Credential]) -> list[dict[str, Any]]:
        items = []
        for n, cred in enumerate(stacks, start=1):
            group = pathway(self.catalog, cred.id)
            if group is not None:
                svg = pathway_svg(group, cred, f"s{n}", self.catalog.t)
                issuer = self.catalog.issuers[cred.issuer]
                items.append({"credential": cred, "group": group, "svg": svg, "issuer": issuer})
        return items

    def _creds(self, ids: tuple[str, ...]) -> list[Credential]:
        return [
            self.catalog.credentials[i]
            for i in ids
            if self.catalog.credentials[i].status is not Status.DRAFT
        ]

    def render_credential(self, cred: Credential) -> Output:
        """The page of one credential."""
        return self.credential_page(cred)[1]()

    def credential_page(self, cred: Credential) -> tuple[list[str], Callable[[], Output]]:
        """The key of a credential's page, derived from its context, and how to render it."""
        catalog, graph = self.catalog, self.catalog.graph
        group = pathway(catalog, cred.id)
        context = {
            "credential": cred,
            "issuer": self.catalog.issuers[cred.issuer],
            "partners": [
                (p.role, self.catalog.issuers[p.issuer])
                for p in cred.partners
                if p.issuer in self.catalog.issuers
            ],
            "html": self.catalog.html[cred.id],
            "pathway": group,
            "pathway_svg": pathway_svg(group, cred, "c", catalog.t) if group else None,
            "parents": [
                {"credential": p, "role": role_in(catalog, p.id, cred.id)}
                for p in self._creds(graph.parents.get(cred.id, ()))
            ],
            "prerequisites": self._creds(cred.prerequisites),
            "recommended": self._creds(cred.recommended),
            "required_by": self._creds(graph.prerequisite_of.get(cred.id, ())),
            "jsonld": script_json(credential_schema_org(self.catalog, cred)),
            "canonical": self.urls.absolute(self.paths.credential_page(cred.id)),
            "share": self._share_context(
                "credential", cred.id, self.paths.credential_page(cred.id), cred.title
            ),
            "history": self.catalog.permanence.history(cred),
            "replacement": self.catalog.credentials.get(cred.superseded_by or ""),
        }
        return self._page(
            "credential.html",
            self.paths.credential_page(cred.id),
            context,
            f"credential '{cred.id}'",
        )

    def render_redirect(
        self, path: str, target: str, title: str, shows: tuple[str, str] = ("catalog", "catalog")
    ) -> Output:
        """A page kept at an earlier id: a meta refresh and a canonical link to ``target``;
        ``shows`` (kind, id) names what it moved to, whose share preview it keeps."""
        context = {
            "target": self.urls.link(target, path),
            "title": title,
            "canonical": self.urls.absolute(target),
            "share": self._share_context(*shows, target, title),
        }
        return self._render("redirect.html", path, context, f"redirect page {path}")

    def _issuer_context(self, issuer: Issuer) -> dict[str, Any]:
        ids = self.catalog.graph.by_issuer.get(issuer.id, ())
        creds = sorted(self._creds(ids), key=lambda c: (c.status.value != "active", c.title))
        held: dict[str, set[str]] = {}
        for cid, role in self.catalog.graph.by_partner.get(issuer.id, ()):
            if self.catalog.credentials[cid].status is not Status.DRAFT:
                held.setdefault(cid, set()).add(role)
        # One list per combination of roles, so that each credential is listed (and its
        # card's id used) once on the page: "Endorses · Assesses".
        groups: dict[tuple[str, ...], list[Credential]] = {}
        for cid, found in held.items():
            groups.setdefault(tuple(sorted(found)), []).append(self.catalog.credentials[cid])
        return {
            "issuer": issuer,
            "html": self.catalog.html[f"issuer:{issuer.id}"],
            "credentials": creds,
            "partnerships": [
                (tuple(PartnerRole(r) for r in roles), sorted(found, key=lambda c: c.title))
                for roles, found in sorted(groups.items())
            ],
            "co_awards": any("co-awarding" in roles for roles in groups),
            "jsonld": script_json(issuer_schema_org(self.catalog, issuer)),
            "canonical": self.urls.absolute(self.paths.issuer_page(issuer.id)),
            "share": self._share_context(
                "issuer", issuer.id, self.paths.issuer_page(issuer.id), issuer.name
            ),
        }


def _failing_template(exc: BaseException, fallback: str) -> str:
    tb = exc.__traceback__
    name = fallback
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".html") or filename.endswith(".xml"):
            name = filename
        tb = tb.tb_next
    return name


def _failing_line(exc: BaseException) -> int:
    tb = exc.__traceback__
    line = 1
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith((".html", ".xml")):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _template_error(
    filename: str, line: int | None, exc: Exception, where: str | None = None
) -> Diagnostic:
    shown = filename
    with contextlib.suppress(ValueError):
        shown = str(Path(filename).resolve().relative_to(Path.cwd()))
    message = f"template error: {exc}"
    if where:
        message += f" (while rendering {where})"
    return Diagnostic(
        location=Location(path=shown, line=line or 1), code="template", message=message
    )

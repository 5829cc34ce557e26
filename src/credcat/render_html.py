"""HTML pages: page contexts handed to the theme's Jinja templates."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from credcat import urls
from credcat.catalog import Catalog
from credcat.diagnostics import CatalogError, Diagnostic, Location
from credcat.facets import Facet, FacetValue, build_facets
from credcat.labels import cost_label, credits_label, duration_label, language_name, type_label
from credcat.model import Credential, Issuer, PartnerRole, Status, format_number
from credcat.output import Output, script_json
from credcat.render_jsonld import credential_schema_org, issuer_schema_org
from credcat.render_pathway import pathway, pathway_svg, role_in
from credcat.render_preview import Drawn, SharePreviews
from credcat.share import linkedin_add_url
from credcat.theme import Theme, file_hash, make_environment

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
)

VERIFY_CSP = CSP.replace("connect-src 'self'", "connect-src 'self' https: http:")
"""The "Check a badge" page's policy: the same, except that it may fetch (only when the reader
asks, and only the address the reader gave) a hosted Open Badges 2.0 assertion from its host.
A page served over HTTPS still cannot fetch http: addresses (the browser blocks mixed content)."""


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
        self.env.globals.update(
            site=config,
            catalog=catalog,
            csp=Markup(CSP),
            url=jinja2.pass_context(lambda ctx, rel: self.urls.link(rel, ctx["page_path"])),
            abs_url=self.urls.absolute,
            asset=jinja2.pass_context(
                lambda ctx, name: (
                    f"{self.urls.link(urls.asset(name), ctx['page_path'])}"
                    f"?v={hashes.get(name, '0')}"
                )
            ),
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
        self.env.filters.update(
            type_label=lambda kind: t(type_label(kind)),
            cost_label=lambda cred: t(cost_label(cred) or ""),
            duration=lambda d: duration_label(d, t),
            credits=lambda c: credits_label(c, t),
            language_name=language_name,
            number=format_number,
        )

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

    def share(self, ident: str, kind: str = "credential") -> Drawn:
        """The share preview that pages of this language show for ``ident``."""
        return self.previews.path(self.lang, kind, ident)

    def _share_context(
        self, kind: str, ident: str, path: str, title: str | None = None
    ) -> dict[str, Any]:
        """What the page's Open Graph and Twitter card tags say (partials/meta.html);
        ``title`` is the page's own title, without the catalog's name (None: its <title>)."""
        found: dict[str, Any] = {"image": None, "alt": "", "title": title}
        found["url"] = self._page_url(path)
        found["type"] = "article" if kind == "credential" else "website"
        if self.previews.shown:
            drawn = self.share(ident, kind)
            found.update(image=self.urls.absolute(drawn.path), alt=drawn.alt)
        return found

    def _page_url(self, path: str) -> str:
        """The page's own absolute address (the 404 page, served anywhere, names the home)."""
        return self.urls.absolute(
            self.paths.listing_page(1) if path == urls.NOT_FOUND_PAGE else path
        )

    def _share_deps(self, kind: str = "catalog", ident: str = "catalog") -> list[str]:
        if not self.previews.shown:
            return []
        drawn = self.share(ident, kind)
        return [f"share={drawn.path}/{drawn.alt}"]

    def _card(self, cred: Credential, page: str) -> Markup:
        """A credential's card (partials/card.html), rendered once per page depth (its links
        are relative) and reused on every list."""
        depth = page.count("/")
        html = self._cards.get((cred.id, depth))
        if html is None:
            template = self.env.get_template("partials/card.html")
            html = Markup(template.render(c=cred, page_path=page))
            self._cards[cred.id, depth] = html
        return html

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
        """Every page but the credential pages, as (name, what it shows, how to render it).

        The middle item lists the ids and content hashes the page depends on, so a build
        can skip pages whose inputs did not change (the share preview a page names too).
        """
        for name, deps, render in self._shared_pages():
            kind, _, ident = name.partition(":")
            share = self._share_deps(kind, ident) if kind == "issuer" else self._share_deps()
            yield name, [*deps, *share], render

    def _shared_pages(self) -> Iterator[tuple[str, list[str], Callable[[], Output]]]:
        catalog = self.catalog
        active = catalog.active
        per_page = catalog.config.per_page
        count = max(1, math.ceil(len(active) / per_page))
        for number in range(1, count + 1):
            items = tuple(active[(number - 1) * per_page : number * per_page])
            pager = Pager(number, count, items, self.paths.listing_page)
            yield (
                f"page:{number}",
                [str(count), str(len(active)), *self._deps(items)],
                partial(
                    self._render,
                    "index.html",
                    self.paths.listing_page(number),
                    {"pager": pager, "total": len(active)},
                    f"listing page {number}",
                ),
            )
        facets = build_facets(catalog)
        yield (
            "browse",
            [f"{f.key}/{v.slug}={len(v.credentials)}/{v.label}" for f in facets for v in f.values],
            partial(
                self._render,
                "browse_index.html",
                self.paths.browse_index(),
                {"facets": facets},
                "browse",
            ),
        )
        for facet in facets:
            for value in facet.values:
                yield from self._browse_pages(facet, value)
        for issuer in catalog.issuers.values():
            own = self._creds(catalog.graph.by_issuer.get(issuer.id, ()))
            joint = self._creds(tuple(c for c, _ in catalog.graph.by_partner.get(issuer.id, ())))
            yield (
                f"issuer:{issuer.id}",
                self._deps([*own, *joint]),
                partial(self.render_issuer, issuer),
            )
        stacks = [c for c in catalog.published if c.id in catalog.graph.rules]
        yield (
            "pathways",
            self._deps([*stacks, *(self._creds(tuple(self._stack_members(stacks))))]),
            partial(self._render_pathways, stacks),
        )
        retired = [c for c in catalog.published if c.status is Status.RETIRED]
        yield (
            "archive",
            self._deps(retired),
            partial(
                self._render,
                "archive.html",
                self.paths.archive_page(),
                {"credentials": retired},
                "archive",
            ),
        )
        yield (
            "verify",
            [],
            partial(
                self._render,
                "verify.html",
                self.paths.verify_page(),
                {"csp": Markup(VERIFY_CSP)},
                "verify page",
            ),
        )
        if not self.prefix:  # one 404 page for the site (GitHub Pages serves /404.html)
            page = partial(self._render, "404.html", urls.NOT_FOUND_PAGE, {}, "404 page")
            yield ("404", [], page)

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
            context = {"facet": facet, "value": value, "pager": pager, "total": len(items)}
            yield (
                f"browse:{facet.key}:{value.slug}:{number}",
                [value.label, str(count), *self._deps(chunk)],
                partial(self._render, "browse.html", path, context, f"browse page {path}"),
            )

    def _stack_members(self, stacks: list[Credential]) -> list[str]:
        rules = self.catalog.graph.rules
        return sorted({i for c in stacks for i, _ in rules[c.id].leaves()})

    def _render_pathways(self, stacks: list[Credential]) -> Output:
        items = []
        for n, cred in enumerate(stacks, start=1):
            group = pathway(self.catalog, cred.id)
            if group is not None:
                svg = pathway_svg(group, cred, f"s{n}", self.catalog.t)
                items.append({"credential": cred, "group": group, "svg": svg})
        return self._render(
            "pathways.html", self.paths.pathways_page(), {"stacks": items}, "pathways page"
        )

    def _deps(self, creds: Iterable[Credential]) -> list[str]:
        catalog, lang = self.catalog, self.lang
        issuers = catalog.issuers

        def own(kind: str, ident: str) -> str:
            tr = catalog.translation(lang, kind, ident)
            return tr.digest if tr else ""

        return [
            f"{c.id}={c.digest}/{issuers[c.issuer].digest}"
            f"/{own('credential', c.id)}/{own('issuer', c.issuer)}"
            for c in creds
        ]

    def _creds(self, ids: tuple[str, ...]) -> list[Credential]:
        return [
            self.catalog.credentials[i]
            for i in ids
            if self.catalog.credentials[i].status is not Status.DRAFT
        ]

    def render_credential(self, cred: Credential) -> Output:
        """The page of one credential."""
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
        return self._render(
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

    def render_issuer(self, issuer: Issuer) -> Output:
        """The page of one issuer."""
        ids = self.catalog.graph.by_issuer.get(issuer.id, ())
        creds = sorted(self._creds(ids), key=lambda c: (c.status.value != "active", c.title))
        roles: dict[str, list[Credential]] = {}
        for cid, role in self.catalog.graph.by_partner.get(issuer.id, ()):
            cred = self.catalog.credentials[cid]
            if cred.status is not Status.DRAFT:
                roles.setdefault(role, []).append(cred)
        context = {
            "issuer": issuer,
            "html": self.catalog.html[f"issuer:{issuer.id}"],
            "credentials": creds,
            "partnerships": [
                (PartnerRole(role), sorted(found, key=lambda c: c.title))
                for role, found in sorted(roles.items())
            ],
            "jsonld": script_json(issuer_schema_org(self.catalog, issuer)),
            "canonical": self.urls.absolute(self.paths.issuer_page(issuer.id)),
            "share": self._share_context(
                "issuer", issuer.id, self.paths.issuer_page(issuer.id), issuer.name
            ),
        }
        return self._render(
            "issuer.html", self.paths.issuer_page(issuer.id), context, f"issuer '{issuer.id}'"
        )


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

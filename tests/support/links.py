"""Find internal links and anchors in a built site that lead nowhere."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("name"):
            self.ids.add(str(values["name"]))
        for attr in ("href", "src"):
            value = values.get(attr)
            if value and not (tag == "link" and values.get("rel") == "canonical"):
                self.links.append(value)


def _parse(path: Path, cache: dict[Path, _Collector]) -> _Collector:
    if path not in cache:
        collector = _Collector()
        collector.feed(path.read_text(encoding="utf-8"))
        cache[path] = collector
    return cache[path]


def find_broken_links(site_root: Path, base_path: str, base_url: str | None = None) -> list[str]:
    """Every internal href/src (and #anchor) of every page that does not resolve.

    Internal means relative, an absolute path (which must lie under ``base_path``), or an
    absolute URL starting with ``base_url``. Other web addresses, mailto:, tel: and data: are
    not checked. A directory resolves to its index.html; a fragment must be an id (or an
    ``<a name>``) in the target page.
    """
    if not base_path.endswith("/"):
        base_path += "/"
    broken: list[str] = []
    parsed: dict[Path, _Collector] = {}
    for page in sorted(site_root.rglob("*.html")):
        rel_dir = page.parent.relative_to(site_root).as_posix()
        page_url = base_path + ("" if rel_dir == "." else rel_dir + "/")
        for link in _parse(page, parsed).links:
            if base_url and link.startswith(base_url):
                link = base_path + link[len(base_url) :]
            parts = urlsplit(link)
            if parts.scheme in ("mailto", "tel", "data") or (parts.scheme or parts.netloc):
                continue
            path = parts.path
            if not path:
                target = page
            else:
                if not path.startswith("/"):
                    path = page_url + path
                trailing = "/" if path.endswith("/") else ""
                path = posixpath.normpath(path) + trailing
                if not (path + "/").startswith(base_path):
                    broken.append(f"{page}: {link} is outside {base_path}")
                    continue
                rel = unquote(path[len(base_path) :])
                target = site_root / rel
                if rel == "" or rel.endswith("/") or target.is_dir():
                    target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page}: {link} -> missing {target.relative_to(site_root)}")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html" and fragment not in _parse(target, parsed).ids:
                broken.append(f"{page}: {link} -> no id '{parts.fragment}'")
    return broken

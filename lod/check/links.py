"""The pages' links: from the landing page, every HTML page of the deployment (up to `max_pages`)
is read, and every link, stylesheet, script and image on it that stays on the deployment must
answer below 400. Links to other hosts are counted, never followed: the check contacts no one else.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from urllib.parse import urlsplit

import requests

from lod.check.deployment import Deployment, absolute
from lod.check.report import Outcome, verdict

_ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src", "form": "action"}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = _ATTRIBUTES.get(tag)
        for name, value in attrs:
            if name == wanted and value and not value.startswith(("mailto:", "tel:", "javascript:", "data:")):
                self.links.append(value)


def links_of(html: str, page: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return [absolute(page, link) for link in parser.links]


class LinkCheck:
    name = "links"

    def run(self, site: Deployment) -> Iterator[Outcome]:
        host = urlsplit(site.url).netloc
        status: dict[str, int] = {}
        found_on: dict[str, str] = {site.url: site.url}
        todo, pages, elsewhere = [site.url], 0, set()
        with ThreadPoolExecutor(max_workers=4) as pool:  # a few requests at once, as a browser makes
            while todo:
                answers = pool.map(lambda url: self._fetch(site, url, "HEAD"), todo)
                heads = dict(zip(todo, answers, strict=True))
                todo = []
                for url, head in heads.items():
                    status[url] = head.status_code if head is not None else 599
                    is_page = head is not None and head.status_code < 400 \
                        and "html" in head.headers.get("Content-Type", "")
                    if not is_page or pages >= site.options.max_pages:
                        continue
                    page = self._fetch(site, url, "GET")
                    if page is None or page.status_code >= 400:
                        continue
                    pages += 1
                    for link in links_of(page.text, page.url):
                        if urlsplit(link).netloc != host:
                            elsewhere.add(link)
                        elif link not in found_on:
                            found_on[link] = url
                            todo.append(link)
        broken = sorted(link for link, code in status.items() if code >= 400)
        shown = "; ".join(f"{link} ({status[link]}, op/on {found_on[link]})" for link in broken[:5])
        found = (f"{len(broken)} kapotte links: {shown}", f"{len(broken)} broken links: {shown}")
        yield verdict("links.pages", found if broken else None,
                      (f"{len(status)} links op {pages} pagina's werken ({len(elsewhere)} naar andere "
                       "hosts, niet gevolgd)", f"{len(status)} links on {pages} pages work "
                       f"({len(elsewhere)} to other hosts, not followed)"))

    @staticmethod
    def _fetch(site: Deployment, url: str, method: str) -> requests.Response | None:
        """The answer after redirects (a HEAD a host refuses is asked again as GET), None if none."""
        try:
            response = site.request(method, url, allow_redirects=True)
            if method == "HEAD" and response.status_code == 405:
                response = site.request("GET", url, allow_redirects=True, stream=True)
                response.close()
            return response
        except requests.RequestException:
            return None


__all__ = ["LinkCheck", "links_of"]

"""Article pages stay small on a weak connection and load nothing from other servers."""

import gzip
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from articles.models import Article

BUDGET = 40 * 1024  # HTML + CSS + JavaScript, compressed, images aside


def article_paths():
    return [
        f"/{code}/{'artikel' if code == 'de' else 'articles'}/{getattr(a, f'slug_{code}')}/"
        for a in Article.objects.published()
        for code in ("de", "en")
    ]


def loaded_assets(html: str) -> list[str]:
    """Addresses the browser fetches by itself: stylesheets, scripts, images, icons."""
    tags = re.findall(r"<(?:link|script|img|source|iframe)\b[^>]*>", html)
    urls = []
    for tag in tags:
        if tag.startswith("<link") and not re.search(r'rel="(stylesheet|icon|preload)"', tag):
            continue  # alternates and canonical links are not fetched
        urls += re.findall(r'\b(?:src|href)="([^"]+)"', tag)
    return urls


def static_file(url: str) -> Path:
    return Path(finders.find(url.removeprefix(settings.STATIC_URL)))


def test_every_article_page_with_its_css_and_javascript_stays_under_40_kb_compressed(
    client, imported_content
):
    for path in article_paths():
        html = client.get(path).content
        assets = [u for u in loaded_assets(html.decode()) if u.startswith(settings.STATIC_URL)]
        styles_and_scripts = [
            static_file(u).read_bytes() for u in assets if u.endswith((".css", ".js"))
        ]
        total = len(gzip.compress(html, 9)) + sum(
            len(gzip.compress(b, 9)) for b in styles_and_scripts
        )
        assert total < BUDGET, f"{path}: {total} bytes compressed"


def test_pages_load_nothing_from_other_servers(client, imported_content):
    for path in [*article_paths(), "/de/", "/en/", "/de/glossar/", "/en/glossary/"]:
        html = client.get(path).content.decode()
        foreign = [u for u in loaded_assets(html) if not u.startswith("/") or u.startswith("//")]
        assert foreign == [], path


@pytest.mark.parametrize("name", ["css/site.css", "css/print.css"])
def test_stylesheets_use_system_fonts_only(name):
    css = static_file(settings.STATIC_URL + name).read_text()
    assert "@font-face" not in css
    assert "url(http" not in css

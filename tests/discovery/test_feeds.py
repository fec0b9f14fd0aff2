"""The Atom feed of new and updated articles, one per language, advertised on every page."""

import datetime
import xml.etree.ElementTree as ElementTree

import lxml.html
import pytest
from django.utils import timezone

from articles.discovery.feeds import FEED_LENGTH
from articles.models import Article

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def published_long_ago():
    """As for imported articles: first published well before their "Updated on" date."""
    Article.objects.update(first_published_at=timezone.make_aware(datetime.datetime(2020, 1, 1)))


def read_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ElementTree.fromstring(response.content)


def entries(feed) -> list[dict]:
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "updated": entry.findtext(f"{ATOM}updated"),
            "summary": entry.findtext(f"{ATOM}summary"),
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]


@pytest.mark.parametrize(
    ("url", "language", "title", "link"),
    [
        (
            "/de/feed/",
            "de",
            "healthinfo: neue und aktualisierte Artikel",
            "http://testserver/de/artikel/knochenmetastasen-verstehen/",
        ),
        (
            "/en/feed/",
            "en",
            "healthinfo: new and updated articles",
            "http://testserver/en/articles/understanding-bone-metastases/",
        ),
    ],
)
def test_the_feed_lists_the_articles_of_its_language(client, article, url, language, title, link):
    published_long_ago()

    feed = read_feed(client, url)

    assert feed.tag == f"{ATOM}feed"
    assert feed.get(XML_LANG) == language
    assert feed.findtext(f"{ATOM}title") == title
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == f"http://testserver{url}"
    (entry,) = entries(feed)
    assert entry["link"] == link
    assert entry["title"] == getattr(article, f"title_{language}")
    assert entry["summary"] == getattr(article, f"description_{language}")
    assert entry["updated"].startswith("2024-01-23T00:00:00")


def test_the_newest_update_comes_first(client, make_article):
    make_article()
    make_article(
        key="newer",
        slug_de="neuer",
        slug_en="newer",
        title_en="Newer",
        updated_on_en=datetime.date(2025, 6, 1),
    )
    published_long_ago()

    feed = read_feed(client, "/en/feed/")

    assert [e["title"] for e in entries(feed)] == ["Newer", "Understanding bone metastases"]
    assert feed.findtext(f"{ATOM}updated").startswith("2025-06-01")


def test_each_feed_dates_an_entry_by_the_update_of_its_language(client, make_article):
    make_article(updated_on_de=datetime.date(2025, 7, 8))
    published_long_ago()

    german = entries(read_feed(client, "/de/feed/"))
    english = entries(read_feed(client, "/en/feed/"))

    assert german[0]["updated"].startswith("2025-07-08")
    assert english[0]["updated"].startswith("2024-01-23")


def test_an_entry_without_a_recorded_update_dates_from_its_first_publication(client, make_article):
    make_article(updated_on_en=None)
    published_long_ago()

    (entry,) = entries(read_feed(client, "/en/feed/"))

    assert entry["updated"].startswith("2020-01-01")


def test_a_newly_published_article_counts_as_new_when_it_is_published(client, article):
    published = datetime.datetime(2025, 3, 4, 10, 30, tzinfo=datetime.UTC)
    Article.objects.update(first_published_at=published)

    feed = read_feed(client, "/en/feed/")

    entry = feed.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}published").startswith("2025-03-04T10:30:00")
    assert entry.findtext(f"{ATOM}updated").startswith("2025-03-04T10:30:00")


def test_drafts_and_untranslated_articles_stay_out_of_the_feed(client, make_article):
    make_article(key="draft", slug_de="entwurf", slug_en="draft", status=Article.Status.DRAFT)
    make_article(
        key="german-only",
        slug_de="nur-deutsch",
        title_en="",
        slug_en="",
        summary_en="",
        body_en="",
    )

    assert entries(read_feed(client, "/en/feed/")) == []
    assert [e["link"] for e in entries(read_feed(client, "/de/feed/"))] == [
        "http://testserver/de/artikel/nur-deutsch/"
    ]


def test_an_entry_names_its_author(client, make_article):
    make_article(author_en="healthinfo editorial team")

    feed = read_feed(client, "/en/feed/")

    assert feed.findtext(f"{ATOM}entry/{ATOM}author/{ATOM}name") == "healthinfo editorial team"


@pytest.mark.parametrize(
    ("url", "feed", "title"),
    [
        ("/de/", "/de/feed/", "healthinfo: neue und aktualisierte Artikel"),
        ("/en/glossary/", "/en/feed/", "healthinfo: new and updated articles"),
        ("/en/articles/understanding-bone-metastases/", "/en/feed/", None),
    ],
)
def test_every_page_advertises_the_feed_of_its_language(client, article, url, feed, title):
    page = lxml.html.fromstring(client.get(url).content)

    (link,) = page.xpath("//head/link[@type='application/atom+xml']")
    assert link.get("rel") == "alternate"
    assert link.get("href") == feed
    assert link.get("title") == (title or "healthinfo: new and updated articles")


def test_a_long_catalogue_feeds_the_newest_entries_by_either_date(client, make_article):
    for n in range(FEED_LENGTH + 5):
        make_article(
            key=f"old-{n}",
            slug_de=f"alt-{n}",
            slug_en=f"old-{n}",
            title_en=f"Old {n}",
            updated_on_en=datetime.date(2024, 1, 1) + datetime.timedelta(days=n),
        )
    published_long_ago()
    # Published just now, never updated since: new by its first publication only.
    fresh = make_article(key="fresh", slug_de="frisch", slug_en="fresh", title_en="Fresh")
    Article.objects.filter(pk=fresh.pk).update(
        updated_on_en=None, first_published_at=timezone.now()
    )

    titles = [entry["title"] for entry in entries(read_feed(client, "/en/feed/"))]

    newest_updates = [f"Old {n}" for n in range(FEED_LENGTH + 4, 5, -1)]
    assert titles == ["Fresh", *newest_updates][:FEED_LENGTH]

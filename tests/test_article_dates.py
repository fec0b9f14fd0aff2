"""Under an article's title: who checked it and when, when it was updated, when it is next
planned, and a calm notice instead once that date has passed. All from the records."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from articles.editorial import workflow
from tests.test_pages import ENGLISH_URL, GERMAN_URL, get_page, texts

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
DATES = "//div[@class='article-dates']/p"


@pytest.fixture
def clock(monkeypatch):
    """The site's clock, stopped at noon in Berlin; ``clock.set(date)`` moves it to a day."""

    class Clock:
        def set(self, day: datetime.date, hour: int = 12):
            moment = datetime.datetime.combine(day, datetime.time(hour), tzinfo=BERLIN)
            monkeypatch.setattr(timezone, "now", lambda: moment)

    clock = Clock()
    clock.set(datetime.date(2026, 12, 1))
    return clock


@pytest.mark.parametrize(
    ("url", "lines"),
    [
        (
            GERMAN_URL,
            [
                "Geprüft von Dr. med. Anna Beispiel, Fachärztin für Gynäkologie am 20. Januar 2024",
                "Aktualisiert am 23. Januar 2024 · Nächste geplante Aktualisierung Oktober 2027",
            ],
        ),
        (
            ENGLISH_URL,
            [
                "Checked by Dr. med. Anna Beispiel, Fachärztin für Gynäkologie on 20 January 2024",
                "Updated on 23 January 2024 · Next planned update October 2027",
            ],
        ),
    ],
)
def test_the_article_says_who_checked_it_when_it_was_updated_and_when_next(
    client, make_article, clock, url, lines
):
    make_article(next_update_on=datetime.date(2027, 10, 15))

    page = get_page(client, url)

    assert texts(page, DATES) == lines
    assert page.xpath(f"{DATES}//time/@datetime") == ["2024-01-20", "2024-01-23", "2027-10"]


def test_each_language_names_the_check_recorded_for_it(client, make_article, clock):
    make_article(
        reviewer_de="Dr. med. A. Beispiel, Onkologin",
        reviewed_on_de=datetime.date(2025, 3, 4),
        updated_on_de=datetime.date(2025, 3, 5),
    )

    german = texts(get_page(client, GERMAN_URL), DATES)
    english = texts(get_page(client, ENGLISH_URL), DATES)

    assert german[0] == "Geprüft von Dr. med. A. Beispiel, Onkologin am 4. März 2025"
    assert german[1].startswith("Aktualisiert am 5. März 2025")
    assert english[0].startswith("Checked by Dr. med. Anna Beispiel")
    assert english[1].startswith("Updated on 23 January 2024")


@pytest.mark.parametrize(
    ("url", "line"),
    [
        (GERMAN_URL, "Für diesen Artikel ist noch keine medizinische Prüfung eingetragen."),
        (ENGLISH_URL, "The medical check of this article is not recorded yet."),
    ],
)
def test_an_article_without_a_recorded_check_says_so_and_names_nobody(
    client, make_article, clock, url, line
):
    make_article(reviewer_de="", reviewer_en="", reviewed_on_de=None, reviewed_on_en=None)

    page = get_page(client, url)

    assert texts(page, DATES)[0] == line
    assert "Beispiel" not in page.text_content()


def test_a_check_without_a_recorded_date_names_the_reviewer_only(client, make_article, clock):
    make_article(reviewed_on_en=None)

    (checked, _) = texts(get_page(client, ENGLISH_URL), DATES)

    assert checked == "Checked by Dr. med. Anna Beispiel, Fachärztin für Gynäkologie"


def test_without_a_recorded_update_the_first_publication_is_the_date(client, make_article, clock):
    article = make_article(updated_on_en=None, next_update_on=None)
    first = datetime.datetime(2023, 11, 30, 23, 30, tzinfo=datetime.UTC)
    type(article).objects.filter(pk=article.pk).update(first_published_at=first)

    page = get_page(client, ENGLISH_URL)

    # 23:30 UTC is already the next day on the site's clock.
    assert texts(page, DATES)[1] == "Updated on 1 December 2023"


def test_without_any_dates_the_page_still_shows_who_checked_it(client, make_article, clock):
    article = make_article(updated_on_en=None, next_update_on=None)
    type(article).objects.filter(pk=article.pk).update(first_published_at=None)

    page = get_page(client, ENGLISH_URL)

    assert texts(page, DATES) == [
        "Checked by Dr. med. Anna Beispiel, Fachärztin für Gynäkologie on 20 January 2024"
    ]


def test_without_a_planned_update_only_the_update_date_is_shown(client, make_article, clock):
    make_article(next_update_on=None)

    assert texts(get_page(client, ENGLISH_URL), DATES)[1] == "Updated on 23 January 2024"


# Once the next planned update has passed


@pytest.mark.parametrize(
    ("url", "notice"),
    [
        (
            GERMAN_URL,
            "Wir prüfen gerade, ob dieser Artikel noch aktuell ist. "
            "Er gibt die Leitlinie oder Quelle mit Stand AGO 2024.1D wieder.",
        ),
        (
            ENGLISH_URL,
            "We are checking whether this article is still up to date. "
            "It reflects the guideline or source as of AGO 2024.1D.",
        ),
    ],
)
def test_a_passed_planned_update_gives_a_calm_notice_with_the_guideline_version(
    client, make_article, clock, url, notice
):
    make_article(next_update_on=datetime.date(2026, 11, 30), evidence_version="AGO 2024.1D")

    page = get_page(client, url)

    assert texts(page, "//p[@class='review-notice']") == [notice]
    assert "2026-11" not in page.xpath(f"{DATES}//time/@datetime")
    # A plain paragraph under the title: no alert that screen readers would announce.
    assert not page.xpath("//*[@role='alert' or @role='status'][.//p[@class='review-notice']]")


def test_without_a_guideline_version_the_notice_names_none(client, make_article, clock):
    make_article(next_update_on=datetime.date(2026, 11, 30), evidence_version="")

    page = get_page(client, ENGLISH_URL)

    assert texts(page, "//p[@class='review-notice']") == [
        "We are checking whether this article is still up to date."
    ]


def test_on_the_day_of_the_planned_update_the_date_is_still_shown(client, make_article, clock):
    make_article(next_update_on=datetime.date(2026, 12, 1), evidence_version="AGO 2024.1D")

    page = get_page(client, ENGLISH_URL)

    assert not page.xpath("//p[@class='review-notice']")
    assert texts(page, DATES)[1].endswith("Next planned update December 2026")


def test_a_cached_page_gives_the_notice_from_the_day_after_the_planned_update(
    client, make_article, clock
):
    make_article(next_update_on=datetime.date(2026, 12, 1), evidence_version="AGO 2024.1D")
    clock.set(datetime.date(2026, 12, 1), hour=23)
    assert not get_page(client, ENGLISH_URL).xpath("//p[@class='review-notice']")

    # Just after midnight in Berlin; the page was cached an hour ago and nothing was edited.
    clock.set(datetime.date(2026, 12, 2), hour=0)
    page = get_page(client, ENGLISH_URL)

    assert texts(page, "//p[@class='review-notice']")[0].startswith("We are checking")


def test_after_publishing_readers_see_the_approving_reviewer_and_the_day(
    client, make_article, clock, editor, make_reviewer, publisher
):
    article = make_article()
    get_page(client, ENGLISH_URL)  # cached, as readers had it
    copy = workflow.start_working_copy(article)
    copy.body_en = "New English text."
    copy.save()
    workflow.note_edit(copy, editor)
    workflow.submit(copy, editor)
    reviewer = make_reviewer("dora", name="Dr. Dora Zweit", qualification="Onkologin")
    workflow.approve(copy, reviewer, ["en"])
    clock.set(datetime.date(2026, 12, 3))
    workflow.publish(copy, ["en"], publisher)

    lines = texts(get_page(client, ENGLISH_URL), DATES)

    assert lines[0] == "Checked by Dr. Dora Zweit, Onkologin on 1 December 2026"
    assert lines[1].startswith("Updated on 3 December 2026")
    assert texts(get_page(client, GERMAN_URL), DATES)[0].startswith(
        "Geprüft von Dr. med. Anna Beispiel"
    )

"""Editors see which articles are due for their planned update: list, index and a cron mail."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article

TODAY = timezone.localdate()


@pytest.fixture
def due_dates(make_article):
    """One article overdue, one due in a month, one due in a year, one without a date."""

    def make(key, days):
        return make_article(
            key=key,
            slug_de=f"{key}-de",
            slug_en=f"{key}-en",
            next_update_on=None if days is None else TODAY + datetime.timedelta(days=days),
        )

    return {
        "overdue": make("overdue", -1),
        "soon": make("soon", 30),
        "later": make("later", 365),
        "unset": make("unset", None),
    }


def listed(response) -> set[str]:
    return {article.key for article in response.context["cl"].result_list}


def test_the_list_shows_the_next_planned_update(editing, due_dates):
    response = editing.get("/admin/articles/article/")

    assert "column-next_update" in response.content.decode()


@pytest.mark.parametrize(
    ("choice", "keys"),
    [("overdue", {"overdue"}), ("soon", {"soon"}), ("unset", {"unset"})],
)
def test_the_list_filters_by_review_date(editing, due_dates, choice, keys):
    response = editing.get("/admin/articles/article/", {"review": choice})

    assert listed(response) == keys


def test_due_within_90_days_includes_today_and_the_90th_day(make_article):
    today = make_article(key="a", slug_de="a", slug_en="a", next_update_on=TODAY)
    last = make_article(
        key="b", slug_de="b", slug_en="b", next_update_on=TODAY + datetime.timedelta(days=90)
    )
    make_article(
        key="c", slug_de="c", slug_en="c", next_update_on=TODAY + datetime.timedelta(days=91)
    )

    assert set(Article.objects.review_due_within(TODAY, 90)) == {today, last}


def test_the_admin_index_shows_how_many_articles_are_overdue(editing, due_dates, make_article):
    make_article(
        key="also-overdue",
        slug_de="auch",
        slug_en="also",
        next_update_on=TODAY - datetime.timedelta(days=400),
    )

    html = editing.get("/admin/").content.decode()

    assert "2 articles are overdue for review." in html
    assert '/admin/articles/article/?review=overdue"' in html


def test_the_admin_index_says_when_nothing_is_overdue(editing, article):
    html = editing.get("/admin/").content.decode()

    assert "No article is overdue for review." in html


def test_moderators_do_not_get_the_review_notice(client, moderator, due_dates):
    client.force_login(moderator)

    html = client.get("/admin/").content.decode()

    assert "overdue" not in html


def run_review_due(*args) -> str:
    out = io.StringIO()
    call_command("review_due", *args, stdout=out)
    return out.getvalue()


def test_review_due_lists_overdue_and_soon_due_articles_for_a_cron_mail(due_dates):
    output = run_review_due()

    overdue, soon = output.split("Due within 90 days")
    assert "Overdue (1):" in overdue
    assert f"{(TODAY - datetime.timedelta(days=1)).isoformat()}  overdue" in overdue
    assert f"/admin/articles/article/{due_dates['overdue'].pk}/change/" in overdue
    assert "(1):" in soon
    assert "  soon  “Knochenmetastasen verstehen”  [published]" in soon
    assert "later" not in output
    assert "unset" not in output


def test_review_due_looks_further_ahead_with_days(due_dates):
    output = run_review_due("--days", "400")

    assert "Due within 400 days (2):" in output
    assert "later" in output


def test_review_due_says_when_nothing_is_due(article):
    output = run_review_due("--days", "0")

    assert output.strip().endswith("Nothing is due.")


def test_review_due_prints_addresses_a_mail_reader_can_open(due_dates, settings):
    settings.BASE_URL = "https://healthinfo.example.org"

    output = run_review_due()

    assert (
        f"  https://healthinfo.example.org/admin/articles/article/{due_dates['overdue'].pk}/change/"
        in output
    )

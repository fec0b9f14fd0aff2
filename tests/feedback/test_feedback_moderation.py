"""Moderators triage feedback in the admin; editors see only how many and how helpful."""

import csv
import datetime
import io
from urllib.parse import urlencode

import lxml.html
import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.feedback.forms import needs_priority
from articles.models import Feedback

CHANGELIST = "/admin/articles/feedback/"


@pytest.fixture
def other_article(make_article):
    return make_article(
        key="local-treatment",
        title_de="Lokale Behandlung",
        slug_de="lokale-behandlung",
        title_en="Local treatment",
        slug_en="local-treatment",
    )


@pytest.fixture
def leave(article):
    """Leave feedback on ``article`` (or another), sent ``days_ago`` days ago."""

    def make(comment="Gut erklärt.", days_ago=0, **fields):
        values = {
            "article": article,
            "language": "de",
            "article_updated_on": article.updated_on,
            "rating": 4,
            "comment": comment,
        }
        values.update(fields)
        values["priority"] = values.get("priority", needs_priority(comment))
        feedback = Feedback.objects.create(**values)
        if days_ago:
            sent = timezone.now() - datetime.timedelta(days=days_ago)
            Feedback.objects.filter(pk=feedback.pk).update(created_at=sent)
        return feedback

    return make


@pytest.fixture
def moderating(client, moderator):
    client.force_login(moderator)
    return client


def listed(client, query="") -> list[int]:
    response = client.get(CHANGELIST + query)
    assert response.status_code == 200
    return [feedback.pk for feedback in response.context["cl"].result_list]


ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def csv_rows(response, delimiter=",") -> list[dict]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


# The list


def test_the_list_filters_by_status_priority_article_language_rating_and_date(
    moderating, leave, other_article
):
    new = leave()
    done = leave(status=Feedback.Status.DONE, rating=1)
    urgent = leave("Ich habe Suizidgedanken.")
    english = leave(language="en", rating=5)
    elsewhere = leave(article=other_article)
    old = leave(days_ago=40)

    assert set(listed(moderating, "?status__exact=done")) == {done.pk}
    assert set(listed(moderating, "?priority__exact=1")) == {urgent.pk}
    assert set(listed(moderating, f"?article__id__exact={other_article.pk}")) == {elsewhere.pk}
    assert set(listed(moderating, "?language__exact=en")) == {english.pk}
    assert set(listed(moderating, "?rating__exact=1")) == {done.pk}
    since = timezone.localtime() - datetime.timedelta(days=7)
    recent = set(listed(moderating, "?" + urlencode({"created_at__gte": since.isoformat()})))
    assert recent == {new.pk, done.pk, urgent.pk, english.pk, elsewhere.pk}
    assert old.pk not in recent


def test_the_list_searches_the_comment(moderating, leave):
    pain = leave("Zu Schmerzen fehlt mir etwas.")
    leave("Sehr klar geschrieben.")

    assert listed(moderating, "?q=schmerzen") == [pain.pk]


def test_the_list_offers_every_filter(moderating, leave, other_article):
    leave()
    leave(article=other_article)
    page = moderating.get(CHANGELIST).content.decode()

    for parameter in ("status__exact", "priority__exact", "article__id__exact",
                      "language__exact", "rating__exact", "created_at__gte"):  # fmt: skip
        assert parameter in page, parameter


# Priority


@pytest.mark.parametrize(
    "comment",
    [
        "Ich habe manchmal Suizidgedanken.",
        "Ich denke an Selbstmord.",
        "Ich bin lebensmüde.",
        "Ich will nicht mehr leben.",
        "Manchmal möchte ich mir etwas antun.",
        "Ich ritze mich wieder.",
        "Ist das ein Notfall?",
        "I have been thinking about suicide.",
        "Sometimes I want to kill   myself.",
        "I self-harm when it gets bad.",
        "I don’t want to live like this.",
        "Is this an EMERGENCY?",
    ],
)
def test_comments_about_self_harm_suicide_or_an_emergency_are_priority(comment):
    assert needs_priority(comment)


@pytest.mark.parametrize(
    "comment",
    [
        "Sehr hilfreich, danke.",
        "Die Tabelle zur Strahlentherapie war unklar.",
        "Meine Notiz: Seite 3.",
        "The section on bone pain helped me.",
        "Emerging treatments are missing.",
    ],
)
def test_ordinary_comments_are_not_priority(comment):
    assert not needs_priority(comment)


def test_sent_feedback_that_mentions_suicide_is_flagged(article, send_feedback):
    send_feedback(comment="Seit der Diagnose habe ich Suizidgedanken.")
    send_feedback(comment="Danke für die klare Sprache.")

    assert dict(Feedback.objects.values_list("comment", "priority")) == {
        "Seit der Diagnose habe ich Suizidgedanken.": True,
        "Danke für die klare Sprache.": False,
    }


def test_priority_feedback_is_listed_first_then_the_newest(moderating, leave):
    older = leave(days_ago=3)
    newer = leave(days_ago=1)
    urgent_old = leave("I think about suicide.", days_ago=10)

    assert listed(moderating) == [urgent_old.pk, newer.pk, older.pk]


# Working on feedback


def test_bulk_actions_set_each_status(moderating, leave):
    first, second, untouched = leave(), leave(), leave()

    for status in ("in_review", "done", "spam", "new"):
        response = moderating.post(
            CHANGELIST, {"action": f"mark_{status}", "_selected_action": [first.pk, second.pk]}
        )
        assert response.status_code == 302
        first.refresh_from_db()
        second.refresh_from_db()
        assert (first.status, second.status) == (status, status)

    untouched.refresh_from_db()
    assert untouched.status == Feedback.Status.NEW
    assert LogEntry.objects.filter(object_id=str(first.pk)).count() == 4


def test_a_moderator_adds_a_note_and_an_assignee_but_cannot_change_what_the_reader_sent(
    moderating, moderator, leave
):
    feedback = leave("Original.", name="Anna", email="anna@example.org")

    response = moderating.post(
        f"{CHANGELIST}{feedback.pk}/change/",
        {
            "status": "in_review",
            "assignee": moderator.pk,
            "internal_note": "Rückfrage an Dr. B.",
            "comment": "Changed!",
            "name": "Changed",
            "email": "changed@example.org",
            "rating": 1,
        },
    )

    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.IN_REVIEW
    assert feedback.assignee == moderator
    assert feedback.internal_note == "Rückfrage an Dr. B."
    assert (feedback.comment, feedback.name, feedback.email, feedback.rating) == (
        "Original.",
        "Anna",
        "anna@example.org",
        4,
    )


def test_feedback_can_be_assigned_only_to_people_who_may_read_it(
    moderating, moderator, editor, admin_user, leave
):
    feedback = leave()

    response = moderating.get(f"{CHANGELIST}{feedback.pk}/change/")

    choices = set(response.context["adminform"].form.fields["assignee"].queryset)
    assert choices == {moderator, admin_user}
    assert editor not in choices


def test_feedback_cannot_be_assigned_to_someone_who_left(moderating, moderator, leave):
    former = get_user_model().objects.create_user("former", is_staff=True, is_active=False)
    former.groups.set(moderator.groups.all())

    response = moderating.get(f"{CHANGELIST}{leave().pk}/change/")

    assert former not in set(response.context["adminform"].form.fields["assignee"].queryset)


# Export


def test_the_csv_export_holds_the_filtered_list(moderating, leave, moderator):
    done = leave(
        '=HYPERLINK("https://evil.example")',
        status=Feedback.Status.DONE,
        name="Anna",
        email="anna@example.org",
        assignee=moderator,
        internal_note="Beantwortet",
    )
    leave("Noch offen.")

    rows = csv_rows(moderating.get(f"{CHANGELIST}export/?status__exact=done", **ENGLISH))

    assert len(rows) == 1
    row = rows[0]
    assert row["ID"] == str(done.pk)
    assert row["Article"] == "bone-metastases"
    assert row["Language"] == "de"
    assert row["Article updated on"] == "2024-01-23"
    assert row["Rating"] == "4"
    assert row["Status"] == "Done"
    assert row["Priority"] == "no"
    assert row["Assigned to"] == moderator.username
    assert (row["Name"], row["Email address"], row["Internal note"]) == (
        "Anna",
        "anna@example.org",
        "Beantwortet",
    )
    # A spreadsheet shows the reader's formula as text instead of running it.
    assert row["Comment"] == '\'=HYPERLINK("https://evil.example")'


def test_the_german_admin_exports_for_german_spreadsheets(moderating, leave):
    leave("Gut; danke.", status=Feedback.Status.IN_REVIEW, priority=True)

    response = moderating.get(f"{CHANGELIST}export/", HTTP_ACCEPT_LANGUAGE="de")

    assert response.content.startswith("\ufeff".encode())
    [row] = csv_rows(response, delimiter=";")
    assert (row["Kommentar"], row["Status"], row["Priorität"]) == (
        "Gut; danke.",
        "In Bearbeitung",
        "ja",
    )


def test_the_csv_export_follows_the_search_too(moderating, leave):
    leave("Schmerzen: mehr bitte.")
    leave("Alles klar.")

    rows = csv_rows(moderating.get(f"{CHANGELIST}export/?q=schmerzen", **ENGLISH))

    assert [row["Comment"] for row in rows] == ["Schmerzen: mehr bitte."]


def test_the_list_links_to_the_export_of_what_it_shows(moderating, leave):
    leave()

    page = lxml.html.fromstring(moderating.get(f"{CHANGELIST}?status__exact=new").content)

    tools = page.xpath("//ul[@class='object-tools']//a/@href")
    assert f"{CHANGELIST}export/?status__exact=new" in tools


def test_the_export_action_exports_the_selected_feedback(moderating, leave):
    chosen, _other = leave("Ausgewählt."), leave("Nicht ausgewählt.")

    response = moderating.post(
        CHANGELIST, {"action": "export_selected", "_selected_action": [chosen.pk]}, **ENGLISH
    )

    assert [row["Comment"] for row in csv_rows(response)] == ["Ausgewählt."]
    assert response["Content-Disposition"].startswith('attachment; filename="feedback-')


def test_a_broken_filter_in_the_export_is_a_bad_request(moderating, leave):
    leave()

    assert moderating.get(f"{CHANGELIST}export/?nonsense__exact=1").status_code == 400


# What editors see


def test_editors_see_per_article_only_the_number_of_messages_and_the_mean_rating(
    client, editor, leave, other_article
):
    leave("Geheimer Text eins.", rating=5)
    leave("Geheimer Text zwei.", rating=2)
    leave("Werbung!", rating=1, status=Feedback.Status.SPAM)
    client.force_login(editor)

    response = client.get("/admin/articles/article/")

    assert response.status_code == 200
    rows = {
        article.key: (article.feedback_total, article.rating_mean)
        for article in response.context["cl"].result_list
    }
    assert rows == {"bone-metastases": (2, 3.5), "local-treatment": (0, None)}
    page = response.content.decode()
    assert "3,5" in page
    for secret in ("Geheimer Text", "Werbung"):
        assert secret not in page


def test_a_message_shows_the_articles_title_and_public_page_instead_of_a_forbidden_admin_link(
    moderating, leave, article
):
    feedback = leave(language="en")

    page = lxml.html.fromstring(moderating.get(f"{CHANGELIST}{feedback.pk}/change/").content)

    assert not page.xpath("//a[contains(@href, '/admin/articles/article/')]")
    link = page.xpath("//div[contains(@class, 'field-article_page')]//a")[0]
    assert link.get("href") == "/en/articles/understanding-bone-metastases/"
    assert link.get("target") == "_blank"
    assert "Understanding bone metastases" in link.text_content()
    assert moderating.get(link.get("href")).status_code == 200


def test_the_admin_index_shows_moderators_the_number_of_new_messages(
    moderating, client, editor, leave
):
    leave()
    leave()
    leave(status=Feedback.Status.DONE)

    page = moderating.get("/admin/", **ENGLISH).content.decode()

    assert f'<a href="{CHANGELIST}?status__exact=new">2 new messages</a>' in page
    client.force_login(editor)
    assert "new messages" not in client.get("/admin/", **ENGLISH).content.decode()

"""Every save keeps a revision in all languages; editors compare two and revert to one."""

import json

import pytest
from reversion.models import Version

from articles.editorial import workflow
from articles.editorial.revisions import compare, text_diff
from articles.models import Article, Source
from tests.admin_forms import errors, form_data, submit


@pytest.fixture
def article(make_article):
    """A draft: editors change it in place (a published one through its working copy)."""
    return make_article(status=Article.Status.DRAFT)


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


@pytest.fixture
def two_revisions(editing, article):
    """The article saved twice in the admin: first as it was, then with both titles changed."""
    first = submit(editing, change_url(article), {})
    second = submit(
        editing,
        change_url(article),
        {
            "title_de": "Knochenmetastasen: neu",
            "title_en": "Bone metastases: new",
            "sources-0-citation": "A newer source. 2025.",
        },
    )
    assert (first.status_code, second.status_code) == (302, 302), errors(second)
    return list(Version.objects.get_for_object(article).order_by("pk"))


def test_a_revision_records_every_language_field(two_revisions):
    data = json.loads(two_revisions[-1].serialized_data)[0]["fields"]

    for name in ("title", "slug", "summary", "body", "description", "image_alt", "author"):
        assert f"{name}_de" in data
        assert f"{name}_en" in data
    assert (data["title_de"], data["title_en"]) == (
        "Knochenmetastasen: neu",
        "Bone metastases: new",
    )


def test_a_revision_keeps_the_sources_and_who_saved_it(two_revisions, editor):
    revision = two_revisions[-1].revision
    sources = [v for v in revision.version_set.all() if v._model is Source]

    assert revision.user == editor
    assert [v.field_dict["citation"] for v in sources] == ["A newer source. 2025."]


def test_the_history_lists_each_revision_with_who_and_a_way_to_compare(editing, two_revisions):
    article_id = two_revisions[0].object_id

    html = editing.get(f"/admin/articles/article/{article_id}/history/").content.decode()

    assert html.count("erika") >= 2
    assert 'name="old"' in html
    assert 'name="new"' in html
    assert f"/admin/articles/article/{article_id}/history/compare/" in html
    for version in two_revisions:
        assert f"/admin/articles/article/{article_id}/history/{version.pk}/" in html


def test_comparing_two_revisions_shows_what_changed_per_field_and_language(editing, two_revisions):
    old, new = two_revisions
    url = f"/admin/articles/article/{old.object_id}/history/compare/"

    response = editing.get(url, {"old": new.revision_id, "new": old.revision_id})

    diffs = {diff.label: diff.lines for diff in response.context["diffs"]}
    assert response.status_code == 200
    assert diffs["title [de]"] == [
        [("-", "Knochenmetastasen verstehen")],
        [("+", "Knochenmetastasen: neu")],
    ]
    assert diffs["title [en]"] == [
        [("-", "Understanding bone metastases")],
        [("+", "Bone metastases: new")],
    ]
    assert "sources" in diffs
    assert "summary [de]" not in diffs
    html = response.content.decode()
    assert (
        '<del><span class="visually-hidden">removed: </span>Knochenmetastasen verstehen</del>'
        in html
    )
    assert '<ins><span class="visually-hidden">added: </span>Knochenmetastasen: neu</ins>' in html


def test_the_comparison_shows_hostile_text_as_text(editing, article):
    submit(editing, change_url(article), {})
    # In a code span: saving refuses raw HTML, but code may show it.
    submit(editing, change_url(article), {"body_en": "`<script>alert(1)</script>`"})
    old, new = Version.objects.get_for_object(article).order_by("pk")

    html = editing.get(
        f"/admin/articles/article/{article.pk}/history/compare/",
        {"old": old.revision_id, "new": new.revision_id},
    ).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_comparing_without_two_revisions_goes_back_to_the_history(editing, article):
    response = editing.get(f"/admin/articles/article/{article.pk}/history/compare/?old=x")

    assert response.status_code == 302
    assert response["Location"] == f"/admin/articles/article/{article.pk}/history/"


def test_the_comparison_keeps_two_paragraphs_of_context():
    old = "a\nb\nc\nd\ne\nf\ng"
    new = "a\nb\nc\nD\ne\nf\ng"

    assert text_diff(old, new) == [
        [("@", "…")],
        [(" ", "b")],
        [(" ", "c")],
        [("-", "d")],
        [("+", "D")],
        [(" ", "e")],
        [(" ", "f")],
        [("@", "…")],
    ]


def test_the_comparison_marks_the_changed_words_within_a_paragraph():
    old = "Intro.\n\nBisphosphonate stärken den Knochen und senken das Risiko von Brüchen."
    new = "Intro.\n\nBisphosphonate stärken die Knochen und senken das Risiko von Brüchen deutlich."

    assert text_diff(old, new) == [
        [(" ", "Intro.")],
        [(" ", "")],
        [
            (" ", "Bisphosphonate stärken "),
            ("-", "den"),
            ("+", "die"),
            (" ", " Knochen und senken das Risiko von "),
            ("-", "Brüchen."),
            ("+", "Brüchen deutlich."),
        ],
    ]


def test_a_rewritten_paragraph_shows_as_removed_and_added():
    assert text_diff("Alter Absatz über Schmerzen.", "Ganz andere Worte hier.") == [
        [("-", "Alter Absatz über Schmerzen.")],
        [("+", "Ganz andere Worte hier.")],
    ]


def test_comparing_shows_the_changed_words_of_a_paragraph_on_the_page(editing, article):
    submit(editing, change_url(article), {})
    body = article.body_de.replace("Einleitung.", "Eine kurze Einleitung.")
    submit(editing, change_url(article), {"body_de": body})
    old, new = Version.objects.get_for_object(article).order_by("pk")

    html = editing.get(
        f"/admin/articles/article/{article.pk}/history/compare/",
        {"old": old.revision_id, "new": new.revision_id},
    ).content.decode()

    assert '<ins><span class="visually-hidden">added: </span>Eine kurze </ins>Einleitung.' in html
    assert "<del>" not in html


def test_identical_revisions_have_no_differences(two_revisions):
    assert compare(two_revisions[0], two_revisions[0]) == []


def test_reverting_restores_both_languages_and_the_sources(editing, article, two_revisions):
    first = two_revisions[0]
    url = f"/admin/articles/article/{article.pk}/history/{first.pk}/"

    page = editing.get(url)
    assert page.status_code == 200
    assert "Knochenmetastasen verstehen" in page.content.decode()
    article.refresh_from_db()
    assert article.title_de == "Knochenmetastasen: neu"  # looking changes nothing

    response = editing.post(url, form_data(page))

    assert response.status_code == 302, errors(response)
    article.refresh_from_db()
    assert (article.title_de, article.title_en) == (
        "Knochenmetastasen verstehen",
        "Understanding bone metastases",
    )
    assert [s.citation for s in article.sources.all()] == [
        "Robert Koch-Institut. Krebs in Deutschland. 2023."
    ]
    assert article.version == 4
    latest = Version.objects.get_for_object(article).first().revision
    assert latest.get_comment().startswith("Reverted to previous version")


def test_a_revert_over_a_newer_save_is_refused(editing, article, two_revisions):
    url = f"/admin/articles/article/{article.pk}/history/{two_revisions[0].pk}/"
    page = editing.get(url)
    Article.objects.get(pk=article.pk).save()  # someone else saves meanwhile

    response = editing.post(url, form_data(page))

    assert response.status_code == 200
    article.refresh_from_db()
    assert article.title_de == "Knochenmetastasen: neu"


def test_an_action_on_several_articles_keeps_a_revision_for_each(
    client, publisher, editor, reviewer, make_article
):
    client.force_login(publisher)
    first = make_article(status=Article.Status.DRAFT)
    second = make_article(
        key="second", slug_de="zweiter", slug_en="second", status=Article.Status.DRAFT
    )
    for draft in (first, second):
        workflow.submit(draft, editor)
        workflow.approve(draft, reviewer, ["de", "en"])

    client.post(
        "/admin/articles/article/",
        {"action": "publish_selected", "_selected_action": [first.pk, second.pk]},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    [of_first] = Version.objects.get_for_object(first)
    [of_second] = Version.objects.get_for_object(second)
    # Reverting one article must not revert the other with it.
    assert of_first.revision_id != of_second.revision_id
    assert {
        v.object_id for v in of_first.revision.version_set.filter(content_type__model="article")
    } == {str(first.pk)}
    assert of_first.revision.get_comment() == "Published version 1 (German, English)."

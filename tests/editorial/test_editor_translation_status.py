"""Per article and language: missing, current, or outdated when the other language moved on."""

import pytest
from django.core.management import call_command

from articles.models import Article
from tests.admin_forms import submit


@pytest.fixture
def article(make_article):
    """A draft: editors change it in place (a published one through its working copy)."""
    return make_article(status=Article.Status.DRAFT)


CURRENT = Article.TranslationStatus.CURRENT
OUTDATED = Article.TranslationStatus.OUTDATED
MISSING = Article.TranslationStatus.MISSING


def statuses(article) -> tuple:
    article.refresh_from_db()
    return article.translation_status("de"), article.translation_status("en")


def filtered(language: str, status: str) -> set[str]:
    return set(
        Article.objects.with_translation_status(language, status).values_list("key", flat=True)
    )


def test_an_article_written_in_both_languages_at_once_is_current_in_both(article):
    assert statuses(article) == (CURRENT, CURRENT)
    assert article.text_changed_at_de == article.text_changed_at_en is not None


def test_editing_one_language_outdates_the_other_until_it_is_edited_too(article):
    article.body_de += "\n\nEin neuer Absatz."
    article.save()
    assert statuses(article) == (CURRENT, OUTDATED)

    # The translator brings the English text up to date: both are current.
    article.body_en += "\n\nA new paragraph."
    article.save()
    assert statuses(article) == (CURRENT, CURRENT)

    # A later English edit is new text the German one lacks.
    article.body_en += "\n\nAnother paragraph."
    article.save()
    assert statuses(article) == (OUTDATED, CURRENT)


def test_adding_a_missing_translation_makes_it_current(make_article):
    article = make_article(title_en="", slug_en="", body_en="", summary_en="", description_en="")

    article.title_en, article.slug_en, article.body_en = "Bone", "bone", "Text."
    article.save()

    assert statuses(article) == (CURRENT, CURRENT)


@pytest.mark.parametrize(
    "field", ["title", "summary", "body", "description", "image_alt", "image_caption"]
)
def test_every_text_field_counts(article, field):
    setattr(article, f"{field}_en", "changed-text")
    article.save()

    assert statuses(article) == (OUTDATED, CURRENT)


def test_a_new_address_alone_leaves_the_other_language_current(article):
    article.slug_en = "bone-metastases-explained"
    article.save()

    assert statuses(article) == (CURRENT, CURRENT)


def test_changing_only_the_english_address_in_the_admin_keeps_the_german_text_current(
    client, editor, article
):
    client.force_login(editor)

    response = submit(
        client,
        f"/admin/articles/article/{article.pk}/change/",
        {"slug_en": "bone-metastases-explained"},
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.slug_en == "bone-metastases-explained"
    assert statuses(article) == (CURRENT, CURRENT)


def test_changes_outside_the_text_leave_the_status_alone(article):
    article.next_update_on = article.next_update_on.replace(year=2030)
    article.status = Article.Status.DRAFT
    article.save()

    assert statuses(article) == (CURRENT, CURRENT)


def test_a_language_without_title_or_text_is_missing(make_article):
    article = make_article(title_en="", slug_en="", body_en="", summary_en="", description_en="")

    assert statuses(article) == (CURRENT, MISSING)
    article.body_de = "Neu."
    article.save()
    # The missing language stays missing, and the German one cannot be outdated by it.
    assert statuses(article) == (CURRENT, MISSING)


def test_the_list_filter_agrees_with_the_status_of_each_article(make_article):
    both = make_article(key="both", slug_de="both-de", slug_en="both-en")
    german_ahead = make_article(key="ahead", slug_de="ahead-de", slug_en="ahead-en")
    german_ahead.title_de = "Neu"
    german_ahead.save()
    german_only = make_article(
        key="german-only", slug_de="only-de", slug_en="", title_en="", body_en=""
    )

    for language in ("de", "en"):
        for status in Article.TranslationStatus.values:
            expected = {
                a.key
                for a in (both, german_ahead, german_only)
                if a.translation_status(language) == status
            }
            assert filtered(language, status) == expected, (language, status)
    assert filtered("en", OUTDATED) == {"ahead"}
    assert filtered("en", MISSING) == {"german-only"}


def test_older_articles_without_dates_count_as_current(article):
    Article.objects.filter(pk=article.pk).update(text_changed_at_de=None, text_changed_at_en=None)

    assert statuses(article) == (CURRENT, CURRENT)
    assert filtered("en", CURRENT) == {article.key}


def test_imported_content_is_current_in_both_languages(imported_content):
    for article in Article.objects.all():
        assert statuses(article) == (CURRENT, CURRENT), article.key


def test_the_admin_list_shows_and_filters_the_status_per_language(client, editor, article):
    client.force_login(editor)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    submit(client, f"/admin/articles/article/{article.pk}/change/", {"body_de": "Neu."})

    page = client.get("/admin/articles/article/")
    outdated = client.get("/admin/articles/article/", {"translation_en": "outdated"})
    current = client.get("/admin/articles/article/", {"translation_en": "current"})

    html = page.content.decode()
    assert '<td class="field-translation_column">DE: current<br>EN: outdated</td>' in html
    assert [a.key for a in outdated.context["cl"].result_list] == [article.key]
    assert list(current.context["cl"].result_list) == []


def test_the_change_form_explains_the_status(client, editor, article):
    client.force_login(editor)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    html = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()

    assert "German: current" in html
    assert "English: current" in html
    assert "Outdated: the other language" in html


def test_reimporting_unchanged_content_changes_no_status(imported_content, content_dir):
    before = {a.key: (a.text_changed_at_de, a.version) for a in Article.objects.all()}

    call_command("import_content", str(content_dir), verbosity=0)

    assert {a.key: (a.text_changed_at_de, a.version) for a in Article.objects.all()} == before

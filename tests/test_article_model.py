"""Article: HTML rendered on save, languages, addresses and the published queryset."""

import lxml.html
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import override

from articles.models import Article, GlossaryTerm


def test_saving_renders_summary_and_body_in_each_language(article):
    article.refresh_from_db()

    assert "<li>Metastasen im Knochen sind Brustkrebs.</li>" in article.summary_html_de
    assert "<li>Metastases in bone are breast cancer.</li>" in article.summary_html_en
    assert '<h2 id="uebelkeit-und-schmerzen">Übelkeit und Schmerzen</h2>' in article.body_html_de
    assert '<h2 id="nausea-and-pain">Nausea and pain</h2>' in article.body_html_en
    assert article.headings_de == [
        {"id": "uebelkeit-und-schmerzen", "title": "Übelkeit und Schmerzen"},
        {"id": "behandlung", "title": "Behandlung"},
    ]
    assert article.headings_en == [
        {"id": "nausea-and-pain", "title": "Nausea and pain"},
        {"id": "treatment", "title": "Treatment"},
    ]


def test_saving_again_renders_the_changed_text(article):
    article.body_en = "Intro.\n\n## Side effects\n\nText."
    article.save()
    article.refresh_from_db()

    assert '<h2 id="side-effects">Side effects</h2>' in article.body_html_en
    assert "Nausea" not in article.body_html_en
    assert article.headings_en == [{"id": "side-effects", "title": "Side effects"}]
    assert article.headings_de[0]["id"] == "uebelkeit-und-schmerzen"


def test_a_save_that_changes_no_text_keeps_the_rendering(article, monkeypatch):
    renders = []
    monkeypatch.setattr(Article, "render", lambda self, *args: renders.append(self) or {})
    article.refresh_from_db()

    article.next_update_on = article.next_update_on.replace(year=2028)
    article.save()

    assert renders == []
    assert "Metastasen im Knochen" in Article.objects.get(pk=article.pk).summary_html_de


def test_a_changed_glossary_makes_the_next_save_render_again(article):
    GlossaryTerm.objects.create(
        key="einleitung",
        term_de="Einleitung",
        slug_de="einleitung",
        definition_de="Der erste Teil eines Textes.",
        term_en="introduction",
        slug_en="introduction",
        definition_en="The first part of a text.",
    )
    article.refresh_from_db()

    article.save()

    article.refresh_from_db()
    assert "Der erste Teil eines Textes." in article.body_html_de


def test_each_language_is_rendered_with_its_own_words(make_article):
    article = make_article(body_de="| a |\n| - |\n| 1 |", body_en="| a |\n| - |\n| 1 |")
    label = "//div[@role='region']/@aria-label"

    assert lxml.html.fromstring(article.body_html_de).xpath(label) == ["Tabelle 1"]
    assert lxml.html.fromstring(article.body_html_en).xpath(label) == ["Table 1"]


def test_the_active_language_picks_the_stored_html(article):
    with override("de"):
        assert article.body_html == article.body_html_de
        assert article.headings == article.headings_de
    with override("en"):
        assert article.body_html == article.body_html_en
        assert article.headings == article.headings_en


def test_an_article_with_title_address_and_text_in_both_languages_is_translated(article):
    assert article.is_translated("de")
    assert article.is_translated("en")
    assert article.available_languages() == ["de", "en"]


@pytest.mark.parametrize("missing", ["title_en", "slug_en", "body_en"])
def test_an_article_missing_its_english_title_address_or_text_is_not_translated(
    make_article, missing
):
    article = make_article(**{missing: ""})

    assert article.is_translated("de")
    assert not article.is_translated("en")
    assert article.available_languages() == ["de"]
    assert article.original_language == "de"
    assert article.original_title == "Knochenmetastasen verstehen"


def test_an_english_only_article_names_english_as_its_original_language(make_article):
    article = make_article(title_de="", slug_de="", body_de="", summary_de="")

    assert article.available_languages() == ["en"]
    assert article.original_language == "en"
    assert article.original_title == "Understanding bone metastases"


def test_an_article_has_an_address_in_each_language(article):
    assert article.get_absolute_url("de") == "/de/artikel/knochenmetastasen-verstehen/"
    assert article.get_absolute_url("en") == "/en/articles/understanding-bone-metastases/"


def test_without_a_language_the_address_is_in_the_active_language(article):
    with override("en"):
        assert article.get_absolute_url() == "/en/articles/understanding-bone-metastases/"
    with override("de"):
        assert article.get_absolute_url() == "/de/artikel/knochenmetastasen-verstehen/"


def test_an_untranslated_article_uses_its_original_address_in_the_other_language(make_article):
    german_only = make_article(title_en="", slug_en="", body_en="", summary_en="")

    assert german_only.get_absolute_url("en") == "/en/articles/knochenmetastasen-verstehen/"


def test_an_english_only_article_uses_its_english_address_under_german(make_article):
    english_only = make_article(title_de="", slug_de="", body_de="", summary_de="")

    assert english_only.get_absolute_url("de") == "/de/artikel/understanding-bone-metastases/"


def test_a_topic_has_an_address_in_each_language(topic):
    assert topic.get_absolute_url("de") == "/de/themen/behandlung/"
    assert topic.get_absolute_url("en") == "/en/topics/treatment/"


@pytest.mark.parametrize(
    "clash",
    [{"slug_de": "knochenmetastasen-verstehen"}, {"slug_en": "understanding-bone-metastases"}],
)
def test_two_articles_cannot_share_an_address_in_one_language(make_article, article, clash):
    other = {"slug_de": "anderer-artikel", "slug_en": "another-article", **clash}

    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(key="other", **other)


@pytest.mark.parametrize(
    ("language", "slug"),
    [("de", "knochenmetastasen-verstehen"), ("en", "understanding-bone-metastases")],
)
def test_validation_reports_an_address_used_by_another_article(article, language, slug):
    other = Article(
        key="other",
        title_de="Anderer Artikel",
        slug_de="anderer-artikel",
        body_de="Text.",
        title_en="Another article",
        slug_en="another-article",
        body_en="Text.",
    )
    setattr(other, f"slug_{language}", slug)

    with pytest.raises(ValidationError) as raised:
        other.full_clean(exclude=["related", "topics"])

    assert f"unique_article_slug_{language}" in str(raised.value)


def test_the_same_address_may_be_used_once_in_each_language(article, make_article):
    # A German word may well be an English one too; each language has its own addresses.
    other = make_article(
        key="other", slug_de="understanding-bone-metastases", slug_en="knochenmetastasen-verstehen"
    )

    other.full_clean(exclude=["related", "topics"])
    assert Article.objects.count() == 2


def test_many_articles_may_lack_an_address_in_one_language(make_article):
    untranslated = {"title_en": "", "slug_en": "", "body_en": "", "summary_en": ""}
    make_article(key="first", slug_de="erster", **untranslated)
    second = make_article(key="second", slug_de="zweiter", **untranslated)

    second.full_clean(exclude=["related", "topics"])
    assert Article.objects.filter(slug_en="").count() == 2


def test_published_leaves_out_drafts(make_article):
    published = make_article(key="published", slug_de="veroeffentlicht", slug_en="published")
    make_article(key="draft", status=Article.Status.DRAFT, slug_de="entwurf", slug_en="draft")

    assert list(Article.objects.published()) == [published]
    assert published.is_published


def test_translated_into_lists_only_articles_with_text_in_that_language(make_article):
    both = make_article(key="both")
    make_article(
        key="german-only",
        slug_de="nur-deutsch",
        title_en="",
        slug_en="",
        body_en="",
        summary_en="",
    )
    Article.objects.create(
        key="never-given-english", title_de="Ohne Englisch", slug_de="ohne-englisch", body_de="T"
    )

    assert list(Article.objects.translated_into("en")) == [both]
    assert set(Article.objects.translated_into("de").values_list("key", flat=True)) == {
        "both",
        "german-only",
        "never-given-english",
    }


def test_by_slug_finds_the_article_by_its_address_in_one_language(article):
    assert Article.objects.by_slug("understanding-bone-metastases", "en") == article
    with pytest.raises(Article.DoesNotExist):
        Article.objects.by_slug("understanding-bone-metastases", "de")

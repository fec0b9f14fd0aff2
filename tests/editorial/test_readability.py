"""Readability per language: Flesch reading ease (German after Amstad) on fixed sample texts."""

import socket

import pytest
from django.utils.translation import override

from articles.editorial.readability import (
    band,
    english_syllable_count,
    flesch_reading_ease,
    plain_text,
    reading_ease,
)
from articles.models import Article, GlossaryTerm
from articles.rendering import render_markdown


@pytest.fixture
def article(make_article):
    """A draft: editors change it in place (a published one through its working copy)."""
    return make_article(status=Article.Status.DRAFT)


# 15 words in 2 sentences. Syllables as the German hyphenation dictionary splits them:
# Die Kat-ze sitzt auf der Mat-te (8) · Sie schläft den gan-zen Tag und träumt von Mäu-sen (11).
GERMAN = "Die Katze sitzt auf der Matte. Sie schläft den ganzen Tag und träumt von Mäusen."
# 13 words in 2 sentences. Syllables from the CMU dictionary:
# The cat sat on the mat (6) · Med-i-cine helps peo-ple with can-cer ev-er-y day (13).
ENGLISH = "The cat sat on the mat. Medicine helps people with cancer every day."
ACADEMIC = (
    "Pharmacological interventions targeting osteoclast-mediated bone resorption, "
    "particularly bisphosphonates and denosumab, demonstrably reduce skeletal-related "
    "complications, notwithstanding considerable interindividual heterogeneity regarding "
    "tolerability and administration schedules."
)


def amstad(words, sentences, syllables):
    return 180 - words / sentences - 58.5 * syllables / words


def flesch(words, sentences, syllables):
    return 206.835 - 1.015 * words / sentences - 84.6 * syllables / words


def test_german_follows_amstads_formula():
    assert flesch_reading_ease(GERMAN, "de") == pytest.approx(amstad(15, 2, 19))
    assert round(amstad(15, 2, 19), 1) == 98.4


def test_english_follows_fleschs_formula_with_dictionary_syllables():
    assert english_syllable_count(ENGLISH) == 19
    assert flesch_reading_ease(ENGLISH, "en") == pytest.approx(flesch(13, 2, 19))
    assert round(flesch(13, 2, 19), 1) == 76.6


def test_english_syllables_come_from_the_dictionary_not_from_hyphenation():
    # Hyphenation splits "medicine" nowhere and "metastases" once.
    assert english_syllable_count("medicine") == 3
    assert english_syllable_count("metastases") == 4
    assert english_syllable_count("oncologist") == 4


def test_words_missing_from_the_dictionary_are_counted_by_hyphenation():
    assert english_syllable_count("denosumab") >= 3


def test_no_download_is_attempted(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("readability tried to reach the network")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)

    assert flesch_reading_ease("A plain sentence for the reader.", "en") > 0
    assert flesch_reading_ease("Ein einfacher Satz für die Leserin.", "de") > 0


def test_plain_language_scores_high_and_academic_prose_low():
    assert flesch_reading_ease(ENGLISH, "en") > 70
    assert flesch_reading_ease(ACADEMIC, "en") < 10
    with override("en"):
        assert band(flesch_reading_ease(ACADEMIC, "en")) == "very difficult"


@pytest.mark.parametrize(
    ("score", "name"),
    [
        (85, "easy"),
        (70, "easy"),
        (65, "plain language"),
        (55, "fairly difficult"),
        (10, "very difficult"),
    ],
)
def test_scores_are_named_on_the_flesch_scale(score, name):
    with override("en"):
        assert band(score) == name


def test_the_plain_text_is_the_prose_without_headings_tables_or_grade_markers():
    markdown = (
        "- Metastasen sind behandelbar\n- Es gibt Hilfe\n\n"
        "## Eine Überschrift\n\n"
        "Ein Satz mit Empfehlung {{AGO ++}}. Noch ein Satz!\n\n"
        "| Spalte | Wert |\n|---|---|\n| a | b |\n\n"
        '!!! note "Gut zu wissen"\n    Das ist wichtig.\n'
    )

    assert plain_text(render_markdown(markdown, "de").html).splitlines() == [
        "Metastasen sind behandelbar.",
        "Es gibt Hilfe.",
        "Ein Satz mit Empfehlung. Noch ein Satz!",
        # The box's title is its heading: left out like the others.
        "Das ist wichtig.",
    ]


def test_text_without_words_has_no_figure():
    assert reading_ease("", "de") is None
    assert reading_ease(render_markdown("## Nur eine Überschrift", "en").html, "en") is None


def test_glossary_definitions_on_the_page_do_not_count_towards_the_figure(make_article):
    plain = make_article(key="plain", body_de=GERMAN)
    GlossaryTerm.objects.create(
        key="katze",
        term_de="Katze",
        slug_de="katze",
        definition_de=ACADEMIC,
        term_en="cat",
        slug_en="cat",
        definition_en="A small animal.",
    )
    marked = make_article(key="marked", slug_de="mit-fachwort", slug_en="marked", body_de=GERMAN)

    assert "term-popover" in marked.body_html_de and "term-popover" not in plain.body_html_de
    assert marked.reading_ease_de == plain.reading_ease_de


def test_saving_an_article_stores_a_figure_per_language(make_article):
    article = make_article(summary_de="", body_de=GERMAN, summary_en="", body_en=ENGLISH)

    article.refresh_from_db()
    assert (article.reading_ease_de, article.reading_ease_en) == (98.4, 76.6)


def test_the_list_and_the_change_form_show_the_figures_and_the_target(client, editor, make_article):
    article = make_article(summary_de="", body_de=GERMAN, summary_en="", body_en=ACADEMIC)
    client.force_login(editor)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    listing = client.get("/admin/articles/article/").content.decode()
    form = client.get(f"/admin/articles/article/{article.pk}/change/", follow=True)
    form = form.content.decode()

    assert "Readability (target ≥ 60)" in listing
    assert '<td class="field-readability_column">DE: 98<br>EN: ' in listing
    assert "German: 98 – easy" in form
    assert "below the target" in form
    assert "should reach 60 or more" in form


def test_the_list_can_be_sorted_by_the_lower_readability_of_the_two_languages(
    client, editor, make_article
):
    easy = make_article(key="easy", slug_de="easy", slug_en="easy", body_en=ENGLISH)
    hard = make_article(key="hard", slug_de="hard", slug_en="hard", body_en=ACADEMIC)
    client.force_login(editor)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    columns = client.get("/admin/articles/article/").context["cl"].list_display
    index = columns.index(
        next(c for c in columns if getattr(c, "__name__", "") == "readability_column")
    )

    response = client.get("/admin/articles/article/", {"o": str(index)})

    assert [a.key for a in response.context["cl"].result_list] == [hard.key, easy.key]
    assert Article.objects.get(key="easy").reading_ease_en > 60


def test_control_characters_in_the_text_do_not_stop_the_count():
    text = plain_text(
        render_markdown("Ein Satz\x0cmit Steuerzeichen\n\n- und eine Liste", "de").html
    )

    assert "Steuerzeichen." in text
    assert text.endswith("und eine Liste.")
    assert reading_ease(render_markdown("Ein Satz\x00mit Steuerzeichen.", "de").html, "de")

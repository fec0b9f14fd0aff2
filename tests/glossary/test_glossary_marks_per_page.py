"""Fewer, better glossary marks: once per page, never where the text explains the word itself,
never for words every reader knows, and in tables only what the text has not marked."""

import lxml.html
import pytest

from articles.glossary.matcher import GlossaryMatcher, TermEntry
from articles.models import GlossaryTerm
from articles.rendering import render_markdown


def entry(key, term, *variants, mark=True, exact_case=False):
    return TermEntry(
        key=key,
        term=term,
        slug=key,
        definition=f"Kurz erklärt: {term}.",
        forms=(term, *variants),
        exact_case=exact_case,
        mark=mark,
    )


GERMAN = [
    entry("metastase", "Metastase", "Metastasen", mark=False),
    entry("brustkrebs", "Brustkrebs", "Mammakarzinom", mark=False),
    entry("szintigrafie", "Szintigrafie"),
    entry("ct", "CT", "Computertomografie", exact_case=True),
    entry("aszites", "Aszites"),
    entry("exulzeration", "Exulzeration"),
    entry("ileus", "Ileus", "Darmverschluss"),
    entry("tace", "TACE", exact_case=True),
    entry("pleurodese", "Pleurodese"),
    entry("bisphosphonat", "Bisphosphonat", "Bisphosphonate"),
    entry("oligometastasierung", "Oligometastasierung"),
]
ENGLISH = [entry("ascites", "ascites"), entry("histology", "histology")]


def parse(html: str):
    return lxml.html.fragment_fromstring(html, create_parent="div")


def marked_words(html: str) -> list[str]:
    return [b.text for b in parse(html).xpath("//button[@class='term-button']")]


def render(text: str, language="de", entries=None, **options):
    matcher = GlossaryMatcher(entries or (GERMAN if language == "de" else ENGLISH), language)
    return render_markdown(text, language, matcher=matcher, **options)


def marks(text: str, language="de") -> list[str]:
    return marked_words(render(text, language).html)


# Once per page


def test_a_term_the_summary_marks_is_not_marked_again_in_the_body():
    summary = render("- Eine Pleurodese hilft.", part="summary")
    body = render("Bei einer Pleurodese … Die Pleurodese dauert.", explained=summary.explained)

    assert marked_words(summary.html) == ["Pleurodese"]
    assert marked_words(body.html) == []
    assert body.terms == ["pleurodese"]


def test_an_article_marks_each_term_once_on_its_page(make_article, client):
    GlossaryTerm.objects.create(
        key="pleurodesis",
        term_de="Pleurodese",
        slug_de="pleurodese",
        definition_de="Die Lunge wird mit der Brustwand verklebt.",
    )
    article = make_article(
        summary_de="- Eine Pleurodese kann helfen.",
        body_de="Eine Pleurodese dauert.\n\n## Danach\n\nNach der Pleurodese …",
    )

    page = parse(client.get(article.get_absolute_url("de")).content.decode())

    buttons = page.xpath("//button[@class='term-button']")
    assert [b.text for b in buttons] == ["Pleurodese"]
    ids = page.xpath("//@id")
    assert len(ids) == len(set(ids))
    assert page.xpath("//*[@popover]/@id") == ["summary-term-pleurodese"]
    assert article.glossary_marks_de == 1


# Words every reader knows


def test_a_glossary_only_term_is_not_marked_but_counts_as_used():
    rendered = render("Brustkrebs und Metastasen: eine Szintigrafie zeigt sie.")

    assert marked_words(rendered.html) == ["Szintigrafie"]
    assert rendered.terms == ["brustkrebs", "metastase", "szintigrafie"]


def test_a_glossary_only_term_stays_in_the_glossary_with_the_articles_that_use_it(
    make_article, client
):
    term = GlossaryTerm.objects.create(
        key="metastasis",
        marking=GlossaryTerm.Marking.GLOSSARY_ONLY,
        term_de="Metastase",
        slug_de="metastase",
        variants_de="Metastasen",
        definition_de="Krebszellen an einer anderen Stelle im Körper.",
    )
    article = make_article(summary_de="", body_de="Metastasen im Knochen.")

    article_page = client.get(article.get_absolute_url("de")).content.decode()
    letter_page = parse(client.get("/de/glossar/m/").content.decode())
    term_page = client.get(term.get_absolute_url("de")).content.decode()

    assert "term-button" not in article_page
    assert letter_page.xpath("//dt[@id='metastase']")
    assert article.get_absolute_url("de") in term_page
    assert article.term_usages.filter(term=term, language="de").exists()


# Explained where it stands


@pytest.mark.parametrize(
    "text",
    [
        "Eine Szintigrafie (eine Untersuchung, die Knochen zeigt) folgt.",
        "Das Mammakarzinom (Brustkrebs) wächst.",
        "Es kommt zum Darmverschluss (Ileus).",
        "Bei offenen Wunden (Exulzeration) hilft das.",
        "Flüssigkeit sammelt sich im Bauch. Das nennt man Aszites.",
        "„Oligometastasierung“ heißt, dass es wenige Metastasen gibt.",
        "- TACE: eine Chemotherapie direkt in die Leber",
    ],
    ids=[
        "explained in words after it",
        "explained by an everyday word after it",
        "a synonym after it",
        "named after plain words",
        "named after the sentence that explains it",
        "followed by what it means",
        "a list item that explains it",
    ],
)
def test_a_term_the_text_explains_where_it_stands_is_not_marked(text):
    rendered = render(text)

    assert marked_words(rendered.html) == []
    assert rendered.terms  # still a word of the page: its glossary entry lists the article


def test_an_english_term_the_text_names_is_not_marked():
    assert marks("The fluid gathers in the belly. This is called ascites.", "en") == []
    assert marks("Doctors call this histology.", "en") == []


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Eine Computertomografie (CT) folgt.", "Computertomografie"),
        ("Eine Szintigrafie (n = 18) wurde gemacht.", "Szintigrafie"),
        ("Bei Aszites (Darmverschluss) hilft das.", "Aszites"),
        ("Bisphosphonate (Tabelle 2) stärken die Knochen.", "Bisphosphonate"),
        ("Eine Pleurodese hilft (bei vielen).", "Pleurodese"),
    ],
    ids=[
        "an abbreviation explains nothing",
        "figures explain nothing",
        "a term that needs explaining explains nothing",
        "a reference explains nothing",
        "a bracket further on",
    ],
)
def test_a_bracket_that_does_not_explain_the_term_leaves_its_mark(text, word):
    assert word in marks(text)


def test_a_term_explained_once_is_not_marked_further_down_the_page():
    assert marks("Das nennt man Aszites.\n\nDer Aszites wird abgelassen.") == []


# Tables


TABLE = "| Verfahren | Zweck |\n| --- | --- |\n| Pleurodese | verklebt die Lunge |"


def test_a_table_cell_does_not_repeat_a_mark_of_the_text_before_it():
    rendered = render(f"Eine Pleurodese hilft.\n\n{TABLE}")

    root = parse(rendered.html)
    assert marked_words(rendered.html) == ["Pleurodese"]
    assert not root.xpath("//table//button")


def test_a_table_cell_does_not_take_the_mark_from_the_text_after_it():
    rendered = render(f"{TABLE}\n\nEine Pleurodese hilft.")

    root = parse(rendered.html)
    assert marked_words(rendered.html) == ["Pleurodese"]
    assert not root.xpath("//table//button")
    assert root.xpath("//p//button")


def test_a_word_only_a_table_uses_is_marked_there():
    root = parse(render(f"Ohne Fachwort.\n\n{TABLE}").html)

    assert [b.text for b in root.xpath("//td//button[@class='term-button']")] == ["Pleurodese"]


# The count


def test_saving_an_article_counts_its_marks_per_language(make_article):
    for key, word in (("pleurodesis", "Pleurodese"), ("ascites", "Aszites")):
        GlossaryTerm.objects.create(
            key=key,
            term_de=word,
            slug_de=key,
            definition_de="Kurz erklärt.",
            term_en=key,
            slug_en=key,
            definition_en="Briefly explained.",
        )

    article = make_article(
        summary_de="- Pleurodese und Aszites.",
        body_de="Pleurodese, Aszites und wieder Pleurodese.",
        summary_en="- Nothing technical.",
        body_en="Ascites.",
    )

    assert (article.glossary_marks_de, article.glossary_marks_en) == (2, 1)


def test_the_article_change_form_shows_the_marks_per_language_and_the_aim(
    client, editor, make_article
):
    GlossaryTerm.objects.create(
        key="ascites", term_de="Aszites", slug_de="aszites", definition_de="Bauchwasser."
    )
    article = make_article(summary_de="", body_de="Aszites.", summary_en="", body_en="Plain.")
    client.force_login(editor)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    form = client.get(f"/admin/articles/article/{article.pk}/change/", follow=True)
    form = form.content.decode()

    assert "<li>German: 1</li>" in form
    assert "<li>English: 0</li>" in form
    assert "More than 40 get in the way" in form


def test_the_change_form_points_out_a_page_with_more_marks_than_the_aim(
    client, editor, make_article
):
    words = [f"Wort{chr(97 + n // 26)}{chr(97 + n % 26)}" for n in range(41)]
    for word in words:
        GlossaryTerm.objects.create(
            key=word.lower(), term_de=word, slug_de=word.lower(), definition_de="Erklärt."
        )
    article = make_article(summary_de="", body_de=" ".join(words) + ".")
    client.force_login(editor)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    form = client.get(f"/admin/articles/article/{article.pk}/change/", follow=True)

    assert "<li>German: 41 – more than the aim</li>" in form.content.decode()

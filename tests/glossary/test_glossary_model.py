"""Glossary terms in the database: articles follow them, pages only read them, editors are told."""

from unittest import mock

import lxml.html
import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from articles.glossary.matcher import GlossaryMatcher
from articles.models import Article, GlossaryTerm, TermUsage

METASTASIS = {
    "key": "metastasis",
    "compounds": True,
    "term_de": "Metastase",
    "slug_de": "metastase",
    "variants_de": "Metastasen",
    "definition_de": "Ein Ableger des Tumors an einer anderen Stelle.",
    "explanation_de": "Metastasen entstehen, wenn Krebszellen **wandern**.",
    "term_en": "metastasis",
    "slug_en": "metastasis",
    "variants_en": "metastases",
    "definition_en": "Cancer that has spread to another place.",
    "explanation_en": "Metastases form when cancer cells **travel**.",
}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a change queues once committed, as the end of the admin's request would: the
    articles are rendered again by the (immediate) task it queues."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def make_term(db, committed):
    """Create a glossary term the way the admin saves it; keyword arguments override fields."""

    def make(**fields):
        term = GlossaryTerm(**{**METASTASIS, **fields})
        term.full_clean()
        with committed():
            term.save()
        return term

    return make


def html(text: str):
    return lxml.html.fragment_fromstring(text, create_parent="div")


def toggletip_slugs(text: str) -> list[str]:
    return [
        target.split("-term-", 1)[1]
        for target in html(text).xpath("//button[@class='term-button']/@popovertarget")
    ]


def usages(article) -> set[tuple[str, str]]:
    return set(article.term_usages.values_list("term__key", "language"))


def get_page(client, url):
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return lxml.html.fromstring(response.content)


def texts(page, xpath: str) -> list[str]:
    return [" ".join(node.text_content().split()) for node in page.xpath(xpath)]


# Stored articles follow the glossary


def test_adding_a_term_marks_it_in_the_articles_that_use_its_word(make_article, make_term):
    article = make_article(
        summary_de="", summary_en="", body_de="Metastasen im Knochen.", body_en="Bone metastases."
    )
    unrelated = make_article(
        key="other",
        slug_de="anderes",
        slug_en="other",
        summary_de="",
        summary_en="",
        body_de="Nichts davon.",
        body_en="None of it.",
    )
    assert toggletip_slugs(article.body_html_de) == []

    make_term()

    article.refresh_from_db()
    assert toggletip_slugs(article.body_html_de) == ["metastase"]
    assert toggletip_slugs(article.body_html_en) == ["metastasis"]
    assert usages(article) == {("metastasis", "de"), ("metastasis", "en")}
    unrelated.refresh_from_db()
    assert toggletip_slugs(unrelated.body_html_de) == []
    assert usages(unrelated) == set()


def test_adding_a_term_marks_it_in_an_article_summary_too(make_article, make_term):
    article = make_article(
        summary_de="- Metastasen sind behandelbar.",
        body_de="Kein Fachwort hier.",
        summary_en="- Nothing technical.",
        body_en="Nothing technical either.",
    )

    make_term()

    article.refresh_from_db()
    assert toggletip_slugs(article.summary_html_de) == ["metastase"]
    assert usages(article) == {("metastasis", "de")}


def test_adding_a_term_marks_compounds_that_end_in_it(make_article, make_term):
    article = make_article(summary_de="", body_de="Knochenmetastasen schmerzen.")

    make_term()

    article.refresh_from_db()
    assert toggletip_slugs(article.body_html_de) == ["metastase"]


def test_an_article_saved_after_the_term_exists_records_its_usage(make_article, make_term):
    make_term()

    article = make_article(summary_de="", body_de="Metastasen im Knochen.")

    assert toggletip_slugs(article.body_html_de) == ["metastase"]
    assert ("metastasis", "de") in usages(article)


def test_changing_a_definition_refreshes_the_stored_articles(make_article, make_term, committed):
    article = make_article(summary_de="", body_de="Metastasen im Knochen.")
    term = make_term()

    term.definition_de = "Eine neue, klarere Erklärung."
    term.full_clean()
    with committed():
        term.save()

    article.refresh_from_db()
    assert "Eine neue, klarere Erklärung." in article.body_html_de
    assert METASTASIS["definition_de"] not in article.body_html_de


def test_removing_a_variant_unmarks_the_articles_that_used_only_it(
    make_article, make_term, committed
):
    article = make_article(body_de="Metastasen im Knochen.", summary_de="")
    term = make_term(compounds=False)

    term.variants_de = ""
    with committed():
        term.save()

    article.refresh_from_db()
    assert toggletip_slugs(article.body_html_de) == []
    assert ("metastasis", "de") not in usages(article)


def test_removing_a_term_removes_its_toggletips(make_article, make_term, committed):
    article = make_article(body_de="Metastasen im Knochen.", body_en="Bone metastases.")
    term = make_term()

    with committed():
        term.delete()

    article.refresh_from_db()
    assert toggletip_slugs(article.body_html_de) == []
    assert toggletip_slugs(article.summary_html_de) == []
    assert toggletip_slugs(article.body_html_en) == []
    assert "<button" not in article.body_html_de
    assert not TermUsage.objects.exists()


# Pages only read what was stored


def test_a_page_request_never_renders_markdown(client, make_article, make_term):
    make_term()
    article = make_article(summary_de="", body_de="Metastasen im Knochen.")
    refused = mock.Mock(side_effect=AssertionError("Markdown rendered during a request"))

    with (
        mock.patch("articles.rendering.render_markdown", refused),
        mock.patch("articles.models.article.render_markdown", refused),
        mock.patch("articles.models.glossary.render_markdown", refused),
        mock.patch("markdown.Markdown", refused),
        mock.patch("articles.models.glossary.GlossaryMatcher", refused),
    ):
        article_page = get_page(client, article.get_absolute_url("de"))
        glossary_page = get_page(client, "/de/glossar/m/")

    assert article_page.xpath("//button[@popovertarget='body-term-metastase']")
    assert glossary_page.xpath("//dt[@id='metastase']")
    refused.assert_not_called()


# The compiled matcher


def test_the_matcher_is_built_once_per_language_and_glossary_version(make_term):
    make_term()

    german = GlossaryTerm.objects.matcher("de")
    english = GlossaryTerm.objects.matcher("en")

    assert GlossaryTerm.objects.matcher("de") is german
    assert GlossaryTerm.objects.matcher("en") is english
    assert german is not english
    assert german.language == "de"
    assert german.entries["metastasis"].term == "Metastase"
    assert english.entries["metastasis"].term == "metastasis"


def test_saving_articles_reuses_the_matchers_of_the_current_glossary(make_article, make_term):
    make_term()
    GlossaryTerm.objects.matcher("de")
    GlossaryTerm.objects.matcher("en")

    with mock.patch("articles.models.glossary.GlossaryMatcher", wraps=GlossaryMatcher) as built:
        for number in range(3):
            make_article(key=f"article-{number}", slug_de=f"de-{number}", slug_en=f"en-{number}")

    assert built.call_count == 0


@pytest.mark.parametrize("change", ["edit", "add", "delete"])
def test_a_changed_glossary_gets_a_new_matcher(make_term, change):
    term = make_term()
    before = GlossaryTerm.objects.matcher("de")

    if change == "edit":
        term.definition_de = "Neu erklärt."
        term.save()
    elif change == "add":
        make_term(key="tumour", term_de="Tumor", slug_de="tumor", variants_de="", term_en="",
                  slug_en="", variants_en="", definition_en="", explanation_en="")  # fmt: skip
    else:
        term.delete()

    after = GlossaryTerm.objects.matcher("de")
    assert after is not before
    assert after is GlossaryTerm.objects.matcher("de")
    expected = {"edit": {"metastasis"}, "add": {"metastasis", "tumour"}, "delete": set()}[change]
    assert set(after.entries) == expected
    if change == "edit":
        assert after.entries["metastasis"].definition == "Neu erklärt."


# What editors are told in the admin


def errors_of(term) -> dict[str, list[str]]:
    """The messages an editor would read, in English."""
    with override("en"):
        with pytest.raises(ValidationError) as raised:
            term.full_clean()
        return {
            field: [str(m) for m in messages]
            for field, messages in raised.value.message_dict.items()
        }


def test_a_definition_without_its_term_is_refused(db):
    term = GlossaryTerm(**{**METASTASIS, "term_de": "  "})

    assert errors_of(term) == {"term_de": ["Enter the term, or clear this language."]}


def test_a_term_without_a_definition_is_refused(db):
    term = GlossaryTerm(**{**METASTASIS, "definition_en": ""})

    assert errors_of(term) == {"definition_en": ["Enter a short definition."]}


@pytest.mark.parametrize("form", ["Metastasen", "METASTASEN", "metastase"])
def test_a_form_of_another_term_in_the_same_language_is_refused(make_term, form):
    make_term()
    term = GlossaryTerm(
        key="secondary",
        term_de="Absiedlung",
        slug_de="absiedlung",
        variants_de=f"Absiedlungen\n{form}",
        definition_de="Andere Bezeichnung.",
    )

    assert errors_of(term) == {
        "variants_de": [f"“{form}” already belongs to “Metastase”."],
    }


@pytest.mark.parametrize("form", ["ödem", "Ödem", "Lymphödem"])
def test_a_form_differing_only_in_the_case_of_an_umlaut_is_refused_too(make_term, form):
    make_term(key="oedema", term_de="Ödem", slug_de="oedem", variants_de="Lymphödem")
    term = GlossaryTerm(
        key="swelling",
        term_de="Schwellung",
        slug_de="schwellung",
        variants_de=form,
        definition_de="Eine Schwellung.",
    )

    assert errors_of(term) == {"variants_de": [f"“{form}” already belongs to “Ödem”."]}


def test_the_same_word_in_the_other_language_is_accepted(make_term):
    make_term()
    term = GlossaryTerm(
        key="metastasen-en",
        term_en="Metastasen",
        slug_en="metastasen",
        definition_en="Not the same word in English.",
    )

    term.full_clean()


def test_a_term_in_one_language_only_is_left_out_of_the_other(client, make_article):
    term = GlossaryTerm(
        key="fatigue", term_en="fatigue", slug_en="fatigue", definition_en="Deep tiredness."
    )
    term.full_clean()
    term.save()
    article = make_article(body_de="Fatigue ist häufig.", body_en="Fatigue is common.")

    assert set(GlossaryTerm.objects.matcher("de").entries) == set()
    assert set(GlossaryTerm.objects.matcher("en").entries) == {"fatigue"}
    assert toggletip_slugs(article.body_html_de) == []
    assert toggletip_slugs(article.body_html_en) == ["fatigue"]
    assert get_page(client, "/de/glossar/f/").xpath("//dt") == []
    assert get_page(client, "/en/glossary/f/").xpath("//dt/@id") == ["fatigue"]
    assert get_page(client, "/de/glossar/").xpath("//main//a") == []


def test_a_term_may_keep_its_own_forms_when_edited(make_term):
    term = make_term()

    term.definition_de = "Anders erklärt."
    term.full_clean()


# The explanation is Markdown: its HTML is refused with the other mistakes in Markdown
# (tests/editorial/test_content_checks_on_save.py).
@pytest.mark.parametrize(
    "text", ["Ein <b>Knoten</b>.", "Erst <script>alert(1)</script>.", "Text <!-- Notiz -->."]
)
def test_html_in_a_definition_is_refused(db, text):
    term = GlossaryTerm(**{**METASTASIS, "definition_de": text})

    assert errors_of(term) == {
        "definition_de": ["Remove the HTML: it would be stripped. Use plain text or Markdown."]
    }


def test_comparisons_in_plain_text_are_not_mistaken_for_html(db):
    term = GlossaryTerm(**{**METASTASIS, "definition_de": "Fieber > 38 °C, Werte < 5 & mehr."})

    term.full_clean()


def test_the_admin_list_shows_how_many_articles_use_each_term(
    client, django_user_model, make_article, make_term
):
    make_term()
    make_term(key="fatigue", term_de="Fatigue", slug_de="fatigue", variants_de="",
              term_en="fatigue", slug_en="fatigue", variants_en="")  # fmt: skip
    make_article(body_de="Metastasen.", body_en="Metastases and fatigue.")
    make_article(key="second", slug_de="zweiter", slug_en="second", body_de="Metastasen.")
    admin = django_user_model.objects.create_superuser("editor", "editor@example.org", "x" * 16)
    client.force_login(admin)

    page = get_page(client, "/admin/articles/glossaryterm/")

    counts = {
        row.xpath("string(.//*[contains(@class, 'field-key')])").strip(): row.xpath(
            "string(.//*[contains(@class, 'field-article_count')])"
        ).strip()
        for row in page.xpath("//table[@id='result_list']/tbody/tr")
    }
    assert counts == {"fatigue": "1", "metastasis": "2"}


# The glossary's letter pages


@pytest.fixture
def glossary(make_article, make_term):
    make_term()
    make_term(key="doctors-letter", term_de="Arztbrief", slug_de="arztbrief", variants_de="",
              term_en="doctor's letter", slug_en="doctors-letter", variants_en="")  # fmt: skip
    make_term(key="aetiology", term_de="Ätiologie", slug_de="aetiologie", variants_de="",
              term_en="aetiology", slug_en="aetiology", variants_en="", explanation_de="",
              explanation_en="")  # fmt: skip
    make_term(key="acidosis", term_de="Azidose", slug_de="azidose", variants_de="",
              term_en="acidosis", slug_en="acidosis", variants_en="", explanation_de="",
              explanation_en="")  # fmt: skip
    make_term(key="abdomen", term_de="Abdomen", slug_de="abdomen", variants_de="",
              term_en="abdomen", slug_en="abdomen", variants_en="", explanation_de="",
              explanation_en="")  # fmt: skip
    article = make_article(body_de="Metastasen im Knochen.", body_en="Bone metastases.")
    make_article(
        key="draft",
        status=Article.Status.DRAFT,
        slug_de="entwurf",
        slug_en="draft",
        body_de="Metastasen im Entwurf.",
        body_en="Metastases in a draft.",
    )
    return article


def test_a_letter_page_lists_its_terms_in_a_definition_list_linked_to_their_pages(client, glossary):
    page = get_page(client, "/de/glossar/m/")

    (dt,) = page.xpath("//dl/dt[@id='metastase']")
    assert dt.text_content() == "Metastase"
    assert dt.xpath(".//a/@href") == ["/de/glossar/metastase/"]
    dd = dt.getnext()
    assert dd.tag == "dd"
    assert METASTASIS["definition_de"] in dd.text_content()
    # The explanation is on the term's page: a letter page stays short.
    assert not dd.xpath(".//strong[text()='wandern']")


def test_a_letter_page_links_to_published_articles_using_a_term(client, glossary):
    page = get_page(client, "/de/glossar/m/")

    dd = page.xpath("//dt[@id='metastase']/following-sibling::dd[1]")[0]
    assert dd.xpath(".//a/@href") == [glossary.get_absolute_url("de")]
    assert dd.xpath("string(.//a)") == "Knochenmetastasen verstehen"


def test_a_letter_page_sorts_umlauts_with_their_base_letter(client, glossary):
    page = get_page(client, "/de/glossar/a/")

    assert texts(page, "//dl/dt") == ["Abdomen", "Arztbrief", "Ätiologie", "Azidose"]
    assert client.get("/de/glossar/%C3%A4/").status_code == 404


def test_the_letter_navigation_links_only_letters_with_terms(client, glossary):
    page = get_page(client, "/de/glossar/")

    nav = page.xpath("//nav[contains(@class, 'letter-index')]")[0]
    assert nav.xpath(".//a/@href") == ["/de/glossar/a/", "/de/glossar/m/"]
    assert len(nav.xpath(".//li")) == 26
    assert "Q" in texts(nav, ".//span[contains(@class, 'letter-empty')]/span[1]")
    for href in nav.xpath(".//a/@href"):
        assert get_page(client, href).xpath("//dl/dt"), f"{href} lists no terms"


def test_the_english_glossary_uses_the_english_terms_and_addresses(client, glossary):
    listed = [
        term
        for letter in ("a", "d", "m")
        for term in get_page(client, f"/en/glossary/{letter}/").xpath("//dl/dt/@id")
    ]

    assert listed == ["abdomen", "acidosis", "aetiology", "doctors-letter", "metastasis"]
    page = get_page(client, "/en/glossary/m/")
    dd = page.xpath("//dt[@id='metastasis']/following-sibling::dd[1]")[0]
    assert METASTASIS["definition_en"] in dd.text_content()
    assert dd.xpath(".//a/@href") == [glossary.get_absolute_url("en")]
    nav = get_page(client, "/en/glossary/").xpath("//nav[contains(@class, 'letter-index')]")[0]
    assert nav.xpath(".//a/@href") == ["/en/glossary/a/", "/en/glossary/d/", "/en/glossary/m/"]


def test_a_toggletip_link_leads_to_the_page_of_its_term(client, glossary):
    article_page = get_page(client, glossary.get_absolute_url("de"))
    popover = article_page.xpath("//*[@popover]")[0]
    href = popover.xpath(".//a/@href")[0]

    term = popover.xpath(".//strong")[0].text_content()
    assert href.startswith("/de/glossar/")
    assert get_page(client, href).xpath("//h1")[0].text_content() == term


def test_a_new_term_with_an_umlaut_refreshes_articles_that_write_it_in_another_case(
    make_article, make_term
):
    # SQLite compares only ASCII letters case-insensitively: Ü and ü differ for it.
    article = make_article(summary_de="", body_de="Einleitung.\n\nAuch übelkeit kann vorkommen.")
    make_term(
        key="nausea",
        term_de="Übelkeit",
        slug_de="uebelkeit",
        definition_de="Das Gefühl, sich übergeben zu müssen.",
    )
    article.refresh_from_db()
    assert toggletip_slugs(article.body_html_de) == ["uebelkeit"]


def test_paragraphs_sent_by_a_browser_with_windows_line_breaks_are_not_mistaken_for_html(db):
    # Browsers send a textarea's line breaks as CR LF, whatever the editor's system.
    explanation = "Erster Absatz mit **Fett**.\r\n\r\nZweiter Absatz.\rDritte Zeile."
    term = GlossaryTerm(**{**METASTASIS, "explanation_de": explanation})

    term.full_clean()

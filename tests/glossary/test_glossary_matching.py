"""GlossaryMatcher: which words of an article become toggletips, and what the toggletip is."""

import unicodedata

import lxml.html
import pytest

from articles.glossary.matcher import GlossaryMatcher, TermEntry
from articles.rendering import render_markdown


def entry(key, term, *variants, slug=None, definition=None, exact_case=False, compounds=False):
    return TermEntry(
        key=key,
        term=term,
        slug=slug or key,
        definition=definition or f"Kurz erklärt: {term}.",
        forms=(term, *variants),
        exact_case=exact_case,
        compounds=compounds,
    )


METASTASIS = entry("metastase", "Metastase", "Metastasen", compounds=True)
PET = entry("pet", "PET", exact_case=True)
PET_CT = entry("pet-ct", "PET-CT", exact_case=True)
FATIGUE = entry("fatigue", "Fatigue")
NAUSEA = entry("uebelkeit", "Übelkeit")
FOOT_BONE = entry("fussknochen", "Fußknochen")
SIZE = entry("groesse", "Größe")
TUMOUR = entry("tumor", "Tumor", "Tumoren")
ARM = entry("arm", "Arm", "Arme")
COHORT = entry("kohortenstudie", "Kohortenstudie", "Kohortenstudien")
GERMAN = [METASTASIS, PET, PET_CT, FATIGUE, NAUSEA, FOOT_BONE, SIZE, TUMOUR, ARM, COHORT]

IMMUNE_SYSTEM = entry("immune-system", "immune system")
SYSTEM = entry("system", "system")
ENGLISH = [
    entry("metastasis", "metastasis", "metastases"),
    entry("pet", "PET", exact_case=True),
    IMMUNE_SYSTEM,
    SYSTEM,
]


def render(text, entries=GERMAN, language="de", part="body"):
    """The rendered HTML of ``text``, parsed, with the glossary ``entries``."""
    matcher = GlossaryMatcher(list(entries), language)
    html = render_markdown(text, language, part=part, matcher=matcher).html
    return lxml.html.fragment_fromstring(html, create_parent="div")


def buttons(root):
    return root.xpath("//button[contains(concat(' ', @class, ' '), ' term-button ')]")


def marked(root) -> list[str]:
    """The words that became toggletip buttons, in reading order."""
    return [button.text for button in buttons(root)]


def marked_slugs(root) -> list[str]:
    """The addresses of the term pages the toggletips link to, in reading order."""
    return [
        button.getnext().xpath(".//a/@href")[0].rstrip("/").rsplit("/", 1)[1]
        for button in buttons(root)
    ]


def text_without_popovers(root) -> str:
    for hidden in root.xpath("//*[@popover] | //*[contains(@class, 'term-hint')]"):
        hidden.drop_tree()
    return root.text_content()


# Letters beyond ASCII


@pytest.mark.parametrize("word", ["Übelkeit", "Fußknochen", "Größe"])
def test_words_with_umlauts_and_eszett_are_matched_whole(word):
    root = render(f"Es geht um {word} im Alltag.")

    assert marked(root) == [word]


def test_an_umlaut_is_a_letter_not_a_word_boundary():
    root = render("Übelkeitsgefühl, Größenzunahme und Fußknochenbruch.")

    assert marked(root) == []


def test_eszett_written_as_ss_in_capitals_still_matches_a_case_insensitive_term():
    root = render("DIE GRÖSSE ZÄHLT.")

    assert marked(root) == ["GRÖSSE"]
    assert marked_slugs(root) == ["groesse"]


def test_decomposed_umlauts_in_the_text_still_match():
    decomposed = unicodedata.normalize("NFD", "Gegen Übelkeit hilft das.")
    assert decomposed != "Gegen Übelkeit hilft das."

    root = render(decomposed)

    assert marked(root) == ["Übelkeit"]


def test_a_term_written_with_decomposed_umlauts_matches_composed_text():
    decomposed = entry("uebelkeit", unicodedata.normalize("NFD", "Übelkeit"))

    root = render("Gegen Übelkeit hilft das.", [decomposed])

    assert marked_slugs(root) == ["uebelkeit"]


# Forms of a word


def test_a_variant_is_matched_and_explained_by_its_term():
    root = render("Die Metastasen wachsen langsam.")

    assert marked(root) == ["Metastasen"]
    assert buttons(root)[0].getnext().xpath("string(.//strong)") == "Metastase"


def test_the_term_itself_and_its_variants_lead_to_the_same_entry():
    singular = render("Eine Metastase.")
    plural = render("Zwei Metastasen.")

    assert marked_slugs(singular) == marked_slugs(plural) == ["metastase"]


def test_a_compound_ending_in_the_term_is_marked_whole_when_compounds_are_on():
    root = render("Knochenmetastasen schmerzen oft.")

    assert marked(root) == ["Knochenmetastasen"]
    assert marked_slugs(root) == ["metastase"]


def test_a_compound_is_not_marked_when_compounds_are_off():
    without_compounds = entry("metastase", "Metastase", "Metastasen", compounds=False)

    root = render("Knochenmetastasen schmerzen oft. Metastasen auch.", [without_compounds])

    assert marked(root) == ["Metastasen"]


def test_a_compound_must_end_in_the_term_not_begin_with_it():
    tumour = entry("tumor", "Tumor", compounds=True)

    root = render("Im Tumorzentrum sprach sie über den Hirntumor.", [tumour])

    assert marked(root) == ["Hirntumor"]


def test_a_compound_needs_a_word_of_its_own_before_the_term():
    arm = entry("arm", "Arm", compounds=True)

    root = render("Schmerzen im Darm, dann im Oberarm.", [arm])

    assert marked(root) == ["Oberarm"]


# Case


@pytest.mark.parametrize("text", ["Ein pet ist ein Haustier.", "Pet ist ein Name."])
def test_an_exact_case_term_ignores_other_spellings(text):
    assert marked(render(text)) == []


def test_an_exact_case_term_matches_its_own_spelling():
    root = render("Das pet und das Pet sind Tiere, die PET ist eine Untersuchung.")

    assert marked(root) == ["PET"]


@pytest.mark.parametrize("spelling", ["Fatigue", "fatigue", "FATIGUE", "FaTiGuE"])
def test_other_terms_match_in_any_case(spelling):
    assert marked(render(f"Gegen {spelling} hilft Bewegung.")) == [spelling]


# First occurrence only


def test_only_the_first_mention_of_a_term_is_marked():
    root = render("Metastasen sind häufig. Eine Metastase kann schmerzen.")

    assert marked(root) == ["Metastasen"]


def test_a_term_marked_in_one_paragraph_is_not_marked_again_in_the_next():
    root = render("Erst Übelkeit.\n\nDann wieder Übelkeit.\n\n- Und Übelkeit in einer Liste.")

    assert marked(root) == ["Übelkeit"]
    assert root.xpath("//p[1]//button")


def test_each_term_gets_its_own_first_mention():
    root = render("Übelkeit und Fatigue. Wieder Übelkeit und Fatigue, dann Tumoren.")

    assert marked(root) == ["Übelkeit", "Fatigue", "Tumoren"]


# Where words are never marked


@pytest.mark.parametrize(
    ("markdown", "skipped_xpath"),
    [
        ("## Metastasen im Knochen", "//h2"),
        ("## Abschnitt\n\n### Metastasen im Knochen", "//h3"),
        ("Siehe [Metastasen](/de/artikel/x/).", "//a[not(ancestor::*[@popover])]"),
        ("Der Befund `Metastasen` steht im Bericht.", "//code"),
        ("Befund:\n\n    Metastasen im Knochen", "//pre"),
        (
            '!!! warning "Metastasen im Knochen"\n    Bitte ärztlich abklären.',
            "//*[@class='callout-title']",
        ),
    ],
)
def test_words_in_headings_links_code_and_callout_titles_are_not_marked(markdown, skipped_xpath):
    root = render(markdown + "\n\nSpäter im Text: Metastasen.")

    (skipped,) = root.xpath(skipped_xpath)
    assert "Metastasen" in skipped.text_content()
    assert not skipped.xpath(".//button"), "the word there must stay as written"
    assert marked(root) == ["Metastasen"], "the first mention outside counts as the first"
    assert "Später im Text" in buttons(root)[0].getparent().getparent().text_content()


def test_words_inside_a_callout_box_below_its_title_are_marked():
    root = render('!!! note "Gut zu wissen"\n    Metastasen lassen sich behandeln.')

    assert marked(root) == ["Metastasen"]


def test_the_spoken_text_of_a_guideline_grade_is_not_marked():
    # {{LoE 2a}} is spelled out for screen readers as "… von Kohortenstudien".
    rendered = render("Das ist belegt {{LoE 2a}}.")
    assert "Kohortenstudien" in rendered.text_content()
    assert marked(rendered) == []

    root = render("Das ist belegt {{LoE 2a}}.\n\nMehr über Kohortenstudien.")
    assert marked(root) == ["Kohortenstudien"]
    assert not root.xpath("//span[contains(@class, 'grade')]//button")


def test_a_term_inside_another_terms_definition_is_not_marked():
    metastasis = entry(
        "metastase", "Metastase", "Metastasen", definition="Ein Ableger von einem Tumor."
    )

    root = render("Metastasen entstehen aus einem Tumor.", [metastasis, TUMOUR])

    assert marked(root) == ["Metastasen", "Tumor"]
    assert not root.xpath("//*[@popover]//button[@class='term-button']")


@pytest.mark.parametrize(
    "skipped",
    [
        "<pre>Metastasen</pre>",
        "<h4>Metastasen</h4>",
        '<p class="callout-title">Über Metastasen</p>',
        '<span class="grade">Metastasen</span>',
        '<span class="term">Metastasen</span>',
        '<a href="/de/">Mehr über <em>Metastasen</em></a>',
        "<p><code>x = <b>Metastasen</b></code></p>",
    ],
)
def test_the_annotator_leaves_skipped_elements_and_everything_inside_alone(skipped):
    root = lxml.html.fragment_fromstring(
        f"{skipped}<p>Und dann Metastasen.</p>", create_parent="div"
    )

    found = GlossaryMatcher(GERMAN, "de").annotate(root, "body")

    assert found.marked == ["metastase"]
    assert len(buttons(root)) == 1
    assert buttons(root)[0].getparent().getparent().text_content().startswith("Und dann")


# Punctuation and word boundaries


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("(PET) zeigt es.", "PET"),
        ("Metastasen, die wachsen.", "Metastasen"),
        ("Sie nennen es „Fatigue“.", "Fatigue"),
        ("Was ist Übelkeit?", "Übelkeit"),
        ("Der Befund: Tumor.", "Tumor"),
        ("Der Tumor.", "Tumor"),
    ],
)
def test_a_term_next_to_punctuation_is_marked_without_the_punctuation(text, word):
    root = render(text)

    assert marked(root) == [word]
    assert text_without_popovers(root) == text


@pytest.mark.parametrize("text", ["Das Tumorzentrum hilft.", "Armut macht krank.", "Die Armee."])
def test_a_term_is_not_found_inside_a_longer_word(text):
    assert marked(render(text)) == []


def test_a_term_at_the_start_and_end_of_a_paragraph_is_marked():
    root = render("Arm und Bein.\n\nIm Bericht steht Tumor")

    assert marked(root) == ["Arm", "Tumor"]


# Overlapping terms


@pytest.mark.parametrize("order", [1, -1], ids=["short-first", "long-first"])
def test_the_longest_term_wins_where_terms_overlap(order):
    root = render("Ein PET-CT ist mehr als ein PET.", [PET, PET_CT][::order])

    assert marked(root) == ["PET-CT", "PET"]
    assert marked_slugs(root) == ["pet-ct", "pet"]


@pytest.mark.parametrize("order", [1, -1], ids=["short-first", "long-first"])
def test_a_phrase_wins_over_its_last_word(order):
    root = render(
        "The immune system and the nervous system.", [SYSTEM, IMMUNE_SYSTEM][::order], "en"
    )

    assert marked(root) == ["immune system", "system"]
    assert marked_slugs(root) == ["immune-system", "system"]


def test_a_phrase_broken_across_lines_is_still_one_phrase():
    root = render("Your immune\nsystem protects you.", ENGLISH, "en")

    assert marked_slugs(root) == ["immune-system"]
    assert marked(root) == ["immune\nsystem"]


def test_a_phrase_interrupted_by_punctuation_is_not_a_phrase():
    root = render("It is immune. System checks follow.", [IMMUNE_SYSTEM], "en")

    assert marked(root) == []


# The toggletip


def test_the_button_opens_the_popover_right_after_it():
    root = render("Metastasen wachsen.")

    (button,) = buttons(root)
    popover = button.getnext()
    assert button.get("type") == "button"
    assert popover.tag == "span"
    assert popover.get("popover") is not None
    assert button.get("popovertarget") == popover.get("id")


def test_the_popover_holds_the_definition_and_a_link_to_the_glossary_entry():
    metastasis = entry("metastase", "Metastase", "Metastasen", definition="Ein Ableger.")

    popover = buttons(render("Metastasen wachsen.", [metastasis]))[0].getnext()

    assert "Ein Ableger." in popover.text_content()
    assert popover.xpath(".//a/@href") == ["/de/glossar/metastase/"]


def test_a_term_button_says_in_hidden_words_that_it_opens_an_explanation():
    german = buttons(render("Metastasen wachsen."))[0]
    english = buttons(render("Bone metastases hurt.", ENGLISH, "en"))[0]

    assert german.text_content() == "Metastasen – Erklärung"
    assert english.text_content() == "metastases – explanation"
    assert "visually-hidden" in german.find("span").get("class")


def test_an_open_definition_is_a_dialog_named_by_its_term_with_a_button_that_closes_it():
    popover = buttons(render("Metastasen wachsen."))[0].getnext()

    (name,) = popover.xpath(".//*[@id=$id]", id=popover.get("aria-labelledby"))
    assert popover.get("role") == "dialog"
    assert name.text == "Metastase"
    (close,) = popover.xpath(".//button")
    assert close.get("popovertarget") == popover.get("id")
    assert close.get("popovertargetaction") == "hide"
    assert close.get("aria-label") == "Erklärung schließen"


def test_the_glossary_link_follows_the_language_of_the_text():
    popover = buttons(render("Bone metastases hurt.", ENGLISH, "en"))[0].getnext()

    assert popover.xpath(".//a/@href") == ["/en/glossary/metastasis/"]


def test_a_toggletip_is_not_a_tooltip():
    root = render("Metastasen, Übelkeit und Fatigue.")

    assert len(buttons(root)) == 3
    assert not root.xpath("//*[@title]")
    assert not root.xpath("//*[@role='tooltip']")


def test_popover_ids_are_unique_on_a_page():
    root = render("Metastasen, Übelkeit, Fatigue, PET und Tumoren.\n\nWieder Metastasen.")

    ids = root.xpath("//@id")  # each popover and the term name that labels it
    assert len(ids) == 10
    assert len(set(ids)) == len(ids)


def test_summary_and_body_popovers_never_share_an_id():
    text = "Metastasen und Übelkeit."

    summary_ids = set(render(text, part="summary").xpath("//*[@popover]/@id"))
    body_ids = set(render(text, part="body").xpath("//*[@popover]/@id"))

    assert len(summary_ids) == len(body_ids) == 2
    assert not summary_ids & body_ids


def test_the_terms_used_are_reported_in_reading_order():
    matcher = GlossaryMatcher(GERMAN, "de")

    rendered = render_markdown("Fatigue, Metastasen und wieder Fatigue.", "de", matcher=matcher)

    assert rendered.terms == ["fatigue", "metastase"]


def test_without_a_matcher_nothing_is_marked():
    rendered = render_markdown("Metastasen und Übelkeit.", "de")

    assert "<button" not in rendered.html
    assert rendered.terms == []


def test_a_phrase_written_with_a_slash_in_the_glossary_matches_the_same_spelling():
    pet_ct = [entry("pet-ct", "PET/CT", exact_case=True)]
    assert marked(render("Die PET/CT zeigt den Stoffwechsel.", pet_ct)) == ["PET/CT"]
    assert marked(render("Die PET CT zeigt den Stoffwechsel.", pet_ct)) == ["PET CT"]
    assert marked(render("Die PET+CT zeigt den Stoffwechsel.", pet_ct)) == []

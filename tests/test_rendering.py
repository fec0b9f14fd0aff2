"""render_markdown: the one place editor-written Markdown becomes the HTML readers get."""

import unicodedata

import lxml.html
import pytest
from django.utils.translation import override

from articles.rendering import incomplete_urgent_advice, render_markdown


def parse(html: str):
    return lxml.html.fragment_fromstring(html, create_parent="div")


def the_one(root, xpath: str):
    found = root.xpath(xpath)
    assert len(found) == 1, f"expected one {xpath}, found {len(found)} in {root.text_content()!r}"
    return found[0]


@pytest.mark.parametrize(
    ("heading", "expected_id"),
    [
        ("Übelkeit", "uebelkeit"),
        ("Übelkeit und Schmerzen", "uebelkeit-und-schmerzen"),
        ("Größe der Metastasen", "groesse-der-metastasen"),
        ("Straße und Fuß", "strasse-und-fuss"),
        ("Ärztliche Hilfe für Ältere", "aerztliche-hilfe-fuer-aeltere"),
        ("Nausea and pain", "nausea-and-pain"),
    ],
)
def test_it_gives_headings_ids_readable_in_german(heading, expected_id):
    root = parse(render_markdown(f"## {heading}", "de").html)

    assert the_one(root, "//h2").get("id") == expected_id


def test_it_gives_subheadings_ids_too():
    root = parse(render_markdown("## Behandlung\n\n### Über Schmerzmittel", "de").html)

    assert the_one(root, "//h3").get("id") == "ueber-schmerzmittel"


def test_it_returns_the_h2_headings_for_the_contents_list():
    text = "Einleitung.\n\n## Übelkeit\n\nText.\n\n### Unterabschnitt\n\n## Straße\n\nMehr."

    rendered = render_markdown(text, "de")

    assert rendered.headings == [
        {"id": "uebelkeit", "title": "Übelkeit"},
        {"id": "strasse", "title": "Straße"},
    ]


def test_contents_list_ids_match_the_ids_in_the_html():
    rendered = render_markdown("## Übelkeit\n\nA.\n\n## Übelkeit\n\nB.", "de")
    ids_in_html = parse(rendered.html).xpath("//h2/@id")

    assert [heading["id"] for heading in rendered.headings] == ids_in_html
    assert len(set(ids_in_html)) == 2, "two headings with the same text need distinct ids"


def test_text_without_headings_has_an_empty_contents_list():
    assert render_markdown("Nur ein Absatz.", "de").headings == []


def test_empty_text_renders_to_nothing():
    assert render_markdown("", "de").html == ""
    assert render_markdown(None, "en").html == ""


TABLE = "| Mittel | Wirkung |\n| --- | --- |\n| Denosumab | stärkt Knochen |"
STARRED_TABLE = "| Mittel | Wirkung |\n| --- | --- |\n| Denosumab | stärkt Knochen\\* |"


def test_it_wraps_tables_in_a_keyboard_focusable_scroll_region_named_by_the_caption():
    text = f"Table: Was die *Mittel* bewirken\n\n{TABLE}"

    root = parse(render_markdown(text, "de").html)

    table = the_one(root, "//table")
    wrapper = table.getparent()
    assert "table-scroll" in wrapper.get("class").split()
    assert wrapper.get("role") == "region"
    assert wrapper.get("tabindex") == "0"
    caption = the_one(table, "./caption")
    assert table.index(caption) == 0, "a caption must be the table's first child"
    assert lxml.html.tostring(caption, encoding="unicode").startswith(
        f'<caption id="{wrapper.get("aria-labelledby")}">Was die <em>Mittel</em> bewirken<'
    )
    assert root.xpath("//p") == [], "the caption paragraph is not left behind"
    assert table.xpath("./thead//th/text()") == ["Mittel", "Wirkung"]


@pytest.mark.parametrize(("language", "label"), [("de", "Tabelle 2"), ("en", "Table 2")])
def test_a_table_without_a_caption_is_named_by_its_number(language, label):
    text = f"Table: Erste\n\n{TABLE}\n\nZwischentext.\n\n{TABLE}"

    root = parse(render_markdown(text, language).html)

    assert root.xpath("//div[@role='region'][2]/@aria-label") == [label]


def test_a_paragraph_starting_with_table_elsewhere_stays_a_paragraph():
    root = parse(render_markdown(f"Table: kein Tabellentitel\n\nText.\n\n{TABLE}", "de").html)

    assert root.xpath("//caption") == []
    assert root.xpath("//p/text()")[0] == "Table: kein Tabellentitel"


def test_it_wraps_each_table_separately():
    table = "| a | b |\n| --- | --- |\n| 1 | 2 |"

    root = parse(render_markdown(f"{table}\n\nZwischentext.\n\n{table}", "de").html)

    assert len(root.xpath("//div[@role='region']/table")) == 2
    assert root.xpath("//table[not(parent::div[@role='region'])]") == []


def test_table_ids_are_unique_across_tables_and_parts_of_a_page():
    table = f"{STARRED_TABLE}\n\n\\* Hinweis."
    text = f"Table: Eins\n\n{table}\n\nTable: Zwei\n\n{table}"
    html = render_markdown(text, "de", part="summary").html + render_markdown(text, "de").html

    root = parse(html)

    ids = root.xpath("//@id")
    assert len(ids) == 12  # per table: caption, mark, note
    assert len(set(ids)) == len(ids)
    for region in root.xpath("//div[@role='region']"):
        assert the_one(root, f"//caption[@id='{region.get('aria-labelledby')}']") is not None


@pytest.mark.parametrize(("language", "name"), [("de", "Fußnote"), ("en", "Footnote")])
def test_footnote_marks_link_to_their_notes_and_back(language, name):
    text = (
        "Table: Behandlungen\n\n| Behandlung | AGO |\n| --- | --- |\n"
        "| Operation | {{AGO +}}\\* |\n| Bestrahlung | {{AGO +/-}}\\*\\* |\n| Talk\\* | ++ |\n\n"
        "\\* Nur im Team.\n\n\\*\\* Mit *Schmerzmitteln*.\n\nWeiter im Text mit \\* Stern."
    )

    root = parse(render_markdown(text, language).html)

    marks = root.xpath("//td//a[@class='footnote-mark']")
    assert [mark.text_content() for mark in marks] == [f"*{name} 1", f"**{name} 2", f"*{name} 1"]
    assert [mark.xpath("./span[@aria-hidden='true']/text()") for mark in marks] == [
        ["*"],
        ["**"],
        ["*"],
    ]
    notes = root.xpath("//p[@class='table-note']")
    assert [note.get("id") for note in notes] == [
        mark.get("href").removeprefix("#") for mark in marks[:2]
    ]
    first, second = notes
    assert first.text_content().startswith(f"*{name} 1: Nur im Team.")
    assert first.xpath(".//a[@class='footnote-back']/@href") == [
        f"#{marks[0].get('id')}",
        f"#{marks[2].get('id')}",
    ]
    back = "Zurück zu Zeile" if language == "de" else "Back to row"
    assert [link.text_content() for link in first.xpath(".//a")] == [
        f"↩\ufe0e{back} 1",
        f"↩\ufe0e{back} 3",
    ]
    assert second.xpath("./em/text()") == ["Schmerzmitteln"]
    assert second.xpath(".//a/@href") == [f"#{marks[1].get('id')}"]
    assert root.xpath("//p[last()]/text()") == ["Weiter im Text mit * Stern."]


def test_a_star_without_a_note_stays_text():
    root = parse(render_markdown(f"{STARRED_TABLE}\n\nText.", "de").html)

    assert root.xpath("//a") == []
    assert root.xpath("//td/text()")[-1] == "stärkt Knochen*"


CALLOUT_PREFIXES_DE = {
    "immediate": "Sofort handeln:",
    "urgent": "Dringender Rat:",
    "non-urgent": "Nicht dringender Rat:",
    "warning": "Wichtig:",
    "note": "Gut zu wissen:",
    "germany": "In Deutschland:",
    "questions": "Für Ihren nächsten Termin:",
}


@pytest.mark.parametrize(("kind", "prefix"), CALLOUT_PREFIXES_DE.items())
def test_a_callout_box_has_a_heading_that_says_what_kind_of_box_it_is(kind, prefix):
    text = f'## Zeichen\n\n!!! {kind} "Rufen Sie die 112"\n    Bei plötzlicher Lähmung.\n'

    root = parse(render_markdown(text, "de").html)

    box = the_one(root, "//div[contains(@class, 'callout')]")
    assert box.get("class").split() == ["callout", f"callout-{kind}"]
    assert box.get("role") is None, "a heading names it; a note role would call a warning a note"
    heading = the_one(box, "./h3")
    assert heading.text_content() == f"{prefix} Rufen Sie die 112"
    assert the_one(heading, "./span[@class='visually-hidden']").text == f"{prefix} "
    assert "Bei plötzlicher Lähmung." in box.text_content()


def test_a_callout_heading_is_one_level_below_the_section_it_stands_in():
    text = (
        '!!! note "Oben"\n    Text.\n\n## Abschnitt\n\n### Unterabschnitt\n\n'
        '!!! warning "Unten"\n    Text.\n'
    )

    root = parse(render_markdown(text, "en").html)

    assert [h.tag for h in root.xpath("//*[@class='callout-title']")] == ["h2", "h4"]
    rendered = render_markdown(text, "en")
    assert [h["title"] for h in rendered.headings] == ["Abschnitt"], "not in the contents list"


@pytest.mark.parametrize(("language", "heading"), [("de", "Gut zu wissen"), ("en", "Good to know")])
def test_a_callout_without_a_title_is_headed_by_its_kind_in_the_pages_language(language, heading):
    root = parse(render_markdown("!!! note\n    Text.\n", language).html)

    assert the_one(root, "//h2[@class='callout-title']").text_content() == heading


def test_an_untitled_callout_in_a_german_article_is_headed_in_german_from_the_english_admin():
    with override("en"):
        root = parse(render_markdown("!!! note\n    Text.\n", "de").html)

    assert the_one(root, "//h2[@class='callout-title']").text_content() == "Gut zu wissen"


def test_callout_body_keeps_its_markdown():
    text = '!!! note "Gut zu wissen"\n    Das ist **wichtig**.\n\n    Zweiter Absatz.\n'

    box = the_one(parse(render_markdown(text, "de").html), "//div[contains(@class, 'callout')]")

    assert box.xpath(".//strong/text()") == ["wichtig"]
    assert len(box.xpath("./p")) == 2


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ('!!! immediate "Rufen Sie die 112"\n    Bei Lähmung.', []),
        ("Text.\n\n!!! immediate\n    Bei Lähmung.", [3]),
        ('!!! urgent ""\n    Heute zum Arzt.', [1]),
        ('!!! non-urgent "Beim nächsten Termin ansprechen"\n\nKein eingerückter Text.', [1]),
        ('!!! urgent "Heute anrufen"', [1]),
        ("!!! note\n    Ein Hinweis ohne Titel ist in Ordnung.", []),
    ],
)
def test_an_urgent_advice_box_without_a_title_or_text_is_found_with_its_line(text, lines):
    assert incomplete_urgent_advice(text) == lines


def test_it_demotes_a_level_one_heading_to_h2():
    rendered = render_markdown("# Übelkeit\n\nText.", "de")
    root = parse(rendered.html)

    assert root.xpath("//h1") == []
    assert the_one(root, "//h2").get("id") == "uebelkeit"
    assert rendered.headings == [{"id": "uebelkeit", "title": "Übelkeit"}]


GRADES_EN = [
    (
        "{{AGO +/-}}",
        "grade-ago",
        "+/-",
        "AGO grade plus minus: benefit not shown, can be done in individual cases",
    ),
    ("{{AGO ++}}", "grade-ago", "++", "AGO grade plus plus: clear benefit, should be done"),
    (
        "{{AGO --}}",
        "grade-ago",
        "--",
        "AGO grade minus minus: clearly harms, should be avoided in all cases",
    ),
    (
        "{{LoE 2b}}",
        "grade-loe",
        "2b",
        "Oxford level of evidence 2b: a single cohort study or a lower-quality randomised trial",
    ),
    ("{{LoE 5}}", "grade-loe", "5", "Oxford level of evidence 5: expert opinion"),
    (
        "{{GR B}}",
        "grade-gr",
        "B",
        "grade of recommendation B: based on consistent level 2 or 3 studies "
        "or extrapolated from level 1",
    ),
]
GRADES_DE = [
    (
        "{{AGO +/-}}",
        "grade-ago",
        "+/-",
        "AGO-Empfehlung plus minus: Nutzen nicht belegt, kann im Einzelfall gemacht werden",
    ),
    (
        "{{LoE 2b}}",
        "grade-loe",
        "2b",
        "Oxford-Evidenzgrad 2b: eine einzelne Kohortenstudie oder eine randomisierte Studie "
        "geringerer Qualität",
    ),
    (
        "{{GR B}}",
        "grade-gr",
        "B",
        "Empfehlungsgrad B: gestützt auf übereinstimmende Studien der Stufe 2 oder 3 oder "
        "abgeleitet aus Stufe 1",
    ),
]


@pytest.mark.parametrize(
    ("language", "marker", "scale_class", "symbol", "words"),
    [("en", *grade) for grade in GRADES_EN] + [("de", *grade) for grade in GRADES_DE],
)
def test_it_renders_grades_as_a_hidden_symbol_and_words_in_the_active_language(
    language, marker, scale_class, symbol, words
):
    root = parse(render_markdown(f"Empfehlung {marker} laut Leitlinie.", language).html)

    grade = the_one(root, "//span[contains(concat(' ', @class, ' '), ' grade ')]")
    assert scale_class in grade.get("class").split()
    shown = the_one(grade, "./span[@class='grade-symbol']")
    assert shown.get("aria-hidden") == "true"
    assert shown.text == symbol
    spoken = the_one(grade, "./span[@class='visually-hidden']")
    assert spoken.get("aria-hidden") is None
    assert spoken.text == words
    assert "{{" not in root.text_content()


def test_it_renders_grades_inside_table_cells():
    text = "| Maßnahme | AGO |\n| --- | --- |\n| Operation | {{AGO +}} |"

    root = parse(render_markdown(text, "de").html)

    assert root.xpath("//td/span[contains(@class, 'grade-ago')]/span[@aria-hidden]/text()") == ["+"]


@pytest.mark.parametrize("marker", ["{{GR E}}", "{{LoE 6}}", "{{AGO +++}}"])
def test_it_leaves_an_unknown_grade_as_text(marker):
    root = parse(render_markdown(f"Bewertung {marker} hier.", "de").html)

    assert root.xpath("//span") == []
    assert root.text_content() == f"Bewertung {marker} hier."


def test_it_normalises_text_to_nfc():
    decomposed = unicodedata.normalize("NFD", "## Übelkeit\n\nMüdigkeit und Schwäche.")
    assert decomposed != unicodedata.normalize("NFC", decomposed)

    rendered = render_markdown(decomposed, "de")

    assert "Müdigkeit und Schwäche." in rendered.html
    assert unicodedata.is_normalized("NFC", rendered.html)
    assert rendered.headings == [{"id": "uebelkeit", "title": "Übelkeit"}]


def test_a_phrase_in_another_language_is_marked_with_its_language():
    root = parse(
        render_markdown("After the [Anschlussheilbehandlung]{lang=de} you rest.", "en").html
    )

    phrase = the_one(root, "//span[@lang]")
    assert (phrase.get("lang"), phrase.text) == ("de", "Anschlussheilbehandlung")
    assert root.text_content() == "After the Anschlussheilbehandlung you rest."


@pytest.mark.parametrize(
    "text", ["[Reha]{lang=German}", "[Reha]{lang=de onclick=alert(1)}", "[Reha]{lang=}"]
)
def test_a_language_mark_that_names_no_language_stays_text(text):
    root = parse(render_markdown(text, "en").html)

    assert root.xpath("//*[@lang or @onclick]") == []
    assert root.text_content() == text

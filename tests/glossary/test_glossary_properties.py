"""Properties of the glossary annotator on text and HTML nobody wrote by hand."""

import unicodedata

import lxml.html
import nh3
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from articles.glossary.matcher import GlossaryMatcher, TermEntry
from articles.rendering import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES, render_markdown

ENTRIES = [
    TermEntry("metastase", "Metastase", "metastase", "Ein Ableger.", ("Metastase", "Metastasen"),
              compounds=True),
    TermEntry("pet", "PET", "pet", "Eine Untersuchung.", ("PET",), exact_case=True),
    TermEntry("pet-ct", "PET-CT", "pet-ct", "PET und CT.", ("PET-CT",), exact_case=True),
    TermEntry("uebelkeit", "Übelkeit", "uebelkeit", "Man fühlt sich krank.", ("Übelkeit",)),
    TermEntry("groesse", "Größe", "groesse", "Wie groß.", ("Größe", "Größen")),
    TermEntry("fussknochen", "Fußknochen", "fussknochen", "Knochen im Fuß.", ("Fußknochen",)),
    TermEntry("immunsystem", "Immunsystem", "immunsystem", "Die Abwehr.",
              ("Immunsystem", "körpereigene Abwehr")),
    TermEntry("tumor", "Tumor", "tumor", "Ein Knoten mit Tumor im Text.", ("Tumor", "Tumoren"),
              compounds=True),
]  # fmt: skip
MATCHER = GlossaryMatcher(ENTRIES, "de")
GLOSSARY_WORDS = [form for entry in ENTRIES for form in entry.forms] + [
    "Knochenmetastasen", "pet", "Pet", "PET-CT", "Tumorzentrum", "Hirntumor", "GRÖSSE",
    unicodedata.normalize("NFD", "Übelkeit"), "Körpereigene",
]  # fmt: skip
PLAIN_WORDS = ["und", "die", "Straße", "Ärztin", "Fuß", "Schmerzen", "oft", "Behandlung"]
PUNCTUATION = [" ", " ", " ", "\n", ", ", ". ", "-", " (", ") ", " „", "“ ", "\u00a0", "… ", "? "]
COMBINING_MARKS = ["\u0308", "\u0301", "\u0327", "\u030a"]

# Whatever lxml can hold as text: no controls, surrogates or unassigned code points.
any_letter = st.characters(
    blacklist_categories=("Cc", "Cs", "Cn", "Co"), blacklist_characters="\ufffe\uffff"
)
random_word = st.text(st.one_of(any_letter, st.sampled_from(COMBINING_MARKS)), min_size=1,
                      max_size=8)  # fmt: skip
words = st.one_of(st.sampled_from(GLOSSARY_WORDS), st.sampled_from(PLAIN_WORDS), random_word)
texts = st.lists(st.tuples(words, st.sampled_from(PUNCTUATION)), max_size=25).map(
    lambda pairs: "".join(word + gap for word, gap in pairs)
)

# Letters and marks only, so that Markdown leaves the words as they are.
markdown_safe_word = st.text(
    st.one_of(st.characters(whitelist_categories=("L", "M")), st.sampled_from(COMBINING_MARKS)),
    min_size=1,
    max_size=8,
)
markdown_words = st.one_of(
    st.sampled_from(GLOSSARY_WORDS), st.sampled_from(PLAIN_WORDS), markdown_safe_word
)
markdown_gaps = st.sampled_from([" ", " ", ", ", ". ", " (", ") ", " „", "“ ", "\n", "? "])


@st.composite
def sentences(draw):
    first = draw(st.sampled_from(GLOSSARY_WORDS + PLAIN_WORDS))
    rest = draw(st.lists(st.tuples(markdown_gaps, markdown_words), max_size=12))
    return first + "".join(gap + word for gap, word in rest)


@st.composite
def inline_markdown(draw):
    text = draw(sentences())
    wrap = draw(
        st.sampled_from(
            [
                "{}",
                "**{}**",
                "*{}*",
                "`{}`",
                "[{}](/de/artikel/x/)",
                "[{}](https://example.org/)",
                "[{}](javascript:alert(1))",
                "{} {{{{LoE 2a}}}}",
                "{} <script>alert(1)</script>",
                '{} <img src=x onerror="alert(1)">',
                '<a href="/" onclick="alert(1)">{}</a>',
            ]
        )
    )
    return wrap.format(text)


@st.composite
def markdown_blocks(draw):
    line = " ".join(draw(st.lists(inline_markdown(), min_size=1, max_size=4)))
    shape = draw(
        st.sampled_from(
            [
                "{}",
                "## {}",
                "### {}",
                "- {}\n- Mehr",
                "1. {}",
                "> {}",
                "    {}",
                '!!! warning "{}"\n    Text dazu.',
                '!!! note "Hinweis"\n    {}',
                "| Kopf |\n| --- |\n| {} |",
            ]
        )
    )
    return shape.format(line.replace("\n", " ") if shape != "{}" else line)


markdown_documents = st.lists(markdown_blocks(), min_size=1, max_size=6).map("\n\n".join)

INLINE_TAGS = ["strong", "em", "span", "a", "code", "sup", "small"]
# Where text stands in an article: the outer elements, innermost last.
BLOCKS = [
    ["p"],
    ["h2"],
    ["h3"],
    ["ul", "li"],
    ["blockquote", "p"],
    ["table", "tbody", "tr", "td"],
    ["pre", "code"],
]


@st.composite
def html_trees(draw):
    """A small tree of block and inline elements around random text, as lxml holds it."""
    root = lxml.html.Element("div")
    for _ in range(draw(st.integers(1, 4))):
        block = root
        for tag in draw(st.sampled_from(BLOCKS)):
            block = etree.SubElement(block, tag)
        # A first line break inside <pre> is dropped by any HTML parser, so start with a word.
        block.text = nfc("Text " + draw(texts))
        for _ in range(draw(st.integers(0, 3))):
            inline = etree.SubElement(block, draw(st.sampled_from(INLINE_TAGS)))
            if inline.tag == "a":
                inline.set("href", "/de/")
            inline.text = nfc(draw(texts))
            if draw(st.booleans()):
                # A link inside a link is not HTML: parsers split them.
                allowed = [tag for tag in INLINE_TAGS if tag != "a" or inline.tag != "a"]
                inner = etree.SubElement(inline, draw(st.sampled_from(allowed)))
                inner.text = nfc(draw(texts))
                inner.tail = nfc(draw(texts))
            inline.tail = nfc(draw(texts))
    return root


def nfc(text: str) -> str:
    # render_markdown hands the annotator NFC text; the trees here are built the same way.
    return unicodedata.normalize("NFC", text)


def parse(html: str):
    return lxml.html.fragment_fromstring(html, create_parent="div")


def without_popovers(root):
    root = parse(lxml.html.tostring(root, encoding="unicode"))
    # The definitions, and the hidden words that say a term button opens one.
    for hidden in root.xpath("//*[@popover] | //*[contains(@class, 'term-hint')]"):
        hidden.drop_tree()
    return root


def annotate_paragraph(text: str):
    root = lxml.html.Element("div")
    etree.SubElement(root, "p").text = text
    MATCHER.annotate(root, "body")
    return root


def serialised(root) -> str:
    return lxml.html.tostring(root, encoding="unicode")


# What the site puts into articles, on top of what editors may write.
TOGGLETIP_TAGS = ALLOWED_TAGS | {"button"}
TOGGLETIP_ATTRIBUTES = {
    **ALLOWED_ATTRIBUTES,
    "*": {"class"},
    "a": {"href", "rel"},
    "span": {"aria-hidden", "id", "popover", "role", "aria-labelledby"},
    "strong": {"id"},
    "button": {"type", "popovertarget", "popovertargetaction", "aria-label"},
    "div": {"role", "tabindex", "aria-label"},
}


def shape_of(root) -> list:
    """Every element with its attributes, and all text, as a browser would see it."""
    return [(el.tag, sorted(el.attrib.items()), el.text or "", el.tail or "") for el in root.iter()]


def shape(html: str) -> list:
    return shape_of(parse(html))


def assert_safe(html: str):
    root = parse(html)
    assert not root.xpath("//script | //img | //iframe | //style")
    for element in root.iter():
        assert not [name for name in element.attrib if name.lower().startswith("on")]
        assert not element.get("href", "").strip().lower().startswith("javascript:")
    cleaned = nh3.clean(
        html,
        tags=TOGGLETIP_TAGS,
        attributes=TOGGLETIP_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
    )
    assert shape(cleaned) == shape(html), "the sanitiser would remove something"


def assert_nothing_marked_inside_links_headings_or_code(root):
    assert not root.xpath(
        "//*[contains(concat(' ', @class, ' '), ' term ')]"
        "[ancestor::a or ancestor::h2 or ancestor::h3 or ancestor::code or ancestor::pre]"
    )


PROPERTIES = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTIES
@given(texts)
def test_annotating_random_text_keeps_every_character(text):
    root = annotate_paragraph(nfc(text))

    assert without_popovers(root).text_content() == nfc(text)


@PROPERTIES
@given(texts)
def test_annotated_text_serialises_to_markup_that_parses_back_the_same(text):
    root = annotate_paragraph(nfc(text))
    html = serialised(root)

    assert shape_of(lxml.html.fragment_fromstring(html)) == shape_of(root)
    assert_safe(html)


@PROPERTIES
@given(texts)
def test_rendering_random_text_keeps_every_character_in_nfc(text):
    sentence = "Text " + text.replace("\n", " ").strip()
    plain = render_markdown(sentence, "de").html
    marked = render_markdown(sentence, "de", matcher=MATCHER).html

    assert without_popovers(parse(marked)).text_content() == parse(plain).text_content()


@PROPERTIES
@given(sentences())
def test_a_markdown_sentence_comes_back_as_its_nfc_text(sentence):
    rendered = render_markdown(sentence, "de", matcher=MATCHER)

    assert without_popovers(parse(rendered.html)).text_content() == nfc(sentence)


@PROPERTIES
@given(html_trees())
def test_annotating_random_html_keeps_all_text_and_stays_well_formed(root):
    before = root.text_content()

    found = MATCHER.annotate(root, "body")

    assert len(found.used) == len(set(found.used))
    terms = root.xpath("//button[@class='term-button']")
    assert len(terms) == len(found.marked) == len(set(found.marked))
    assert without_popovers(root).text_content() == before
    html = serialised(root)
    assert shape_of(lxml.html.fragment_fromstring(html)) == shape_of(root)
    assert_nothing_marked_inside_links_headings_or_code(root)
    ids = root.xpath("//@id")
    assert len(ids) == len(set(ids))


@PROPERTIES
@given(markdown_documents)
def test_rendering_random_markdown_is_safe_and_keeps_the_unmarked_text(document):
    plain = render_markdown(document, "de")
    marked = render_markdown(document, "de", matcher=MATCHER)

    root = parse(marked.html)
    assert without_popovers(root).text_content() == parse(plain.html).text_content()
    assert_safe(marked.html)
    assert_nothing_marked_inside_links_headings_or_code(root)
    assert sorted(marked.terms) == sorted(set(marked.terms))
    assert len(root.xpath("//button[@class='term-button']")) == len(marked.marked)
    assert set(marked.marked) <= set(marked.terms)

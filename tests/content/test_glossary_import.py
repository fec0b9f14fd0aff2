"""content/glossary.toml: the real one imports; a bad one is refused with file, field, reason."""

import io
import textwrap

import pytest
from django.core.management import call_command

from articles.content.files import MARKINGS, ContentError, read_glossary
from articles.content.importer import import_term
from articles.models import GlossaryTerm

METASTASIS = """\
[[terms]]
key = "metastasis"
compounds = true

[terms.de]
term = "Metastase"
slug = "metastase"
variants = ["Metastasen"]
definition = "Ein Ableger des Tumors."

[terms.en]
term = "metastasis"
slug = "metastasis"
variants = ["metastases"]
definition = "Cancer that has spread."
"""


def term_toml(key="tumour", de=None, en=None, **options) -> str:
    """One [[terms]] table; ``de``/``en`` override that language's fields."""
    lines = ["", "[[terms]]", f'key = "{key}"']
    lines += [f"{name} = {value}" for name, value in options.items()]
    defaults = {
        "de": {"term": '"Tumor"', "slug": '"tumor"', "definition": '"Ein Knoten."'},
        "en": {"term": '"tumour"', "slug": '"tumour"', "definition": '"A lump."'},
    }
    for code, overrides in (("de", de), ("en", en)):
        fields = {**defaults[code], **(overrides or {})}
        lines += ["", f"[terms.{code}]"]
        lines += [f"{name} = {value}" for name, value in fields.items() if value is not None]
    return "\n".join(lines) + "\n"


@pytest.fixture
def glossary_file(tmp_path):
    def write(*tables: str):
        path = tmp_path / "glossary.toml"
        path.write_text(METASTASIS + "".join(tables), encoding="utf-8")
        return path

    return write


# The real glossary


def test_the_real_glossary_has_at_least_sixty_terms_in_both_languages(content_dir):
    terms = read_glossary(content_dir / "glossary.toml")

    assert len(terms) >= 60
    incomplete = [term.key for term in terms if set(term.texts) != {"de", "en"}]
    assert incomplete == []
    for term in terms:
        for code, texts in term.texts.items():
            assert texts["term"] and texts["slug"] and texts["definition"], (term.key, code)


def test_the_real_glossary_imports_into_the_database(db, content_dir):
    path = content_dir / "glossary.toml"
    terms = read_glossary(path)

    outcomes = [import_term(term, path) for term in terms]

    assert set(outcomes) == {"created"}
    assert GlossaryTerm.objects.count() == len(terms)
    assert GlossaryTerm.objects.in_language("de").count() == len(terms)
    assert GlossaryTerm.objects.in_language("en").count() == len(terms)
    assert [import_term(term, path) for term in terms] == ["unchanged"] * len(terms)


def test_the_real_glossary_gives_each_language_a_working_matcher(db, content_dir):
    path = content_dir / "glossary.toml"
    for term in read_glossary(path):
        import_term(term, path)

    german = GlossaryTerm.objects.matcher("de")
    english = GlossaryTerm.objects.matcher("en")

    assert [key for *_span, key in german.find("Die Metastasen im PET-CT.")] == [
        "metastasis",
        "pet-ct",
    ]
    assert [key for *_span, key in english.find("Bone metastases, other metastases, PET.")] == [
        "bone-metastasis",
        "metastasis",
        "pet",
    ]
    assert [key for *_span, key in english.find("My pet sleeps.")] == []


# Bad files are refused before anything is written


@pytest.mark.parametrize(
    ("table", "field", "reason"),
    [
        (term_toml(de={"term": '""'}), "terms[2].de.term", "must not be empty"),
        (term_toml(de={"term": '"   "'}), "terms[2].de.term", "must not be empty"),
        (
            term_toml(de={"variants": '["Tumoren", "metastasen"]'}),
            "terms[2].de",
            "'metastasen' already belongs to term 'metastasis'",
        ),
        (
            term_toml(en={"term": '"Metastasis"'}),
            "terms[2].en",
            "'Metastasis' already belongs to term 'metastasis'",
        ),
        (
            term_toml(de={"slug": '"metastase"'}),
            "terms[2].de.slug",
            "address already used by term 'metastasis'",
        ),
        (
            term_toml(de={"definition": '"Ein <b>Knoten</b>."'}),
            "terms[2].de.definition",
            "contains HTML",
        ),
        (
            term_toml(en={"explanation": '"A <script>lump</script>."'}),
            "terms[2].en.explanation",
            "line 1: “<script>” is HTML",
        ),
        (term_toml(de={"colour": '"rot"'}), "terms[2].de.colour", "unknown field"),
        (term_toml(exact_cases="true"), "terms[2].exact_cases", "unknown field"),
        (term_toml(compounds='"yes"'), "terms[2].compounds", "must be true or false"),
        (term_toml(exact_case="1"), "terms[2].exact_case", "must be true or false"),
        (term_toml(general='"false"'), "terms[2].general", "must be true or false"),
        (term_toml(marking='"never"'), "terms[2].marking", "must be one of mark, glossary-only"),
        (term_toml(marking="false"), "terms[2].marking", "must be one of mark, glossary-only"),
        (term_toml(de={"definition": None}), "terms[2].de.definition", "required field"),
        (term_toml(de={"variants": '["Tumoren", "tumor"]'}), "terms[2].de.variants", "repeats"),
        (term_toml(key="metastasis"), "terms[2]", "key 'metastasis' is used twice"),
    ],
    ids=[
        "empty term",
        "blank term",
        "variant of another term",
        "term of another term",
        "slug of another term",
        "html in definition",
        "html in explanation",
        "unknown language field",
        "unknown option",
        "text option",
        "number option",
        "quoted boolean",
        "unknown marking",
        "marking as a boolean",
        "missing definition",
        "variant repeats the term",
        "duplicate key",
    ],
)
def test_a_bad_glossary_file_is_refused_with_file_field_and_reason(
    glossary_file, table, field, reason
):
    path = glossary_file(table)

    with pytest.raises(ContentError) as raised:
        read_glossary(path)

    error = raised.value
    assert error.path == path
    assert error.field == field
    assert reason in error.reason
    assert str(error).startswith(f"{path}: {field}: ")


def test_a_glossary_that_is_not_toml_is_refused_with_its_line(glossary_file):
    path = glossary_file('\n[[terms]]\nkey = "broken\n')

    with pytest.raises(ContentError) as raised:
        read_glossary(path)

    assert raised.value.path == path
    assert "not valid TOML" in raised.value.reason
    assert "line 18" in raised.value.reason


def test_the_same_word_may_be_a_term_in_german_and_in_english(db, glossary_file):
    # "Fatigue" is German for cancer-related tiredness; in English the term is "fatigue" too,
    # but here the English entry is a different term that happens to be spelled the same.
    path = glossary_file(
        term_toml(
            "tiredness",
            de={"term": '"Müdigkeit"', "slug": '"muedigkeit"'},
            en={"term": '"Fatigue"', "slug": '"fatigue"'},
        ),
        term_toml(
            "fatigue",
            de={"term": '"Fatigue"', "slug": '"fatigue"', "definition": '"Erschöpfung."'},
            en={"term": '"exhaustion"', "slug": '"exhaustion"'},
        ),
    )

    terms = read_glossary(path)
    for term in terms:
        import_term(term, path)

    assert [term.key for term in terms] == ["metastasis", "tiredness", "fatigue"]
    assert GlossaryTerm.objects.get(key="tiredness").term_en == "Fatigue"
    assert GlossaryTerm.objects.get(key="fatigue").term_de == "Fatigue"
    assert [key for *_span, key in GlossaryTerm.objects.matcher("de").find("Fatigue")] == [
        "fatigue"
    ]
    assert [key for *_span, key in GlossaryTerm.objects.matcher("en").find("Fatigue")] == [
        "tiredness"
    ]


def test_a_term_in_one_language_only_is_imported_for_that_language(db, glossary_file):
    path = glossary_file(
        textwrap.dedent("""
            [[terms]]
            key = "gkv"
            exact_case = true

            [terms.de]
            term = "GKV"
            slug = "gkv"
            definition = "Die gesetzliche Krankenversicherung."
        """)
    )

    for term in read_glossary(path):
        import_term(term, path)

    gkv = GlossaryTerm.objects.get(key="gkv")
    assert (gkv.term_de, gkv.term_en, gkv.exact_case) == ("GKV", "", True)
    assert set(GlossaryTerm.objects.matcher("en").entries) == {"metastasis"}
    assert set(GlossaryTerm.objects.matcher("de").entries) == {"metastasis", "gkv"}


def test_a_term_is_marked_unless_the_file_keeps_it_in_the_glossary_only(db, glossary_file):
    path = glossary_file(term_toml(marking='"glossary-only"'))

    for term in read_glossary(path):
        import_term(term, path)

    assert GlossaryTerm.objects.get(key="metastasis").marking == GlossaryTerm.Marking.MARK
    assert GlossaryTerm.objects.get(key="tumour").marking == GlossaryTerm.Marking.GLOSSARY_ONLY


def test_the_files_know_the_same_markings_as_the_glossary():
    assert set(MARKINGS) == set(GlossaryTerm.Marking.values)
    assert MARKINGS[0] == GlossaryTerm._meta.get_field("marking").default


# Terms taken out of the glossary


@pytest.mark.parametrize(
    ("removed", "field", "reason"),
    [
        ('"metastasis-old"', "removed", "must be a list of term keys"),
        ('["Not A Key"]', "removed", "must be a list of term keys"),
        ('["metastasis"]', "terms[1]", "key 'metastasis' is also listed as removed"),
    ],
    ids=["not a list", "not a key", "removed and still a term"],
)
def test_a_bad_list_of_removed_terms_is_refused_with_field_and_reason(
    tmp_path, removed, field, reason
):
    path = tmp_path / "glossary.toml"
    path.write_text(f"removed = {removed}\n\n{METASTASIS}", encoding="utf-8")

    with pytest.raises(ContentError) as raised:
        read_glossary(path)

    assert (raised.value.field, raised.value.path) == (field, path)
    assert reason in str(raised.value)


def test_the_import_deletes_a_removed_term_and_reports_it(db, tmp_path):
    (tmp_path / "glossary.toml").write_text(METASTASIS, encoding="utf-8")
    call_command("import_content", str(tmp_path), verbosity=0)
    (tmp_path / "glossary.toml").write_text(
        'removed = ["metastasis"]\n\n' + term_toml(), encoding="utf-8"
    )
    out = io.StringIO()

    call_command("import_content", str(tmp_path), stdout=out)

    assert "deleted: term metastasis" in out.getvalue()
    assert list(GlossaryTerm.objects.values_list("key", flat=True)) == ["tumour"]

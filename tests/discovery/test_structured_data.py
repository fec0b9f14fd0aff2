"""Articles describe themselves to search engines as a schema.org MedicalWebPage in JSON-LD."""

import datetime
import json

import lxml.html
import pytest

from articles.discovery.structured_data import CITATIONS_NAMED, as_json_ld
from articles.models import Article, Source

GERMAN_URL = "/de/artikel/knochenmetastasen-verstehen/"
ENGLISH_URL = "/en/articles/understanding-bone-metastases/"


def json_ld(client, url) -> dict:
    page = lxml.html.fromstring(client.get(url).content)
    (script,) = page.xpath("//script[@type='application/ld+json']")
    return json.loads(script.text)


@pytest.mark.parametrize(
    ("url", "language", "name", "description"),
    [
        (
            GERMAN_URL,
            "de",
            "Knochenmetastasen verstehen",
            "Was Knochenmetastasen sind und wie man sie behandelt.",
        ),
        (
            ENGLISH_URL,
            "en",
            "Understanding bone metastases",
            "What bone metastases are and how they are treated.",
        ),
    ],
)
def test_an_article_is_a_medical_web_page_in_its_language(
    client, make_article, url, language, name, description
):
    make_article()

    data = json_ld(client, url)

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalWebPage"
    assert data["name"] == name
    assert data["description"] == description
    assert data["inLanguage"] == language
    assert data["url"] == f"http://testserver{url}"
    assert data["dateModified"] == "2024-01-23"
    assert data["lastReviewed"] == "2024-01-20"
    assert data["publisher"] == {
        "@type": "Organization",
        "name": "healthinfo",
        "url": f"http://testserver/{language}/",
    }


def test_the_citations_are_the_sources_with_their_addresses(client, article):
    Source.objects.create(
        article=article, position=2, citation="Coleman R et al. Bone health.", doi="10.1/x"
    )
    Source.objects.create(article=article, position=3, citation="A book without address.")

    data = json_ld(client, ENGLISH_URL)

    assert data["citation"] == [
        {
            "@type": "CreativeWork",
            "name": "Robert Koch-Institut. Krebs in Deutschland. 2023.",
            "url": "https://www.krebsdaten.de/",
        },
        {
            "@type": "CreativeWork",
            "name": "Coleman R et al. Bone health.",
            "url": "https://doi.org/10.1/x",
        },
        {"@type": "CreativeWork", "name": "A book without address."},
    ]


def test_the_check_and_dates_are_those_of_the_pages_language(client, make_article):
    make_article(
        reviewer_en="Dr. A. Example, oncologist",
        reviewed_on_en=datetime.date(2025, 2, 3),
        updated_on_en=datetime.date(2025, 2, 4),
    )

    english, german = json_ld(client, ENGLISH_URL), json_ld(client, GERMAN_URL)

    assert english["reviewedBy"] == {"@type": "Person", "name": "Dr. A. Example, oncologist"}
    assert (english["lastReviewed"], english["dateModified"]) == ("2025-02-03", "2025-02-04")
    assert german["reviewedBy"]["name"] == "Dr. med. Anna Beispiel, Fachärztin für Gynäkologie"
    assert (german["lastReviewed"], german["dateModified"]) == ("2024-01-20", "2024-01-23")


def test_the_reviewer_is_named_only_when_there_is_one(client, make_article):
    make_article(reviewer_de="", reviewed_on_de=None)

    data = json_ld(client, GERMAN_URL)

    assert "reviewedBy" not in data
    assert "lastReviewed" not in data


def test_dates_that_were_never_recorded_are_left_out(client, make_article):
    article = make_article(updated_on_en=None, reviewed_on_en=None)
    Article.objects.filter(pk=article.pk).update(first_published_at=None)

    data = json_ld(client, ENGLISH_URL)

    assert "dateModified" not in data
    assert "lastReviewed" not in data


def test_text_that_could_end_the_script_block_is_escaped(client, make_article):
    make_article(description_en="</script><script>alert(1)</script> & <!-- more")

    response = client.get(ENGLISH_URL).content.decode()
    block = response.split('<script type="application/ld+json">')[1].split("</script>")[0]

    assert "<" not in block and ">" not in block and "&" not in block
    assert json.loads(block)["description"] == "</script><script>alert(1)</script> & <!-- more"


def test_json_ld_escapes_like_json_script():
    assert as_json_ld({"a": "<b>&</b>"}) == '{"a": "\\u003Cb\\u003E\\u0026\\u003C/b\\u003E"}'


def test_a_long_list_of_sources_names_its_first_ten_as_citations(client, article):
    Source.objects.bulk_create(
        Source(article=article, position=n, citation=f"Study {n}.") for n in range(2, 30)
    )

    data = json_ld(client, GERMAN_URL)

    assert len(data["citation"]) == CITATIONS_NAMED == 10
    assert [c["name"] for c in data["citation"]][1:3] == ["Study 2.", "Study 3."]
    assert client.get(GERMAN_URL).content.decode().count("Study 29.") == 1, "the page lists all"

"""Random and hostile strings in addresses, languages, queries and forms never cause a 500."""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile_inputs import CORPUS

NAUGHTY = [
    "", " ", "undefined", "null", "NULL", "None", "0", "-1", "1e309", "NaN", "../../etc/passwd",
    "..%2f..%2fetc%2fpasswd", "%00", "%", "%%", "%zz", "\\", "'", '"', "`", "' OR 1=1 --",
    "'; DROP TABLE articles_article; --", "${7*7}", "{{7*7}}", "{% debug %}", "<!--", "]]>",
    "ÅÍÎÏ˝ÓÔÒÚÆ☃", "Ω≈ç√∫˜µ≤≥÷", "田中さんにあげて下さい", "𝕋𝕙𝕖 𝕢𝕦𝕚𝕔𝕜", "👾 🙇 💁 🙅",
    "\u202etxt.exe", "\ufeff", "\u200b", "Z̮̞̠͙͔ͅḀ̗̞͈̻̗Ḷ͙͎̯̹̞͓G̻O̭̗̮", "ﷺ", "x" * 5000,
    "Übelkeit", "ß", "\r\n", "\t",
]  # fmt: skip
STRINGS = st.one_of(st.sampled_from(NAUGHTY + CORPUS[:80]), st.text(max_size=300))
QUICK = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def assert_handled(response):
    assert response.status_code < 500, response.status_code


@QUICK
@given(slug=STRINGS)
def test_any_article_or_topic_address_gives_a_page_or_a_4xx(client, article, slug):
    for prefix in ("/de/artikel/", "/en/articles/", "/de/themen/", "/en/topics/"):
        assert_handled(client.get(prefix + quote(slug, safe="") + "/"))


@QUICK
@given(language=STRINGS)
def test_any_language_prefix_gives_a_page_or_a_4xx(client, article, language):
    assert_handled(client.get("/" + quote(language, safe="") + "/"))
    assert_handled(
        client.get("/" + quote(language, safe="") + "/artikel/knochenmetastasen-verstehen/")
    )


@QUICK
@given(name=STRINGS, value=STRINGS)
def test_any_query_parameter_gives_a_page_or_a_4xx(client, article, name, value):
    query = f"?{quote(name, safe='')}={quote(value, safe='')}"
    for path in ("/de/", "/de/artikel/knochenmetastasen-verstehen/", "/en/glossary/", "/de/suche/"):
        assert_handled(client.get(path + query))


@QUICK
@given(
    fields=st.dictionaries(
        st.sampled_from(["rating", "comment", "name", "email", "consent", "website", "token", "x"]),
        STRINGS,
    )
)
def test_any_feedback_form_data_gives_an_answer_not_a_500(send_feedback, fields):
    response = send_feedback(**fields)
    assert_handled(response)
    assert response.status_code in (303, 400, 403, 429)


@pytest.mark.parametrize("text", NAUGHTY)
def test_naughty_strings_in_the_search_box_give_a_page(client, article, text):
    for path in ("/de/suche/", "/en/search/"):
        assert_handled(client.get(path, {"q": text}))


def test_a_request_body_over_the_limit_gets_a_400(client, article, settings):
    response = client.post(
        "/de/artikel/knochenmetastasen-verstehen/kommentar/",
        {"comment": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)},
        headers={"Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code in (400, 413)

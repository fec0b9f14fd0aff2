"""The feedback form: what readers see, what is stored, and clear errors for bad input."""

import datetime

import lxml.html
import pytest
from django.utils import timezone

from articles.models import Article, Feedback

GERMAN_ARTICLE = "/de/artikel/knochenmetastasen-verstehen/"
ENGLISH_ARTICLE = "/en/articles/understanding-bone-metastases/"
GERMAN_FORM = "/de/artikel/knochenmetastasen-verstehen/kommentar/"
ENGLISH_FORM = "/en/articles/understanding-bone-metastases/feedback/"


def html(response):
    return lxml.html.fromstring(response.content)


def text(node) -> str:
    return " ".join(node.text_content().split())


def by_id(page, id_):
    return page.get_element_by_id(id_)


def error_summary(page) -> list[tuple[str, str | None]]:
    items = page.xpath("//div[@class='error-summary']//li")
    return [(text(li), (li.xpath("./a/@href") or [None])[0]) for li in items]


# The form on the article page and on its own page


@pytest.mark.parametrize(
    ("url", "action", "heading", "legend"),
    [
        (GERMAN_ARTICLE, GERMAN_FORM, "Kommentar zu dieser Seite", "Wie hilfreich war diese"),
        (ENGLISH_ARTICLE, ENGLISH_FORM, "Comment on this page", "How helpful was this page?"),
    ],
)
def test_every_article_ends_with_the_feedback_form(client, article, url, action, heading, legend):
    page = html(client.get(url))

    (section,) = page.xpath("//article/section[@class='feedback']")
    assert text(section.xpath("./h2")[0]) == heading
    (form,) = section.xpath(".//form")
    assert form.get("action") == action
    assert form.get("method") == "post"
    assert text(form.xpath(".//fieldset/legend")[0]).startswith(legend)
    assert len(form.xpath(".//fieldset//input[@type='radio'][@name='rating']")) == 5
    assert form.xpath(".//input[@name='csrfmiddlewaretoken']") == []
    assert form.xpath(".//input[@type='hidden'][@name='token']/@value")[0]


@pytest.mark.parametrize(
    ("url", "labels"),
    [
        (
            GERMAN_FORM,
            ["Gar nicht hilfreich", "Wenig hilfreich", "Etwas hilfreich", "Hilfreich",
             "Sehr hilfreich"],
        ),
        (
            ENGLISH_FORM,
            ["Not helpful at all", "Not very helpful", "Somewhat helpful", "Helpful",
             "Very helpful"],
        ),
    ],
)  # fmt: skip
def test_each_rating_has_its_own_label(client, article, url, labels):
    page = html(client.get(url))

    radios = page.xpath("//input[@name='rating']")
    assert [r.get("value") for r in radios] == ["1", "2", "3", "4", "5"]
    assert [text(page.xpath(f"//label[@for='{r.get('id')}']")[0]) for r in radios] == labels


@pytest.mark.parametrize(
    ("url", "words"),
    [
        (
            GERMAN_FORM,
            [
                "nie veröffentlicht",
                "persönliche medizinische Beratung können wir nicht geben",
                "112",
                "116 117",
                "nicht mehr persönliche Angaben",
                "Mit einem Sternchen (*) markierte Felder müssen ausgefüllt werden.",
                "Bis zu 5.000 Zeichen.",
                "Nur wenn Sie eine Antwort möchten.",
            ],
        ),
        (
            ENGLISH_FORM,
            [
                "never published",
                "We cannot give individual medical advice",
                "112",
                "116 117",
                "no more personal details than you want to",
                "Fields marked with an asterisk (*) are required.",
                "Up to 5,000 characters.",
                "Only if you would like a reply.",
            ],
        ),
    ],
)
def test_the_form_says_what_happens_to_feedback_and_where_to_get_help(client, article, url, words):
    response = client.get(url)

    assert response.status_code == 200
    page_text = text(html(response).xpath("//main")[0])
    for phrase in words:
        assert phrase in page_text


def test_required_fields_are_marked_with_an_asterisk_and_optional_ones_are_not(client, article):
    page = html(client.get(ENGLISH_FORM))

    def marked(xpath):
        return bool(page.xpath(f"{xpath}/span[@class='required-marker']"))

    assert marked("//legend")
    assert marked("//label[@for='feedback-comment']")
    assert marked("//label[@for='feedback-consent']")
    assert not marked("//label[@for='feedback-name']")
    assert not marked("//label[@for='feedback-email']")
    assert [i.get("name") for i in page.xpath("//*[@required]")] == [
        *["rating"] * 5,
        "comment",
        "consent",
    ]


@pytest.mark.parametrize(("url", "privacy"), [(GERMAN_FORM, "/de/datenschutz/"),
                                              (ENGLISH_FORM, "/en/privacy/")])  # fmt: skip
def test_the_consent_checkbox_links_to_the_privacy_page(client, article, url, privacy):
    page = html(client.get(url))

    checkbox = by_id(page, "feedback-consent")
    hint = by_id(page, checkbox.get("aria-describedby"))
    assert hint.xpath(".//a/@href") == [privacy]


@pytest.mark.parametrize(
    ("url", "sentence"),
    [
        ("/de/datenschutz/", "werden 90 Tage nach dem Senden Ihrer Rückmeldung gelöscht"),
        ("/en/privacy/", "are deleted 90 days after you sent your feedback"),
    ],
)
def test_the_privacy_page_states_how_long_name_and_email_are_kept(
    client, db, settings, url, sentence
):
    settings.FEEDBACK_PERSONAL_DATA_DAYS = 90

    page = html(client.get(url))

    assert sentence in text(page.xpath("//main")[0])


@pytest.mark.parametrize(
    "url",
    [
        "/de/artikel/gibt-es-nicht/kommentar/",
        "/en/articles/knochenmetastasen-verstehen/feedback/",
        "/de/artikel/gibt-es-nicht/kommentar/danke/",
    ],
)
def test_there_is_no_form_for_an_article_that_does_not_exist_here(client, article, url):
    assert client.get(url).status_code == 404


def test_there_is_no_form_for_a_draft(client, make_article):
    make_article(status="draft")

    assert client.get(GERMAN_FORM).status_code == 404


# Sending


@pytest.mark.parametrize(
    ("language", "thanks", "heading"),
    [
        ("de", GERMAN_FORM + "danke/", "Vielen Dank für Ihre Rückmeldung"),
        ("en", ENGLISH_FORM + "thanks/", "Thank you for your feedback"),
    ],
)
def test_sent_feedback_is_stored_and_confirmed_in_the_readers_language(
    client, article, send_feedback, language, thanks, heading
):
    response = send_feedback(language=language, rating="5", name="Anna", email="anna@example.org")

    assert response.status_code == 303
    assert response["Location"] == thanks
    feedback = Feedback.objects.get()
    assert feedback.article == article
    assert feedback.language == language
    assert feedback.article_updated_on == datetime.date(2024, 1, 23)
    assert feedback.rating == 5
    assert feedback.comment == "Die Grafik zu den Knochen hat mir sehr geholfen."
    assert (feedback.name, feedback.email) == ("Anna", "anna@example.org")
    assert feedback.status == Feedback.Status.NEW
    confirmation = html(client.get(thanks))
    assert text(confirmation.xpath("//h1")[0]) == heading
    assert article.get_absolute_url(language) in confirmation.xpath("//main//a/@href")


def test_feedback_records_the_update_date_the_reader_saw_in_their_language(article, send_feedback):
    Article.objects.filter(pk=article.pk).update(updated_on_en=datetime.date(2025, 3, 4))

    send_feedback(language="en")

    assert Feedback.objects.get().article_updated_on == datetime.date(2025, 3, 4)


def test_feedback_on_an_article_without_any_recorded_date_is_dated_today(article, send_feedback):
    Article.objects.filter(pk=article.pk).update(updated_on_de=None, first_published_at=None)

    send_feedback(language="de")

    assert Feedback.objects.get().article_updated_on == timezone.localdate()


def test_reloading_the_confirmation_sends_nothing_again(client, article, send_feedback):
    thanks = send_feedback()["Location"]

    for _reload in range(3):
        assert client.get(thanks).status_code == 200

    assert Feedback.objects.count() == 1


def test_name_and_email_are_optional(article, send_feedback):
    assert send_feedback(name="", email="").status_code == 303
    assert Feedback.objects.get().email == ""


# Errors


@pytest.mark.parametrize(
    ("language", "problem", "messages"),
    [
        (
            "de",
            "Es gibt ein Problem",
            [
                ("Wählen Sie aus, wie hilfreich diese Seite war", "#feedback-rating-1"),
                ("Geben Sie Ihren Kommentar ein", "#feedback-comment"),
                (
                    "Stimmen Sie dem Umgang mit Ihrer Rückmeldung zu, um sie zu senden",
                    "#feedback-consent",
                ),
            ],
        ),
        (
            "en",
            "There is a problem",
            [
                ("Choose how helpful this page was", "#feedback-rating-1"),
                ("Enter your comment", "#feedback-comment"),
                ("Agree to how your feedback is handled to send it", "#feedback-consent"),
            ],
        ),
    ],
)
def test_an_empty_form_lists_each_problem_in_the_readers_language(
    article, send_feedback, language, problem, messages
):
    response = send_feedback(language=language, rating="", comment="", consent="")

    assert response.status_code == 400
    page = html(response)
    (summary,) = page.xpath("//div[@class='error-summary']")
    assert summary.get("tabindex") == "-1"
    assert text(summary.xpath(".//h2")[0]) == problem
    assert error_summary(page) == messages
    assert Feedback.objects.count() == 0


def test_each_wrong_field_is_marked_invalid_and_described_by_its_error_and_hint(
    article, send_feedback
):
    page = html(send_feedback(language="en", rating="", comment="", email="nope", consent=""))

    for radio in page.xpath("//input[@name='rating']"):
        assert radio.get("aria-invalid") == "true"
    (fieldset,) = page.xpath("//fieldset")
    assert text(by_id(page, fieldset.get("aria-describedby"))) == (
        "Error: Choose how helpful this page was"
    )
    for field, described_by in [
        ("comment", "feedback-comment-hint feedback-comment-error"),
        ("email", "feedback-email-hint feedback-email-error"),
        ("consent", "feedback-consent-hint feedback-consent-error"),
    ]:
        element = by_id(page, f"feedback-{field}")
        assert element.get("aria-invalid") == "true", field
        assert element.get("aria-describedby") == described_by
        for id_ in described_by.split():
            assert by_id(page, id_) is not None
    name = by_id(page, "feedback-name")
    assert name.get("aria-invalid") is None


def test_the_error_page_loads_the_focus_script_and_nothing_inline(article, send_feedback):
    page = html(send_feedback(comment=""))

    scripts = page.xpath("//script")
    assert [s.get("src") for s in scripts] == ["/static/js/error-summary.js"]
    assert all(s.get("defer") is not None and not (s.text or "").strip() for s in scripts)
    assert page.xpath("//@style") == []
    assert page.xpath("//title")[0].text.startswith("Fehler:")


def test_everything_typed_is_kept_when_a_field_is_wrong(article, send_feedback):
    comment = "Was heißt „osteolytisch“?\nUnd <b>warum</b> & wann?"

    page = html(send_feedback(rating="", comment=comment, name="Anna", email="anna@example.org"))

    assert by_id(page, "feedback-comment").text == comment
    assert by_id(page, "feedback-name").get("value") == "Anna"
    assert by_id(page, "feedback-email").get("value") == "anna@example.org"
    assert by_id(page, "feedback-consent").get("checked") is not None
    assert page.xpath("//input[@name='rating'][@checked]/@value") == []


def test_the_chosen_rating_is_kept_when_another_field_is_wrong(article, send_feedback):
    page = html(send_feedback(rating="2", comment=""))

    assert page.xpath("//input[@name='rating'][@checked]/@value") == ["2"]


@pytest.mark.parametrize("rating", ["0", "6", "abc", "4.5", "-1"])
def test_a_rating_outside_one_to_five_is_a_field_error(article, send_feedback, rating):
    response = send_feedback(language="en", rating=rating)

    assert response.status_code == 400
    assert error_summary(html(response)) == [
        ("Choose how helpful this page was", "#feedback-rating-1")
    ]


@pytest.mark.parametrize(
    "email", ["nope", "name@", "@example.org", "name@example", "a@b@example.org", "a b@example.org"]
)
def test_an_invalid_email_address_is_a_field_error(article, send_feedback, email):
    response = send_feedback(language="en", email=email)

    assert response.status_code == 400
    assert error_summary(html(response)) == [
        (
            "Enter an email address in the correct format, like name@example.com",
            "#feedback-email",
        )
    ]


def test_a_comment_of_5000_characters_is_accepted(article, send_feedback):
    assert send_feedback(comment="ä" * 5000).status_code == 303
    assert len(Feedback.objects.get().comment) == 5000


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("de", "Ihr Kommentar darf höchstens 5.000 Zeichen lang sein. Er hat jetzt 5001."),
        ("en", "Your comment must be 5,000 characters or fewer. It now has 5001."),
    ],
)
def test_a_longer_comment_is_refused_and_kept_for_shortening(
    article, send_feedback, language, message
):
    comment = "x" * 5001

    response = send_feedback(language=language, comment=comment)

    assert response.status_code == 400
    page = html(response)
    assert error_summary(page) == [(message, "#feedback-comment")]
    assert by_id(page, "feedback-comment").text == comment
    assert Feedback.objects.count() == 0


def test_an_overlong_name_is_a_field_error(article, send_feedback):
    response = send_feedback(language="en", name="N" * 201)

    assert response.status_code == 400
    assert error_summary(html(response)) == [
        ("Your name must be 200 characters or fewer", "#feedback-name")
    ]


def test_control_characters_are_removed_but_line_breaks_and_tabs_stay(article, send_feedback):
    comment = "Erste\x00 Zeile\x07\r\nZweite\tZeile\x1b[31m\x85\x7f\rDritte"

    assert send_feedback(comment=comment, name="An\x00na\n\x9f").status_code == 303

    feedback = Feedback.objects.get()
    assert feedback.comment == "Erste Zeile\nZweite\tZeile[31m\nDritte"
    assert feedback.name == "Anna"


def test_a_comment_of_nothing_but_control_characters_is_missing(article, send_feedback):
    response = send_feedback(language="en", comment="\x00\x01\x02 \x7f")

    assert response.status_code == 400
    assert error_summary(html(response)) == [("Enter your comment", "#feedback-comment")]


def test_control_characters_are_not_shown_again_on_the_form(article, send_feedback):
    response = send_feedback(rating="", comment="Hallo\x00\x08 Welt", name="A\x1bB")

    page = html(response)
    assert by_id(page, "feedback-comment").text == "Hallo Welt"
    assert by_id(page, "feedback-name").get("value") == "AB"


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("de", "Die Anfrage konnte nicht verarbeitet werden"),
        ("en", "The request could not be processed"),
    ],
)
def test_an_oversized_request_gets_the_translated_400_page(
    article, send_feedback, language, heading
):
    response = send_feedback(language=language, comment="x" * 70_000)

    assert response.status_code == 400
    assert text(html(response).xpath("//h1")[0]) == heading
    assert Feedback.objects.count() == 0


def test_a_request_for_a_host_that_is_not_allowed_gets_the_400_page_too(client, db):
    client.raise_request_exception = False

    response = client.get("/de/", headers={"host": "evil.example"})

    assert response.status_code == 400
    assert "Die Anfrage konnte nicht verarbeitet werden" in response.content.decode()


def test_an_unexpected_method_is_refused(client, article):
    assert client.put(GERMAN_FORM).status_code == 405
    assert client.head(GERMAN_FORM).status_code == 200

"""Local trials say on every page that they show development data nobody checked; production
never does."""

import pytest

from tests.test_pages import ENGLISH_URL, GERMAN_URL, get_page, texts
from tests.test_settings import start_django

NOTICE = "//header[@class='site-header']//div[@class='development-notice']"
PAGES = [GERMAN_URL, ENGLISH_URL, "/de/", "/en/topics/treatment/", "/en/glossary/", "/de/suche/"]


@pytest.mark.parametrize(
    ("url", "notice"),
    [
        (
            GERMAN_URL,
            "Lokaler Test mit Entwicklungsdaten. Die Artikel wurden von einem "
            "Entwicklungskonto freigegeben und von keiner echten Person geprüft.",
        ),
        (
            ENGLISH_URL,
            "Local trial with development data. The articles were approved by a development "
            "account, not checked by a real person.",
        ),
    ],
)
def test_a_local_trial_says_its_articles_were_not_checked_by_a_real_person(
    client, article, settings, url, notice
):
    settings.DEVELOPMENT_DATA = True

    assert texts(get_page(client, url), NOTICE) == [notice]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_of_a_local_trial_carries_the_notice(client, article, settings, url):
    settings.DEVELOPMENT_DATA = True

    assert get_page(client, url).xpath(NOTICE)


def test_a_missing_page_of_a_local_trial_carries_the_notice_too(client, db, settings):
    settings.DEVELOPMENT_DATA = True

    assert get_page(client, "/en/no-such-page/", status=404).xpath(NOTICE)


@pytest.mark.parametrize("url", PAGES)
def test_production_never_shows_the_notice(client, article, settings, url):
    settings.DEVELOPMENT_DATA = False

    page = get_page(client, url)

    assert not page.xpath("//*[contains(@class, 'development-notice')]")
    assert "development" not in page.text_content().lower()


def test_production_settings_turn_development_data_off():
    code = "import django; from django.conf import settings; django.setup(); "
    code += "print(settings.DEVELOPMENT_DATA)"

    process = start_django(code, DJANGO_DEBUG="0", DJANGO_SECRET_KEY="a-production-secret")

    assert process.returncode == 0, process.stderr
    assert process.stdout.strip() == "False"

"""Fixtures of the editorial tests."""

import pytest
import reversion

from articles.models import Article
from tests.conftest import _staff_user, log_in_to_admin

ADDED_IN_GERMAN = "Neu seit der letzten Übersetzung: Bestrahlung lindert Schmerzen."

# The admin as editors use it on a laptop or desktop.
WIDE = {"width": 1400, "height": 1000}


@pytest.fixture
def editor_page(site, page):
    """Erika, an editor, logged in to the admin in Chromium, 1400 px wide."""
    _staff_user("erika", "Editors")
    page.set_viewport_size(WIDE)
    log_in_to_admin(page, site, "erika")
    return page


@pytest.fixture
def outdated_english(site) -> Article:
    """The bone metastases article: a revision with both languages in step, then a German
    change the English lacks (``ADDED_IN_GERMAN``)."""
    article = Article.objects.get(key="bone-metastases")
    with reversion.create_revision():
        article.save()
    article.body_de = article.body_de + "\n\n" + ADDED_IN_GERMAN
    with reversion.create_revision():
        article.save()
    assert article.translation_status("en") == Article.TranslationStatus.OUTDATED
    return article

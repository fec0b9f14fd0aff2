"""axe-core finds no WCAG 2.2 AA or best-practice violations on the editors' change forms."""

import pytest

from articles.models import Article, Feedback, GlossaryTerm
from tests.conftest import _staff_user, log_in_to_admin
from tests.editorial.conftest import WIDE

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_article_change_form_has_no_axe_violations(
    site, editor_page, axe_violations, outdated_english, language
):
    # In English, the German text next to it is marked outdated with what changed.
    article = outdated_english
    editor_page.goto(f"{site}/admin/articles/article/{article.pk}/change/?language={language}")
    assert axe_violations(editor_page) == []


def test_the_glossary_term_change_form_has_no_axe_violations(site, editor_page, axe_violations):
    term = GlossaryTerm.objects.get(key="metastasis")
    editor_page.goto(f"{site}/admin/articles/glossaryterm/{term.pk}/change/")
    assert axe_violations(editor_page) == []


def test_the_feedback_change_form_has_no_axe_violations(site, page, axe_violations):
    article = Article.objects.get(key="bone-metastases")
    message = Feedback.objects.create(
        article=article,
        language="de",
        article_updated_on=article.updated_on_de,
        rating=4,
        comment="Die Grafik hat mir geholfen.",
    )
    _staff_user("mona", "Moderators")
    page.set_viewport_size(WIDE)
    log_in_to_admin(page, site, "mona")
    page.goto(f"{site}/admin/articles/feedback/{message.pk}/change/")
    assert axe_violations(page) == []

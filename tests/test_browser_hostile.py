"""Without the Content-Security-Policy, no hostile input runs: the sanitiser holds alone."""

import datetime

import pytest

from articles.models import Article, GlossaryTerm, Source, Topic
from tests.hostile_inputs import STORABLE_CORPUS as CORPUS

pytestmark = pytest.mark.browser

PER_ARTICLE = 30


@pytest.fixture
def hostile_site(live_server, transactional_db):
    topic = Topic.objects.create(
        key="t", title_de="Thema", slug_de="thema", title_en="Topic", slug_en="topic"
    )
    # Terms first, so that each article is rendered once, with every hostile definition.
    for index, text in enumerate(CORPUS):
        GlossaryTerm.objects.create(
            key=f"hostile-{index}",
            term_de=f"Absatz {index}",
            slug_de=f"absatz-{index}",
            definition_de=text,
            explanation_de=text,
        )
    paths = []
    for number, start in enumerate(range(0, len(CORPUS), PER_ARTICLE)):
        chunk = CORPUS[start : start + PER_ARTICLE]
        body = "\n\n".join(f"Absatz {i}.\n\n{text}" for i, text in enumerate(chunk))
        summary = "\n".join(f"- {text}" for text in chunk)
        article = Article.objects.create(
            key=f"hostile-{number}",
            kind=Article.Kind.OVERVIEW,
            status=Article.Status.PUBLISHED,
            title_de=chunk[0],
            slug_de=f"feindlich-{number}",
            summary_de=summary,
            body_de=body,
            description_de=chunk[-1],
            updated_on_de=datetime.date(2024, 1, 23),
        )
        article.topics.add(topic)
        for position, text in enumerate(chunk, start=1):
            Source.objects.create(article=article, position=position, citation=text, url=text)
        paths.append(f"/de/artikel/feindlich-{number}/")
    return live_server.url, [*paths, "/de/glossar/", "/de/"]


def test_no_hostile_input_runs_even_without_the_content_security_policy(hostile_site, browser):
    base, paths = hostile_site
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in paths:
        page.goto(base + path)
        page.wait_for_load_state("load")
        # Open every definition too: their content is editor-written as well.
        for button in page.locator(".term-button").all()[:40]:
            button.click()
        for link in page.locator("main a:visible").all()[:100]:
            link.hover(timeout=2000)
        assert page.evaluate("window.__pwned === undefined"), path
    context.close()
    assert dialogs == []

"""Every hostile input, in every field editors write, reaches readers as inert text."""

import datetime

import lxml.html
import pytest

from articles.models import Article, ArticleChange, GlossaryTerm, Source, Topic
from tests.hostile_inputs import STORABLE_CORPUS as CORPUS
from tests.test_sanitising import dangerous_scheme

FORBIDDEN_ELEMENTS = {
    "iframe", "frame", "svg", "math", "style", "object", "embed", "base", "video", "audio",
    "source", "template", "noscript", "marquee", "dialog", "details",
}  # fmt: skip
ARTICLE_TEXT_FIELDS = ("title", "summary", "body", "description", "image_alt", "image_caption")
BATCH = 25


def page_problems(html: str) -> list[str]:
    """What in a whole page could run, load from elsewhere or restyle it."""
    problems = []
    root = lxml.html.document_fromstring(html)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag in FORBIDDEN_ELEMENTS:
            problems.append(f"<{tag}>")
        if tag == "script" and not (
            element.get("type") == "application/ld+json"
            or (element.get("src") or "").startswith("/static/")
        ):
            problems.append(f"script {lxml.html.tostring(element)[:80]!r}")
        if tag == "img" and not (element.get("src") or "").startswith(("/media/", "/static/")):
            problems.append(f"img from {element.get('src')!r}")
        if tag == "form" and not (element.get("action") or "").startswith("/"):
            problems.append(f"form to {element.get('action')!r}")
        if tag == "meta" and element.get("http-equiv"):
            problems.append("meta http-equiv")
        stylesheet = tag == "link" and element.get("rel") == "stylesheet"
        if stylesheet and not element.get("href", "").startswith("/static/"):
            problems.append(f"stylesheet {element.get('href')!r}")
        for name, value in element.attrib.items():
            lowered = name.lower()
            if lowered.startswith("on"):
                problems.append(f"{name} on <{tag}>")
            if lowered == "style":
                problems.append(f"style on <{tag}>")
            if lowered in {"href", "src", "action", "formaction", "xlink:href", "srcdoc"}:
                scheme = dangerous_scheme(value)
                if scheme or lowered == "srcdoc":
                    problems.append(f"{scheme or 'srcdoc'} in {name} on <{tag}>")
    for data in root.xpath("//script[@type='application/ld+json']"):
        if "<" in (data.text or ""):
            problems.append("unescaped < in JSON-LD")
    return problems


def hostile_article(index: int, text: str, topic: Topic) -> Article:
    fields = {f"{name}_{code}": text for name in ARTICLE_TEXT_FIELDS for code in ("de", "en")}
    fields |= {f"author_{code}": text for code in ("de", "en")}
    fields |= {f"reviewer_{code}": text for code in ("de", "en")}
    article = Article.objects.create(
        key=f"hostile-{index}",
        kind=Article.Kind.EXPLAINER if index % 2 else Article.Kind.GUIDELINE_SUMMARY,
        status=Article.Status.PUBLISHED,
        slug_de=f"feindlich-{index}",
        slug_en=f"hostile-{index}",
        **{f"updated_on_{code}": datetime.date(2024, 1, 23) for code in ("de", "en")},
        # Every other article past its planned update: the notice names the hostile version.
        next_update_on=datetime.date(2027 if index % 2 else 2020, 1, 1),
        evidence_version=text[:100],
        **{k: v for k, v in fields.items() if not k.startswith("slug")},
    )
    article.topics.add(topic)
    Source.objects.create(article=article, position=1, citation=text, url=text, doi=text)
    ArticleChange.objects.create(article=article, note_de=text, note_en=text)
    return article


@pytest.mark.parametrize("start", range(0, len(CORPUS), BATCH))
def test_every_hostile_input_in_every_article_field_stays_inert(client, topic, start):
    assert len(CORPUS) >= 200
    for index, text in enumerate(CORPUS[start : start + BATCH], start=start):
        article = hostile_article(index, text, topic)
        for code, prefix in (("de", "/de/artikel/"), ("en", "/en/articles/")):
            response = client.get(f"{prefix}{getattr(article, f'slug_{code}')}/")
            assert response.status_code == 200, (text, response.status_code)
            assert page_problems(response.content.decode()) == [], text
    for path in ("/de/", "/en/", "/de/themen/behandlung/", "/en/topics/treatment/"):
        assert page_problems(client.get(path).content.decode()) == []


@pytest.mark.parametrize("start", range(0, len(CORPUS), BATCH))
def test_every_hostile_input_in_glossary_and_topic_fields_stays_inert(client, topic, start):
    for index, text in enumerate(CORPUS[start : start + BATCH], start=start):
        GlossaryTerm.objects.create(
            key=f"hostile-{index}",
            term_de=f"Feind{index} {text}",
            slug_de=f"feind-{index}",
            definition_de=text,
            explanation_de=text,
            term_en=f"hostile{index} {text}",
            slug_en=f"hostile-{index}",
            definition_en=text,
            explanation_en=text,
        )
        topic.description_de = topic.description_en = text
        topic.save()
    for path in (
        "/de/glossar/",
        "/en/glossary/",
        "/de/themen/behandlung/",
        "/en/topics/treatment/",
    ):
        response = client.get(path)
        assert response.status_code == 200
        assert page_problems(response.content.decode()) == [], path


def test_the_page_check_notices_what_it_must():
    html = (
        "<html><body><script>x</script><a href='javascript:x'>a</a>"
        "<p onclick=x style=y>p</p><img src='https://evil.example/t.png'><svg></svg></body></html>"
    )
    problems = page_problems(html)
    assert any(p.startswith("script") for p in problems)
    assert "javascript in href on <a>" in problems
    assert "onclick on <p>" in problems
    assert "style on <p>" in problems
    assert "img from 'https://evil.example/t.png'" in problems
    assert "<svg>" in problems

"""What a screen reader hears for an AGO grade says what the guideline summary's legend says."""

import re

import pytest
from django.conf import settings
from django.utils.translation import override

from articles.content.files import LANGUAGE_CODES, article_folders, read_article
from articles.rendering import render_markdown

_LEGEND_ROW_RE = re.compile(r"^\|\s*\{\{AGO ([^}]+)\}\}\s*\|(.+)\|\s*$", re.MULTILINE)
_SPOKEN_RE = re.compile(r'<span class="visually-hidden">[^:]*: ([^<]*)</span>')
_WORD_RE = re.compile(r"\w+")


def legends(code: str) -> dict[str, str]:
    """{AGO grade: the legend's words for it} from the articles that explain the grades."""
    rows = {}
    for folder in article_folders(settings.CONTENT_DIR):
        body = read_article(folder).texts[code]["body"]
        rows.update({grade: text for grade, text in _LEGEND_ROW_RE.findall(body)})
    return rows


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_every_spoken_ago_grade_uses_only_the_words_of_the_legend(code):
    rows = legends(code)
    assert set(rows) == {"++", "+", "+/-", "-", "--"}, f"{code}: the legend has {sorted(rows)}"

    for grade, legend in rows.items():
        with override(code):
            html = render_markdown(f"{{{{AGO {grade}}}}}", code).html
        spoken = _SPOKEN_RE.search(html).group(1)
        legend_words = set(_WORD_RE.findall(legend.casefold()))
        foreign = set(_WORD_RE.findall(spoken.casefold())) - legend_words

        assert not foreign, f"{code} {grade}: {spoken!r} says {sorted(foreign)}, legend {legend!r}"

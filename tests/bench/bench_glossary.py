"""How much the glossary slows down rendering an article, with 0, 100 and 1,000 terms.

Run with `make bench`. Renders a generated 5,000-word German article with render_markdown and
glossaries of each size (best of 5 runs, the matcher built beforehand), times building each
matcher separately, prints a table and exits with status 1 when 1,000 terms take 3 times as
long as none or longer. Needs no database: matchers are built from TermEntry objects.
"""

import os
import random
import sys
import time
from pathlib import Path

# Run as a script, Python puts this folder first on the path, not the project.
PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "healthinfo.settings")

import django  # noqa: E402

django.setup()

from articles.glossary.matcher import GlossaryMatcher, TermEntry  # noqa: E402
from articles.rendering import render_markdown  # noqa: E402

SIZES = (0, 100, 1000)
RUNS = 5
ARTICLE_WORDS = 5000
MAX_RATIO = 3.0
SEED = 20240123

COMMON_WORDS = [
    "und", "die", "der", "das", "ist", "nicht", "mit", "sich", "auf", "für", "ein", "eine",
    "einer", "im", "den", "dem", "von", "zu", "bei", "wenn", "Ärztin", "Behandlung",
    "Schmerzen", "Knochen", "Übelkeit", "Größe", "Fußknochen", "häufig", "oft", "selten",
    "können", "müssen", "Therapie", "Untersuchung", "Körper", "Wochen", "Monate",
    "Nebenwirkungen", "Blut", "Leber", "Lunge", "gut", "manchmal", "außerdem", "während",
    "Straße", "heißt", "Frauen", "Krankenhaus", "Praxis", "Fragen", "Gespräch",
]  # fmt: skip
SYLLABLES = [
    "ka", "to", "me", "li", "nu", "ra", "se", "bo", "fi", "gu", "pa", "lo", "ti", "ne", "ma",
    "ru", "de", "sa", "ko", "mi", "ber", "stein", "zell", "heil", "gen", "ös", "ül", "äk",
    "ung", "keit", "heit", "schaft", "ter", "nis",
]  # fmt: skip


def pseudo_word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()


def make_glossary(size: int, rng: random.Random) -> list[TermEntry]:
    """``size`` invented terms: variants, some compounds, acronyms and two-word phrases."""
    entries, seen = [], set()
    while len(entries) < size:
        number = len(entries)
        if number % 15 == 0:
            term = "".join(rng.choice("ABCDEFGHKLMNPRSTV") for _ in range(rng.randint(2, 4)))
            forms, exact = (term,), True
        elif number % 11 == 0:
            term = f"{pseudo_word(rng, 2)} {pseudo_word(rng, 3).lower()}"
            forms, exact = (term, term + "en"), False
        else:
            term = pseudo_word(rng, rng.randint(3, 4))
            forms, exact = (term, term + "n", term + "en", term + "s"), False
        if term.casefold() in seen:
            continue
        seen.add(term.casefold())
        entries.append(
            TermEntry(
                key=f"term-{number}",
                term=term,
                slug=f"term-{number}",
                definition=f"Erklärung von {term} in ein oder zwei einfachen Sätzen.",
                forms=forms,
                exact_case=exact,
                compounds=number % 7 == 0,
            )
        )
    return entries


def make_article(glossary: list[TermEntry], rng: random.Random) -> str:
    """About ``ARTICLE_WORDS`` words of Markdown: sections, paragraphs, lists and callouts."""
    words, blocks, count = [], [], 0
    while count < ARTICLE_WORDS:
        if count % 600 == 0:
            blocks.append(f"## {pseudo_word(rng, 3)} und {rng.choice(COMMON_WORDS)}")
        sentence = []
        for _ in range(rng.randint(8, 16)):
            roll = rng.random()
            if roll < 0.08:
                entry = rng.choice(glossary)
                word = rng.choice(entry.forms)
                if entry.compounds and rng.random() < 0.3:
                    word = pseudo_word(rng, 2) + word.lower()
            elif roll < 0.2:
                word = pseudo_word(rng, rng.randint(2, 4))
            else:
                word = rng.choice(COMMON_WORDS)
            sentence.append(word)
        words.append(" ".join(sentence).capitalize() + rng.choice([".", ".", ",", "?"]))
        count += len(sentence)
        if len(words) >= rng.randint(3, 6):
            shape = rng.random()
            if shape < 0.15:
                blocks.append("\n".join(f"- {line}" for line in words))
            elif shape < 0.22:
                body = "\n    ".join(words)
                blocks.append(f'!!! note "{pseudo_word(rng, 2)}"\n    {body}')
            else:
                blocks.append(" ".join(words))
            words = []
    if words:
        blocks.append(" ".join(words))
    return "\n\n".join(blocks)


COLUMN_WIDTHS = (6, 9, 16, 16, 12)


def table_row(*cells) -> str:
    return " | ".join(f"{cell:>{width}}" for cell, width in zip(cells, COLUMN_WIDTHS, strict=True))


def best_time(function, runs: int = RUNS) -> float:
    """The fastest of ``runs`` calls, in milliseconds."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def main() -> int:
    rng = random.Random(SEED)
    full_glossary = make_glossary(max(SIZES), rng)
    article = make_article(full_glossary, rng)
    print(f"Article: {len(article.split())} words, {len(article)} characters\n")

    rows = []
    for size in SIZES:
        entries = full_glossary[:size]
        build_ms = best_time(lambda entries=entries: GlossaryMatcher(entries, "de"))
        matcher = GlossaryMatcher(entries, "de")
        render_ms = best_time(
            lambda matcher=matcher: render_markdown(article, "de", matcher=matcher)
        )
        marked = len(render_markdown(article, "de", matcher=matcher).terms)
        rows.append((size, render_ms, build_ms, marked))

    baseline = rows[0][1]
    print(table_row("terms", "render ms", "ratio to 0 terms", "matcher build ms", "terms marked"))
    print(table_row(*("-" * width for width in COLUMN_WIDTHS)).replace(" | ", "-+-"))
    for size, render_ms, build_ms, marked in rows:
        times = f"{render_ms / baseline:.2f}x"
        print(table_row(size, f"{render_ms:.1f}", times, f"{build_ms:.2f}", marked))

    ratio = rows[-1][1] / baseline
    verdict = "Too slow" if ratio >= MAX_RATIO else "OK"
    limit = f"limit {MAX_RATIO:g}x"
    print(f"\n{verdict}: {SIZES[-1]} terms take {ratio:.2f}x the time with none ({limit}).")
    return 1 if ratio >= MAX_RATIO else 0


if __name__ == "__main__":
    sys.exit(main())

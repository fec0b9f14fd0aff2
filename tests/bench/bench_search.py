"""Search at scale: the search page's latency with 1,000 articles, on SQLite or PostgreSQL.

Run `.venv/bin/python tests/bench/bench_search.py` for SQLite (a new file), or with
DATABASE_URL=postgres://postgres@127.0.0.1:5432/healthinfo_bench_search (and REDIS_URL) for
PostgreSQL: that database is emptied and filled, so give it one of its own. Options:
``--articles N`` (default 1,000), ``--wrk`` to load each search with wrk against gunicorn
(production settings, 3 workers; as bench_http.py: 16 connections or BENCH_CONNECTIONS, 10 s
or BENCH_SECONDS) as well: the same search again and again (answered from the results cache),
and a different search each time (the results cache misses), a wrk script choosing the next
address for each request: words many texts use, words few use, misspellings of both, and a
mix of the three.

The catalogue is the imported content plus copies of its articles under new keys and
addresses, bulk-created with their rendered HTML and indexed as a save indexes them
(``index.write_entries``): seconds, where rendering each copy again would take minutes.
Each search is requested with the test client (the page cache bypasses any query string) and
timed cold (the results cache emptied first) and cached: medians, the 99th percentile cold,
database queries cold and HTML size.
"""

import argparse
import os
import random
import shutil
import statistics
import string
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))

from tests.bench.bench_http import CONNECTIONS, SECONDS, wrk  # noqa: E402
from tests.production_server import (  # noqa: E402
    manage,
    new_postgresql_database,
    production_env,
    running_server,
)

RUNS = 40
NONSENSE = " ".join(
    "".join(random.Random(n).choices(string.ascii_lowercase, k=9)) for n in range(20)
)
SEARCHES = {
    "common word": "/de/suche/?q=Metastasen",
    "common word, page 5": "/de/suche/?q=Metastasen&page=5",
    "rare word": "/de/suche/?q=Pleuraerguss",
    "two words (en)": "/en/search/?q=pleural+effusion",
    "misspelling": "/de/suche/?q=Knochenmetastasn",
    "misspelling (en)": "/en/search/?q=bisphosponate",
    "misspelt pair (en)": "/en/search/?q=pleural+efusion",
    "no results": "/de/suche/?q=Xylophon",
    "200 characters of nonsense": "/de/suche/?" + urllib.parse.urlencode({"q": NONSENSE}),
}


def make_catalogue(articles: int):
    """Copies of the imported articles up to ``articles``, indexed as saves index them."""
    from django.db import transaction

    from articles.models import LANGUAGE_CODES, Article
    from articles.search import index

    originals = list(Article.objects.all())
    fields = [f for f in Article._meta.concrete_fields if not f.primary_key]
    copies = []
    for number in range(articles - len(originals)):
        original = originals[number % len(originals)]
        copy = Article(**{f.attname: getattr(original, f.attname) for f in fields})
        copy.key = f"{original.key}-{number}"
        for code in LANGUAGE_CODES:
            if slug := getattr(original, f"slug_{code}"):
                setattr(copy, f"slug_{code}", f"{slug}-{number}")
        copies.append(copy)
    started = time.perf_counter()
    with transaction.atomic():
        copies = Article.objects.bulk_create(copies, batch_size=200)
    # One transaction each, as saves are: in one, PostgreSQL would keep every version of the
    # words' counts, and each save would step over all of them.
    for copy in copies:
        index.write_entries(index.ARTICLE, copy)
    return time.perf_counter() - started


def measure(path: str) -> dict:
    """Times of ``path``: each request cold (results cache emptied first), then cached."""
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost")
    times = {"cold": [], "cached": []}
    for kind in times:
        for _ in range(RUNS):
            if kind == "cold":
                caches["default"].clear()
            started = time.perf_counter()
            response = client.get(path)
            times[kind].append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    caches["default"].clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return {
        **{kind: statistics.median(values) for kind, values in times.items()},
        "p99": sorted(times["cold"])[round(len(times["cold"]) * 0.99) - 1],
        "queries": len(queries),
        "kb": len(response.content) / 1024,
    }


def different_searches() -> dict[str, list[str]]:
    """Searches that differ, of each kind, in both languages: the vocabulary's words that
    many texts use, those that few use (the glossary's), both misspelt as readers misspell
    (a letter left out, two swapped), and a mix of the three."""
    from articles.models import SearchWord

    # Shorter words are mostly stop words, which find nothing at once.
    words = list(
        SearchWord.objects.filter(word__regex=r"^[a-zäöüß]{5,}$")
        .order_by("-documents", "word")
        .values_list("language", "spelling")
    )
    half = len(words) // 2
    kinds = {"common words": words[:half], "rare words": words[half:][::-1]}
    kinds["misspellings"] = [
        (language, typo)
        for n, (language, spelling) in enumerate(words)
        for typo in {_left_out(spelling, n), _swapped(spelling, n)} - {spelling}
    ]
    paths = {
        kind: [
            ("/de/suche/" if language == "de" else "/en/search/")
            + "?"
            + urllib.parse.urlencode({"q": query})
            for language, query in found
        ]
        for kind, found in kinds.items()
    }
    mixed = [path for kind in paths.values() for path in kind]
    random.Random(1).shuffle(mixed)
    return {**paths, "mixed": mixed}


def _left_out(word: str, n: int) -> str:
    place = 2 + n % (len(word) - 3)
    return word[:place] + word[place + 1 :]


def _swapped(word: str, n: int) -> str:
    place = 1 + n % (len(word) - 2)
    return word[:place] + word[place + 1] + word[place] + word[place + 2 :]


# Each wrk thread starts at its own place in the list, so that no search is asked twice.
WRK_SCRIPT = """
local paths = {%s}
local thread_number = 0
setup = function(thread)
  thread:set("offset", thread_number * math.floor(#paths / 2))
  thread_number = thread_number + 1
end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[((offset or 0) + n) %% #paths + 1])
end
"""


def wrk_line(url: str, script: Path | None = None) -> str:
    """wrk's figures for ``url`` as one line of the table."""
    r = wrk(url, script)
    return f"{r['rps']:>7.0f} req/s, p50 {r['p50']:.2f}ms, p99 {r['p99']:.2f}ms" + (
        ", errors" if r["errors"] else ""
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--wrk", action="store_true")
    options = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="healthinfo-bench-search-"))
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{workdir / 'bench.sqlite3'}"
    env = production_env(
        database_url,
        REDIS_URL=os.environ.get("REDIS_URL", ""),
        DJANGO_MEDIA_ROOT=str(workdir / "media"),
    )
    if database_url.startswith("postgres"):
        new_postgresql_database(database_url)
    manage("collectstatic", "--no-input", "-v0", env=env)
    manage("migrate", "--no-input", "-v0", env=env)
    manage("import_content", "-v0", env=env)
    os.environ.update(env)
    import django

    django.setup()
    from django.core.cache import caches
    from django.db import connection

    seconds = make_catalogue(options.articles)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would after such a load
    report(connection.vendor, options, seconds)
    if options.wrk:
        scripts = {}
        for kind, paths in different_searches().items():
            scripts[kind] = (workdir / f"{kind.replace(' ', '-')}.lua", len(paths))
            scripts[kind][0].write_text(WRK_SCRIPT % ", ".join(f'"{path}"' for path in paths))
        connection.close()
        with running_server(env, workers=3) as base:
            print(f"\nwrk, {CONNECTIONS} connections, {SECONDS} s, gunicorn with 3 workers")
            for name, path in SEARCHES.items():
                urllib.request.urlopen(base + path).read()
                print(f"{name + ', again':<34} | {wrk_line(base + path)}")
            for kind, (script, distinct) in scripts.items():
                # Nothing cached by an earlier run: each search is new unless asked twice here.
                caches["default"].clear()
                measured = wrk_line(base + "/", script)
                print(f"{'different: ' + kind:<34} | {measured} ({distinct} different)")
            # For scale: this machine's speed at the time, from a page the page cache serves.
            article = "/de/artikel/wenn-brustkrebs-die-knochen-erreicht/"
            print(f"{'(article page, page cache)':<34} | {wrk_line(base + article)}")
    shutil.rmtree(workdir, ignore_errors=True)


def report(vendor: str, options, seconds: float):
    print(
        f"\nsearch with {options.articles} articles on {vendor} (copies indexed in "
        f"{seconds:.1f} s), median of {RUNS} requests in process; cold: results cache emptied"
    )
    print(f"{'search':<28} | cold ms | p99 ms | cached ms | queries | KB")
    print("-" * 28 + "-+---------+--------+-----------+---------+----")
    for name, path in SEARCHES.items():
        r = measure(path)
        print(
            f"{name:<28} | {r['cold']:>7.1f} | {r['p99']:>6.1f} | {r['cached']:>9.1f} | "
            f"{r['queries']:>7} | {r['kb']:.0f}"
        )


if __name__ == "__main__":
    main()

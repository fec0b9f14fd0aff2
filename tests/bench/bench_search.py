"""Search at scale: the search page's latency with 1,000 articles, on SQLite or PostgreSQL.

Run `.venv/bin/python tests/bench/bench_search.py` for SQLite (a new file), or with
DATABASE_URL=postgres://postgres@127.0.0.1:5432/healthinfo_bench_search (and REDIS_URL) for
PostgreSQL: that database is emptied and filled, so give it one of its own. Options:
``--articles N`` (default 1,000), ``--wrk`` to load each search with wrk against gunicorn
(production settings, 3 workers, 16 connections, 10 s) as well.

The catalogue is the imported content plus copies of its articles under new keys and
addresses, bulk-created with their rendered HTML and indexed as a save indexes them
(``index.write_entries``): seconds, where rendering each copy again would take minutes.
Each search is requested with the test client (page cache bypassed, as for any query
string) and timed: median and 99th percentile, database queries and HTML size.
"""

import argparse
import os
import random
import shutil
import statistics
import string
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))

from tests.production_server import (  # noqa: E402
    free_port,
    manage,
    production_env,
    start_server,
    stop_server,
)

RUNS = 40
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
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


def new_postgresql_database(url: str):
    """Drop and create the database ``url`` names, from the server's ``postgres`` database."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    server = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


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
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost")
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    assert response.status_code == 200, (path, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    times.sort()
    return {
        "p50": statistics.median(times),
        "p99": times[min(len(times) - 1, round(len(times) * 0.99))],
        "queries": len(queries),
        "kb": len(response.content) / 1024,
    }


def wrk(url: str) -> str:
    out = subprocess.run(
        ["wrk", f"-t{min(2, CONNECTIONS)}", f"-c{CONNECTIONS}", "-d10s", "--latency", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    lines = {line.split()[0]: line.split()[1] for line in out.splitlines() if line.strip()}
    return f"{float(lines['Requests/sec:']):>7.0f} req/s, p50 {lines['50%']}, p99 {lines['99%']}"


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
    from django.db import connection

    seconds = make_catalogue(options.articles)
    print(
        f"\nsearch with {options.articles} articles on {connection.vendor} "
        f"(copies indexed in {seconds:.1f} s), {RUNS} requests each, in process"
    )
    print(f"{'search':<28} | {'p50 ms':>7} | {'p99 ms':>7} | queries | KB")
    print("-" * 28 + "-+-" + "-" * 7 + "-+-" + "-" * 7 + "-+---------+-----")
    for name, path in SEARCHES.items():
        r = measure(path)
        print(
            f"{name:<28} | {r['p50']:>7.1f} | {r['p99']:>7.1f} | {r['queries']:>7} | {r['kb']:.0f}"
        )
    if options.wrk:
        connection.close()
        port = free_port()
        server = start_server(env, port, workers=3)
        try:
            print("\nwrk, 16 connections, 10 s, gunicorn with 3 workers")
            for name, path in SEARCHES.items():
                print(f"{name:<28} | {wrk(f'http://127.0.0.1:{port}{path}')}")
        finally:
            stop_server(server)
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

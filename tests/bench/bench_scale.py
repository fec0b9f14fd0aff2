"""How the site copes with a large catalogue: 3, 100 and 1,000 articles and 2,000 glossary terms.

Run with `make bench-scale` (`make bench-scale SCALE_ARGS=--postgres` for PostgreSQL, in a
database of its own on 127.0.0.1:5432; `--sizes 3,100` for fewer). For each size it writes a
synthetic catalogue made from the real content to a temporary folder: copies of the three real
articles under new keys, addresses and numbered titles, in their topics, and a glossary of the
real terms plus generated ones spread over the letters, some of which every article uses, so
that "used in" lists are long. It imports that into a fresh database with
`manage.py import_content` (twice: the second run must find everything unchanged), runs
`render_content --now`, and then, with production settings in a process of its own, renders each
public page type with the page cache left out and searches with their results cache emptied
before each request (one warm-up, then the median of 3), counting its
HTML, its queries and the memory the rendering took (tracemalloc's peak). Then it saves a term
every article uses and waits until the last of those articles shows the new definition (with
`manage.py db_worker` running when django-tasks is installed), and on PostgreSQL loads search
with wrk on gunicorn as bench_http.py starts it. It prints one Markdown table and marks each
figure that misses its target with ✗. It is a measurement, not a test: it always exits 0 once
the table is printed.
"""

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))

from tests.bench.bench_glossary import pseudo_word  # noqa: E402
from tests.bench.bench_http import wrk  # noqa: E402
from tests.production_server import (  # noqa: E402
    manage,
    new_postgresql_database,
    production_env,
    running_server,
)

SIZES = (3, 100, 1000)
TERMS = 2000
# Generated terms every article uses, and how many more each article uses.
EVERYWHERE = 5
PER_ARTICLE = 10
SEED = 20240123
POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/healthinfo_bench_scale"
COMMON_WORD = "Metastasen"
MISSPELLING = "Knochenmetastasn"
LANGUAGE = "de"

# Targets at 1,000 articles (issue 16).
MAX_PAGE_MS = 150
MAX_PAGE_KB = 150
MAX_PAGE_MB = 50
MAX_SEARCH_P50_MS = 30
MIN_SEARCH_RPS = 300
MAX_TERM_SAVE_S = 1.0
MAX_SECOND_IMPORT_S = 60
# Limits of the page measurements, so that a page whose cost grows with the catalogue cannot
# take the shared machine down or keep the run going for hours.
MEMORY_LIMIT_GB = 4
SLOW_PAGE_S = 10

# Page types: (label, URL name, keyword arguments to try in turn, query string). A name that
# does not resolve (yet) shows as "n/a". {…} placeholders come from the catalogue.
PAGES = [
    ("home", "articles:home", [{}], ""),
    ("topic", "articles:topic", [{"slug": "{topic_slug}"}], ""),
    ("topic, page 2", "articles:topic", [{"slug": "{topic_slug}"}], "page=2"),
    ("article (largest)", "articles:article", [{"slug": "{article_slug}"}], ""),
    ("glossary overview", "articles:glossary", [{}], ""),
    ("glossary letter M", "articles:glossary_letter", [{"letter": "m"}, {"slug": "m"}], ""),
    ("glossary term (much used)", "articles:glossary_term", [{"slug": "{term_slug}"}], ""),
    ("search, common word", "articles:search", [{}], f"q={COMMON_WORD}"),
    ("search, rare word", "articles:search", [{}], "q={rare_word}"),
    ("search, misspelling", "articles:search", [{}], f"q={MISSPELLING}"),
    ("feed", "articles:feed", [{}], ""),
    ("sitemap", "sitemap", [{}], ""),
]


def log(message: str):
    print(message, file=sys.stderr, flush=True)


# The synthetic catalogue


def ascii_slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def generated_terms(count: int, taken: set[str], rng: random.Random) -> list[dict]:
    """``count`` invented terms, their initials going round the alphabet, none of whose
    forms or addresses clash with ``taken`` (casefolded forms and slugs)."""
    terms = []
    while len(terms) < count:
        initial = chr(ord("A") + len(terms) % 26)
        word = initial + pseudo_word(rng, rng.randint(2, 3)).lower()
        forms = {word.casefold(), (word + "en").casefold(), (word + "s").casefold()}
        slug = ascii_slug(word)
        if forms & taken or "slug:" + slug in taken:
            continue
        taken |= forms | {"slug:" + slug}
        terms.append({"word": word, "slug": slug, "number": len(terms)})
    return terms


def term_table(term: dict) -> str:
    word, slug, number = term["word"], term["slug"], term["number"]
    explanation = (
        f'explanation = "Ausführlicher erklärt: {word} ist ein erfundener Begriff Nr. {number}."\n'
        if number % 3 == 0
        else ""
    )
    return (
        f'\n[[terms]]\nkey = "bench-{number:04d}"\n\n'
        f'[terms.de]\nterm = "{word}"\nslug = "{slug}"\nvariants = ["{word}en"]\n'
        f'definition = "Ein erfundener Fachbegriff für die Messung, Nummer {number}."\n'
        f"{explanation}"
        f'\n[terms.en]\nterm = "{word}"\nslug = "{slug}"\nvariants = ["{word}s"]\n'
        f'definition = "An invented technical term for the benchmark, number {number}."\n'
    )


def rewrite_front_matter(text: str, number: int) -> str:
    """A numbered title and an address of its own; the rest of the file as it is."""
    front, rest = text.split("+++\n", 2)[1:]
    front = re.sub(r'^title = "(.*)"$', rf'title = "\1 {number}"', front, count=1, flags=re.M)
    front = re.sub(r'^slug = "(.*)"$', rf'slug = "\1-{number}"', front, count=1, flags=re.M)
    return f"+++\n{front}+++\n{rest}"


def article_terms(index: int, size: int, terms: list[dict]) -> list[dict]:
    """The generated terms article ``index`` uses: a few that every article uses, some
    spread over the rest, and the last (the rare word) in the first article only."""
    spread = terms[EVERYWHERE:-1]
    chosen = terms[:EVERYWHERE] + [
        spread[(index * PER_ARTICLE + offset) % len(spread)] for offset in range(PER_ARTICLE)
    ]
    return chosen + ([terms[-1]] if index == 0 else [])


def write_catalogue(folder: Path, size: int) -> dict:
    """The catalogue of ``size`` articles in ``folder``; returns what the pages are found by."""
    content = PROJECT / "content"
    rng = random.Random(SEED)
    folder.mkdir(parents=True)
    shutil.copy(content / "topics.toml", folder / "topics.toml")

    real_glossary = (content / "glossary.toml").read_text(encoding="utf-8")
    taken = {form.casefold() for form in re.findall(r'"([^"\n]+)"', real_glossary)}
    taken |= {"slug:" + slug for slug in re.findall(r'^slug = "(.+)"$', real_glossary, re.M)}
    real_count = len(re.findall(r"^\[\[terms\]\]$", real_glossary, re.M))
    terms = generated_terms(TERMS - real_count, taken, rng)
    (folder / "glossary.toml").write_text(
        real_glossary + "".join(term_table(term) for term in terms), encoding="utf-8"
    )

    originals = sorted(p for p in (content / "articles").iterdir() if p.is_dir())
    keys = [f"{originals[i % len(originals)].name}-{i + 1:04d}" for i in range(size)]
    largest = max(originals, key=lambda p: (p / f"{LANGUAGE}.md").stat().st_size)
    for index, key in enumerate(keys):
        original = originals[index % len(originals)]
        target = folder / "articles" / key
        shutil.copytree(original, target)
        block = range(index - index % len(originals), index - index % len(originals) + 3)
        related = [keys[other] for other in block if other != index and other < size]
        settings_file = target / "article.toml"
        settings_text = settings_file.read_text(encoding="utf-8")
        settings_text = re.sub(
            r"^related = \[.*\]$", f"related = {json.dumps(related)}", settings_text, flags=re.M
        )
        settings_file.write_text(settings_text, encoding="utf-8")
        words = [term["word"] for term in article_terms(index, size, terms)]
        closing = {
            "de": f"Fachleute sprechen hier auch von {', '.join(words)}.",
            "en": f"Specialists also speak of {', '.join(words)}.",
        }
        for code, sentence in closing.items():
            path = target / f"{code}.md"
            text = rewrite_front_matter(path.read_text(encoding="utf-8"), index + 1)
            path.write_text(text.rstrip("\n") + f"\n\n{sentence}\n", encoding="utf-8")
    largest_key = next(k for k in keys if k.startswith(largest.name + "-"))
    front = (folder / "articles" / largest_key / f"{LANGUAGE}.md").read_text(encoding="utf-8")
    topics = (content / "topics.toml").read_text(encoding="utf-8")
    return {
        "article_key": largest_key,
        "article_slug": re.search(r'^slug = "(.+)"$', front, re.M).group(1),
        "topic_slug": re.search(r"^\[topics\.de\]\ntitle = .*\nslug = \"(.+)\"$", topics, re.M)[1],
        "term_key": "bench-0000",
        "term_slug": terms[0]["slug"],
        "rare_word": terms[-1]["word"],
    }


# Measuring in a process with the catalogue's database (production settings)


def setup_django():
    import django

    django.setup()


def page_url(name: str, attempts: list[dict], catalogue: dict) -> str | None:
    """The page's address, or None while no URL of that name (and arguments) exists."""
    from django.urls import NoReverseMatch, reverse

    for kwargs in attempts:
        try:
            return reverse(name, kwargs={k: v.format(**catalogue) for k, v in kwargs.items()})
        except NoReverseMatch:
            continue
    return None


def measure_page(get, prepare=lambda: None) -> dict:
    """Status, median time of 3 after a warm-up, size, queries and tracemalloc peak of the
    page ``get()`` asks for; a page slower than SLOW_PAGE_S is timed once, by its warm-up."""
    import tracemalloc

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def timed_get():
        prepare()
        started = time.perf_counter()
        response = get()
        return response, (time.perf_counter() - started) * 1000

    response, warm_up = timed_get()  # templates, URL resolvers, the glossary matcher
    if response.status_code != 200:
        return {"status": response.status_code}
    times = [warm_up]
    if warm_up < SLOW_PAGE_S * 1000:
        times = [timed_get()[1] for _ in range(3)]
    prepare()
    with CaptureQueriesContext(connection) as queries:
        get()
    # Counted now: the next request empties the connection's log.
    query_count = len(queries)
    prepare()
    tracemalloc.start()
    try:
        get()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return {
        "status": 200,
        "ms": statistics.median(times),
        "runs": len(times),
        "kb": len(response.content) / 1000,
        "queries": query_count,
        "mb": peak / 1e6,
    }


def measure_pages(catalogue: dict) -> dict:
    """Each page type's figures (``measure_page``), by label."""
    import resource

    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings
    from django.utils.translation import override

    from articles.models import CacheTag
    from articles.page_cache import tags

    def forget_search_results():
        # Cold: the results cache holds searches under the search tag's number.
        CacheTag.bump({tags.SEARCH})

    # A page whose memory grows with the catalogue could take the machine down with it.
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_GB * 2**30,) * 2)
    # The page cache would answer from memory: it is left out, and each address is new.
    middleware = [name for name in settings.MIDDLEWARE if "page_cache" not in name]
    results, counter = {}, iter(range(1_000_000))
    with override_settings(MIDDLEWARE=middleware), override(LANGUAGE):
        client = Client()
        for label, name, attempts, query in PAGES:
            url = page_url(name, attempts, catalogue)
            if url is None:
                results[label] = {"missing": True}
                continue
            query = query.format(**catalogue)

            def get(url=url, query=query):
                return client.get(url, QUERY_STRING=f"{query}&bench={next(counter)}".lstrip("&"))

            cold = forget_search_results if name == "articles:search" else lambda: None
            try:
                results[label] = measure_page(get, cold)
            except MemoryError:
                results[label] = {"status": "memory"}
            results[label]["url"] = url + (f"?{query}" if query else "")
            log(f"  {label}: {results[label]}")
    return results


def measure_term_save(catalogue: dict) -> dict:
    """Save a term every article uses; how long the save took and how long until the last
    article that uses it shows the new definition."""
    from django.core.management import get_commands

    from articles.models import Article, GlossaryTerm, TermUsage

    term = GlossaryTerm.objects.get(key=catalogue["term_key"])
    users = TermUsage.objects.filter(term=term, language=LANGUAGE).count()
    definition = f"Die neue Erklärung aus der Messung {time.time_ns()}."
    worker = None
    background = "db_worker" in get_commands()
    if background:
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-reload"],
            cwd=PROJECT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    try:
        setattr(term, f"definition_{LANGUAGE}", definition)
        started = time.perf_counter()
        term.save()
        saved = time.perf_counter() - started
        showing = Article.objects.filter(**{f"body_html_{LANGUAGE}__contains": definition})
        deadline = time.monotonic() + 1800
        while showing.count() < users and time.monotonic() < deadline:
            time.sleep(0.5)
        done = time.perf_counter() - started
        shown = showing.count()
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)
    return {
        "save_s": saved,
        "all_shown_s": done,
        "articles": users,
        "shown": shown,
        "background": background,
    }


def child(mode: str, catalogue: dict):
    setup_django()
    result = measure_pages(catalogue) if mode == "pages" else measure_term_save(catalogue)
    print(json.dumps(result))


def run_child(mode: str, catalogue: dict, env: dict) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, f"--{mode}", json.dumps(catalogue)],
        # Its log and warnings (a page's 503 says why there) go to this run's own.
        cwd=PROJECT, env=env, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    if done.returncode:
        sys.exit(f"measuring {mode} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


# One size, from files to figures


def timed(*args: str, env: dict) -> tuple[float, str]:
    started = time.perf_counter()
    out = manage(*args, env=env)
    return time.perf_counter() - started, out


def bench_size(size: int, workdir: Path, postgres: bool) -> dict:
    folder = workdir / f"catalogue-{size}"
    catalogue = write_catalogue(folder, size)
    log(f"N = {size}: catalogue written to {folder}")
    database_url = POSTGRES_URL if postgres else f"sqlite:///{workdir / f'db-{size}.sqlite3'}"
    if postgres:
        new_postgresql_database(database_url)
    env = production_env(
        database_url,
        REDIS_URL=os.environ.get("REDIS_URL", ""),
        DJANGO_MEDIA_ROOT=str(workdir / f"media-{size}"),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
    )
    manage("migrate", "--no-input", "-v0", env=env)
    figures = {"catalogue": catalogue}
    figures["import_1"], _out = timed("import_content", str(folder), env=env)
    log(f"N = {size}: first import {figures['import_1']:.1f} s")
    figures["import_2"], out = timed("import_content", str(folder), env=env)
    figures["import_2_summary"] = out.strip().splitlines()[-1]
    log(f"N = {size}: second import {figures['import_2']:.1f} s ({figures['import_2_summary']})")
    # In place rather than queued, so that the figure is the rendering itself and the
    # worker started for the term save below finds no catalogue waiting.
    figures["render"], _out = timed("render_content", "--now", env=env)
    log(f"N = {size}: render_content --now {figures['render']:.1f} s")
    figures["pages"] = run_child("pages", catalogue, env)
    log(f"N = {size}: pages measured")
    figures["term"] = run_child("term-save", catalogue, env)
    log(f"N = {size}: term saved in {figures['term']['save_s']:.1f} s")
    if postgres:
        figures["wrk"] = search_under_load(env, figures["pages"])
    return figures


def search_under_load(env: dict, pages: dict) -> dict | None:
    search = pages.get("search, common word", {})
    if search.get("status") != 200:
        return None
    path = re.sub(r"[?&]bench=\d+", "", search["url"])
    with running_server(env) as base:
        for _ in range(20):  # warm every worker
            urllib.request.urlopen(base + path).read()
        return wrk(base + path)


# The table


def mark(text: str, miss: bool) -> str:
    return f"{text} ✗" if miss else text


def page_cell(result: dict, smallest: dict | None, search: bool) -> str:
    if result.get("missing"):
        return "n/a"
    if result.get("status") == "memory":
        return f"more than {MEMORY_LIMIT_GB} GB: stopped ✗"
    if result.get("status") != 200:
        return f"HTTP {result.get('status')}"
    limit = MAX_SEARCH_P50_MS if search else MAX_PAGE_MS
    more_queries = smallest is not None and result["queries"] > smallest.get("queries", 1e9)
    return ", ".join(
        (
            mark(
                f"{result['ms']:,.0f} ms" + (" (1 run)" if result["runs"] == 1 else ""),
                result["ms"] >= limit,
            ),
            mark(f"{result['kb']:,.0f} KB", result["kb"] >= MAX_PAGE_KB),
            mark(f"{result['queries']} q", more_queries),
            mark(f"{result['mb']:,.1f} MB", result["mb"] >= MAX_PAGE_MB),
        )
    )


def seconds(value: float) -> str:
    return f"{value:,.1f} s" if value >= 1 else f"{value * 1000:,.0f} ms"


def table(results: dict[int, dict], postgres: bool) -> str:
    sizes = list(results)
    smallest = results[sizes[0]]["pages"]
    rows = []
    for label, *_rest in PAGES:
        search = label.startswith("search")
        rows.append(
            [label]
            + [page_cell(results[n]["pages"][label], smallest.get(label), search) for n in sizes]
        )
    rows.append(["import_content, first run"] + [seconds(results[n]["import_1"]) for n in sizes])
    second = []
    for n in sizes:
        unchanged = re.match(r"0 created, 0 updated, ", results[n]["import_2_summary"])
        text = seconds(results[n]["import_2"]) + ("" if unchanged else " (not all unchanged)")
        second.append(mark(text, results[n]["import_2"] >= MAX_SECOND_IMPORT_S or not unchanged))
    rows.append(["import_content, second run", *second])
    renders = [seconds(results[n]["render"]) for n in sizes]
    rows.append(["render_content --now (every article)", *renders])
    term_rows = (["much-used term: save returns"], ["much-used term: last article shows it"])
    for n in sizes:
        term = results[n]["term"]
        how = "" if term["background"] else " (synchronous: no django-tasks yet)"
        term_rows[0].append(mark(seconds(term["save_s"]) + how, term["save_s"] >= MAX_TERM_SAVE_S))
        late = term["shown"] < term["articles"]
        term_rows[1].append(
            mark(
                f"{seconds(term['all_shown_s'])} ({term['shown']} of {term['articles']} articles)",
                late,
            )
        )
    rows.extend(term_rows)
    load = ["search under load (wrk, 16 connections)"]
    for n in sizes:
        result = results[n].get("wrk")
        if not postgres:
            load.append("PostgreSQL only")
        elif result is None:
            load.append("n/a")
        else:
            load.append(
                mark(f"{result['rps']:,.0f} req/s", result["rps"] < MIN_SEARCH_RPS)
                + ", "
                + mark(f"p50 {result['p50']:.1f} ms", result["p50"] >= MAX_SEARCH_P50_MS)
                + f", p99 {result['p99']:.1f} ms"
            )
    rows.append(load)
    header = ["articles (×2 languages), 2,000 terms", *(f"{n:,}" for n in sizes)]
    lines = [
        "| " + " | ".join(header) + " |",
        "| --- |" + " ---: |" * len(sizes),
        *("| " + " | ".join(row) + " |" for row in rows),
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL, not SQLite.")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="e.g. 3,100")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary folder.")
    parser.add_argument("--pages", metavar="JSON", help=argparse.SUPPRESS)
    parser.add_argument("--term-save", metavar="JSON", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.pages or args.term_save:
        child("pages" if args.pages else "term-save", json.loads(args.pages or args.term_save))
        return
    if args.postgres and not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk (make bench-scale does this)")
    sizes = [int(size) for size in args.sizes.split(",")]
    workdir = Path(tempfile.mkdtemp(prefix="healthinfo-bench-scale-"))
    base_env = production_env("sqlite://")
    manage("collectstatic", "--no-input", "-v0", env=base_env)
    try:
        results = {size: bench_size(size, workdir, args.postgres) for size in sizes}
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    database = "PostgreSQL" if args.postgres else "SQLite"
    print(
        f"\n{database}, {os.cpu_count()} cores; pages in German, page cache left out, "
        "searches cold (results cache emptied), "
        f"median of 3 after one warm-up (a page slower than {SLOW_PAGE_S} s: its warm-up alone); "
        f"memory: tracemalloc peak of one request, within a limit of {MEMORY_LIMIT_GB} GB\n"
    )
    print(table(results, args.postgres))
    print(
        f"\n✗ misses its target at 1,000 articles: pages < {MAX_PAGE_MS} ms, < {MAX_PAGE_KB} KB, "
        f"< {MAX_PAGE_MB} MB, queries no more than with {sizes[0]} articles; search p50 "
        f"< {MAX_SEARCH_P50_MS} ms and ≥ {MIN_SEARCH_RPS} req/s under load; term save "
        f"< {MAX_TERM_SAVE_S:g} s; second import < {MAX_SECOND_IMPORT_S} s and all unchanged."
    )


if __name__ == "__main__":
    main()

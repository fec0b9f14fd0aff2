"""Throughput and latency of the production-like server, side by side with a static file.

Run with `make bench`. Starts gunicorn with production settings (DEBUG off, whitenoise) on a
free loopback port against a fresh SQLite file (or DATABASE_URL / REDIS_URL when set), imports
the content, warms the pages, then loads each address with wrk (Debian's package: a C load
generator, so the client costs little of the two cores) and prints requests per second and
p50/p99 latency, the ratio article ÷ static file, the weight and glossary marks of each real
article's page per language, the cold render time of the largest article with 1,000 glossary
terms, and Lighthouse's mobile scores for that article (Lighthouse from npm, pinned in the
Makefile, driving Debian's Chromium).
"""

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))

from tests.feedback_load import send_concurrently  # noqa: E402
from tests.production_server import manage, production_env, running_server  # noqa: E402

PYTHON = sys.executable
LIGHTHOUSE = PROJECT / ".venv/lighthouse/node_modules/.bin/lighthouse"
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))


def wrk(url: str, script: Path | None = None) -> dict:
    """``url`` loaded by wrk for SECONDS on CONNECTIONS connections (and with the Lua
    ``script``, which chooses the requests, if given): requests per second, p50 and p99 in
    milliseconds, and how many answers were not 2xx or 3xx."""
    command = ["wrk", f"-t{min(2, CONNECTIONS)}", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency"]
    out = subprocess.run(
        [*command, *(["-s", str(script)] if script else []), url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)

    def percentile(p):
        value, unit = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    return {
        "rps": rps,
        "p50": percentile(50),
        "p99": percentile(99),
        "errors": int(errors.group(1)) if errors else 0,
    }


def lighthouse_scores(url: str, attempts: int = 3) -> dict[str, int | str]:
    """Lighthouse's mobile audit (its default) of ``url`` in Debian's Chromium, scores 0-100.

    Lighthouse now and then fails to record the page load's trace (NO_NAVSTART) and then has
    no performance score; it says to run it again, so it is run again.
    """
    folder = Path(tempfile.mkdtemp(prefix="healthinfo-lighthouse-"))
    report = folder / "report.json"
    for _ in range(attempts):
        subprocess.run(
            [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
             "--only-categories=performance,accessibility,best-practices,seo",
             "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
            env={**os.environ, "CHROME_PATH": shutil.which("chromium") or "/usr/bin/chromium"},
            check=False,
        )  # fmt: skip
        categories = json.loads(report.read_text())["categories"] if report.exists() else {}
        if categories and all(c["score"] is not None for c in categories.values()):
            break
    shutil.rmtree(folder, ignore_errors=True)
    return {
        name: "failed" if c["score"] is None else round(c["score"] * 100)
        for name, c in categories.items()
    }


def nearest_static_file(static_root: Path, size: int) -> str:
    """The collected static file whose size is closest to ``size`` (the hashed name)."""
    files = [
        p
        for p in static_root.rglob("*")
        if p.is_file()
        and not p.name.endswith((".gz", ".br"))
        and re.search(r"\.[0-9a-f]{12}\.", p.name)
    ]
    best = min(files, key=lambda p: abs(p.stat().st_size - size))
    return "/static/" + best.relative_to(static_root).as_posix()


def real_article_pages(env) -> list[tuple[str, str, str]]:
    """(key, language, address) of each published article in each language."""
    code = (
        "from articles.models import Article;"
        "[print(a.key, c, a.get_absolute_url(c)) for a in Article.objects.published()"
        ".order_by('key') for c in ('de', 'en')]"
    )
    out = manage("shell", "-v0", "-c", code, env=env)
    return [tuple(line.split()) for line in out.splitlines()]


def page_figures(url: str) -> dict[str, int]:
    """An article page's weight as sent and compressed, and its glossary marks."""
    html = urllib.request.urlopen(url).read()
    return {
        "bytes": len(html),
        "gzip": len(gzip.compress(html, 9)),
        "marks": html.count(b'class="term-button"'),
    }


def cold_render_ms(env) -> float:
    """Render the largest article body with a 1,000-term glossary, no caches warmed."""
    code = (
        "import time, random, django; django.setup();"
        "from articles.models import Article;"
        "from articles.glossary.matcher import GlossaryMatcher;"
        "from articles.rendering import render_markdown;"
        "from tests.bench.bench_glossary import make_glossary;"
        "a = max(Article.objects.all(), key=lambda a: len(a.body_de or ''));"
        "m = GlossaryMatcher(make_glossary(1000, random.Random(1)), 'de');"
        "t = time.perf_counter(); render_markdown(a.body_de, 'de', matcher=m);"
        "print((time.perf_counter() - t) * 1000)"
    )
    out = subprocess.run(
        [PYTHON, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip().splitlines()[-1])


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk (make bench does this)")
    workdir = Path(tempfile.mkdtemp(prefix="healthinfo-bench-"))
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{workdir / 'bench.sqlite3'}"
    env = production_env(
        database_url,
        REDIS_URL=os.environ.get("REDIS_URL", ""),
        DJANGO_MEDIA_ROOT=str(workdir / "media"),
        # The load test below sends 400 messages from one address.
        FEEDBACK_RATE_LIMIT="100000",
        FEEDBACK_MIN_FILL_SECONDS="0",
    )
    for command in (["collectstatic", "--no-input"], ["migrate", "--no-input"], ["import_content"]):
        manage(*command, "-v0", env=env)
    with running_server(env) as base:
        article = "/de/artikel/lokale-behandlung-von-metastasen/"
        size = len(urllib.request.urlopen(base + article).read())
        static_root = PROJECT / "staticfiles"
        static = nearest_static_file(static_root, size)
        targets = {
            "article (largest)": article,
            "glossary": "/de/glossar/",
            "search": "/de/suche/?q=Metastasen",
            f"static file ({Path(static).name})": static,
        }
        for path in targets.values():  # warm every worker's cache
            for _ in range(20):
                urllib.request.urlopen(base + path).read()
        results = {name: wrk(base + path) for name, path in targets.items()}
        pages = [(key, code, page_figures(base + u)) for key, code, u in real_article_pages(env)]
        started = time.perf_counter()
        load = send_concurrently(
            base, "/de/artikel/wenn-brustkrebs-die-knochen-erreicht/kommentar/", 8, 50
        )
        load_seconds = time.perf_counter() - started
        # Last, on a quiet server: Lighthouse times the page load on a simulated slow phone.
        scores = lighthouse_scores(base + article)

    count = "from articles.models import Feedback; print(Feedback.objects.count())"
    stored = manage("shell", "-c", count, env=env).split()[-1]
    cold = cold_render_ms(env)
    print(
        f"\n{CONNECTIONS} connections, {SECONDS} s each, {os.cpu_count()} cores, "
        "gunicorn on loopback"
    )
    print(f"article page: {size} bytes\n")
    print(f"{'target':<42} | {'req/s':>8} | {'p50 ms':>7} | {'p99 ms':>7} | errors")
    print("-" * 42 + "-+-" + "-" * 8 + "-+-" + "-" * 7 + "-+-" + "-" * 7 + "-+-------")
    for name, r in results.items():
        print(
            f"{name:<42} | {r['rps']:>8.0f} | {r['p50']:>7.2f} | {r['p99']:>7.2f} | {r['errors']}"
        )
    static_rps = next(r["rps"] for n, r in results.items() if n.startswith("static"))
    ratio = results["article (largest)"]["rps"] / static_rps
    print(f"\narticle ÷ static file: {ratio:.0%} (target ≥ 90 %)")
    print(f"article p99: {results['article (largest)']['p99']:.1f} ms (target < 50 ms)")
    print(f"cold render of the largest article with 1,000 glossary terms: {cold:.0f} ms")
    print(f"\n{'real article':<32} | lang | HTML bytes | gzip bytes | glossary marks (aim ≤ 40)")
    print("-" * 32 + "-+------+------------+------------+--------------------------")
    for key, code, figures in pages:
        print(
            f"{key:<32} | {code:<4} | {figures['bytes']:>10} | {figures['gzip']:>10} | "
            f"{figures['marks']}"
        )
    print(
        f"feedback, 8 clients x 50: {len(load.accepted)} accepted, {len(load.rejected)} rejected "
        f"with an answer, {stored} stored, in {load_seconds:.1f} s"
    )
    print(
        "Lighthouse (mobile), largest article: "
        + ", ".join(f"{name} {score}" for name, score in scores.items())
        + " (target 100 each)"
    )
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

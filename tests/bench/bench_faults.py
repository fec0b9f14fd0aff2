"""A minute of readers and feedback while PostgreSQL, then Redis, is stopped and started again.

Run with `make faults`. Starts a PostgreSQL cluster and a Redis server of the run's own
(tests/service_faults.py; the machine's shared ones are not touched), gunicorn with production
settings on them, imports the content and reads every page once. Then a few reader threads
(FAULT_CLIENTS, 4) read pages and send feedback without pause, each message from a form loaded
for it alone, while the script goes through five phases of FAULT_PHASE_SECONDS (10) each:
normal, PostgreSQL down (``pg_ctl stop -m immediate``, a crash), after its restart, Redis down
(SIGKILL), after its restart. A reader whose message is refused with the form kept sends the kept
form again, as a person would, until it is accepted.

It prints a table per phase: page requests by status, feedback posts accepted (303), refused
with the form kept (503 showing the typed comment and name), other answers, how many of the
accepted messages the database holds at the end, how many it lacks (lost), server errors other
than 503, requests that got no answer at all, and what /readyz said. It exits with status 1 if
a message was lost, a server error other than 503 occurred, or a request got no answer.
"""

import os
import sys
import tempfile
import threading
import time
import urllib.error
from collections import Counter
from itertools import cycle
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))

from tests.production_server import running_server  # noqa: E402
from tests.service_faults import (  # noqa: E402
    Answer,
    Reader,
    form_token,
    keeps_what_was_typed,
    own_services,
    server_env,
)

CLIENTS = int(os.environ.get("FAULT_CLIENTS", "4"))
PHASE_SECONDS = float(os.environ.get("FAULT_PHASE_SECONDS", "10"))
PHASES = (
    "normal",
    "PostgreSQL down",
    "after PostgreSQL restart",
    "Redis down",
    "after Redis restart",
)
PAGES = (
    "/de/",
    "/en/",
    "/de/artikel/wenn-brustkrebs-die-knochen-erreicht/",
    "/en/articles/when-breast-cancer-reaches-the-bones/",
    "/de/artikel/lokale-behandlung-von-metastasen/",
    "/en/articles/local-treatment-of-metastases/",
    "/de/artikel/metastasierter-brustkrebs/",
    "/en/articles/metastatic-breast-cancer/",
    "/de/themen/behandlung/",
    "/en/topics/metastatic-breast-cancer/",
    "/de/glossar/",
    "/en/glossary/",
    "/de/ueber-uns/",
    "/en/how-we-work/",
    # Search results are never cached: without the database they are a 503.
    "/en/search/?q=bone",
)
FORMS = (
    "/de/artikel/wenn-brustkrebs-die-knochen-erreicht/kommentar/",
    "/en/articles/when-breast-cancer-reaches-the-bones/feedback/",
)
NO_ANSWER = (urllib.error.URLError, ConnectionError, TimeoutError)


class Run:
    """What happened in each phase, counted by all reader threads."""

    def __init__(self):
        self.phase = PHASES[0]
        self.counts = {phase: Counter() for phase in PHASES}
        self.accepted = {phase: [] for phase in PHASES}
        self.answers = {phase: Counter() for phase in PHASES}  # "status path" other than 200/303
        self.server_errors: list[tuple[str, str, int]] = []  # phase, request, status
        self.started = {PHASES[0]: time.monotonic()}
        self.stopping = threading.Event()
        self._lock = threading.Lock()

    def enter(self, phase: str) -> None:
        with self._lock:
            self.phase = phase
            self.started[phase] = time.monotonic()
        print(f"{time.strftime('%H:%M:%S')} {phase}", flush=True)

    def count(self, phase: str, event: str, path: str = "", status: int = 0) -> None:
        with self._lock:
            self.counts[phase][event] += 1
            if status not in (0, 200, 303):
                self.answers[phase][f"{status} {path}"] += 1
            if status >= 500 and status != 503:
                self.server_errors.append((phase, path, status))

    def accept(self, phase: str, comment: str) -> None:
        with self._lock:
            self.accepted[phase].append(comment)


def read_page(run: Run, reader: Reader, path: str) -> Answer | None:
    """GET ``path`` and count the answer; None when there was no answer."""
    try:
        answer = reader.get(path)
    except NO_ANSWER:
        run.count(run.phase, "no answer")
        return None
    label = answer.status if answer.status in (200, 503) else "other"
    run.count(run.phase, f"page {label}", f"GET {path}", answer.status)
    return answer


def reader_thread(run: Run, base: str, number: int) -> None:
    reader = Reader(base)
    pages = cycle(PAGES[number % len(PAGES) :] + PAGES[: number % len(PAGES)])
    token: str | None = None  # the form this reader has loaded and not sent yet
    kept: tuple[str, str, str] | None = None  # a refused message: comment, form, kept token
    sent = 0
    while not run.stopping.is_set():
        form = FORMS[sent % len(FORMS)]
        if kept is None and token is None:
            answer = read_page(run, reader, form)
            token = form_token(answer.body) if answer and answer.status == 200 else None
        # Reading on while writing: a form loaded before an outage is often sent during it.
        for _ in range(3):
            read_page(run, reader, next(pages))
        if kept is not None:
            comment, form, post_token = kept
        elif token is not None:
            comment, post_token, token = f"Fault run {number}-{sent}: hilfreich.", token, None
            sent += 1
        else:
            continue  # no form could be loaded (the database is down): read on
        name = f"Leserin {number}"
        try:
            answer = reader.send_feedback(form, comment, name=name, token=post_token)
        except NO_ANSWER:
            run.count(run.phase, "no answer")
            kept = None
            continue
        phase = run.phase  # the phase in which the answer came
        if answer.status == 303:
            run.count(phase, "post 303")
            run.accept(phase, comment)
            kept = None
        elif answer.status == 503 and keeps_what_was_typed(answer.body, comment, name):
            run.count(phase, "post 503 kept", f"POST {form}", answer.status)
            kept = (comment, form, form_token(answer.body) or post_token)
        else:
            run.count(phase, "post other", f"POST {form}", answer.status)
            kept = None


def readiness_thread(run: Run, base: str) -> None:
    reader = Reader(base)
    while not run.stopping.wait(1):
        try:
            status = reader.get("/readyz").status
        except NO_ANSWER:
            run.count(run.phase, "no answer")
            continue
        label = status if status in (200, 503) else "other"
        run.count(run.phase, f"readyz {label}", "GET /readyz", status)


def print_table(run: Run, stored: Counter) -> int:
    """Print the phases' figures; the number of accepted messages that were not stored."""
    columns = (
        ("phase", 24), ("s", 4), ("pages 200", 9), ("503", 5), ("other", 5), ("posts 303", 9),
        ("503 kept", 8), ("other", 5), ("stored", 6), ("lost", 4), ("5xx≠503", 7),
        ("no answer", 9), ("readyz 200/503", 14),
    )  # fmt: skip
    print("\n" + " | ".join(f"{name:>{width}}" for name, width in columns))
    print("-+-".join("-" * width for _, width in columns))
    lost_total = 0
    ends = [*(run.started[p] for p in PHASES[1:]), run.started["end"]]
    for phase, end in zip(PHASES, ends, strict=True):
        c = run.counts[phase]
        accepted = run.accepted[phase]
        kept_in_db = sum(1 for comment in accepted if stored[comment])
        lost = len(accepted) - kept_in_db
        lost_total += lost
        errors = sum(1 for p, _, _ in run.server_errors if p == phase)
        values = (
            phase, f"{end - run.started[phase]:.0f}", c["page 200"], c["page 503"],
            c["page other"], c["post 303"], c["post 503 kept"], c["post other"], kept_in_db, lost,
            errors, c["no answer"], f"{c['readyz 200']}/{c['readyz 503']}",
        )  # fmt: skip
        cells = (f"{value:>{width}}" for value, (_, width) in zip(values, columns, strict=True))
        print(" | ".join(cells))
    return lost_total


def main():
    with (
        tempfile.TemporaryDirectory(prefix="healthinfo-faults-media-") as media,
        own_services() as (postgres, redis_server),
    ):
        env = server_env(postgres, redis_server, Path(media))
        run = Run()
        threads = []
        with running_server(env) as base:
            try:
                warm = Reader(base)
                for path in PAGES:
                    warm.get(path)
                threads = [
                    threading.Thread(target=reader_thread, args=(run, base, n))
                    for n in range(CLIENTS)
                ]
                threads.append(threading.Thread(target=readiness_thread, args=(run, base)))
                run.enter(PHASES[0])
                for thread in threads:
                    thread.start()
                time.sleep(PHASE_SECONDS)
                # Entered first, so that answers given while the service stops count as "down".
                run.enter("PostgreSQL down")
                postgres.stop("immediate")
                time.sleep(PHASE_SECONDS)
                postgres.start()
                run.enter("after PostgreSQL restart")
                time.sleep(PHASE_SECONDS)
                run.enter("Redis down")
                redis_server.stop(crash=True)
                time.sleep(PHASE_SECONDS)
                redis_server.start()
                run.enter("after Redis restart")
                time.sleep(PHASE_SECONDS)
            finally:
                run.stopping.set()
                run.started["end"] = time.monotonic()
                for thread in threads:
                    thread.join(timeout=120)
        stored = Counter(comment for comment, _ in postgres.feedback())

    print(f"\n{CLIENTS} readers, {os.cpu_count()} cores, gunicorn on loopback")
    lost = print_table(run, stored)
    accepted = [comment for phase in PHASES for comment in run.accepted[phase]]
    twice = sum(1 for comment in accepted if stored[comment] > 1)
    no_answer = sum(run.counts[phase]["no answer"] for phase in PHASES)
    print(f"\naccepted: {len(accepted)}, stored: {sum(stored[c] > 0 for c in accepted)}, "
          f"lost: {lost}, stored more than once: {twice}")  # fmt: skip
    for phase in PHASES:
        if run.answers[phase]:
            answers = ", ".join(f"{a} ×{n}" for a, n in run.answers[phase].most_common())
            print(f"{phase}, answers other than 200/303: {answers}")
    if lost or run.server_errors or no_answer:
        sys.exit("FAILED: messages lost, server errors other than 503, or requests unanswered")


if __name__ == "__main__":
    main()

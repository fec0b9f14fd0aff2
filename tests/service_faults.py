"""A PostgreSQL cluster and a Redis server of a run's own, stopped and started again for real.

Used by tests/test_outages.py and `make faults` (tests/bench/bench_faults.py): the
production-like server runs on these two, so stopping them is a real outage and touches
nothing else on the machine (not the shared PostgreSQL on 5432 or Redis on 6379). Also here: a
reader that talks to that server over HTTP as a browser would, and the feedback the database
holds, read with psycopg.

PostgreSQL is Debian's (``PG_BIN``, version 15 unless told) and runs as the ``postgres`` user,
since it refuses to run as root; its files live in a temporary folder that user owns.
"""

import html
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import Message
from http.cookiejar import CookieJar
from pathlib import Path

import psycopg
import redis

from tests.production_server import free_port, manage, production_env

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
POSTGRES_USER = "postgres"
DATABASE = "healthinfo"
RUNUSER = shutil.which("runuser", path="/usr/sbin:/usr/bin:/sbin:/bin") or "runuser"

_TOKEN_RE = re.compile(r'name="token" value="([^"]+)"')
_CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class ServiceError(RuntimeError):
    """A service of the run's own did not start or stop; the message has its log's end."""


def _tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


class OwnPostgres:
    """A PostgreSQL cluster in ``folder``: loopback only, on a free port, trust auth.

    ``fsync`` is off, which loses nothing when only the server stops (even ``immediate``, a
    crash): the operating system still holds what was written. Commits stay synchronous, so a
    transaction that returned is in the database after a restart.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.data = folder / "data"
        self.log = folder / "postgres.log"
        self.port = free_port()
        folder.mkdir(mode=0o700)
        shutil.chown(folder, POSTGRES_USER, POSTGRES_USER)
        self._pg(
            "initdb", "--pgdata", str(self.data), "--username", POSTGRES_USER, "--auth=trust",
            "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions",
        )  # fmt: skip

    def url(self, database: str = DATABASE) -> str:
        return f"postgres://{POSTGRES_USER}@127.0.0.1:{self.port}/{database}"

    def _pg(self, program: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [RUNUSER, "-u", POSTGRES_USER, "--", str(PG_BIN / program), *args],
            cwd=self.folder, env={"PATH": "/usr/bin:/bin", "LANG": "C"},
            capture_output=True, text=True,
        )  # fmt: skip
        if check and result.returncode != 0:
            raise ServiceError(
                f"{program} {' '.join(args)} failed ({result.returncode}):\n"
                f"{result.stderr}{_tail(self.log)}"
            )
        return result

    def start(self) -> None:
        """Start the cluster; returns once it accepts connections."""
        options = f"-p {self.port} -h 127.0.0.1 -k {self.folder} -c fsync=off"
        self._pg("pg_ctl", "start", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
                 "-o", options)  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        """Stop the cluster: ``fast`` ends every session at once, ``immediate`` is a crash."""
        self._pg("pg_ctl", "stop", "-D", str(self.data), "-m", mode, "-w", "-t", "60")

    def restart(self, mode: str = "fast") -> None:
        self.stop(mode)
        self.start()

    @property
    def running(self) -> bool:
        return self._pg("pg_ctl", "status", "-D", str(self.data), check=False).returncode == 0

    def create_database(self, name: str = DATABASE) -> None:
        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')

    def feedback(self) -> list[tuple[str, str]]:
        """Every stored feedback message as (comment, name)."""
        with psycopg.connect(self.url(), connect_timeout=10) as connection:
            return connection.execute("SELECT comment, name FROM articles_feedback").fetchall()


class OwnRedis:
    """A Redis server on a free loopback port that keeps nothing on disk."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.log = folder / "redis.log"
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        folder.mkdir()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Start the server; returns once it answers PING."""
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [shutil.which("redis-server") or "/usr/bin/redis-server",
                 "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                 "--appendonly", "no", "--daemonize", "no", "--dir", str(self.folder)],
                stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        for _ in range(100):
            if self.process.poll() is not None:
                raise ServiceError(f"redis-server stopped at once:\n{_tail(self.log)}")
            try:
                client.ping()
                return
            except redis.ConnectionError:
                threading.Event().wait(0.05)
            finally:
                client.close()
        raise ServiceError(f"redis-server did not answer:\n{_tail(self.log)}")

    def stop(self, crash: bool = False) -> None:
        """Stop the server: SIGTERM, or SIGKILL for a crash."""
        if self.process is None:
            return
        self.process.send_signal(signal.SIGKILL if crash else signal.SIGTERM)
        self.process.wait(timeout=20)
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


@contextmanager
def own_services() -> Iterator[tuple[OwnPostgres, OwnRedis]]:
    """A running PostgreSQL (with an empty ``healthinfo`` database) and Redis; removed after."""
    folder = Path(tempfile.mkdtemp(prefix="healthinfo-faults-"))
    folder.chmod(0o711)  # the postgres user reaches its own folder inside
    postgres = redis_server = None
    try:
        postgres = OwnPostgres(folder / "postgres")
        postgres.start()
        postgres.create_database()
        redis_server = OwnRedis(folder / "redis")
        redis_server.start()
        yield postgres, redis_server
    finally:
        if redis_server is not None:
            redis_server.stop(crash=True)
        if postgres is not None and postgres.running:
            postgres.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def postgres_down(postgres: OwnPostgres, mode: str = "fast") -> Iterator[None]:
    """PostgreSQL stopped for the block, running again after it, even if the block failed."""
    postgres.stop(mode)
    try:
        yield
    finally:
        postgres.start()


@contextmanager
def redis_down(redis_server: OwnRedis, crash: bool = False) -> Iterator[None]:
    """Redis stopped for the block, running again (and empty) after it."""
    redis_server.stop(crash)
    try:
        yield
    finally:
        redis_server.start()


def server_env(postgres: OwnPostgres, redis_server: OwnRedis, media_root: Path, **extra: str):
    """Production settings on the run's own services, for many feedback posts from one address
    (``GUNICORN_THREADS`` passed on when set).

    Prepares the database too (migrate, import_content) and collects the static files.
    """
    passed_on = {name: os.environ[name] for name in ("GUNICORN_THREADS",) if name in os.environ}
    env = production_env(
        postgres.url(),
        REDIS_URL=redis_server.url,
        DJANGO_MEDIA_ROOT=str(media_root),
        FEEDBACK_RATE_LIMIT="100000",
        FEEDBACK_MIN_FILL_SECONDS="0",
        **passed_on,
        **extra,
    )
    for command in (["collectstatic", "--no-input"], ["migrate", "--no-input"], ["import_content"]):
        manage(*command, "-v0", env=env)
    return env


@dataclass
class Answer:
    status: int
    headers: Message
    body: str


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Reader:
    """One reader's requests to the server at ``base``; redirects are answers, not followed.

    Without ``cookies`` nothing is kept between requests, as for a reader who never logged in
    (a session cookie would keep pages out of the page cache). Every status is appended to
    ``statuses`` (shared between readers, if given) with the path.
    """

    def __init__(self, base: str, cookies: bool = False, statuses: list | None = None):
        self.base = base
        handlers = [_NoRedirect()]
        if cookies:
            handlers.append(urllib.request.HTTPCookieProcessor(CookieJar()))
        self._opener = urllib.request.build_opener(*handlers)
        self.statuses = statuses if statuses is not None else []

    def request(self, path: str, data: dict | None = None, headers: dict | None = None) -> Answer:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        try:
            with self._opener.open(request, timeout=60) as response:
                answer = Answer(response.status, response.headers, response.read().decode())
        except urllib.error.HTTPError as error:
            answer = Answer(error.code, error.headers, error.read().decode(errors="replace"))
        self.statuses.append((path, answer.status))
        return answer

    def get(self, path: str) -> Answer:
        return self.request(path)

    def feedback_token(self, form_path: str) -> str | None:
        """A fresh token from the feedback form page; None unless the page answered 200."""
        answer = self.get(form_path)
        return form_token(answer.body) if answer.status == 200 else None

    def send_feedback(
        self, form_path: str, comment: str, name: str = "", token: str | None = None
    ) -> Answer:
        """Send the feedback form as a browser on this site would, with a fresh token unless
        one is given; the form page's answer if no token could be had."""
        if token is None:
            form_page = self.get(form_path)
            token = form_token(form_page.body) if form_page.status == 200 else None
            if token is None:
                return form_page
        fields = {
            "rating": "4", "comment": comment, "name": name, "email": "", "consent": "yes",
            "website": "", "token": token,
        }  # fmt: skip
        return self.request(form_path, fields, headers={"Sec-Fetch-Site": "same-origin"})


def form_token(page: str) -> str | None:
    """The feedback form's token in ``page`` (a form page, or a form sent back)."""
    found = _TOKEN_RE.search(page)
    return html.unescape(found.group(1)) if found else None


def keeps_what_was_typed(page: str, *texts: str) -> bool:
    """Whether the form sent back in ``page`` holds each of ``texts`` (HTML-escaped there)."""
    return all(html.escape(text) in page for text in texts)


def log_in_to_admin(editor: Reader, username: str, password: str) -> Answer:
    """Log in through the admin's form (``editor`` keeps cookies): the POST's answer, or the
    login page's if it did not answer 200 with a CSRF token."""
    login_page = editor.get("/admin/login/")
    found = _CSRF_RE.search(login_page.body)
    if login_page.status != 200 or not found:
        return login_page
    fields = {
        "csrfmiddlewaretoken": html.unescape(found.group(1)),
        "username": username,
        "password": password,
        "next": "/admin/",
    }
    return editor.request("/admin/login/?next=/admin/", fields)

"""The production-like server (gunicorn, DEBUG off, whitenoise) started from tests and benchmarks.

Used by the load test, the scale-out test, the gunicorn tests and `make bench`: each starts its
own gunicorn on a free loopback port against the database it names (and, where it edits the
glossary, the background worker).
"""

import contextlib
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psycopg

PROJECT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(database_url: str, **extra: str) -> dict[str, str]:
    """Production settings on plain HTTP over loopback, with a fresh secret key.

    A local trial, as `make serve`: the imported articles are published at once, approved by
    the development reviewer (DJANGO_DEVELOPMENT_DATA), so there are pages to read.
    """
    return {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "healthinfo.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_DEVELOPMENT_DATA": "1",
        "DJANGO_HTTPS": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": database_url,
        "GUNICORN_ACCESS_LOG": "/dev/null",
        **extra,
    }


def manage(*args: str, env: dict[str, str]) -> str:
    """Run a management command with ``env``; its standard output."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT, env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip


def start_server(
    env: dict[str, str], port: int, workers: int | None = None, error_log: Path | None = None
) -> subprocess.Popen:
    """gunicorn with ``env`` on ``port``; returns once it answers.

    Without ``workers``, gunicorn.conf.py chooses, as in production. With ``error_log``,
    gunicorn's standard error (its error log) goes to that file instead of the test's output.
    """
    command = [sys.executable, "-m", "gunicorn", "--config", "healthinfo/gunicorn.conf.py"]
    if workers:
        command += ["--workers", str(workers)]
    # The server keeps its own copy of the log file's descriptor; this one can close.
    with open(error_log, "ab") if error_log else contextlib.nullcontext() as stderr:
        server = subprocess.Popen(
            [*command, "healthinfo.wsgi"],
            cwd=PROJECT, env={**env, "PORT": str(port)}, stderr=stderr,
        )  # fmt: skip
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=1)
            return server
        except urllib.error.HTTPError:
            return server  # it answers, even if with an error status
        except OSError:
            if server.poll() is not None:
                status = server.returncode
                raise RuntimeError(f"gunicorn stopped with exit status {status}") from None
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=20)


@contextlib.contextmanager
def running_server(
    env: dict[str, str], workers: int | None = None, error_log: Path | None = None
) -> Iterator[str]:
    """gunicorn with ``env`` on a free loopback port (``start_server``) while the block runs;
    yields its address."""
    port = free_port()
    server = start_server(env, port, workers=workers, error_log=error_log)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_server(server)


def new_postgresql_database(url: str) -> None:
    """Drop the database ``url`` names, if it exists, and create it empty, from the server's
    ``postgres`` database: a benchmark's own database, filled afresh each run."""
    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    server = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def start_worker(env: dict[str, str]) -> subprocess.Popen:
    """The background worker (``manage.py db_worker``) with ``env``, as production runs it
    beside the app servers; it looks for new tasks five times a second. Stop it with
    ``stop_server``: it finishes the task at hand first."""
    command = ["db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2", "-v0"]
    return subprocess.Popen([sys.executable, "manage.py", *command], cwd=PROJECT, env=env)


@contextlib.contextmanager
def sqlite_server(
    directory: Path, workers: int | None = None, error_log: Path | None = None, **extra: str
) -> Iterator[str]:
    """gunicorn on a new, migrated SQLite database in ``directory``; yields its address.

    For tests of the server itself, which need no content and no PostgreSQL.
    """
    env = production_env(
        f"sqlite:///{directory / 'db.sqlite3'}", DJANGO_MEDIA_ROOT=str(directory / "media"), **extra
    )
    # The pages' templates name hashed static files, which exist only once collected.
    manage("collectstatic", "--no-input", "-v0", env=env)
    manage("migrate", "--no-input", "-v0", env=env)
    with running_server(env, workers=workers, error_log=error_log) as address:
        yield address

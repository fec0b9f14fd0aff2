"""Two app servers, one PostgreSQL, one Redis: readers get the same pages from either, and an
editor's change through one server is what readers get from the other at once (the articles a
glossary change touches as soon as the background worker beside them has rendered them).

This test always runs on this machine's PostgreSQL and Redis (whichever database the rest of
the suite uses), in a database and under a cache key prefix of its own, removed afterwards.
"""

import secrets
import time
import urllib.error
import urllib.request

import psycopg
import pytest
import redis
from playwright.sync_api import expect

from tests.production_server import (
    free_port,
    manage,
    production_env,
    start_server,
    start_worker,
    stop_server,
)

pytestmark = pytest.mark.browser

POSTGRES = "postgres://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/0"
# Readers reach both servers through one address, as behind a load balancer.
PUBLIC_HOST = "healthinfo.test"
ARTICLE = "/en/articles/when-breast-cancer-reaches-the-bones/"
PASSWORD = "a-long-test-password"


@pytest.fixture(scope="module")
def postgres_database():
    name = f"healthinfo_scale_out_{secrets.token_hex(4)}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield f"{POSTGRES}/{name}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def redis_cache():
    prefix = f"healthinfo-scale-out-{secrets.token_hex(4)}"
    client = redis.Redis.from_url(REDIS)
    yield client, prefix
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


@pytest.fixture(scope="module")
def shared_env(postgres_database, redis_cache, tmp_path_factory):
    """The environment both servers run with, its database migrated and the content in."""
    env = production_env(
        postgres_database,
        REDIS_URL=REDIS,
        CACHE_KEY_PREFIX=redis_cache[1],
        DJANGO_ALLOWED_HOSTS=f"127.0.0.1,{PUBLIC_HOST}",
        # Shared storage for images, as production needs with several servers.
        DJANGO_MEDIA_ROOT=str(tmp_path_factory.mktemp("shared-media")),
        DJANGO_SUPERUSER_USERNAME="erika",
        DJANGO_SUPERUSER_EMAIL="erika@example.org",
        DJANGO_SUPERUSER_PASSWORD=PASSWORD,
    )
    manage("collectstatic", "--no-input", "-v0", env=env)
    manage("migrate", "--no-input", "-v0", env=env)
    manage("import_content", "-v0", env=env)
    manage("createsuperuser", "--no-input", env=env)
    return env


@pytest.fixture(scope="module")
def two_servers(shared_env):
    """Two gunicorn instances with the same settings, as two machines behind one address, and
    the background worker beside them."""
    env = shared_env
    servers = []
    worker = start_worker(env)
    try:
        for _ in range(2):
            port = free_port()
            servers.append((start_server(env, port, workers=1), f"http://127.0.0.1:{port}"))
        yield [base for _, base in servers]
    finally:
        for server, _ in servers:
            stop_server(server)
        stop_server(worker)


def read(base: str, path: str, etag: str = "") -> tuple[int, str, str]:
    """A reader's request through the public address: status, ETag, page."""
    headers = {"Host": PUBLIC_HOST}
    if etag:
        headers["If-None-Match"] = etag
    try:
        with urllib.request.urlopen(urllib.request.Request(base + path, headers=headers)) as r:
            return r.status, r.headers["ETag"], r.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["ETag"], ""


def page_keys(redis_cache) -> set[bytes]:
    client, prefix = redis_cache
    return set(client.scan_iter(f"{prefix}:*:page:*"))


@pytest.fixture
def editor_on_first(two_servers, page):
    """Erika logged in to the admin of the first server."""
    page.goto(two_servers[0] + "/admin/login/")
    page.fill("#id_username", "erika")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text("erika")
    return page


def test_both_servers_serve_the_same_page_from_one_shared_cache(two_servers, redis_cache):
    first, second = two_servers
    status, etag, html = read(first, ARTICLE)
    assert status == 200
    stored = page_keys(redis_cache)
    assert stored, "the page was not stored in Redis"

    status, etag_second, html_second = read(second, ARTICLE)
    assert (status, etag_second, html_second) == (200, etag, html)
    assert page_keys(redis_cache) == stored  # the second server took the first one's page
    assert read(second, ARTICLE, etag)[0] == 304


# A medical reviewer, in the servers' database, approves the version waiting for review.
APPROVE = """
from django.contrib.auth.models import Group, User
from articles.editorial import workflow
from articles.models import Article, ReviewerProfile
anna = User.objects.create_user("anna", password="not-used-here", is_staff=True)
anna.groups.add(Group.objects.get(name="Medical reviewers"))
ReviewerProfile.objects.create(user=anna, name="Dr. Anna Beispiel", qualification="Gynäkologin")
row = workflow.editable_version(Article.objects.get(key="bone-metastases"))
workflow.approve(row, anna, ["de", "en"])
"""


def test_an_article_published_through_one_server_is_new_on_the_other_at_once(
    two_servers, shared_env, editor_on_first
):
    first, second = two_servers
    _, old_etag, html = read(second, ARTICLE)
    assert "Bone metastases in plain words" not in html

    page = editor_on_first
    page.goto(first + "/admin/articles/article/?q=bone-metastases")
    page.get_by_role("link", name="When breast cancer reaches the bones").first.click()
    page.get_by_role("link", name="English", exact=True).click()  # the language to edit
    page.locator("#id_title_en").fill("Bone metastases in plain words")
    page.get_by_role("button", name="Save", exact=True).click()
    page.locator("button[value=submit]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    assert "Bone metastases in plain words" not in read(second, ARTICLE)[2]  # still pending
    manage("shell", "-c", APPROVE, env=shared_env)
    page.reload()
    page.locator("button[value=publish]").click()
    expect(page.locator(".messagelist")).to_be_visible()

    status, new_etag, html = read(second, ARTICLE)
    assert status == 200
    assert "<h1>Bone metastases in plain words</h1>" in html
    assert new_etag != old_etag
    # A reader's cache holding the old page is told it changed, not that it is still good.
    assert read(second, ARTICLE, old_etag)[0] == 200


def test_a_glossary_definition_edited_through_one_server_reaches_the_others_pages(
    two_servers, editor_on_first
):
    first, second = two_servers
    # A term the article marks (the subject words, such as metastasis, are explained in the
    # glossary only).
    new_definition = "The talk with a doctor about symptoms and past illnesses (edited)."
    for path in (ARTICLE, "/en/glossary/m/"):
        assert new_definition not in read(second, path)[2]

    page = editor_on_first
    page.goto(first + "/admin/articles/glossaryterm/?q=medical+history")
    page.get_by_role("link", name="medical history", exact=True).first.click()
    page.get_by_role("link", name="English", exact=True).click()  # the language to edit
    page.locator("#id_definition_en").fill(new_definition)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("changed successfully")

    assert new_definition in read(second, "/en/glossary/m/")[2]
    # The article is rendered again by the worker, in the background: soon, not at once.
    for _ in range(150):
        if new_definition in read(second, ARTICLE)[2]:
            break
        time.sleep(0.2)
    assert new_definition in read(second, ARTICLE)[2]


def test_an_editor_logged_in_through_one_server_stays_logged_in_on_the_other(
    two_servers, editor_on_first
):
    page = editor_on_first
    page.goto(two_servers[1] + "/admin/")  # the session cookie is the same for both ports
    expect(page.locator("#user-tools")).to_contain_text("erika")

"""A database or Redis outage costs speed, never correctness or a reader's text.

The production-like server (gunicorn, DEBUG off) runs on a PostgreSQL cluster and a Redis
server of this module's own (tests/service_faults.py), which the tests stop for real and start
again. Each test leaves both running. Every page named here is requested in one test only,
so "never served before" means what it says. The tests run in file order; the last one looks
at every answer the module got.
"""

import secrets

import pytest

from tests.conftest import SECURITY_HEADERS
from tests.production_server import manage, running_server
from tests.service_faults import (
    Reader,
    keeps_what_was_typed,
    log_in_to_admin,
    own_services,
    postgres_down,
    redis_down,
    server_env,
)

FORM_DE = "/de/artikel/wenn-brustkrebs-die-knochen-erreicht/kommentar/"
FORM_EN = "/en/articles/when-breast-cancer-reaches-the-bones/feedback/"
PASSWORD = "a-long-test-password"
# What a readiness answer must not tell the public about the cause.
CAUSES = ("postgres", "psycopg", "database", "datenbank", "redis", "connection", "refused")


@pytest.fixture(scope="module")
def services():
    with own_services() as (postgres, redis_server):
        yield postgres, redis_server


@pytest.fixture(scope="module")
def postgres(services):
    return services[0]


@pytest.fixture(scope="module")
def redis_server(services):
    return services[1]


@pytest.fixture(scope="module")
def server(services, tmp_path_factory):
    postgres, redis_server = services
    env = server_env(
        postgres,
        redis_server,
        tmp_path_factory.mktemp("outage-media"),
        DJANGO_SUPERUSER_USERNAME="erika",
        DJANGO_SUPERUSER_EMAIL="erika@example.org",
        DJANGO_SUPERUSER_PASSWORD=PASSWORD,
    )
    manage("createsuperuser", "--no-input", env=env)
    with running_server(env, workers=2) as address:
        yield address


@pytest.fixture(scope="module")
def statuses():
    """(path, status) of every request any test in this module made."""
    return []


@pytest.fixture(scope="module")
def accepted():
    """Every feedback comment the server answered with 303."""
    return []


@pytest.fixture
def reader(server, statuses):
    return Reader(server, statuses=statuses)


def comment(text: str) -> str:
    return f"{text} ({secrets.token_hex(3)})"


def send(reader, accepted, form_path, text, name="", token=None):
    answer = reader.send_feedback(form_path, text, name=name, token=token)
    if answer.status == 303:
        accepted.append(text)
    return answer


def stored(postgres) -> list[str]:
    return [text for text, _ in postgres.feedback()]


def assert_readiness_fails_without_naming_the_cause(reader):
    answer = reader.get("/readyz")
    assert answer.status == 503
    assert not [cause for cause in CAUSES if cause in answer.body.lower()], answer.body
    assert reader.get("/healthz").status == 200


def test_pages_and_feedback_work_before_any_outage(reader, accepted, postgres):
    assert reader.get("/de/artikel/wenn-brustkrebs-die-knochen-erreicht/").status == 200
    text = comment("Vor jedem Ausfall: die Seite hat geholfen.")
    answer = send(reader, accepted, FORM_DE, text)
    assert answer.status == 303, answer.body[:500]
    assert text in stored(postgres)


def test_health_checks_pass_while_both_services_are_up(reader):
    assert reader.get("/healthz").status == 200
    assert reader.get("/readyz").status == 200


def test_a_page_served_before_the_database_went_down_is_served_the_same_during_the_outage(
    reader, postgres
):
    paths = (
        "/en/articles/when-breast-cancer-reaches-the-bones/",
        "/de/themen/metastasierter-brustkrebs/",
    )
    # One after the other: two workers rendering one page at the same moment would each keep
    # their own copy (the form's token differs), and either may answer.
    before = {path: reader.get(path) for path in paths}
    for path in paths:
        for _ in range(4):
            again = reader.get(path)
            assert (again.status, again.body) == (200, before[path].body), path
    with postgres_down(postgres):
        for path in paths:
            for _ in range(3):
                during = reader.get(path)
                assert during.status == 200, path
                assert during.body == before[path].body, path


def test_a_page_never_served_gets_a_503_with_the_usual_headers_while_the_database_is_down(
    reader, postgres
):
    normal = reader.get("/en/")
    assert normal.status == 200
    pages = {
        "/de/artikel/lokale-behandlung-von-metastasen/": "Datenbank kurz nicht erreichbar",
        "/en/articles/metastatic-breast-cancer/": "database is briefly unavailable",
        "/en/topics/treatment/": "database is briefly unavailable",
    }
    with postgres_down(postgres):
        for path, message in pages.items():
            answer = reader.get(path)
            assert answer.status == 503, path
            assert message in answer.body, path
            assert answer.headers["Retry-After"], path
            assert "no-store" in answer.headers["Cache-Control"], path
            assert answer.headers["X-Frame-Options"] == "DENY", path
            assert answer.headers["X-Content-Type-Options"] == "nosniff", path
            for header in SECURITY_HEADERS:
                assert answer.headers[header] == normal.headers[header], (path, header)


def test_feedback_sent_while_the_database_is_down_gets_a_503_with_everything_typed(
    reader, accepted, postgres
):
    # The form was loaded before the outage; the reader sends it during it.
    tokens = {form: reader.feedback_token(form) for form in (FORM_DE, FORM_EN)}
    german = comment("Während des Ausfalls geschrieben: bitte nicht verlieren!")
    english = comment("Typed during the outage & not to be lost.")
    with postgres_down(postgres):
        for form, text, name in (
            (FORM_DE, german, "Anna Müller"),
            (FORM_EN, english, "Jo O'Neill"),
        ):
            answer = send(reader, accepted, form, text, name=name, token=tokens[form])
            assert answer.status == 503, (form, answer.body[:500])
            assert keeps_what_was_typed(answer.body, text, name), form
            assert answer.headers["Retry-After"], form
    assert not {german, english} & set(stored(postgres))


def test_readiness_fails_without_naming_the_cause_while_the_database_is_down(reader, postgres):
    with postgres_down(postgres):
        assert_readiness_fails_without_naming_the_cause(reader)
        assert str(postgres.port) not in reader.get("/readyz").body


def test_feedback_is_stored_again_once_the_database_is_back_and_none_accepted_is_missing(
    reader, accepted, postgres
):
    with postgres_down(postgres, mode="immediate"):
        assert reader.get("/de/impressum/").status in (200, 503)
    text = comment("Nach dem Neustart der Datenbank.")
    answer = send(reader, accepted, FORM_DE, text)
    assert answer.status == 303, answer.body[:500]
    assert text in stored(postgres)
    assert reader.get("/readyz").status == 200
    missing = set(accepted) - set(stored(postgres))
    assert not missing, f"answered 303 but not stored: {missing}"


# The Redis outages come last: once Redis is back, each worker leaves it alone for a few seconds
# more (healthinfo.shared_cache) and keeps pages in its own memory meanwhile, so the two workers
# could answer one page with different copies (the form's token differs) in a test just after.


def test_readers_get_pages_and_feedback_is_stored_while_redis_is_down(
    reader, accepted, postgres, redis_server
):
    never_served = (
        "/de/artikel/metastasierter-brustkrebs/",
        "/en/articles/local-treatment-of-metastases/",
        "/de/themen/behandlung/",
        "/en/topics/metastatic-breast-cancer/",
        "/de/glossar/",
        "/en/glossary/",
    )
    with redis_down(redis_server):
        for path in never_served:
            assert reader.get(path).status == 200, path
        german = comment("Ohne Redis: trotzdem angekommen.")
        english = comment("Without Redis: still arrived.")
        assert send(reader, accepted, FORM_DE, german).status == 303
        assert send(reader, accepted, FORM_EN, english).status == 303
        assert {german, english} <= set(stored(postgres))


def test_an_editor_can_log_in_to_the_admin_while_redis_is_down(server, statuses, redis_server):
    editor = Reader(server, cookies=True, statuses=statuses)
    with redis_down(redis_server):
        login = log_in_to_admin(editor, "erika", PASSWORD)
        assert login.status == 302, login.body[:500]
        assert login.headers["Location"] == "/admin/"
        admin = editor.get("/admin/")
        assert admin.status == 200
        assert "erika" in admin.body


def test_readiness_fails_and_liveness_holds_while_redis_is_down(reader, redis_server):
    with redis_down(redis_server):
        assert_readiness_fails_without_naming_the_cause(reader)


def test_pages_feedback_and_readiness_work_again_once_redis_is_back(
    reader, accepted, postgres, redis_server
):
    with redis_down(redis_server):
        assert reader.get("/de/ueber-uns/").status == 200
    assert reader.get("/en/about/").status == 200
    assert reader.get("/de/so-arbeiten-wir/").status == 200
    text = comment("Redis ist zurück.")
    assert send(reader, accepted, FORM_DE, text).status == 303
    assert text in stored(postgres)
    assert reader.get("/readyz").status == 200


def test_no_request_in_any_outage_got_a_server_error_other_than_503(statuses):
    assert statuses, "no request was made"
    errors = [(path, status) for path, status in statuses if status >= 500 and status != 503]
    assert not errors

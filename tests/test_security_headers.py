"""Every response carries the strict policy and the other security headers, admin included."""

import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

PAGES = ["/de/", "/en/", "/de/glossar/", "/en/articles/understanding-bone-metastases/"]


def policy(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.fixture
def staff_client(client, db):
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "x" * 16)
    client.force_login(user)
    return client


@pytest.mark.parametrize("path", PAGES)
def test_public_pages_send_a_strict_content_security_policy(client, imported_content, path):
    directives = policy(client.get(path))
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    for values in directives.values():
        assert "'unsafe-inline'" not in values
        assert "'unsafe-eval'" not in values


@pytest.mark.parametrize(
    "path", ["/admin/", "/admin/articles/article/", "/admin/articles/article/add/"]
)
def test_the_admin_sends_the_same_policy(staff_client, path):
    response = staff_client.get(path)
    assert response.status_code == 200
    assert policy(response)["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/de/", "/admin/login/", "/de/gibt-es-nicht/"])
def test_the_other_security_headers_are_sent(client, db, path):
    response = client.get(path)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions


def test_media_files_are_sandboxed_so_an_svg_cannot_run_script(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "x.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )
    response = client.get("/media/articles/x.svg")
    assert response.status_code == 200
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert client.get("/media/../healthinfo/settings.py").status_code in (400, 404)


def production_settings(**env) -> str:
    code = (
        "import django, json; from django.conf import settings; django.setup(); "
        "print(json.dumps({k: getattr(settings, k) for k in ("
        "'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'SESSION_COOKIE_SECURE', "
        "'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SESSION_COOKIE_NAME', 'ADMIN_URL')}))"
    )
    environment = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "healthinfo.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "s" * 60,
        **env,
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=environment,
        cwd=settings.BASE_DIR,
        check=True,
    )
    return result.stdout


def test_production_uses_hsts_and_secure_cookies():
    values = production_settings()
    assert '"SECURE_SSL_REDIRECT": true' in values
    assert '"SECURE_HSTS_SECONDS": 31536000' in values
    assert '"SESSION_COOKIE_SECURE": true' in values
    assert '"CSRF_COOKIE_SECURE": true' in values
    assert '"SESSION_COOKIE_NAME": "__Host-sessionid"' in values


def test_the_admin_address_is_configurable():
    assert '"ADMIN_URL": "redaktion-7f3/"' in production_settings(
        DJANGO_ADMIN_URL="/redaktion-7f3/"
    )


def test_the_deployment_check_passes_with_the_documented_environment():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "a-long-random-production-secret-" + "k" * 40,
            "DJANGO_ALLOWED_HOSTS": "healthinfo.example.org",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr

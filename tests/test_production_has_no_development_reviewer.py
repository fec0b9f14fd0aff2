"""A deployment set up as the README's production steps say never makes or shows the development
reviewer, and publishes nothing nobody checked.

Local trials (`make run`, `make serve`) turn DEVELOPMENT_DATA on so that the imported articles
show at once, approved by that account; production leaves it off.
"""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.editorial import workflow
from articles.editorial.development import development_reviewer
from articles.models import Article, ReviewerProfile, ReviewRecord
from tests.production_example import readme_production_env
from tests.test_production_example import run_with

SHOW_DEVELOPMENT_DATA = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({"debug": settings.DEBUG, "development_data": settings.DEVELOPMENT_DATA}))
"""


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.DEVELOPMENT_DATA = False


def test_the_readme_production_example_leaves_development_data_off():
    example = readme_production_env()
    assert "DJANGO_DEVELOPMENT_DATA" not in example

    started = run_with(example, "-c", SHOW_DEVELOPMENT_DATA)

    assert started.returncode == 0, started.stderr
    assert json.loads(started.stdout) == {"debug": False, "development_data": False}


def test_only_make_serve_turns_development_data_on_for_its_local_trial():
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text()
    recipe = makefile.split("\nserve:", 1)[1].split("\n\n", 1)[0]
    lines = {line.split("manage.py ")[-1].split()[0]: line for line in recipe.splitlines()[1:]}

    assert "TRIAL_ENV = $(PROD_ENV) DJANGO_DEVELOPMENT_DATA=" in makefile
    assert lines["import_content"].lstrip().startswith("$(TRIAL_ENV)")
    # gunicorn and the background worker beside it, both with the trial's environment.
    assert (
        recipe.splitlines()[-1]
        .lstrip()
        .startswith("$(call with_worker,$(TRIAL_ENV),$(BIN)/gunicorn")
    )
    assert "with_worker = $(1) $(BIN)/python manage.py db_worker" in makefile
    assert "DJANGO_DEVELOPMENT_DATA" not in makefile.split("\nPROD_ENV =", 1)[1].split("\n#")[0]


def test_importing_the_content_in_production_makes_no_reviewer_and_publishes_nothing(
    db, production, content_dir
):
    call_command("import_content", str(content_dir), stdout=io.StringIO())

    assert not get_user_model().objects.filter(username="reviewer").exists()
    assert not ReviewerProfile.objects.filter(is_development_account=True).exists()
    assert Article.objects.count() >= 3
    assert not Article.objects.published().exists()
    assert not ReviewRecord.objects.exclude(action="submitted").exists()
    for article in Article.objects.all():
        assert workflow.review_state(article) == "submitted", article.key


def test_the_pages_of_production_say_nothing_of_development_data(client, production, article):
    response = client.get(article.get_absolute_url("de"))

    assert response.status_code == 200
    assert response.context["development_data"] is False


def test_create_dev_accounts_refuses_in_production(db, production):
    with pytest.raises(CommandError, match="DJANGO_DEVELOPMENT_DATA is off"):
        call_command("create_dev_accounts", stdout=io.StringIO())

    assert not get_user_model().objects.exists()


def test_the_development_reviewer_is_refused_in_production(db, production):
    with pytest.raises(ImproperlyConfigured, match="DJANGO_DEVELOPMENT_DATA is off"):
        development_reviewer()

    assert not get_user_model().objects.filter(username="reviewer").exists()

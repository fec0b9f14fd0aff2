"""Every imported article has a revision from its import on, so its first admin edit can be
undone; one stored without any gets a first revision of what it holds from the next import."""

from reversion.models import Version

from articles.models import Article
from tests.admin_forms import errors, form_data, submit
from tests.content.test_import_content import (  # noqa: F401  (content: a fixture)
    ARTICLE_TOML,
    content,
    run_import,
    write_article,
)

DRAFT_TOML = ARTICLE_TOML.replace('status = "published"', 'status = "draft"')


def test_the_first_admin_edit_of_an_imported_draft_can_be_undone(db, content, editing):  # noqa: F811
    write_article(content, toml=DRAFT_TOML)
    run_import(content)
    article = Article.objects.get(key="bone-metastases")
    submit(editing, f"/admin/articles/article/{article.pk}/change/", {"title_en": "Edited"})
    imported = Version.objects.get_for_object(article).order_by("pk").first()
    url = f"/admin/articles/article/{article.pk}/history/{imported.pk}/"

    response = editing.post(url, form_data(editing.get(url)))

    assert response.status_code == 302, errors(response)
    article.refresh_from_db()
    assert article.title_en == "Understanding bone metastases"


def test_an_article_stored_without_revisions_gets_a_first_one_from_the_next_import(
    db,
    content,  # noqa: F811
):
    write_article(content)
    run_import(content)
    article = Article.objects.get(key="bone-metastases")
    Version.objects.get_for_object(article).delete()

    out, _err = run_import(content)

    assert "unchanged: article bone-metastases" in out
    [first] = Version.objects.get_for_object(article)
    assert first.field_dict["title_de"] == "Knochenmetastasen verstehen"
    assert {v._model.__name__ for v in first.revision.version_set.all()} >= {"Article", "Source"}

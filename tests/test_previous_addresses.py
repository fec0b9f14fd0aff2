"""An address that once worked keeps working: renamed pages redirect, removed ones say so."""

import pytest
from django.core.exceptions import ValidationError

from articles.models import Article, PreviousAddress

OLD_DE = "/de/artikel/knochenmetastasen-verstehen/"
OLD_EN = "/en/articles/understanding-bone-metastases/"


def rename(article, **slugs):
    for field, value in slugs.items():
        setattr(article, field, value)
    article.full_clean()
    article.save()


def test_a_renamed_article_redirects_permanently_from_its_old_address(client, article):
    rename(article, slug_de="knochenmetastasen")

    response = client.get(OLD_DE)

    assert response.status_code == 301
    assert response["Location"] == "/de/artikel/knochenmetastasen/"
    assert client.get(OLD_EN).status_code == 200  # the other language kept its address


def test_pages_below_an_old_address_redirect_to_the_same_page_below_the_new_one(client, article):
    rename(article, slug_de="knochenmetastasen")

    response = client.get(OLD_DE + "kommentar/")

    assert response["Location"] == "/de/artikel/knochenmetastasen/kommentar/"


def test_a_chain_of_renamings_collapses_to_one_redirect(client, article):
    rename(article, slug_de="zweiter-name")
    rename(article, slug_de="dritter-name")

    for old in (OLD_DE, "/de/artikel/zweiter-name/"):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, "/de/artikel/dritter-name/")


def test_taking_an_old_address_back_makes_it_the_page_again_not_a_loop(client, article):
    rename(article, slug_de="zwischendurch")
    rename(article, slug_de="knochenmetastasen-verstehen")

    assert client.get(OLD_DE).status_code == 200
    assert client.get("/de/artikel/zwischendurch/")["Location"] == OLD_DE


def test_an_address_that_leads_to_another_article_cannot_be_taken(article, make_article):
    rename(article, slug_de="knochenmetastasen")
    other = make_article(key="other", slug_de="anderer", slug_en="other")

    other.slug_de = "knochenmetastasen-verstehen"
    with pytest.raises(ValidationError) as refused:
        other.full_clean()
    assert "slug_de" in refused.value.message_dict


def test_a_renamed_topic_redirects_too(client, article, topic):
    topic.slug_en = "therapy"
    topic.save()

    response = client.get("/en/topics/treatment/")

    assert (response.status_code, response["Location"]) == (301, "/en/topics/therapy/")


def test_an_unpublished_article_answers_410_with_its_topics_and_search(client, article):
    article.status = Article.Status.DRAFT
    article.save()

    response = client.get(OLD_EN)

    assert response.status_code == 410
    page = response.content.decode()
    assert "This page is no longer available" in page
    assert 'href="/en/topics/treatment/"' in page
    assert 'href="/en/search/"' in page


def test_a_deleted_article_answers_410_in_every_language(client, article):
    article.delete()

    german, english = client.get(OLD_DE), client.get(OLD_EN)

    assert (german.status_code, english.status_code) == (410, 410)
    assert "nicht mehr verfügbar" in german.content.decode()


def test_a_draft_that_was_never_published_leaves_no_address_behind(client, make_article):
    draft = make_article(key="draft", slug_de="entwurf", slug_en="draft", status="draft")
    rename(draft, slug_de="entwurf-zwei")

    assert not PreviousAddress.objects.exists()
    assert client.get("/de/artikel/entwurf/").status_code == 404


def test_an_address_that_never_existed_is_still_a_404(client, article):
    assert client.get("/de/artikel/gibt-es-nicht/").status_code == 404

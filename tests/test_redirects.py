"""Every URL the archive ever served keeps working: old slugs answer 301 to the current URL."""

import pytest

from archive.models import Article, Person, SlugHistory, Topic
from archive.names import merge_people
from tests.factories import make_article, make_draft, make_person, make_session, make_topic

pytestmark = pytest.mark.django_db


def rename(obj, slug):
    obj.slug = slug
    obj.save()
    return obj


def lands_on(client, url, expected_url):
    """Follow `url` like a browser: it must end on `expected_url` with 200, through 301s only."""
    response = client.get(url, follow=True)
    assert response.status_code == 200, url
    assert all(status == 301 for _, status in response.redirect_chain), response.redirect_chain
    assert (response.redirect_chain[-1][0] if response.redirect_chain else url) == expected_url
    return response


def test_renamed_article_redirects_permanently_to_its_new_url(client):
    article = make_article("Unity of the people", slug="unity")
    rename(article, "unity-of-the-people")
    response = client.get("/articles/unity/")
    assert response.status_code == 301
    assert response["Location"] == "/articles/unity-of-the-people/"
    assert client.get("/articles/unity-of-the-people/").status_code == 200


def test_chains_collapse_and_renaming_back_makes_no_loop(client):
    article = make_article("Unity", slug="a")
    for slug in ["b", "c", "d"]:
        rename(article, slug)
    for old in ["a", "b", "c"]:
        response = client.get(f"/articles/{old}/")
        assert response.status_code == 301
        assert response["Location"] == "/articles/d/"  # one hop, never a chain
    rename(article, "a")
    assert client.get("/articles/a/").status_code == 200
    assert not SlugHistory.objects.filter(old_slug="a").exists()
    for old in ["b", "c", "d"]:
        lands_on(client, f"/articles/{old}/", "/articles/a/")


def test_person_topic_and_session_urls_survive_renames(client):
    person = make_person("Aida Balayeva", slug="balayeva")
    topic = make_topic("Languages", slug="languages")
    session = make_session(27)
    rename(person, "aida-balayeva")
    rename(topic, "language-policy")
    session.number = 28
    session.save()
    lands_on(client, "/people/balayeva/", "/people/aida-balayeva/")
    lands_on(client, "/topics/languages/", "/topics/language-policy/")
    lands_on(client, "/sessions/27/", "/sessions/28/")


def test_query_string_and_api_urls_follow_too(client):
    person = make_person("Evgeny Bolgert", slug="bolgert")
    rename(person, "evgeny-bolgert")
    response = client.get("/api/people/bolgert/?format=json")
    assert response.status_code == 301
    assert response["Location"] == "/api/people/evgeny-bolgert/?format=json"


def test_a_new_object_taking_an_old_slug_wins_over_the_redirect(client):
    first = make_article("First", slug="report")
    rename(first, "first-report")
    second = make_article("Second", slug="report")
    response = client.get("/articles/report/")
    assert response.status_code == 200
    assert response.context["article"] == second
    assert client.get("/articles/first-report/").status_code == 200


def test_old_slug_of_a_draft_does_not_reveal_it_to_visitors(client, visitor, editor_client):
    draft = make_draft("Secret plans", slug="plans")
    rename(draft, "secret-plans")
    assert visitor.get("/articles/plans/").status_code == 404
    response = editor_client.get("/articles/plans/")
    assert response.status_code == 301
    assert response["Location"] == "/articles/secret-plans/"


def test_unknown_slugs_still_404(client):
    assert client.get("/articles/never-existed/").status_code == 404
    assert client.get("/people/nobody/").status_code == 404
    assert client.post("/articles/never-existed/").status_code in (404, 405)


def test_deleting_an_object_forgets_its_old_slugs(client):
    topic = make_topic("Youth", slug="youth")
    rename(topic, "youth-policy")
    topic.delete()
    assert not SlugHistory.objects.exists()
    assert client.get("/topics/youth/").status_code == 404


def test_rename_merge_rename_again_every_url_ever_served_still_lands(client):
    """The issue's end-to-end case: no URL that was ever served gives a 404."""
    session = make_session(32)
    keep = make_person("Kassym-Jomart Tokayev", slug="tokayev")
    duplicate = make_person("K. Tokayev", slug="k-tokayev")
    other_dup = make_person("Kassym-Zhomart Tokayev", slug="kassym-zhomart")
    article = make_article(
        "Unity amid turbulence", slug="unity", sessions=[session], people=[duplicate]
    )
    topic = make_topic("Unity", slug="unity-topic")
    served = {
        "article": ["/articles/unity/"],
        "keep": ["/people/tokayev/"],
        "topic": ["/topics/unity-topic/"],
    }
    served["keep"] += ["/people/k-tokayev/", "/people/kassym-zhomart/"]
    for url in [*served["article"], *served["keep"], *served["topic"]]:
        assert client.get(url).status_code == 200

    rename(keep, "kassym-jomart-tokayev")
    served["keep"].append("/people/kassym-jomart-tokayev/")
    rename(duplicate, "tokayev-k")
    served["keep"].append("/people/tokayev-k/")
    merge_people(keep, [duplicate])
    rename(other_dup, "k-zh-tokayev")
    served["keep"].append("/people/k-zh-tokayev/")
    keep.refresh_from_db()
    merge_people(keep, [other_dup])
    rename(keep, "president-tokayev")
    rename(Article.objects.get(pk=article.pk), "unity-amid-turbulence")
    rename(article := Article.objects.get(pk=article.pk), "unity-2023")
    served["article"] += ["/articles/unity-amid-turbulence/"]
    rename(topic, "national-unity")

    keep = Person.objects.get(pk=keep.pk)
    for url in served["keep"]:
        lands_on(client, url, "/people/president-tokayev/")
    for url in served["article"]:
        lands_on(client, url, article.get_absolute_url())
    lands_on(client, "/topics/unity-topic/", Topic.objects.get().get_absolute_url())
    assert keep.article_links.filter(article=article).exists()


def test_editors_see_old_slugs_and_where_they_lead(editor_client):
    person = make_person("Evgeny Bolgert", slug="bolgert")
    rename(person, "evgeny-bolgert")
    page = editor_client.get("/admin/archive/slughistory/")
    assert page.status_code == 200
    assert "bolgert" in page.content.decode()
    assert "/people/evgeny-bolgert/" in page.content.decode()

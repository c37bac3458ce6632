"""The read-only JSON API: published content only, working cross-links, caching, throttling."""

import datetime
import json
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache

from archive.models import ArticlePerson, LinkOrigin
from tests.api_rates import api_rate
from tests.factories import (
    make_article,
    make_draft,
    make_person,
    make_position,
    make_quote,
    make_session,
    make_source,
    make_topic,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    cache.clear()  # throttling counts requests in the cache
    yield
    cache.clear()


@pytest.fixture
def corpus():
    session = make_session(27, title="Formula of peace and accord")
    tokayev = make_person("Kassym-Jomart Tokayev", aliases=["K. Tokayev"], role="President")
    topic = make_topic("Unity")
    source = make_source("Astana Times")
    article = make_article(
        "Tokayev on unity",
        sessions=[session],
        topics=[topic],
        source=source,
        published_on=datetime.date(2023, 4, 27),
        body="Unity is **not** a slogan.",
    )
    ArticlePerson.objects.create(
        article=article, person=tokayev, origin=LinkOrigin.DETECTED, matched_text="K. Tokayev"
    )
    older = make_article("Older piece", published_on=datetime.date(2019, 5, 2))
    draft = make_draft("Secret draft", sessions=[session], people=[tokayev], topics=[topic])
    quote = make_quote(tokayev, article, "Unity is our strength", session=session)
    make_quote(tokayev, article, "Not reviewed yet", reviewed=False)
    make_quote(tokayev, draft, "From a draft")
    return {
        "session": session,
        "person": tokayev,
        "topic": topic,
        "article": article,
        "older": older,
        "draft": draft,
        "quote": quote,
    }


def get_json(client, url, **params):
    response = client.get(url, params, HTTP_ACCEPT="application/json")
    assert response.status_code == 200, (url, response.content[:300])
    return response.json()


def test_lists_show_published_content_only(client, corpus):
    articles = get_json(client, "/api/articles/")
    assert [a["title"] for a in articles["results"]] == ["Tokayev on unity", "Older piece"]
    assert articles["count"] == 2
    quotes = get_json(client, "/api/quotes/")
    assert [q["text"] for q in quotes["results"]] == ["Unity is our strength"]
    person = get_json(client, f"/api/people/{corpus['person'].slug}/")
    assert person["article_count"] == 1
    assert get_json(client, "/api/sessions/27/")["article_count"] == 1
    assert get_json(client, f"/api/topics/{corpus['topic'].slug}/")["article_count"] == 1
    assert client.get("/api/articles/secret-draft/").status_code == 404
    everything = json.dumps([get_json(client, f"/api/{kind}/") for kind in ("sessions", "people")])
    assert "Secret draft" not in everything and "From a draft" not in everything


def test_article_detail_has_matched_text_body_and_quotes(client, corpus):
    article = get_json(client, "/api/articles/tokayev-on-unity/")
    assert article["people"][0]["matched_text"] == "K. Tokayev"
    assert article["body"] == "Unity is **not** a slogan."
    assert "<strong>not</strong>" in article["body_html"]
    assert [q["text"] for q in article["quotes"]] == ["Unity is our strength"]
    assert article["source"]["name"] == "Astana Times"


def _urls_in(data):
    if isinstance(data, dict):
        for key, value in data.items():
            if key.endswith("url") and isinstance(value, str) and value.startswith("http"):
                yield value
            else:
                yield from _urls_in(value)
    elif isinstance(data, list):
        for item in data:
            yield from _urls_in(item)


def test_every_cross_link_works(client, corpus):
    seen, todo = set(), ["http://testserver/api/"]
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        response = client.get(path, HTTP_ACCEPT="application/json")
        assert response.status_code == 200, url
        if response["Content-Type"].startswith("application/json"):
            data = response.json()
            todo += list(data.values()) if path == "/api/" else list(_urls_in(data))
    assert "http://testserver/articles/tokayev-on-unity/" in seen  # the site's pages too
    assert "http://testserver/api/articles/?session=27" in seen
    assert not any("secret-draft" in url for url in seen)


@pytest.mark.parametrize(
    ("params", "titles"),
    [
        ({"session": "27"}, ["Tokayev on unity"]),
        ({"person": "kassym-jomart-tokayev"}, ["Tokayev on unity"]),
        ({"topic": "unity"}, ["Tokayev on unity"]),
        ({"year": "2019"}, ["Older piece"]),
        ({"ordering": "date"}, ["Older piece", "Tokayev on unity"]),
        ({"ordering": "-date"}, ["Tokayev on unity", "Older piece"]),
    ],
)
def test_article_filters_match_the_site(client, corpus, params, titles):
    assert [a["title"] for a in get_json(client, "/api/articles/", **params)["results"]] == titles


def test_search_and_people_by_any_spelling(client, corpus):
    found = get_json(client, "/api/articles/", q="slogan")
    assert [a["title"] for a in found["results"]] == ["Tokayev on unity"]
    people = get_json(client, "/api/people/", name="k tokayev")
    assert [p["name"] for p in people["results"]] == ["Kassym-Jomart Tokayev"]
    quotes = get_json(client, "/api/quotes/", speaker="kassym-jomart-tokayev", session="27")
    assert [q["text"] for q in quotes["results"]] == ["Unity is our strength"]


def test_bad_filters_are_clear_errors(client, corpus):
    response = client.get("/api/articles/", {"session": "abc", "year": "12"})
    assert response.status_code == 400
    assert set(response.json()) == {"session", "year"}
    assert client.get("/api/articles/", {"page": "99"}).status_code == 404


def test_pagination_follows_the_site_page_size(client, settings):
    for number in range(settings.ARCHIVE_PAGE_SIZE + 3):
        make_article(f"Article {number:02}")
    first = get_json(client, "/api/articles/")
    assert len(first["results"]) == settings.ARCHIVE_PAGE_SIZE
    assert first["next"].endswith("/api/articles/?page=2")
    second = get_json(client, "/api/articles/", page=2)
    assert len(second["results"]) == 3


def _archive_of(size):
    """`size` published articles, each with two people and topics, sessions, a quote; a draft."""
    sessions = [make_session(number) for number in (1, 2, 3)]
    for number in range(size):
        people = [make_person(aliases=[f"Spelling {number}"]), make_person()]
        make_position(people[0])
        article = make_article(
            f"A{number}",
            sessions=sessions[number % 3 : number % 3 + 2],
            topics=[make_topic(), make_topic()],
            people=people,
        )
        make_quote(people[0], article)
    make_draft("Draft", sessions=sessions, people=[make_person()], topics=[make_topic()])


# The most each endpoint may run: a plain COUNT(*) for the pager, the page, its related rows.
QUERY_LIMITS = {
    "/api/articles/": 5,
    "/api/sessions/": 4,
    "/api/people/": 6,
    "/api/topics/": 4,
    "/api/quotes/": 2,
    "/api/people/?featured=false": 6,
    "/api/quotes/?speaker={person}": 3,
    "/api/articles/?topic={topic}": 6,
    "/api/sessions/{session}/": 3,
    "/api/people/{person}/": 5,
    "/api/topics/{topic}/": 3,
}


@pytest.mark.parametrize("size", [2, 30])
def test_lists_and_details_run_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, size
):
    from archive.models import Person, Session, Topic

    _archive_of(size)
    for url, limit in QUERY_LIMITS.items():
        path = url.format(
            person=Person.objects.first().slug,
            topic=Topic.objects.first().slug,
            session=Session.objects.first().number,
        )
        with django_assert_max_num_queries(limit) as captured:
            get_json(client, path)
        # The pager counts the rows, not groups of every article link of every row.
        counts = [q["sql"] for q in captured.captured_queries if "COUNT(*)" in q["sql"][:30]]
        assert all("GROUP BY" not in sql for sql in counts), (path, counts)


def test_list_counts_are_of_published_articles(client, corpus):
    make_session(28)
    people = {p["slug"]: p["article_count"] for p in get_json(client, "/api/people/")["results"]}
    assert people == {"kassym-jomart-tokayev": 1}
    sessions = get_json(client, "/api/sessions/")["results"]
    assert [(s["number"], s["article_count"]) for s in sessions] == [(27, 1), (28, 0)]
    topics = get_json(client, "/api/topics/")["results"]
    assert [(t["slug"], t["article_count"]) for t in topics] == [("unity", 1)]


def test_responses_are_cacheable(client, corpus):
    first = client.get("/api/articles/tokayev-on-unity/")
    assert first["ETag"]
    assert "Last-Modified" in first
    assert "max-age" in first["Cache-Control"]
    assert "Accept" in first["Vary"]
    again = client.get("/api/articles/tokayev-on-unity/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    corpus["article"].title = "Tokayev on unity and accord"
    corpus["article"].save()
    changed = client.get("/api/articles/tokayev-on-unity/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200


def test_a_list_revalidated_by_date_shows_an_unpublished_article_gone(client, corpus, editor):
    """A page of a list changes when an article leaves it, which no date of the articles left
    on it tells: lists answer If-None-Match only, never a stale 304 to If-Modified-Since."""
    from django.test import Client

    first = client.get("/api/articles/", HTTP_ACCEPT="application/json")
    assert [a["slug"] for a in first.json()["results"]] == ["tokayev-on-unity", "older-piece"]
    since = first.get("Last-Modified") or "Wed, 01 Jan 2025 00:00:00 GMT"
    admin = Client()
    admin.force_login(editor)
    response = admin.post(
        "/admin/archive/article/",
        {"action": "unpublish", "_selected_action": [corpus["older"].pk]},
    )
    assert response.status_code == 302
    later = client.get(
        "/api/articles/", HTTP_ACCEPT="application/json", HTTP_IF_MODIFIED_SINCE=since
    )
    assert later.status_code == 200
    assert [a["slug"] for a in later.json()["results"]] == ["tokayev-on-unity"]
    again = client.get(
        "/api/articles/", HTTP_ACCEPT="application/json", HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert again.status_code == 200


def test_clients_are_rate_limited(client, corpus, settings):
    with api_rate(settings, "3/minute"):
        statuses = [client.get("/api/sessions/").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]


def test_the_api_is_read_only(client, corpus):
    assert client.post("/api/articles/", {"title": "x"}).status_code == 405
    assert client.delete("/api/articles/tokayev-on-unity/").status_code == 405


def test_openapi_description(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert {"/api/articles/", "/api/articles/{slug}/", "/api/sessions/{number}/"} <= set(
        schema["paths"]
    )
    # An article without a source says "source": null, and the description allows it.
    for name in ("ArticleList", "ArticleDetail"):
        assert schema["components"]["schemas"][name]["properties"]["source"]["nullable"] is True
    # Every answer besides 200 is described.
    assert set(schema["paths"]["/api/articles/"]["get"]["responses"]) == {
        "200",
        "400",
        "404",
        "429",
    }
    assert set(schema["paths"]["/api/sessions/{number}/"]["get"]["responses"]) == {
        "200",
        "404",
        "429",
    }


def test_the_committed_openapi_file_is_up_to_date(tmp_path):
    from pathlib import Path

    from django.core.management import call_command
    from django.db import connection

    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(generated))
    if connection.vendor != "postgresql":
        # Integer limits in the description come from the database; the file is PostgreSQL's.
        return
    committed = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"
    assert generated.read_text() == committed.read_text(), (
        "docs/openapi.yaml is out of date: regenerate it (see docs/api.md)"
    )


@pytest.mark.parametrize(
    "url",
    [
        "/api/sessions/abc/",
        "/api/sessions/99/",
        "/api/articles/no-such-article/",
        "/api/people/nobody/",
        "/api/quotes/x/",
        "/api/nothing/",
        "/api/sessions/?page=99",
        "/api/sessions/abc",  # the slash is added first, as everywhere
    ],
)
def test_unknown_addresses_and_pages_are_a_json_404(client, corpus, url):
    response = client.get(url, follow=True)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert set(json.loads(response.content)) == {"detail"}


def test_a_refused_filter_value_is_a_json_400(client, corpus):
    response = client.get("/api/articles/", {"session": "abc", "ordering": "nonsense"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert set(json.loads(response.content)) == {"session", "ordering"}


def test_other_methods_on_unknown_addresses_are_refused_not_a_server_error(client, corpus):
    for accept in ("application/json", "text/html"):
        response = client.post("/api/nothing/", HTTP_ACCEPT=accept)
        assert response.status_code == 405, accept

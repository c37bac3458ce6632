"""Bulk download: the published archive as CSV and JSON, re-importable into a fresh instance."""

import csv
import datetime
import io
import json
import zipfile

import pytest
from django.core.cache import cache

from archive.models import Article, Person, Quote, Session, Source, Topic
from archive.transfer.pipeline import import_file
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
KINDS = ["sessions", "people", "sources", "topics", "articles", "quotes"]


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def corpus():
    session = make_session(27, title="Formula of peace and accord")
    tokayev = make_person(
        "Kassym-Jomart Tokayev", aliases=["K. Tokayev", "Тоқаев"], role="President"
    )
    balayeva = make_person("Aida Balayeva")
    topic = make_topic("Unity", description="Unity of the people")
    source = make_source("Astana Times", url="https://astanatimes.com")
    article = make_article(
        "Tokayev on unity",
        sessions=[session],
        people=[tokayev, balayeva],
        topics=[topic],
        source=source,
        lead="The President spoke.",
        body="Unity is **not** a slogan.\n\n## Language\n\nThe Kazakh language unites.",
        source_url="https://astanatimes.com/2023/04/unity/",
    )
    draft = make_draft("Secret draft", people=[tokayev], source_url="https://example.org/d")
    make_quote(tokayev, article, "Unity is our strength", session=session)
    make_quote(tokayev, article, "Not reviewed", reviewed=False)
    make_quote(tokayev, draft, "From the draft")
    return article


def test_downloads_page_lists_every_file(client, corpus):
    page = client.get("/downloads/").content.decode()
    for kind in KINDS:
        for format in ("csv", "json"):
            assert f"/downloads/archive-{kind}.{format}" in page
    assert "/downloads/archive-csv.zip" in page


def test_files_hold_published_content_only(client, corpus):
    articles = client.get("/downloads/archive-articles.csv")
    assert articles.status_code == 200
    assert articles["Content-Disposition"] == 'attachment; filename="archive-articles.csv"'
    rows = list(csv.DictReader(io.StringIO(articles.content.decode("utf-8-sig"))))
    assert [row["title"] for row in rows] == ["Tokayev on unity"]
    quotes = client.get("/downloads/archive-quotes.json").json()
    assert [quote["text"] for quote in quotes] == ["Unity is our strength"]
    everything = b"".join(
        client.get(f"/downloads/archive-{kind}.{format}").content
        for kind in KINDS
        for format in ("csv", "json")
    )
    assert b"Secret draft" not in everything and b"From the draft" not in everything
    assert client.get("/downloads/archive-users.csv").status_code == 404
    assert client.get("/downloads/archive-articles.xml").status_code == 404


def test_unpublishing_is_seen_at_once_even_by_a_bulk_update(client, corpus):
    assert b"Tokayev on unity" in client.get("/downloads/archive-articles.json").content
    Article.objects.filter(pk=corpus.pk).update(status=Article.Status.DRAFT)  # no signal
    assert b"Tokayev on unity" not in client.get("/downloads/archive-articles.json").content


def test_downloads_are_cacheable(client, corpus):
    first = client.get("/downloads/archive-people.json")
    assert first["ETag"]
    again = client.get("/downloads/archive-people.json", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_zip_holds_all_six_files_and_how_to_import_them(client, corpus):
    response = client.get("/downloads/archive-json.zip")
    assert response["Content-Type"] == "application/zip"
    bundle = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(bundle.namelist()) == sorted(
        ["README.txt", *(f"archive-{kind}.json" for kind in KINDS)]
    )
    assert "import_archive sessions archive-sessions.json" in bundle.read("README.txt").decode()
    assert json.loads(bundle.read("archive-articles.json"))[0]["title"] == "Tokayev on unity"


def _pages(client):
    article = Article.objects.published().get()
    person = Person.objects.get(name="Kassym-Jomart Tokayev")
    pages = {}
    for url in [
        "/articles/",
        article.get_absolute_url(),
        person.get_absolute_url(),
        "/sessions/27/",
        Topic.objects.get().get_absolute_url(),
        "/people/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.context
    return pages


def _visible(context):
    """What a visitor reads on the page, as plain values (no primary keys)."""
    shown = {}
    for name in ("article", "person", "session", "topic"):
        obj = context.get(name)
        if obj is not None:
            shown[name] = str(obj)
    for name in ("articles", "people", "quotes", "sessions"):
        value = context.get(name)
        if value is not None:
            shown[name] = [str(item) for item in value]
    if context.get("person") is not None:
        person = context["person"]
        shown["aliases"] = sorted(a.name for a in person.aliases.all())
        shown["positions"] = [str(p) for p in person.positions.all()]
        shown["role"] = person.role
    if context.get("body_html") is not None:  # the article's own page
        article = context["article"]
        shown["body_html"] = str(context["body_html"])
        shown["meta"] = [article.lead, article.source.name, article.date_display]
    return shown


def _import_bundle(client, format):
    bundle = zipfile.ZipFile(io.BytesIO(client.get(f"/downloads/archive-{format}.zip").content))
    for model in (Quote, Article, Topic, Source, Person, Session):  # an empty archive
        model.objects.all().delete()
    for kind in KINDS:
        upload = io.BytesIO(bundle.read(f"archive-{kind}.{format}"))
        upload.name = f"archive-{kind}.{format}"
        outcome = import_file(kind, upload)
        assert outcome.ok, (kind, [str(e) for e in outcome.errors])


@pytest.mark.parametrize("format", ["csv", "json"])
def test_a_fresh_instance_imports_the_download_and_shows_the_same_pages(client, corpus, format):
    before = {url: _visible(context) for url, context in _pages(client).items()}
    _import_bundle(client, format)
    assert not Article.objects.drafts().exists()
    after = {url: _visible(context) for url, context in _pages(client).items()}
    for url in before:
        assert after[url] == before[url], url


@pytest.mark.parametrize("format", ["csv", "json"])
def test_positions_survive_the_round_trip(client, corpus, format):
    person = Person.objects.get(name="Kassym-Jomart Tokayev")
    make_position(person, "President of Kazakhstan", start_date=datetime.date(2019, 3, 20))
    make_position(
        person,
        "Chairman",
        organisation="Senate of Kazakhstan",
        start_date=datetime.date(2007, 1, 11),
        end_date=datetime.date(2011, 4, 15),
    )
    people = client.get("/downloads/archive-people.csv").content.decode("utf-8-sig")
    row = next(r for r in csv.DictReader(io.StringIO(people)) if r["name"] == person.name)
    assert row["positions"] == (
        "Chairman; Senate of Kazakhstan (2007-01-11 – 2011-04-15)"
        "|President of Kazakhstan (2019-03-20 – )"
    )
    _import_bundle(client, format)
    person = Person.objects.get(name="Kassym-Jomart Tokayev")
    assert [
        (str(p), p.start_date, p.end_date) for p in person.positions.order_by("start_date")
    ] == [
        ("Chairman, Senate of Kazakhstan", datetime.date(2007, 1, 11), datetime.date(2011, 4, 15)),
        ("President of Kazakhstan", datetime.date(2019, 3, 20), None),
    ]
    page = client.get(person.get_absolute_url()).content.decode()
    assert "Chairman, Senate of Kazakhstan" in page and "2007–2011" in page

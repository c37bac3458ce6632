"""The whole archive's counts by month, language and source (archive/linking/archive_counts.py):
kept right by every kind of change, equal to a recount from scratch, never counting a draft;
the home page, the dates pages and the article list's filters read them."""

import datetime

import pytest

from archive.jobs.tasks import publish_due
from archive.linking import archive_counts
from archive.models import Article, PublishedCount
from archive.site.article_filters import choice_counts
from tests.factories import make_article, make_draft, make_source, make_topic

pytestmark = pytest.mark.django_db

Kind = PublishedCount.Kind


def stored():
    return {(row.kind, row.key): row.count for row in PublishedCount.objects.all()}


def test_counts_follow_every_kind_of_change_and_equal_a_recount(admin_client):
    tengri, kazinform = make_source("Tengri"), make_source("Kazinform")
    a = make_article(published_on=datetime.date(2019, 4, 29), source=tengri)
    b = make_article(published_on=datetime.date(2019, 4, 30), language="ru", source=tengri)
    c = make_draft(published_on=datetime.date(2019, 5, 1), language="kk")
    make_draft(  # published on schedule below
        published_on=None, publish_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    e = make_article(published_on=datetime.date(2024, 4, 25), source=kazinform)
    assert stored() == {
        (Kind.MONTH, "2019-04"): 2,
        (Kind.MONTH, "2024-04"): 1,
        (Kind.LANGUAGE, "en"): 2,
        (Kind.LANGUAGE, "ru"): 1,
        (Kind.SOURCE, str(tengri.pk)): 2,
        (Kind.SOURCE, str(kazinform.pk)): 1,
    }  # the drafts not counted

    b.published_on, b.language, b.source = datetime.date(2018, 1, 2), "kk", kazinform
    b.save()  # moves from one month, language and source to others
    c.status = Article.Status.PUBLISHED
    c.save()
    publish_due()  # d published, undated, by update()
    response = admin_client.post(  # unpublished from the admin's list: one update()
        "/admin/archive/article/", {"action": "unpublish", "_selected_action": [e.pk]}
    )
    assert response.status_code == 302
    a.delete()

    assert stored() == {
        (Kind.MONTH, "2018-01"): 1,  # b
        (Kind.MONTH, "2019-05"): 1,  # c
        (Kind.MONTH, ""): 1,  # d
        (Kind.LANGUAGE, "kk"): 2,  # b, c
        (Kind.LANGUAGE, "en"): 1,  # d
        (Kind.SOURCE, str(kazinform.pk)): 1,  # b
    }
    kept = stored()
    archive_counts.recount_all()
    assert stored() == kept
    assert archive_counts.year_counts() == {2018: 1, 2019: 1, None: 1}


def test_pages_and_filters_read_the_stored_counts(client):
    tengri = make_source("Tengri")
    topic = make_topic("Youth")
    make_article(published_on=datetime.date(2019, 4, 29), source=tengri, topics=[topic])
    make_article(published_on=datetime.date(2019, 6, 1), language="kk")
    make_article(published_on=None)
    make_draft(published_on=datetime.date(2019, 6, 2), language="ru", source=tengri)
    choices = choice_counts()
    assert choices["source"] == [("tengri", "Tengri", 1)]
    assert choices["topic"] == [("youth", "Youth", 1)]
    assert [(value, count) for value, _label, count in choices["language"]] == [
        ("en", 2),
        ("kk", 1),
    ]  # never the draft's Russian
    dates = client.get("/articles/by-date/")
    assert dates.context["years"] == [(2019, 2)] and dates.context["undated"] == 1
    months = client.get("/articles/by-date/2019/").context["months"]
    assert [(label, count) for label, count, _url in months] == [
        ("April 2019", 1),
        ("June 2019", 1),
    ]
    assert client.get("/").context["article_count"] == 3


def test_an_import_that_moves_articles_recounts_them(tmp_path):
    from django.core.management import call_command

    article = make_article("Moved", published_on=datetime.date(2019, 4, 29))
    file = tmp_path / "articles.csv"
    file.write_text(
        f"slug,title,published_on,language\n{article.slug},Moved,2021-03-01,ru\n", encoding="utf-8"
    )
    call_command("import_archive", "articles", str(file), verbosity=0)
    assert stored() == {(Kind.MONTH, "2021-03"): 1, (Kind.LANGUAGE, "ru"): 1}


def test_the_article_list_totals_agree_with_its_articles(client):
    tengri = make_source("Tengri")
    topic = make_topic("Youth")
    make_article(published_on=datetime.date(2019, 4, 29), source=tengri, topics=[topic])
    make_article(published_on=datetime.date(2019, 6, 1), language="kk", topics=[topic])
    make_article(published_on=None, language="kk")
    make_draft(published_on=datetime.date(2019, 6, 2), language="kk", source=tengri)
    for query, total in [
        ({}, 3),
        ({"language": "kk"}, 2),
        ({"source": "tengri"}, 1),
        ({"topic": "youth"}, 2),
        ({"year": "2019"}, 2),
        ({"year": "2019", "language": "kk"}, 1),  # two filters: counted
        ({"date_from": "2019-05"}, 1),
        ({"language": "ru"}, 0),
    ]:
        page = client.get("/articles/", query).context["page_obj"]
        assert page.paginator.count == total == len(page.object_list), query

"""The stored counts and related articles (archive/linking/derived.py): kept right by every
kind of change, equal to a recount from scratch, never showing a draft."""

import datetime
from collections import defaultdict
from pathlib import Path

import pytest

from archive.jobs.tasks import publish_due
from archive.linking import derived
from archive.linking.detection import detect_links
from archive.models import Article, ArticlePerson, ArticleSession, Person, Session, Topic
from archive.names.merging import merge_people
from tests.factories import make_article, make_draft, make_person, make_session, make_topic

pytestmark = pytest.mark.django_db


def stored():
    """Every stored count, and every related list as the page shows it (published articles
    only: an id of one deleted or unpublished since may linger, unseen), to compare before
    and after a recount."""
    rows = {}
    published = set(Article.objects.published().values_list("pk", flat=True))
    for model in (Session, Person, Topic):
        for pk, count, years in model.objects.values_list(
            "pk", "published_article_count", "article_years"
        ):
            rows[model.__name__, pk] = (count, years)
    for pk, related in Article.objects.values_list("pk", "related_ids"):
        rows["Article", pk] = [pk for pk in related if pk in published]
    return rows


def test_best_related_ranks_by_score_then_newest():
    assert derived.best_related({3: 1, 5: 2, 9: 1, 4: 2}, 3) == [5, 4, 9]


def test_counts_follow_every_kind_of_change_and_equal_a_recount(admin_client):
    s1, s2 = make_session(1), make_session(2)
    alice, alicia = make_person("Alice Smith"), make_person("Alicia Smith")
    bob = make_person("Bob Jones")
    youth, peace = make_topic("Youth"), make_topic("Peace")
    a = make_article(sessions=[s1], people=[alice], topics=[youth])
    b = make_article(
        sessions=[s1, s2],
        people=[alicia, bob],
        topics=[youth],
        published_on=datetime.date(2019, 5, 1),
    )
    c = make_draft(sessions=[s2], people=[bob], topics=[peace])
    make_draft(  # published on schedule below
        sessions=[s1], people=[alice], publish_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    e = make_article(sessions=[s2], people=[bob], body="Bob Jones spoke at the 1st session.")
    assert Person.objects.get(pk=bob.pk).published_article_count == 2  # the draft c not counted
    assert Session.objects.get(pk=s1.pk).year_counts == {2023: 1, 2019: 1}

    c.status = Article.Status.PUBLISHED  # published by save()
    c.save()
    publish_due()  # d published on schedule, by update()
    a.topics.add(peace)
    b.topics.remove(youth)
    ArticleSession.objects.filter(article=b, session=s2).delete()
    ArticlePerson.objects.create(article=a, person=bob)
    response = admin_client.post(  # unpublished from the admin's list: one update()
        "/admin/archive/article/",
        {"action": "unpublish", "_selected_action": [e.pk]},
    )
    assert response.status_code == 302
    e.refresh_from_db()
    assert e.status == Article.Status.DRAFT
    detect_links([e])  # adds the 1st session to a draft: nothing counts
    merge_people(alice, [alicia])
    Article.objects.get(pk=b.pk).delete()

    assert Session.objects.get(pk=s1.pk).published_article_count == 2  # a, d
    assert Person.objects.get(pk=alice.pk).published_article_count == 2  # a, d
    assert Person.objects.get(pk=bob.pk).published_article_count == 2  # c, a
    assert Topic.objects.get(pk=peace.pk).published_article_count == 2  # c, a
    assert Topic.objects.get(pk=youth.pk).published_article_count == 1
    kept = stored()
    derived.refresh_all()
    assert stored() == kept


def test_drafts_never_count_nor_show_as_related(client):
    s1 = make_session(1)
    person = make_person("Alice Smith")
    topic = make_topic("Youth")
    old = make_article("Old story", sessions=[s1], people=[person], topics=[topic])
    draft = make_draft("Secret draft", sessions=[s1], people=[person], topics=[topic])
    newer = make_article("Newer story", sessions=[s1], topics=[topic])
    assert draft.pk not in Article.objects.get(pk=old.pk).related_ids
    assert Article.objects.get(pk=old.pk).related_ids == [newer.pk]  # learnt of the newer one
    html = client.get(old.get_absolute_url()).content.decode()
    assert "Newer story" in html
    assert "Secret draft" not in html
    assert Person.objects.get(pk=person.pk).published_article_count == 1

    Article.objects.filter(pk=newer.pk).update(status=Article.Status.DRAFT)  # not even noted
    assert "Newer story" not in client.get(old.get_absolute_url()).content.decode()


def test_an_unpublished_or_deleted_article_leaves_its_neighbours_lists():
    topic = make_topic("Youth")
    first = make_article("First", topics=[topic])
    second = make_article("Second", topics=[topic])
    assert Article.objects.get(pk=first.pk).related_ids == [second.pk]
    second.status = Article.Status.DRAFT
    second.save()
    assert Article.objects.get(pk=first.pk).related_ids == []
    second.status = Article.Status.PUBLISHED
    second.save()
    assert Article.objects.get(pk=first.pk).related_ids == [second.pk]
    second.delete()
    assert Article.objects.get(pk=first.pk).related_ids == []


@pytest.mark.parametrize("path", ["article", "person", "session", "topic"])
def test_detail_pages_read_stored_figures_in_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, path
):
    session = make_session(5)
    person = make_person("Alice Smith")
    topic = make_topic("Youth")

    def grow(n):
        for _ in range(n):
            make_article(sessions=[session], people=[person], topics=[topic])

    grow(3)
    article = Article.objects.first()
    url = {
        "article": article.get_absolute_url(),
        "person": person.get_absolute_url(),
        "session": session.get_absolute_url(),
        "topic": topic.get_absolute_url(),
    }[path]
    assert client.get(url).status_code == 200
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    grow(30)
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert response.status_code == 200
    if path != "article":
        assert "33" in response.content.decode()  # the stored count, shown


def test_an_archive_migrated_to_the_stored_figures_gets_its_related_articles():
    """The migration counts what is there (it cannot use the finder); right after it, the
    post_migrate receiver finds every related list, and does nothing on later migrations."""
    from types import SimpleNamespace

    from django.apps import apps

    from archive.linking.receivers import STORED_FIGURES_MIGRATION, stored_figures_added

    session = make_session(number=27)
    first = make_article("First", sessions=[session])
    second = make_article("Second", sessions=[session])
    Article.objects.update(related_ids=[])  # as the migration leaves them
    archive = apps.get_app_config("archive")
    assert (Path(archive.path) / "migrations" / f"{STORED_FIGURES_MIGRATION[1]}.py").exists()
    later = SimpleNamespace(app_label="archive", name="0016_something_else")
    stored_figures_added(None, app_config=archive, plan=[(later, False)])
    assert list(Article.objects.values_list("related_ids", flat=True)) == [[], []]
    added = SimpleNamespace(app_label="archive", name="0015_stored_counts_and_related")
    stored_figures_added(None, app_config=archive, plan=[(added, False)])
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.related_ids, second.related_ids) == ([second.pk], [first.pk])


def test_related_scores_are_the_targets_in_common(monkeypatch):
    """RelatedFinder.related() against its definition: among the articles in the pools of
    an article's targets, the most targets in common, the newest first among equals."""
    import random

    rng = random.Random(7)
    links = {
        pk: {("session", rng.randrange(6)) for _ in range(rng.randrange(4))} for pk in range(1, 400)
    }
    links.update({pk: links[pk] | {("person", rng.randrange(30))} for pk in range(1, 400, 3)})
    pools = defaultdict(list)
    for pk in sorted(links, reverse=True):
        for target in links[pk]:
            if len(pools[target]) < 50:
                pools[target].append(pk)
    monkeypatch.setattr(derived, "targets_of", lambda ids: {pk: set(links[pk]) for pk in ids})
    finder = derived.RelatedFinder()
    finder.pools = pools
    articles = {pk: links[pk] for pk in range(1, 400, 7)}
    finder.load(articles)
    for pk, targets in articles.items():
        candidates = {c for t in targets for c in pools[t]} - {pk}
        expected = sorted(candidates, key=lambda c: (-len(targets & links[c]), -c))
        assert finder.related(pk, targets) == expected[: derived.RELATED_KEPT]

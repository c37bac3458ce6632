"""The generate_corpus command: a deterministic synthetic archive for benchmarks."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.models import (
    Article,
    ArticlePerson,
    ArticleSession,
    Person,
    Quote,
    Session,
    Source,
    Topic,
)
from tests.factories import make_session

pytestmark = pytest.mark.django_db


def generate(*args):
    out = StringIO()
    call_command("generate_corpus", *args, stdout=out)
    return out.getvalue()


def snapshot():
    return (
        list(Article.objects.order_by("pk").values_list("slug", "title", "language", "status")),
        list(Person.objects.order_by("pk").values_list("name", "slug")),
        ArticleSession.objects.count(),
        ArticlePerson.objects.count(),
        Quote.objects.count(),
    )


def test_fills_an_empty_archive_the_same_way_for_the_same_seed(monkeypatch):
    from archive.transfer import corpus

    calls = []
    monkeypatch.setattr(corpus, "content_changed", lambda *a, **k: calls.append(a))
    out = generate("--articles", "60", "--people", "40", "--seed", "3", "--batch", "20")
    assert "generating: 60 of 60 (100%)" in out
    assert "Generated 60 articles, 40 people, 34 sessions (seed 3) in " in out
    assert calls == [()]  # bulk_create sends no signals: the page cache is told once
    assert Session.objects.count() == 34 and Article.objects.count() == 60
    first = snapshot()
    for model in (Quote, Article, Person, Session, Source, Topic):
        model.objects.all().delete()
    generate("--articles", "60", "--people", "40", "--seed", "3", "--batch", "20", "--no-index")
    assert snapshot() == first


def test_refuses_an_archive_that_is_not_empty():
    make_session(27)
    with pytest.raises(CommandError, match="The archive is not empty"):
        generate("--articles", "5")
    assert Article.objects.count() == 0


def test_refuses_too_few_people():
    with pytest.raises(CommandError, match=r"--people >= 7"):
        generate("--people", "2")

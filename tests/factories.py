"""Small builders for test data: each makes a valid object with sensible defaults."""

import datetime
import itertools

from archive.models import (
    Alias,
    Article,
    ArticlePerson,
    ArticleSession,
    LinkOrigin,
    Person,
    Position,
    Quote,
    Session,
    Source,
    Topic,
)

_counter = itertools.count(1)


def make_session(number=None, **fields):
    number = number or 100 + next(_counter)
    fields.setdefault("title", f"Motto of session {number}")
    fields.setdefault("start_date", datetime.date(1995 + number % 30, 4, 1))
    return Session.objects.create(number=number, **fields)


def make_person(name=None, aliases=(), **fields):
    name = name or f"Person Number{next(_counter)}"
    person = Person.objects.create(name=name, **fields)
    for alias in aliases:
        Alias.objects.create(person=person, name=alias)
    return person


def make_position(person, title="Member of the Assembly", **fields):
    return Position.objects.create(person=person, title=title, **fields)


def make_source(name=None, **fields):
    return Source.objects.create(name=name or f"Source {next(_counter)}", **fields)


def make_topic(name=None, **fields):
    return Topic.objects.create(name=name or f"Topic {next(_counter)}", **fields)


def make_article(
    title=None,
    *,
    sessions=(),
    people=(),
    topics=(),
    status=Article.Status.PUBLISHED,
    **fields,
):
    title = title or f"Article {next(_counter)}"
    fields.setdefault("published_on", datetime.date(2023, 4, 27))
    fields.setdefault("body", f"Body of {title}.")
    article = Article.objects.create(title=title, status=status, **fields)
    for session in sessions:
        ArticleSession.objects.create(article=article, session=session, origin=LinkOrigin.EDITOR)
    for person in people:
        ArticlePerson.objects.create(article=article, person=person, origin=LinkOrigin.EDITOR)
    article.topics.add(*topics)
    return article


def make_draft(title=None, **fields):
    return make_article(title, status=Article.Status.DRAFT, **fields)


def make_quote(speaker, article, text=None, **fields):
    text = text or f"Words number {next(_counter)}"
    return Quote.objects.create(speaker=speaker, article=article, text=text, **fields)

"""The archive's content: sessions of the Assembly, people, sources, topics, articles, quotes.

One package, one app label (`archive`): import models from here (`from archive.models import
Article`). Modules: common (dates, languages, fast URLs), urls (old slugs and new ones),
catalogue (sessions, people, sources, topics), articles (articles, their links, quotes),
unmatched (the unmatched-names queue), figures (counts of the whole archive), jobs
(background jobs the editors watch).
"""

from archive.models.articles import (
    NEWEST_QUOTES_FIRST,
    STAGED,
    Article,
    ArticlePerson,
    ArticleQuerySet,
    ArticleSession,
    LinkOrigin,
    Quote,
    QuoteQuerySet,
    SuppressedLink,
)
from archive.models.catalogue import (
    Alias,
    ArticleCountsMixin,
    Person,
    PersonQuerySet,
    Position,
    Session,
    SessionQuerySet,
    Source,
    SourceQuerySet,
    Topic,
    TopicQuerySet,
)
from archive.models.common import (
    EARLIEST_DATE,
    NEWEST_FIRST,
    SLUG,
    URL_MARKERS,
    DatePrecision,
    Language,
    NullsLastIndex,
    Year,
    format_date_range,
    format_partial_date,
    number_url,
    slug_url,
)
from archive.models.figures import PublishedCount
from archive.models.jobs import Job, StagedArticle
from archive.models.unmatched import (
    UnmatchedMention,
    UnmatchedName,
)
from archive.models.urls import (
    KeepsOldUrls,
    SlugHistory,
    SlugHistoryQuerySet,
    first_free_slug,
    old_slug_message,
    unique_slug,
)

__all__ = [
    "EARLIEST_DATE",
    "NEWEST_FIRST",
    "NEWEST_QUOTES_FIRST",
    "SLUG",
    "STAGED",
    "URL_MARKERS",
    "Alias",
    "Article",
    "ArticleCountsMixin",
    "ArticlePerson",
    "ArticleQuerySet",
    "ArticleSession",
    "DatePrecision",
    "Job",
    "KeepsOldUrls",
    "Language",
    "LinkOrigin",
    "NullsLastIndex",
    "Person",
    "PersonQuerySet",
    "Position",
    "PublishedCount",
    "Quote",
    "QuoteQuerySet",
    "Session",
    "SessionQuerySet",
    "SlugHistory",
    "SlugHistoryQuerySet",
    "Source",
    "SourceQuerySet",
    "StagedArticle",
    "SuppressedLink",
    "Topic",
    "TopicQuerySet",
    "UnmatchedMention",
    "UnmatchedName",
    "Year",
    "first_free_slug",
    "format_date_range",
    "format_partial_date",
    "number_url",
    "old_slug_message",
    "slug_url",
    "unique_slug",
]

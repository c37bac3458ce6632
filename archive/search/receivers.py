"""Receivers that keep derived data (the search index) in step with the content.

Every save and delete that changes what an article, person, session, topic or quote shows
in search reindexes what it touches, at once (or once at the end of a bulk_indexing()
block). queryset.update() and bulk_create() send no signals: their callers must call
archive.search.reindex_articles() themselves (the admin's publish actions, the importers).
"""

from django.db.backends.signals import connection_created
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_migrate,
    post_save,
    pre_delete,
)

from archive.models import (
    Alias,
    Article,
    ArticlePerson,
    ArticleSession,
    Person,
    Quote,
    Session,
    Source,
    Topic,
)
from archive.search import reindex_articles, reindex_entries


def _article_ids(queryset):
    return list(queryset.values_list("pk", flat=True))


def article_changed(sender, instance, **kwargs):
    reindex_articles([instance.pk])


def article_link_changed(sender, instance, **kwargs):
    reindex_articles([instance.article_id])


def article_relation_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    if not reverse:
        if action != "pre_clear":
            reindex_articles([instance.pk])
    elif action == "pre_clear":
        # After the clear the links are gone: note the articles while they are known.
        instance._search_cleared_articles = _article_ids(instance.articles.all())
    elif action == "post_clear":
        reindex_articles(getattr(instance, "_search_cleared_articles", []))
    else:
        reindex_articles(pk_set or [])
    if reverse and isinstance(instance, Topic):
        reindex_entries("topic", [instance.pk])


def person_saved(sender, instance, **kwargs):
    reindex_entries("person", [instance.pk])
    reindex_articles(_article_ids(instance.articles.all()))
    reindex_entries("quote", instance.quotes.values_list("pk", flat=True))


def person_deleted(sender, instance, **kwargs):
    reindex_entries("person", [instance.pk])


def alias_changed(sender, instance, **kwargs):
    person = Person.objects.filter(pk=instance.person_id).first()
    if person is None:  # deleted with its person
        return
    reindex_entries("person", [person.pk])
    reindex_articles(_article_ids(person.articles.all()))
    reindex_entries("quote", person.quotes.values_list("pk", flat=True))


def session_saved(sender, instance, **kwargs):
    reindex_entries("session", [instance.pk])
    reindex_articles(_article_ids(instance.articles.all()))


def session_deleted(sender, instance, **kwargs):
    reindex_entries("session", [instance.pk])


def topic_saved(sender, instance, **kwargs):
    reindex_entries("topic", [instance.pk])
    reindex_articles(_article_ids(instance.articles.all()))


def topic_deleting(sender, instance, **kwargs):
    # The topic's links go without signals of their own: note its articles while known.
    instance._search_articles = _article_ids(instance.articles.all())


def topic_deleted(sender, instance, **kwargs):
    reindex_entries("topic", [instance.pk])
    reindex_articles(getattr(instance, "_search_articles", []))


def source_saved(sender, instance, **kwargs):
    reindex_articles(_article_ids(instance.articles.all()))


def quote_changed(sender, instance, **kwargs):
    reindex_entries("quote", [instance.pk])


# Bytes of the database file a connection reads through a memory map (searches of a large
# archive read the same index pages over and over). The worker sets it to 0: its work is
# mostly writing, and the mapped pages of a 1 GB database would count as its memory.
SQLITE_MMAP_BYTES = 1024**3


def tune_sqlite(sender, connection, **kwargs):
    """SQLite's default page cache (2 MB) makes every search of a large archive read the
    same index pages from the OS again; 64 MB of cache and memory-mapped reads keep them."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -65536")
            cursor.execute(f"PRAGMA mmap_size = {int(SQLITE_MMAP_BYTES)}")


def index_existing_content(sender, app_config=None, using="default", **kwargs):
    """A database migrated to the search schema with content already in it gets indexed."""
    if app_config is None or app_config.label != "archive":
        return
    from archive.search.engines import get_engine
    from archive.search.indexing import index_is_empty, optimize_index, rebuild_index

    get_engine().ensure_indexes()
    if Article.objects.using(using).published().exists() and index_is_empty():
        rebuild_index()
        optimize_index()


# (signal, sender or None for every sender, receiver): docs/architecture.md lists them all.
RECEIVERS = [
    (post_save, Article, article_changed),
    (post_delete, Article, article_changed),
    (post_save, ArticleSession, article_link_changed),
    (post_delete, ArticleSession, article_link_changed),
    (post_save, ArticlePerson, article_link_changed),
    (post_delete, ArticlePerson, article_link_changed),
    (m2m_changed, Article.topics.through, article_relation_changed),
    (m2m_changed, ArticleSession, article_relation_changed),
    (m2m_changed, ArticlePerson, article_relation_changed),
    (post_save, Person, person_saved),
    (post_delete, Person, person_deleted),
    (post_save, Alias, alias_changed),
    (post_delete, Alias, alias_changed),
    (post_save, Session, session_saved),
    (post_delete, Session, session_deleted),
    (post_save, Topic, topic_saved),
    (pre_delete, Topic, topic_deleting),
    (post_delete, Topic, topic_deleted),
    (post_save, Source, source_saved),
    (post_save, Quote, quote_changed),
    (post_delete, Quote, quote_changed),
    (connection_created, None, tune_sqlite),
    (post_migrate, None, index_existing_content),
]


def connect():
    """Connect the receivers above; ArchiveConfig.ready() calls this once."""
    for signal, sender, receiver in RECEIVERS:
        signal.connect(receiver, sender=sender, dispatch_uid=f"archive.search.{receiver.__name__}")

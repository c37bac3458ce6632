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
from django.dispatch import receiver

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


@receiver(post_save, sender=Article)
@receiver(post_delete, sender=Article)
def article_changed(sender, instance, **kwargs):
    reindex_articles([instance.pk])


@receiver(post_save, sender=ArticleSession)
@receiver(post_delete, sender=ArticleSession)
@receiver(post_save, sender=ArticlePerson)
@receiver(post_delete, sender=ArticlePerson)
def article_link_changed(sender, instance, **kwargs):
    reindex_articles([instance.article_id])


@receiver(m2m_changed, sender=Article.topics.through)
@receiver(m2m_changed, sender=ArticleSession)
@receiver(m2m_changed, sender=ArticlePerson)
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


@receiver(post_save, sender=Person)
def person_saved(sender, instance, **kwargs):
    reindex_entries("person", [instance.pk])
    reindex_articles(_article_ids(instance.articles.all()))
    reindex_entries("quote", instance.quotes.values_list("pk", flat=True))


@receiver(post_delete, sender=Person)
def person_deleted(sender, instance, **kwargs):
    reindex_entries("person", [instance.pk])


@receiver(post_save, sender=Alias)
@receiver(post_delete, sender=Alias)
def alias_changed(sender, instance, **kwargs):
    person = Person.objects.filter(pk=instance.person_id).first()
    if person is None:  # deleted with its person
        return
    reindex_entries("person", [person.pk])
    reindex_articles(_article_ids(person.articles.all()))
    reindex_entries("quote", person.quotes.values_list("pk", flat=True))


@receiver(post_save, sender=Session)
def session_saved(sender, instance, **kwargs):
    reindex_entries("session", [instance.pk])
    reindex_articles(_article_ids(instance.articles.all()))


@receiver(post_delete, sender=Session)
def session_deleted(sender, instance, **kwargs):
    reindex_entries("session", [instance.pk])


@receiver(post_save, sender=Topic)
def topic_saved(sender, instance, **kwargs):
    reindex_entries("topic", [instance.pk])
    reindex_articles(_article_ids(instance.articles.all()))


@receiver(pre_delete, sender=Topic)
def topic_deleting(sender, instance, **kwargs):
    # The topic's links go without signals of their own: note its articles while known.
    instance._search_articles = _article_ids(instance.articles.all())


@receiver(post_delete, sender=Topic)
def topic_deleted(sender, instance, **kwargs):
    reindex_entries("topic", [instance.pk])
    reindex_articles(getattr(instance, "_search_articles", []))


@receiver(post_save, sender=Source)
def source_saved(sender, instance, **kwargs):
    reindex_articles(_article_ids(instance.articles.all()))


@receiver(post_save, sender=Quote)
@receiver(post_delete, sender=Quote)
def quote_changed(sender, instance, **kwargs):
    reindex_entries("quote", [instance.pk])


@receiver(connection_created)
def tune_sqlite(sender, connection, **kwargs):
    """SQLite's default page cache (2 MB) makes every search of a large archive read the
    same index pages from the OS again; 64 MB of cache and memory-mapped reads keep them."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -65536")
            cursor.execute("PRAGMA mmap_size = 1073741824")


@receiver(post_migrate)
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

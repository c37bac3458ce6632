"""The signal receivers of archive.linking, connected by connect() (from ArchiveConfig.ready()).

Links and the unmatched-names queue are derived from the articles' text; most of them are
written by detect_links() itself. What a signal must do:

- pre_delete of an Article: take the article out of the unmatched-names queue, so that the
  counts of the names it mentioned stay exact (its mentions go with it by CASCADE, which
  recounts nothing).
- an article saved or deleted, a link saved or deleted, a topic (or session, person) added to
  or removed from an article: the stored counts of what it links to and its related articles
  refreshed (archive/linking/derived.py), and the whole archive's counts by month, language
  and source, under what the article had before (pre_save, pre_delete) and has now. A link
  deleted because its article, session, person or topic goes (CASCADE) is left to that
  record's own receiver.
- post_migrate, when the migration that adds the stored figures (0015) has just run on an
  archive with articles: every article's related list found (the migration counts, but
  cannot use the finder), as the search index is built after the migration that adds it;
  after the one that adds the whole archive's counts (0017), those counted.
"""

from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_migrate,
    post_save,
    pre_delete,
    pre_save,
)

from archive.linking import archive_counts, derived
from archive.linking.unmatched import forget_article
from archive.models import Article, ArticlePerson, ArticleSession

KIND = {ArticleSession: "session", ArticlePerson: "person", Article.topics.through: "topic"}
COLUMN = {"session": "session_id", "person": "person_id", "topic": "topic_id"}


def article_saving(sender, instance, raw=False, **kwargs):
    instance._counted_before = archive_counts.keys_before(instance)


def article_deleting(sender, instance, **kwargs):
    forget_article(instance)
    instance._counted_before = archive_counts.keys_of(
        instance.published_on, instance.language, instance.source_id
    )
    # The links go with it: note what it linked to while they are known.
    instance._derived_targets = derived.targets_of([instance.pk]).get(instance.pk, set())
    instance._derived_neighbours = Article.objects.filter(pk=instance.pk).values_list(
        "related_ids", flat=True
    )[0]


def article_saved(sender, instance, raw=False, **kwargs):
    counted = getattr(instance, "_counted_before", ())
    if not raw:
        derived.changed([instance.pk], counted=counted)
        return
    # loaddata: the links come later (and refresh_derived finds the related lists), but the
    # archive's counts of a fixture's articles are right at once, a few COUNTs each.
    now = archive_counts.keys_of(instance.published_on, instance.language, instance.source_id)
    archive_counts.recount(set(counted) | now)


def article_deleted(sender, instance, **kwargs):
    targets = {}
    for kind, pk in getattr(instance, "_derived_targets", ()):
        targets.setdefault(kind, []).append(pk)
    derived.changed(
        neighbours=getattr(instance, "_derived_neighbours", ()),
        counted=getattr(instance, "_counted_before", ()),
        **targets,
    )


def link_changed(sender, instance, raw=False, origin=None, **kwargs):
    if raw or (origin is not None and _cascaded(origin, sender)):
        return
    kind = KIND[sender]
    derived.changed(
        [instance.article_id], links_only=True, **{kind: [getattr(instance, COLUMN[kind])]}
    )


def _cascaded(origin, sender):
    """Whether a link is deleted because something else is (then that one refreshes)."""
    model = getattr(origin, "model", type(origin))  # a QuerySet or an instance
    return model is not sender


def relation_changed(sender, instance, action, reverse, pk_set, **kwargs):
    kind = KIND[sender]
    column = COLUMN[kind]
    if action == "pre_clear":
        mine, other = (column, "article_id") if reverse else ("article_id", column)
        rows = sender.objects.filter(**{mine: instance.pk}).values_list(other, flat=True)
        instance._derived_cleared = list(rows)
        return
    if action == "post_clear":
        pk_set = getattr(instance, "_derived_cleared", [])
    elif action not in ("post_add", "post_remove"):
        return
    if reverse:
        derived.changed(pk_set or [], links_only=True, **{kind: [instance.pk]})
    else:
        derived.changed([instance.pk], links_only=True, **{kind: pk_set or []})


STORED_FIGURES_MIGRATION = ("archive", "0015_stored_counts_and_related")
PUBLISHED_COUNTS_MIGRATION = ("archive", "0017_published_counts")


def stored_figures_added(sender, app_config=None, plan=None, using="default", **kwargs):
    if app_config is None or app_config.label != "archive":
        return
    applied = {(m.app_label, m.name) for m, backwards in plan or () if not backwards}
    if not Article.objects.using(using).exists():
        return
    if STORED_FIGURES_MIGRATION in applied:
        derived.refresh_all()  # the whole archive's counts too
    elif PUBLISHED_COUNTS_MIGRATION in applied:
        archive_counts.recount_all()


def connect():
    """Connect the receivers (idempotent: each has a dispatch_uid)."""
    post_migrate.connect(stored_figures_added, dispatch_uid="linking-stored-figures-added")
    pre_save.connect(article_saving, sender=Article, dispatch_uid="linking-article-saving")
    pre_delete.connect(article_deleting, sender=Article, dispatch_uid="linking-article-delete")
    post_save.connect(article_saved, sender=Article, dispatch_uid="linking-article-saved")
    post_delete.connect(article_deleted, sender=Article, dispatch_uid="linking-article-deleted")
    for model in KIND:
        name = model._meta.model_name
        if not model._meta.auto_created:
            post_save.connect(link_changed, sender=model, dispatch_uid=f"linking-{name}-saved")
            post_delete.connect(link_changed, sender=model, dispatch_uid=f"linking-{name}-deleted")
        m2m_changed.connect(relation_changed, sender=model, dispatch_uid=f"linking-{name}-m2m")

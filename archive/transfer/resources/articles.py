"""The articles resource: found by slug, original URL or title; an editor's links to sessions,
people and topics are written in bulk after the rows, and detected links are recomputed."""

import logging
import time
from typing import NamedTuple

from django.db.models import Value
from django.utils import timezone

from archive.db import chunked, let_other_writers_in
from archive.linking import derived, detection
from archive.models import (
    Article,
    ArticlePerson,
    ArticleSession,
    Language,
    LinkOrigin,
    first_free_slug,
)
from archive.transfer import cells
from archive.transfer.columns import (
    BoolWidget,
    ChoiceWidget,
    Column,
    DateWidget,
    MomentWidget,
    RefListWidget,
    RefWidget,
    SlugWidget,
    URLWidget,
    date_precision_column,
    text_column,
)
from archive.transfer.lookups import ArticleIndex
from archive.transfer.resource_base import IMPORT_BATCH, ArchiveResource
from archive.transfer.writer import insert_rows

logger = logging.getLogger(__name__)


class LinkKind(NamedTuple):
    model: type
    target: str  # the column naming the linked session, person or topic
    editor_values: dict  # the other columns of a link an editor makes


EDITOR = LinkOrigin.EDITOR.value
LINKING_BATCH = 250  # articles per detection transaction (and per progress step)
LINKS = {
    "sessions": LinkKind(ArticleSession, "session_id", {"origin": EDITOR}),
    "people": LinkKind(ArticlePerson, "person_id", {"origin": EDITOR, "matched_text": ""}),
    "topics": LinkKind(Article.topics.through, "topic_id", {}),  # topics have no origin
}


class ArticleResource(ArchiveResource):
    model_key, noun = "articles", "article"

    title = text_column("title", Article, required=True)
    slug = Column("slug", SlugWidget(max_length=200), attribute="slug")
    published_on = Column("published_on", DateWidget(), attribute="published_on")
    date_precision = date_precision_column()
    date_text = text_column("date_text", Article)
    source = Column("source", RefWidget("sources"), attribute="source_id")
    source_url = Column("source_url", URLWidget(max_length=500), attribute="source_url")
    language = Column(
        "language", ChoiceWidget(Language.choices, Language.ENGLISH), attribute="language"
    )
    status = Column(
        "status", ChoiceWidget(Article.Status.choices, Article.Status.DRAFT), attribute="status"
    )
    # Scheduled publishing: a draft is published at this time (archive.jobs.tasks.publish_due).
    publish_at = Column("publish_at", MomentWidget(), attribute="publish_at")
    featured = Column("featured", BoolWidget(), attribute="featured")
    author = text_column("author", Article)
    sessions = Column("sessions", RefListWidget("sessions"))
    people = Column("people", RefListWidget("people"))
    topics = Column("topics", RefListWidget("topics"))
    # Written by exports for readers; an import recomputes them by detection instead.
    detected_sessions = Column("detected_sessions", RefListWidget("sessions"), importable=False)
    detected_people = Column("detected_people", RefListWidget("people"), importable=False)
    lead = text_column("lead", Article)
    body = text_column("body", Article)

    extra_update_fields = ["updated_at"]

    class Meta(ArchiveResource.Meta):
        model = Article
        fields = (
            "title", "slug", "published_on", "date_precision", "date_text", "source",
            "source_url", "language", "status", "publish_at", "featured", "author", "sessions",
            "people", "topics", "detected_sessions", "detected_people", "lead", "body",
        )  # fmt: skip

    export_prefetch = ("session_links", "person_links", "topics")

    def get_queryset(self):
        # The order they were added: stable re-exports. Not the articles still being imported.
        return Article.objects.for_editors().order_by("pk")

    def slug_index(self):
        return self.lookups.articles

    def prepare(self, rows):
        self.links, self.title_slugs = None, {}
        # Slugs written in the file are reserved before any title gets a generated one.
        self.taken_slugs = self.lookups.articles.taken_slugs()
        self.taken_slugs.update(cells.as_text(r.get("slug", "")).strip() for r in rows)

    def identify(self, row):
        """By slug, else by original URL, else (neither given) by the slug of the title."""
        articles = self.lookups.articles
        slug = cells.as_text(row.get("slug", "")).strip()
        url = cells.as_text(row.get("source_url", "")).strip()
        pk, keys = None, []
        if slug:
            pk = articles.by_slug(slug)
            keys.append((("slug", slug), f"the article with slug '{slug}'"))
        if url:
            pk = pk or articles.pk_by_url.get(url)
            keys.append((("url", url), f"the article at {url}"))
        if not slug and not url:
            title = cells.as_text(row["title"]).strip()
            title_slug = self.title_slug(title)
            pk = articles.pk_by_slug.get(title_slug)
            keys.append((("slug", title_slug), f"the article titled '{title}'"))
        if pk:
            keys.append((("pk", pk), f"the article '{articles.slug_by_pk[pk]}'"))
        return pk, keys

    def make_plans(self, rows):
        plans = super().make_plans(rows)
        self.links = self._load_links([plan.existing for plan in plans if plan.existing])
        return plans

    @staticmethod
    def _load_links(article_pks):
        """{'sessions': {article: {session: (link pk, origin)}}, 'people': …, 'topics': …}."""
        links = {name: {} for name in LINKS}
        for chunk in chunked(article_pks, IMPORT_BATCH):
            for name, kind in LINKS.items():
                origin = "origin" if "origin" in kind.editor_values else Value(EDITOR)
                rows = kind.model.objects.filter(article_id__in=chunk).values_list(
                    "pk", "article_id", kind.target, origin
                )
                for pk, article, other, link_origin in rows:
                    links[name].setdefault(article, {})[other] = (pk, link_origin)
        return links

    def assign_published_on(self, instance, value, row):
        self.assign_date(instance, "published_on", value, row)

    def check_instance(self, instance, row):
        errors, articles = {}, self.lookups.articles
        owner = articles.pk_by_slug.get(instance.slug) if instance.slug else None
        if owner and owner != instance.pk:
            errors["slug"] = "another article already has this slug"
        owner = articles.pk_by_url.get(instance.source_url) if instance.source_url else None
        if owner and owner != instance.pk:
            errors["source_url"] = (
                f"this is already the original URL of the article '{articles.slug_by_pk[owner]}'"
            )
        if instance.publish_at and instance.status != Article.Status.DRAFT:
            errors["publish_at"] = (
                "only a draft is published at a time: make its status draft, or leave "
                "publish_at empty"
            )
        if self.user is not None and not self.user.has_perm("archive.publish_article"):
            before = instance._import_before or {}
            if instance.status != before.get("status", Article.Status.DRAFT):
                errors["status"] = "you may not publish or unpublish articles"
            if instance.publish_at != before.get("publish_at"):
                errors["publish_at"] = "you may not schedule publishing"
        return errors

    def title_slug(self, title):
        if title not in self.title_slugs:
            self.title_slugs[title] = ArticleIndex.title_slug(title)
        return self.title_slugs[title]

    def complete(self, instance):
        if not instance.slug:
            instance.slug = first_free_slug(self.title_slug(instance.title), self.taken_slugs)
        instance.updated_at = timezone.now()

    # Links -------------------------------------------------------------------------------

    links = None  # during an import: the links of the articles it updates (_load_links)

    def _current(self, name, article, origin=LinkOrigin.EDITOR):
        """Pks linked to a saved article with `origin`: from the preloaded links during an
        import, from the prefetched relations during an export."""
        if article.pk is None:
            return []
        if self.links is not None and article.pk in self.links[name]:
            return [pk for pk, (_, o) in self.links[name][article.pk].items() if o == origin]
        if self.links is not None and self.plans:
            return []  # an article of this import without links of this kind
        if name == "topics":
            return [topic.pk for topic in article.topics.all()] if origin == EDITOR else []
        related = article.session_links if name == "sessions" else article.person_links
        target = LINKS[name].target
        return [getattr(link, target) for link in related.all() if link.origin == origin]

    def read_sessions(self, article):
        numbers = self.lookups.sessions.number_by_pk
        return sorted(self._current("sessions", article), key=numbers.__getitem__)

    def read_detected_sessions(self, article):
        numbers = self.lookups.sessions.number_by_pk
        pks = self._current("sessions", article, LinkOrigin.DETECTED)
        return sorted(pks, key=numbers.__getitem__)

    def read_people(self, article):
        return sorted(self._current("people", article), key=self.lookups.people.label)

    def read_detected_people(self, article):
        pks = self._current("people", article, LinkOrigin.DETECTED)
        return sorted(pks, key=self.lookups.people.label)

    def read_topics(self, article):
        return sorted(self._current("topics", article), key=self.lookups.topics.label)

    def links_unchanged(self, article):
        pending = article._import_values
        return all(
            set(pending[name]) == set(self._current(name, article))
            for name in ("sessions", "people", "topics")
            if name in pending
        )

    def plan_related(self):
        self._link_changes(self.saved)  # the links each would lose: destructive_changes()

    def write_related(self, articles):
        """Make each article's editor links what its row says, in a few bulk queries."""
        create, promote, delete = self._link_changes(articles)
        for name, kind in LINKS.items():
            for chunk in chunked(delete[name], IMPORT_BATCH):
                kind.model.objects.filter(pk__in=chunk).delete()
            for chunk in chunked(promote[name], IMPORT_BATCH):
                kind.model.objects.filter(pk__in=chunk).update(origin=EDITOR)
            columns = ["article_id", kind.target, *kind.editor_values]
            extra = tuple(kind.editor_values.values())
            insert_rows(kind.model, columns, [(*pair, *extra) for pair in create[name]])

    def _link_changes(self, articles):
        """The links of these articles to create, promote to the editor's and delete; the
        editor links each loses (lost_links). A new article (no pk yet in a dry run) has none."""
        create, promote, delete = ({"sessions": [], "people": [], "topics": []} for _ in "cpd")
        self.lost_links = {}  # article pk: {"sessions": n, ...} of editor links removed
        for article in articles:
            for name, wanted in article._import_values.items():  # the link columns given
                current = self.links[name].get(article.pk, {})
                for pk in dict.fromkeys(wanted):
                    if pk not in current:
                        create[name].append((article.pk, pk))
                    elif current[pk][1] != LinkOrigin.EDITOR:
                        promote[name].append(current[pk][0])  # the editor now vouches for it
                for pk, (link_pk, origin) in current.items():
                    if origin == LinkOrigin.EDITOR and pk not in wanted:
                        delete[name].append(link_pk)
                        lost = self.lost_links.setdefault(article.pk, {})
                        lost[name] = lost.get(name, 0) + 1
        return create, promote, delete

    def destructive_changes(self):
        published = Article.Status.PUBLISHED
        for article in self.saved:
            before = article._import_before
            if before is None:
                continue
            label = article._import_label
            if before.get("status") == published and article.status != published:
                yield f"{label}: article '{article}' would be unpublished (status {article.status})"
            renamed = self.renamed(article)
            if renamed:
                yield renamed
            lost = self.lost_links.get(article.pk)
            if lost:
                what = ", ".join(f"{n} {name}" for name, n in sorted(lost.items()))
                yield f"{label}: article '{article}' would lose links it has from editors: {what}"

    def refresh(self, pks):
        """Detected links first (they are part of what search indexes), then the index."""
        if not pks:
            return
        started = time.perf_counter()
        matcher = detection.build_matcher()
        done = 0
        self.progress("linking", 0, len(pks))
        for chunk in chunked(pks, LINKING_BATCH):
            detection.detect_links(Article.objects.filter(pk__in=chunk), matcher=matcher)
            done += len(chunk)
            self.progress("linking", done, len(pks))
            let_other_writers_in()  # a transaction per batch: another editor saves between
        linked = time.perf_counter()
        if not self.stored_figures_later:
            self.refresh_stored_figures(pks)
        self.timings["stored figures"] = time.perf_counter() - linked
        self.timings["detection"] = time.perf_counter() - started
        logger.info("Links of %d imported articles: %s", len(pks), self.timings)
        super().refresh(pks)

    def refresh_stored_figures(self, pks):
        # Links written in bulk: the stored counts, related articles; rows that updated an
        # article may have moved it to another month, language or source.
        derived.changed(pks, recount_all=True)

    def articles_showing(self, pks):
        return pks  # reindex_articles() also rewrites the quotes of these articles

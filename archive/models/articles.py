"""Articles, their links to sessions and people, and the quotes in them."""

import datetime

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from archive.models.common import (
    EARLIEST_DATE,
    NEWEST_FIRST,
    DatePrecision,
    Language,
    NullsLastIndex,
    Year,
    format_partial_date,
    slug_url,
)
from archive.models.urls import KeepsOldUrls, unique_slug
from archive.models.validators import validate_web_address

# --- Articles ------------------------------------------------------------------------------


# The status of a new article an import is writing in batches on SQLite, until the short
# transaction that ends the import gives it its own (archive.transfer.staging): never shown,
# not even to editors, and never a choice in a form or a file.
STAGED = "importing"


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Article.Status.PUBLISHED)

    def drafts(self):
        return self.filter(status=Article.Status.DRAFT)

    def for_editors(self):
        """Every article but those an import is still writing (STAGED)."""
        return self.exclude(status=STAGED)

    def unpublished(self):
        # IN (every other status), not <>: the listing index finds the few at once.
        others = [status for status in Article.Status.values if status != Article.Status.PUBLISHED]
        return self.filter(status__in=others)

    def newest_first(self):
        return self.order_by(models.F("published_on").desc(nulls_last=True), "-created_at", "-pk")

    def newest_first_from(self, year_counts, wanted):
        """newest_first(), from the newest year that `year_counts` (the stored published
        articles per year of a session or person, Session.year_counts) holds: the walk of the
        listing index newest first then begins at that year, not at the archive's newest
        article (a 2019 session's newest 20 at 100,000 articles read 32,834 articles: 78 ms).
        Unbounded when fewer than `wanted` are dated (the undated come last) or none is."""
        articles = self.newest_first()
        years = [year for year in year_counts if year is not None]
        if not years or sum(year_counts[year] for year in years) < wanted:
            return articles
        return articles.filter(published_on__lt=datetime.date(max(years) + 1, 1, 1))

    def oldest_first(self):
        """Dated articles from the oldest; undated ones last, as in newest_first (SQLite and
        PostgreSQL put NULLs at opposite ends unless told)."""
        return self.order_by(models.F("published_on").asc(nulls_last=True), "created_at", "pk")

    def by_title(self):
        return self.order_by("title", "pk")

    def year_counts(self):
        """{year: number of articles}, None for the undated, in one GROUP BY query.

        The articles must not repeat (filter on one link per relation, as the pages do): they
        are counted, not told apart, which spares sorting every id of a busy session.
        """
        rows = (
            self.order_by()
            .annotate(year=Year("published_on"))
            .values("year")
            .annotate(count=models.Count("*"))
            .values_list("year", "count")
        )
        return dict(rows)

    def featured(self):
        # Found through their small index, then ordered: filtered in place, the newest-first
        # order walked the whole archive looking for them (0.1 s when none is featured).
        return self.filter(pk__in=Article.objects.filter(featured=True).values("pk"))

    def for_listing(self):
        """What a list of article cards shows, in a fixed number of queries."""
        return self.select_related("source").prefetch_related("sessions", "topics")

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Article(KeepsOldUrls, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=400)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    lead = models.TextField(_("lead"), blank=True)
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown."))
    author = models.CharField(_("byline"), max_length=200, blank=True)
    source = models.ForeignKey(
        "archive.Source",
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
    )
    source_url = models.URLField(
        _("original URL"), max_length=500, blank=True, validators=[validate_web_address]
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    date_precision = models.CharField(
        _("date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    date_text = models.CharField(
        _("date as printed"),
        max_length=100,
        blank=True,
        help_text=_("The date line as the source gives it, kept when it cannot be read fully."),
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    featured = models.BooleanField(_("featured"), default=False)
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_(
            "A draft is published at this time, on the site, in search, feeds and the sitemap "
            "(the worker checks every minute). Empty: published by hand."
        ),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # PostgreSQL's weighted search index, written by archive.search (NULL on SQLite, which
    # keeps an FTS5 table instead); its GIN index is made by migration 0004 on PostgreSQL only.
    search_vector = SearchVectorField(null=True, editable=False)
    # The ids of the articles sharing the most sessions, people and topics with this one,
    # best first: written by archive.linking.derived when links or publication change, so
    # the page does not count links over the whole archive. Read through published().
    related_ids = models.JSONField(default=list, editable=False, blank=True)

    sessions = models.ManyToManyField(
        "archive.Session",
        through="ArticleSession",
        related_name="articles",
        blank=True,
        verbose_name=_("sessions covered"),
    )
    people = models.ManyToManyField(
        "archive.Person",
        through="ArticlePerson",
        related_name="articles",
        blank=True,
        verbose_name=_("people mentioned"),
    )
    topics = models.ManyToManyField(
        "archive.Topic", related_name="articles", blank=True, verbose_name=_("topics")
    )
    # The same story in other languages; symmetrical, so each page links the other.
    translations = models.ManyToManyField(
        "self",
        symmetrical=True,
        blank=True,
        verbose_name=_("translations"),
        help_text=_("The same story in another language: each links to the other."),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = [models.F("published_on").desc(nulls_last=True), "-created_at"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [("publish_article", _("Can publish and unpublish articles"))]
        constraints = [
            models.UniqueConstraint(
                fields=["source_url"],
                condition=~Q(source_url=""),
                name="article_unique_source_url",
            ),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True) | Q(published_on__gte=EARLIEST_DATE),
                name="article_date_plausible",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published", STAGED]), name="article_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "published_on"], name="article_status_date_idx"),
            models.Index(fields=["language"], name="article_language_idx"),
            models.Index(Lower("title"), name="article_title_lower_idx"),
            # Lists read a page of the newest published articles straight from this index,
            # rather than sorting the whole archive (0.1 s at 100,000 articles); it also
            # finds the few unpublished ones (ArticleQuerySet.unpublished) without the table.
            NullsLastIndex(models.F("status"), *NEWEST_FIRST, name="article_listing_idx"),
            # The few drafts waiting for their publish_at (archive.jobs.tasks.publish_due).
            models.Index(
                fields=["publish_at"],
                condition=Q(publish_at__isnull=False),
                name="article_publish_at_idx",
            ),
            # The few featured articles (ArticleQuerySet.featured).
            models.Index(
                fields=["featured"], condition=Q(featured=True), name="article_featured_idx"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Article, self.title, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("archive:article-detail", self.slug)

    def natural_key(self):
        return (self.slug,)

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def date_display(self):
        if self.published_on is None:
            return self.date_text
        return format_partial_date(self.published_on, self.date_precision)

    @property
    def year(self):
        return self.published_on.year if self.published_on else None


class LinkOrigin(models.TextChoices):
    DETECTED = "detected", _("Detected in the text")
    EDITOR = "editor", _("Added by an editor")


class ArticleSession(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="session_links")
    session = models.ForeignKey(
        "archive.Session", on_delete=models.CASCADE, related_name="article_links"
    )
    origin = models.CharField(max_length=10, choices=LinkOrigin.choices, default=LinkOrigin.EDITOR)

    class Meta:
        ordering = ["session__number"]
        verbose_name = _("session covered")
        verbose_name_plural = _("sessions covered")
        constraints = [
            models.UniqueConstraint(fields=["article", "session"], name="article_session_unique")
        ]
        # A session's articles (and their number) from the index alone.
        indexes = [models.Index(fields=["session", "article"], name="articlesession_session_idx")]

    def __str__(self):
        return f"{self.article} – {self.session}"


class ArticlePerson(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="person_links")
    person = models.ForeignKey(
        "archive.Person", on_delete=models.CASCADE, related_name="article_links"
    )
    origin = models.CharField(max_length=10, choices=LinkOrigin.choices, default=LinkOrigin.EDITOR)
    matched_text = models.CharField(
        _("matched text"),
        max_length=200,
        blank=True,
        help_text=_("The spelling found in the article, e.g. 'K. Tokayev'."),
    )

    class Meta:
        ordering = ["person__sort_name"]
        verbose_name = _("person mentioned")
        verbose_name_plural = _("people mentioned")
        constraints = [
            models.UniqueConstraint(fields=["article", "person"], name="article_person_unique")
        ]
        # A person's articles (and their number) from the index alone.
        indexes = [models.Index(fields=["person", "article"], name="articleperson_person_idx")]

    def __str__(self):
        return f"{self.article} – {self.person}"


class SuppressedLink(models.Model):
    """A link an editor removed by hand: automatic detection must not add it back."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="suppressed_links")
    session = models.ForeignKey("archive.Session", on_delete=models.CASCADE, null=True, blank=True)
    person = models.ForeignKey("archive.Person", on_delete=models.CASCADE, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["article", "pk"]
        verbose_name = _("suppressed link")
        verbose_name_plural = _("suppressed links")
        constraints = [
            models.CheckConstraint(
                condition=Q(session__isnull=True, person__isnull=False)
                | Q(session__isnull=False, person__isnull=True),
                name="suppressed_link_one_target",
            ),
            models.UniqueConstraint(
                fields=["article", "session"],
                condition=Q(session__isnull=False),
                name="suppressed_session_unique",
            ),
            models.UniqueConstraint(
                fields=["article", "person"],
                condition=Q(person__isnull=False),
                name="suppressed_person_unique",
            ),
        ]

    def __str__(self):
        return f"{self.article} ↛ {self.session or self.person}"

    def get_absolute_url(self):
        return self.article.get_absolute_url()


# --- Quotes --------------------------------------------------------------------------------


class QuoteQuerySet(models.QuerySet):
    def public(self):
        """Reviewed quotes from published articles: what visitors may see."""
        return self.filter(reviewed=True, article__status=Article.Status.PUBLISHED)

    def suggestions(self):
        return self.filter(reviewed=False)

    def for_listing(self):
        return self.select_related("speaker", "article", "session")


# Quotes newest first: by their article's date, then article, then place in it.
NEWEST_QUOTES_FIRST = ("-article__published_on", "-article_id", "position", "pk")


class Quote(models.Model):
    text = models.TextField(_("quoted words"))
    speaker = models.ForeignKey(
        "archive.Person", verbose_name=_("speaker"), on_delete=models.CASCADE, related_name="quotes"
    )
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="quotes"
    )
    session = models.ForeignKey(
        "archive.Session",
        verbose_name=_("session"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quotes",
    )
    context = models.TextField(_("context"), blank=True)
    reviewed = models.BooleanField(
        _("reviewed"),
        default=True,
        help_text=_("Suggested quotes stay hidden from visitors until an editor reviews them."),
    )
    position = models.PositiveIntegerField(_("order in article"), default=0)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["article", "position", "pk"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        indexes = [models.Index(fields=["speaker", "reviewed"], name="quote_speaker_idx")]

    def __str__(self):
        words = self.text if len(self.text) <= 60 else self.text[:57] + "…"
        return f"{self.speaker}: “{words}”"

    def get_absolute_url(self):
        """The quote's own page (/quotes/<id>/), its permalink."""
        return reverse("archive:quote-detail", args=[self.pk])

    @property
    def in_article_url(self):
        """The quoted passage in its article."""
        return f"{self.article.get_absolute_url()}#quote-{self.pk}"

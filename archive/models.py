"""The archive's content: sessions of the Assembly, people, sources, topics, articles, quotes."""

import collections
import datetime
import functools
import re

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Q
from django.db.models.functions import ExtractYear, Lower
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import dateformat, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from archive.text import numerals
from archive.text.normalise import name_key, slugify, sort_key_for_name

EARLIEST_DATE = datetime.date(1900, 1, 1)
SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")  # what the <slug:> URL converter accepts


def slug_url(name, slug):
    """reverse(name, kwargs={"slug": slug}), without matching the URL pattern every time."""
    if not isinstance(slug, str) or not SLUG.match(slug):
        return reverse(name, kwargs={"slug": slug})
    return _fast_url(name, "slug", slug)


def number_url(name, number):
    """reverse(name, kwargs={"number": number}), the same way."""
    if not isinstance(number, int) or number < 0:
        return reverse(name, kwargs={"number": number})
    return _fast_url(name, "number", number)


def _fast_url(name, key, value):
    # reverse() costs ~70 µs: 0.14 s for the 2,000 links of /people/, 0.08 s for the people of
    # a busy session. The pattern is reversed once (per script prefix, URLconf and language)
    # around a marker and the value put in its place. A value the converter would refuse
    # still goes through reverse(), which raises NoReverseMatch as before.
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    head, tail = _around(name, key, get_script_prefix(), urlconf, get_language())
    return f"{head}{value}{tail}"


URL_MARKERS = {"slug": "slug-url-marker", "number": 918273645}


@functools.lru_cache(maxsize=64)
def _around(name, key, script_prefix, urlconf, language):
    marker = URL_MARKERS[key]
    url = reverse(name, kwargs={key: marker}, urlconf=urlconf)
    head, _marker, tail = url.partition(str(marker))
    return head, tail


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


def format_partial_date(value, precision):
    """'27 April 2023', 'June 1995' or '1995' depending on how much is known."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    # dateformat, not strftime: month names in the visitor's language, not the server's locale.
    if precision == DatePrecision.MONTH:
        return dateformat.format(value, "F Y")
    return dateformat.format(value, "j F Y")


def format_date_range(start, end, precision):
    """'26–27 April 2023', '30 April – 2 May 2023', 'June 1995': what the range has in common
    is said once."""
    if start is None:
        return ""
    if end is None or end == start:
        return format_partial_date(start, precision)
    if precision == DatePrecision.DAY and (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{format_partial_date(end, precision)}"
    if precision == DatePrecision.DAY and start.year == end.year:
        return f"{dateformat.format(start, 'j F')} – {format_partial_date(end, precision)}"
    return f"{format_partial_date(start, precision)} – {format_partial_date(end, precision)}"


NEWEST_FIRST = (
    models.OrderBy(models.F("published_on"), descending=True, nulls_last=True),
    models.OrderBy(models.F("created_at"), descending=True),
    models.OrderBy(models.F("id"), descending=True),
)  # ArticleQuerySet.newest_first(), as index columns


class Year(ExtractYear):
    """ExtractYear, but on SQLite read from the stored 'YYYY-MM-DD' text: Django's SQLite
    ExtractYear calls a Python function per row (0.15 s to count 100,000 articles by year)."""

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"CAST(substr({sql}, 1, 4) AS integer)", params


class NullsLastIndex(models.Index):
    """An index that may sort descending with NULLS LAST, on SQLite too.

    PostgreSQL needs the NULLS LAST to read `ORDER BY x DESC NULLS LAST` from the index. SQLite
    cannot say it in CREATE INDEX, and need not: it sorts NULLs last in descending order.
    """

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "sqlite":
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        expressions = [
            models.OrderBy(e.expression, descending=True)
            if isinstance(e, models.OrderBy) and e.descending and e.nulls_last
            else e
            for e in self.expressions
        ]
        plain = models.Index(*expressions, name=self.name, condition=self.condition)
        return plain.create_sql(model, schema_editor, using=using, **kwargs)


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    RUSSIAN = "ru", _("Russian")
    KAZAKH = "kk", _("Kazakh")


class KeepsOldUrls:
    """For models whose slug is in their URL (articles, people, topics): a slug that is another
    object's old one (SlugHistory) is refused by validation, so by the admin's forms.

    Its old URL still leads to that other object: an object taking the slug would silently send
    every link and citation of the old page to a different one. The editor chooses another
    slug, or frees the old one on purpose by deleting it under Old slugs first. Code that saves
    without validating still cannot make a URL mean two things: the live object wins and the
    redirect is dropped (archive.redirects).
    """

    def validate_unique(self, exclude=None):
        super().validate_unique(exclude=exclude)
        if (exclude and "slug" in exclude) or not self.slug:
            return
        owner = SlugHistory.objects.owner_of(type(self), self.slug, exclude_pk=self.pk)
        if owner is not None:
            raise ValidationError({"slug": old_slug_message(self, owner)})


def old_slug_message(obj, owner):
    model = type(obj)
    return _(
        "“%(slug)s” is the old address of the %(kind)s “%(owner)s”, now at %(url)s: links to it "
        "still lead there. Choose another slug (for example “%(free)s”), or first delete "
        "“%(slug)s” under Old slugs to give that address to this %(kind)s."
    ) % {
        "slug": obj.slug,
        "kind": model._meta.verbose_name,
        "owner": owner,
        "url": owner.get_absolute_url(),
        "free": unique_slug(model, obj.slug, exclude_pk=obj.pk),
    }


# --- Sessions -----------------------------------------------------------------------------


class ArticleCountsMixin:
    """For what articles link to (sessions, people, topics): `counted()`, `with_counts(rows)`."""

    link_column = ""  # the link table's column for this model

    def links(self):
        raise NotImplementedError

    def counted(self):
        """The rows as a list, each with published_article_count, in three queries.

        The links are counted straight from the link table's (column, article) index, and
        those of unpublished articles (a few) taken off: joining every link to its article and
        counting distinct ids took 0.3-0.8 s for the people or topics of 100,000 articles, a
        subquery per row 40-60 ms, these two GROUP BYs 10-20 ms.
        """
        rows = list(self)
        return self._set_counts(rows, self._published_counts())

    def with_counts(self, rows):
        """Set published_article_count on `rows` (objects of this model: a page of a list, one
        object) and return them, counted the same way for those rows only: two GROUP BY
        queries whatever the size of the archive (none for no rows). The API's lists count
        their page this way instead of annotating, so their COUNT(*) stays a plain one."""
        rows = list(rows)
        if not rows:
            return rows
        return self._set_counts(rows, self._published_counts([row.pk for row in rows]))

    def _published_counts(self, ids=None):
        counts = collections.Counter()
        for links, sign in (
            (self.links(), 1),
            (self.links().filter(article__in=Article.objects.unpublished().values("pk")), -1),
        ):
            if ids is not None:
                links = links.filter(**{f"{self.link_column}__in": ids})
            rows = links.order_by().values(self.link_column).annotate(count=models.Count("*"))
            for pk, count in rows.values_list(self.link_column, "count"):
                counts[pk] += sign * count
        return counts

    @staticmethod
    def _set_counts(rows, counts):
        for row in rows:
            row.published_article_count = counts[row.pk]
        return rows


class SessionQuerySet(ArticleCountsMixin, models.QuerySet):
    link_column = "session_id"

    def links(self):
        return ArticleSession.objects.all()

    def featuring(self, person):
        """Sessions that the person's published articles cover or where they were quoted."""
        # One EXISTS per session, not joins (OR over two joins multiplies rows) nor the
        # person's every article: for the busiest people each stops at the first article.
        covered = ArticleSession.objects.filter(
            session=models.OuterRef("pk"),
            article__person_links__person=person,
            article__status=Article.Status.PUBLISHED,
        )
        quoted = Quote.objects.public().filter(session=models.OuterRef("pk"), speaker=person)
        return self.filter(models.Exists(covered) | models.Exists(quoted))

    def get_by_natural_key(self, number):
        return self.get(number=number)


class Session(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("motto"), max_length=300, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    date_precision = models.CharField(
        _("date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("How much of the start date is known: the early sessions only by month."),
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1), name="session_number_positive"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=False, end_date__gte=models.F("start_date")),
                name="session_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(start_date__gte=EARLIEST_DATE),
                name="session_start_plausible",
            ),
        ]
        indexes = [models.Index(fields=["start_date"], name="session_start_idx")]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return number_url("archive:session-detail", self.number)

    def natural_key(self):
        return (self.number,)

    @property
    def roman(self):
        return numerals.to_roman(self.number)

    @property
    def ordinal(self):
        return numerals.ordinal(self.number)

    @property
    def label(self):
        """'27th session'."""
        return _("%(ordinal)s session") % {"ordinal": self.ordinal}

    @property
    def roman_label(self):
        """'XXVII session'."""
        return _("%(roman)s session") % {"roman": self.roman}

    @property
    def year(self):
        return self.start_date.year if self.start_date else None

    @property
    def date_display(self):
        return format_date_range(self.start_date, self.end_date, self.date_precision)


# --- People ------------------------------------------------------------------------------


class PersonQuerySet(ArticleCountsMixin, models.QuerySet):
    link_column = "person_id"

    def links(self):
        return ArticlePerson.objects.all()

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def at_session(self, session):
        """People that the session's published articles mention or that were quoted at it."""
        articles = ArticleSession.objects.filter(session=session).values("article_id")
        mentioned = ArticlePerson.objects.filter(
            article__in=articles, article__status=Article.Status.PUBLISHED
        ).values("person_id")
        quoted = Quote.objects.public().filter(session=session).values("speaker_id")
        return self.filter(Q(pk__in=mentioned) | Q(pk__in=quoted))

    def by_name(self, text):
        """People whose name or any alias is spelled like `text` (case, punctuation ignored)."""
        key = name_key(text)
        return self.filter(Q(name_key=key) | Q(aliases__key=key)).distinct()


class Person(KeepsOldUrls, models.Model):
    name = models.CharField(_("name"), max_length=200)
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    sort_name = models.CharField(
        _("sort name"),
        max_length=200,
        blank=True,
        help_text=_("Used for A–Z order; left blank it is the surname first."),
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    role = models.CharField(
        _("role"), max_length=300, blank=True, help_text=_("e.g. President of Kazakhstan")
    )
    bio = models.TextField(_("biography"), blank=True)
    featured = models.BooleanField(_("featured"), default=False)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["sort_name", "name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["sort_name"], name="person_sort_idx")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        if not self.sort_name:
            self.sort_name = sort_key_for_name(self.name)
        if not self.slug:
            self.slug = unique_slug(Person, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("archive:person-detail", self.slug)

    def natural_key(self):
        return (self.slug,)

    @property
    def initial(self):
        return (self.sort_name[:1] or self.name[:1]).upper()


class Alias(models.Model):
    """Another spelling or short form of a person's name ("K. Tokayev", "Yelbasy")."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("spelling"), max_length=200)
    key = models.CharField(max_length=200, unique=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.key = name_key(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.person.get_absolute_url()


class Position(models.Model):
    """An office someone held, so a page can say who they were at the time."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions")
    title = models.CharField(_("title"), max_length=300)
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["person", models.F("start_date").desc(nulls_last=True)]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="position_end_after_start",
            )
        ]

    def __str__(self):
        where = f", {self.organisation}" if self.organisation else ""
        return f"{self.title}{where}"

    def get_absolute_url(self):
        return self.person.get_absolute_url()

    @property
    def years(self):
        start = self.start_date.year if self.start_date else ""
        end = self.end_date.year if self.end_date else ""
        if not start and not end:
            return ""
        return f"{start}–{end}" if end != start else str(start)


# --- Sources and topics ----------------------------------------------------------------------


class SourceQuerySet(models.QuerySet):
    def get_by_natural_key(self, name):
        return self.get(name=name)


class Source(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    url = models.URLField(_("website"), blank=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(type(self), self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("archive:article-list") + f"?source={self.slug}"

    def natural_key(self):
        return (self.name,)


class TopicQuerySet(ArticleCountsMixin, models.QuerySet):
    link_column = "topic_id"

    def links(self):
        return Article.topics.through.objects.all()

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Topic(KeepsOldUrls, models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(type(self), self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("archive:topic-detail", self.slug)

    def natural_key(self):
        return (self.slug,)


# --- Articles ------------------------------------------------------------------------------


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Article.Status.PUBLISHED)

    def drafts(self):
        return self.filter(status=Article.Status.DRAFT)

    def unpublished(self):
        # IN (every other status), not <>: the listing index finds the few at once.
        others = [status for status in Article.Status.values if status != Article.Status.PUBLISHED]
        return self.filter(status__in=others)

    def newest_first(self):
        return self.order_by(models.F("published_on").desc(nulls_last=True), "-created_at", "-pk")

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

    def sharing_links(self, article, limit):
        """[(id, score)] of the articles sharing the most sessions, people and topics with
        `article` (score: how many), best first, then newest id; `article` left out.

        One GROUP BY over the three link tables' rows for those sessions, people and topics,
        in the database: a busy topic or person has 20,000-30,000 articles, and reading their
        ids into Python to count them took 0.1-0.2 s per article page.
        """
        parts, params = [], []
        for links, column, ids in (
            (ArticleSession, "session_id", [s.pk for s in article.sessions.all()]),
            (ArticlePerson, "person_id", [link.person_id for link in article.person_links.all()]),
            (Article.topics.through, "topic_id", [t.pk for t in article.topics.all()]),
        ):
            if ids:
                marks = ", ".join(["%s"] * len(ids))
                table = links._meta.db_table
                # Only table and column names of our own, and placeholders, go in the text.
                parts.append(f"SELECT article_id FROM {table} WHERE {column} IN ({marks})")  # noqa: S608
                params.extend(ids)
        if not parts:
            return []
        sql = (
            f"SELECT article_id, COUNT(*) AS score FROM ({' UNION ALL '.join(parts)}) shared"  # noqa: S608
            " WHERE article_id <> %s GROUP BY article_id"
            " ORDER BY score DESC, article_id DESC LIMIT %s"
        )
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, [*params, article.pk, limit])
            return cursor.fetchall()

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
        Source,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
    )
    source_url = models.URLField(_("original URL"), max_length=500, blank=True)
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
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # PostgreSQL's weighted search index, written by archive.search (NULL on SQLite, which
    # keeps an FTS5 table instead); its GIN index is made by migration 0004 on PostgreSQL only.
    search_vector = SearchVectorField(null=True, editable=False)

    sessions = models.ManyToManyField(
        Session,
        through="ArticleSession",
        related_name="articles",
        blank=True,
        verbose_name=_("sessions covered"),
    )
    people = models.ManyToManyField(
        Person,
        through="ArticlePerson",
        related_name="articles",
        blank=True,
        verbose_name=_("people mentioned"),
    )
    topics = models.ManyToManyField(
        Topic, related_name="articles", blank=True, verbose_name=_("topics")
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
                condition=Q(status__in=["draft", "published"]), name="article_status_valid"
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


def unique_slug(model, text, exclude_pk=None, max_length=200):
    """A slug for `text` not yet taken in `model`: 'title', then 'title-2', 'title-3' ...

    An old slug of another object (SlugHistory) counts as taken: its URL still leads there.
    """
    base = slugify(text, max_length=max_length - 6)
    taken = set(
        model.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    history = SlugHistory.objects.filter(
        content_type=ContentType.objects.get_for_model(model), old_slug__startswith=base
    )
    if exclude_pk is not None:
        history = history.exclude(object_id=exclude_pk)
    taken.update(history.values_list("old_slug", flat=True))
    return first_free_slug(base, taken)


def first_free_slug(base, taken):
    """`base`, or `base-2`, `base-3` ... whichever is not in `taken` (which it joins).

    unique_slug() reads what is taken from the database; a bulk import, which loads every
    slug once, passes its own set.
    """
    slug, counter = base, 2
    while slug in taken:
        slug = f"{base}-{counter}"
        counter += 1
    taken.add(slug)
    return slug


class LinkOrigin(models.TextChoices):
    DETECTED = "detected", _("Detected in the text")
    EDITOR = "editor", _("Added by an editor")


class ArticleSession(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="session_links")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="article_links")
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
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="article_links")
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
    session = models.ForeignKey(Session, on_delete=models.CASCADE, null=True, blank=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True)
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


class Quote(models.Model):
    text = models.TextField(_("quoted words"))
    speaker = models.ForeignKey(
        Person, verbose_name=_("speaker"), on_delete=models.CASCADE, related_name="quotes"
    )
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="quotes"
    )
    session = models.ForeignKey(
        Session,
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
        return f"{self.article.get_absolute_url()}#quote-{self.pk}"


# --- Names and URLs that stay right ----------------------------------------------------------


class SlugHistoryQuerySet(models.QuerySet):
    def of_kind(self, model):
        return self.filter(content_type=ContentType.objects.get_for_model(model))

    def owner_of(self, model, slug, exclude_pk=None):
        """The live object of `model` that used to be reached as `slug`, other than
        `exclude_pk` (an object may take back its own old slug), or None."""
        history = self.of_kind(model).filter(old_slug=str(slug))
        if exclude_pk is not None:
            history = history.exclude(object_id=exclude_pk)
        object_id = history.values_list("object_id", flat=True).first()
        if object_id is None:
            return None
        return model._default_manager.filter(pk=object_id).first()


class SlugHistory(models.Model):
    """A slug an article, person or topic used to have: its old URL redirects to the new one.

    Only the target is stored, never the new URL, so renaming again cannot build chains or loops:
    the redirect always goes to wherever the object lives now.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    old_slug = models.SlugField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = SlugHistoryQuerySet.as_manager()

    class Meta:
        ordering = ["content_type", "old_slug"]
        verbose_name = _("old slug")
        verbose_name_plural = _("old slugs")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "old_slug"], name="slug_history_unique_per_kind"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="slug_history_target")]

    def __str__(self):
        return f"{self.old_slug} → {self.target}"

    def get_absolute_url(self):
        return self.target.get_absolute_url() if self.target else "/"


class UnmatchedName(models.Model):
    """A name that looks like a person but matches no one, waiting for an editor's decision."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        IGNORED = "ignored", _("Ignored for good")
        RESOLVED = "resolved", _("Assigned to a person")

    name = models.CharField(_("name as found"), max_length=200)
    key = models.CharField(max_length=200, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    reason = models.CharField(
        _("why it is queued"),
        max_length=200,
        blank=True,
        help_text=_("e.g. 'no such person' or 'surname shared by two people'"),
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    articles = models.ManyToManyField(
        Article, related_name="unmatched_names", blank=True, through="UnmatchedMention"
    )
    occurrences = models.PositiveIntegerField(_("times seen"), default=0)
    first_seen = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["status", "-occurrences", "name"]
        verbose_name = _("unmatched name")
        verbose_name_plural = _("unmatched names")
        indexes = [models.Index(fields=["status", "occurrences"], name="unmatched_status_idx")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.key = name_key(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("admin:archive_unmatchedname_change", args=[self.pk])


class UnmatchedMention(models.Model):
    """How often an unmatched name occurs in one article.

    Detection runs again and again over the same articles; keeping the count per article lets
    each run replace its article's share, so UnmatchedName.occurrences stays exact.
    """

    unmatched = models.ForeignKey(
        UnmatchedName,
        on_delete=models.CASCADE,
        db_column="unmatchedname_id",
        related_name="mentions",
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField(_("times in this article"), default=1)

    class Meta:
        # The table the plain many-to-many field made in 0003, taken over with its rows.
        db_table = "archive_unmatchedname_articles"
        unique_together = [("unmatched", "article")]
        verbose_name = _("unmatched name in an article")
        verbose_name_plural = _("unmatched names in articles")

    def __str__(self):
        return f"{self.unmatched} × {self.count} in {self.article}"

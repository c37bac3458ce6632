"""What articles are about: sessions of the Assembly, people (their aliases and offices),
sources and topics, each counting the published articles that link to it."""

import collections

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from archive import languages
from archive.models.articles import Article, ArticlePerson, ArticleSession, Quote
from archive.models.common import (
    EARLIEST_DATE,
    DatePrecision,
    KeyedByName,
    Year,
    format_date_range,
    number_url,
    slug_url,
)
from archive.models.urls import KeepsOldUrls, unique_slug
from archive.models.validators import validate_web_address
from archive.text import numerals
from archive.text.normalise import name_key, sort_key_for_name

# --- Sessions -----------------------------------------------------------------------------


class ArticleCountsMixin:
    """For what articles link to (sessions, people, topics): `counted()`, `with_counts(rows)`,
    and `published_counts(ids)`, which counts them from the link tables.

    The pages read the stored `published_article_count` and `article_years`, kept by
    archive.linking.derived when content changes: counting at request time grew with the
    archive (10-20 ms for the people or topics of 100,000 articles).
    """

    link_column = ""  # the link table's column for this model

    def links(self):
        raise NotImplementedError

    def counted(self):
        """The rows as a list, each with its stored published_article_count: one query (the
        years, which lists do not show, left unread: decoding 2,000 of them costs ~10 ms)."""
        return list(self.defer("article_years"))

    def with_counts(self, rows):
        """`rows` as a list (their stored counts come with them)."""
        return list(rows)

    def published_counts(self, ids=None):
        """{pk: {year or None: number of published articles}} for `ids` (None: every row
        with any), in one GROUP BY over the link table's rows of published articles."""
        links = self.links().filter(article__status=Article.Status.PUBLISHED)
        if ids is not None:
            links = links.filter(**{f"{self.link_column}__in": ids})
        rows = (
            links.order_by()
            .annotate(year=Year("article__published_on"))
            .values(self.link_column, "year")
            .annotate(count=models.Count("*"))
            .values_list(self.link_column, "year", "count")
        )
        counts = collections.defaultdict(dict)
        for pk, year, count in rows:
            counts[pk][year] = count
        return counts


class CountsPublishedArticles(models.Model):
    """Sessions, people and topics keep their number of published articles, in all and per
    year, written by archive.linking.derived whenever content changes (never by hand)."""

    published_article_count = models.PositiveIntegerField(
        _("published articles"), default=0, editable=False
    )
    # {"2015": 12, "": 3}: the year as text (JSON keys are), "" for the undated.
    article_years = models.JSONField(default=dict, editable=False, blank=True)

    class Meta:
        abstract = True

    @property
    def year_counts(self):
        """{year or None: number of published articles}, as ArticleQuerySet.year_counts()."""
        return {int(year) if year else None: count for year, count in self.article_years.items()}


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


class Session(CountsPublishedArticles):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("motto"), max_length=300, blank=True)
    title_ru = models.CharField(_("motto in Russian"), max_length=300, blank=True)
    title_kk = models.CharField(_("motto in Kazakh"), max_length=300, blank=True)
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
    location_ru = models.CharField(_("location in Russian"), max_length=200, blank=True)
    location_kk = models.CharField(_("location in Kazakh"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    summary_ru = models.TextField(_("summary in Russian"), blank=True)
    summary_kk = models.TextField(_("summary in Kazakh"), blank=True)

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
    def local_title(self):
        """The motto in the active language (English when not translated)."""
        return languages.localized(self, "title")

    @property
    def local_location(self):
        return languages.localized(self, "location")

    @property
    def local_summary(self):
        return languages.localized(self, "summary")

    @property
    def roman(self):
        return numerals.to_roman(self.number)

    @property
    def ordinal(self):
        """'27th', '27-я', '27-ші': in the active language."""
        return languages.ordinal(self.number)

    @property
    def label(self):
        """'27th session', '27-я сессия', '27-ші сессия'."""
        return _("%(ordinal)s session") % {"ordinal": self.ordinal}

    @property
    def roman_label(self):
        """'XXVII session', 'XXVII сессия', 'XXVII сессиясы'."""
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


class Person(KeepsOldUrls, CountsPublishedArticles):
    name = models.CharField(_("name"), max_length=200)
    name_ru = models.CharField(_("name in Russian"), max_length=200, blank=True)
    name_kk = models.CharField(_("name in Kazakh"), max_length=200, blank=True)
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
    role_ru = models.CharField(_("role in Russian"), max_length=300, blank=True)
    role_kk = models.CharField(_("role in Kazakh"), max_length=300, blank=True)
    bio = models.TextField(_("biography"), blank=True)
    bio_ru = models.TextField(_("biography in Russian"), blank=True)
    bio_kk = models.TextField(_("biography in Kazakh"), blank=True)
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

    @property
    def local_name(self):
        """The name in the active language (English when not translated)."""
        return languages.localized(self, "name")

    @property
    def local_role(self):
        return languages.localized(self, "role")

    @property
    def local_bio(self):
        return languages.localized(self, "bio")

    def natural_key(self):
        return (self.slug,)

    def spell_names_as_aliases(self):
        """The Russian and Kazakh names become aliases too, so detection finds them in text;
        a spelling already another person's stays theirs. Returns the aliases added."""
        added = []
        for name in (self.name_ru, self.name_kk):
            key = name_key(name) if name else ""
            if not key or key == self.name_key or Alias.objects.filter(key=key).exists():
                continue
            added.append(Alias.objects.create(person=self, name=name))
        return added

    @property
    def initial(self):
        return (self.sort_name[:1] or self.name[:1]).upper()


class Alias(KeyedByName, models.Model):
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


class NamedWithSlug(models.Model):
    """A record known by a unique name, with a slug made from it unless an editor gives one."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(type(self), self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)


class Source(NamedWithSlug):
    url = models.URLField(_("website"), blank=True, validators=[validate_web_address])

    objects = SourceQuerySet.as_manager()

    class Meta(NamedWithSlug.Meta):
        verbose_name = _("source")
        verbose_name_plural = _("sources")

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


class Topic(KeepsOldUrls, CountsPublishedArticles, NamedWithSlug):
    name_ru = models.CharField(_("name in Russian"), max_length=200, blank=True)
    name_kk = models.CharField(_("name in Kazakh"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_ru = models.TextField(_("description in Russian"), blank=True)
    description_kk = models.TextField(_("description in Kazakh"), blank=True)

    objects = TopicQuerySet.as_manager()

    class Meta(NamedWithSlug.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def get_absolute_url(self):
        return slug_url("archive:topic-detail", self.slug)

    @property
    def local_name(self):
        """The name in the active language (English when not translated)."""
        return languages.localized(self, "name")

    @property
    def local_description(self):
        return languages.localized(self, "description")

    def natural_key(self):
        return (self.slug,)

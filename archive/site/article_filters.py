"""The article list's filters: archive.filters.ArticleFilter (shared with search and the
API), plus a date range, with menus that offer only what has published articles (and how
many), and bad values left out with a short note instead of a form error.

    ?date_from=2019&date_to=2019-06   any precision: a year, a month or a day
"""

import calendar
import datetime
import re
from dataclasses import dataclass

import django_filters
from django import forms
from django.db import connections
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _

from archive import caching, languages
from archive.filters import ArticleFilter
from archive.linking import archive_counts
from archive.models import Article, Language, PublishedCount, Session, Source, Topic
from archive.site.widgets import MenuSelect

PARTIAL_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")


@dataclass(frozen=True)
class PartialDate:
    """A year, a month or a day, as a visitor types it: "2019", "2019-04", "2019-04-26"."""

    first: datetime.date
    last: datetime.date
    text: str


def parse_partial_date(text):
    """The PartialDate `text` names, or None when it names no real date."""
    match = PARTIAL_DATE.match(str(text or ""))
    if not match:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        if month is None:
            return PartialDate(datetime.date(year, 1, 1), datetime.date(year, 12, 31), text)
        if day is None:
            last_day = calendar.monthrange(year, month)[1]
            first = datetime.date(year, month, 1)
            return PartialDate(first, datetime.date(year, month, last_day), text)
        day_date = datetime.date(year, month, day)
    except ValueError:
        return None
    return PartialDate(day_date, day_date, text)


class PartialDateField(forms.CharField):
    default_error_messages = {
        "invalid": gettext_lazy("Write a year, a month or a day: 2019, 2019-04 or 2019-04-26.")
    }

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        parsed = parse_partial_date(value)
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


class PartialDateFilter(django_filters.Filter):
    """From the start (date_from) or to the end (date_to) of a year, month or day."""

    field_class = PartialDateField

    def __init__(self, *args, end=False, **kwargs):
        self.end = end
        kwargs.setdefault("field_name", "published_on")
        kwargs.setdefault("lookup_expr", "lte" if end else "gte")
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value is None:
            return qs
        return super().filter(qs, value.last if self.end else value.first)


def choice_counts():
    """{filter: [(value, label, number of published articles)]} of every session, topic,
    source and language that has published articles: one query (the four kinds in a UNION
    ALL) over the stored counts (archive/linking/derived.py, archive_counts.py), not over the
    articles, kept until the archive changes (caching.cached)."""

    def compute():
        session = Session._meta.db_table
        topic = Topic._meta.db_table
        source = Source._meta.db_table
        counts = PublishedCount._meta.db_table
        topic_name = languages.localized_sql("t.name")
        kinds = PublishedCount.Kind
        # Only our own table names and constants go into the text: no visitor input at all.
        key, count = '"key"', '"count"'  # quoted: words of SQL in some engines
        sql = (
            f"SELECT 'session', CAST(s.number AS TEXT), '', s.published_article_count "  # noqa: S608
            f"FROM {session} s WHERE s.published_article_count > 0 "
            f"UNION ALL SELECT 'topic', t.slug, {topic_name}, t.published_article_count "
            f"FROM {topic} t WHERE t.published_article_count > 0 "
            f"UNION ALL SELECT 'source', s.slug, s.name, c.{count} FROM {counts} c "
            f"JOIN {source} s ON c.{key} = CAST(s.id AS TEXT) WHERE c.kind = '{kinds.SOURCE}' "
            f"UNION ALL SELECT 'language', c.{key}, '', c.{count} FROM {counts} c "
            f"WHERE c.kind = '{kinds.LANGUAGE}'"
        )
        # Where the router reads articles from: a replica for visitors (archive/replicas.py).
        with connections[Article.objects.db].cursor() as cursor:
            cursor.execute(sql)
            rows = cursor.fetchall()
        choices = {"session": [], "topic": [], "source": [], "language": []}
        language_names = dict(Language.choices)
        for kind, value, label, count in rows:
            if kind == "session":
                label = Session(number=int(value)).label
            elif kind == "language":
                label = language_names.get(value, value)
            choices[kind].append((str(value), str(label), count))
        choices["session"].sort(key=lambda row: int(row[0]))
        for kind in ("topic", "source", "language"):
            choices[kind].sort(key=lambda row: row[1].lower())
        return choices

    return caching.cached(f"article-filter-choices:{get_language()}", compute)


class ArticleListFilter(ArticleFilter):
    date_from = PartialDateFilter(label=gettext_lazy("From"))
    date_to = PartialDateFilter(label=gettext_lazy("To"), end=True)

    class Meta(ArticleFilter.Meta):
        fields = [*ArticleFilter.Meta.fields, "date_from", "date_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = choice_counts()
        fields = self.form.fields
        any_label = pgettext_lazy("no filter", "Any")
        for name, rows in choices.items():
            # What has articles, with how many; what the visitor chose stays in its menu.
            chosen = str(self.data.get(name, "")) if self.is_bound else ""
            offered = [(value, f"{label} ({n})") for value, label, n in rows]
            if chosen and chosen not in {value for value, _label, _n in rows}:
                offered.append((chosen, chosen))
            menu = MenuSelect(attrs=fields[name].widget.attrs)
            menu.choices = [("", any_label), *offered]
            fields[name].widget = menu
        for name in ("date_from", "date_to"):
            fields[name].widget.attrs.update(
                {"placeholder": _("e.g. 2019 or 2019-04"), "inputmode": "numeric", "size": 10}
            )

    @property
    def active_filters(self):
        active = []
        for label, value in super().active_filters:
            if isinstance(value, PartialDate):
                value = value.text
            # A person or topic in the visitor's language: str() is the English name.
            value = getattr(value, "local_name", value)
            active.append((label, value))
        return active


def without_bad_values(data, filterset_class=ArticleListFilter, **kwargs):
    """(the filterset of `data` with every value it cannot use left out, notes saying what
    was left out): a visitor's typo or an old link gives the list with a short note, never
    Django's "Select a valid choice" above the unfiltered list."""
    filterset = filterset_class(data or None, **kwargs)
    if not filterset.is_bound or filterset.form.is_valid():
        return filterset, []
    notes = []
    data = data.copy()
    for name in filterset.form.errors:
        if name not in filterset.filters:
            continue
        label = filterset.filters[name].label
        notes.append(
            _("Left out “%(value)s”: not a value of the filter “%(filter)s”.")
            % {"value": str(data.get(name, ""))[:40], "filter": label}
        )
        data.pop(name, None)
    return filterset_class(data or None, **kwargs), notes


def month_label(year, month):
    return date_format(datetime.date(year, month, 1), "F Y")


STORED_TOTAL_FILTERS = ("session", "person", "topic", "source", "language", "year")


def stored_total(filterset):
    """How many published articles the list shows, from the stored counts when it is the whole
    archive or filtered by one session, person, topic, source, language or year (what most
    visitors open); None when it must be counted (several filters, a date range)."""
    if filterset.is_bound and not filterset.form.is_valid():
        return None
    data = filterset.form.cleaned_data if filterset.is_bound else {}
    chosen = {name: value for name, value in data.items() if value not in (None, "", [])}
    chosen.pop("ordering", None)
    if len(chosen) > 1 or not set(chosen) <= set(STORED_TOTAL_FILTERS):
        return None
    figures = archive_counts.figures()
    if not chosen:
        return sum(figures[PublishedCount.Kind.MONTH].values())
    ((name, value),) = chosen.items()
    if name in ("session", "person", "topic"):
        return value.published_article_count
    if name == "source":
        return figures[PublishedCount.Kind.SOURCE].get(str(value.pk), 0)
    if name == "language":
        return figures[PublishedCount.Kind.LANGUAGE].get(value, 0)
    months = figures[PublishedCount.Kind.MONTH]
    return sum(n for key, n in months.items() if key.startswith(f"{int(value):04d}-"))

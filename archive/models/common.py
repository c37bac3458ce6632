"""What the archive's models share: dates as the sources give them, languages, fast URLs
and an index that sorts NULLs last on both databases."""

import datetime
import functools
import re

from django.conf import settings
from django.db import models
from django.db.models.functions import ExtractYear
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import dateformat
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from archive.text.normalise import name_key

EARLIEST_DATE = datetime.date(1900, 1, 1)
SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")  # what the <slug:> URL converter accepts


def slug_url(name, slug):
    """reverse(name, kwargs={"slug": slug}), without matching the URL pattern every time."""
    if not isinstance(slug, str) or not SLUG.match(slug):
        return reverse(name, kwargs={"slug": slug})
    return _fast_url(name, "slug", slug)


def slug_urls(name):
    """slug_url(name, slug) for many slugs, the pattern looked up once."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    head, tail = _around(name, "slug", get_script_prefix(), urlconf, get_language())

    def url(slug):
        if not isinstance(slug, str) or not SLUG.match(slug):
            return reverse(name, kwargs={"slug": slug})
        return f"{head}{slug}{tail}"

    return url


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


# How each language writes a date: {d} the day, {m} the month inside a date ("27 апреля"),
# {ma} a month alone ("июнь"), {y} the year. English: '27 April 2023'; Russian: '27 апреля
# 2023 г.'; Kazakh, year first: '2023 жылғы 27 сәуір'. A range says what it shares once.
DATE_STYLES = {
    "en": {
        "day": "{d} {m} {y}",
        "month": "{ma} {y}",
        "same_month": "{d1}–{d2} {m2} {y}",
        "same_year": "{d1} {m1} – {d2} {m2} {y}",
    },
    "ru": {
        "day": "{d} {m} {y} г.",
        "month": "{ma} {y} г.",
        "same_month": "{d1}–{d2} {m2} {y} г.",
        "same_year": "{d1} {m1} – {d2} {m2} {y} г.",
    },
    "kk": {
        "day": "{y} жылғы {d} {m}",
        "month": "{y} жылғы {ma}",
        "same_month": "{y} жылғы {d1}–{d2} {m2}",
        "same_year": "{y} жылғы {d1} {m1} – {d2} {m2}",
    },
}


def _date_style():
    language = (get_language() or "en").split("-")[0]
    return language, DATE_STYLES.get(language, DATE_STYLES["en"])


def _month(value, language, alone=False):
    # dateformat, not strftime: month names in the visitor's language, not the server's
    # locale. Russian takes the genitive inside a date ("апреля", Django's "E"); Russian and
    # Kazakh write month names in lower case inside a phrase.
    if language == "en":
        return dateformat.format(value, "F")
    name = dateformat.format(value, "F" if alone or language != "ru" else "E")
    return name.lower()


def format_partial_date(value, precision):
    """'27 April 2023', 'June 1995' or '1995' depending on how much is known (in the active
    language: '27 апреля 2023 г.', '2023 жылғы 27 сәуір')."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    language, style = _date_style()
    if precision == DatePrecision.MONTH:
        return style["month"].format(ma=_month(value, language, alone=True), y=value.year)
    return style["day"].format(d=value.day, m=_month(value, language), y=value.year)


def format_date_range(start, end, precision):
    """'26–27 April 2023', '30 April – 2 May 2023', 'June 1995': what the range has in common
    is said once."""
    if start is None:
        return ""
    if end is None or end == start:
        return format_partial_date(start, precision)
    if precision == DatePrecision.DAY and start.year == end.year:
        language, style = _date_style()
        shape = "same_month" if start.month == end.month else "same_year"
        return style[shape].format(
            d1=start.day,
            m1=_month(start, language),
            d2=end.day,
            m2=_month(end, language),
            y=end.year,
        )
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


class KeyedByName:
    """For records found by a spelling (aliases, queued names): `key` is always the name's
    comparison form (archive.text.normalise.name_key), so lookups by key agree with the text."""

    def save(self, *args, **kwargs):
        self.key = name_key(self.name)
        super().save(*args, **kwargs)

"""Facet counts of a search: how many matching articles per session, person, topic, source,
language and year ("32nd session (12)"), with the link that applies or removes each filter."""

# ruff: noqa: S608 - table names are constants; every value travels as a parameter.

from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.html import format_html
from django.utils.translation import gettext as _

from archive import languages
from archive.models import Language, Session

FACET_LIMIT = 10
# Counting tens of thousands of matches by six facets takes longer than the whole search
# should: beyond EXACT_LIMIT matches the counts are estimated from an even sample of between
# SAMPLE_SIZE / 2 and SAMPLE_SIZE of them (every n-th id, n a power of two, so that a sample
# taken every n/4-th id holds it: the SQLite engine samples before it knows the total) and
# shown as approximate.
EXACT_LIMIT = 1000
SAMPLE_SIZE = 500
FACET_NAMES = ("session", "person", "topic", "source", "language", "year")


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    href: str  # the query string that applies this value (or removes it when selected)
    approximate: bool = False

    @property
    def html(self):
        """The list item's content, built here: a template loop over ~60 values with a
        dozen lookups each cost more than the rest of the page."""
        if self.approximate:
            count = format_html(
                '<span class="count" title="{}">(≈{})</span>',
                _("Estimated from a sample of the matches"),
                self.count,
            )
        else:
            count = format_html('<span class="count">({})</span>', self.count)
        if self.selected:
            return format_html(
                '<strong>{}</strong> {} <a href="?{}" title="{}">×</a>',
                self.label,
                count,
                self.href,
                _("Remove this filter"),
            )
        return format_html('<a href="?{}">{}</a> {}', self.href, self.label, count)


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue]


def stride_for(total: int) -> int:
    """1 (count every match) up to EXACT_LIMIT matches, else the smallest power of two n for
    which every n-th id is at most SAMPLE_SIZE of them."""
    if total <= EXACT_LIMIT:
        return 1
    stride = 1
    while stride * SAMPLE_SIZE < total:
        stride *= 2
    return stride


def sampled_counts_sql(year_sql) -> str:
    """CTEs and SELECTs to follow `WITH m AS MATERIALIZED (<ids of the matches>), `: a
    ('total', n, stride, 0) row, then the facet rows counted over every match, or over every
    stride-th (by id, stride as stride_for() gives it) when there are more than EXACT_LIMIT.
    The matches are found once. PostgreSQL only (generate_series)."""
    sample = int(SAMPLE_SIZE)
    return (
        "total AS (SELECT COUNT(*) AS n FROM m), "
        f"stride AS (SELECT CASE WHEN total.n <= {int(EXACT_LIMIT)} THEN 1 ELSE "
        f"(SELECT min(CAST(1 AS BIGINT) << i) FROM generate_series(0, 40) AS i "
        f"WHERE (CAST(1 AS BIGINT) << i) * {sample} >= total.n) END AS n FROM total), "
        "hits AS MATERIALIZED (SELECT m.id FROM m, stride WHERE m.id %% stride.n = 0)"
        f"{counts_ctes(year_sql)} "
        "SELECT 'total', CAST(total.n AS TEXT), CAST(stride.n AS TEXT), 0 FROM total, stride "
        f"UNION ALL {counts_sql(year_sql)}"
    )


def split_rows(rows) -> tuple[int, int, list[int], list[tuple]]:
    """(total, stride, page ids in order, facet rows) from rows tagged 'total', 'page'
    (value = id, n = position) or a facet name."""
    total, stride, page, facet_rows = 0, 1, [], []
    for row in rows:
        if row[0] == "total":
            total, stride = int(row[1]), max(int(row[2]), 1)
        elif row[0] == "page":
            page.append((row[3], int(row[1])))
        else:
            facet_rows.append(row)
    return total, stride, [pk for _, pk in sorted(page)], facet_rows


def counts_ctes(year_sql) -> str:
    """A CTE to follow the one named `hits` (the article ids to count): the articles' source,
    language and year counted together, so the article rows are looked up once, not once
    per facet."""
    year = year_sql("a.published_on")
    return (
        ", facet_groups AS MATERIALIZED (SELECT a.source_id AS source_id, a.language AS language, "
        f"{year} AS year, COUNT(*) AS n FROM archive_article a "
        "WHERE a.id IN (SELECT id FROM hits) GROUP BY 1, 2, 3)"
    )


def counts_sql(year_sql) -> str:
    """SELECTs (facet, value, label, n) over the article ids of a CTE named `hits` and the
    CTEs of counts_ctes(), to append to that WITH clause. `year_sql(column)` is the engine's
    year of a date."""

    def top(key):  # ties broken by id, so that both engines keep the same values
        return f"ORDER BY n DESC, {key} LIMIT {FACET_LIMIT}"

    in_hits = "IN (SELECT id FROM hits)"
    person_name, topic_name = languages.localized_sql("p.name"), languages.localized_sql("t.name")
    total = "CAST(SUM(n) AS INTEGER)"  # PostgreSQL sums integers as numeric
    # Group by integer keys (hash aggregates), name only the few groups kept.
    parts = [
        "SELECT 'session', CAST(s.number AS TEXT), '', x.n FROM (SELECT session_id, COUNT(*) AS n "
        f"FROM archive_articlesession WHERE article_id {in_hits} GROUP BY session_id) AS x "
        "JOIN archive_session s ON s.id = x.session_id",
        f"SELECT 'person', p.slug, {person_name}, x.n FROM (SELECT person_id, COUNT(*) AS n "
        f"FROM archive_articleperson WHERE article_id {in_hits} "
        f"GROUP BY person_id {top('person_id')}) AS x "
        "JOIN archive_person p ON p.id = x.person_id",
        f"SELECT 'topic', t.slug, {topic_name}, x.n FROM (SELECT topic_id, COUNT(*) AS n "
        f"FROM archive_article_topics WHERE article_id {in_hits} "
        f"GROUP BY topic_id {top('topic_id')}) AS x "
        "JOIN archive_topic t ON t.id = x.topic_id",
        f"SELECT 'source', s.slug, s.name, x.n FROM (SELECT source_id, {total} AS n "
        "FROM facet_groups WHERE source_id IS NOT NULL "
        f"GROUP BY source_id {top('source_id')}) AS x "
        "JOIN archive_source s ON s.id = x.source_id",
        f"SELECT 'language', language, '', {total} FROM facet_groups GROUP BY language",
        f"SELECT 'year', year, '', {total} FROM facet_groups WHERE year IS NOT NULL GROUP BY year",
    ]
    return " UNION ALL ".join(parts)


def facets(rows, stride: int, data, filterset, q="") -> list[Facet]:
    """The engine's (facet, value, label, n) rows as facets with their links (keeping the
    query `q` and the other filters `data`); with a stride > 1 the counts came from a
    sample and are scaled up and marked approximate."""
    labels = {
        "session": lambda value, _: Session(number=int(value)).label,
        "language": lambda value, _: str(Language(value).label),
    }
    grouped: dict[str, list] = {}
    for facet, value, label, count in rows:
        label = labels[facet](value, label) if facet in labels else (label or value)
        grouped.setdefault(facet, []).append((str(value), str(label), count))
    order = {
        "session": lambda row: int(row[0]),
        "year": lambda row: -int(row[0]) if row[0].isdigit() else 0,
    }
    facets = []
    for name in FACET_NAMES:
        current = str(data.get(name, ""))
        # The FACET_LIMIT largest (and the one chosen), then in their natural order.
        rows = sorted(grouped.get(name, []), key=lambda row: (-row[2], row[0]))
        rows = [r for i, r in enumerate(rows) if i < FACET_LIMIT or r[0] == current]
        grouped[name] = sorted(rows, key=order.get(name, lambda row: -row[2]))
        items = [
            FacetValue(
                value,
                label,
                _estimate(count, stride),
                value == current,
                _href(q, data, name, value),
                approximate=stride > 1,
            )
            for value, label, count in grouped.get(name, [])
        ]
        if items:
            facets.append(Facet(name, str(filterset.filters[name].label), items))
    return facets


def _estimate(count, stride) -> int:
    """A sampled count scaled up, to two significant figures."""
    return count if stride == 1 else significant(count * stride)


def significant(value: int, figures: int = 2) -> int:
    """`value` rounded to `figures` significant figures (79,872 -> 80,000)."""
    if value <= 0:
        return 0
    return round(value, figures - len(str(value)))


def _href(q, data, name, value) -> str:
    params = {"q": q} if q else {}
    params.update((k, v) for k, v in data.items() if k != name)
    if str(data.get(name, "")) != value:
        params[name] = value
    return urlencode(params)

"""SQLite: two FTS5 tables (articles; people, sessions, topics and quotes), bm25 ranking.

The tables are created by migrations 0004 and 0013 (on SQLite only). Both use the Porter
stemmer over unicode61 with diacritics removed, so "sessions" finds "session" and "Cafe"
finds "Café"; case is folded in every script (FTS5's unicode61 folds Cyrillic too, unlike
LIKE). Porter stems English only: the article table's `stems` column holds the Snowball
stems of the Cyrillic words (archive.text.stemming), and a Cyrillic query word also matches
its stems there, so "сессии" finds "сессия" and "Тоқаев" finds "Тоқаевтың". Each table
keeps its own copy of the indexed text, so a row can always be deleted and snippets never
read stale content.
"""

# ruff: noqa: S608, S611 - table names are constants; every value travels as a parameter.

import json

from django.db import connection
from django.db.models import Q

from archive.db import chunked
from archive.models import Alias, Person
from archive.search import facets, ranking
from archive.search.documents import ArticleDocument, Entry
from archive.search.query import MARK_END, MARK_START, ParsedQuery, Term
from archive.text.stemming import query_stems

ARTICLE_TABLE = "archive_search_article"
ENTRY_TABLE = "archive_search_entry"
VOCAB_TABLE = "archive_search_vocab"
# Tokenizer 'porter unicode61 remove_diacritics 2'; bm25 weights (stored as the tables'
# rank) title 10, lead 4, body 1, names 3 (byline, source, people, sessions, topics),
# stems 1.
# Entry rowids carry their kind in the low bits, so a row is found without a scan.
KIND_CODES = {"person": 1, "session": 2, "topic": 3, "quote": 4}
KIND_BITS = 3


def _placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


def entry_rowid(kind: str, pk: int) -> int:
    return (pk << KIND_BITS) | KIND_CODES[kind]


# --- the query language in FTS5 syntax ------------------------------------------------------


def _fts5_word(word: str, prefix: bool, stemmed: bool) -> str:
    """One word; in the article table, a Cyrillic word or its stems (the `stems` column)."""
    text = f'"{word}"' + (" *" if prefix else "")
    stems = query_stems(word) if stemmed else []
    if not stems:
        return text
    return f"({text} OR stems : (" + " OR ".join(f'"{s}"' for s in stems) + "))"


def fts5_term(term: Term, stemmed: bool = True) -> str:
    # Words hold letters and digits only (see query.py), so quoting them is enough.
    if not term.is_phrase:
        return _fts5_word(term.words[0], term.prefix, stemmed)
    if term.loose:
        last = len(term.words) - 1
        words = [
            _fts5_word(w, term.prefix and i == last, stemmed) for i, w in enumerate(term.words)
        ]
        return "(" + " AND ".join(words) + ")"
    return '"' + " ".join(term.words) + '"' + (" *" if term.prefix else "")


def fts5_expression(query: ParsedQuery, stemmed: bool = True) -> str:
    """The query for the article table, or with stemmed=False for the entry table (which
    has no stems: people are found by their names' match keys, see documents.person_names)."""

    def clause(c):
        return "(" + " OR ".join(fts5_term(t, stemmed) for t in c.terms) + ")"

    expression = " AND ".join(clause(c) for c in query.positive)
    if query.negative:
        excluded = " OR ".join(clause(c) for c in query.negative)
        expression = f"({expression}) NOT ({excluded})"
    return expression


class SQLiteEngine:
    vendor = "sqlite"

    # --- writing ----------------------------------------------------------------------------

    def write_articles(self, documents: list[ArticleDocument], remove_ids=()):
        with connection.cursor() as cursor:
            for chunk in chunked([*remove_ids, *(d.pk for d in documents)]):
                cursor.execute(
                    f"DELETE FROM {ARTICLE_TABLE} WHERE rowid IN ({_placeholders(chunk)})", chunk
                )
            if documents:
                cursor.executemany(
                    f"INSERT INTO {ARTICLE_TABLE}(rowid, title, lead, body, names, stems) "
                    "VALUES (%s, %s, %s, %s, %s, %s)",
                    [(d.pk, d.title, d.lead, d.body, d.names, d.stems) for d in documents],
                )

    def write_entries(self, entries: list[Entry], remove=()):
        rowids = [entry_rowid(kind, pk) for kind, pk in remove]
        rowids += [entry_rowid(e.kind, e.pk) for e in entries]
        with connection.cursor() as cursor:
            for chunk in chunked(rowids):
                cursor.execute(
                    f"DELETE FROM {ENTRY_TABLE} WHERE rowid IN ({_placeholders(chunk)})", chunk
                )
            if entries:
                cursor.executemany(
                    f"INSERT INTO {ENTRY_TABLE}(rowid, title, body) VALUES (%s, %s, %s)",
                    [(entry_rowid(e.kind, e.pk), e.title, e.body) for e in entries],
                )

    def clear(self):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {ARTICLE_TABLE}")
            cursor.execute(f"DELETE FROM {ENTRY_TABLE}")

    def is_empty(self) -> bool:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {ARTICLE_TABLE} LIMIT 1")
            return cursor.fetchone() is None

    def ensure_indexes(self):
        """A narrow index for the facet counts, so counting tens of thousands of matches
        never reads article rows (long bodies spill into overflow pages). Made after every
        migrate: SQLite drops indexes the models do not declare when it rebuilds a table."""
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE INDEX IF NOT EXISTS archive_article_search_facets ON archive_article "
                "(id, status, source_id, language, published_on)"
            )

    def optimize(self):
        with connection.cursor() as cursor:
            for table in (ARTICLE_TABLE, ENTRY_TABLE):
                cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
            cursor.execute("ANALYZE")  # statistics, so the planner picks the narrow indexes

    # --- reading ----------------------------------------------------------------------------

    def known_words(self, words) -> set[str]:
        """The words (as typed) some published article contains, stemmed as indexed."""
        words = list(dict.fromkeys(words))
        if not words:
            return set()
        probes = ", ".join(
            [f"EXISTS (SELECT 1 FROM {ARTICLE_TABLE} WHERE {ARTICLE_TABLE} MATCH %s)"] * len(words)
        )
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {probes}", [f'"{w}"' for w in words])
            found = cursor.fetchone()
        return {w for w, hit in zip(words, found, strict=True) if hit}

    def prepare(self, query: ParsedQuery) -> ParsedQuery:
        """Porter turns a typed prefix 'tokay' into 'tokai', which starts no indexed word:
        prefixes ending in y or i also match the indexed words that really start with them."""
        alternatives = {}
        with connection.cursor() as cursor:
            for term in query.terms:
                last = term.words[-1]
                if term.prefix and not term.is_phrase and last[-1] in "yi":
                    cursor.execute(
                        f"SELECT term FROM {VOCAB_TABLE} WHERE term >= %s AND term < %s LIMIT 20",
                        [last, last + "\uffff"],
                    )
                    words = [row[0] for row in cursor.fetchall() if row[0] != last]
                    alternatives[term] = [Term((w,), added=True) for w in words]
        return query.with_alternatives(alternatives) if alternatives else query

    def matching_articles(self, queryset, query: ParsedQuery):
        """`queryset` narrowed to matching articles (keeps its own order)."""
        from django.db.models.expressions import RawSQL

        return queryset.filter(pk__in=RawSQL(*self.hits_sql(query)))

    def hits_sql(self, query: ParsedQuery, restrict=None, stride=1) -> tuple[str, list]:
        """(sql, params) selecting the ids of the matching articles (column `id`); with a
        stride > 1, only those whose id is a multiple of it (an even sample)."""
        sql = f"SELECT rowid AS id FROM {ARTICLE_TABLE} WHERE {ARTICLE_TABLE} MATCH %s"
        params = [fts5_expression(query)]
        if restrict:
            sql += f" AND rowid IN ({restrict[0]})"
            params += list(restrict[1])
        if stride > 1:
            sql += f" AND (rowid %% {int(stride)}) = 0"
        return sql, params

    def count_articles(self, query: ParsedQuery, restrict=None) -> int:
        # The index holds published articles only, so it can count them alone.
        sql, params = self.hits_sql(query, restrict)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({sql})", params)
            return cursor.fetchone()[0]

    def _rank_window(self, sql, params) -> list[tuple[int, float]]:
        """(id, bm25 rank) of the newest RANK_WINDOW matches (by when they were indexed),
        newest first. Ranking costs a few microseconds a match: bounding it keeps a query
        that matches most of the archive as fast as a rare one."""
        window = sql.replace("SELECT rowid AS id", "SELECT rowid AS id, rank", 1)
        with connection.cursor() as cursor:
            cursor.execute(f"{window} ORDER BY rowid DESC LIMIT %s", [*params, ranking.RANK_WINDOW])
            return cursor.fetchall()

    @staticmethod
    def _ranked_page(window, offset: int, limit: int) -> list[int]:
        """Ids of window[offset:offset + limit] in rank order, equal scores newest first (by
        date, then id): only the best few past the page need their dates."""
        best = sorted(window, key=lambda row: (row[1], -row[0]))
        best = best[: offset + limit + ranking.TIE_WINDOW]
        if not best:
            return []
        rank = dict(best)
        ids = list(rank)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, published_on FROM archive_article "
                f"WHERE status = 'published' AND id IN ({_placeholders(ids)})",
                ids,
            )
            dated = cursor.fetchall()
        dated.sort(key=lambda row: row[0], reverse=True)
        dated.sort(key=lambda row: (row[1] is not None, row[1]), reverse=True)  # no date: last
        dated.sort(key=lambda row: rank[row[0]])
        return [pk for pk, _ in dated[offset : offset + limit]]

    def ranked_article_ids(self, query, restrict, offset: int, limit: int) -> list[int]:
        """Ids of one page of matches: the newest RANK_WINDOW matches ranked by bm25, equal
        scores newest first; any further matches follow, newest first."""
        sql, params = self.hits_sql(query, restrict)
        ids: list[int] = []
        if offset < ranking.RANK_WINDOW:
            take = min(limit, ranking.RANK_WINDOW - offset)
            ids = self._ranked_page(self._rank_window(sql, params), offset, take)
        if offset + limit > ranking.RANK_WINDOW:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"{sql} ORDER BY rowid DESC LIMIT %s OFFSET %s",
                    [*params, limit - len(ids), max(offset, ranking.RANK_WINDOW)],
                )
                ids += [row[0] for row in cursor.fetchall()]
        return ids

    def article_results(self, query, restrict, offset: int, limit: int) -> ranking.ArticleResults:
        """Total, one page of ids and the facet counts of a search, reading the matches as
        few times as it can. The ranked window (the newest RANK_WINDOW matches) comes
        first: when it is not full it holds every match, and nothing else is read. Else one
        more pass counts the matches and keeps every n-th id, n guessed from how densely
        the window's ids match (a power of two, a quarter of the guess, so that the sample
        facets.stride_for() asks for is part of it; guessed wrong, a pass of its own)."""
        sql, params = self.hits_sql(query, restrict)
        if offset + limit > ranking.RANK_WINDOW:  # a deep page: the plain way
            total = self.count_articles(query, restrict)
            ids = self.ranked_article_ids(query, restrict, offset, limit)
            sample, stride = None, facets.stride_for(total)
        else:
            window = self._rank_window(sql, params)
            ids = self._ranked_page(window, offset, limit)
            if len(window) < ranking.RANK_WINDOW:
                total, stride = len(window), facets.stride_for(len(window))
                sample = [pk for pk, _ in window if pk % stride == 0]
            else:
                total, stride, sample = self._count_and_sample(sql, params, window)
        if not total:
            return ranking.ArticleResults(0, [], [], 1, offset, limit)
        if sample is None:
            hits, hit_params = self.hits_sql(query, restrict, stride=stride)
        else:
            hits, hit_params = "SELECT value FROM json_each(%s)", [json.dumps(sample)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH hits (id) AS MATERIALIZED ({hits}){facets.counts_ctes(self.year_sql)} "
                f"{facets.counts_sql(self.year_sql)}",
                hit_params,
            )
            rows = cursor.fetchall()
        return ranking.ArticleResults(total, ids, rows, stride, offset, limit)

    def _count_and_sample(self, sql, params, window) -> tuple[int, int, list[int] | None]:
        """(total, stride, the ids that are multiples of stride, or None when a pass of
        their own must find them) for a query whose ranked window is full."""
        newest, oldest = window[0][0], window[-1][0]
        guess = facets.stride_for(len(window) * newest // max(newest - oldest + 1, 1))
        step = max(guess // 4, 1)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*), group_concat(CASE WHEN id %% {step} = 0 THEN id END) "
                f"FROM ({sql})",
                params,
            )
            total, found = cursor.fetchone()
        stride = facets.stride_for(total)
        if stride % step:  # the guess was too high: the sample is not in `found`
            return total, stride, None
        ids = [int(pk) for pk in found.split(",")] if found else []
        return total, stride, [pk for pk in ids if pk % stride == 0]

    def article_snippets(self, articles, query: ParsedQuery) -> dict[int, dict]:
        """{pk: {"title": marked title, "lead": ..., "body": ...}} for the given articles."""
        ids = [a.pk for a in articles]
        if not ids:
            return {}
        marks = [MARK_START, MARK_END]
        # One SELECT per article: FTS5 seeks a rowid given with =, but not one in an IN list.
        one = (
            f"SELECT rowid, highlight({ARTICLE_TABLE}, 0, %s, %s), "
            f"snippet({ARTICLE_TABLE}, 1, %s, %s, '…', 40), "
            f"snippet({ARTICLE_TABLE}, 2, %s, %s, '…', 32) "
            f"FROM {ARTICLE_TABLE} WHERE {ARTICLE_TABLE} MATCH %s AND rowid = %s"
        )
        expression = fts5_expression(query)
        params = [p for pk in ids for p in (*marks, *marks, *marks, expression, pk)]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join([one] * len(ids)), params)
            return {
                row[0]: {"title": row[1], "lead": row[2], "body": row[3]}
                for row in cursor.fetchall()
            }

    def entry_hits(self, query: ParsedQuery, limit: int) -> dict[str, tuple[list[int], int]]:
        """{kind: (ids of the best `limit` matches, best first; how many match)}."""
        mask = (1 << KIND_BITS) - 1
        expression = fts5_expression(query, stemmed=False)
        # Counts by kind need no ranking; the best of each kind come from its newest
        # RANK_WINDOW matches, as for articles.
        best = (
            f"SELECT * FROM (SELECT %s AS code, rowid, 0 FROM (SELECT rowid, rank FROM "
            f"{ENTRY_TABLE} WHERE {ENTRY_TABLE} MATCH %s AND (rowid & {mask}) = %s "
            "ORDER BY rowid DESC LIMIT %s) ORDER BY rank LIMIT %s)"
        )
        sql = (
            f"SELECT rowid & {mask}, 0, count(*) FROM {ENTRY_TABLE} WHERE {ENTRY_TABLE} "
            f"MATCH %s GROUP BY 1 UNION ALL " + " UNION ALL ".join([best] * len(KIND_CODES))
        )
        params = [expression]
        for code in KIND_CODES.values():
            params += [code, expression, code, ranking.RANK_WINDOW, limit]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        totals = {code: total for code, rowid, total in rows if rowid == 0}
        rows = [(code, rowid, totals.get(code, 0)) for code, rowid, _ in rows if rowid]
        kinds = {code: kind for kind, code in KIND_CODES.items()}
        hits: dict[str, tuple[list[int], int]] = {}
        for code, rowid, total in rows:
            ids, _ = hits.get(kinds[code], ([], 0))
            hits[kinds[code]] = ([*ids, rowid >> KIND_BITS], total)
        return hits

    def people_named(self, keys, prefixes, limit: int = 50) -> list[int]:
        """Ids of the people with a word of their names (as match keys: the person entries
        hold them) that is one of `keys` or starts with one of `prefixes`."""
        terms = [f'"{k}"' for k in keys] + [f'"{p}" *' for p in prefixes]
        if not terms:
            return []
        mask, code = (1 << KIND_BITS) - 1, KIND_CODES["person"]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM {ENTRY_TABLE} WHERE {ENTRY_TABLE} MATCH %s "
                f"AND (rowid & {mask}) = {code} LIMIT %s",
                ["title : (" + " OR ".join(terms) + ")", limit],
            )
            return [row[0] >> KIND_BITS for row in cursor.fetchall()]

    @staticmethod
    def year_sql(column: str) -> str:
        return f"substr({column}, 1, 4)"

    def vocabulary_near(self, word: str, limit: int = 2000) -> list[str]:
        """Indexed words sharing the first two letters of `word`, as readers spell them."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT term FROM {VOCAB_TABLE} WHERE term >= %s AND term < %s LIMIT %s",
                [word[:2], word[:2] + "\uffff", limit],
            )
            return [row[0] for row in cursor.fetchall()]

    def similar_names(self, word: str, limit: int = 3000) -> list[str]:
        """Folded spellings of people's names with a word starting like `word` (difflib
        picks the nearest; SQLite has no trigram index)."""
        first = word[:1]
        people = Person.objects.filter(
            Q(name_key__startswith=first) | Q(name_key__contains=f" {first}")
        ).values_list("name_key", flat=True)
        aliases = Alias.objects.filter(
            Q(key__startswith=first) | Q(key__contains=f" {first}")
        ).values_list("key", flat=True)
        return [*people[:limit], *aliases[:limit]]

    def surface_form(self, stem: str) -> str | None:
        """How an indexed (stemmed) word is written in the text: 'harmoni' -> 'harmony'."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT snippet({ARTICLE_TABLE}, -1, %s, %s, '', 4) FROM {ARTICLE_TABLE} "
                f"WHERE {ARTICLE_TABLE} MATCH %s LIMIT 1",
                [MARK_START, MARK_END, f'"{stem}"'],
            )
            row = cursor.fetchone()
        if not row or MARK_START not in (row[0] or ""):
            return None
        return row[0].split(MARK_START, 1)[1].split(MARK_END, 1)[0]

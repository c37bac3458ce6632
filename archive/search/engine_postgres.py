"""PostgreSQL: a weighted tsvector on each article (title A, lead and names B, body C) with a
GIN index, a side table for people, sessions, topics and quotes, ts_rank and ts_headline.

Migration 0004 creates the extensions (unaccent, pg_trgm), text search configurations that
fold accents (archive_english stems English; archive_simple only folds, for Kazakh, which
PostgreSQL cannot stem), the index and the side table; migration 0013 archive_russian
(PostgreSQL's Snowball `russian`, for Russian articles). Every article's vector also holds
the stems of its Cyrillic words (weight D, archive.text.stemming: Kazakh endings taken off,
then the same Snowball stemmer), for the Kazakh ones and the Russian words of any article.
A query term matches its English stem or its plain spelling, each as a prefix when the term
allows, and a Cyrillic one also its Russian stem and its stems.
"""

# ruff: noqa: S608, S611 - table names are constants; every value travels as a parameter.

from contextlib import contextmanager

from django.contrib.postgres.search import SearchQueryField
from django.db import connection, transaction
from django.db.models import BooleanField, F, Func
from django.db.models.expressions import RawSQL

from archive.db import chunked
from archive.models import Article
from archive.search import facets, ranking, sampling
from archive.search.documents import ArticleDocument, Entry, markdown_to_text
from archive.search.query import (
    MARK_END,
    MARK_START,
    ParsedQuery,
    Term,
    marked_words,
    match_pattern,
    text_window,
)
from archive.text.stemming import query_stems

ENTRY_TABLE = "archive_search_entry"
ENGLISH, SIMPLE, RUSSIAN = "archive_english", "archive_simple", "archive_russian"
# ts_rank weights for D, C, B, A: a title word counts five times a body word.
RANK_WEIGHTS = [0.05, 0.2, 0.4, 1.0]
RANK_NORMALIZATION = 1  # divide by 1 + log(length), so long bodies do not win by size
HEADLINE_OPTIONS = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=35, MinWords=15, "
    'ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "'
)
TITLE_OPTIONS = f"StartSel={MARK_START}, StopSel={MARK_END}, HighlightAll=true"


_VECTOR_SQL = (
    "setweight(to_tsvector(v.cfg::regconfig, v.title), 'A') || "
    "setweight(to_tsvector(v.cfg::regconfig, v.lead), 'B') || "
    f"setweight(to_tsvector('{SIMPLE}', v.names), 'B') || "
    "setweight(to_tsvector(v.cfg::regconfig, v.body), 'C') || "
    f"setweight(to_tsvector('{SIMPLE}', v.stems), 'D')"
)
_CONFIGS = {"en": ENGLISH, "ru": RUSSIAN}


def _config(language: str) -> str:
    return _CONFIGS.get(language, SIMPLE)


# --- the query language as a tsquery ----------------------------------------------------------


def _lexeme(word: str) -> str:
    # Words hold letters and digits only (see query.py); quoting keeps them literal anyway.
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _operand(term: Term) -> str:
    lexemes = [_lexeme(w) for w in term.words]
    if term.prefix:
        lexemes[-1] += ":*"
    return (" & " if term.loose else " <-> ").join(lexemes)


def _stems_operand(term: Term) -> str | None:
    """The term's words as their Cyrillic stems (archive.text.stemming), each word any of
    its stems; None when a word has none, or for an exact phrase (stems keep no order)."""
    if term.is_phrase and not term.loose:
        return None
    words = []
    for word in term.words:
        stems = query_stems(word)
        if not stems:
            return None
        words.append("(" + " | ".join(map(_lexeme, stems)) + ")")
    return " & ".join(words)


def tsquery_sql(query: ParsedQuery) -> tuple[str, list]:
    """SQL for the tsquery of `query`, with its parameters. A term matches its English stem
    or its plain spelling; one in Cyrillic letters also its Russian stem (archive_russian,
    as Russian articles are indexed) and the stems of the index's `stems` part."""
    params: list = []

    def term_sql(term):
        operand = _operand(term)
        params.extend([operand, operand])
        sql = f"to_tsquery('{ENGLISH}', %s) || to_tsquery('{SIMPLE}', %s)"
        stems = _stems_operand(term)
        if stems is not None:
            params.extend([operand, stems])
            sql += f" || to_tsquery('{RUSSIAN}', %s) || to_tsquery('{SIMPLE}', %s)"
        return f"({sql})"

    def clause_sql(clause):
        return "(" + " || ".join(term_sql(t) for t in clause.terms) + ")"

    sql = "(" + " && ".join(clause_sql(c) for c in query.positive) + ")"
    for clause in query.negative:
        sql = f"({sql} && !!{clause_sql(clause)})"
    return sql, params


def _reads_vectors(query: ParsedQuery) -> bool:
    """Whether every match the GIN index finds has its vector read to check it: an exact
    phrase (the index holds no word positions)."""
    return any(term.is_phrase and not term.loose for c in query.clauses for term in c.terms)


@contextmanager
def _index_cursor():
    """A cursor whose statements find matches through the GIN index. PostgreSQL's planner
    prices tsvector @@ low and, for a common word, would read every row and its vector
    instead: ten times slower than the index, which needs no vector at all."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        yield cursor


class TsMatch(Func):
    """vector @@ query, usable in filter()."""

    template = "%(expressions)s"
    arg_joiner = " @@ "
    output_field = BooleanField()


def _tsquery(query: ParsedQuery) -> RawSQL:
    sql, params = tsquery_sql(query)
    return RawSQL(sql, params, output_field=SearchQueryField())


class PostgresEngine:
    vendor = "postgresql"

    # --- writing ----------------------------------------------------------------------------

    def write_articles(self, documents: list[ArticleDocument], remove_ids=()):
        with connection.cursor() as cursor:
            for chunk in chunked(remove_ids):
                cursor.execute(
                    "UPDATE archive_article SET search_vector = NULL WHERE id = ANY(%s)", [chunk]
                )
            for chunk in chunked(documents, 200):
                values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(chunk))
                params = []
                for d in chunk:
                    params += [d.pk, _config(d.language), d.title, d.lead, d.body, d.names]
                    params.append(d.stems)
                cursor.execute(
                    f"UPDATE archive_article AS a SET search_vector = {_VECTOR_SQL} "
                    f"FROM (VALUES {values}) AS v(id, cfg, title, lead, body, names, stems) "
                    "WHERE a.id = v.id",
                    params,
                )

    def write_entries(self, entries: list[Entry], remove=()):
        with connection.cursor() as cursor:
            for kind, pk in remove:
                cursor.execute(
                    f"DELETE FROM {ENTRY_TABLE} WHERE kind = %s AND object_id = %s", [kind, pk]
                )
            for chunk in chunked(entries, 200):
                values = ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
                params = [p for e in chunk for p in (e.kind, e.pk, e.title, e.body)]
                cursor.execute(
                    f"INSERT INTO {ENTRY_TABLE} (kind, object_id, title, body, vector) "
                    "SELECT v.kind, v.object_id, v.title, v.body, "
                    f"setweight(to_tsvector('{ENGLISH}', v.title), 'A') || "
                    f"setweight(to_tsvector('{SIMPLE}', v.title), 'A') || "
                    f"setweight(to_tsvector('{ENGLISH}', v.body), 'C') "
                    f"FROM (VALUES {values}) AS v(kind, object_id, title, body) "
                    "ON CONFLICT (kind, object_id) DO UPDATE SET title = EXCLUDED.title, "
                    "body = EXCLUDED.body, vector = EXCLUDED.vector",
                    params,
                )

    def clear(self):
        with connection.cursor() as cursor:
            cursor.execute("UPDATE archive_article SET search_vector = NULL")
            cursor.execute(f"TRUNCATE {ENTRY_TABLE}")

    def is_empty(self) -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM archive_article WHERE search_vector IS NOT NULL LIMIT 1")
            return cursor.fetchone() is None

    def ensure_indexes(self):
        """Migration 0004 made them all."""

    def optimize(self):
        with connection.cursor() as cursor:
            # Every table: bulk writes leave the planner guessing. VACUUM too when it may
            # run (not in a transaction): a rewritten vector leaves a dead row version
            # behind, and searches visit every matching row.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")

    # --- reading ----------------------------------------------------------------------------

    def known_words(self, words) -> set[str]:
        """The words (as typed) some published article contains, stemmed as indexed."""
        words = list(dict.fromkeys(words))
        if not words:
            return set()
        probe = (
            "EXISTS (SELECT 1 FROM archive_article WHERE search_vector @@ "
            f"(to_tsquery('{ENGLISH}', %s) || to_tsquery('{SIMPLE}', %s)))"
        )
        params = []
        for word in words:
            operand = _operand(Term((word,)))
            params += [operand, operand]
        with _index_cursor() as cursor:
            cursor.execute("SELECT " + ", ".join([probe] * len(words)), params)
            found = cursor.fetchone()
        return {w for w, hit in zip(words, found, strict=True) if hit}

    def prepare(self, query: ParsedQuery) -> ParsedQuery:
        return query

    def matching_articles(self, queryset, query: ParsedQuery):
        """`queryset` narrowed to matching articles (keeps its own order)."""
        return queryset.filter(TsMatch(F("search_vector"), _tsquery(query)))

    def hits_sql(self, query: ParsedQuery, restrict=None, stride=1) -> tuple[str, list]:
        """(sql, params) selecting the ids of the matching articles (column `id`); with a
        stride > 1, only those whose id is a multiple of it (an even sample)."""
        tsquery, params = tsquery_sql(query)
        sql = (
            "SELECT id FROM archive_article "
            f"WHERE status = 'published' AND search_vector @@ {tsquery}"
        )
        if restrict:
            sql += f" AND id IN ({restrict[0]})"
            params += list(restrict[1])
        if stride > 1:
            sql += f" AND (id %% {int(stride)}) = 0"
        return sql, params

    def count_articles(self, query: ParsedQuery, restrict=None) -> int:
        sql, params = self.hits_sql(query, restrict)
        with _index_cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({sql}) AS hits", params)
            return cursor.fetchone()[0]

    def _ranked_sql(self, query, restrict, materialize=True) -> tuple[str, list]:
        """CTEs `w` (the ids of the newest RANK_WINDOW matches) and `ranked` (those with their
        ts_rank: ranking reads each article's vector, so it is bounded like on SQLite); the
        window is taken from a CTE `m` of every match unless `materialize` is false."""
        hits, params = self.hits_sql(query, restrict)
        tsquery, tsparams = tsquery_sql(query)
        weights = "{" + ",".join(map(str, RANK_WEIGHTS)) + "}"
        if materialize:
            sql = f"WITH m AS MATERIALIZED ({hits}), w AS (SELECT id FROM m ORDER BY id DESC "
        else:
            sql = f"WITH w AS MATERIALIZED ({hits} ORDER BY id DESC "
        sql += (
            "LIMIT %s), ranked AS (SELECT a.id, a.published_on, "
            f"ts_rank(%s::float4[], a.search_vector, {tsquery}, {RANK_NORMALIZATION}) AS r "
            "FROM w JOIN archive_article a ON a.id = w.id) "
        )
        return sql, [*params, ranking.RANK_WINDOW, weights, *tsparams]

    _PAGE = "ORDER BY r DESC, published_on DESC NULLS LAST, id DESC LIMIT %s OFFSET %s"

    def ranked_article_ids(self, query, restrict, offset: int, limit: int) -> list[int]:
        """Ids of one page of matches: the newest RANK_WINDOW matches ranked by ts_rank,
        equal scores newest first, then any further matches newest first (as on SQLite)."""
        sql, params = self._ranked_sql(query, restrict)
        ids: list[int] = []
        with _index_cursor() as cursor:
            if offset < ranking.RANK_WINDOW:
                take = min(limit, ranking.RANK_WINDOW - offset)
                cursor.execute(f"{sql} SELECT id FROM ranked {self._PAGE}", [*params, take, offset])
                ids = [row[0] for row in cursor.fetchall()]
            if offset + limit > ranking.RANK_WINDOW:
                hits, hit_params = self.hits_sql(query, restrict)
                cursor.execute(
                    f"{hits} ORDER BY id DESC LIMIT %s OFFSET %s",
                    [*hit_params, limit - len(ids), max(offset, ranking.RANK_WINDOW)],
                )
                ids += [row[0] for row in cursor.fetchall()]
        return ids

    def article_results(self, query, restrict, offset: int, limit: int) -> ranking.ArticleResults:
        """Total, one page of ids and the facet counts of a search, in one statement: the
        matches are found once (one pass over the GIN index and the narrow table)."""
        if offset + limit > ranking.RANK_WINDOW:  # a deep page: the plain way
            total = self.count_articles(query, restrict)
            ids = self.ranked_article_ids(query, restrict, offset, limit)
            stride = facets.stride_for(total)
            return ranking.ArticleResults(
                total, ids, self._facet_rows(query, restrict, stride), stride, offset, limit
            )
        with _index_cursor() as cursor:
            cursor.execute("SELECT max(id) FROM archive_article")
            articles = cursor.fetchone()[0] or 0
            sample = sampling.take_sample(
                cursor, lambda stride: self.hits_sql(query, restrict, stride=stride), articles
            )
            if sample is not None:
                return self._sampled_results(
                    cursor, query, restrict, sample, articles, offset, limit
                )
            sql, params = self._ranked_sql(query, restrict)
            sql += (
                f", {self._PAGE_CTE}, {facets.sampled_counts_sql(self.year_sql)} "
                f"UNION ALL {self._PAGE_ROWS}"
            )
            cursor.execute(sql, [*params, limit, offset])
            total, stride, ids, rows = facets.split_rows(cursor.fetchall())
        return ranking.ArticleResults(total, ids, rows, stride, offset, limit)

    _PAGE_CTE = (
        "page AS (SELECT id, row_number() OVER "
        "(ORDER BY r DESC, published_on DESC NULLS LAST, id DESC) AS position "
        f"FROM (SELECT * FROM ranked {_PAGE}) AS top)"
    )
    _PAGE_ROWS = "SELECT 'page', CAST(id AS TEXT), '', position FROM page"

    def _sampled_results(self, cursor, query, restrict, sample, articles, offset, limit):
        """ArticleResults of a search with many matches, from `sample` (sampling.py): the
        estimated total, the newest RANK_WINDOW matches ranked and the facets counted over
        the sample."""
        sql, params = self._ranked_sql(query, restrict, materialize=False)
        sql += (
            f", {self._PAGE_CTE}, hits AS MATERIALIZED "
            f"(SELECT unnest(CAST(%s AS BIGINT[])) AS id){facets.counts_ctes(self.year_sql)} "
            "SELECT 'total', CAST(COUNT(*) AS TEXT), '1', 0 FROM w "
            f"UNION ALL {facets.counts_sql(self.year_sql)} UNION ALL {self._PAGE_ROWS}"
        )
        # The planner cannot tell a walk that tests every article's vector from a visit of
        # the index's matches (it reckoned 185 ms of walking cheaper than 15 ms of visits):
        # the sample's density decides, and the other way is switched off for the statement.
        walk = sample.walk_newest_first(ranking.RANK_WINDOW, articles, _reads_vectors(query))
        facet_sample = sample.for_facets()
        setting = "enable_bitmapscan" if walk else "enable_indexscan"
        cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute(sql, [*params, limit, offset, facet_sample.ids])
        in_window, _, ids, rows = facets.split_rows(cursor.fetchall())
        cursor.execute(f"SET LOCAL {setting} = on")
        stride = facet_sample.stride
        if in_window < ranking.RANK_WINDOW:  # the window holds every match: their number
            return ranking.ArticleResults(in_window, ids, rows, stride, offset, limit)
        total = max(sample.estimate, in_window + 1)
        return ranking.ArticleResults(total, ids, rows, stride, offset, limit, estimated=True)

    def _facet_rows(self, query, restrict, stride):
        hits, params = self.hits_sql(query, restrict, stride=stride)
        with _index_cursor() as cursor:
            cursor.execute(
                f"WITH hits AS MATERIALIZED ({hits}){facets.counts_ctes(self.year_sql)} "
                f"{facets.counts_sql(self.year_sql)}",
                params,
            )
            return cursor.fetchall()

    def article_snippets(self, articles, query: ParsedQuery) -> dict[int, dict]:
        bodies = dict(
            Article.objects.filter(pk__in=[a.pk for a in articles]).values_list("pk", "body")
        )
        # Lead and body as one text: ts_headline parses its whole text, one call is half
        # the work, and its fragments come from whichever part matched. Its cost grows with
        # the text (20 bodies of 3,000 characters: 10-20 ms), so a long text is cut to the
        # part where the query's words occur together (query.text_window); where that guess
        # holds no match, the whole text is highlighted after all.
        pattern = match_pattern(query)
        texts = {
            a.pk: f"{a.lead}\n{markdown_to_text(bodies.get(a.pk, ''))}".strip() for a in articles
        }
        windows = {pk: text_window(text, pattern) for pk, text in texts.items()}
        rows = [(a.pk, _config(a.language), a.title, windows[a.pk][0]) for a in articles]
        if not rows:
            return {}
        found = {
            pk: {"title": title, "lead": lead} for pk, title, lead in self._headlines(query, rows)
        }
        missed = [
            (pk, cfg, title, texts[pk])
            for pk, cfg, title, window in rows
            if window != texts[pk] and len(marked_words(found[pk]["lead"])) < windows[pk][1]
        ]
        for pk, title, lead in self._headlines(query, missed) if missed else ():
            found[pk] = {"title": title, "lead": lead}
        return found

    @staticmethod
    def _headlines(query, rows):
        """(id, marked title, marked text) for rows of (id, config, title, text)."""
        sql, params = tsquery_sql(query)
        values = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH q AS (SELECT {sql} AS query) "
                "SELECT v.id, ts_headline(v.cfg::regconfig, v.title, q.query, %s), "
                "ts_headline(v.cfg::regconfig, v.text, q.query, %s) "
                f"FROM (VALUES {values}) AS v(id, cfg, title, text), q",
                [*params, TITLE_OPTIONS, HEADLINE_OPTIONS] + [p for row in rows for p in row],
            )
            return cursor.fetchall()

    def entry_hits(self, query: ParsedQuery, limit: int) -> dict[str, tuple[list[int], int]]:
        """{kind: (ids of the best `limit` matches, best first; how many match)}. As for
        articles, only each kind's newest RANK_WINDOW matches are ranked. Entry vectors are
        short and stored in line, so the matches carry them: no second visit to rank."""
        sql, params = tsquery_sql(query)
        with _index_cursor() as cursor:
            cursor.execute(
                f"WITH q AS (SELECT {sql} AS query), "
                f"e AS MATERIALIZED (SELECT kind, object_id, vector FROM {ENTRY_TABLE}, q "
                "WHERE vector @@ q.query), "
                "totals AS (SELECT kind, count(*) AS n FROM e GROUP BY kind) "
                "SELECT t.kind, best.object_id, t.n FROM totals t CROSS JOIN LATERAL ("
                "SELECT w.object_id, row_number() OVER "
                "(ORDER BY ts_rank(w.vector, q.query) DESC, w.object_id) AS rn "
                "FROM (SELECT object_id, vector FROM e WHERE e.kind = t.kind "
                "ORDER BY object_id DESC LIMIT %s) AS w, q ORDER BY rn LIMIT %s) AS best "
                "ORDER BY t.kind, best.rn",
                [*params, ranking.RANK_WINDOW, limit],
            )
            rows = cursor.fetchall()
        hits: dict[str, tuple[list[int], int]] = {}
        for kind, object_id, total in rows:
            ids, _ = hits.get(kind, ([], 0))
            hits[kind] = ([*ids, object_id], total)
        return hits

    def people_named(self, keys, prefixes, limit: int = 50) -> list[int]:
        """Ids of the people with a word of their names (as match keys: the person entries
        hold them, in their titles, weight A) that is one of `keys` or starts with one of
        `prefixes`."""
        lexemes = [f"{_lexeme(k)}:A" for k in keys] + [f"{_lexeme(p)}:*A" for p in prefixes]
        if not lexemes:
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT object_id FROM {ENTRY_TABLE} WHERE kind = 'person' "
                f"AND vector @@ to_tsquery('{SIMPLE}', %s) LIMIT %s",
                [" | ".join(lexemes), limit],
            )
            return [row[0] for row in cursor.fetchall()]

    @staticmethod
    def year_sql(column: str) -> str:
        return f"to_char({column}, 'YYYY')"

    def vocabulary_near(self, word: str, limit: int = 200) -> list[str]:
        """Words of published titles that look like `word` (trigram index)."""
        rows = self._similar(
            "SELECT title FROM archive_article WHERE status = 'published' AND %s <%% title "
            "LIMIT %s",
            [word, limit],
        )
        return [w for (title,) in rows for w in title.split()]

    def surface_form(self, word: str) -> str | None:
        return word

    def similar_names(self, text: str, limit: int = 50) -> list[str]:
        """Spellings of people's names close to `text` (trigram indexes)."""
        rows = self._similar(
            "(SELECT name_key FROM archive_person WHERE %s <%% name_key) UNION "
            "(SELECT key FROM archive_alias WHERE %s <%% key) LIMIT %s",
            [text, text, limit],
        )
        return [key for (key,) in rows]

    @staticmethod
    def _similar(sql, params):
        # pg_trgm's default threshold (0.6) misses one-letter typos in short words.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL pg_trgm.word_similarity_threshold = 0.5")
            cursor.execute(sql, params)
            return cursor.fetchall()

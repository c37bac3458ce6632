"""Search: the one place that knows how the archive is searched.

    search(q, filters=request.GET, page=...) -> SearchResults   (the /search/ page)
    search_articles(q, filterset) -> ArticleMatches: pageable articles, best first, and
        .highlight(page) for the page shown (the article list's ?q=)
    highlight(articles, q) -> articles with .search_title / .search_snippet (safe HTML)
    exact_match(q) -> the Session or Person the whole query names, or None (/search/ redirects)
    person_quotes(person, q) -> that person's public quotes with every word of q
    search_quotes(q, page) -> (parsed query, a page of the public quotes matching q)
    suggest(parsed_query) -> "did you mean" text, or ""
    parse_query(q) -> ParsedQuery   (the visitor's query language; pure, no database)
    reindex_articles(ids), reindex_entries(kind, ids), bulk_indexing()
    rebuild_index(), optimize_index()   (manage.py rebuild_search_index)

The engine follows the database: FTS5 on SQLite (engine_sqlite), a weighted tsvector with
GIN on PostgreSQL (engine_postgres). Both read the same parsed query, so the behaviour is the
same; the tests run against both. Modules: query (the query language, pure), documents (what
is indexed), targets (the sessions and people a query names), indexing (keeping the index in
step), receivers (reindexing on save and delete), service (search itself), ranking and facets
(paging and counting large results).

May import: archive.models, archive.caching, archive.filters, archive.db and archive.text;
never linking, names, transfer, site or api (they build on search).
"""

from archive.search.indexing import (
    bulk_indexing,
    optimize_index,
    rebuild_index,
    reindex_articles,
    reindex_entries,
)
from archive.search.query import ParsedQuery, parse_query
from archive.search.service import (
    ArticleMatches,
    SearchResults,
    highlight,
    person_quotes,
    search,
    search_articles,
    search_quotes,
    suggest,
)
from archive.search.targets import exact_match

__all__ = [
    "ArticleMatches",
    "ParsedQuery",
    "SearchResults",
    "bulk_indexing",
    "exact_match",
    "highlight",
    "optimize_index",
    "parse_query",
    "person_quotes",
    "rebuild_index",
    "reindex_articles",
    "reindex_entries",
    "search",
    "search_articles",
    "search_quotes",
    "suggest",
]

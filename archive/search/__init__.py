"""Search: the one place that knows how the archive is searched.

    search(q, filters=request.GET, page=...) -> SearchResults   (the /search/ page)
    search_articles(q, filterset) -> pageable articles, best first (the article list's ?q=)
    highlight(articles, q) -> articles with .search_title / .search_snippet (safe HTML)
    suggest(parsed_query) -> "did you mean" text, or ""
    parse_query(q) -> ParsedQuery   (the visitor's query language; pure, no database)
    reindex_articles(ids), reindex_entries(kind, ids), bulk_indexing()
    rebuild_index(), optimize_index()   (manage.py rebuild_search_index)

The engine follows the database: FTS5 on SQLite (engine_sqlite), a weighted tsvector with
GIN on PostgreSQL (engine_postgres). Both read the same parsed query, so the behaviour is the
same; the tests run against both. Modules: query (the query language, pure), documents (what
is indexed), names (sessions and people a query names), indexing (keeping the index in step),
service (search itself), ranking and facets (paging and counting large results).
"""

from .indexing import (
    bulk_indexing,
    optimize_index,
    rebuild_index,
    reindex_articles,
    reindex_entries,
)
from .query import ParsedQuery, parse_query
from .service import SearchResults, highlight, search, search_articles, suggest

__all__ = [
    "ParsedQuery",
    "SearchResults",
    "bulk_indexing",
    "highlight",
    "optimize_index",
    "parse_query",
    "rebuild_index",
    "reindex_articles",
    "reindex_entries",
    "search",
    "search_articles",
    "suggest",
]

"""The matching articles, best first, paged without ranking or loading more than a page."""

from dataclasses import dataclass

from archive.models import Article
from archive.search.query import ParsedQuery

TIE_WINDOW = 50  # articles ranked past the page, so equal scores can be ordered by date
# How many of the newest matches are ranked by relevance (the rest follow, newest first).
RANK_WINDOW = 1000


@dataclass
class ArticleResults:
    """What one search asks of the engine about articles, answered together."""

    total: int
    ids: list[int]  # the requested page, best first
    facet_rows: list[tuple]  # (facet, value, label, n)
    stride: int  # 1: exact facet counts; n: counted every n-th match
    offset: int = 0
    limit: int = 0
    estimated: bool = False  # the total is estimated from a sample (search/sampling.py)

    @property
    def pages(self):
        return {(self.offset, self.limit): self.ids}


def listing_queryset(queryset=None):
    """What a result card shows: no body (snippets come from the engine) and no vector."""
    queryset = Article.objects.published() if queryset is None else queryset
    return (
        queryset.select_related("source")
        .prefetch_related("sessions")
        .defer("body", "search_vector")
    )


def restriction(filterset):
    """(sql, params) selecting the ids of the articles the filters keep, or None when no
    filter is applied (then the index alone says what matches: it only holds published
    articles)."""
    if filterset is None or not filterset.is_bound:
        return None
    filterset.form.is_valid()  # invalid values are left out, as the article list does
    active = {k: v for k, v in filterset.form.cleaned_data.items() if k != "ordering"}
    if not any(v not in (None, "", []) for v in active.values()):
        return None
    return filterset.qs.order_by().values("pk").query.sql_with_params()


def chosen_ordering(filterset):
    if filterset is None or not filterset.is_bound:
        return None
    filterset.form.is_valid()
    return filterset.form.cleaned_data.get("ordering") or None


class RankedArticles:
    """A sequence a Paginator (or ListView) can page through: count() asks the engine how
    many articles match; a slice ranks out that page's ids and loads only those articles."""

    def __init__(self, engine, query: ParsedQuery, restrict=None, listing=None, known=None):
        self.engine = engine
        self.query = query
        self.restrict = restrict
        self.listing = listing if listing is not None else listing_queryset()
        # ArticleResults already fetched for one page: (offset, limit) -> ids, and the total.
        self._count = known.total if known else None
        self._known_pages = dict(known.pages) if known else {}

    def count(self) -> int:
        if self._count is None:
            self._count = self.engine.count_articles(self.query, self.restrict)
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            if index.step not in (None, 1):
                raise ValueError("RankedArticles slices take no step")
            start = max(index.start or 0, 0)
            stop = self.count() if index.stop is None else min(index.stop, self.count())
            if stop <= start:
                return []
            ids = self._known_pages.get((start, stop - start))
            if ids is None:
                ids = self.engine.ranked_article_ids(self.query, self.restrict, start, stop - start)
            by_pk = self.listing.in_bulk(ids)
            return [by_pk[pk] for pk in ids if pk in by_pk]
        items = self[index : index + 1]
        if not items:
            raise IndexError(index)
        return items[0]

    def __iter__(self):
        for start in range(0, self.count(), 100):
            yield from self[start : start + 100]

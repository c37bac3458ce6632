"""PostgreSQL: a search with many matches answered from an even sample of them.

Counting 80,000 matches exactly visits 80,000 table rows (35 ms at 100,000 articles, ten
times that at a million), and so did the facets' sample (every n-th id of the matches) and
the newest-1,000 ranking window, both taken from the full set of matches. Migration 0019
gives every 64th and 512th article (by id) a GIN index of its own, so the matches among
them are found without reading any other article: their number times the stride estimates
the total (shown as "about 80,000"), they are the facets' sample, and how densely they match
says whether the newest 1,000 matches (the ranking window) are cheaper found by walking the
archive newest first or through the index. A search with few matches (fewer
than SAMPLE_MIN in the finest sample) is counted exactly.
"""

from dataclasses import dataclass

from archive.search.facets import SAMPLE_SIZE, significant

# Coarsest first, so that a common word is sampled from a few hundred rows at any size;
# migration 0019 indexes each as `(id % stride) = 0`, the clause hits_sql() writes. Fewer
# than SAMPLE_MIN matches among every 64th article (about 16,000 matches in all) are counted
# exactly: that costs no more than sampling them (measured at 100,000 articles).
SAMPLE_STRIDES = (512, 64)
SAMPLE_MIN = 250  # fewer in a sample: try the finer one, then count exactly
FACET_SAMPLE = SAMPLE_SIZE  # the facets count at most this many of them
# Reading an article's vector to test it costs about this many times as much as visiting a
# match the GIN index found (measured at 100,000 articles: ~5 us against ~0.4 us).
WALK_COST_RATIO = 12


@dataclass
class Sample:
    stride: int
    ids: list[int]  # the sampled matches, newest (highest id) first

    @property
    def estimate(self) -> int:
        """The estimated number of matches, to two significant figures."""
        return significant(len(self.ids) * self.stride)

    def for_facets(self) -> "Sample":
        """At most FACET_SAMPLE of the sample, still every n-th id (n a power of two): the
        facets count a few joins per sampled article, and a few hundred are enough."""
        stride, ids = self.stride, self.ids
        while len(ids) > FACET_SAMPLE:
            stride *= 2
            ids = [pk for pk in ids if pk % stride == 0]
        return Sample(stride, ids)

    def walk_newest_first(self, window: int, articles: int, reads_vectors: bool) -> bool:
        """Whether the newest `window` matches of `articles` (the highest id) are cheaper to
        find by walking the articles newest first, testing each, than by visiting every match
        the index gives: true for a word in most articles, whose window is a few articles
        deep, false for one in a few (the walk would read thousands of vectors). When the
        matches found in the index must have their vectors read anyway (`reads_vectors`: an
        exact phrase, whose positions the index does not hold), a walked article costs what
        a visited match does."""
        density = min(len(self.ids) * self.stride / max(articles, 1), 1.0)
        if density <= 0:
            return False
        ratio = 1 if reads_vectors else WALK_COST_RATIO
        return window / density * ratio < density * articles


def take_sample(cursor, hits_sql, articles: int) -> Sample | None:
    """The matches among every stride-th article, for the coarsest stride that holds at least
    SAMPLE_MIN of them, or None (few matches: count them exactly). `hits_sql(stride)` gives
    the (sql, params) of the matches' ids among every stride-th article; `articles` is the
    highest article id (a stride that leaves fewer than SAMPLE_MIN articles is not tried)."""
    for stride in SAMPLE_STRIDES:
        if articles < stride * SAMPLE_MIN:
            continue
        sql, params = hits_sql(stride)
        cursor.execute(f"{sql} ORDER BY id DESC", params)
        ids = [row[0] for row in cursor.fetchall()]
        if len(ids) >= SAMPLE_MIN:
            return Sample(stride, ids)
    return None

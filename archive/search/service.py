"""search(): one query over articles, people, sessions, quotes and topics."""

import difflib
import hashlib
import re
import time
from dataclasses import dataclass, field, fields, replace

from django.core.paginator import Page, Paginator
from django.db import connection
from django.utils.translation import get_language

from archive import caching
from archive.db import contains_any_case
from archive.filters import ArticleFilter
from archive.models import (
    NEWEST_QUOTES_FIRST,
    Article,
    Person,
    Quote,
    Session,
    Topic,
)
from archive.search.engines import get_engine
from archive.search.facets import Facet, facets, significant
from archive.search.facets import _estimate as estimate
from archive.search.query import ParsedQuery, parse_query
from archive.search.ranking import RankedArticles, chosen_ordering, listing_queryset, restriction
from archive.search.snippets import attach_snippets
from archive.search.targets import named_people, named_sessions

PAGE_SIZE = 20
MAX_PAGE = 10000  # a larger ?page= is junk (or the last page, which the Paginator finds)
KIND_LIMIT = 6  # people, sessions, quotes and topics shown beside the articles
FILTER_NAMES = ("session", "person", "topic", "source", "language", "year")
ENTRY_KIND = {"sessions": "session", "people": "person", "quotes": "quote", "topics": "topic"}


@dataclass(kw_only=True)
class BesideTheArticles:
    """What a search shows beside the page of articles: the best match, the other kinds of
    results (a few of each), their counts, the facets, the matches per year and a "did you
    mean"."""

    best_match: object | None = None  # a Session or a Person
    best_match_kind: str = ""
    people: list = field(default_factory=list)
    sessions: list = field(default_factory=list)
    quotes: list = field(default_factory=list)
    topics: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    facets: list[Facet] = field(default_factory=list)
    suggestion: str = ""
    # counts["articles"] is an estimate from a sample (PostgreSQL, search/sampling.py), shown
    # as "about 80,000"
    articles_estimated: bool = False
    year_counts: dict = field(default_factory=dict)  # matching articles per year (estimated
    # from a sample, as the facets, beyond facets.EXACT_LIMIT matches)


@dataclass
class SearchResults(BesideTheArticles):
    query: ParsedQuery
    filterset: ArticleFilter
    articles: Page

    @property
    def total(self) -> int:
        total = sum(self.counts.values())
        # An estimate stays one ("about 80,000", not "about 80,004" with the people found)
        return significant(total) if self.articles_estimated else total


def published_articles():
    return Article.objects.published()


def _prepared(query: ParsedQuery, engine):
    """The query as the engine should run it: widened with the other spellings of the
    sessions and people it names, and a word the index knows matched as a word (its stem),
    one it does not know as the start of longer words ("Tokay" -> Tokayev)."""
    sessions, session_spellings = named_sessions(query)
    people, people_spellings = named_people(query)
    alternatives = {**people_spellings}
    for term, extra in session_spellings.items():
        alternatives.setdefault(term, []).extend(extra)
    widened = query.with_alternatives(alternatives)
    candidates = [t for t in query.terms if t.prefix]
    known = _known_words(engine, [t.words[-1] for t in candidates])
    widened = widened.replacing(
        {t: replace(t, prefix=False) for t in candidates if t.words[-1] in known}
    )
    return engine.prepare(widened), sessions, people


# Whether the index knows a word changes rarely, and a stale answer is harmless (a word taken
# for unknown is matched as a prefix, which includes the word itself), while asking costs
# PostgreSQL a pass over the word's whole posting list: answers are kept for a few minutes.
KNOWN_WORDS_SECONDS = 300
_known_cache: dict[tuple, tuple[bool, float]] = {}


def _known_words(engine, words) -> set[str]:
    if connection.in_atomic_block:  # a transaction may hold words no one else sees yet
        return engine.known_words(words)
    now = time.monotonic()
    key = (connection.alias, connection.settings_dict.get("NAME"))
    known, ask = set(), []
    for word in words:
        hit = _known_cache.get((*key, word))
        if hit and hit[1] > now:
            if hit[0]:
                known.add(word)
        else:
            ask.append(word)
    if ask:
        found = engine.known_words(ask)
        if len(_known_cache) > 10000:
            _known_cache.clear()
        for word in ask:
            _known_cache[(*key, word)] = (word in found, now + KNOWN_WORDS_SECONDS)
        known |= found
    return known


class ArticleMatches:
    """What search_articles() finds: a sequence a Paginator (or ListView) pages through
    (count(), slices, iteration), and highlight() for the page shown, which reuses the
    query as already widened (the names it holds are not looked up twice)."""

    def __init__(self, engine, query: ParsedQuery, sessions, people, articles):
        self.engine = engine
        self.query = query
        self.sessions = sessions
        self.people = people
        self.articles = articles  # RankedArticles, or a queryset in the chosen order

    def count(self) -> int:
        return self.articles.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        return self.articles[index]

    def __iter__(self):
        return iter(self.articles)

    def highlight(self, articles) -> list:
        """The articles (a page of these matches) with `search_title`, `search_snippet`
        and `search_reasons`, as highlight() gives them."""
        articles = list(articles)
        if articles:
            snippets = self.engine.article_snippets(articles, self.query)
            attach_snippets(articles, snippets, self.sessions, self.people, self.engine, self.query)
        return articles


def search_articles(q, filterset=None) -> ArticleMatches | None:
    """The published articles matching `q`, for the article list's ?q=: best first, or in
    the order the filterset's `ordering` asks for, narrowed by its filters (an ArticleFilter
    over published articles). Returns ArticleMatches, which a Paginator or ListView pages
    through; None for an empty query (then list the filterset as usual)."""
    query = q if isinstance(q, ParsedQuery) else parse_query(q)
    if query.is_empty:
        return None
    engine = get_engine()
    widened, sessions, people = _prepared(query, engine)
    return ArticleMatches(engine, widened, sessions, people, _ranked(engine, widened, filterset))


def _ranked(engine, query, filterset):
    if chosen_ordering(filterset):
        listing = listing_queryset(filterset.qs)
        return engine.matching_articles(listing, query)
    return RankedArticles(engine, query, restriction(filterset))


def highlight(articles, q) -> list:
    """Give each article `search_title` and `search_snippet`: safe HTML in which only the
    matching words are wrapped in <mark>. Returns the articles as a list."""
    articles = list(articles)
    query = q if isinstance(q, ParsedQuery) else parse_query(q)
    if query.is_empty or not articles:
        return articles
    engine = get_engine()
    widened, sessions, people = _prepared(query, engine)
    attach_snippets(
        articles, engine.article_snippets(articles, widened), sessions, people, engine, widened
    )
    return articles


def search(q, *, filters=None, page=None, per_page=PAGE_SIZE) -> SearchResults:
    """Everything matching `q`, articles narrowed by `filters` (the article list's filters:
    a dict or QueryDict), `page` of the articles. Never raises on odd input."""
    query = q if isinstance(q, ParsedQuery) else parse_query(q)
    data = _filter_data(filters)
    engine = get_engine()
    if query.is_empty:
        filterset = ArticleFilter(data or None, queryset=published_articles().none())
        return SearchResults(query, filterset, Paginator([], per_page).get_page(1))

    filterset = ArticleFilter(data or None, queryset=published_articles())
    restrict = restriction(filterset)  # also validates the form, whose errors the page shows
    # Everything but the filter form is kept in the cache until the archive changes
    # (caching.cached: any write bumps the generation, so no draft or stale article is ever
    # shown); without page caching it is computed every time. Labels (sessions, languages,
    # facet names) are translated, so the language is part of the key.
    context = (connection.vendor, connection.settings_dict.get("NAME"), get_language())
    key = hashlib.sha256(
        repr((context, query.text, sorted(data.items()), str(page), per_page)).encode()
    ).hexdigest()
    found = caching.cached(
        f"search:{key}", lambda: _found(query, data, filterset, restrict, page, per_page, engine)
    )
    paginator = Paginator([], per_page)
    paginator.count = found.total  # a cached_property: the matches are not counted again
    results = SearchResults(query, filterset, Page(found.articles, found.number, paginator))
    for name in _FOUND_FIELDS:
        setattr(results, name, getattr(found, name))
    return results


_QUOTE_ARTICLE_TEXT = ("article__body", "article__search_vector")
_FOUND_FIELDS = tuple(f.name for f in fields(BesideTheArticles))


@dataclass
class _Found(BesideTheArticles):
    """What search() computes for one query, filters and page (all but the filter form)."""

    articles: list  # the page shown, with snippets and reasons attached
    number: int  # its number
    total: int


def _found(query, data, filterset, restrict, page, per_page, engine) -> _Found:
    widened, named_session_list, named_people_list = _prepared(query, engine)
    number = _page_number(page)
    found = engine.article_results(widened, restrict, (number - 1) * per_page, per_page)
    if chosen_ordering(filterset):
        object_list = _ranked(engine, widened, filterset)
    else:
        object_list = RankedArticles(engine, widened, restrict, known=found)
    articles = Paginator(object_list, per_page).get_page(page)
    articles.object_list = list(articles.object_list)
    attach_snippets(
        articles.object_list,
        engine.article_snippets(articles.object_list, widened),
        named_session_list,
        named_people_list,
        engine,
        widened,
    )
    results = _Found(articles.object_list, articles.number, articles.paginator.count)
    results.counts["articles"] = articles.paginator.count
    results.articles_estimated = found.estimated and isinstance(object_list, RankedArticles)

    hits = engine.entry_hits(engine.prepare(query), limit=KIND_LIMIT)
    for kind, queryset in (
        ("sessions", Session.objects.all()),
        ("people", Person.objects.all()),
        # A quote shows its article's title and link: not its body (nor, on PostgreSQL, its
        # search vector), which would also fill the results cache.
        ("quotes", Quote.objects.public().for_listing().defer(*_QUOTE_ARTICLE_TEXT)),
        ("topics", Topic.objects.all()),
    ):
        ids, count = hits.get(ENTRY_KIND[kind], ([], 0))
        by_pk = queryset.in_bulk(ids) if ids else {}
        setattr(results, kind, [by_pk[pk] for pk in ids if pk in by_pk])
        results.counts[kind] = count

    # Sessions named by number come first, then people named by name or alias.
    results.sessions = _merge_first(named_session_list, results.sessions)
    if named_session_list:
        results.best_match, results.best_match_kind = named_session_list[0], "session"
    elif named_people_list:
        results.best_match, results.best_match_kind = named_people_list[0], "person"
        results.people = _merge_first(named_people_list[:1], results.people)
    # The named session or person is shown even when the index did not match it as text:
    # the counts (chips, headings, the total) must agree with what is listed.
    results.counts["sessions"] = max(results.counts["sessions"], len(results.sessions))
    results.counts["people"] = max(results.counts["people"], len(results.people))

    results.facets = facets(found.facet_rows, found.stride, data, filterset, query.text)
    results.year_counts = {
        int(value): estimate(count, found.stride)
        for facet, value, _label, count in found.facet_rows
        if facet == "year" and str(value).isdigit()
    }
    if sum(results.counts.values()) == 0:
        results.suggestion = suggest(query, engine)
    return results


QUOTE_PAGE_SIZE = 20
MAX_QUOTE_PAGE = 50  # beyond the best 1,000 quotes a search is too vague to page through


def search_quotes(q, page=None, per_page=QUOTE_PAGE_SIZE) -> tuple[ParsedQuery, Page]:
    """(the parsed query, the page of the public quotes matching `q`), best first: the
    "show all quotes" results of /search/. Two queries whatever the page: the index gives
    the ids of the best quotes up to the page asked for and how many match; the page's
    quotes come in one more. Never raises on odd input; past the last page, the last one."""
    query = q if isinstance(q, ParsedQuery) else parse_query(q)
    paginator = Paginator([], per_page)
    if query.is_empty:
        return query, paginator.get_page(1)
    engine = get_engine()
    number = min(_page_number(page), MAX_QUOTE_PAGE)
    hits = engine.entry_hits(engine.prepare(query), limit=number * per_page)
    ids, total = hits.get("quote", ([], 0))
    paginator.count = min(total, MAX_QUOTE_PAGE * per_page)
    last = max(1, -(-paginator.count // per_page))
    if number > last:
        number = last
        ids = ids[: number * per_page]
    page_ids = ids[(number - 1) * per_page : number * per_page]
    quotes = Quote.objects.public().for_listing().defer(*_QUOTE_ARTICLE_TEXT).in_bulk(page_ids)
    return query, Page([quotes[pk] for pk in page_ids if pk in quotes], number, paginator)


PERSON_QUOTE_LIMIT = 50
PERSON_QUOTE_WORDS = 10


def person_quotes(person, q, limit=PERSON_QUOTE_LIMIT) -> list:
    """`person`'s public quotes containing every word of `q` (in the words or their
    context), newest first: the quotes half of a search on their page. A person has few
    quotes, so a plain scan of theirs is enough (the quote index ranks across everyone)."""
    words = [w for w in re.findall(r"\w+", str(q or "")) if len(w) > 1][:PERSON_QUOTE_WORDS]
    if not words:
        return []
    quotes = Quote.objects.public().filter(speaker=person).for_listing()
    for word in words:
        quotes = quotes.filter(contains_any_case(["text", "context"], word))
    return list(quotes.order_by(*NEWEST_QUOTES_FIRST)[:limit])


def _page_number(page) -> int:
    """The page the Paginator will show for `page` (it falls back to 1 on junk and to the
    last page past the end: then the prefetched ids are simply not used)."""
    try:
        number = int(page)
    except (TypeError, ValueError, OverflowError):
        return 1
    return number if 1 <= number <= MAX_PAGE else 1


def _filter_data(filters):
    if not filters:
        return {}
    getter = filters.get
    return {name: getter(name) for name in (*FILTER_NAMES, "ordering") if getter(name)}


def _merge_first(first, rest):
    seen = {obj.pk for obj in first}
    return [*first, *(obj for obj in rest if obj.pk not in seen)]


def suggest(query: ParsedQuery, engine=None) -> str:
    """'Did you mean': the query with unknown words replaced by the nearest known word or
    name, or '' when nothing is near enough."""
    engine = engine or get_engine()
    changed, words = False, []
    for term in query.terms:
        if term.is_phrase or not term.text.isalpha() or len(term.text) < 3:
            words.append(term.text)
            continue
        replacement = _nearest(term.text, engine)
        if replacement and replacement.lower() != term.text:
            changed = True
            words.append(replacement)
        else:
            words.append(term.text)
    return " ".join(words) if changed else ""


def _nearest(word: str, engine) -> str | None:
    names = {part for key in engine.similar_names(word) for part in key.split()}
    words = set(engine.vocabulary_near(word)) - names
    candidates = sorted((names | words) - {word})
    close = difflib.get_close_matches(word, candidates, n=5, cutoff=0.7)
    # The index may hold stems ("harmoni"): compare the words as written in the text.
    spelled = {(c.capitalize() if c in names else engine.surface_form(c) or c): c for c in close}
    best = difflib.get_close_matches(word, [s.lower() for s in spelled], n=1, cutoff=0.75)
    if not best:
        return None
    return next(s for s in spelled if s.lower() == best[0])

"""A search with many matches on PostgreSQL: its total estimated from every n-th article,
its facets counted over that sample, its ranking window found without counting
(archive/search/sampling.py). The thresholds are lowered so that a few dozen articles are
"many"; the strides used here have no index of their own, which changes the speed, not the
answers."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive import search
from archive.search import ranking, sampling
from archive.search.facets import significant
from archive.search.sampling import Sample
from tests.factories import make_article, make_draft, make_session

# --- the arithmetic (no database) -----------------------------------------------------------


def test_estimates_are_rounded_to_two_significant_figures():
    assert significant(79_872) == 80_000
    assert significant(1_248) == 1_200
    assert significant(96) == 96
    assert significant(0) == 0
    assert Sample(64, list(range(1_248))).estimate == 80_000


def test_the_facets_get_an_even_sample_of_at_most_five_hundred():
    ids = list(range(64 * 1_300, 0, -64))  # 1,300 sampled matches, every 64th id
    facet_sample = Sample(64, ids).for_facets()
    assert 250 <= len(facet_sample.ids) <= sampling.FACET_SAMPLE
    assert all(pk % facet_sample.stride == 0 for pk in facet_sample.ids)
    assert facet_sample.stride == 64 * 4
    small = Sample(64, ids[:300])
    assert small.for_facets() == small


def test_a_common_word_is_walked_newest_first_a_rare_one_is_read_from_the_index():
    articles = 100_000
    common = Sample(64, list(range(1_250)))  # 80 % of the archive
    rare = Sample(64, list(range(300)))  # 19 %
    assert common.walk_newest_first(1_000, articles, reads_vectors=False)
    assert not rare.walk_newest_first(1_000, articles, reads_vectors=False)
    # An exact phrase has every candidate's vector read either way: walking wins sooner.
    assert rare.walk_newest_first(1_000, articles, reads_vectors=True)


# --- searches (PostgreSQL) -------------------------------------------------------------------

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's engine counts through its FTS table and needs no sample",
)


@pytest.fixture
def many(db, monkeypatch):
    """60 published articles about the steppe (one in three in a session, the newest
    dated latest), 3 drafts about it, 20 published articles about something else; the
    newest 30 matches are ranked."""
    session = make_session(30, title="Thirtieth", start_date=datetime.date(2021, 4, 28))
    steppe = [
        make_article(
            f"Note {i}" if i != 41 else "Steppe",
            body="The steppe wind.",
            sessions=[session] if i % 3 == 0 else [],
            published_on=datetime.date(2000, 1, 1) + datetime.timedelta(days=i),
        )
        for i in range(60)
    ]
    for i in range(3):
        make_draft(f"Draft {i}", body="The steppe wind, unpublished.")
    for i in range(20):
        make_article(f"Other {i}", body="Mountains and rivers.")
    monkeypatch.setattr(ranking, "RANK_WINDOW", 30)
    return steppe


def sampled(monkeypatch, stride, **settings):
    monkeypatch.setattr(sampling, "SAMPLE_STRIDES", (stride,))
    monkeypatch.setattr(sampling, "SAMPLE_MIN", 1)
    for name, value in settings.items():
        monkeypatch.setattr(sampling, name, value)


@postgresql_only
def test_many_matches_show_an_estimated_total_and_the_same_page(client, many, monkeypatch):
    exact = search.search("steppe")
    assert (exact.counts["articles"], exact.articles_estimated) == (60, False)

    sampled(monkeypatch, 1)  # every article sampled: the estimate is the count, drafts left out
    every = search.search("steppe")
    assert (every.counts["articles"], every.articles_estimated) == (60, True)
    assert [a.pk for a in every.articles] == [a.pk for a in exact.articles]

    sampled(monkeypatch, 4)
    estimated = search.search("steppe")
    assert estimated.articles_estimated
    assert 30 <= estimated.counts["articles"] <= 120
    # The ranking window is still the newest 30 matches, ranked: the same page.
    assert [a.pk for a in estimated.articles] == [a.pk for a in exact.articles]
    assert estimated.articles[0].pk == many[41].pk  # the word in its title, older
    sessions = next(f for f in estimated.facets if f.name == "session").values
    assert sessions[0].approximate and sessions[0].count > 0

    page = client.get(reverse("archive:search"), {"q": "steppe"}).content.decode()
    assert f"about {estimated.total} results for “steppe”" in page
    assert f"about {estimated.counts['articles']} articles" in page
    assert "of about" in page  # the pager's last page is an estimate too


@postgresql_only
def test_a_sampled_search_page_runs_a_fixed_number_of_queries(client, many, monkeypatch):
    sampled(monkeypatch, 4)

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("archive:search"), {"q": "steppe"})
        assert response.context["results"].articles_estimated
        return len(queries)

    before = count()
    for i in range(40):
        make_article(f"More {i}", body="The steppe wind again.")
    assert count() == before
    assert before <= 28  # the exact path's 24, the highest id, the sample, two SET LOCAL


@postgresql_only
@pytest.mark.parametrize("walk_cost_ratio", [0, 10**9], ids=["walked", "from the index"])
def test_both_ways_to_the_window_find_the_same_page(many, monkeypatch, walk_cost_ratio):
    queries = ("steppe", '"steppe wind"')  # a word; a phrase, whose vectors are read
    exact = {q: [a.pk for a in search.search(q).articles] for q in queries}
    sampled(monkeypatch, 2, WALK_COST_RATIO=walk_cost_ratio)
    for q in queries:
        results = search.search(q)
        assert results.articles_estimated
        assert [a.pk for a in results.articles] == exact[q]


@postgresql_only
def test_a_sample_that_overestimates_a_small_result_falls_back_to_its_count(db, monkeypatch):
    for i in range(4):
        make_article(f"Jubilee {i}", body="A jubilee concert.")
    sampled(monkeypatch, 1)
    results = search.search("jubilee")  # the window holds them all: counted
    assert (results.counts["articles"], results.articles_estimated) == (4, False)


@postgresql_only
def test_pages_past_the_window_are_counted_exactly(many, monkeypatch):
    sampled(monkeypatch, 4)
    deep = search.search("steppe", page=2)  # articles 21-40, past the window of 30
    assert (deep.counts["articles"], deep.articles_estimated) == (60, False)
    assert len(deep.articles) == 20


@postgresql_only
def test_a_filtered_search_is_sampled_within_the_filter(many, monkeypatch):
    sampled(monkeypatch, 1)
    monkeypatch.setattr(ranking, "RANK_WINDOW", 10)  # fewer than the 20 in the session
    results = search.search("steppe", filters={"session": "30"}, per_page=5)
    assert (results.counts["articles"], results.articles_estimated) == (20, True)
    assert all(a.sessions.filter(number=30).exists() for a in results.articles)

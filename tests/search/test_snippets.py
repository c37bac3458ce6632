"""Snippets of long articles and the sampling of facet counts: the shortcuts that keep a
search fast at 100,000 articles must not change what a visitor sees."""

import datetime

import pytest

from archive import search
from archive.search import facets
from archive.search.query import match_pattern, parse_query, text_window
from tests.factories import make_article

FILLER = "The delegates discussed the agenda of the meeting in detail. " * 60  # ~3,700 chars


def test_the_window_is_where_every_word_of_the_query_occurs_together():
    text = f"{FILLER}Steppe roads. {FILLER}The steppe eagle flew. {FILLER}An eagle."
    window, clauses = text_window(text, match_pattern(parse_query("steppe eagle")))
    assert clauses == 2 and "The steppe eagle flew." in window
    assert len(window) < 1500 and window in text


def test_short_texts_and_texts_missing_a_word_are_not_searched_for_a_window():
    pattern = match_pattern(parse_query("steppe eagle"))
    assert text_window("A steppe eagle.", pattern) == ("A steppe eagle.", 0)
    window, clauses = text_window(f"{FILLER}The steppe.", pattern)
    assert clauses == 0 and FILLER.startswith(window) and len(window) <= 1200
    assert match_pattern(parse_query("a the")) is None  # stopwords only: nothing to find


def test_words_far_apart_keep_the_whole_run_between_them():
    text = f"{FILLER}Steppe. {FILLER[:2000]} Eagle. {FILLER}"
    window, clauses = text_window(text, match_pattern(parse_query("steppe eagle")))
    assert clauses == 2 and "Steppe." in window and "Eagle." in window


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body, q, marked",
    [
        (f"{FILLER}The steppe eagle flew over Almaty. {FILLER}", "steppe eagle", "eagle"),
        (f"Steppe. {FILLER}{FILLER} An eagle at last.", "steppe eagle", ""),
        # "Kazakhstani" starts like "Kazakhstan" but is another word: the guessed window
        # has no match, and the whole text is highlighted instead.
        (
            f"Kazakhstani language. {FILLER}{FILLER}Kazakhstan and its language.",
            "Kazakhstan language",
            "kazakhstan",
        ),
    ],
)
def test_long_articles_get_highlighted_snippets(body, q, marked):
    make_article("Notes", body=body)
    (article,) = search.search(q).articles
    assert f"<mark>{marked}" in str(article.search_snippet).lower()


@pytest.mark.django_db
def test_equal_scores_are_newest_first_and_undated_articles_last():
    undated = make_article("Twin", body="Twin words.", published_on=None)
    old = make_article("Twin", body="Twin words.", published_on=datetime.date(2002, 1, 1))
    new = make_article("Twin", body="Twin words.", published_on=datetime.date(2022, 1, 1))
    assert [a.pk for a in search.search("twin words").articles] == [new.pk, old.pk, undated.pk]
    assert [a.pk for a in search.search_articles("twin words")[0:3]] == [
        new.pk,
        old.pk,
        undated.pk,
    ]


def test_facet_samples_are_every_nth_id_with_n_a_power_of_two(monkeypatch):
    assert [facets.stride_for(n) for n in (0, 1000, 1001, 2000, 2001, 80191)] == [
        1,
        1,
        4,
        4,
        8,
        256,
    ]
    monkeypatch.setattr(facets, "EXACT_LIMIT", 1)
    monkeypatch.setattr(facets, "SAMPLE_SIZE", 3)
    assert [facets.stride_for(n) for n in (1, 2, 3, 4, 7, 12, 13)] == [1, 1, 1, 2, 4, 4, 8]

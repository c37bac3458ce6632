"""Stems of Russian and Kazakh words for search (archive.text.stemming, kazakh.base_form)."""

import pytest

from archive.text.kazakh import base_form
from archive.text.stemming import (
    document_stems,
    mark_stemmed,
    query_stems,
    query_word_stems,
    stem,
    stemmed_passage,
)


@pytest.mark.parametrize(
    ("word", "base"),
    [
        ("сессиясында", "сессия"),
        ("сессиясы", "сессия"),
        ("тоқаевтың", "тоқаев"),
        ("тоқаевқа", "тоқаев"),
        ("президенті", "президент"),
        ("қазақстанның", "қазақстан"),
        ("сессия", "сессия"),
        ("сөзі", "сөзі"),  # too short to lose anything
    ],
)
def test_kazakh_words_lose_their_case_ending_and_possessive(word, base):
    assert base_form(word) == base


def test_russian_forms_share_a_stem():
    assert stem("сессия") == stem("сессии") == stem("сессиях") == stem("Сессией")


def test_a_kazakh_form_meets_the_russian_word():
    assert stem("сессиясында", kazakh_word=True) == stem("сессия")
    # A letter only Kazakh has makes a word Kazakh in any article.
    assert stem("Тоқаевтың") == stem("Тоқаев")


def test_document_stems_hold_the_cyrillic_words_only():
    assert document_stems("The XXVII сессиясында Тоқаевтың", "kk") == "сесс тоқа"
    assert document_stems("No Cyrillic here", "en") == ""
    assert document_stems("ЁЛКА ёлка", "ru") == "елк елк"


def test_query_stems_look_a_word_up_as_russian_and_as_kazakh():
    assert query_stems("сессия") == ["сесс"]
    assert query_stems("сессиясында") == ["сессиясынд", "сесс"]
    assert query_stems("Tokayev") == []


STEMS = query_word_stems(["сессия", "Тоқаев", "о"])


def test_query_stems_leave_out_short_words():
    assert query_word_stems(["Тоқаев", "сессия"]) == {stem("сессия"), stem("Тоқаев")}
    assert query_word_stems(["в", "на", "eagle"]) == frozenset()


def test_forms_found_by_their_stem_are_marked_once():
    text = "XXXIII сессиясында [Тоқаев] Тоқаевтың сөзі, сессии, сессиясы жоқ."
    marked = mark_stemmed(text, STEMS, True, "[", "]")
    assert marked == "XXXIII [сессиясында] [Тоқаев] [Тоқаевтың] сөзі, [сессии], [сессиясы] жоқ."


def test_a_text_without_those_stems_is_unchanged():
    assert mark_stemmed("Делегаты обсудили итоги.", STEMS, False, "[", "]") == (
        "Делегаты обсудили итоги."
    )
    assert mark_stemmed("Session of the Assembly", STEMS, False, "[", "]") == (
        "Session of the Assembly"
    )


def test_the_passage_is_around_the_first_form_found():
    text = "Бірінші сөйлем. " * 30 + "Мемлекет басшысы Тоқаевтың сөзі тыңдалды. " + "Соңы. " * 30
    passage = stemmed_passage(text, STEMS, True, "[", "]", around=40)
    assert "[Тоқаевтың] сөзі" in passage
    assert passage.startswith("…") and passage.endswith("…") and len(passage) < 140
    assert stemmed_passage("Делегаты обсудили итоги.", STEMS, False, "[", "]") == ""

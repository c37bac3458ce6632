"""Stems of Russian and Kazakh words for search (archive.text.stemming, kazakh.base_form)."""

import pytest

from archive.text.kazakh import base_form
from archive.text.stemming import document_stems, query_stems, stem


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

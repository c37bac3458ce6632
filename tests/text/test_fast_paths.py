"""The shortcuts detection takes for speed give what the plain way gives (archive.text.sessions,
archive.text.people, archive.text.candidates). No database."""

import re
import sys

import pytest

from archive.text import candidates as names_detect
from archive.text import people as linking
from archive.text import sessions
from archive.text.normalise import name_key
from archive.text.vocabulary import Tokens, words_and_gaps

TEXTS = [
    "At the 27th session of the Assembly, K. Tokayev spoke.",
    "The XXVII session; the 27th and 28th sessions; Session No. 27; session number 5, then.",
    "The session of the Assembly, the 27th in its history, opened. The I session was short.",
    "the twenty-first plenary session, the first constituent session and the tenth session",
    "XXXIII сессия АНК; 33-й сессии; сессиясында. The April 27th session. His first session.",
    "The third session of the National Kurultai. Parliament's 8th session. Cand 3rd session.",
    "ſession 27th session İstanbul KELVIN K-session, the 31st session (of the APK).",
    "Tokayev’s speech. Kassym-Jomart Tokayev said. ΟΔΟΣ'Α Straße DŽemal.\nSession XL, and LX.",
]


def test_case_surprises_are_every_letter_ignorecase_adds():
    """A text without _CASE_SURPRISES may be searched lower-cased instead of with IGNORECASE."""
    letters = re.compile("[a-zа-яё]", re.IGNORECASE)
    lower = set("abcdefghijklmnopqrstuvwxyzабвгдеёжзийклмнопрстуфхцчшщъыьэюя")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if letters.fullmatch(char) and char.lower() not in lower:
            assert sessions._CASE_SURPRISES.match(char) or len(char.lower()) != 1, hex(code)


@pytest.mark.parametrize("text", TEXTS)
def test_sessions_lower_cased_or_not(monkeypatch, text):
    quick = sessions.find_sessions(text)
    monkeypatch.setattr(sessions, "_searchable_lower", lambda text: None)
    assert sessions.find_sessions(text) == quick


@pytest.mark.parametrize("text", TEXTS)
def test_word_keys_are_those_of_the_lower_cased_text(text):
    """What _Words computes per word is what splitting text.lower() and folding gives."""
    words = linking._Words(text)
    lowered = words_and_gaps(text.lower())[1::2]
    if len(text.lower()) == len(text):
        assert words.keys == [w if w.isascii() else name_key(w) for w in lowered]
    assert [words.word(i) for i in range(len(words))] == words_and_gaps(text)[1::2]


def test_runs_of_capitalised_words_and_particles():
    text = "said Max van der Stoel and Ludwig van Beethoven, N.A. Smith of APK"
    tokens = Tokens(text)
    runs = [" ".join(v for _k, v in tokens[start:end]) for start, end in names_detect._runs(tokens)]
    assert runs == ["Max", "Stoel", "Ludwig van Beethoven", "N.A. Smith"]

"""The shortcuts detection takes for speed give what the plain way gives (archive.text.sessions,
archive.text.people, archive.text.normalise, archive.text.vocabulary, archive.text.candidates).
Each shortcut is one plainly named function; each test here compares it, or what uses it, with
the plain way on the same texts. No database."""

import json
import re
import sys
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest

from archive.text import candidates, normalise, numerals, people, sessions, transliteration
from archive.text.normalise import name_key
from archive.text.vocabulary import Tokens, can_be_in_a_name, words_and_gaps

REPO = Path(__file__).resolve().parents[2]
LABELLED = REPO / "bench" / "data" / "linking"

TEXTS = [
    "At the 27th session of the Assembly, K. Tokayev spoke.",
    "The XXVII session; the 27th and 28th sessions; Session No. 27; session number 5, then.",
    "The session of the Assembly, the 27th in its history, opened. The I session was short.",
    "the twenty-first plenary session, the first constituent session and the tenth session",
    "XXXIII сессия АНК; 33-й сессии; сессиясында. The April 27th session. His first session.",
    "The third session of the National Kurultai. Parliament's 8th session. Cand 3rd session.",
    "ſession 27th session İstanbul KELVIN K-session, the 31st session (of the APK).",
    "Tokayev’s speech. Kassym-Jomart Tokayev said. ΟΔΟΣ'Α Straße DŽemal.\nSession XL, and LX.",
    "See https://apk.kz/27th-session and [the 33rd](/sessions/33/) session.",
    "Tokayev at WWW.Akorda.kz/en/27th-session, or www.apk.kz (the 27th session).",
    "said Max van der Stoel, N.A. Nazarbayev and Secretary-General Kofi Annan said the Head of "
    "State; “Ban Ki-moon”, a member of the Senate, said. The President said.",
]
# The labelled articles of the benchmark: long texts in the forms articles take.
ARTICLES = [path.read_text(encoding="utf-8") for path in sorted(LABELLED.glob("*.txt"))]
ALL_TEXTS = TEXTS + ARTICLES


def test_case_surprises_are_every_letter_ignorecase_adds():
    """A text without _CASE_SURPRISES may be searched lower-cased instead of with IGNORECASE."""
    letters = re.compile("[a-zа-яё]", re.IGNORECASE)
    lower = set("abcdefghijklmnopqrstuvwxyzабвгдеёжзийклмнопрстуфхцчшщъыьэюя")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if letters.fullmatch(char) and char.lower() not in lower:
            assert sessions._CASE_SURPRISES.match(char) or len(char.lower()) != 1, hex(code)


@pytest.mark.parametrize("text", ALL_TEXTS)
def test_sessions_lower_cased_or_not(monkeypatch, text):
    quick = sessions.find_sessions(text)
    monkeypatch.setattr(sessions, "_searchable_lower", lambda text: None)
    assert sessions.find_sessions(text) == quick


def plain_find_sessions(text):
    """find_sessions() without its shortcuts: every pattern in the window of every "session"
    word, each match read afresh."""
    original, text = text, numerals.fold_roman_lookalikes(text)
    found = []
    for word in sessions._ANY_SESSION_WORD.finditer(text):
        at, end = word.span()
        window = (max(0, at - sessions.WINDOW_BEFORE), end + sessions.WINDOW_AFTER)
        for match in sessions._ORDINAL_SESSION.finditer(text, *window):
            found += sessions._mentions_in(text, match)
        found += sessions._numbered_sessions(text, at)
    found.sort(key=lambda m: (m.start, -m.end))
    return [replace(m, text=original[m.start : m.end]) for m in sessions._without_overlaps(found)]


@pytest.mark.parametrize("text", ALL_TEXTS)
def test_sessions_read_only_near_ordinals_and_numbers(text):
    """_ordinal_hints, _words_near_ordinals and the numbered-session look-up skip only windows
    where nothing can be found."""
    assert sessions.find_sessions(text) == plain_find_sessions(text)


@pytest.mark.parametrize("text", ALL_TEXTS)
def test_word_keys_are_those_of_the_lower_cased_text(text):
    """What _Words computes per word is what splitting text.lower() and folding gives, and
    what name_key() gives for each word."""
    words = people._Words(text)
    lowered = words_and_gaps(text.lower())[1::2]
    if len(text.lower()) == len(text):
        assert words.keys == [w if w.isascii() else name_key(w) for w in lowered]
    assert [words.word(i) for i in range(len(words))] == words_and_gaps(text)[1::2]
    assert words.keys == [name_key(word) for word in words_and_gaps(text)[1::2]]


@pytest.fixture(scope="module")
def matcher():
    labels = json.loads((LABELLED / "labels.json").read_text(encoding="utf-8"))
    return people.NameMatcher(
        people.PersonInfo(index, p["name"], tuple(p.get("aliases", ())), p.get("role", ""))
        for index, p in enumerate(labels["people"])
    )


@pytest.mark.parametrize("text", ALL_TEXTS)
def test_people_looked_for_only_where_a_spelling_begins(monkeypatch, matcher, text):
    text = normalise.prepare(text)
    quick = matcher.find_people(text)
    monkeypatch.setattr(
        people,
        "_words_beginning_a_spelling",
        lambda trie, keys: (i for i, key in enumerate(keys) if key in trie),
    )
    assert matcher.find_people(text) == quick


@pytest.mark.parametrize("text", ALL_TEXTS)
def test_urls_blanked_only_where_one_may_be(text):
    """prepare() skips the URL pattern only when it finds nothing."""
    plain = normalise._URL.sub(lambda m: " " * len(m.group()), unicodedata.normalize("NFC", text))
    assert normalise.prepare(text) == plain
    assert normalise.prepare(text.upper()) == normalise._URL.sub(
        lambda m: " " * len(m.group()), unicodedata.normalize("NFC", text.upper())
    )


@pytest.mark.parametrize("text", ALL_TEXTS)
def test_capitalised_tokens_are_found_as_looking_at_each(text):
    tokens = Tokens(text)
    assert tokens.capitalised() == [i for i, token in enumerate(tokens) if can_be_in_a_name(token)]


@pytest.mark.parametrize("text", ALL_TEXTS)
def test_speaker_titles_looked_for_only_where_a_title_is(text):
    plain = [m.group("a") or m.group("b") for m in candidates._SPEAKER_TITLE.finditer(text)]
    plain += [m.group("c") for m in candidates._CYRILLIC_SPEAKER_TITLE.finditer(text)]
    assert list(candidates._speaker_titles(text)) == plain


def test_runs_of_capitalised_words_and_particles():
    text = "said Max van der Stoel and Ludwig van Beethoven, N.A. Smith of APK"
    tokens = Tokens(text)
    runs = [" ".join(t.text for t in tokens[start:end]) for start, end in candidates._runs(tokens)]
    assert runs == ["Max", "Stoel", "Ludwig van Beethoven", "N.A. Smith"]


@pytest.mark.parametrize("text", ALL_TEXTS)
def test_match_keys_of_a_whole_text_are_those_of_each_word(text):
    """transliteration.match_keys (one pass over every word) gives what match_key gives."""
    keys = [name_key(word) for word in words_and_gaps(text)[1::2]]
    assert transliteration.match_keys(keys) == [transliteration.match_key(k) for k in keys]

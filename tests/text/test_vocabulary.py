"""The linker (archive.text.people) and the unmatched-names queue (archive.text.candidates)
agree about every word of archive.text.vocabulary. No database."""

import pytest

from archive.text import vocabulary as v
from archive.text.candidates import Candidate, NameIndex, find_unmatched_candidates
from archive.text.people import NameMatcher, PersonInfo, find_links

TOKAYEV, STOEL = 1, 2
MATCHER = NameMatcher(
    [
        PersonInfo(TOKAYEV, "Kassym-Jomart Tokayev"),
        PersonInfo(STOEL, "Max van der Stoel"),
    ]
)
INDEX = NameIndex([(TOKAYEV, "Kassym-Jomart Tokayev"), (STOEL, "Max van der Stoel")])
SETS = {
    "TITLES": v.TITLES,
    "TITLE_QUALIFIERS": v.TITLE_QUALIFIERS,
    "PARTICLES": v.PARTICLES,
    "COMMON_WORDS": v.COMMON_WORDS,
    "NAME_LIKE_WORDS": v.NAME_LIKE_WORDS,
}


def linked(text, matcher=MATCHER):
    return set(find_links(text, matcher).people)


def queued(text):
    return find_unmatched_candidates(text, INDEX)


def test_each_word_is_of_one_kind_and_written_as_readers_fold_it():
    seen = {}
    for name, words in SETS.items():
        for word in words:
            assert word not in seen, f"{word!r} is in {seen.get(word)} and {name}"
            assert word == v.fold(word), word
            seen[word] = name
    assert v.SAID_WORDS <= v.COMMON_WORDS


@pytest.mark.parametrize("word", sorted(v.TITLE_WORDS))
def test_a_title_before_a_name(word):
    title = word.capitalize()
    assert linked(f"{title} Tokayev spoke.") == {TOKAYEV}
    assert queued(f"{title} Ivan Petrov spoke.") == [Candidate("Ivan Petrov", "named with a title")]


@pytest.mark.parametrize("word", sorted(v.TITLES))
def test_a_title_in_an_apposition(word):
    assert queued(f"Ivan Petrov, a {word} of the city, spoke.") == [
        Candidate("Ivan Petrov", f"named with a title (“a {word} of the city”)")
    ]


@pytest.mark.parametrize("word", sorted(v.COMMON_WORDS))
def test_a_common_word_is_no_part_of_a_name(word):
    common = word.capitalize()
    assert linked(f"{common} Tokayev spoke.") == {TOKAYEV}
    assert queued(f"{common} Ivan Petrov said it.") == [
        Candidate("Ivan Petrov", "quoted as speaking (“said”)")
    ]
    assert queued(f"Ivan {common} Petrov said it.") == []
    assert linked(f"{common} spoke.", NameMatcher([PersonInfo(3, f"Anna {common}")])) == set()


# ("Park" is also an ORG_WORDS word: "Ivan Park" is a park, as "Tokayev Park" is.)
@pytest.mark.parametrize("word", sorted(v.NAME_LIKE_WORDS - v.ORG_WORDS))
def test_an_ordinary_word_that_is_also_a_name(word):
    name = word.capitalize()
    assert linked(f"{name} Tokayev spoke.") == {TOKAYEV}
    assert linked(f"{name} spoke.", NameMatcher([PersonInfo(3, f"Anna {name}")])) == set()
    assert queued(f"Ivan {name} said it.") == [
        Candidate(f"Ivan {name}", "quoted as speaking (“said”)")
    ]


@pytest.mark.parametrize("word", sorted(v.PARTICLES))
def test_a_particle_belongs_to_the_name(word):
    assert linked(f"{word.capitalize()} Tokayev spoke.") == {TOKAYEV}
    assert linked(f"Max {word} Stoel spoke.") == {STOEL}
    assert queued(f"Ivan {word} Petrov said it.") == [
        Candidate(f"Ivan {word} Petrov", "quoted as speaking (“said”)")
    ]


@pytest.mark.parametrize("word", sorted(v.ORG_WORDS))
def test_a_name_followed_by_an_org_word_names_a_place(word):
    place = word.capitalize()
    assert linked(f"Tokayev {place} opened.") == set()
    assert queued(f"Ivan {place} said it.") == []


def test_tokens_join_the_words_of_a_compound_as_the_linker_reads_them():
    text = "Kassym‐Jomart Tokayevʼs 27th visit: N.A. Nazarbayev, said"
    tokens = [(str(t.kind), t.text) for t in v.Tokens(text)]
    assert tokens == [
        ("word", "Kassym‐Jomart"),
        ("word", "Tokayev"),
        ("word", "27th"),
        ("word", "visit"),
        ("stop", ":"),
        ("initials", "N.A."),
        ("word", "Nazarbayev"),
        ("comma", ","),
        ("word", "said"),
    ]
    # (ʼ is a letter, U+02BC MODIFIER LETTER APOSTROPHE: inside a word for both.)
    assert v.words_and_gaps(text)[1::2][:4] == ["Kassym", "Jomart", "Tokayevʼs", "27th"]
    assert v.count_words("Kassym-Jomart Tokayev") == 3


_CYRILLIC_TITLES = sorted(w for w in v.TITLE_WORDS if not w.isascii())
_CYRILLIC_COMMON = sorted(w for w in v.COMMON_WORDS if not w.isascii())


@pytest.mark.parametrize("word", _CYRILLIC_TITLES)
def test_a_russian_or_kazakh_title_before_a_name(word):
    title = word.capitalize()
    assert linked(f"{title} Токаев выступил.") == {TOKAYEV}
    assert queued(f"{title} Иван Петров выступил.") == [
        Candidate("Иван Петров", "named with a title")
    ]


@pytest.mark.parametrize("word", _CYRILLIC_COMMON)
def test_a_russian_or_kazakh_common_word_is_no_part_of_a_name(word):
    common = word.capitalize()
    assert linked(f"{common} Тоқаев сөйледі.") == {TOKAYEV}
    assert queued(f"{common} Иван Петров сказал это.") == [
        Candidate("Иван Петров", "quoted as speaking (“said”)")
    ]

"""Kazakh for the readers of archive.text: ordinal numbers in words, the case endings of
names, and the words archive.text.vocabulary adds to its sets. Pure, no database.

ordinal_value("отыз төртінші") -> 34; KAZAKH_ORDINAL finds one in running text. (Kazakh
ordinals do not decline before a noun: "отыз төртінші сессиясында".)
"""

import re
from typing import Final

from archive.text.transliteration import match_key

_UNITS: Final = {
    "бірінші": 1, "екінші": 2, "үшінші": 3, "төртінші": 4, "бесінші": 5, "алтыншы": 6,
    "жетінші": 7, "сегізінші": 8, "тоғызыншы": 9,
}  # fmt: skip
_TENS_ORDINALS: Final = {
    "оныншы": 10, "жиырмасыншы": 20, "отызыншы": 30, "қырқыншы": 40, "елуінші": 50,
    "алпысыншы": 60, "жетпісінші": 70, "сексенінші": 80, "тоқсаныншы": 90,
}  # fmt: skip
_CARDINAL_TENS: Final = {
    "он": 10, "жиырма": 20, "отыз": 30, "қырық": 40, "елу": 50, "алпыс": 60, "жетпіс": 70,
    "сексен": 80, "тоқсан": 90,
}  # fmt: skip
_CARDINAL_UNITS: Final = {
    "бір": 1, "екі": 2, "үш": 3, "төрт": 4, "бес": 5, "алты": 6, "жеті": 7, "сегіз": 8,
    "тоғыз": 9,
}  # fmt: skip
_BELOW_HUNDRED = (
    rf"(?:(?:{'|'.join(_CARDINAL_TENS)})\s+(?:{'|'.join(_UNITS)})"
    rf"|{'|'.join(_TENS_ORDINALS)}|{'|'.join(_UNITS)})"
)
_HUNDREDS = rf"(?:(?:{'|'.join(_CARDINAL_UNITS)})\s+)?"  # "екі жүз", or "жүз" alone
# "қырық бесінші", "елу бірінші", "жүз жиырма жетінші", "жүзінші", "екі жүзінші".
KAZAKH_ORDINAL: Final = (
    rf"(?:{_HUNDREDS}жүз\s+{_BELOW_HUNDRED}|{_HUNDREDS}жүзінші|{_BELOW_HUNDRED})"
)
NUMBER_WORD_HINT: Final = (
    r"бірінші|екінші|үшінші|төрт|бесінші|алтыншы|жетінші|сегіз|тоғыз|оныншы|жиырма|отыз|қырқ"
    r"|қырық|елу|он\s|алпыс|жетпіс|сексен|тоқсан|жүз"
)


def _below_hundred(words: list[str]) -> int | None:
    if len(words) == 1:
        return _UNITS.get(words[0]) or _TENS_ORDINALS.get(words[0])
    if len(words) == 2 and words[0] in _CARDINAL_TENS and words[1] in _UNITS:
        return _CARDINAL_TENS[words[0]] + _UNITS[words[1]]
    return None


def ordinal_value(text: str) -> int | None:
    """'отыз төртінші' -> 34, 'бірінші' -> 1, 'жиырмасыншы' -> 20, 'елу бірінші' -> 51,
    'жүз жетінші' -> 107, 'екі жүзінші' -> 200; None otherwise."""
    words = text.lower().split()
    hundreds = 0
    if len(words) > 1 and words[0] in _CARDINAL_UNITS and words[1].startswith("жүз"):
        hundreds, words = _CARDINAL_UNITS[words[0]], words[1:]
    if words == ["жүзінші"]:
        return (hundreds or 1) * 100
    if len(words) > 1 and words[0] == "жүз":
        rest = _below_hundred(words[1:])
        return (hundreds or 1) * 100 + rest if rest else None
    return None if hundreds else _below_hundred(words)


# --- Names -------------------------------------------------------------------------------------

PATRONYMIC: Final = re.compile(r"^[a-z]{2,}(?:uli|kizi)(?:[a-z]{1,5})?$")

# Case endings as match keys (ы and і are both "i": vowel harmony needs no rules here):
# genitive, dative, accusative, locative, ablative, instrumental.
_ENDINGS: Final = (
    "tin din nin ka ke ga ge a e na ne ti di ni n ta te da de nda nde "
    "tan ten dan den nan nen ndan nden pen ben men"
).split()


def name_forms(key: str) -> set[str]:
    """The match keys of the Kazakh case forms of a name word given as its key:
    'tokaev' -> 'tokaevtin' (Тоқаевтың), 'tokaevka' (Тоқаевқа), 'tokaevpen' ..."""
    return {match_key(key + ending) for ending in _ENDINGS}


# The third person's possessive ("сессиясы", "Президенті"), which a case ending may follow
# ("сессиясында"): as match keys, like _ENDINGS.
_POSSESSIVE: Final = ("si", "i")
_ENDING_KEYS: Final = frozenset(_ENDINGS)
MIN_BASE_LETTERS: Final = 4


# An ending that begins with т, қ/к or п follows a voiceless consonant ("Тоқаевтың": в counts
# as one in Kazakh), so the т of "президенті" is the word's own.
_VOICELESS: Final = frozenset("птқкфсшщхцчв")


def _ends_with(word: str, size: int, endings: frozenset[str] | tuple[str, ...]) -> bool:
    tail = match_key(word[-size:])
    if len(tail) != size or tail not in endings:  # one letter for one: "нның" is not "ның"
        return False
    return tail[0] not in "tkp" or word[-size - 1] in _VOICELESS


def base_form(word: str) -> str:
    """A lower-case Kazakh word without its case ending and possessive, for search:
    'сессиясында' -> 'сессия', 'тоқаевтың' -> 'тоқаев', 'президенті' -> 'президент'. The
    endings are those of name_forms() (compared as match keys, so ы and і, қ and к are one);
    at least MIN_BASE_LETTERS letters are always left, and a word with no ending is kept."""
    for endings in (_ENDING_KEYS, _POSSESSIVE):
        for size in (4, 3, 2, 1):
            if len(word) - size >= MIN_BASE_LETTERS and _ends_with(word, size, endings):
                word = word[:-size]
                break
    return word


def _declined(stems: str, endings: tuple[str, ...]) -> set[str]:
    return {stem + ending for stem in stems.split() for ending in endings}


# After a consonant, after a vowel (possessive "-сы/-сі", as in "Мемлекет басшысы").
_AFTER_CONSONANT = ("", "і", "ы", "тің", "тың", "ке", "қа", "ті", "ты", "те", "та", "імен")
_AFTER_VOWEL = ("", "сы", "сі", "ның", "нің", "сының", "сінің", "ға", "ге", "сына", "сіне", "мен")

TITLES: Final = (
    _declined(
        "президент министр депутат сенатор әкім профессор академик ректор директор журналист "
        "спикер мүше",
        _AFTER_CONSONANT,
    )
    | _declined("елбасы елші төраға басшы хатшы жазушы ақын ғалым боксшы", _AFTER_VOWEL)
    | {"президенті", "президентінің", "президентіне", "мырза", "ханым", "орынбасары"}
)
TITLE_QUALIFIERS: Final = frozenset("тұңғыш бұрынғы қазіргі құрметті".split())
SAID_WORDS: Final = frozenset(
    "деді деп атап мәлімдеді айтты қосты түйіндеді жеткізді білдірді көрсетті".split()
)
COMMON_WORDS: Final = frozenset(
    """
    және мен бен пен бұл осы сол ол олар біз сіз бүгін кеше ертең сондай ақ сонымен қатар
    алайда бірақ үшін туралы бойынша кейін бұған орай ал тағы да де енді жыл жылы жылғы
    қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан
    дүйсенбі сейсенбі сәрсенбі бейсенбі жұма сенбі жексенбі
    сурет суретте дереккөз баспасөз қызметі қха ассамблея ассамблеясы ассамблеясының
    ассамблеясында қазақстан қазақстанның қазақстанда халқы халқының парламент парламенті
    парламентінің сенаты мәжіліс мәжілісі мәжілісінің үкімет үкіметі ұлттық құрылтай
    құрылтайы ақорда ақорданың астана астанада республикасы республикасының мемлекет
    мемлекеттік ел елі еліміз сессиясы сессиясында
    """.split()
)
ORG_WORDS: Final = frozenset(
    """
    университеті университетінің университетінде университетіне мектебі мектептері
    мектептерінің зияткерлік қоры қорының орталығы кітапханасы даңғылы көшесі алаңы әуежайы
    мұражайы сыйлығы стипендиясы стадионы академиясы колледжі лицейі
    """.split()
)

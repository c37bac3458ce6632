"""Russian for the readers of archive.text: ordinal numbers in words, the case endings of
names, and the words archive.text.vocabulary adds to its sets. Pure, no database.

ordinal_value("тридцать четвёртой") -> 34; RUSSIAN_ORDINAL is the pattern that finds one in
running text (every case and gender: "первая", "двадцать седьмого", "тридцать третьей").
"""

import re
from collections.abc import Iterable
from typing import Final

from archive.text.transliteration import match_key

_UNITS: Final = {
    "перв": 1, "втор": 2, "трет": 3, "четверт": 4, "четвёрт": 4, "пят": 5, "шест": 6,
    "седьм": 7, "восьм": 8, "девят": 9,
}  # fmt: skip
_TEENS_AND_TENS: Final = {
    "десят": 10, "одиннадцат": 11, "двенадцат": 12, "тринадцат": 13, "четырнадцат": 14,
    "пятнадцат": 15, "шестнадцат": 16, "семнадцат": 17, "восемнадцат": 18,
    "девятнадцат": 19, "двадцат": 20, "тридцат": 30, "сороков": 40, "пятидесят": 50,
    "шестидесят": 60, "семидесят": 70, "восьмидесят": 80, "девяност": 90,
}  # fmt: skip
_HUNDREDTHS: Final = {
    "сот": 100, "двухсот": 200, "трёхсот": 300, "трехсот": 300, "четырёхсот": 400,
    "четырехсот": 400, "пятисот": 500, "шестисот": 600, "семисот": 700, "восьмисот": 800,
    "девятисот": 900,
}  # fmt: skip
_CARDINAL_TENS: Final = {
    "двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50, "шестьдесят": 60,
    "семьдесят": 70, "восемьдесят": 80, "девяносто": 90,
}  # fmt: skip
_CARDINAL_HUNDREDS: Final = {
    "сто": 100, "двести": 200, "триста": 300, "четыреста": 400, "пятьсот": 500,
    "шестьсот": 600, "семьсот": 700, "восемьсот": 800, "девятьсот": 900,
}  # fmt: skip
# Every ordinal stem, longest first: "пятидесят" before "пят", "девяност" before "девят".
_STEMS: Final = sorted(
    {**_UNITS, **_TEENS_AND_TENS, **_HUNDREDTHS}.items(), key=lambda item: -len(item[0])
)


def _either(words: Iterable[str]) -> str:
    """An alternation trying the longest word first ("пятидесят" before "пят")."""
    return "|".join(sorted(words, key=len, reverse=True))


# Adjective endings, hard and soft, every case, gender and number ("третий" has its own).
_ENDINGS = r"(?:ый|ий|ой|ая|яя|ое|ее|ого|его|ому|ему|ым|им|ом|ем|ую|юю|ые|ие|ых|их|ыми|ими)"
_THIRD = r"трет(?:ий|ь(?:я|е|его|ей|ему|им|ем|ю|и|их|ими))"
_UNIT_ORDINAL = rf"(?:{_THIRD}|(?:{_either(s for s in _UNITS if s != 'трет')}){_ENDINGS})"
_OTHER_ORDINAL = rf"(?:(?:{_either(_TEENS_AND_TENS)}){_ENDINGS})"
_BELOW_HUNDRED = (
    rf"(?:(?:{_either(_CARDINAL_TENS)})[\s-]+{_UNIT_ORDINAL}|{_OTHER_ORDINAL}|{_UNIT_ORDINAL})"
)
# "сорок пятая", "сто двадцать седьмой", "девяностого", "сотой".
RUSSIAN_ORDINAL: Final = (
    rf"(?:(?:{_either(_CARDINAL_HUNDREDS)})[\s-]+{_BELOW_HUNDRED}|{_BELOW_HUNDRED}"
    rf"|(?:{_either(_HUNDREDTHS)}){_ENDINGS})"
)
_ONE = re.compile(rf"{RUSSIAN_ORDINAL}", re.IGNORECASE)
# Where one may begin (a superset, for archive.text.sessions' quick look-up).
NUMBER_WORD_HINT: Final = (
    r"перв|втор|трет|четв|четыр|пят|шест|седьм|сем|восьм|восем|девят|десят|одиннадц|двенадц"
    r"|тринадц|двадцат|тридцат|сорок|девян|сот|сто|двест|трист"
)


def ordinal_value(text: str) -> int | None:
    """'тридцать четвёртой' -> 34, 'первая' -> 1, 'двадцатого' -> 20, 'сорок пятой' -> 45,
    'сто первая' -> 101, 'сотой' -> 100; None otherwise."""
    words = text.lower().replace("-", " ").split()
    if not _ONE.fullmatch(" ".join(words)):
        return None
    value = 0
    for cardinals in (_CARDINAL_HUNDREDS, _CARDINAL_TENS):
        if len(words) > 1 and words[0] in cardinals:
            value += cardinals[words[0]]
            words = words[1:]
    for stem, number in _STEMS:
        if words[0].startswith(stem):
            return value + number
    return None


# --- Names -------------------------------------------------------------------------------------

PATRONYMIC: Final = re.compile(r"^[a-z]{2,}(?:ovich|evich|ich|ovn|evn|ichn)(?:a|u|em|e|oi|i)?$")


def name_forms(key: str) -> set[str]:
    """The match keys (transliteration.match_key) of the Russian case forms of a name word
    given as its key: 'tokaev' -> 'tokaeva', 'tokaevu', 'tokaevim' ...; 'balaeva' ->
    'balaevoi', 'balaevu'; 'genadi' -> 'genadia', 'genadiu' ..."""
    endings: tuple[str, ...]
    if key.endswith("a"):
        stem = key[:-1]
        endings = ("i", "e", "u", "oi", "ei", "iu")
    elif key.endswith(("i", "e", "o", "u")):
        stem, endings = key, ("a", "u", "em", "e", "ia", "iu")
    else:
        stem, endings = key, ("a", "u", "om", "im", "e", "ia", "iu", "em")
    return {match_key(stem + ending) for ending in endings}


def _declined(stems: str, endings: tuple[str, ...]) -> set[str]:
    return {stem + ending for stem in stems.split() for ending in endings}


_NOUN = ("", "а", "у", "ом", "е", "ы", "ов")
_SOFT_NOUN = ("ь", "я", "ю", "ем", "е", "и", "ей")
_FEMININE = ("а", "ы", "и", "е", "у", "ой")
_ADJECTIVE = (
    "ый",
    "ий",
    "ой",
    "ая",
    "ого",
    "ому",
    "ым",
    "ом",
    "ую",
    "ой",
    "ые",
    "ых",
    "его",
    "ему",
)

# Offices and callings written before a name ("Президент Токаев", "Главы государства").
TITLES: Final = (
    _declined(
        "президент министр премьер депутат сенатор аким посол спикер академик ректор директор "
        "профессор поэт журналист боксер боксёр фигурист член советник мэр губернатор "
        "митрополит муфтий епископ патриарх имам раввин генсек господин вице",
        _NOUN,
    )
    | _declined("писател руководител председател заместител секретар корол", _SOFT_NOUN)
    | _declined("глав госпож", _FEMININE)
    | {"лидер", "лидера", "лидеру", "лидером", "елбасы"}
)
TITLE_QUALIFIERS: Final = _declined(
    "перв бывш нынешн действующ почетн почётн верховн генеральн покойн", _ADJECTIVE
)
SAID_WORDS: Final = _declined(
    "сказал отметил подчеркнул заявил добавил сообщил заметил пояснил напомнил указал", ("", "а")
) | {"говорит", "считает", "отметив", "подчеркнув", "заявив"}
COMMON_WORDS: Final = frozenset(
    """
    в во на по с со к ко о об от до из за у и а но как также так это этот эта эти при для
    после перед сегодня вчера завтра когда где он она они мы вы я его ее её их все всё тем
    однако кроме между более ранее затем напомним кстати вместе именно лишь только уже еще ещё
    не ни да нет или либо если чтобы что который которая которые наш наша свой своей своем
    своём тогда там здесь среди через около впервые всего
    январь января февраль февраля март марта апрель апреля май мая июнь июня июль июля август
    августа сентябрь сентября октябрь октября ноябрь ноября декабрь декабря
    понедельник вторник среда среду четверг пятница пятницу суббота субботу воскресенье
    фото источник пресс служба анк ассамблея ассамблеи ассамблее ассамблею ассамблеей народ
    народа народу народе народов единство единства казахстан казахстана казахстане казахстану
    казахстаном республика республики республике астана астаны астане алматы акорда акорды
    акорде парламент парламента парламенте сенат сената сенате мажилис мажилиса мажилисе
    правительство правительства министерство министерства комитет совет конгресс курултай
    курултая курултае национальный национального национальном национальная форум форума
    закон конституция сессия сессии оон обсе университет
    казахский казахского русский русского немецкий корейский татарский украинский
    """.split()
)
# A name followed by one is a place or an institution ("Назарбаев Университет").
ORG_WORDS: Final = frozenset(
    """
    университет университета университете университету школа школы школ интеллектуальные
    интеллектуальных фонд фонда фонде центр центра центре библиотека библиотеки проспект
    проспекте улица улице площадь площади аэропорт аэропорта музей музея премия премии
    стипендия стадион арена дворец дворца академия академии колледж лицей гимназия кубок
    """.split()
)

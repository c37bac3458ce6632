"""The language an article is written in, read from its letters. Pure, no database.

detect_language(text) -> "kk", "ru" or "en": Kazakh when the letters only Kazakh has (ә ғ қ ң
ө ұ ү һ і) are at least KAZAKH_SHARE of its Cyrillic letters (in a Kazakh news text they
are 12-15 %, in a Russian one under 1 %), else Russian when most of its
letters are Cyrillic, else English. A Russian text quoting a Kazakh name ("Мәңгілік Ел") stays
Russian; an English text quoting a Russian phrase stays English. The codes are those of
archive.models.Language.
"""

import re
from typing import Final, Literal

from archive.text.numerals import fold_roman_lookalikes

LanguageCode = Literal["en", "ru", "kk"]
KAZAKH_SHARE: Final = 0.05
_KAZAKH = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN = re.compile("[A-Za-z]")


def detect_language(text: str) -> LanguageCode:
    """'kk', 'ru' or 'en' for the text of an article (see the module's rules). The Cyrillic
    "І" of a Roman numeral ("ХІІІ сессия") is not a Kazakh letter."""
    text = fold_roman_lookalikes(text)
    cyrillic = len(_CYRILLIC.findall(text))
    if not cyrillic or cyrillic <= len(_LATIN.findall(text)):
        return "en"
    if len(_KAZAKH.findall(text)) >= KAZAKH_SHARE * cyrillic:
        return "kk"
    return "ru"

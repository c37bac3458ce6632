"""One form for a name in Latin or Cyrillic letters, for matching (not for display or slugs).

match_key("Tokayev") == match_key("Токаев") == match_key("Тоқаев") == "tokaev". The rules
(docs/linking.md, "Across scripts") in order:

1. lower case, accents stripped, apostrophes and signs (ъ ь) dropped;
2. Cyrillic letters to Latin, Russian and Kazakh alike: ә->a ғ->g қ->k ң->n ө->o ұ/ү->u
   һ/х->h і/и/й/ы->i ж->j ц->ts ч->ch ш/щ->sh ю->iu я->ia е/ё/э->e;
3. Latin spellings brought to the same letters: kh->h zh/dzh/dj->j q->k w->v x->ks
   y->i, "ie"/"ye" (and "ие", "ье") -> e;
4. doubled letters made single ("Kassym" / "Касым", "Yelbassy" / "Елбасы").

normalise.transliterate() is the other one: it makes slugs readable ("Қазақ" -> "qazaq") and
keeps letters apart that a reader of a URL tells apart; this one throws away what spellings of
one name disagree on. Two names with the same key are the same name to the linker, so the
shared-surname and precision rules (archive.text.people) apply to keys.
"""

import re
import unicodedata
from functools import lru_cache

_CYRILLIC_TO_LATIN = str.maketrans(
    {
        **dict(zip("абвгдезклмнопрстуфһхиыйі", "abvgdezklmnoprstufhhiiii", strict=True)),
        **dict(zip("әғқңөұүёэ", "agknouuee", strict=True)),
        **{"ж": "j", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ю": "iu", "я": "ia"},
        **{"ъ": "", "ь": "", "'": "", "’": "", "ʼ": "", "є": "e", "ї": "i", "ґ": "g", "ў": "u"},
    }
)
# Step 3, in this order: pairs first ("ye" before "y"), then single letters. (str.replace:
# several times quicker than a translation table on ASCII text.)
_LATIN_REPLACEMENTS = (
    ("dzh", "j"), ("kh", "h"), ("zh", "j"), ("dj", "j"), ("ie", "e"), ("ye", "e"),
    ("q", "k"), ("w", "v"), ("x", "ks"), ("y", "i"),
)  # fmt: skip
_DOUBLES = re.compile(r"(?<=([a-z]))\1+")  # the repeats after a letter
_CYRILLIC = re.compile("[\u0400-\u04ff]")


def has_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC.search(text))


@lru_cache(maxsize=200_000)
def match_key(word: str) -> str:
    """The matching form of one word (or of several, spaces kept): see the module's rules."""
    return _match_form(word)


def match_keys(words: list[str]) -> list[str]:
    """[match_key(word) for word in words], quicker: detection reads every word of every
    article, and most words come again and again. The words not met before are worked out in
    one pass over them all (no rule reaches across two words) and kept, up to _KEPT of them;
    the rest are looked up."""
    known = _MATCH_KEYS
    new = [*set(words).difference(known)]
    if new:
        if len(known) + len(new) > _KEPT:
            known.clear()
        known.update(zip(new, _match_form("\x00".join(new)).split("\x00"), strict=True))
    return [*map(known.__getitem__, words)]


_MATCH_KEYS: dict[str, str] = {}
_KEPT = 500_000


def _match_form(text: str) -> str:
    text = text.lower()
    if not text.isascii():
        text = text.translate(_CYRILLIC_TO_LATIN)
        if not text.isascii():
            decomposed = unicodedata.normalize("NFKD", text)
            text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    for old, new in _LATIN_REPLACEMENTS:
        if old in text:
            text = text.replace(old, new)
    return _DOUBLES.sub("", text)

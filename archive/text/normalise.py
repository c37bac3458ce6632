"""Small text helpers shared by models, imports, linking and search. No database.

name_key() and sort_key_for_name() (how names are compared and sorted), slugify() and
transliterate() (ASCII slugs), prepare() (the form of a text that sessions, people and quotations
are read from).
"""

import re
import unicodedata

# Apostrophes, quotes and dashes that people and scanners use interchangeably.
_FOLD_TABLE = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "`": "'",
        "\u00b4": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
    }
)


def strip_accents(text: str) -> str:
    if text.isascii():
        return text  # nothing to decompose (the usual case: every title and name imported)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_key(name: str) -> str:
    """The form under which two spellings of a name count as the same.

    Case, accents, punctuation, apostrophes and spacing are ignored:
    "K.K. Tokayev" and "k k  tokayev" share a key; "Kassym-Jomart" and
    "Kassym Jomart" do too.
    """
    text = strip_accents(name.translate(_FOLD_TABLE)).casefold()
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())


# A URL, or the target of a Markdown link: not text a person or a session is named in.
_URL = re.compile(r"https?://[^\s)>\]]+|www\.[^\s)>\]]+|\]\([^)\s]*\)", re.IGNORECASE)


def prepare(text: str) -> str:
    """The form detection reads: NFC, with URLs (Markdown link targets too) blanked out.

    Offsets stay those of the NFC text: blanked characters become spaces one for one.
    """
    text = unicodedata.normalize("NFC", text or "")
    if not _may_hold_a_url(text):
        return text
    return _URL.sub(lambda m: " " * len(m.group()), text)


def _may_hold_a_url(text: str) -> bool:
    """False when _URL cannot match in `text`: every URL has "://", "www." (in any case: no
    other character matches "w") or "](". Most texts have none, and these three look-ups are
    much quicker than the pattern."""
    return "://" in text or "](" in text or "www." in text.lower()


def sort_key_for_name(name: str) -> str:
    """A-Z order by surname: 'Kassym-Jomart Tokayev' -> 'tokayev kassym jomart'."""
    words = name_key(name).split()
    if len(words) < 2:
        return " ".join(words)
    return " ".join([words[-1], *words[:-1]])


# Letters that have no ASCII form once accents are stripped: Russian and Kazakh Cyrillic (as
# news sites and passports romanise them: қ -> q, ң -> n, ұ/ү -> u, х -> kh, я -> ya), the few
# Ukrainian and Belarusian letters besides, and Latin letters that are not accented forms.
TRANSLITERATION = str.maketrans(
    {
        **dict(zip("абвгдезийклмнопрстуфыэ", "abvgdeziiklmnoprstufye", strict=True)),
        **dict(zip("әғқңөұүһі", "agqnouuhi", strict=True)),
        **{"ё": "e", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch"},
        **{"ю": "yu", "я": "ya", "ъ": "", "ь": ""},
        **{"є": "ye", "ї": "yi", "ґ": "g", "ў": "u"},
        **{"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "þ": "th", "ı": "i"},
    }
)


def transliterate(text: str) -> str:
    """Lowercase ASCII letters for Cyrillic and other letters a URL cannot hold:
    'Қазақ тілі' -> 'qazaq tili', 'Ассамблея' -> 'assambleya'. Accents are stripped
    ('Iržikevičius' -> 'irzikevicius'); characters of other scripts are left as they are."""
    return strip_accents(text.lower().translate(TRANSLITERATION))


def slugify(text: str, max_length: int = 200) -> str:
    """An ASCII slug, as the URL patterns (<slug:...>) accept: Russian and Kazakh titles are
    transliterated ('Қазақ тілі' -> 'qazaq-tili'); a text with no letter or digit that has an
    ASCII form gives 'item'."""
    slug = _ascii_slug(transliterate(text))
    return slug[:max_length].strip("-") or "item"


def _ascii_slug(text: str) -> str:
    # What django.utils.text.slugify does, so that archive.text needs no framework.
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    ascii_text = re.sub(r"[^\w\s-]", "", ascii_text.lower())
    return re.sub(r"[-\s]+", "-", ascii_text).strip("-_")

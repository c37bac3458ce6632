"""Small text helpers shared by models, imports, linking and search. No database."""

import re
import unicodedata

from django.utils.text import slugify as django_slugify

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


def sort_key_for_name(name: str) -> str:
    """A-Z order by surname: 'Kassym-Jomart Tokayev' -> 'tokayev kassym jomart'."""
    words = name_key(name).split()
    if len(words) < 2:
        return " ".join(words)
    return " ".join([words[-1], *words[:-1]])


def slugify(text: str, max_length: int = 200) -> str:
    """An ASCII slug; Cyrillic titles keep their letters rather than vanish."""
    slug = django_slugify(strip_accents(text))
    if not slug:
        slug = django_slugify(text, allow_unicode=True)
    return slug[:max_length].strip("-") or "item"

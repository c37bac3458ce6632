"""Session numbers in the notations the archive meets: 27, XXVII, 27th, twenty-seventh.

Pure functions, no database: used for display, for import cells, for search and for linking.
"""

import re

_ROMAN = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]
_ROMAN_RE = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORDINAL_UNITS = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}


def to_roman(number: int) -> str:
    """27 -> 'XXVII'. Defined for 1..3999."""
    if not 0 < number < 4000:
        raise ValueError(f"{number} has no Roman numeral")
    out = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def from_roman(text: str) -> int | None:
    """'XXVII' -> 27; None when the text is not a well-formed Roman numeral."""
    text = text.strip().upper()
    if not text or not _ROMAN_RE.match(text):
        return None
    total, index = 0, 0
    for value, letters in _ROMAN:
        while text.startswith(letters, index):
            total += value
            index += len(letters)
    return total


def ordinal_suffix(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


def ordinal(number: int) -> str:
    """27 -> '27th', 11 -> '11th', 22 -> '22nd'."""
    return f"{number}{ordinal_suffix(number)}"


def cardinal_words(number: int) -> str:
    """27 -> 'twenty-seven'. Defined for 0..999."""
    if not 0 <= number < 1000:
        raise ValueError(f"{number} is out of range")
    if number < 20:
        return _UNITS[number]
    if number < 100:
        tens, units = divmod(number, 10)
        return _TENS[tens] + (f"-{_UNITS[units]}" if units else "")
    hundreds, rest = divmod(number, 100)
    head = f"{_UNITS[hundreds]} hundred"
    return head + (f" and {cardinal_words(rest)}" if rest else "")


def _ordinalise(word: str) -> str:
    if word in _ORDINAL_UNITS:
        return _ORDINAL_UNITS[word]
    if word.endswith("y"):
        return word[:-1] + "ieth"
    return word + "th"


def ordinal_words(number: int) -> str:
    """27 -> 'twenty-seventh', 100 -> 'one hundredth'."""
    words = cardinal_words(number)
    match = re.match(r"^(.*?)([a-z]+)$", words)
    assert match is not None  # cardinal_words() ends in a word
    return match.group(1) + _ordinalise(match.group(2))


def _build_word_table(limit: int = 200) -> dict[str, int]:
    table = {}
    for n in range(1, limit + 1):
        for words in (cardinal_words(n), ordinal_words(n)):
            table[words] = n
            table[words.replace("-", " ")] = n
            table[words.replace(" and ", " ")] = n
    return table


WORD_NUMBERS = _build_word_table()
_DIGITS_RE = re.compile(r"^(\d{1,4})\s*(st|nd|rd|th|-?й|-?ші|-?шы)?\.?$", re.IGNORECASE)


def parse_number(text: str) -> int | None:
    """Read a session number written as '27', '27th', 'XXVII' or 'twenty-seventh'.

    Returns None for anything else (including 0 and negative numbers).
    """
    if text is None:
        return None
    cleaned = " ".join(str(text).strip().lower().replace("\u2011", "-").split())
    if not cleaned:
        return None
    match = _DIGITS_RE.match(cleaned)
    if match:
        value = int(match.group(1))
        return value or None
    if cleaned in WORD_NUMBERS:
        return WORD_NUMBERS[cleaned]
    return from_roman(cleaned)


# Cyrillic letters typed for the Roman numerals they look like: "ХХХIV", "ХХУ", "МС".
_LOOKALIKES = str.maketrans("ХІУМСӀ", "XIVMCI")
_LOOKALIKE_NUMERAL = re.compile(r"(?<![^\W\d_])[IVXLCMХІУМСӀ]+(?![^\W\d_])")
_CYRILLIC_LOOKALIKE = re.compile("[ХІУМСӀ]")


def fold_roman_lookalikes(text: str) -> str:
    """`text` with every Roman numeral typed partly or wholly in Cyrillic look-alike letters
    written in Latin ones, one character for one (offsets stay): "ХХХIV сессия" -> "XXXIV
    сессия". A lone "У", "С" or "М" is a Russian word, not a numeral, and stays."""
    if text.isascii() or not _CYRILLIC_LOOKALIKE.search(text):
        return text

    def fold(match: re.Match[str]) -> str:
        word = match.group()
        if not _CYRILLIC_LOOKALIKE.search(word) or word in ("У", "С", "М"):
            return word
        latin = word.translate(_LOOKALIKES)
        return latin if from_roman(latin) else word

    return _LOOKALIKE_NUMERAL.sub(fold, text)

import pytest

from archive.text import numerals


@pytest.mark.parametrize(
    ("number", "roman"),
    [(1, "I"), (4, "IV"), (9, "IX"), (10, "X"), (27, "XXVII"), (32, "XXXII"), (33, "XXXIII"),
     (40, "XL"), (49, "XLIX"), (90, "XC"), (99, "XCIX"), (100, "C")],
)  # fmt: skip
def test_roman_numerals_both_ways(number, roman):
    assert numerals.to_roman(number) == roman
    assert numerals.from_roman(roman) == number
    assert numerals.from_roman(roman.lower()) == number


def test_every_number_up_to_a_hundred_round_trips():
    for number in range(1, 201):
        assert numerals.from_roman(numerals.to_roman(number)) == number
        assert numerals.parse_number(numerals.ordinal(number)) == number
        assert numerals.parse_number(numerals.ordinal_words(number)) == number
        assert numerals.parse_number(numerals.to_roman(number)) == number


@pytest.mark.parametrize(
    ("number", "text"),
    [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (13, "13th"),
     (21, "21st"), (22, "22nd"), (23, "23rd"), (27, "27th"), (32, "32nd"), (33, "33rd"),
     (101, "101st"), (111, "111th"), (112, "112th")],
)  # fmt: skip
def test_english_ordinals(number, text):
    assert numerals.ordinal(number) == text


@pytest.mark.parametrize(
    ("number", "words"),
    [(1, "first"), (2, "second"), (3, "third"), (5, "fifth"), (8, "eighth"), (9, "ninth"),
     (10, "tenth"), (12, "twelfth"), (20, "twentieth"), (27, "twenty-seventh"),
     (32, "thirty-second"), (40, "fortieth"), (99, "ninety-ninth"), (100, "one hundredth")],
)  # fmt: skip
def test_ordinal_words(number, words):
    assert numerals.ordinal_words(number) == words


@pytest.mark.parametrize(
    ("text", "expected"),
    [("27", 27), (" XXVII ", 27), ("xxvii", 27), ("27th", 27), ("27TH", 27),
     ("twenty-seventh", 27), ("Twenty Seventh", 27), ("thirty-third", 33), ("tenth", 10),
     ("first", 1), ("0", None), ("", None), ("IIII", None), ("27thh", None),
     ("session", None), ("-3", None), (None, None), ("MMMM", None)],
)  # fmt: skip
def test_parse_number_accepts_the_notations_people_type(text, expected):
    assert numerals.parse_number(text) == expected


def test_out_of_range_numbers_are_refused():
    with pytest.raises(ValueError):
        numerals.to_roman(0)
    with pytest.raises(ValueError):
        numerals.cardinal_words(1000)

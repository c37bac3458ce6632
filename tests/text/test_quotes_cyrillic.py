"""Direct quotations and their speakers in Russian and Kazakh text (archive.text.quotes):
« » and „ “, dashes after the quotation, Russian and Kazakh verbs and titles. No database."""

import json
from pathlib import Path

import pytest

from archive.text.articles import parse_article
from archive.text.people import NameMatcher, PersonInfo
from archive.text.quotes import find_quotes, quote_key

TOKAYEV, DEMENTIEVA, BOLGERT = 1, 2, 3
MATCHER = NameMatcher(
    [
        PersonInfo(TOKAYEV, "Kassym-Jomart Tokayev", (), "President of Kazakhstan"),
        PersonInfo(DEMENTIEVA, "Natalia Dementieva", (), "Member of the Mazhilis"),
        PersonInfo(BOLGERT, "Evgeny Bolgert", (), "Member of the Senate"),
    ]
)
LABELS = Path(__file__).resolve().parents[2] / "bench" / "data" / "linking" / "labels.json"


def quotes(text):
    return [(q.speaker_id, q.text) for q in find_quotes(text, MATCHER)]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("«Мы должны беречь мир и согласие», — сказал Касым-Жомарт Токаев.", TOKAYEV),
        ("Дементьева выступила. «Каждый закон мы обсуждаем с людьми», — отметила она.", DEMENTIEVA),
        ("Токаев выступил. «Мы должны беречь мир», — подчеркнул Глава государства.", TOKAYEV),
        ("Болгерт заявил: «Наша задача — чтобы каждый чувствовал себя дома».", BOLGERT),
        ("Как отметил Токаев, «единство — наше главное богатство».", TOKAYEV),
        ("«Біз бейбітшілік пен келісімді сақтауымыз керек», – деді Тоқаев.", TOKAYEV),
        (
            "Тоқаев сөйледі. «Біз келісімді сақтауымыз керек», – деп атап өтті Мемлекет басшысы.",
            TOKAYEV,
        ),
        ("Болгерт сөйледі. Ол: «Біздің күшіміз – бірлікте», – деп мәлімдеді.", BOLGERT),
        ("«Әр бала тілді меңгеруі тиіс», – деп мәлімдеді Дементьева.", DEMENTIEVA),
        ("„Мы должны беречь мир“, — сказал Токаев.", TOKAYEV),
    ],
)
def test_a_quotation_in_russian_or_kazakh(text, speaker):
    assert [s for s, _words in quotes(text)] == [speaker]


def test_the_words_of_a_quotation_with_a_nested_one():
    text = "«Принцип „Единство в многообразии“ остаётся главным», — сказал Токаев."
    assert quotes(text) == [(TOKAYEV, "Принцип „Единство в многообразии“ остаётся главным")]


@pytest.mark.parametrize(
    "text",
    [
        "Токаев вручил знак «Бірлік» ветеранам.",  # a name, not a quotation
        "Акция «Сердце к сердцу» прошла в Астане при участии Токаева.",
        "Тоқаев «Бірлік» медалін табыстады.",
    ],
)
def test_quotation_marks_that_are_no_quotation(text):
    assert quotes(text) == []


def _labelled():
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    return [item for item in labels["articles"] if "quotes" in item]


@pytest.mark.parametrize("item", _labelled(), ids=lambda item: item["file"])
def test_labelled_articles_give_exactly_their_quotes(item):
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    slugs = [p["slug"] for p in labels["people"]]
    matcher = NameMatcher(
        PersonInfo(i, p["name"], tuple(p.get("aliases", ())), p.get("role", ""))
        for i, p in enumerate(labels["people"])
    )
    parsed = parse_article((LABELS.parent / item["file"]).read_text(encoding="utf-8"))
    found = {
        (slugs[q.speaker_id], quote_key(q.text))
        for q in find_quotes(f"{parsed.lead}\n\n{parsed.body_markdown}", matcher)
    }
    assert found == {(speaker, quote_key(words)) for speaker, words in item["quotes"]}

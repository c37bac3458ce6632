"""The names queue (archive.text.candidates) reading Russian and Kazakh text: unknown names
next to a verb of saying or a title are queued; known people, in either script and in any
case, are not. No database."""

import pytest

from archive.text.candidates import Candidate, NameIndex, find_unmatched_candidates

INDEX = NameIndex(
    [
        (1, "Kassym-Jomart Tokayev"),
        (2, "Nursultan Nazarbayev"),
        (3, "Bolat Nazarbayev"),
        (4, "Аида Балаева"),
    ]
)
SAID = "quoted as speaking (“said”)"


def queued(text):
    return find_unmatched_candidates(text, INDEX)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("«Это важно», — сказал Иван Петров.", [Candidate("Иван Петров", SAID)]),
        ("«Бұл маңызды», – деді Асқар Жұмабаев.", [Candidate("Асқар Жұмабаев", SAID)]),
        ("Ерлан Карин отметил, что работа продолжается.", [Candidate("Ерлан Карин", SAID)]),
        ("Депутат Ерлан Жумабаев выступил.", [Candidate("Ерлан Жумабаев", "named with a title")]),
        ("Вчера Сенатор Иван Петров выступил.", [Candidate("Иван Петров", "named with a title")]),
        (
            "«Мы едины», — сказал Глава государства.",
            [Candidate("Глава государства", "title without a name")],
        ),
        (
            "«Біз біргеміз», – деді Мемлекет басшысы.",
            [Candidate("Мемлекет басшысы", "title without a name")],
        ),
        (
            "Назарбаев прокомментировал новости.",
            [Candidate("Назарбаев", "surname shared by 2 people")],
        ),
    ],
)
def test_queued(text, expected):
    assert queued(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "«Это важно», — сказал Касым-Жомарт Токаев.",  # known by a Latin spelling
        "«Бұл маңызды», – деді Қасым-Жомарт Тоқаев.",
        "Касым-Жомарта Токаева поддержал Нурсултан Назарбаев, сказал он.",
        "Aida Balayeva said it was important.",  # known by a Cyrillic spelling
        "«Это важно», — сказала Аида Балаева.",
        "Сегодня в Астане прошла сессия, сообщил источник.",
        "Ассамблея народа Казахстана заявила о поддержке.",
    ],
)
def test_not_queued(text):
    assert queued(text) == []

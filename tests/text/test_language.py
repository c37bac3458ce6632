"""The language of an article, read from its letters (archive.text.language). No database."""

import pytest

from archive.text.language import detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("В Астане прошла XXXIV сессия Ассамблеи народа Казахстана.", "ru"),
        ("Астанада Қазақстан халқы Ассамблеясының XXXIV сессиясы өтті.", "kk"),
        ("The XXXIV session of the Assembly was held in Astana.", "en"),
        (
            "Участники сессии обсудили национальную идею «Мәңгілік Ел» и роль Ассамблеи "
            "народа Казахстана в укреплении общественного согласия в стране.",
            "ru",
        ),
        ("На ХІІІ сессии Ассамблеи было объявлено о расширении её полномочий.", "ru"),
        ("The motto «Бірлік» means unity; the session adopted a resolution in English.", "en"),
        ("", "en"),
        ("2025", "en"),
        ("Ассамблея", "ru"),
        ("Ассамблеяның", "kk"),
    ],
)
def test_detect_language(text, language):
    assert detect_language(text) == language

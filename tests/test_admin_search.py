"""The admin's search box in Cyrillic, whatever the case typed, on both databases
(archive.admin_search: SQLite's LIKE folds ASCII letters only)."""

import pytest
from django.urls import reverse

from archive.search import person_quotes
from tests.factories import make_article, make_person, make_quote

pytestmark = pytest.mark.django_db


def found(client, model, q):
    response = client.get(reverse(f"admin:archive_{model}_changelist"), {"q": q})
    assert response.status_code == 200
    return {str(obj) for obj in response.context["cl"].result_list}


@pytest.mark.parametrize("q", ["токаев", "ТОКАЕВ", "Токаев", "касым-жомарт токаев", "тоқаев"])
def test_an_editor_finds_a_person_by_a_cyrillic_name_in_any_case(editor_client, q):
    make_person(
        name="Kassym-Jomart Tokayev", name_ru="Касым-Жомарт Токаев", name_kk="Қасым-Жомарт Тоқаев"
    )
    make_person(name="Denis Ten", name_ru="Денис Тен")
    assert found(editor_client, "person", q) == {"Kassym-Jomart Tokayev"}


def test_every_word_must_be_found_as_in_djangos_search(editor_client):
    make_article(title="Сессия Ассамблеи в Астане")
    make_article(title="Сессия Мажилиса")
    assert found(editor_client, "article", "сессия ассамблеи") == {"Сессия Ассамблеи в Астане"}
    assert found(editor_client, "article", "сессия") == {
        "Сессия Ассамблеи в Астане",
        "Сессия Мажилиса",
    }
    assert found(editor_client, "article", '"сессия ассамблеи"') == {"Сессия Ассамблеи в Астане"}


def test_a_search_through_a_relation_lists_each_row_once(editor_client):
    person = make_person(
        name="Nursultan Nazarbayev", aliases=["Нурсултан Назарбаев", "Назарбаев Н.А."]
    )
    assert found(editor_client, "person", "назарбаев") == {str(person)}


def test_a_persons_quotes_are_found_by_a_cyrillic_word_in_any_case():
    person = make_person(name="Kassym-Jomart Tokayev")
    article = make_article(title="Сессия")
    make_quote(person, article, text="Единство – наше главное богатство", reviewed=True)
    assert [q.text for q in person_quotes(person, "единство")] == [
        "Единство – наше главное богатство"
    ]
    assert person_quotes(person, "согласие") == []

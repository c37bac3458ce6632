"""Two admin fixes of issue 13: a taken alias is a form error, and the login lock-out is a
page of its own, per account and address."""

import pytest
from django.contrib.auth.models import User

from archive.models import Alias, Person
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def person_form(person, aliases, **extra):
    data = {
        "name": person.name,
        "slug": person.slug,
        "sort_name": person.sort_name,
        "role": person.role,
        "bio": "",
        "aliases-TOTAL_FORMS": len(aliases),
        "aliases-INITIAL_FORMS": 0,
        "positions-TOTAL_FORMS": 0,
        "positions-INITIAL_FORMS": 0,
        **extra,
    }
    for n, name in enumerate(aliases):
        data[f"aliases-{n}-name"] = name
        data[f"aliases-{n}-person"] = person.pk
    return data


def test_an_alias_another_person_has_is_a_form_error_naming_them(editor_client):
    make_person("Kassym-Jomart Tokayev", aliases=["K. Tokayev"])
    other = make_person("Karim Tokayev")
    response = editor_client.post(
        f"/admin/archive/person/{other.pk}/change/", person_form(other, ["k tokayev"])
    )
    assert response.status_code == 200  # the form again, not a 500
    html = response.content.decode()
    assert "is already a spelling of" in html
    assert "Kassym-Jomart Tokayev</a>" in html
    assert not other.aliases.exists()


def test_the_same_alias_twice_in_one_form_is_an_error(editor_client):
    person = make_person("Nursultan Nazarbayev")
    response = editor_client.post(
        f"/admin/archive/person/{person.pk}/change/",
        person_form(person, ["Yelbasy", "yelbasy"]),
    )
    assert response.status_code == 200
    assert "is given twice here" in response.content.decode()
    assert not Alias.objects.exists()


def test_a_new_person_with_a_taken_alias_is_a_form_error(editor_client):
    make_person("Kassym-Jomart Tokayev", aliases=["K. Tokayev"])
    data = person_form(Person(name="New Person", slug="new-person"), ["K. Tokayev"])
    data.pop("aliases-0-person")
    response = editor_client.post("/admin/archive/person/add/", data)
    assert response.status_code == 200
    assert "is already a spelling of" in response.content.decode()
    assert not Person.objects.filter(slug="new-person").exists()


def test_a_free_alias_is_saved(editor_client):
    person = make_person("Nursultan Nazarbayev")
    response = editor_client.post(
        f"/admin/archive/person/{person.pk}/change/", person_form(person, ["Yelbasy"])
    )
    assert response.status_code == 302
    assert list(person.aliases.values_list("name", flat=True)) == ["Yelbasy"]


def login(client, username, password, ip="203.0.113.5"):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=ip,
    )


def test_the_lockout_page_says_how_long_and_links_back(client, settings):
    User.objects.create_user("ed", password="right-password", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = login(client, "ed", "typo")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many failed logins" in html
    assert "locked for 1\xa0hour" in html
    assert 'href="/admin/login/"' in html and "Back to the login page" in html
    assert "admin/css/base.css" in html  # styled as the admin


def test_one_editors_typos_behind_a_nat_do_not_lock_out_the_newsroom(client, settings):
    User.objects.create_user("ed", password="ed-password", is_staff=True)
    User.objects.create_user("aigerim", password="her-password", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "ed", "typo")
    assert login(client, "ed", "ed-password").status_code == 429  # that account, that address
    # A colleague behind the same office address logs in.
    assert login(client, "aigerim", "her-password").status_code == 302

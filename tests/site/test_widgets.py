"""MenuSelect (archive/site/widgets.py) writes what Django's Select writes, without templates."""

import pytest
from django import forms

from archive.site.widgets import MenuSelect

CHOICES = [
    ("", "Any"),
    ("27", "XXVII session (12)"),
    ("34", "34th <session> & “more” (3)"),
    ('x"y', "Quote's"),
]


@pytest.mark.parametrize("value", [None, "", "34", 'x"y', ["27"]])
@pytest.mark.parametrize("attrs", [{}, {"id": "id_session", "required": True, "data-x": "a&b"}])
def test_a_menu_is_the_html_of_djangos_select(value, attrs):
    django_select, menu = forms.Select(attrs=dict(attrs)), MenuSelect(attrs=dict(attrs))
    django_select.choices = menu.choices = CHOICES
    assert menu.render("session", value) == django_select.render("session", value)


def test_a_menu_with_groups_is_the_html_of_djangos_select():
    groups = [("", "Any"), ("Sessions <old>", [("1", "1st"), ("2", "2nd")]), ("3", "3rd")]
    django_select, menu = forms.Select(), MenuSelect()
    django_select.choices = menu.choices = groups
    assert menu.render("s", "2", {"id": "s"}) == django_select.render("s", "2", {"id": "s"})
    assert "&lt;old&gt;" in menu.render("s", "2")

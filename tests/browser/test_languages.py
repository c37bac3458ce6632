"""A Kazakh-speaking visitor, in a real browser: /kk/ from the home page to a search."""

import re

import pytest

from tests.browser.conftest import axe_violations

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture then skips (fails in CI), saying why
    expect = None

pytestmark = pytest.mark.browser


def heading(page):
    return page.get_by_role("heading", level=1)


def serious(tab, name):
    found = axe_violations(tab, name)
    return [v for v in found if v["impact"] in ("serious", "critical")]


def test_a_kazakh_visitor_walks_home_session_person_and_search(tab, demo):
    page = tab.page
    tab.goto("/kk/")
    assert page.locator("html").get_attribute("lang") == "kk"
    main = page.get_by_role("navigation", name="Негізгі навигация")
    expect(main.get_by_role("link", name="Сессиялар")).to_be_visible()
    assert serious(tab, "kk-home") == []

    main.get_by_role("link", name="Сессиялар").click()
    page.get_by_role("link", name="27-ші сессия", exact=True).click()
    expect(heading(page)).to_have_text("27-ші сессия (XXVII сессиясы)")
    assert tab.path() == "/kk/sessions/27/"
    expect(page.get_by_text("Бейбітшілік пен келісім формуласы").first).to_be_visible()
    assert serious(tab, "kk-session") == []

    tab.goto("/kk/people/kassym-jomart-tokayev/")
    expect(heading(page)).to_have_text("Қасым-Жомарт Тоқаев")
    assert serious(tab, "kk-person") == []

    switcher = page.get_by_role("navigation", name="Тіл")
    switcher.get_by_role("link", name="Русский").click()
    expect(heading(page)).to_have_text("Касым-Жомарт Токаев")
    assert tab.path() == "/ru/people/kassym-jomart-tokayev/"
    page.get_by_role("navigation", name="Язык").get_by_role("link", name="Қазақша").click()

    box = page.get_by_role("search", name="Сайттан іздеу").get_by_role("searchbox")
    box.fill("Тоқаев")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/kk/search/\?q="))
    assert page.locator("html").get_attribute("lang") == "kk"
    # The Kazakh spelling is an alias: search finds him, and links his Kazakh page.
    expect(page.locator('a[href="/kk/people/kassym-jomart-tokayev/"]').first).to_be_visible()
    assert serious(tab, "kk-search") == []

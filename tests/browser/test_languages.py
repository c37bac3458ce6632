"""Kazakh- and Russian-speaking visitors, in a real browser: /kk/ and /ru/ from the home page
to a search, a person and an article, switching languages on the way."""

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
    # No Kazakh motto known for the 27th: the English one, never a blank.
    expect(page.get_by_text("Formula of peace and accord").first).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("XXVII сессиясы өтті"))).to_be_visible()
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
    # His surname in Kazakh spelling names one person: the search goes straight to his page.
    expect(page).to_have_url(re.compile(r"/kk/people/kassym-jomart-tokayev/$"))
    assert page.locator("html").get_attribute("lang") == "kk"
    expect(heading(page)).to_have_text("Қасым-Жомарт Тоқаев")
    assert serious(tab, "kk-search") == []
    box = page.get_by_role("search", name="Сайттан іздеу").get_by_role("searchbox")
    box.fill("Тоқаев сессия")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/kk/search/\?q="))
    expect(page.locator('a[href="/kk/people/kassym-jomart-tokayev/"]').first).to_be_visible()
    assert serious(tab, "kk-search-results") == []


def html_lang(page):
    return page.locator("html").get_attribute("lang")


def switch_to(page, switcher_name, language):
    page.get_by_role("navigation", name=switcher_name).get_by_role("link", name=language).click()


def search_from_the_header(page, search_name, words):
    box = page.get_by_role("search", name=search_name).get_by_role("searchbox")
    box.fill(words)
    box.press("Enter")


def test_a_visitor_from_almaty_finds_nazarbayev_in_kazakh(tab, demo):
    page = tab.page
    tab.goto("/kk/")
    assert html_lang(page) == "kk"
    assert serious(tab, "kk-journey-home") == []
    page.get_by_role("navigation", name="Негізгі навигация").get_by_role(
        "link", name="Адамдар"
    ).click()
    assert tab.path() == "/kk/people/"
    switch_to(page, "Тіл", "Русский")  # the same page, in Russian
    assert tab.path() == "/ru/people/" and html_lang(page) == "ru"
    switch_to(page, "Язык", "Қазақша")
    assert tab.path() == "/kk/people/" and html_lang(page) == "kk"

    # His surname names one person: the search lands on his page, his articles listed there.
    search_from_the_header(page, "Сайттан іздеу", "Назарбаев")
    expect(page).to_have_url(re.compile(r"/kk/people/nursultan-nazarbayev/$"))
    expect(heading(page)).to_have_text("Нұрсұлтан Назарбаев")
    assert html_lang(page) == "kk"
    articles = page.get_by_role("main")
    expect(articles.get_by_role("link", name=re.compile("XXXIV сессиясы өтті"))).to_be_visible()
    expect(articles.get_by_role("link", name=re.compile("прошла XXVII сессия"))).to_be_visible()
    assert serious(tab, "kk-journey-person") == []

    page.get_by_role(
        "link", name="Астанада Қазақстан халқы Ассамблеясының XXXIV сессиясы өтті"
    ).click()
    expect(heading(page)).to_have_text(
        "Астанада Қазақстан халқы Ассамблеясының XXXIV сессиясы өтті"
    )
    assert tab.path().startswith("/kk/articles/astanada-")
    assert html_lang(page) == "kk"
    expect(page.get_by_role("link", name="34-ші сессия").first).to_be_visible()
    assert serious(tab, "kk-journey-article") == []


def test_a_russian_speaking_visitor_finds_nazarbayev_and_the_kazakh_version(tab, demo):
    page = tab.page
    tab.goto("/ru/sessions/27/")
    assert html_lang(page) == "ru"
    expect(heading(page)).to_have_text("27-я сессия (XXVII сессия)")
    expect(
        page.get_by_text("Формула мира и согласия: единство и модернизация").first
    ).to_be_visible()
    assert serious(tab, "ru-journey-session") == []
    switch_to(page, "Язык", "Қазақша")
    assert tab.path() == "/kk/sessions/27/" and html_lang(page) == "kk"
    switch_to(page, "Тіл", "Русский")
    assert tab.path() == "/ru/sessions/27/"

    search_from_the_header(page, "Поиск по сайту", "Назарбаев")
    expect(page).to_have_url(re.compile(r"/ru/people/nursultan-nazarbayev/$"))
    assert html_lang(page) == "ru"
    expect(heading(page)).to_have_text("Нурсултан Назарбаев")
    assert serious(tab, "ru-journey-person") == []

    title = "В Нур-Султане прошла XXVII сессия Ассамблеи народа Казахстана"
    page.get_by_role("link", name=title).click()
    expect(heading(page)).to_have_text(title)
    assert html_lang(page) == "ru"
    assert serious(tab, "ru-journey-article") == []
    # The same story in Kazakh, linked both ways.
    page.locator(".translations").get_by_role("link", name="Қазақша").click()
    assert tab.path().startswith("/kk/articles/nur-sultanda-")
    assert html_lang(page) == "kk"
    expect(heading(page)).to_have_text(
        "Нұр-Сұлтанда Қазақстан халқы Ассамблеясының XXVII сессиясы өтті"
    )
    assert serious(tab, "kk-journey-translation") == []

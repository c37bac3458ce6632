"""What visitors do, in a real browser, on the demo archive."""

import re
import xml.etree.ElementTree as ET

import pytest

from tests.browser.conftest import PHONE, axe_violations, screenshot

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture then skips (fails in CI), saying why
    expect = None

pytestmark = pytest.mark.browser

ATOM = "{http://www.w3.org/2005/Atom}"


def heading(page):
    return page.get_by_role("heading", level=1)


def test_home_timeline_session_article_person_and_back(tab, demo):
    page = tab.page
    tab.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Timeline").click()
    expect(heading(page)).to_have_text("Timeline of the sessions")
    expect(
        page.get_by_role("img", name=re.compile("^Timeline of the sessions, 1995"))
    ).to_be_visible()

    page.get_by_role("link", name="27th session", exact=True).click()
    expect(heading(page)).to_have_text("27th session (XXVII session)")
    expect(page.get_by_text("Formula of peace and accord: unity and modernization")).to_be_visible()

    page.get_by_role("link", name="Repatriates Assembly").first.click()
    expect(heading(page)).to_have_text("Repatriates Assembly")
    links = page.get_by_role("complementary", name="In this article")
    links.get_by_role("link", name="Zhanseit Tuimebayev").click()
    expect(heading(page)).to_have_text("Zhanseit Tuimebayev")
    assert tab.path() == "/people/zhanseit-tuimebayev/"

    page.go_back()
    expect(heading(page)).to_have_text("Repatriates Assembly")
    assert tab.path() == "/articles/repatriates-assembly/"


def test_search_zhomart_then_his_quotes_then_the_32nd_session(tab, demo):
    page = tab.page
    tab.goto("/")
    # The home page has one search box, its own (the header's is on the other pages).
    expect(page.get_by_role("searchbox")).to_have_count(1)
    box = page.get_by_role("search", name="Search from the home page").get_by_role("searchbox")
    box.fill("Zhomart")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=Zhomart$"))

    page.get_by_role("link", name="Kassym-Jomart Tokayev").first.click()
    expect(heading(page)).to_have_text("Kassym-Jomart Tokayev")
    quotes = page.get_by_role("region", name="Quotes")
    expect(quotes.locator("blockquote").first).to_be_visible()
    assert quotes.locator("blockquote").count() >= 3

    # His own page does not link every quote back to himself.
    expect(quotes.get_by_role("link", name="Kassym-Jomart Tokayev")).to_have_count(0)

    quotes.get_by_role("link", name="32nd session").first.click()
    expect(heading(page)).to_have_text("32nd session (XXXII session)")
    expect(page.get_by_text("Fair Kazakhstan: unity, stability, development").first).to_be_visible()


def test_filter_articles_by_topic_and_year(tab, demo):
    page = tab.page
    tab.goto("/articles/")
    expect(page.get_by_role("heading", name="9 results")).to_be_visible()
    filters = page.get_by_role("form", name="Filter articles")
    # The menus offer what has articles, with how many.
    filters.get_by_label("Topic").select_option(label="National unity (6)")
    filters.get_by_label("Year").fill("2023")
    filters.get_by_role("button", name="Apply").click()

    expect(page.get_by_role("heading", name="2 results")).to_be_visible()
    assert "topic=national-unity" in page.url and "year=2023" in page.url
    titles = page.locator("article.card .card-title").all_inner_texts()
    assert sorted(titles) == [
        "Kazakhstan’s Assembly of the People: A Model for Interethnic Cooperation in "
        "Turbulent Times",
        "President Tokayev Highlights Assembly of People of Kazakhstan’s Role in Ensuring "
        "Unity Amid Global Turbulence",
    ]
    expect(filters.get_by_label("Topic")).to_have_value("national-unity")  # kept in the form

    filters.get_by_label("Year").fill("2019")
    filters.get_by_role("button", name="Apply").click()
    # The interview, and the XXVII session's brief in Russian and in Kazakh.
    expect(page.get_by_role("heading", name="3 results")).to_be_visible()
    expect(page.locator("article.card .card-title").first).to_be_visible()
    titles = page.locator("article.card .card-title").all_inner_texts()
    assert "Repatriates Assembly" in titles
    assert any("XXVII сессия" in title for title in titles)

    filters.get_by_role("link", name="Clear all").click()
    expect(page.get_by_role("heading", name="9 results")).to_be_visible()
    expect(filters.get_by_label("Year")).to_have_value("")


def test_open_the_feed_of_a_session(tab, demo):
    page = tab.page
    tab.goto("/sessions/32/")
    head_link = page.locator('head link[rel="alternate"][title="32nd session (Atom)"]')
    assert head_link.get_attribute("href") == "/sessions/32/feed/atom/"

    page.get_by_role("main").get_by_role("link", name="Atom feed", exact=True).click()
    expect(page).to_have_url(re.compile(r"/sessions/32/feed/atom/$"))
    response = page.request.get(page.url)
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.body())
    assert feed.findtext(f"{ATOM}title") == "APK Archive: 32nd session (XXXII session)"
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]
    assert titles == [
        "President Tokayev Highlights Assembly of People of Kazakhstan’s Role in Ensuring "
        "Unity Amid Global Turbulence",
        "Kazakhstan’s Assembly of the People: A Model for Interethnic Cooperation in "
        "Turbulent Times",
        "Assembly of the People of Kazakhstan: A Model of Unity and Harmony",
    ]
    # The browser shows the feed as text: the newest entry is on screen.
    expect(page.get_by_text("President Tokayev Highlights", exact=False).first).to_be_visible()


MAIN_PAGES = [
    ("home", "/", 200),
    ("articles", "/articles/", 200),
    ("article", "/articles/repatriates-assembly/", 200),
    ("timeline", "/timeline/", 200),
    ("sessions", "/sessions/", 200),
    ("session-27", "/sessions/27/", 200),
    ("people", "/people/", 200),
    ("person-tokayev", "/people/kassym-jomart-tokayev/", 200),
    ("topics", "/topics/", 200),
    ("topic", "/topics/national-unity/", 200),
    ("search", "/search/?q=Zhomart", 200),
    ("downloads", "/downloads/", 200),
    ("not-found", "/articles/no-such-article/", 404),
]
NARROWEST = 360  # the design works from 360 px wide
CHART_FONT_PX = 13  # archive/site/svg.py FONT_SIZE
SMALLEST_CHART_TEXT_PX = 9.5


def sideways_overflow(tab):
    return tab.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize(
    ("name", "path", "status"), MAIN_PAGES, ids=[name for name, _, _ in MAIN_PAGES]
)
def test_main_pages_are_accessible_and_fit_a_phone(tabs, demo, name, path, status):
    phone = tabs.open(PHONE)
    phone.goto(path, status=status)
    screenshot(phone, f"{name}-phone")
    assert sideways_overflow(phone) <= 0, f"{path} scrolls sideways at {PHONE['width']} px"
    # The charts stay legible: a chart shrunk to fit the phone keeps its labels readable
    # (the wide timeline scrolls inside its own box instead).
    for chart in phone.page.locator("img.chart").all():
        drawn, natural = chart.evaluate("img => [img.clientWidth, img.naturalWidth]")
        scroller = chart.evaluate("img => img.closest('.chart-scroll') !== null")
        text_px = CHART_FONT_PX * drawn / natural
        assert scroller or text_px >= SMALLEST_CHART_TEXT_PX, (path, drawn, natural)
    phone.page.set_viewport_size({"width": NARROWEST, "height": PHONE["height"]})
    assert phone.page.evaluate("window.innerWidth") == NARROWEST
    assert sideways_overflow(phone) <= 0, f"{path} scrolls sideways at {NARROWEST} px"

    desktop = tabs.open()
    desktop.goto(path, status=status)
    screenshot(desktop, f"{name}-desktop")
    # Last: skips where axe-core is missing. At both widths: the phone layout has its own
    # problems (a code block that scrolls sideways must be reachable by keyboard).
    for width, opened in (("desktop", desktop), ("phone", phone)):
        violations = axe_violations(opened, f"{name}-{width}")
        serious = [v for v in violations if v["impact"] in ("serious", "critical")]
        assert serious == [], (width, serious)


def test_search_on_a_phone(tabs, demo):
    """A long unbroken query does not widen the page; the header stays short; the results
    come before the filters; one search box."""
    phone = tabs.open(PHONE)
    phone.goto("/search/?q=" + "Zhomart" * 30)
    assert sideways_overflow(phone) <= 0
    expect(phone.page.get_by_role("searchbox")).to_have_count(1)
    phone.goto("/search/?q=unity")
    header = phone.page.locator("header.site-header").bounding_box()
    assert header["height"] <= 120, header
    results = phone.page.get_by_role("heading", name="Articles", exact=True).bounding_box()
    filters = phone.page.get_by_role("complementary", name="Narrow the articles").bounding_box()
    assert results["y"] < filters["y"]
    phone.goto("/sessions/27/")
    header = phone.page.locator("header.site-header").bounding_box()
    assert header["height"] <= 120, header  # with the header's own search box


def test_the_not_found_page_is_friendly(tab, demo):
    tab.goto("/articles/no-such-article/", status=404)
    expect(heading(tab.page)).to_have_text("Page not found")
    tab.page.get_by_role("link", name="Browse all articles").click()
    expect(heading(tab.page)).to_have_text("Articles")


def test_keyboard_users_can_skip_to_the_content(tab, demo):
    page = tab.page
    tab.goto("/sessions/27/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()  # shown when focused
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()


def test_the_browsable_api_runs_under_the_policy(tab, demo):
    """No inline style or script is refused (the tab fixture fails on any console error), and
    the filter dialog, Bootstrap's script, opens."""
    tab.goto("/api/articles/")
    page = tab.page
    filters = page.get_by_role("button", name="Filters")
    assert filters.evaluate("button => getComputedStyle(button).float") == "right"
    filters.click()
    expect(page.locator("#filtersModal")).to_be_visible()
    tab.goto("/api/sessions/abc/", status=404)

"""The charts' bars and dots are links, laid over the image where the bars are drawn."""

import base64
import re
import xml.etree.ElementTree as ET

import pytest

from archive.models import Article
from tests.browser.conftest import PHONE

pytestmark = pytest.mark.browser

SVG = "{http://www.w3.org/2000/svg}"


def drawn_bars(image):
    """(x, y, width) of each bar in the SVG document the <img> shows, in its own pixels."""
    src = image.get_attribute("src")
    root = ET.fromstring(base64.b64decode(src.split(",", 1)[1]))
    bars = root.find(f".//{SVG}g[@class='chart-bars']")
    rects = bars.iter(f"{SVG}rect")
    return [(float(r.get("x")), float(r.get("y")), float(r.get("width"))) for r in rects]


def assert_links_sit_on_the_bars(figure, kind):
    image = figure.locator("img.chart")
    box = image.bounding_box()
    scale = box["width"] / image.evaluate("img => img.naturalWidth")
    links = figure.locator(f".chart-links-{kind} a").all()
    bars = drawn_bars(image)
    assert len(links) == len(bars) > 1
    for link, (x, y, width) in zip(links, bars, strict=True):
        target = link.bounding_box()
        centre = box["x"] + (x + width / 2) * scale
        assert abs(target["x"] + target["width"] / 2 - centre) < 1.5, (kind, link, centre)
        assert target["width"] >= width * scale - 1  # as wide as the bar, or wider
        assert target["y"] <= box["y"] + y * scale  # over the bar's top
        assert target["y"] + target["height"] >= box["y"] + box["height"] - 30 * scale


def counted(name):
    return int(re.search(r": (\d+) articles?$", name).group(1))


def names_and_hrefs(figure, kind):
    links = figure.locator(f".chart-links-{kind} a")
    return [(link.inner_text(), link.get_attribute("href")) for link in links.all()]


def assert_each_bar_opens_as_many_articles(tab, figure, kind, address):
    """Each year's link goes to `address(year)`, a list of as many articles as it says."""
    for name, href in names_and_hrefs(figure, kind):
        assert href == address(name.split(":")[0])
        tab.goto(href)
        results = tab.page.get_by_role("heading", name=re.compile(r"^\d+ results?$"))
        assert results.inner_text().split()[0] == str(counted(name)), name


def test_each_session_bar_opens_its_session_by_mouse_or_keyboard(tabs, demo):
    tab = tabs.open()
    page = tab.page
    tab.goto("/")
    figure = page.locator(".chart-figure", has_text="Articles per session")
    assert_links_sit_on_the_bars(figure, "bars")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.chart-links') !== null"):
            break
    else:
        pytest.fail("no chart link reached with Tab")
    focused = page.locator(":focus")
    assert focused.evaluate("a => getComputedStyle(a).outlineStyle") == "solid"  # visible
    assert re.fullmatch(r"1st session \(I\): \d+ articles?", focused.inner_text())
    published = Article.objects.published().filter(sessions__number=27).count()
    label = f"27th session (XXVII): {published} article{'s' if published != 1 else ''}"
    figure.get_by_role("link", name=label).click()
    assert tab.path() == "/sessions/27/"

    # Fifteen columns, shrunk on a phone, are too narrow to tap: the table's links serve.
    phone = tabs.open(PHONE)
    phone.goto("/")
    figure = phone.page.locator(".chart-figure", has_text="Articles per session")
    assert not figure.locator(".chart-links").is_visible()
    figure.get_by_text("Show the numbers").click()
    figure.get_by_role("link", name="27th session").click()
    assert phone.path() == "/sessions/27/"


def test_a_persons_chart_links_their_articles_of_each_year_and_their_sessions(tabs, demo):
    tab = tabs.open()
    page = tab.page
    tab.goto("/people/kassym-jomart-tokayev/")
    figure = page.locator(".chart-figure")
    assert_links_sit_on_the_bars(figure, "years")
    phone = tabs.open(PHONE)
    phone.goto("/people/kassym-jomart-tokayev/")
    # Shrunk to fit the phone, the links still sit on the bars.
    assert_links_sit_on_the_bars(phone.page.locator(".chart-figure"), "years")
    assert_each_bar_opens_as_many_articles(
        tab, figure, "years", lambda year: f"/articles/?year={year}&person=kassym-jomart-tokayev"
    )
    tab.goto("/people/kassym-jomart-tokayev/")
    dots = names_and_hrefs(figure, "dots")
    # A dot for each session of the table's, in the same order.
    table = figure.locator(".chart-data td:nth-child(3) a").all()
    assert [href for _name, href in dots] == [link.get_attribute("href") for link in table]
    assert len(dots) >= 2
    name, href = dots[0]
    figure.locator(".chart-links-dots a").first.click()
    assert tab.path() == href
    assert page.get_by_role("heading", level=1).inner_text().startswith(name.split(",")[0])

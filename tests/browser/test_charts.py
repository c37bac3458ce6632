"""The charts' bars and dots are links, laid over the image where the bars are drawn."""

import base64
import datetime
import re
import xml.etree.ElementTree as ET

import pytest

from archive.models import Article
from tests.browser.conftest import PHONE, axe_violations, screenshot
from tests.factories import make_article, make_draft, make_person, make_session

pytestmark = pytest.mark.browser

SVG = "{http://www.w3.org/2000/svg}"
SERIOUS = ("serious", "critical")


def drawn(image, group):
    """The <g class="`group`"> of the SVG document the <img> shows."""
    src = image.get_attribute("src")
    root = ET.fromstring(base64.b64decode(src.split(",", 1)[1]))
    return root.find(f".//{SVG}g[@class='{group}']")


def drawn_bars(image):
    """(x, y, width) of each bar in the SVG document the <img> shows, in its own pixels."""
    bars = drawn(image, "chart-bars")
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


def assert_each_dot_lies_in_its_link(figure, kind):
    """A tap on a session's dot opens that session, not its neighbour of the same year."""
    image = figure.locator("img.chart")
    box = image.bounding_box()
    scale = box["width"] / image.evaluate("img => img.naturalWidth")
    dots = [float(dot.get("cx")) for dot in drawn(image, "chart-marks").iter(f"{SVG}circle")]
    links = figure.locator(f".chart-links-{kind} a").all()
    assert len(links) == len(dots) > 1
    for link, cx in zip(links, dots, strict=True):
        target, x = link.bounding_box(), box["x"] + cx * scale
        assert target["x"] + 4 < x < target["x"] + target["width"] - 4, (link, x, target)


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
    for _ in range(120):
        page.keyboard.press("Tab")
        inside = "f => f.contains(document.activeElement.closest('.chart-links'))"
        if figure.evaluate(inside):
            break
    else:
        pytest.fail("no link of the session chart reached with Tab")
    focused = page.locator(":focus")
    assert focused.evaluate("a => getComputedStyle(a).outlineStyle") == "solid"  # visible
    assert re.fullmatch(r"1st session \(I\): \d+ articles?", focused.inner_text())
    published = Article.objects.published().filter(sessions__number=27).count()
    label = f"27th session (XXVII): {published} article{'s' if published != 1 else ''}"
    figure.get_by_role("link", name=label).click()
    assert tab.path() == "/sessions/27/"

    # Fifteen columns do not fit a phone: the chart keeps its size and scrolls in its box,
    # every bar still a link.
    phone = tabs.open(PHONE)
    phone.goto("/")
    figure = phone.page.locator(".chart-figure", has_text="Articles per session")
    assert_links_sit_on_the_bars(figure, "bars")
    figure.get_by_role("link", name=label).click()
    assert phone.path() == "/sessions/27/"


def test_a_persons_chart_links_their_articles_of_each_year_and_their_sessions(tabs, demo):
    tab = tabs.open()
    page = tab.page
    tab.goto("/people/kassym-jomart-tokayev/")
    figure = page.locator(".chart-figure")
    assert_links_sit_on_the_bars(figure, "years")
    phone = tabs.open(PHONE)
    phone.goto("/people/kassym-jomart-tokayev/")
    # Shrunk to fit the phone, the links still sit on the bars, and are still 24 px on the
    # narrowest phone, where the chart stops shrinking and scrolls instead.
    assert_links_sit_on_the_bars(phone.page.locator(".chart-figure"), "years")
    phone.page.set_viewport_size({"width": 320, "height": PHONE["height"]})
    assert_every_link_is_a_target(phone.page.locator(".chart-figure"), None, NAMES)
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


@pytest.fixture
def big_archive(transactional_db):
    """The real archive's shape: 34 sessions from 1995 to 2026, two in some years, each with
    published articles of its year, and a draft beside them that no chart may count."""
    person = make_person("Aigerim Tasmagambetova")
    for number in range(1, 35):
        year = 1995 + (number - 1) * 31 // 33
        session = make_session(number, start_date=datetime.date(year, 1 + number % 2 * 6, 1))
        for day in range(1 + number % 3):
            make_article(
                sessions=[session],
                people=[person],
                published_on=datetime.date(year, 3, 1 + day + number % 2 * 10),
            )
        make_draft(sessions=[session], people=[person], published_on=datetime.date(year, 5, 1))
    return person


def articles(count):
    return f"{count} article{'s' if count != 1 else ''}"


BAR_NAME = r": \d+ articles?$"  # "2010: 3 articles", "34th session (XXXIV): 2 articles"
NAMES = BAR_NAME + r"|^\d+(st|nd|rd|th) session, "  # or a dot's: "2nd session, 1 January 1995"


def assert_every_link_is_a_target(figure, count, names=BAR_NAME):
    """`count` links, each named as its bar or dot is, and at least 24 x 24 CSS px (WCAG
    2.5.8)."""
    links = figure.locator(".chart-links a").all()
    assert len(links) == count if count is not None else links
    for link in links:
        name = re.match(r"- '?link \"([^\"]+)\"", link.aria_snapshot())
        assert name and re.search(names, name.group(1)), link.aria_snapshot()
        box = link.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, (name.group(1), box)


def assert_scrolls_by_keyboard(page, figure, name):
    region = figure.get_by_role("region", name=name)
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")  # wider than the phone
    region.focus()
    page.keyboard.press("ArrowRight")
    region.evaluate("r => new Promise(done => r.scrollLeft > 0 ? done() : r.onscrollend = done)")
    assert region.evaluate("r => r.scrollLeft") > 0


def test_on_a_phone_every_bar_of_a_big_archive_is_a_link_to_its_list(tabs, big_archive):
    phone = tabs.open(PHONE)
    page = phone.page
    phone.goto("/")
    screenshot(phone, "charts-big-archive-phone")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    years = page.locator(".chart-figure", has_text="Articles per year")
    sessions = page.locator(".chart-figure", has_text="Articles per session")
    assert_every_link_is_a_target(years, 32)  # 1995-2026: every year has articles
    assert_every_link_is_a_target(sessions, 34)
    assert_links_sit_on_the_bars(years, "bars")
    assert_links_sit_on_the_bars(sessions, "bars")
    assert_scrolls_by_keyboard(page, sessions, "Articles per session")

    # The last session, out of sight to the right: scrolled to, clicked, its page.
    published = Article.objects.published().filter(sessions__number=34).count()
    assert published < Article.objects.filter(sessions__number=34).count()  # a draft there
    sessions.get_by_role("link", name=f"34th session (XXXIV): {articles(published)}").click()
    assert phone.path() == "/sessions/34/"

    phone.goto("/")
    published = Article.objects.published().filter(published_on__year=2010).count()
    years.get_by_role("link", name=f"2010: {articles(published)}").click()
    assert phone.path() == "/articles/?year=2010"
    heading = page.get_by_role("heading", name=re.compile(r"^\d+ results?$"))
    assert heading.inner_text() == f"{published} result{'s' if published != 1 else ''}"

    phone.goto("/timeline/")
    screenshot(phone, "timeline-big-archive-phone")
    timeline = page.locator(".chart-figure")
    assert_every_link_is_a_target(timeline, 34, NAMES)  # two sessions of a year share its column
    assert_each_dot_lies_in_its_link(timeline, "timeline")
    assert_scrolls_by_keyboard(page, timeline, timeline.locator(".chart-caption").inner_text())

    phone.goto(f"/people/{big_archive.slug}/")
    chart = page.locator(".chart-figure")
    assert_every_link_is_a_target(chart, 34 + 32, NAMES)  # a dot per session, a bar per year
    assert_links_sit_on_the_bars(chart, "years")
    assert_each_dot_lies_in_its_link(chart, "dots")
    published = Article.objects.published().filter(published_on__year=2026).count()
    chart.get_by_role("link", name=f"2026: {articles(published)}").click()
    assert phone.path() == f"/articles/?year=2026&person={big_archive.slug}"
    heading = page.get_by_role("heading", name=re.compile(r"^\d+ results?$"))
    assert heading.inner_text().split()[0] == str(published)

    desktop = tabs.open()
    for path in ("/", "/timeline/", f"/people/{big_archive.slug}/"):
        desktop.goto(path)  # a wide chart scrolls in its box, never widens the page
        overflow = "document.documentElement.scrollWidth - window.innerWidth"
        assert desktop.page.evaluate(overflow) <= 0, path
        phone.goto(path)
        serious = [v for v in axe_violations(phone, "charts-phone") if v["impact"] in SERIOUS]
        assert serious == [], (path, serious)

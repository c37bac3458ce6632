"""The SVG charts, built from plain data: no database needed."""

import base64
import datetime
import itertools
import re
import xml.etree.ElementTree as ET

import pytest

from archive.models import Session
from archive.site import charts
from archive.site import svg as drawing

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg):
    return ET.fromstring(svg)


def bars_of(svg):
    return [rect for rect in parse(svg).iter(f"{SVG}rect") if "chart-bar" in rect.get("class", "")]


def texts_of(svg):
    return [text.text for text in parse(svg).iter(f"{SVG}text")]


def session(number, date=None, title="", count=0):
    s = Session(number=number, start_date=date, title=title)
    s.published_article_count = count
    return s


@pytest.mark.parametrize(
    ("value", "top"), [(0, 1), (1, 1), (2, 2), (3, 3), (5, 5), (7, 8), (11, 15), (240, 250)]
)
def test_value_axis_tops_are_round_numbers(value, top):
    assert drawing.nice_ceiling(value) == top


def test_missing_years_are_filled_with_zero():
    assert drawing.fill_years({2019: 2, 2021: 1}) == [(2019, 2), (2020, 0), (2021, 1)]
    assert drawing.fill_years({}) == []


def test_a_date_sits_inside_its_year():
    assert drawing.year_fraction(datetime.date(2019, 1, 1)) == 2019
    assert 2019.3 < drawing.year_fraction(datetime.date(2019, 4, 29)) < 2019.4


def test_bar_heights_are_proportional_to_values():
    svg = drawing.bar_chart(
        [drawing.Bar("2019", 2), drawing.Bar("2020", 0), drawing.Bar("2021", 4)],
        title="Articles per year",
        description="Three years",
    )
    bars = bars_of(svg)
    assert len(bars) == 2  # a zero draws no bar
    heights = [float(bar.get("height")) for bar in bars]
    assert heights[1] == pytest.approx(2 * heights[0])
    assert texts_of(svg).count("2020") == 1  # but keeps its label


def test_labels_are_thinned_when_they_would_overlap():
    bars = [drawing.Bar(str(year), 1) for year in range(1900, 2000)]
    labels = [t for t in texts_of(drawing.bar_chart(bars, title="t", description="d")) if t]
    years = [label for label in labels if len(label) == 4]
    assert 5 < len(years) < 50


def test_the_highlighted_bar_is_marked_and_always_labelled():
    bars = [drawing.Bar(str(n), 1, highlight=n == 27) for n in range(1, 60)]
    svg = drawing.bar_chart(bars, title="t", description="d")
    highlighted = [b for b in bars_of(svg) if "highlight" in b.get("class")]
    assert len(highlighted) == 1
    assert "27" in texts_of(svg)


def test_text_is_escaped_and_the_svg_stays_well_formed():
    evil = '<script>alert("x")</script> & "quotes"'
    svg = drawing.bar_chart([drawing.Bar(evil, 1, title=evil)], title=evil, description=evil)
    root = parse(svg)  # would raise on broken markup
    assert root.find(f"{SVG}title").text == evil
    assert "<script>" not in svg


def test_a_chart_is_an_image_with_a_text_alternative():
    chart = charts.articles_per_year({2019: 1, 2023: 2})
    img = str(chart.img)
    assert img.startswith('<img class="chart" src="data:image/svg+xml;base64,')
    encoded = re.search(r'base64,([^"]+)"', img).group(1)
    assert base64.b64decode(encoded).decode() == chart.svg
    alt = re.search(r'alt="([^"]+)"', img).group(1)
    assert "Articles per year" in alt
    assert "3 dated articles from 2019 to 2023; most in 2023 (2)" in alt


def test_articles_per_year_lists_every_year_in_its_table():
    chart = charts.articles_per_year({2019: 1, 2021: 3}, link=lambda y: f"/articles/?year={y}")
    rows = [(row[0].text, row[1].text, row[0].href) for row in chart.rows]
    assert rows == [
        ("2019", "1", "/articles/?year=2019"),
        ("2020", "0", ""),  # nothing to link to
        ("2021", "3", "/articles/?year=2021"),
    ]


def test_no_dated_article_means_no_chart():
    chart = charts.articles_per_year({})
    assert chart.svg == "" and chart.img == ""


def test_articles_per_session_highlights_the_current_session():
    sessions = [session(1, count=2), session(27, count=5), session(32, count=1)]
    chart = charts.articles_per_session(sessions, current=sessions[1])
    bars = bars_of(chart.svg)
    assert [float(b.get("height")) > 0 for b in bars] == [True, True, True]
    assert ["highlight" in b.get("class") for b in bars] == [False, True, False]
    assert "most cover the 27th session (5)" in chart.alt
    assert "The 27th session is highlighted." in chart.alt
    assert [row[0].text for row in chart.rows] == ["1st session", "27th session", "32nd session"]
    assert chart.rows[1][0].href == "/sessions/27/"


def test_the_timeline_places_sessions_in_date_order_from_the_first_year():
    sessions = [
        session(27, datetime.date(2019, 4, 29), "Formula of peace and accord"),
        session(1, datetime.date(1995, 3, 1), "For Peace and Accord"),
        session(2, datetime.date(1995, 6, 1)),
        session(40),  # undated: left out of the picture
    ]
    chart = charts.sessions_timeline(sessions, end_year=2026)
    root = parse(chart.svg)
    dots = [float(c.get("cx")) for c in root.iter(f"{SVG}circle")]
    assert dots == sorted(dots) and len(dots) == 3
    labels = [t.text for t in root.iter(f"{SVG}text") if "chart-mark-label" in t.get("class")]
    assert labels == ["1", "2", "27"]
    tooltips = [t.text for t in root.iter(f"{SVG}title")]
    assert "27th session, 29 April 2019: Formula of peace and accord" in tooltips
    assert "1995" in texts_of(chart.svg)
    assert "Timeline of the sessions, 1995–2026" in chart.alt


def test_a_person_appears_in_sessions_and_years():
    sessions = [session(27, datetime.date(2019, 4, 29)), session(32, datetime.date(2023, 4, 26))]
    chart = charts.person_appearances("Zhanseit Tuimebayev", {2019: 2}, sessions, end_year=2024)
    root = parse(chart.svg)
    marks = root.find(f".//{SVG}g[@class='chart-marks']")
    assert len(list(marks)) == 2  # one dot per session
    assert len(bars_of(chart.svg)) == 2  # the 2019 bar and the legend's swatch
    assert "Zhanseit Tuimebayev in the archive, 2019–2024" in chart.alt
    assert "2 dated articles mention them" in chart.alt
    assert "27th session, 32nd session" in chart.alt
    table = [(r[0].text, r[1].text, [text for text, _href in r[2].links]) for r in chart.rows]
    assert table == [("2019", "2", ["27th session"]), ("2023", "0", ["32nd session"])]


def test_someone_never_linked_to_anything_gets_no_chart():
    assert charts.person_appearances("Nobody", {}, [], end_year=2024).svg == ""


def hrefs(overlay):
    return [[href for _name, href in column] for column in overlay.columns]


def test_each_year_bar_is_a_link_to_that_years_list():
    chart = charts.articles_per_year({2019: 1, 2021: 3}, link=lambda y: f"/articles/?year={y}")
    (overlay,) = chart.overlays
    assert overlay.kind == "bars"
    # One column per bar, as wide as the bar's slot; a year with nothing is a spacer.
    assert hrefs(overlay) == [["/articles/?year=2019"], [], ["/articles/?year=2021"]]
    assert overlay.columns[2] == (("2021: 3 articles", "/articles/?year=2021"),)
    assert charts.articles_per_year({2019: 1}).overlays == ()  # no chart, no links


def test_each_session_bar_links_its_session_and_a_gap_links_nothing():
    sessions = [session(9, count=2), session(10, count=0), session(27, count=5)]
    (overlay,) = charts.articles_per_session(sessions).overlays
    assert hrefs(overlay) == [["/sessions/9/"], ["/sessions/10/"], [], ["/sessions/27/"]]
    assert overlay.columns[3][0][0] == "27th session (XXVII): 5 articles"


def test_a_persons_bars_link_their_articles_of_the_year_and_dots_their_sessions():
    sessions = [session(27, datetime.date(2019, 4, 29)), session(32, datetime.date(2023, 4, 26))]
    chart = charts.person_appearances(
        "Zhanseit Tuimebayev",
        {2019: 2},
        sessions,
        end_year=2023,
        link=lambda year: f"/articles/?year={year}&person=zhanseit-tuimebayev",
    )
    dots, years = chart.overlays
    assert (dots.kind, years.kind) == ("dots", "years")
    assert hrefs(dots) == [["/sessions/27/"], [], [], [], ["/sessions/32/"]]
    assert hrefs(years) == [["/articles/?year=2019&person=zhanseit-tuimebayev"], [], [], [], []]
    assert dots.columns[0][0][0] == "27th session, 29 April 2019"


def test_the_timeline_links_each_session_in_its_year():
    sessions = [
        session(2, datetime.date(1995, 6, 1)),
        session(1, datetime.date(1995, 3, 1)),
        session(3, datetime.date(1997, 1, 1)),
    ]
    (overlay,) = charts.sessions_timeline(sessions, end_year=1997).overlays
    # Two sessions in one year share its column, in the order of their dots.
    assert hrefs(overlay) == [["/sessions/1/", "/sessions/2/"], [], ["/sessions/3/"]]


def column_lefts(svg):
    """Each bar's x: they step by their column's width (bar_chart)."""
    return [float(rect.get("x")) for rect in bars_of(svg)]


def year_chart(years, start=2000):
    return charts.articles_per_year(
        dict.fromkeys(range(start, start + years), 1), link=lambda y: f"/?year={y}"
    )


def test_a_chart_of_a_few_columns_fits_the_page_and_links_every_bar():
    chart = year_chart(11)  # 36 units a bar: 26 px or more, shrunk to 320 px at the smallest
    assert not chart.wide
    assert parse(chart.svg).get("width") == str(drawing.WIDTH)
    (overlay,) = chart.overlays
    assert hrefs(overlay) == [[f"/?year={year}"] for year in range(2000, 2011)]
    slot = (drawing.WIDTH - drawing.LEFT - drawing.RIGHT) / 11
    assert slot * drawing.FIT_MIN_PX / drawing.WIDTH >= drawing.TAP_TARGET


def test_a_chart_of_many_years_grows_and_links_every_bar():
    chart = year_chart(32, start=1995)  # 1995-2026: the whole archive
    assert chart.wide
    width = drawing.LEFT + drawing.RIGHT + 32 * drawing.COLUMN
    assert parse(chart.svg).get("width") == str(width)
    assert f'width="{width}"' in str(chart.img)  # shown at its size: a unit is a CSS px
    lefts = column_lefts(chart.svg)
    assert len(lefts) == 32
    steps = {round(b - a, 1) for a, b in itertools.pairwise(lefts)}
    assert steps == {drawing.COLUMN}  # every column as wide, 28 px: 24 px and more to tap
    (overlay,) = chart.overlays
    assert hrefs(overlay) == [[f"/?year={year}"] for year in range(1995, 2027)]


def test_every_session_bar_is_a_link_however_many_sessions():
    sessions = [session(n, count=n % 4) for n in range(1, 35)]
    chart = charts.articles_per_session(sessions)
    assert chart.wide
    root = parse(chart.svg)
    assert float(root.get("width")) >= drawing.LEFT + drawing.RIGHT + 34 * drawing.COLUMN
    (overlay,) = chart.overlays
    assert hrefs(overlay) == [[f"/sessions/{n}/"] for n in range(1, 35)]
    assert overlay.columns[26][0][0] == "27th session (XXVII): 3 articles"


def test_the_timeline_gives_each_session_of_a_crowded_year_a_tappable_share():
    sessions = [session(n, datetime.date(1995 + n // 2, 1 + n % 2 * 6, 1)) for n in range(1, 35)]
    chart = charts.sessions_timeline(sessions, end_year=2026)
    assert chart.wide
    (overlay,) = chart.overlays
    columns = len(overlay.columns)
    assert columns == 2026 - 1995 + 1
    assert max(len(column) for column in overlay.columns) == 2
    room = float(parse(chart.svg).get("width")) - drawing.LEFT - drawing.RIGHT
    assert room / columns / 2 >= drawing.COLUMN
    assert sum(len(column) for column in overlay.columns) == 34  # every dot a link


def link_spans(overlay, width):
    """Where each link of `overlay` lies across a chart `width` units wide: its column's
    links share the column equally (site.css)."""
    column = (width - drawing.LEFT - drawing.RIGHT) / len(overlay.columns)
    return [
        (
            drawing.LEFT + (c + i / len(links)) * column,
            drawing.LEFT + (c + (i + 1) / len(links)) * column,
        )
        for c, links in enumerate(overlay.columns)
        for i, _link in enumerate(links)
    ]


def test_two_sessions_of_one_spring_each_sit_under_their_own_link():
    sessions = [
        session(1, datetime.date(1995, 3, 1)),
        session(2, datetime.date(1995, 5, 1)),  # by its date, over the first half of 1995
        session(3, datetime.date(1996, 4, 1)),
    ]
    timeline = charts.sessions_timeline(sessions, end_year=1996)
    person = charts.person_appearances("Someone", {}, sessions, end_year=1996)
    for chart, kind in ((timeline, "timeline"), (person, "dots")):
        (overlay,) = [overlay for overlay in chart.overlays if overlay.kind == kind]
        root = parse(chart.svg)
        marks = root.find(f".//{SVG}g[@class='chart-marks']")
        dots = [float(circle.get("cx")) for circle in marks.iter(f"{SVG}circle")]
        spans = link_spans(overlay, float(root.get("width")))
        assert len(spans) == 3
        assert all(left < x < right for x, (left, right) in zip(dots, spans, strict=True))


def test_a_persons_chart_over_thirty_years_grows_too():
    sessions = [session(n, datetime.date(1995 + n, 4, 1)) for n in range(1, 31)]
    chart = charts.person_appearances(
        "Zhanseit Tuimebayev", {1996: 1, 2020: 2}, sessions, end_year=2026, link=str
    )
    assert chart.wide
    dots, years = chart.overlays
    assert sum(map(len, dots.columns)) == 30
    assert hrefs(years)[0] == ["1996"] and hrefs(years)[24] == ["2020"]
    room = float(parse(chart.svg).get("width")) - drawing.LEFT - drawing.RIGHT
    assert room / len(years.columns) >= drawing.COLUMN


def test_a_wide_chart_scrolls_in_a_labelled_box_the_keyboard_reaches():
    from django.template.loader import render_to_string

    html = render_to_string("includes/chart.html", {"chart": year_chart(32, start=1995)})
    assert re.search(
        r'<div class="chart-scroll chart-wide" tabindex="0" role="region" '
        r'aria-label="Articles per year">',
        html,
    )
    links = re.findall(r'<a href="([^"]+)"><span class="visually-hidden">([^<]+)</span>', html)
    assert len(links) == 32 and links[0] == ("/?year=1995", "1995: 1 article")
    assert "<svg" not in html and "style=" not in html  # the page's CSP and XSS rules hold
    fitting = render_to_string("includes/chart.html", {"chart": year_chart(5)})
    assert '<div class="chart-fit">' in fitting and "tabindex" not in fitting

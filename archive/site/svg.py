"""Drawing small SVG charts: bars, marks on a time line, axes. No JavaScript, no library.

Pure functions: data in, markup out, no database. A chart is an SVG document shown as an
<img> (a data: URL, so no extra request): an image cannot run script, so even text that
escaped escaping could do no harm, and the page keeps its strict Content Security Policy.
Its alt text says what the chart shows, and every chart comes with the same numbers as rows
for a table (`Chart.rows`), which the template offers beside it.
"""

import base64
import datetime
from dataclasses import dataclass, field

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Drawn at about the size they are shown: an <img> is only ever scaled down (site.css), so
# on a 360 px phone the 13 px labels of a WIDTH chart still read at some 10 px. A chart of
# more columns than WIDTH holds, and the timeline, grow instead and scroll in a box (Layout).
WIDTH = 440
TIMELINE_WIDTH = 640
FONT_SIZE = 13
CHAR_WIDTH = 8  # a label's width per character, for spacing the labels of an axis
BAR_HEIGHT = 150  # plot area of a bar chart
TOP = 12
LEFT = 34  # room for the value axis labels
RIGHT = 8
BOTTOM = 24  # room for the category labels
BAR_SLOT = 48  # the widest a bar's column gets
TAP_TARGET = 24  # CSS px: the smallest link over a chart (WCAG 2.5.8)
# A WIDTH chart shrinks with the page, down to this (site.css `.chart-fit .chart`), and below
# it scrolls: its columns of ROOMY units or more stay tappable however narrow the screen.
FIT_MIN_PX = 320
ROOMY = 34  # TAP_TARGET * WIDTH / FIT_MIN_PX = 33, and a unit to spare for rounding
# The column of a chart with too many columns to fit: the chart grows instead, is shown at its
# size (a unit a CSS px) and scrolls sideways in its own box; 28 leaves room above TAP_TARGET.
COLUMN = 28

# The site's palette (static/css/site.css): an image does not see the page's stylesheet.
CHART_CSS = (
    f"text{{font:{FONT_SIZE}px system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;fill:#4f5b67}}"
    ".chart-bar{fill:#0b5cad}.chart-bar-highlight{fill:#b07d00}"
    ".chart-gridlines line,.chart-gridline,.chart-stem{stroke:#d5dde5;stroke-width:1}"
    ".chart-axis,.chart-tickmark{stroke:#4f5b67;stroke-width:1}"
    ".chart-dot{fill:#0b5cad;stroke:#fff;stroke-width:1.5}"
    ".chart-gap{stroke:#4f5b67;stroke-width:1;stroke-dasharray:3 3}"
    "text.chart-label-highlight{fill:#1d2733;font-weight:700}"
    "text.chart-mark-label{fill:#1d2733;font-weight:600;font-size:11px}"
)


@dataclass(frozen=True)
class Bar:
    label: str  # under the bar: "2019", "27"
    value: int
    title: str = ""  # the bar's tooltip, e.g. "2019: 3 articles"
    href: str = ""  # where the row of the data table links to
    highlight: bool = False  # "this session" among all sessions
    gap: bool = False  # not a value: categories missing here (sessions not in the archive)


@dataclass(frozen=True)
class Mark:
    """A point in time on a timeline: a session."""

    when: float  # fractional year, see year_fraction()
    label: str  # short, drawn: "27"
    title: str  # tooltip and table: "27th session, 29 April 2019: motto"
    href: str = ""


@dataclass(frozen=True)
class Cell:
    text: str = ""
    href: str = ""
    links: tuple = ()  # several (text, href) in one cell, e.g. a year's sessions


@dataclass(frozen=True)
class Overlay:
    """Links laid over a chart's image, since an image cannot hold links and the page may not
    hold inline SVG (tests/test_xss.py): a row of equal `columns` over one band of the chart,
    placed by site.css (`.chart-links-<kind>`, from this module's geometry). A column is a
    tuple of (accessible name, href), which share its width; an empty one is a spacer."""

    kind: str  # "bars" (bar_chart), "years" and "dots" (appearance_chart), "timeline"
    columns: tuple


def overlay(kind, columns):
    return Overlay(kind, tuple(columns))


@dataclass(frozen=True)
class Layout:
    """How wide a chart is drawn, and how it is shown. Its links are placed by a static
    stylesheet under a CSP without inline styles, so by rules that hold for any chart:
    - fitting (`wide` false): WIDTH units, shrunk with the page down to FIT_MIN_PX, its
      links placed in percentages of WIDTH (site.css `.chart-fit`); only where every link is
      ROOMY units wide, so 24 px or more at the smallest;
    - wide: as many COLUMN-unit columns as it needs, never scaled, so a unit is a CSS px and
      the links are placed in px from the plot's fixed margins (LEFT, RIGHT) whatever the
      width (`.chart-wide`); it scrolls sideways in its own labelled box."""

    width: float
    wide: bool


def layout(columns, links_per_column=1, width=WIDTH, wide=False):
    """The Layout of a chart of `columns` equal columns (years, bars), each to hold up to
    `links_per_column` links side by side; `wide` for one that always scrolls (the timeline)."""
    needed = max(columns, 1) * max(links_per_column, 1)
    if not wide and (width - LEFT - RIGHT) / needed >= ROOMY:
        return Layout(width, False)
    return Layout(max(width, LEFT + RIGHT + needed * COLUMN), True)


def column_links(links):
    """The (name, href) pairs that have an address: a column with none is a spacer."""
    return tuple((name, href) for name, href in links if href)


@dataclass
class Chart:
    """The picture, and the same numbers as a table: `rows` of Cells under `headers`."""

    svg: str  # the SVG document
    caption: str
    alt: str = ""
    headers: tuple = ()
    rows: list = field(default_factory=list)
    overlays: tuple = ()  # of Overlay: the chart's bars and dots as links
    wide: bool = False  # Layout.wide: shown at its size, scrolling in its own box

    @property
    def img(self):
        return as_img(self.svg, self.alt) if self.svg else ""


def as_img(svg, alt):
    """An <img> showing the SVG document `svg`, described by `alt`."""
    data = base64.b64encode(svg.encode()).decode("ascii")
    width, height = svg.split('viewBox="0 0 ', 1)[1].split('"', 1)[0].split()
    return format_html(
        '<img class="chart" src="data:image/svg+xml;base64,{}" width="{}" height="{}" alt="{}">',
        data,
        width,
        height,
        alt,
    )


def year_fraction(date):
    """2019-07-02 -> 2019.5: where a date sits on a time axis."""
    start = datetime.date(date.year, 1, 1)
    length = (datetime.date(date.year + 1, 1, 1) - start).days
    return date.year + (date - start).days / length


def axis_scale(value):
    """(top, step) of a value axis for a largest value `value`: whole numbers only, at most
    five steps, the top as close above `value` as they allow (3 -> 0 1 2 3; 7 -> 0 2 4 6 8;
    240 -> 0 50 ... 250): no axis claims a count of 5 where the most is 3."""
    value = max(int(-(-value // 1)), 1)
    step = 1
    while True:
        for factor in (1, 2, 5):
            if -(-value // (step * factor)) <= 5:
                size = step * factor
                return -(-value // size) * size, size
        step *= 10


def nice_ceiling(value):
    """The top of a value axis (axis_scale)."""
    return axis_scale(value)[0]


def ticks(top):
    """Gridline values for an axis from 0 to `top` (a nice_ceiling): every step."""
    step = axis_scale(top)[1]
    return list(range(0, top + 1, step))


def label_every(count, room, label_width):
    """Draw every n-th label so that labels `label_width` wide never overlap."""
    if count == 0:
        return 1
    per_label = room / count
    step = 1
    while per_label * step < label_width:
        step += 1
    return step


def fill_years(counts, start=None, end=None):
    """{2019: 2, 2023: 1} -> [(2019, 2), (2020, 0), ..., (2023, 1)]: no year left out."""
    years = [year for year in counts if year is not None]
    if start is None:
        start = min(years, default=None)
    if end is None:
        end = max(years, default=None)
    if start is None or end is None:
        return []
    return [(year, counts.get(year, 0)) for year in range(start, end + 1)]


def _number(value):
    return f"{value:g}"


def _svg(title, description, width, height, body, extra_class=""):
    css = f"chart {extra_class}".strip()
    # Safe: every piece of text in it went through escape().
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css}" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}">'
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>"
        f"<style>{CHART_CSS}</style>{body}</svg>"
    )


def bar_chart(bars, *, title, description, value_label=None, width=WIDTH):
    """Vertical bars, one per category, with a value axis and gridlines."""
    bars = list(bars)
    height = TOP + BAR_HEIGHT + BOTTOM
    top = nice_ceiling(max((bar.value for bar in bars), default=0))
    room = width - LEFT - RIGHT
    # A few bars stay slim rather than fill the width (site.css `.chart-links-bars` too).
    slot = min(room / max(len(bars), 1), BAR_SLOT)
    gap = min(slot * 0.2, 6)
    start_x = LEFT + (room - slot * len(bars)) / 2  # a few slim bars sit in the middle
    base_y = TOP + BAR_HEIGHT
    parts = ['<g class="chart-gridlines">']
    for tick in ticks(top):
        y = base_y - BAR_HEIGHT * tick / top
        parts.append(
            f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="chart-tick" x="{LEFT - 4}" y="{y + 4:.1f}" text-anchor="end">'
            f"{_number(tick)}</text>"
        )
    parts.append('</g><g class="chart-bars">')
    longest = max((len(bar.label) for bar in bars), default=1)
    every = label_every(len(bars), room, longest * CHAR_WIDTH + 4)
    for index, bar in enumerate(bars):
        x = start_x + index * slot + gap / 2
        bar_height = BAR_HEIGHT * bar.value / top
        y = base_y - bar_height
        css = "chart-bar chart-bar-highlight" if bar.highlight else "chart-bar"
        tooltip = bar.title or f"{bar.label}: {bar.value}"
        if bar.gap:
            middle = x + (slot - gap) / 2
            parts.append(
                f'<g class="chart-gap-mark"><title>{escape(tooltip)}</title>'
                f'<line class="chart-gap" x1="{middle:.1f}" x2="{middle:.1f}" y1="{TOP}" '
                f'y2="{base_y}"/><text class="chart-label" x="{middle:.1f}" y="{base_y + 16}" '
                f'text-anchor="middle">{escape(bar.label)}</text></g>'
            )
            continue
        if bar.value:
            parts.append(
                f'<rect class="{css}" x="{x:.1f}" y="{y:.1f}" width="{slot - gap:.1f}" '
                f'height="{bar_height:.1f}"><title>{escape(tooltip)}</title></rect>'
            )
        if index % every == 0 or bar.highlight:
            css = "chart-label chart-label-highlight" if bar.highlight else "chart-label"
            parts.append(
                f'<text class="{css}" x="{x + (slot - gap) / 2:.1f}" y="{base_y + 16}" '
                f'text-anchor="middle">{escape(bar.label)}</text>'
            )
    parts.append(f'</g><line class="chart-axis" x1="{LEFT}" x2="{width - RIGHT}" ')
    parts.append(f'y1="{base_y}" y2="{base_y}"/>')
    if value_label:
        parts.append(
            f'<text class="chart-tick" x="{LEFT}" y="{TOP - 2}" text-anchor="start">'
            f"{escape(value_label)}</text>"
        )
    return _svg(title, description, width, height, "".join(parts))


def bar_links(bars):
    """The bars' links, one column per bar, over the bar chart (site.css `.chart-links-bars`)."""
    return overlay("bars", (column_links([(bar.title, bar.href)]) for bar in bars))


def in_shares(marks):
    """(x in years, mark) for `marks` in date order, each in the middle of its share of its
    year: its link's place (the links of a year's marks share its column equally, and CSS
    cannot place a link at a date), where its date would put two sessions of one spring both
    over the first link. The name and the table say the exact date."""
    per_year = {}
    for mark in sorted(marks, key=lambda mark: mark.when):
        per_year.setdefault(int(mark.when), []).append(mark)
    return [
        (year + (index + 0.5) / len(group), mark)
        for year, group in per_year.items()
        for index, mark in enumerate(group)
    ]


def _year_axis(start, end, width, y, every=None):
    """A horizontal time axis from `start` to `end + 1` with a labelled tick per year."""
    room = width - LEFT - RIGHT
    span = end + 1 - start

    def x_of(when):
        return LEFT + room * (when - start) / span

    if every is None:
        every = label_every(span, room, 4 * CHAR_WIDTH + 4)
        every = next((step for step in (1, 2, 5, 10, 20, 50, 100) if step >= every), every)
    parts = [f'<line class="chart-axis" x1="{LEFT}" x2="{width - RIGHT}" y1="{y}" y2="{y}"/>']
    for year in range(start, end + 2):
        x = x_of(year)
        parts.append(
            f'<line class="chart-tickmark" x1="{x:.1f}" x2="{x:.1f}" y1="{y}" y2="{y + 4}"/>'
        )
        # A year's label sits in the middle of its span, where its sessions' dots are.
        if year <= end and (year - start) % every == 0:
            parts.append(
                f'<text class="chart-label" x="{x_of(year + 0.5):.1f}" y="{y + 18}" '
                f'text-anchor="middle">{year}</text>'
            )
    return x_of, "".join(parts)


def timeline_chart(marks, *, start, end, title, description, width=TIMELINE_WIDTH):
    """Sessions as dots along the years, their numbers staggered on three rows so they never
    overlap even when several sessions fall in one year."""
    rows = 3
    row_height = 16
    axis_y = TOP + rows * row_height + 14
    height = axis_y + BOTTOM + 4
    x_of, axis = _year_axis(start, end, width, axis_y)
    parts = [axis, '<g class="chart-marks">']
    for index, (when, mark) in enumerate(in_shares(marks)):
        x = x_of(when)
        row = index % rows
        label_y = TOP + row * row_height + 10
        parts.append(
            f"<g><title>{escape(mark.title)}</title>"
            f'<line class="chart-stem" x1="{x:.1f}" x2="{x:.1f}" y1="{label_y + 3}" '
            f'y2="{axis_y}"/>'
            f'<circle class="chart-dot" cx="{x:.1f}" cy="{axis_y}" r="4"/>'
            f'<text class="chart-mark-label" x="{x:.1f}" y="{label_y}" text-anchor="middle">'
            f"{escape(mark.label)}</text></g>"
        )
    parts.append("</g>")
    return _svg(title, description, width, height, "".join(parts), "chart-timeline")


def appearance_chart(year_counts, marks, *, start, end, title, description, width=WIDTH):
    """A person over the years: bars of articles mentioning them per year, and a dot on the
    strip above for each session where they appear (spoke, were quoted or reported)."""
    legend_y = TOP
    strip_y = TOP + 44  # two rows of session numbers above the dots
    plot = 90
    base_y = strip_y + 16 + plot
    height = base_y + BOTTOM + 4
    x_of, axis = _year_axis(start, end, width, base_y)
    top = nice_ceiling(max(year_counts.values(), default=0))
    slot = x_of(start + 1) - x_of(start)
    gap = min(slot * 0.25, 4)
    sessions_text, articles_text = _("Sessions"), _("Articles per year")
    second = LEFT + 24 + len(sessions_text) * CHAR_WIDTH
    parts = [
        '<g class="chart-legend">',
        f'<circle class="chart-dot" cx="{LEFT + 5}" cy="{legend_y}" r="5"/>',
        f'<text class="chart-label" x="{LEFT + 14}" y="{legend_y + 4}">'
        f"{escape(sessions_text)}</text>",
        f'<rect class="chart-bar" x="{second}" y="{legend_y - 5}" width="10" height="10"/>',
        f'<text class="chart-label" x="{second + 14}" y="{legend_y + 4}">'
        f"{escape(articles_text)}</text></g>",
        f'<line class="chart-gridline" x1="{LEFT}" x2="{width - RIGHT}" y1="{base_y - plot}" '
        f'y2="{base_y - plot}"/>',
        f'<text class="chart-tick" x="{LEFT - 4}" y="{base_y - plot + 4}" text-anchor="end">'
        f"{_number(top)}</text>",
        '<g class="chart-bars">',
    ]
    for year, count in sorted(year_counts.items()):
        if not count or not start <= year <= end:
            continue
        bar_height = plot * count / top
        tooltip = ngettext("%(year)s: %(count)d article", "%(year)s: %(count)d articles", count)
        parts.append(
            f'<rect class="chart-bar" x="{x_of(year) + gap / 2:.1f}" '
            f'y="{base_y - bar_height:.1f}" width="{slot - gap:.1f}" height="{bar_height:.1f}">'
            f"<title>{escape(tooltip % {'year': year, 'count': count})}</title></rect>"
        )
    parts.append('</g><g class="chart-marks">')
    last_x = {0: -100.0, 1: -100.0}
    for when, mark in in_shares(marks):
        if not start <= when < end + 1:
            continue
        x = x_of(when)
        # Each dot says which session it is; a number too close to the last one on its row
        # goes on the other row.
        room = len(mark.label) * CHAR_WIDTH
        row = 0 if x - last_x[0] >= room else 1
        last_x[row] = x
        parts.append(
            f"<g><title>{escape(mark.title)}</title>"
            f'<circle class="chart-dot" cx="{x:.1f}" cy="{strip_y}" r="5"/>'
            f'<text class="chart-mark-label" x="{x:.1f}" y="{strip_y - 9 - row * 13}" '
            f'text-anchor="middle">{escape(mark.label)}</text></g>'
        )
    parts.append("</g>")
    parts.append(axis)
    return _svg(title, description, width, height, "".join(parts), "chart-appearance")

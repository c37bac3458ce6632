"""The archive's charts, from plain data: articles per year and per session, the sessions on
a time line, a person's appearances. Pure functions, no database (sessions may be unsaved
Session objects); the drawing is archive.site.svg's.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from archive import languages
from archive.site.svg import (
    TIMELINE_WIDTH,
    Bar,
    Cell,
    Chart,
    Mark,
    appearance_chart,
    bar_chart,
    bar_links,
    column_links,
    fill_years,
    layout,
    overlay,
    timeline_chart,
    year_fraction,
)


def year_title(year, count):
    return ngettext("%(year)s: %(count)d article", "%(year)s: %(count)d articles", count) % {
        "year": year,
        "count": count,
    }


def articles_per_year(counts, *, link=None, subject="", title=None):
    """Published articles per year of publication; `link(year)` is the list of that year's.
    A single year is no chart: one bar says nothing the count beside it does not."""
    series = fill_years(counts)
    total = sum(count for _year, count in series)
    bars = [
        Bar(
            label=str(year),
            value=count,
            title=year_title(year, count),
            href=link(year) if link and count else "",
        )
        for year, count in series
    ]
    title = (title or _("Articles per year")) + (f": {subject}" if subject else "")
    if series:
        busiest = max(series, key=lambda pair: pair[1])
        description = ngettext(
            "%(total)d dated article from %(start)s to %(end)s; most in %(busiest)s (%(most)d).",
            "%(total)d dated articles from %(start)s to %(end)s; most in %(busiest)s (%(most)d).",
            total,
        ) % {
            "total": total,
            "start": series[0][0],
            "end": series[-1][0],
            "busiest": busiest[0],
            "most": busiest[1],
        }
    else:
        description = _("No dated article yet.")
    drawn = len(series) > 1
    shape = layout(len(bars))
    return Chart(
        svg=bar_chart(bars, title=title, description=description, width=shape.width)
        if drawn
        else "",
        caption=title,
        alt=f"{title}. {description}",
        headers=(_("Year"), _("Articles")),
        rows=[(Cell(bar.label, bar.href), Cell(str(bar.value))) for bar in bars],
        overlays=(bar_links(bars),) if drawn else (),
        wide=shape.wide,
    )


def articles_per_session(sessions, *, current=None):
    """Published articles covering each session (`published_article_count`), the current
    session highlighted on a session's page."""
    sessions = list(sessions)
    bars, rows = [], []
    for index, session in enumerate(sessions):
        previous = sessions[index - 1].number if index else 0
        if session.number > previous + 1 and index:
            # Sessions the archive does not hold: a gap, not two neighbours.
            first, last = previous + 1, session.number - 1
            missing = (
                _("%(first)s–%(last)s: not in the archive yet")
                if first != last
                else _("%(first)s: not in the archive yet")
            ) % {"first": languages.ordinal(first), "last": languages.ordinal(last)}
            bars.append(Bar(label="…", value=0, title=missing, gap=True))
        count = session.published_article_count
        bar = Bar(
            label=str(session.number),
            value=count,
            title=ngettext(
                "%(session)s (%(roman)s): %(count)d article",
                "%(session)s (%(roman)s): %(count)d articles",
                count,
            )
            % {"session": session.label, "roman": session.roman, "count": count},
            href=session.get_absolute_url(),
            highlight=current is not None and session.number == current.number,
        )
        bars.append(bar)
        rows.append((Cell(session.label, bar.href), Cell(str(count))))
    title = _("Articles per session")
    if sessions:
        most = max(sessions, key=lambda s: s.published_article_count)
        description = _(
            "Published articles covering each of the %(count)d sessions; the most cover "
            "the %(most)s (%(most_count)d)."
        ) % {
            "count": len(sessions),
            "most": most.label,
            "most_count": most.published_article_count,
        }
        if current is not None:
            description += " " + _("The %(session)s is highlighted.") % {"session": current.label}
    else:
        description = _("No session yet.")
    drawn = len(sessions) > 1  # one session is no comparison: no chart of a single bar
    shape = layout(len(bars))  # a gap takes a column too
    return Chart(
        svg=bar_chart(bars, title=title, description=description, width=shape.width)
        if drawn
        else "",
        caption=title,
        alt=f"{title}. {description}",
        headers=(_("Session"), _("Articles")),
        rows=rows,
        overlays=(bar_links(bars),) if drawn else (),
        wide=shape.wide,
    )


def session_mark(session):
    when = session.start_date
    text = session.label
    if session.date_display:
        text += f", {session.date_display}"
    if session.local_title:
        text += f": {session.local_title}"
    return Mark(
        when=year_fraction(when) if when else 0,
        label=str(session.number),
        title=text,
        href=session.get_absolute_url(),
    )


def sessions_per_year(dated, start, end):
    """A column per year from `start` to `end`, holding that year's sessions as links, in
    the order their dots are drawn."""
    by_year = {}
    for session in sorted(dated, key=lambda s: s.start_date):
        by_year.setdefault(session.start_date.year, []).append(session_mark(session))
    return tuple(
        column_links((mark.title, mark.href) for mark in by_year.get(year, []))
        for year in range(start, end + 1)
    )


def most_in_a_column(columns):
    """How many links the fullest column holds: they share its width."""
    return max((len(column) for column in columns), default=1)


def sessions_timeline(sessions, *, end_year):
    """Every dated session on one line of years, from the first session to `end_year`."""
    dated = [session for session in sessions if session.start_date]
    if not dated:
        return Chart(svg="", caption=_("Timeline of the sessions"))
    start = min(session.start_date.year for session in dated)
    end = max(end_year, max(session.start_date.year for session in dated))
    title = _("Timeline of the sessions, %(start)s–%(end)s") % {"start": start, "end": end}
    first, last = dated[0], dated[-1]
    description = ngettext(
        "%(count)d session of the Assembly, from the %(first)s in %(first_year)s to the "
        "%(last)s in %(last_year)s.",
        "%(count)d sessions of the Assembly, from the %(first)s in %(first_year)s to the "
        "%(last)s in %(last_year)s.",
        len(dated),
    ) % {
        "count": len(dated),
        "first": first.label,
        "first_year": first.start_date.year,
        "last": last.label,
        "last_year": last.start_date.year,
    }
    marks = [session_mark(session) for session in dated]
    columns = sessions_per_year(dated, start, end)
    # Always at its size, scrolling on a phone: its session numbers are small already.
    shape = layout(len(columns), most_in_a_column(columns), TIMELINE_WIDTH, wide=True)
    return Chart(
        svg=timeline_chart(
            marks, start=start, end=end, title=title, description=description, width=shape.width
        ),
        caption=title,
        alt=f"{title}. {description}",
        overlays=(overlay("timeline", columns),),
        wide=shape.wide,
    )


def person_appearances(name, year_counts, sessions, *, end_year, link=None):
    """Where a person appears: articles per year, and the sessions they are linked to;
    `link(year)` is the list of that year's articles about them."""
    dated = [session for session in sessions if session.start_date]
    years = [year for year, count in year_counts.items() if year and count]
    years += [session.start_date.year for session in dated]
    if not years:
        return Chart(svg="", caption=_("Appearances over the years"))
    start = min(years)
    end = max(end_year, max(years))
    title = _("%(name)s in the archive, %(start)s–%(end)s") % {
        "name": name,
        "start": start,
        "end": end,
    }
    total = sum(year_counts.values())
    description = (
        ngettext(
            "%(count)d dated article mentions them",
            "%(count)d dated articles mention them",
            total,
        )
        % {"count": total}
        + "; "
        + (
            ngettext(
                "they appear at %(count)d session: %(sessions)s.",
                "they appear at %(count)d sessions: %(sessions)s.",
                len(dated),
            )
            % {"count": len(dated), "sessions": ", ".join(s.label for s in dated)}
            if dated
            else _("no session is linked to them.")
        )
    )
    by_year = {}
    for session in dated:
        by_year.setdefault(session.start_date.year, []).append(session)
    rows = [
        (
            Cell(str(year)),
            Cell(str(year_counts.get(year, 0))),
            Cell(links=tuple((s.label, s.get_absolute_url()) for s in by_year.get(year, []))),
        )
        for year in range(start, end + 1)
        if year_counts.get(year) or year in by_year
    ]
    dots = sessions_per_year(dated, start, end)
    shape = layout(len(dots), most_in_a_column(dots))
    return Chart(
        svg=appearance_chart(
            year_counts,
            [session_mark(session) for session in dated],
            start=start,
            end=end,
            title=title,
            description=description,
            width=shape.width,
        ),
        caption=title,
        alt=f"{title}. {description}",
        headers=(_("Year"), _("Articles"), _("Sessions")),
        rows=rows,
        overlays=(
            overlay("dots", dots),
            overlay(
                "years",
                (
                    column_links([(year_title(year, count), link(year) if link else "")])
                    if (count := year_counts.get(year, 0))
                    else ()
                    for year in range(start, end + 1)
                ),
            ),
        ),
        wide=shape.wide,
    )

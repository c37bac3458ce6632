"""Public pages. Every page runs a fixed number of queries, whatever the size of the archive."""

import re
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Prefetch
from django.http import Http404, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import DetailView, ListView, TemplateView

from archive import caching, languages, search
from archive.languages import article_translations, language_links
from archive.linking import archive_counts
from archive.linking.bodies import link_targets
from archive.models import (
    NEWEST_QUOTES_FIRST,
    Article,
    ArticlePerson,
    Person,
    Quote,
    Session,
    Topic,
)
from archive.site import article_body, article_filters, charts
from archive.site.feeds import document_policy
from archive.text.html_links import link_first_mentions
from archive.text.rendering import render_markdown

PAGE_SIZE = 20


class ForgivingPaginationMixin:
    """?page=abc shows the first page and ?page=999999 the last, rather than an error."""

    paginate_by = PAGE_SIZE

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


def published_articles():
    return Article.objects.published().newest_first()


def public_quotes():
    # Ties (quotes of one day) by article, then place in it: a page lists them the same way
    # every time, on every database.
    return Quote.objects.public().for_listing().order_by(*NEWEST_QUOTES_FIRST)


QUOTES_SHOWN = 20
QUOTES_READ = 100  # the newest quotes read to fill QUOTES_SHOWN after repeats are merged


def same_words(quote):
    """What makes two quotes one: the same speaker saying the same words (case, spacing and
    punctuation aside), however many articles quote them."""
    return quote.speaker_id, " ".join(re.findall(r"\w+", quote.text.lower()))


def merge_repeats(quotes, limit=QUOTES_SHOWN):
    """The first quote of each set of the same words from the same speaker, up to `limit`,
    each with `sources`: every quote of those words (the first one included), newest first,
    so one quote lists the several articles (and sessions) it comes from."""
    merged = {}
    for quote in quotes:
        key = same_words(quote)
        if key in merged:
            merged[key].sources.append(quote)
        elif limit is None or len(merged) < limit:
            quote.sources = [quote]
            merged[key] = quote
    return list(merged.values())


def dated(year_counts):
    """ArticleQuerySet.year_counts() without the undated articles, for the charts."""
    return {year: count for year, count in year_counts.items() if year is not None}


def sessions_with_counts():
    """Every session with its number of published articles: the same on many pages."""
    return caching.cached("sessions", lambda: Session.objects.order_by("number").counted())


@dataclass
class SessionGap:
    """Sessions that took place (their numbers lie between recorded ones, or below the first)
    but that the archive does not hold yet: a list shows them as a gap, not as nothing."""

    first: int
    last: int

    is_gap = True

    @property
    def label(self):
        if self.first == self.last:
            return _("The %(ordinal)s session is not in the archive yet.") % {
                "ordinal": languages.ordinal(self.first)
            }
        return _("The %(first)s to %(last)s sessions are not in the archive yet.") % {
            "first": languages.ordinal(self.first),
            "last": languages.ordinal(self.last),
        }


def with_gaps(sessions):
    """The sessions in order of number, a SessionGap wherever numbers are missing."""
    entries, expected = [], 1
    for session in sessions:
        if session.number > expected:
            entries.append(SessionGap(expected, session.number - 1))
        entries.append(session)
        expected = session.number + 1
    return entries


@dataclass
class Neighbour:
    """The session before or after one, by number: `session` when the archive holds it;
    else its `label` as text and the `nearest` recorded session in that direction (or None)."""

    number: int
    session: Session | None = None
    nearest: Session | None = None

    @property
    def label(self):
        return _("%(ordinal)s session") % {"ordinal": languages.ordinal(self.number)}


def neighbours(session, sessions):
    """(previous, next) Neighbour of `session` among `sessions` (in order of number); the
    next is None after the last recorded session, the previous None before the 1st."""
    by_number = {other.number: other for other in sessions}
    before = [other for other in sessions if other.number < session.number]
    after = [other for other in sessions if other.number > session.number]
    previous = following = None
    if session.number > 1:
        number = session.number - 1
        previous = Neighbour(number, by_number.get(number), before[-1] if before else None)
    if after:
        number = session.number + 1
        following = Neighbour(number, by_number.get(number), after[0])
    return previous, following


def year_link(year):
    return f"{reverse('archive:article-list')}?year={year}"


def by_year(sessions):
    return [(year, list(group)) for year, group in groupby(sessions, key=lambda s: s.year)]


class HomeView(TemplateView):
    template_name = "archive/home.html"

    def get_context_data(self, **kwargs):
        sessions = sessions_with_counts()
        years = archive_counts.year_counts()  # stored: counting them grew with the archive
        return super().get_context_data(
            latest_articles=published_articles().for_listing()[:8],
            featured_articles=published_articles().featured().for_listing()[:3],
            timeline=by_year(sessions),
            featured_people=Person.objects.filter(featured=True)[:8],
            article_count=sum(years.values()),
            year_chart=charts.articles_per_year(dated(years), link=year_link),
            session_chart=charts.articles_per_session(sessions),
            **kwargs,
        )


class TimelineView(TemplateView):
    """Every session from 1995 to now, with its motto: a picture, then the same as a list."""

    template_name = "archive/timeline.html"

    def get_context_data(self, **kwargs):
        sessions = sessions_with_counts()
        return super().get_context_data(
            sessions=sessions,
            highest_number=max((s.number for s in sessions), default=0),
            timeline=by_year(sessions),
            timeline_chart=charts.sessions_timeline(sessions, end_year=timezone.localdate().year),
            **kwargs,
        )


class ArticleListView(ForgivingPaginationMixin, ListView):
    """The published articles, filtered; with ?q= only those matching, best match first
    (unless an order is chosen) and with the matching words highlighted."""

    template_name = "archive/article_list.html"
    context_object_name = "articles"

    def get_queryset(self):
        self.filterset, self.filter_notes = article_filters.without_bad_values(
            self.request.GET, queryset=published_articles().for_listing()
        )
        self.query = search.parse_query(self.request.GET.get("q", ""))
        self.matches = search.search_articles(self.query, self.filterset)
        return self.filterset.qs if self.matches is None else self.matches

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        if self.matches is None:
            total = article_filters.stored_total(self.filterset)
            if total is not None:  # stored: counting the list grew with the archive
                paginator.count = total
        return paginator

    def paginate_queryset(self, queryset, page_size):
        paginator, page, articles, is_paginated = super().paginate_queryset(queryset, page_size)
        if self.matches is not None:
            page.object_list = articles = self.matches.highlight(articles)
        return paginator, page, articles, is_paginated

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filterset=self.filterset,
            filter_notes=self.filter_notes,
            article_query=self.query,
            **kwargs,
        )


class ArticleDatesView(TemplateView):
    """/articles/by-date/: the years with published articles; /articles/by-date/2019/: that
    year's months. Each links to the article list of that year or month (GROUP BY queries)."""

    template_name = "archive/article_dates.html"

    def get_context_data(self, **kwargs):
        years = archive_counts.year_counts()  # stored: counting them grew with the archive
        year = self.kwargs.get("year")
        context = {
            "years": sorted(dated(years).items(), reverse=True),
            "undated": years.get(None, 0),
            "year": year,
        }
        if year is not None:
            if not years.get(year):
                raise Http404
            rows = archive_counts.month_counts(year)
            list_url = reverse("archive:article-list")
            context["months"] = [
                (
                    article_filters.month_label(year, month),
                    count,
                    f"{list_url}?date_from={year}-{month:02d}&date_to={year}-{month:02d}",
                )
                for month, count in sorted(rows)
            ]
            context["year_count"] = years[year]
            context["year_url"] = year_link(year)
        return super().get_context_data(**{**kwargs, **context})


class ArticleDetailView(DetailView):
    template_name = "archive/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        articles = Article.objects.select_related("source").prefetch_related(
            "sessions",
            "topics",
            Prefetch("person_links", queryset=ArticlePerson.objects.select_related("person")),
            Prefetch("quotes", queryset=Quote.objects.filter(reviewed=True).for_listing()),
            Prefetch(
                "translations",
                queryset=Article.objects.published().only("slug", "language", "title"),
            ),
        )
        if self.request.user.is_staff:
            return articles.for_editors()  # editors may preview drafts
        return articles.published()

    def get_context_data(self, **kwargs):
        article = self.object
        quotes = list(article.quotes.all())
        body, found = article_body.anchor_quotes(self.body_html(article), quotes)
        for quote in quotes:
            quote.found_in_text = quote.pk in found
        translations = article_translations(article, article.translations.all())
        return super().get_context_data(
            body_html=body,
            article_quotes=quotes,
            related_articles=related_articles(article),
            translations=translations,
            # The switcher and the hreflang alternates lead to the translation, if any.
            language_links=language_links(self.request, translations),
            **kwargs,
        )

    @staticmethod
    def body_html(article):
        # Captions go before the first mentions are linked: a name in a caption not shown
        # must not take the link its first mention in the text should have.
        body = article_body.without_photo_captions(render_markdown(article.body))
        return link_first_mentions(body, link_targets(article))


def related_articles(article, limit=5):
    """The stored related articles (archive.linking.derived) that are published, best first:
    one query and the listing's prefetches, whatever the size of the archive."""
    if not article.related_ids:
        return []
    articles = published_articles().filter(pk__in=article.related_ids).for_listing().in_bulk()
    return [articles[pk] for pk in article.related_ids if pk in articles][:limit]


class SessionListView(ListView):
    template_name = "archive/session_list.html"
    context_object_name = "sessions"

    def get_queryset(self):
        return sessions_with_counts()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entries"] = with_gaps(context["sessions"])
        context["highest_number"] = max((s.number for s in context["sessions"]), default=0)
        return context


class SessionDetailView(DetailView):
    template_name = "archive/session_detail.html"
    context_object_name = "session"

    def get_object(self, queryset=None):
        return get_object_or_404(Session, number=self.kwargs["number"])

    def get_context_data(self, **kwargs):
        session = self.object
        articles = published_articles().filter(sessions=session)
        years = session.year_counts  # stored: counting them grew with the archive
        quotes = public_quotes().filter(session=session)
        # All sessions in one query: the chart compares them, and the neighbours come from it.
        sessions = sessions_with_counts()
        previous_session, next_session = neighbours(session, sessions)
        return super().get_context_data(
            articles=articles.newest_first_from(years, PAGE_SIZE).for_listing()[:PAGE_SIZE],
            article_count=sum(years.values()),
            quotes=quotes[:QUOTES_SHOWN],
            quote_count=quotes.count(),
            people=Person.objects.at_session(session).order_by("sort_name"),
            previous_session=previous_session,
            next_session=next_session,
            year_chart=charts.articles_per_year(
                dated(years),
                subject=session.label,
                link=lambda year: f"{year_link(year)}&session={session.number}",
            ),
            session_chart=charts.articles_per_session(sessions, current=session),
            **kwargs,
        )


class PersonListView(ListView):
    template_name = "archive/person_list.html"
    context_object_name = "people"

    def get_queryset(self):
        return Person.objects.order_by("sort_name", "name").counted()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["by_letter"] = [
            (letter, list(group))
            for letter, group in groupby(context["people"], key=lambda p: p.initial)
        ]
        return context


class PersonDetailView(DetailView):
    template_name = "archive/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        return Person.objects.prefetch_related("aliases", "positions")

    def get_context_data(self, **kwargs):
        person = self.object
        articles = published_articles().filter(people=person)
        years = person.year_counts  # stored: counting them grew with the archive
        quotes = public_quotes().filter(speaker=person)
        # The same words quoted by several articles are one quote, counted once: exactly
        # for the many who have said no more than QUOTES_READ, by distinct text beyond.
        merged = merge_repeats(quotes[:QUOTES_READ], limit=None)
        quote_count = quotes.count()
        if quote_count <= QUOTES_READ:
            quote_count = len(merged)
        else:
            quote_count = quotes.order_by().values("text").distinct().count()
        sessions = list(Session.objects.featuring(person))
        return super().get_context_data(
            articles=articles.newest_first_from(years, PAGE_SIZE).for_listing()[:PAGE_SIZE],
            article_count=sum(years.values()),
            quotes=merged[:QUOTES_SHOWN],
            quote_count=quote_count,
            sessions=sessions,
            appearance_chart=charts.person_appearances(
                person.local_name,
                dated(years),
                sessions,
                end_year=timezone.localdate().year,
                link=lambda year: f"{year_link(year)}&person={person.slug}",
            ),
            **kwargs,
        )


class QuoteDetailView(DetailView):
    """A public quote's own page, its permalink: the words, who said them, where and when,
    and how to cite them. A quote not reviewed, or from a draft, is not found."""

    template_name = "archive/quote_detail.html"
    context_object_name = "quote"

    def get_queryset(self):
        return Quote.objects.public().select_related("speaker", "article__source", "session")


class TopicListView(ListView):
    template_name = "archive/topic_list.html"
    context_object_name = "topics"

    def get_queryset(self):
        # A–Z in the visitor's language: on /ru/ "Молодёжь" is not filed under Y.
        return sorted(Topic.objects.counted(), key=lambda topic: topic.local_name.casefold())


class TopicDetailView(ForgivingPaginationMixin, ListView):
    """A topic's page is the paginated list of its published articles."""

    template_name = "archive/topic_detail.html"
    context_object_name = "articles"

    def get_queryset(self):
        self.topic = get_object_or_404(Topic, slug=self.kwargs["slug"])
        return published_articles().filter(topics=self.topic).for_listing()

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        paginator.count = self.topic.published_article_count  # stored: no COUNT(*) per view
        return paginator

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.topic, **kwargs)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    # Rendered without the request context: whatever failed may fail again.
    return HttpResponseServerError(loader.get_template("500.html").render())


@document_policy
def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain; charset=utf-8")


def favicon(request):
    # Browsers and feed readers ask for /favicon.ico whatever the page says.
    return redirect(static("favicon.svg"), permanent=True)

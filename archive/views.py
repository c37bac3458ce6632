"""Public pages. Every page runs a fixed number of queries, whatever the size of the archive."""

from collections import Counter
from itertools import groupby

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import ExtractYear
from django.http import HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import DetailView, ListView, TemplateView

from . import charts
from .feeds import document_policy
from .filters import ArticleFilter
from .models import Article, ArticlePerson, ArticleSession, Person, Quote, Session, Topic
from .rendering import render_markdown

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
    return Quote.objects.public().for_listing().order_by("-article__published_on", "position")


def year_counts(articles):
    """{year: number of articles} for a queryset of articles, in one GROUP BY query."""
    rows = (
        articles.order_by()
        .filter(published_on__isnull=False)
        .annotate(year=ExtractYear("published_on"))
        .values("year")
        .annotate(count=Count("pk", distinct=True))
    )
    return {row["year"]: row["count"] for row in rows}


def year_link(year):
    return f"{reverse('archive:article-list')}?year={year}"


def by_year(sessions):
    return [(year, list(group)) for year, group in groupby(sessions, key=lambda s: s.year)]


class HomeView(TemplateView):
    template_name = "archive/home.html"

    def get_context_data(self, **kwargs):
        sessions = list(Session.objects.with_article_counts())
        return super().get_context_data(
            latest_articles=published_articles().for_listing()[:8],
            featured_articles=published_articles().filter(featured=True).for_listing()[:3],
            timeline=by_year(sessions),
            featured_people=Person.objects.filter(featured=True)[:8],
            article_count=Article.objects.published().count(),
            year_chart=charts.articles_per_year(
                year_counts(Article.objects.published()), link=year_link
            ),
            session_chart=charts.articles_per_session(sessions),
            **kwargs,
        )


class TimelineView(TemplateView):
    """Every session from 1995 to now, with its motto: a picture, then the same as a list."""

    template_name = "archive/timeline.html"

    def get_context_data(self, **kwargs):
        sessions = list(Session.objects.with_article_counts())
        return super().get_context_data(
            sessions=sessions,
            timeline=by_year(sessions),
            timeline_chart=charts.sessions_timeline(sessions, end_year=timezone.localdate().year),
            **kwargs,
        )


class ArticleListView(ForgivingPaginationMixin, ListView):
    template_name = "archive/article_list.html"
    context_object_name = "articles"

    def get_queryset(self):
        self.filterset = ArticleFilter(
            self.request.GET or None, queryset=published_articles().for_listing()
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(filterset=self.filterset, **kwargs)


class ArticleDetailView(DetailView):
    template_name = "archive/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        articles = Article.objects.select_related("source").prefetch_related(
            "sessions",
            "topics",
            Prefetch("person_links", queryset=ArticlePerson.objects.select_related("person")),
            Prefetch("quotes", queryset=Quote.objects.filter(reviewed=True).for_listing()),
        )
        if self.request.user.is_staff:
            return articles  # editors may preview drafts
        return articles.published()

    def get_context_data(self, **kwargs):
        article = self.object
        return super().get_context_data(
            body_html=self.body_html(article),
            related_articles=related_articles(article),
            **kwargs,
        )

    @staticmethod
    def body_html(article):
        try:
            from .detection import linked_body_html
        except ImportError:
            return render_markdown(article.body)
        return linked_body_html(article)


def related_articles(article, limit=5):
    """Published articles sharing the most sessions, people and topics with `article`."""
    session_ids = [s.pk for s in article.sessions.all()]
    person_ids = [link.person_id for link in article.person_links.all()]
    topic_ids = [t.pk for t in article.topics.all()]
    if not (session_ids or person_ids or topic_ids):
        return Article.objects.none()
    # One count per shared link, read from the link tables: joining the three at once
    # multiplies rows and takes seconds on a large archive.
    scores = Counter()
    for links, column, ids in (
        (ArticleSession.objects, "session_id", session_ids),
        (ArticlePerson.objects, "person_id", person_ids),
        (Article.topics.through.objects, "topic_id", topic_ids),
    ):
        if ids:
            scores.update(
                links.filter(**{f"{column}__in": ids}).values_list("article_id", flat=True)
            )
    scores.pop(article.pk, None)
    best = [pk for pk, _score in scores.most_common(limit * 20)]
    articles = published_articles().filter(pk__in=best).for_listing()
    return sorted(articles, key=lambda a: -scores[a.pk])[:limit]


class SessionListView(ListView):
    template_name = "archive/session_list.html"
    context_object_name = "sessions"

    def get_queryset(self):
        return Session.objects.with_article_counts()


class SessionDetailView(DetailView):
    template_name = "archive/session_detail.html"
    context_object_name = "session"

    def get_object(self, queryset=None):
        return get_object_or_404(Session, number=self.kwargs["number"])

    def get_context_data(self, **kwargs):
        session = self.object
        articles = published_articles().filter(sessions=session)
        # All sessions in one query: the chart compares them, and the neighbours come from it.
        sessions = list(Session.objects.with_article_counts())
        index = next(i for i, other in enumerate(sessions) if other.pk == session.pk)
        return super().get_context_data(
            articles=articles.for_listing()[:PAGE_SIZE],
            article_count=articles.count(),
            quotes=public_quotes().filter(session=session),
            # Subqueries, not joins: OR over two joins multiplies rows (minutes on 100k).
            people=Person.objects.filter(
                Q(
                    pk__in=ArticlePerson.objects.filter(article__in=articles.values("pk")).values(
                        "person_id"
                    )
                )
                | Q(pk__in=Quote.objects.public().filter(session=session).values("speaker_id"))
            ).order_by("sort_name"),
            previous_session=sessions[index - 1] if index > 0 else None,
            next_session=sessions[index + 1] if index + 1 < len(sessions) else None,
            year_chart=charts.articles_per_year(
                year_counts(articles),
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
        return Person.objects.annotate(
            published_article_count=Count(
                "articles", filter=Q(articles__status=Article.Status.PUBLISHED), distinct=True
            )
        ).order_by("sort_name", "name")

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
        quotes = public_quotes().filter(speaker=person)
        sessions = list(
            Session.objects.filter(
                Q(
                    pk__in=ArticleSession.objects.filter(article__in=articles.values("pk")).values(
                        "session_id"
                    )
                )
                | Q(pk__in=quotes.order_by().values("session_id"))
            )
        )
        return super().get_context_data(
            articles=articles.for_listing()[:PAGE_SIZE],
            article_count=articles.count(),
            quotes=quotes,
            sessions=sessions,
            appearance_chart=charts.person_appearances(
                person.name,
                year_counts(articles),
                sessions,
                end_year=timezone.localdate().year,
            ),
            **kwargs,
        )


class TopicListView(ListView):
    template_name = "archive/topic_list.html"
    context_object_name = "topics"

    def get_queryset(self):
        return Topic.objects.annotate(
            published_article_count=Count(
                "articles", filter=Q(articles__status=Article.Status.PUBLISHED), distinct=True
            )
        ).order_by("name")


class TopicDetailView(ForgivingPaginationMixin, ListView):
    """A topic's page is the paginated list of its published articles."""

    template_name = "archive/topic_detail.html"
    context_object_name = "articles"

    def get_queryset(self):
        self.topic = get_object_or_404(Topic, slug=self.kwargs["slug"])
        return published_articles().filter(topics=self.topic).for_listing()

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

"""Read-only endpoints: published content only, cacheable (ETag, Last-Modified) and throttled
(settings.REST_FRAMEWORK). Each list runs a fixed number of queries whatever its length and the
size of the archive: a plain COUNT(*) for the pager, the page, and the page's related rows."""

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.http import http_date
from django.views.decorators.http import conditional_page
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError

from archive.api import serializers
from archive.api.filters import PersonFilter, QuoteFilter
from archive.filters import ArticleFilter
from archive.models import Article, ArticlePerson, Person, Quote, Session, Topic
from archive.search import search_articles


# conditional_page adds an ETag (a hash of the body) and answers If-None-Match /
# If-Modified-Since with 304 Not Modified, once the response is rendered.
@method_decorator(conditional_page, name="dispatch")
class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200:
            patch_cache_control(
                response, public=True, max_age=getattr(settings, "ARCHIVE_API_MAX_AGE", 300)
            )
            last_modified = getattr(self, "last_modified", None)
            if last_modified:
                response["Last-Modified"] = http_date(last_modified.timestamp())
        return response


# Sessions, people, topics: each with its number of published articles (article_count), taken
# for the page's rows (or the one object) once they are known (ArticleCountsMixin.with_counts),
# not annotated on the queryset: an annotation joins every link to its article, and the pager's
# COUNT(*) would then group the whole link table too (40 ms each at 30,000 articles, growing
# with the archive). A comment, not a docstring: DRF would publish it as the endpoints' text.
class CountedViewSet(ReadOnlyViewSet):
    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return page if page is None else self.queryset.model.objects.with_counts(page)

    def get_object(self):
        return self.queryset.model.objects.with_counts([super().get_object()])[0]


SEARCH_PARAMETER = OpenApiParameter(
    "q",
    OpenApiTypes.STR,
    description="Words to search for (as the site's search box); results ranked by relevance "
    "unless `ordering` is given.",
)


@extend_schema_view(list=extend_schema(parameters=[SEARCH_PARAMETER]))
class ArticleViewSet(ReadOnlyViewSet):
    """Published articles, newest first; the same filters as the site's article list."""

    lookup_field = "slug"
    filterset_class = ArticleFilter

    def get_queryset(self):
        articles = (
            Article.objects.published()
            .newest_first()
            .select_related("source")
            .prefetch_related(
                "sessions",
                "topics",
                Prefetch("person_links", queryset=ArticlePerson.objects.select_related("person")),
            )
        )
        if self.action == "retrieve":
            articles = articles.prefetch_related(
                Prefetch(
                    "quotes",
                    queryset=Quote.objects.filter(reviewed=True)
                    .select_related("speaker")
                    .order_by("position", "pk"),
                    to_attr="public_quotes",
                )
            )
        return articles

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ArticleDetailSerializer
        return serializers.ArticleListSerializer

    def list(self, request, *args, **kwargs):
        q = request.query_params.get("q", "").strip()
        if not q:
            return super().list(request, *args, **kwargs)
        filterset = ArticleFilter(request.query_params, queryset=self.get_queryset())
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        ranked = search_articles(q, filterset)
        if ranked is None:  # nothing searchable in q: the plain list
            return super().list(request, *args, **kwargs)
        page = self.paginate_queryset(ranked)
        prefetch_related_objects(page, *self.get_queryset()._prefetch_related_lookups)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    # A page of the list has no Last-Modified: it changes when an article leaves it (unpublished,
    # deleted, or pushed to the next page), which no date of the articles left on it tells, so
    # If-Modified-Since would answer a stale 304. Its ETag is exact.

    def get_object(self):
        article = super().get_object()
        self.last_modified = article.updated_at
        return article


class SessionViewSet(CountedViewSet):
    """Sessions of the Assembly by number (the URL never changes)."""

    lookup_field = "number"
    lookup_value_regex = "[0-9]+"
    serializer_class = serializers.SessionSerializer
    queryset = Session.objects.order_by("number")


class PersonViewSet(CountedViewSet):
    """People, A–Z by surname; ?name= finds someone by any spelling of their name."""

    lookup_field = "slug"
    serializer_class = serializers.PersonSerializer
    filterset_class = PersonFilter
    queryset = Person.objects.prefetch_related("aliases", "positions").order_by("sort_name", "name")


class TopicViewSet(CountedViewSet):
    lookup_field = "slug"
    serializer_class = serializers.TopicSerializer
    queryset = Topic.objects.order_by("name")


class QuoteViewSet(ReadOnlyViewSet):
    """Reviewed quotes from published articles, newest article first."""

    serializer_class = serializers.QuoteSerializer
    filterset_class = QuoteFilter
    queryset = (
        Quote.objects.public()
        .select_related("speaker", "article", "session")
        .order_by("-article__published_on", "article_id", "position", "pk")
    )

"""Filters of the API's lists. Articles use the site's own ArticleFilter (archive.filters)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from archive.filters import SessionChoiceFilter
from archive.models import Article, Person, Quote, Session


class PersonFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(
        label=_("Name or any alias, spelled in any case"), method="filter_name"
    )
    featured = django_filters.BooleanFilter(label=_("Featured"))

    class Meta:
        model = Person
        fields = ["name", "featured"]

    def filter_name(self, queryset, name, value):
        return queryset.filter(pk__in=Person.objects.by_name(value).values("pk"))


class QuoteFilter(django_filters.FilterSet):
    speaker = django_filters.ModelChoiceFilter(
        label=_("Speaker (slug)"), to_field_name="slug", queryset=Person.objects.all()
    )
    session = SessionChoiceFilter(label=_("Session (number)"), queryset=Session.objects.all())
    article = django_filters.ModelChoiceFilter(
        label=_("Article (slug)"), to_field_name="slug", queryset=Article.objects.published()
    )

    class Meta:
        model = Quote
        fields = ["speaker", "session", "article"]

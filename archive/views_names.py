"""Searching one person's words: /people/<slug>/search/?q= (their articles and quotes only)."""

import re

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from .models import Person, Quote

MAX_QUERY = 200
MAX_WORDS = 10


def quotes_matching(person, q):
    """The person's public quotes containing every word of `q` (in the words or context)."""
    words = [w for w in re.findall(r"\w+", q) if len(w) > 1][:MAX_WORDS]
    if not words:
        return Quote.objects.none()
    quotes = Quote.objects.public().filter(speaker=person).for_listing()
    for word in words:
        quotes = quotes.filter(Q(text__icontains=word) | Q(context__icontains=word))
    return quotes.order_by("-article__published_on", "position")


class PersonSearchView(TemplateView):
    template_name = "archive/names/person_search.html"

    def get_context_data(self, **kwargs):
        from . import search

        person = get_object_or_404(Person, slug=self.kwargs["slug"])
        params = self.request.GET
        q = params.get("q", "").strip()[:MAX_QUERY]
        context = {"person": person, "person_query": q, "quotes": [], "page_obj": None}
        if q:
            filters = {"person": person.slug, "ordering": params.get("ordering", "")}
            results = search.search(q, filters=filters, page=params.get("page"))
            context.update(
                results=results,
                page_obj=results.articles,
                is_paginated=results.articles.has_other_pages(),
                quotes=list(quotes_matching(person, q)[:50]),
            )
        return super().get_context_data(**context, **kwargs)

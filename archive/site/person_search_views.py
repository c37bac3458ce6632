"""Searching one person's words: /people/<slug>/search/?q= (their articles and quotes only)."""

from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from archive import search
from archive.models import Person

MAX_QUERY = 200


class PersonSearchView(TemplateView):
    template_name = "archive/names/person_search.html"

    def get_context_data(self, **kwargs):
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
                quotes=search.person_quotes(person, q),
            )
        return super().get_context_data(**context, **kwargs)

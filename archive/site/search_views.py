"""/search/: one box over articles, people, sessions, quotes and topics (see archive.search).

A query that is exactly a session number in any notation ("XXVII", "27th session") or a
person's name or alias ("k. tokayev") goes straight to that page (302). Any other parameter
(a filter, a page, an order, or just ?exact=0) stays on the results.
"""

from django.shortcuts import redirect
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from archive import search
from archive.filters import ArticleFilter
from archive.models import Article
from archive.search.facets import FACET_NAMES
from archive.site import charts
from archive.site.article_filters import without_bad_values


class QuoteSearchView(TemplateView):
    """/search/quotes/?q=: every public quote matching the query, a page at a time (the
    search page shows the best few)."""

    template_name = "archive/search_quotes.html"

    def get_context_data(self, **kwargs):
        query, page = search.search_quotes(
            self.request.GET.get("q", ""), self.request.GET.get("page")
        )
        return super().get_context_data(
            query=query,
            search_query=query.text,
            quotes=page.object_list,
            page_obj=page,
            is_paginated=page.has_other_pages(),
            **kwargs,
        )


class SearchView(TemplateView):
    template_name = "archive/search.html"

    @staticmethod
    def year_chart(results, params):
        """The matching articles per year, each year's bar in the table linking to the
        results of that year (the filters and the order kept)."""
        if not results.year_counts or params.get("year"):
            return None

        def link(year):
            kept = {k: v for k, v in params.items() if k not in ("year", "page", "exact")}
            return "?" + urlencode({**kept, "year": year, "exact": "0"})

        return charts.articles_per_year(
            results.year_counts, link=link, title=_("Matching articles per year")
        )

    def get(self, request, *args, **kwargs):
        named = search.exact_match(request.GET["q"]) if list(request.GET) == ["q"] else None
        if named is not None:
            return redirect(named)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        # A value no filter knows (a typo, an old link) is left out with a short note.
        checked, notes = without_bad_values(
            self.request.GET, ArticleFilter, queryset=Article.objects.none()
        )
        params = checked.data if checked.is_bound else self.request.GET
        results = search.search(params.get("q", ""), filters=params, page=params.get("page"))
        page = results.articles
        return super().get_context_data(
            results=results,
            search_query=results.query.text,
            q_param=urlencode({"q": results.query.text}),
            filterset=results.filterset,
            page_obj=page,
            is_paginated=page.has_other_pages(),
            # The facets are the filters; the form keeps them while the order changes.
            filter_values=[(n, params[n]) for n in FACET_NAMES if params.get(n)],
            ordering=params.get("ordering", ""),
            filter_notes=notes,
            year_chart=self.year_chart(results, params),
            **kwargs,
        )

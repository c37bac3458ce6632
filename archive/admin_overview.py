"""The article changelist at a glance: linked sessions and people, quotes waiting for review,
and the public page (a preview for drafts, which only staff can open)."""

from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from archive.models import Article, Person, Quote, Session

PEOPLE_SHOWN = 3
# Characters of a title a change list shows at 1366 px; the whole title is its tooltip.
TITLE_SHOWN = 70


def truncated_with_tooltip(text, length=TITLE_SHOWN):
    """`text` cut to `length` characters with "…", the whole of it on hover (escaped)."""
    short = Truncator(text).chars(length)
    if short == text:
        return text
    return format_html('<span title="{}">{}</span>', text, short)


class ArticleOverviewMixin:
    overview_columns = ["linked_sessions", "linked_people", "pending_quotes", "public_page"]

    @admin.display(description=_("title"), ordering="title")
    def short_title(self, obj):
        return truncated_with_tooltip(obj.title)

    def get_queryset(self, request):
        # One subquery and two prefetches for the whole page, never a query per row.
        pending = (
            Quote.objects.suggestions()
            .filter(article=OuterRef("pk"))
            .order_by()
            .values("article")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                pending_quote_count=Coalesce(
                    Subquery(pending, output_field=IntegerField()), Value(0)
                )
            )
            .prefetch_related(
                Prefetch("sessions", queryset=Session.objects.only("pk", "number")),
                Prefetch("people", queryset=Person.objects.only("pk", "name", "sort_name")),
            )
        )

    @admin.display(description=_("Sessions"))
    def linked_sessions(self, obj):
        return ", ".join(str(session.number) for session in obj.sessions.all()) or "–"

    @admin.display(description=_("People"))
    def linked_people(self, obj):
        people = sorted(obj.people.all(), key=lambda person: person.sort_name)
        names = ", ".join(person.name for person in people[:PEOPLE_SHOWN])
        if len(people) > PEOPLE_SHOWN:
            names += f" +{len(people) - PEOPLE_SHOWN}"
        return names or "–"

    @admin.display(description=_("Quotes to review"), ordering="pending_quote_count")
    def pending_quotes(self, obj):
        count = obj.pending_quote_count
        if not count:
            return "–"
        url = reverse("admin:archive_quote_changelist")
        url += f"?reviewed__exact=0&article__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, count)

    @admin.display(description=_("Public page"))
    def public_page(self, obj):
        label = _("Preview") if obj.status == Article.Status.DRAFT else _("View")
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), label)

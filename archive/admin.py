"""The editors' admin: everything in the archive is curated here."""

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.admin import VersionAdmin  # history of every change; "Recover deleted ..."

from archive import caching, history
from archive.admin_overview import ArticleOverviewMixin
from archive.linking.detection import detect_links, suppress_removed_links
from archive.linking.quotes import suggest_quotes
from archive.models import (
    Alias,
    Article,
    ArticlePerson,
    ArticleSession,
    Person,
    Position,
    Quote,
    Session,
    Source,
    Topic,
)
from archive.names.admin import merge_people_action  # also registers the unmatched-names queue
from archive.search import reindex_articles
from archive.text.numerals import parse_number
from archive.transfer.admin import ArchiveImportExportMixin
from archive.transfer.resources import (
    ArticleResource,
    PersonResource,
    QuoteResource,
    SessionResource,
    SourceResource,
    TopicResource,
)

admin.site.site_header = _("APK Archive: editors")
admin.site.site_title = _("APK Archive admin")
admin.site.index_title = _("Curate the archive")


def after_bulk_change(article_ids):
    """Keep derived data in step after a change that bypassed save() (queryset.update)."""
    reindex_articles(list(article_ids))


@admin.register(Session)
class SessionAdmin(ArchiveImportExportMixin, VersionAdmin):
    resource_classes = [SessionResource]
    list_display = ["number", "roman_label", "title", "start_date", "location", "article_count"]
    list_display_links = ["number", "roman_label"]
    search_fields = ["title", "title_ru", "title_kk", "location", "summary"]
    list_filter = ["date_precision"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "number",
                    "title",
                    "start_date",
                    "end_date",
                    "date_precision",
                    "location",
                    "summary",
                ]
            },
        ),
        (_("In Russian and Kazakh"), {"fields": ["title_ru", "title_kk"]}),
    ]
    ordering = ["number"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    def get_search_results(self, request, queryset, search_term):
        # "27", "XXVII", "27th" and "twenty-seventh" all find the 27th session.
        number = parse_number(search_term)
        if number:
            return queryset.filter(number=number), False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description=_("Roman"), ordering="number")
    def roman_label(self, obj):
        return obj.roman

    @admin.display(description=_("Articles"), ordering="article_total")
    def article_count(self, obj):
        return obj.article_total


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 1
    fields = ["name"]


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    fields = ["title", "organisation", "start_date", "end_date"]


@admin.register(Person)
class PersonAdmin(ArchiveImportExportMixin, VersionAdmin):
    resource_classes = [PersonResource]
    list_display = ["name", "role", "alias_list", "featured"]
    list_filter = ["featured"]
    list_editable = ["featured"]
    search_fields = ["name", "name_ru", "name_kk", "aliases__name", "role"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AliasInline, PositionInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "sort_name", "role", "bio", "featured"]}),
        (_("In Russian and Kazakh"), {"fields": ["name_ru", "name_kk"]}),
    ]
    actions = [merge_people_action]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.spell_names_as_aliases()

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("aliases")

    @admin.display(description=_("Also spelled"))
    def alias_list(self, obj):
        return ", ".join(alias.name for alias in obj.aliases.all())


@admin.register(Source)
class SourceAdmin(ArchiveImportExportMixin, VersionAdmin):
    resource_classes = [SourceResource]
    list_display = ["name", "url"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Topic)
class TopicAdmin(ArchiveImportExportMixin, VersionAdmin):
    resource_classes = [TopicResource]
    list_display = ["name", "slug"]
    search_fields = ["name", "name_ru", "name_kk", "description"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "description"]}),
        (
            _("In Russian and Kazakh"),
            {"fields": ["name_ru", "name_kk", "description_ru", "description_kk"]},
        ),
    ]


class ArticleSessionInline(admin.TabularInline):
    model = ArticleSession
    extra = 0
    autocomplete_fields = ["session"]
    readonly_fields = ["origin"]
    verbose_name = _("session covered")


class ArticlePersonInline(admin.TabularInline):
    model = ArticlePerson
    extra = 0
    autocomplete_fields = ["person"]
    readonly_fields = ["origin", "matched_text"]
    verbose_name = _("person mentioned")


class QuoteInline(admin.StackedInline):
    model = Quote
    extra = 0
    autocomplete_fields = ["speaker", "session"]
    fields = [("speaker", "session", "reviewed"), "text", "context", "position"]


@admin.register(Article)
class ArticleAdmin(ArchiveImportExportMixin, ArticleOverviewMixin, VersionAdmin):
    resource_classes = [ArticleResource]
    list_display = [
        "title",
        "status",
        "published",
        "source",
        "language",
        "featured",
        *ArticleOverviewMixin.overview_columns,
    ]
    list_filter = ["status", "language", "featured", "source", "sessions", "topics"]
    search_fields = ["title", "slug", "lead", "author", "source_url"]
    date_hierarchy = "published_on"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["source", "topics", "translations"]
    inlines = [ArticleSessionInline, ArticlePersonInline, QuoteInline]
    actions = ["publish", "unpublish", "detect_links", "suggest_quotes"]
    list_select_related = ["source"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "featured"]}),
        (_("Text"), {"fields": ["lead", "body", "author", "language", "translations"]}),
        (
            _("Source and date"),
            {"fields": ["source", "source_url", ("published_on", "date_precision"), "date_text"]},
        ),
        (_("Topics"), {"fields": ["topics"]}),
    ]

    @admin.display(description=_("Published on"), ordering="published_on")
    def published(self, article):
        # "2005" or "June 1995" as the source gives it, not a made-up 1 January.
        return article.date_display or "-"

    def get_readonly_fields(self, request, obj=None):
        if request.user.has_perm("archive.publish_article"):
            return []
        return ["status"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("archive.publish_article"):
            actions.pop("publish", None)
            actions.pop("unpublish", None)
        return actions

    def save_related(self, request, form, formsets, change):
        article = form.instance
        before = self._link_ids(article) if change else (set(), set())
        super().save_related(request, form, formsets, change)
        after = self._link_ids(article)
        suppress_removed_links(article, before[0], after[0], before[1], after[1])
        # The text may have changed: links and the unmatched-names queue follow it (the
        # links the editor just removed or added stay as they decided).
        detect_links([article])

    @staticmethod
    def _link_ids(article):
        sessions = set(article.session_links.values_list("session_id", flat=True))
        people = set(article.person_links.values_list("person_id", flat=True))
        return sessions, people

    def _set_status(self, request, queryset, status, message):
        with transaction.atomic():
            ids = list(queryset.values_list("pk", flat=True))
            count = Article.objects.filter(pk__in=ids).exclude(status=status).update(status=status)
            caching.content_changed()
            after_bulk_change(ids)
            text = message(count) % {"count": count}
            history.record_change(request.user, Article.objects.filter(pk__in=ids), text)
        self.message_user(request, text, messages.SUCCESS)

    @admin.action(description=_("Publish selected articles"), permissions=["publish"])
    def publish(self, request, queryset):
        self._set_status(
            request,
            queryset,
            Article.Status.PUBLISHED,
            lambda n: ngettext("%(count)d article published.", "%(count)d articles published.", n),
        )

    @admin.action(description=_("Unpublish selected articles"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._set_status(
            request,
            queryset,
            Article.Status.DRAFT,
            lambda n: ngettext(
                "%(count)d article unpublished.", "%(count)d articles unpublished.", n
            ),
        )

    def has_publish_permission(self, request):
        return request.user.has_perm("archive.publish_article")

    @admin.action(description=_("Detect links to sessions and people"), permissions=["change"])
    def detect_links(self, request, queryset):

        report = detect_links(queryset)
        self.message_user(request, report.summary(), messages.SUCCESS)

    @admin.action(description=_("Suggest quotes for review"), permissions=["change"])
    def suggest_quotes(self, request, queryset):

        count = suggest_quotes(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d quote suggested; review it under Quotes.",
                "%(count)d quotes suggested; review them under Quotes.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Quote)
class QuoteAdmin(ArchiveImportExportMixin, VersionAdmin):
    resource_classes = [QuoteResource]
    list_display = ["short_text", "speaker", "article", "session", "reviewed"]
    list_filter = ["reviewed", "session"]
    list_select_related = ["speaker", "article", "session"]
    search_fields = ["text", "speaker__name", "speaker__aliases__name", "article__title"]
    autocomplete_fields = ["speaker", "article", "session"]
    actions = ["mark_reviewed"]

    @admin.display(description=_("Quote"))
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 90 else obj.text[:87] + "…"

    @admin.action(description=_("Mark selected quotes as reviewed"), permissions=["change"])
    def mark_reviewed(self, request, queryset):
        count = queryset.update(reviewed=True)
        caching.content_changed()
        self.message_user(
            request,
            ngettext("%(count)d quote reviewed.", "%(count)d quotes reviewed.", count)
            % {"count": count},
        )

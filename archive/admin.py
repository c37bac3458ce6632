"""The editors' admin: everything in the archive is curated here."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from archive import caching, history
from archive.admin_history import ArchiveVersionAdmin  # history, compare, restore, recover
from archive.admin_overview import ArticleOverviewMixin, truncated_with_tooltip
from archive.admin_preview import BodyPreviewMixin
from archive.admin_search import AnyCaseSearchMixin
from archive.jobs import admin as jobs_admin  # noqa: F401  (registers the Jobs pages)
from archive.jobs import services as jobs
from archive.jobs import tasks as job_tasks
from archive.linking import derived
from archive.linking.detection import detect_links, suppress_removed_links
from archive.linking.quotes import suggest_quotes
from archive.models import (
    Alias,
    Article,
    ArticlePerson,
    ArticleSession,
    Job,
    Person,
    Position,
    Quote,
    Session,
    Source,
    Topic,
)
from archive.names.admin import merge_people_action  # also registers the unmatched-names queue
from archive.search import reindex_articles
from archive.text.normalise import name_key
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
from archive.transfer.text_admin import PlainTextImportMixin

admin.site.site_header = _("APK Archive: editors")
admin.site.site_title = _("APK Archive admin")
admin.site.index_title = _("Curate the archive")
# The model list is on the home page and in the breadcrumbs; beside a change list at 1366 px
# the sidebar would take a quarter of the width the columns need.
admin.site.enable_nav_sidebar = False


def after_bulk_change(article_ids):
    """Keep derived data in step after a change that bypassed save() (queryset.update)."""
    reindex_articles(list(article_ids))
    derived.changed(article_ids)


@admin.register(Session)
class SessionAdmin(AnyCaseSearchMixin, ArchiveImportExportMixin, ArchiveVersionAdmin):
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
        (
            _("In Russian and Kazakh"),
            {
                "fields": [
                    "title_ru",
                    "title_kk",
                    "location_ru",
                    "location_kk",
                    "summary_ru",
                    "summary_kk",
                ]
            },
        ),
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


class AliasFormSet(forms.BaseInlineFormSet):
    """Every unique rule of Alias checked in the form: a spelling (compared by its key, so
    "K. Tokayev" and "k tokayev" are one) belongs to one person, once. Another person's is a
    form error naming them, never a database error."""

    def clean(self):
        super().clean()
        rows = {}  # key -> the form giving it
        for form in self.forms:
            name = getattr(form, "cleaned_data", {}).get("name")
            if not name or self._should_delete_form(form):
                continue
            key = name_key(name)
            if key in rows:
                form.add_error("name", _("“%(name)s” is given twice here.") % {"name": name})
            else:
                rows[key] = form
        if not rows:
            return
        person = self.instance if self.instance.pk else None
        for alias in Alias.objects.filter(key__in=rows).select_related("person"):
            form = rows[alias.key]
            if person is None or alias.person_id != person.pk:
                form.add_error("name", self._taken_message(form.cleaned_data["name"], alias))
            elif form.instance.pk != alias.pk and not (
                form.instance.pk is None and self._deleted(alias.pk)
            ):
                # Another row of this person holds it and is renamed in this same save.
                form.add_error(
                    "name",
                    _("“%(name)s” is still another row's spelling: save that change first.")
                    % {"name": form.cleaned_data["name"]},
                )

    def _deleted(self, pk):
        return any(form.instance.pk == pk for form in self.deleted_forms)

    @staticmethod
    def _taken_message(name, alias):
        return format_html(
            _("“{name}” is already a spelling of {person}: edit or remove it there first."),
            name=name,
            person=format_html(
                '<a href="{}">{}</a>',
                reverse("admin:archive_person_change", args=[alias.person_id]),
                alias.person.name,
            ),
        )


class AliasInline(admin.TabularInline):
    model = Alias
    formset = AliasFormSet
    extra = 1
    fields = ["name"]


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    fields = ["title", "organisation", "start_date", "end_date"]


@admin.register(Person)
class PersonAdmin(AnyCaseSearchMixin, ArchiveImportExportMixin, ArchiveVersionAdmin):
    resource_classes = [PersonResource]
    list_display = ["name", "role", "alias_list", "featured"]
    list_filter = ["featured"]
    list_editable = ["featured"]
    search_fields = ["name", "name_ru", "name_kk", "aliases__name", "role", "role_ru", "role_kk"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AliasInline, PositionInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "sort_name", "role", "bio", "featured"]}),
        (
            _("In Russian and Kazakh"),
            {"fields": ["name_ru", "name_kk", "role_ru", "role_kk", "bio_ru", "bio_kk"]},
        ),
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
class SourceAdmin(AnyCaseSearchMixin, ArchiveImportExportMixin, ArchiveVersionAdmin):
    resource_classes = [SourceResource]
    list_display = ["name", "url"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Topic)
class TopicAdmin(AnyCaseSearchMixin, ArchiveImportExportMixin, ArchiveVersionAdmin):
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


class ArticlePersonInline(admin.TabularInline):
    model = ArticlePerson
    extra = 0
    autocomplete_fields = ["person"]
    readonly_fields = ["origin", "matched_text"]


class QuoteInline(admin.StackedInline):
    model = Quote
    extra = 0
    autocomplete_fields = ["speaker", "session"]
    fields = [("speaker", "session", "reviewed"), "text", "context", "position"]


@admin.register(Article)
class ArticleAdmin(
    AnyCaseSearchMixin,
    PlainTextImportMixin,
    BodyPreviewMixin,
    ArchiveImportExportMixin,
    ArticleOverviewMixin,
    ArchiveVersionAdmin,
):
    resource_classes = [ArticleResource]
    # What fits at 1366 px; language and featured are filters on the right.
    list_display = [
        "short_title",
        "status",
        "published",
        "source",
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
        (None, {"fields": ["title", "slug", ("status", "publish_at"), "featured"]}),
        (_("Text"), {"fields": ["lead", "body", "author", "language", "translations"]}),
        (
            _("Source and date"),
            {"fields": ["source", "source_url", ("published_on", "date_precision"), "date_text"]},
        ),
        (_("Topics"), {"fields": ["topics"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).for_editors()  # not those still being imported

    @admin.display(description=_("Published on"), ordering="published_on")
    def published(self, article):
        # "2005" or "June 1995" as the source gives it, not a made-up 1 January.
        return article.date_display or "-"

    def get_readonly_fields(self, request, obj=None):
        if request.user.has_perm("archive.publish_article"):
            return []
        return ["status", "publish_at"]

    def save_model(self, request, obj, form, change):
        if obj.status == Article.Status.PUBLISHED:
            obj.publish_at = None  # published already: nothing left to schedule
        super().save_model(request, obj, form, change)
        job_tasks.schedule_publishing(obj)

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
        ids = list(queryset.order_by().values_list("pk", flat=True).distinct())
        if len(ids) <= settings.ARCHIVE_INLINE_LIMIT:
            report = detect_links(Article.objects.filter(pk__in=ids))
            self.message_user(request, report.summary(), messages.SUCCESS)
            return None
        # Too many to do while the editor waits: a background job with its progress page.
        job = jobs.start(
            Job.Kind.DETECT_LINKS,
            job_tasks.detect_links_in_articles,
            user=request.user,
            title=ngettext(
                "Detect links in %(count)d article", "Detect links in %(count)d articles", len(ids)
            )
            % {"count": len(ids)},
            total=len(ids),
            params={"article_ids": ids},
        )
        self.message_user(
            request,
            _("Links are being detected in the background: follow the job here (and under Jobs)."),
            messages.SUCCESS,
        )
        return redirect(job)

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
class QuoteAdmin(AnyCaseSearchMixin, ArchiveImportExportMixin, ArchiveVersionAdmin):
    resource_classes = [QuoteResource]
    list_display = ["short_text", "speaker", "article", "session", "reviewed"]
    list_filter = ["reviewed", "session"]
    list_select_related = ["speaker", "article", "session"]
    search_fields = ["text", "speaker__name", "speaker__aliases__name", "article__title"]
    autocomplete_fields = ["speaker", "article", "session"]
    actions = ["mark_reviewed"]

    @admin.display(description=_("Quote"))
    def short_text(self, obj):
        return truncated_with_tooltip(obj.text, 90)

    @admin.action(description=_("Mark selected quotes as reviewed"), permissions=["change"])
    def mark_reviewed(self, request, queryset):
        count = queryset.update(reviewed=True)
        caching.content_changed()
        self.message_user(
            request,
            ngettext("%(count)d quote reviewed.", "%(count)d quotes reviewed.", count)
            % {"count": count},
        )

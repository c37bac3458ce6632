"""The editors' side of names: the unmatched-names queue and merging duplicate people."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from archive.admin_search import AnyCaseSearchMixin
from archive.caching import content_changed
from archive.models import Person, SlugHistory, UnmatchedMention, UnmatchedName
from archive.names.merging import merge_people
from archive.names.queue import (
    NameConflict,
    assign_to_person,
    check_assignable,
    create_person_from,
    ignore,
)

ARTICLES_SHOWN = 5
PENDING = UnmatchedName.Status.PENDING


def _person_widget():
    return AutocompleteSelect(UnmatchedName._meta.get_field("person"), admin.site)


def _action_page(modeladmin, request, template, title, **context):
    """The page an action shows before it applies (the selection is posted again from it)."""
    return TemplateResponse(
        request,
        template,
        {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "opts": modeladmin.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            **context,
        },
    )


class StatusFilter(admin.SimpleListFilter):
    """The queue opens on the names still waiting for a decision."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*UnmatchedName.Status.choices, ("all", _("All"))]

    def choices(self, changelist):
        value = self.value() or UnmatchedName.Status.PENDING
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or UnmatchedName.Status.PENDING
        if value == "all":
            return queryset
        return queryset.filter(status=value)


class DecisionForm(forms.ModelForm):
    """The change page is a decision: assign to the chosen person, create one, or ignore."""

    new_person_name = forms.CharField(
        label=_("Name for a new person"),
        required=False,
        max_length=200,
        help_text=_("Leave as found, or write the full name when the text gave only a title."),
    )

    class Meta:
        model = UnmatchedName
        fields = ["person"]
        labels = {"person": _("Assign to")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_person_name"].initial = self.instance.name

    def clean(self):
        cleaned = super().clean()
        if "_assign" in self.data:
            person = cleaned.get("person")
            if person is None:
                raise ValidationError({"person": _("Choose the person this name means.")})
            try:
                check_assignable(self.instance, person)
            except NameConflict as error:
                raise ValidationError({"person": str(error)}) from None
        if "_create" in self.data and not (cleaned.get("new_person_name") or "").strip():
            raise ValidationError({"new_person_name": _("Give the new person a name.")})
        return cleaned


class AssignForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Assign to"), queryset=Person.objects.all(), widget=_person_widget()
    )

    def __init__(self, *args, unmatched=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.unmatched = list(unmatched)

    def clean_person(self):
        person = self.cleaned_data["person"]
        problems = []
        for entry in self.unmatched:
            try:
                check_assignable(entry, person)
            except NameConflict as error:
                problems.append(str(error))
        if problems:
            raise ValidationError(problems)
        return person


@admin.register(UnmatchedName)
class UnmatchedNameAdmin(AnyCaseSearchMixin, admin.ModelAdmin):
    form = DecisionForm
    change_form_template = "admin/archive/unmatchedname/change_form.html"
    list_display = ["name", "occurrences", "found_in", "reason", "status", "person"]
    list_filter = [StatusFilter, "reason"]
    search_fields = ["name"]
    ordering = ["-occurrences", "name"]
    actions = ["assign_selected", "create_people", "ignore_selected", "requeue_selected"]
    readonly_fields = ["name", "reason", "status", "occurrences", "found_in_full"]
    autocomplete_fields = ["person"]
    list_per_page = 50

    def get_fields(self, request, obj=None):
        fields = ["name", "reason", "status", "occurrences", "found_in_full"]
        if obj is not None and obj.status == UnmatchedName.Status.PENDING:
            fields += ["person", "new_person_name"]
        else:
            fields.append("person")
        return fields

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != UnmatchedName.Status.PENDING:
            return [*self.readonly_fields, "person"]
        return self.readonly_fields

    def get_queryset(self, request):
        mentions = UnmatchedMention.objects.select_related("article").order_by(
            "-count", "article__title"
        )
        return (
            super()
            .get_queryset(request)
            .select_related("person")
            .prefetch_related(Prefetch("mentions", queryset=mentions))
            .annotate(article_total=Count("mentions"))
        )

    def has_add_permission(self, request):
        return False  # the queue is filled by detection

    @admin.display(description=_("Found in"), ordering="article_total")
    def found_in(self, obj):
        mentions = list(obj.mentions.all())
        shown = format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            (
                (reverse("admin:archive_article_change", args=[m.article_id]), m.article.title)
                for m in mentions[:ARTICLES_SHOWN]
            ),
        )
        more = len(mentions) - ARTICLES_SHOWN
        if more > 0:
            return format_html("{} {}", shown, _("and %(count)d more") % {"count": more})
        return shown

    @admin.display(description=_("Articles it came from"))
    def found_in_full(self, obj):
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> ({}×){}</li>',
                (
                    (
                        reverse("admin:archive_article_change", args=[m.article_id]),
                        m.article.title,
                        m.count,
                        "" if m.article.is_published else format_html(" – {}", _("draft")),
                    )
                    for m in obj.mentions.all()
                ),
            ),
        )

    def save_model(self, request, obj, form, change):
        post = request.POST
        if "_ignore" in post:
            ignore(obj)
            self._decision = _("“%(name)s” ignored for good.") % {"name": obj.name}
        elif "_create" in post:
            person = create_person_from(obj, name=form.cleaned_data["new_person_name"])
            self._decision = _("%(person)s created from “%(name)s” and linked.") % {
                "person": person,
                "name": obj.name,
            }
        elif "_assign" in post:
            person = form.cleaned_data["person"]
            assign_to_person(obj, person)
            self._decision = _("“%(name)s” is now a spelling of %(person)s.") % {
                "name": obj.name,
                "person": person,
            }
        else:
            self._decision = None

    def save_related(self, request, form, formsets, change):
        pass  # the decision above wrote everything

    def response_change(self, request, obj):
        if self._decision:
            self.message_user(request, self._decision, messages.SUCCESS)
        return HttpResponseRedirect(self._queue_url(request))

    def _queue_url(self, request):
        return reverse("admin:archive_unmatchedname_changelist") + (
            f"?{request.GET.get('_changelist_filters')}"
            if request.GET.get("_changelist_filters")
            else ""
        )

    # --- Actions on many names at once --------------------------------------------------------

    @admin.action(description=_("Assign selected names to a person…"), permissions=["change"])
    def assign_selected(self, request, queryset):
        queryset = queryset.filter(status=UnmatchedName.Status.PENDING)
        form = AssignForm(request.POST if "apply" in request.POST else None, unmatched=queryset)
        if form.is_valid():
            person = form.cleaned_data["person"]
            count = 0
            for entry in form.unmatched:
                # An earlier name's new alias may have settled this one already.
                if UnmatchedName.objects.filter(pk=entry.pk, status=PENDING).exists():
                    assign_to_person(entry, person)
                    count += 1
            self.message_user(
                request,
                ngettext(
                    "%(count)d name is now a spelling of %(person)s.",
                    "%(count)d names are now spellings of %(person)s.",
                    count,
                )
                % {"count": count, "person": person},
                messages.SUCCESS,
            )
            return None
        return _action_page(
            self,
            request,
            "archive/names/assign.html",
            _("Assign names to a person"),
            queryset=queryset,
            form=form,
            media=self.media + form.media,
        )

    @admin.action(
        description=_("Create a person from each selected name"), permissions=["add_person"]
    )
    def create_people(self, request, queryset):
        created = [
            create_person_from(entry)
            for entry in queryset.filter(status=UnmatchedName.Status.PENDING)
        ]
        self.message_user(
            request,
            ngettext("%(count)d person created.", "%(count)d people created.", len(created))
            % {"count": len(created)},
            messages.SUCCESS,
        )

    def has_add_person_permission(self, request):
        return request.user.has_perm("archive.add_person")

    @admin.action(description=_("Ignore selected names for good"), permissions=["change"])
    def ignore_selected(self, request, queryset):
        count = queryset.update(status=UnmatchedName.Status.IGNORED, person=None)
        content_changed()
        self.message_user(
            request,
            ngettext("%(count)d name ignored.", "%(count)d names ignored.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Put ignored names back in the queue"), permissions=["change"])
    def requeue_selected(self, request, queryset):
        count = queryset.filter(status=UnmatchedName.Status.IGNORED).update(
            status=UnmatchedName.Status.PENDING
        )
        content_changed()
        self.message_user(
            request,
            ngettext(
                "%(count)d name back in the queue.", "%(count)d names back in the queue.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )


# --- Merging people -----------------------------------------------------------------------------


@admin.action(description=_("Merge selected people…"), permissions=["change", "delete"])
def merge_people_action(modeladmin, request, queryset):
    """Ask which of the selected people to keep, then fold the others into them."""
    people = list(
        queryset.annotate(
            article_total=Count("article_links", distinct=True),
            quote_total=Count("quotes", distinct=True),
        ).prefetch_related("aliases")
    )
    if len(people) < 2:
        modeladmin.message_user(
            request, _("Select at least two people to merge."), messages.WARNING
        )
        return None
    keep_pk = request.POST.get("keep")
    keep = next((p for p in people if str(p.pk) == keep_pk), None)
    if "apply" in request.POST and keep is not None:
        try:
            report = merge_people(keep, [p for p in people if p.pk != keep.pk])
        except NameConflict as error:
            modeladmin.message_user(request, str(error), messages.ERROR)
            return None
        modeladmin.message_user(request, report.summary(), messages.SUCCESS)
        return None
    return _action_page(
        modeladmin,
        request,
        "archive/names/merge_people.html",
        _("Merge people"),
        people=people,
        suggested=max(people, key=lambda p: (p.article_total + p.quote_total, -p.pk)),
        missing_choice="apply" in request.POST,
    )


@admin.register(SlugHistory)
class SlugHistoryAdmin(admin.ModelAdmin):
    """Old URLs that redirect; an editor may delete one to free the slug for good."""

    list_display = ["old_slug", "content_type", "target_link", "created_at"]
    list_filter = ["content_type"]
    search_fields = ["old_slug"]
    readonly_fields = ["content_type", "object_id", "old_slug", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Now at"))
    def target_link(self, obj):
        target = obj.target
        if target is None:
            return "–"
        return format_html('<a href="{}">{}</a>', target.get_absolute_url(), target)

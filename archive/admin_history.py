"""The admin's history of a record, readable: two versions compared field by field (the text
word by word, archive/text/diffing.py), "Restore this version", and messages that say what a
restore or a recovery did. django-reversion keeps the versions (archive/history.py);
django-reversion-compare was not used: GPL-licensed, inline styles the admin's CSP blocks,
and no Russian or Kazakh."""

from dataclasses import dataclass, field

from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db import models, router, transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import re_path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reversion.admin import VersionAdmin
from reversion.models import Version

from archive import history
from archive.text.diffing import DiffLine, diff_text


@dataclass
class FieldChange:
    label: str
    lines: list[DiffLine] = field(default_factory=list)  # a text, compared line by line
    before: str = ""  # anything else: what it was and what it became
    after: str = ""


def _display(model_field, value):
    """A stored value as an editor reads it (related records by name, choices by label)."""
    if value in (None, "", []):
        return "–"
    if model_field.many_to_many:
        related = model_field.related_model._default_manager.in_bulk(value)
        return ", ".join(sorted(str(related.get(pk, pk)) for pk in value))
    if model_field.many_to_one:
        related = model_field.related_model._default_manager.in_bulk([value])
        return str(related.get(value, value))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, str):
        return value
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value)
    return formats.localize(value)


def compare_fields(model, old, new):
    """What changed from the field values `old` to `new` (Version.field_dict), in form order."""
    changes = []
    for model_field in model._meta.get_fields():
        if not getattr(model_field, "editable", False) or model_field.auto_created:
            continue
        if not (model_field.concrete or model_field.many_to_many):
            continue
        before, after = old.get(model_field.attname), new.get(model_field.attname)
        if model_field.many_to_many:
            before, after = sorted(before or [], key=str), sorted(after or [], key=str)
        if before == after:
            continue
        label = str(model_field.verbose_name).capitalize()
        text_field = isinstance(model_field, models.CharField | models.TextField)
        if text_field and not model_field.choices:
            changes.append(FieldChange(label, lines=diff_text(before or "", after or "")))
        else:
            changes.append(
                FieldChange(
                    label,
                    before=_display(model_field, before),
                    after=_display(model_field, after),
                )
            )
    return changes


@dataclass
class InlineChange:
    """What happened to the records an admin form shows inline (an article's sessions, people
    and quotes; a person's aliases and positions) between two versions."""

    label: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[tuple[str, list[FieldChange]]] = field(default_factory=list)


def _parent_field(inline_model, model):
    for model_field in inline_model._meta.concrete_fields:
        if model_field.many_to_one and model_field.related_model is model:
            return model_field
    return None


def _inline_name(inline_model, parent_field, values):
    """An inline record named by what it adds to its parent: the session, the person, the
    quoted words (not "article – session", which repeats the article on every line)."""
    for model_field in inline_model._meta.concrete_fields:
        if model_field is parent_field or model_field.primary_key:
            continue
        if model_field.many_to_one or isinstance(model_field, models.CharField | models.TextField):
            value = values.get(model_field.attname)
            if value not in (None, ""):
                return _display(model_field, value)
    return str(values.get("id", "?"))


def _inline_versions(revision, model, object_id):
    """The versions in `revision` of records hanging on the object (model, object_id), by
    their model and primary key."""
    found = {}
    for version in revision.version_set.select_related("content_type"):
        inline_model = version.content_type.model_class()
        parent_field = inline_model and _parent_field(inline_model, model)
        if parent_field is None:
            continue
        values = version.field_dict
        if str(values.get(parent_field.attname)) != str(object_id):
            continue
        found.setdefault(inline_model, {})[version.object_id] = values
    return found


def compare_inlines(model, object_id, older_revision, newer_revision):
    """Inline records added, removed and changed from one revision to the other."""
    before = _inline_versions(older_revision, model, object_id)
    after = _inline_versions(newer_revision, model, object_id)
    changes = []
    for inline_model in sorted(
        set(before) | set(after), key=lambda m: str(m._meta.verbose_name_plural)
    ):
        parent_field = _parent_field(inline_model, model)
        old, new = before.get(inline_model, {}), after.get(inline_model, {})
        change = InlineChange(str(inline_model._meta.verbose_name_plural).capitalize())
        for pk in sorted(set(old) | set(new), key=str):
            if pk not in old:
                change.added.append(_inline_name(inline_model, parent_field, new[pk]))
            elif pk not in new:
                change.removed.append(_inline_name(inline_model, parent_field, old[pk]))
            else:
                fields = [
                    item
                    for item in compare_fields(inline_model, old[pk], new[pk])
                    if item.label != str(parent_field.verbose_name).capitalize()
                ]
                if fields:
                    name = _inline_name(inline_model, parent_field, new[pk])
                    change.changed.append((name, fields))
        if change.added or change.removed or change.changed:
            changes.append(change)
    return changes


class ArchiveVersionAdmin(VersionAdmin):
    """VersionAdmin with the newest version first, a compare page and plain-words messages."""

    history_latest_first = True
    object_history_template = "admin/archive/object_history.html"

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        compare = re_path(
            r"^([^/]+)/history/compare/$",
            self.admin_site.admin_view(self.compare_view),
            name="{}_{}_compare".format(*info),
        )
        return [compare, *super().get_urls()]

    def _versions(self, request, object_id):
        return list(
            self._reversion_order_version_queryset(
                request,
                Version.objects.get_for_object_reference(self.model, object_id).select_related(
                    "revision", "revision__user"
                ),
            )
        )

    def _url(self, name, *args):
        opts = self.model._meta
        return reverse(
            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_{name}", args=args
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method != "POST":
            return super().change_view(request, object_id, form_url, extra_context)
        # Before VersionAdmin opens the revision of this change (the first state is a revision
        # of its own), and in one transaction with it: a failed save keeps neither.
        with transaction.atomic(using=router.db_for_write(self.model)):
            self._keep_first_version(request, unquote(object_id))
            return super().change_view(request, object_id, form_url, extra_context)

    def _keep_first_version(self, request, object_id):
        """A record imported or loaded in bulk has no version yet: before its first change in
        the admin, keep it as it was, so the change can be compared and undone."""
        if Version.objects.get_for_object_reference(self.model, object_id).exists():
            return
        obj = self.model._default_manager.filter(pk=object_id).first()
        if obj is not None and self.has_change_permission(request, obj):
            history.record_change(None, [obj], _("As it was before its first change here."))

    def history_view(self, request, object_id, extra_context=None):
        object_id = unquote(object_id)
        versions = self._versions(request, object_id)
        context = {
            "action_list": [
                {
                    "version": version,
                    "revision": version.revision,
                    "url": self._url("revision", quote(object_id), version.pk),
                }
                for version in versions
            ],
            "compare_url": self._url("compare", quote(object_id)),
            **(extra_context or {}),
        }
        # Django's own history page (and its permission check), with the versions above.
        return admin.ModelAdmin.history_view(self, request, quote(object_id), context)

    def compare_view(self, request, object_id):
        object_id = unquote(object_id)
        obj = get_object_or_404(self.model, pk=object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        versions = {version.pk: version for version in self._versions(request, object_id)}
        if len(versions) < 2:
            messages.info(request, _("There is only one version: nothing to compare yet."))
            return redirect(self._url("history", quote(object_id)))
        newest = sorted(versions, reverse=True)
        older = self._chosen(request, "from", versions, newest[1])
        newer = self._chosen(request, "to", versions, newest[0])
        if older.pk > newer.pk:
            older, newer = newer, older
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "object": obj,
            "title": _("Compare versions of “%(name)s”") % {"name": obj},
            "older": older,
            "newer": newer,
            "changes": compare_fields(self.model, older.field_dict, newer.field_dict),
            "inline_changes": compare_inlines(
                self.model, object_id, older.revision, newer.revision
            ),
            "history_url": self._url("history", quote(object_id)),
            "restore_url": self._url("revision", quote(object_id), older.pk)
            if self.has_change_permission(request, obj)
            else "",
        }
        return TemplateResponse(request, "admin/archive/compare_versions.html", context)

    @staticmethod
    def _chosen(request, name, versions, default):
        try:
            return versions.get(int(request.GET.get(name, "")), default)
        except ValueError:
            return default

    # Restoring and recovering: say what happened, then show the record.

    def revision_view(self, request, object_id, version_id, extra_context=None):
        request.archive_restoring = ("restored", version_id)
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        request.archive_restoring = ("recovered", version_id)
        return super().recover_view(request, version_id, extra_context)

    def response_change(self, request, obj):
        restoring = getattr(request, "archive_restoring", None)
        if restoring is None:
            return super().response_change(request, obj)
        how, version_id = restoring
        version = Version.objects.select_related("revision").get(pk=version_id)
        values = {
            "name": self.model._meta.verbose_name,
            "obj": obj,
            "date": formats.localize(timezone.localtime(version.revision.date_created)),
        }
        if how == "recovered":
            text = _(
                "The %(name)s “%(obj)s” was recovered: it is back as it was when it was "
                "deleted (%(date)s)."
            )
        else:
            text = _(
                "The %(name)s “%(obj)s” was restored to its version of %(date)s; the "
                "version it replaced stays in its history."
            )
        self.message_user(request, text % values, messages.SUCCESS)
        return redirect(self._url("change", quote(obj.pk)))

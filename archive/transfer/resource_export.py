"""The export half of the archive's resources (archive.transfer.resource_base): progress while
rows are exported, the prefetches of the change list's queryset, the columns' order."""

PROGRESS_EVERY = 200  # rows between two calls of on_progress


class ExportMixin:
    export_prefetch = ()

    def export(self, queryset=None, **kwargs):
        if self.on_progress is not None and queryset is not None:
            self.exported, self.export_total = 0, queryset.count()
        return super().export(queryset=queryset, **kwargs)

    def export_resource(self, instance, selected_fields=None, **kwargs):
        row = super().export_resource(instance, selected_fields, **kwargs)
        if self.on_progress is not None:
            self.exported += 1
            if self.exported % PROGRESS_EVERY == 0 or self.exported == self.export_total:
                self.on_progress("exporting", self.exported, self.export_total)
        return row

    def filter_export(self, queryset, **kwargs):
        # The admin exports its change list queryset, which knows nothing of our columns.
        return queryset.prefetch_related(*self.export_prefetch)

    def get_export_order(self):
        return tuple(self.column_names())

    def get_import_order(self):
        return tuple(name for name in self.column_names() if self.fields[name].importable)

    def get_user_visible_fields(self):
        # What the admin's import page lists; exports choose among get_export_order().
        return [self.fields[name] for name in self.get_import_order()]

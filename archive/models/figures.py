"""Figures of the whole archive that pages would otherwise count over every published article
at request time: how many were published in each month (and how many are undated), in each
language and by each source. Kept by archive.linking.archive_counts when content changes."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from archive.models.catalogue import Source


class PublishedCount(models.Model):
    class Kind(models.TextChoices):
        MONTH = "month", _("month")  # key "2019-04"; "" for the undated articles
        LANGUAGE = "language", _("language")  # key "kk"
        SOURCE = "source", _("source")  # key the source's id

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    key = models.CharField(_("key"), max_length=20, blank=True)
    count = models.PositiveIntegerField(_("published articles"))

    class Meta:
        ordering = ["kind", "key"]
        verbose_name = _("published article count")
        verbose_name_plural = _("published article counts")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="published_count_unique"),
            models.CheckConstraint(condition=models.Q(count__gt=0), name="published_count_some"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.key or '-'}: {self.count}"

    def get_absolute_url(self):
        """The article list these articles are in."""
        url = reverse("archive:article-list")
        if self.kind == self.Kind.MONTH and self.key:
            return f"{url}?date_from={self.key}&date_to={self.key}"
        if self.kind == self.Kind.LANGUAGE:
            return f"{url}?language={self.key}"
        if self.kind == self.Kind.SOURCE:
            slug = Source.objects.filter(pk=self.key).values_list("slug", flat=True).first()
            return f"{url}?source={slug}" if slug else url
        return url

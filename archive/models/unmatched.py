"""Names found in text that match no one yet: the editors' unmatched-names queue."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from archive.models.articles import Article
from archive.models.catalogue import Person
from archive.models.common import KeyedByName


class UnmatchedName(KeyedByName, models.Model):
    """A name that looks like a person but matches no one, waiting for an editor's decision."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        IGNORED = "ignored", _("Ignored for good")
        RESOLVED = "resolved", _("Assigned to a person")

    name = models.CharField(_("name as found"), max_length=200)
    key = models.CharField(max_length=200, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    reason = models.CharField(
        _("why it is queued"),
        max_length=200,
        blank=True,
        help_text=_("e.g. 'no such person' or 'surname shared by two people'"),
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    articles = models.ManyToManyField(
        Article, related_name="unmatched_names", blank=True, through="UnmatchedMention"
    )
    occurrences = models.PositiveIntegerField(_("times seen"), default=0)
    first_seen = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["status", "-occurrences", "name"]
        verbose_name = _("unmatched name")
        verbose_name_plural = _("unmatched names")
        indexes = [models.Index(fields=["status", "occurrences"], name="unmatched_status_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("admin:archive_unmatchedname_change", args=[self.pk])


class UnmatchedMention(models.Model):
    """How often an unmatched name occurs in one article.

    Detection runs again and again over the same articles; keeping the count per article lets
    each run replace its article's share, so UnmatchedName.occurrences stays exact.
    """

    unmatched = models.ForeignKey(
        UnmatchedName,
        on_delete=models.CASCADE,
        db_column="unmatchedname_id",
        related_name="mentions",
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField(_("times in this article"), default=1)

    class Meta:
        # The table the plain many-to-many field made in 0003, taken over with its rows.
        db_table = "archive_unmatchedname_articles"
        unique_together = [("unmatched", "article")]
        verbose_name = _("unmatched name in an article")
        verbose_name_plural = _("unmatched names in articles")

    def __str__(self):
        return f"{self.unmatched} × {self.count} in {self.article}"

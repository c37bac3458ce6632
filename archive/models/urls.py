"""Addresses that stay right: old slugs (SlugHistory), and the slugs new objects may take."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from archive.text.normalise import slugify

# --- Names and URLs that stay right ----------------------------------------------------------


class SlugHistoryQuerySet(models.QuerySet):
    def of_kind(self, model):
        return self.filter(content_type=ContentType.objects.get_for_model(model))

    def owner_of(self, model, slug, exclude_pk=None):
        """The live object of `model` that used to be reached as `slug`, other than
        `exclude_pk` (an object may take back its own old slug), or None."""
        history = self.of_kind(model).filter(old_slug=str(slug))
        if exclude_pk is not None:
            history = history.exclude(object_id=exclude_pk)
        object_id = history.values_list("object_id", flat=True).first()
        if object_id is None:
            return None
        return model._default_manager.filter(pk=object_id).first()


class SlugHistory(models.Model):
    """A slug an article, person or topic used to have: its old URL redirects to the new one.

    Only the target is stored, never the new URL, so renaming again cannot build chains or loops:
    the redirect always goes to wherever the object lives now.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    old_slug = models.SlugField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = SlugHistoryQuerySet.as_manager()

    class Meta:
        ordering = ["content_type", "old_slug"]
        verbose_name = _("old slug")
        verbose_name_plural = _("old slugs")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "old_slug"], name="slug_history_unique_per_kind"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="slug_history_target")]

    def __str__(self):
        return f"{self.old_slug} → {self.target}"

    def get_absolute_url(self):
        return self.target.get_absolute_url() if self.target else "/"


class KeepsOldUrls:
    """For models whose slug is in their URL (articles, people, topics): a slug that is another
    object's old one (SlugHistory) is refused by validation, so by the admin's forms.

    Its old URL still leads to that other object: an object taking the slug would silently send
    every link and citation of the old page to a different one. The editor chooses another
    slug, or frees the old one on purpose by deleting it under Old slugs first. Code that saves
    without validating still cannot make a URL mean two things: the live object wins and the
    redirect is dropped (archive.redirects).
    """

    def validate_unique(self, exclude=None):
        super().validate_unique(exclude=exclude)
        if (exclude and "slug" in exclude) or not self.slug:
            return
        owner = SlugHistory.objects.owner_of(type(self), self.slug, exclude_pk=self.pk)
        if owner is not None:
            raise ValidationError({"slug": old_slug_message(self, owner)})


def old_slug_message(obj, owner):
    model = type(obj)
    return _(
        "“%(slug)s” is the old address of the %(kind)s “%(owner)s”, now at %(url)s: links to it "
        "still lead there. Choose another slug (for example “%(free)s”), or first delete "
        "“%(slug)s” under Old slugs to give that address to this %(kind)s."
    ) % {
        "slug": obj.slug,
        "kind": model._meta.verbose_name,
        "owner": owner,
        "url": owner.get_absolute_url(),
        "free": unique_slug(model, obj.slug, exclude_pk=obj.pk),
    }


def unique_slug(model, text, exclude_pk=None, max_length=200):
    """A slug for `text` not yet taken in `model`: 'title', then 'title-2', 'title-3' ...

    An old slug of another object (SlugHistory) counts as taken: its URL still leads there.
    """
    base = slugify(text, max_length=max_length - 6)
    taken = set(
        model.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    history = SlugHistory.objects.filter(
        content_type=ContentType.objects.get_for_model(model), old_slug__startswith=base
    )
    if exclude_pk is not None:
        history = history.exclude(object_id=exclude_pk)
    taken.update(history.values_list("old_slug", flat=True))
    return first_free_slug(base, taken)


def first_free_slug(base, taken):
    """`base`, or `base-2`, `base-3` ... whichever is not in `taken` (which it joins).

    unique_slug() reads what is taken from the database; a bulk import, which loads every
    slug once, passes its own set.
    """
    slug, counter = base, 2
    while slug in taken:
        slug = f"{base}-{counter}"
        counter += 1
    taken.add(slug)
    return slug

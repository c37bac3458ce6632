"""Every URL the archive ever served keeps working.

When an article, person or topic changes its slug (or a session its number), the old value is
kept in SlugHistory, pointing at the object rather than at its new URL. A visitor who follows
an old link gets a 404 from the view; OldSlugRedirectMiddleware turns that 404 into a 301 to
wherever the object lives now. Because only the target is stored, renaming again and again
never builds a chain, and a slug that comes back into use stops redirecting (no loops).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from archive import caching
from archive.models import Article, Person, Session, SlugHistory, Topic

# The field that names each kind of object in its URLs.
URL_FIELDS = {Article: "slug", Person: "slug", Topic: "slug", Session: "number"}
# URL names start with the kind ("article-detail", "person-feed", in the site and the API).
KIND_PREFIXES = {"article": Article, "person": Person, "topic": Topic, "session": Session}
NAMESPACES = {"archive", "api"}


def _content_type(model):
    return ContentType.objects.get_for_model(model)


def record_old_slug(obj, old_value):
    """Remember that `obj` used to be reached as `old_value`."""
    SlugHistory.objects.update_or_create(
        content_type=_content_type(type(obj)),
        old_slug=str(old_value),
        defaults={"object_id": obj.pk},
    )


def forget_slug(model, value):
    """`value` is in use again (by its old owner or another object): it must not redirect."""
    SlugHistory.objects.filter(content_type=_content_type(model), old_slug=str(value)).delete()


def move_history(model, from_pk, to_pk):
    """The old slugs of one object now lead to another (a merge)."""
    SlugHistory.objects.filter(content_type=_content_type(model), object_id=from_pk).update(
        object_id=to_pk
    )
    caching.content_changed()


def find_current(model, old_value):
    """The object that used to be reached as `old_value`, or None."""
    return SlugHistory.objects.owner_of(model, old_value)


# --- Middleware ------------------------------------------------------------------------------


class OldSlugRedirectMiddleware:
    """A 404 for /articles/<old-slug>/… (people, topics, sessions; site and API alike) becomes a
    301 to the same page under the object's current slug. Drafts stay hidden from visitors."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        return redirect_for_old_url(request) or friendly_not_found(request, response)


def friendly_not_found(request, response):
    """Under DEBUG (`make run`) Django answers a 404 with its page listing the URL patterns:
    newcomers get the site's own 404 page instead, as in production. Debug pages stay for
    500s; a 404 that is not an HTML page (the API's JSON) is left as it is."""
    if not settings.DEBUG or not response.get("Content-Type", "").startswith("text/html"):
        return response
    return render(request, "404.html", status=404)


def redirect_for_old_url(request):
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    if not NAMESPACES.intersection(match.namespaces):
        return None
    model = KIND_PREFIXES.get((match.url_name or "").split("-")[0])
    if model is None:
        return None
    field = URL_FIELDS[model]
    old_value = match.kwargs.get(field)
    if old_value is None:
        return None
    target = find_current(model, old_value)
    if target is None or not _visible(target, request):
        return None
    new_value = getattr(target, field)
    if str(new_value) == str(old_value):
        return None
    try:
        url = reverse(match.view_name, args=match.args, kwargs={**match.kwargs, field: new_value})
    except NoReverseMatch:
        return None
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


def _visible(target, request):
    if isinstance(target, Article) and not target.is_published:
        user = getattr(request, "user", None)
        return bool(user and user.is_staff)
    return True

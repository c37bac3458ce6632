"""The site's three languages: which one a request is in, and the same page in the others.

Public pages: the language is the one of the path, `/ru/...` Russian, `/kk/...` Kazakh, and
an unprefixed path English, whatever the browser's Accept-Language or the language cookie
says (one address, one language: what a search engine and the page cache see). The API
(`/api/`) and `/healthz` are English. The admin follows the editor: the language cookie
(`django_language`) if set, else the browser's Accept-Language.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class SiteLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware (i18n_patterns without a prefix for English), but the
    admin, which has no language in its path, speaks the editor's language."""

    def process_request(self, request):
        if request.path_info.startswith(f"/{settings.ADMIN_URL}"):
            language = translation.get_language_from_request(request, check_path=False)
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
            return
        super().process_request(request)


def unprefixed(path):
    """The path without its language prefix: "/ru/sessions/27/" -> "/sessions/27/"."""
    code = translation.get_language_from_path(path)
    if code and path.startswith(f"/{code}/"):
        return path[len(code) + 1 :]
    return path


def in_language(path, code):
    """The same page in another language: "/sessions/27/", "kk" -> "/kk/sessions/27/"."""
    path = unprefixed(path)
    return path if code == settings.LANGUAGE_CODE else f"/{code}{path}"


def language_links(request):
    """The page in each language: code, its name in that language, the path (with the query,
    so a search stays a search) and whether it is the page shown."""
    current = translation.get_language()
    query = request.META.get("QUERY_STRING", "")
    links = []
    for code, name in settings.LANGUAGES:
        path = in_language(request.path, code)
        links.append(
            {
                "code": code,
                "name": name,
                "path": path,
                "href": f"{path}?{query}" if query else path,
                "current": code == current,
            }
        )
    return links

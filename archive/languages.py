"""The site's three languages: which one a request is in, and the same page in the others.

Public pages: the language is the one of the path, `/ru/...` Russian, `/kk/...` Kazakh, and
an unprefixed path English, whatever the browser's Accept-Language or the language cookie
says (one address, one language: what a search engine and the page cache see). The API
(`/api/`) and `/healthz` are English. The admin follows the editor: the language cookie
(`django_language`) if set, else the browser's Accept-Language.
"""

import operator

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from archive.text.numerals import ordinal as english_ordinal


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


def language_links(request, translations=()):
    """The page in each language: code, its name in that language, the path (with the query,
    so a search stays a search) and whether it is the page shown. An article's page in a
    language it has a translation in is that translation's page (`article_translations`)."""
    current = translation.get_language()
    query = request.META.get("QUERY_STRING", "")
    elsewhere = {other["code"]: other["path"] for other in translations}
    links = []
    for code, name in settings.LANGUAGES:
        path = elsewhere.get(code) or in_language(request.path, code)
        links.append(
            {
                "code": code,
                "name": name,
                "path": path,
                "href": f"{path}?{query}" if query and code not in elsewhere else path,
                "current": code == current,
            }
        )
    return links


# --- Ordinal numbers, as each language writes them after digits ----------------------------

# Kazakh takes -ші after a front-vowel word and -шы after a back-vowel one; what counts is
# the last number word said: 27 "жиырма жеті" -> 27-ші, 20 "жиырма" -> 20-шы, 100 "жүз" ->
# 100-ші, 1000 "мың" -> 1000-шы.
_KAZAKH_BACK_UNITS = {6, 9}  # алты, тоғыз (бір екі үш төрт бес жеті сегіз: front)
_KAZAKH_BACK_TENS = {1, 2, 3, 4, 6, 9}  # он жиырма отыз қырық алпыс тоқсан (елу жетпіс сексен)


def kazakh_ordinal(number):
    """27 -> '27-ші', 6 -> '6-шы', 20 -> '20-шы'."""
    units, tens, hundreds = number % 10, number // 10 % 10, number // 100 % 10
    if units:
        back = units in _KAZAKH_BACK_UNITS
    elif tens:
        back = tens in _KAZAKH_BACK_TENS
    else:
        back = not hundreds  # жүз (front) or, for thousands, мың (back)
    return f"{number}-{'шы' if back else 'ші'}"


def russian_ordinal(number):
    """27 -> '27-я': agrees with «сессия», feminine."""
    return f"{number}-я"


def ordinal(number, language=None):
    """A session's ordinal in the active language: '27th', '27-я', '27-ші'."""
    language = (language or translation.get_language() or "en").split("-")[0]
    if language == "ru":
        return russian_ordinal(number)
    if language == "kk":
        return kazakh_ordinal(number)
    return english_ordinal(number)


# --- Names in each language ----------------------------------------------------------------


def active_language():
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def localized(obj, field):
    """What obj says in the active language: `<field>_ru` or `<field>_kk` when filled in, else
    the English `<field>`, never a blank. `<field>` itself stays English everywhere (search,
    linking, the import/export files, the API)."""
    language = active_language()
    if language != settings.LANGUAGE_CODE:
        value = getattr(obj, f"{field}_{language}", "")
        if value:
            return value
    return getattr(obj, field)


def localizer(field):
    """localized(obj, field) for many objects, the active language looked up once."""
    language = active_language()
    if language == settings.LANGUAGE_CODE:
        return operator.attrgetter(field)
    translated = f"{field}_{language}"
    return lambda obj: getattr(obj, translated, "") or getattr(obj, field)


def localized_sql(column):
    """SQL for `column` in the active language, English when its translation is empty: what
    localized() does for one object, for queries that name rows in bulk (facets, filter
    choices). Only our own column names go into it, never a visitor's input."""
    language = active_language()
    if language == settings.LANGUAGE_CODE:
        return column
    return f"COALESCE(NULLIF({column}_{language}, ''), {column})"


def article_translations(article, translations):
    """The article's translations, one per language other than its own, in the order of
    settings.LANGUAGES: code, the language's name in itself, the translation's page in its
    language (a Russian article under /ru/) and its title."""
    names = dict(settings.LANGUAGES)
    by_language = {}
    for other in sorted(translations, key=lambda other: other.pk):
        if other.language != article.language and other.language in names:
            by_language.setdefault(other.language, other)
    return [
        {
            "code": code,
            "name": names[code],
            "path": in_language(by_language[code].get_absolute_url(), code),
            "title": by_language[code].title,
        }
        for code in names
        if code in by_language
    ]

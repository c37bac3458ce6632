"""The admin's search box finds Cyrillic words whatever their case, on SQLite too.

Django's admin search asks `field__icontains` for each word; SQLite's LIKE folds ASCII letters
only, so an editor typing "токаев" would miss "Касым-Жомарт Токаев" there (PostgreSQL's ILIKE
folds every script, so it keeps Django's own search).
"""

from django.db import connection
from django.utils.text import smart_split, unescape_string_literal

from archive.db import contains_any_case

_LOOKUP_PREFIXES = "^=@"


class AnyCaseSearchMixin:
    """For ModelAdmins: on SQLite, a search with non-ASCII letters matches every usual case of
    each word, in any of the search fields (every word must be found, as in Django's)."""

    def get_search_results(self, request, queryset, search_term):
        if connection.vendor != "sqlite" or search_term.isascii():
            return super().get_search_results(request, queryset, search_term)
        fields = [name.lstrip(_LOOKUP_PREFIXES) for name in self.get_search_fields(request)]
        if not fields:
            return queryset, False
        for bit in smart_split(search_term):
            if bit[:1] in "\"'" and bit[-1:] == bit[:1]:
                bit = unescape_string_literal(bit)
            queryset = queryset.filter(contains_any_case(fields, bit))
        return queryset, any("__" in name for name in fields)

"""Pages of the API's lists: ?page=N, 20 items like the site's pages, ?page_size up to 100.

The pager's count is the list queryset's COUNT(*), so list querysets carry no aggregate
annotations (they would make it a GROUP BY over the link tables): the numbers of articles of
sessions, people and topics are counted for the page's rows only (api.views.CountedViewSet).
"""

from django.conf import settings
from rest_framework.pagination import PageNumberPagination


class ArchivePagination(PageNumberPagination):
    page_size = settings.ARCHIVE_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = 100

"""Pages of the API's lists: ?page=N, 20 items like the site's pages, ?page_size up to 100."""

from django.conf import settings
from rest_framework.pagination import PageNumberPagination


class ArchivePagination(PageNumberPagination):
    page_size = settings.ARCHIVE_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = 100

"""What tests of detection share."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.linking import detection
from archive.models import Article


def detection_queries():
    """How many queries detect_links() takes over every article (the matcher read before)."""
    matcher = detection.build_matcher()
    with CaptureQueriesContext(connection) as queries:
        detection.detect_links(Article.objects.all(), matcher=matcher)
    return len(queries)

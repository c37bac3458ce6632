"""django-import-export resources: the column contract of docs/importing.md, model by model.

Each resource says which columns it has, how a row finds the record it updates (its
natural key), what save() would have computed, and what must be refreshed afterwards; the
strict, bulk machinery they share is in archive.transfer.resource_base. RESOURCES maps the
names used by the commands and docs ("articles") to the resources.
"""

from archive.transfer.resources.articles import ArticleResource
from archive.transfer.resources.people import PersonResource
from archive.transfer.resources.quotes import QuoteResource
from archive.transfer.resources.sessions import SessionResource
from archive.transfer.resources.sources_and_topics import SourceResource, TopicResource

__all__ = [
    "RESOURCES",
    "ArticleResource",
    "PersonResource",
    "QuoteResource",
    "SessionResource",
    "SourceResource",
    "TopicResource",
]

RESOURCES = {
    resource.model_key: resource
    for resource in (
        SessionResource,
        PersonResource,
        SourceResource,
        TopicResource,
        ArticleResource,
        QuoteResource,
    )
}

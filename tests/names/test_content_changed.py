"""Bulk writes of linking and names tell the page cache (archive.caching.content_changed), once
they wrote something: they send no signals, and soon the cache will not read their SQL."""

import pytest

from archive.linking import detection, quotes, unmatched
from archive.models import UnmatchedName
from archive.names import admin as names_admin
from archive.names import merging, queue, redetection
from tests.factories import make_article, make_person, make_session

pytestmark = pytest.mark.django_db

SPEECH = (
    "K. Tokayev opened the 32nd session. “Unity is our strength,” said K. Tokayev. "
    "Evgeny Bolgert, a member of the Senate, spoke."
)


@pytest.fixture
def changes(monkeypatch):
    """The modules that called content_changed(), in order."""
    calls = []
    for module in (detection, quotes, unmatched, queue, merging, redetection, names_admin):
        monkeypatch.setattr(
            module,
            "content_changed",
            lambda using="default", name=module.__name__: calls.append(name),
        )
    return calls


@pytest.fixture
def tokayev():
    make_session(32)
    return make_person("Kassym-Jomart Tokayev", aliases=["K. Tokayev"])


def test_detection_and_the_queue_it_fills(tokayev, changes):
    article = make_article("Unity", body=SPEECH)
    detection.detect_links([article])
    # The links, the queue's mentions, the queue's counts.
    assert changes == [
        "archive.linking.detection",
        "archive.linking.unmatched",
        "archive.linking.unmatched",
    ]
    changes.clear()
    detection.detect_links([article])
    assert changes == []  # nothing to write, nothing said
    detection.suppress_removed_links(article, [], [], [tokayev.pk], [])
    assert changes == ["archive.linking.detection"]
    changes.clear()
    article.delete()
    assert changes == ["archive.linking.unmatched", "archive.linking.unmatched"]


def test_quote_suggestions(tokayev, changes):
    article = make_article("Unity", body=SPEECH)
    assert quotes.suggest_quotes([article]) == 1
    assert changes == ["archive.linking.quotes"]
    changes.clear()
    assert quotes.suggest_quotes([article]) == 0
    assert changes == []


def test_editors_work_on_names(tokayev, changes, editor_client, django_capture_on_commit_callbacks):
    detection.detect_links([make_article("Unity", body=SPEECH)])
    changes.clear()
    entry = UnmatchedName.objects.get()
    queue.ignore(entry)
    assert changes == ["archive.names.queue"]
    changes.clear()
    url = "/admin/archive/unmatchedname/"
    editor_client.post(url, {"action": "requeue_selected", "_selected_action": [entry.pk]})
    editor_client.post(url, {"action": "ignore_selected", "_selected_action": [entry.pk]})
    assert changes == ["archive.names.admin", "archive.names.admin"]
    changes.clear()
    twin = make_person("Kassym-Zhomart Tokayev")
    merging.merge_people(tokayev, [twin])
    assert changes[-1] == "archive.names.merging"
    changes.clear()
    with django_capture_on_commit_callbacks(execute=True):
        tokayev.aliases.get(name="K. Tokayev").delete()
    assert "archive.names.redetection" in changes  # the link made from the alias went

"""The receivers of linking and names are connected once, by their connect()."""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from archive.linking import receivers as linking_receivers
from archive.names import receivers as names_receivers

UIDS = {
    pre_delete: ["linking-article-delete"],
    pre_save: ["names-alias-before"],
    post_save: ["names-alias-after"],
    post_delete: ["names-alias-delete"],
}


def test_connect_connects_each_receiver_once():
    for _ in range(2):
        linking_receivers.connect()
        names_receivers.connect()
    for signal, uids in UIDS.items():
        connected = [key[0] for key, *_ in signal.receivers]
        for uid in uids:
            assert connected.count(uid) == 1, uid

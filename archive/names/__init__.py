"""Names editors keep right: their decisions on the unmatched-names queue, merging people,
and re-running detection where an alias change matters.

archive.names owns the editors' work on the queue (archive.names.queue: assign a name to a
person, create a person from it, ignore it), merging duplicate people (archive.names.merging),
the re-detection an alias change starts (archive.names.redetection, archive.names.receivers)
and their admin (archive.names.admin). The queue itself is written by detection
(archive.linking.unmatched). It may import archive.linking and the parts below it
(archive.search, archive.text) and archive.models, archive.db, archive.caching and
archive.redirects; never archive.transfer, archive.site or archive.api.
"""

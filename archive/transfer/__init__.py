"""Transfer: the archive's records in and out as files. It owns reading cells (cells), the
columns and their widgets (columns), name lookups for whole files (lookups), the
import-export resources model by model (resource_base, resources), the bulk writer
(writer), the one pipeline behind the admin and the commands (pipeline), the admin's
Import/Export buttons (admin), the admin's imports as background jobs (tasks, with the
stored uploads: uploads), the import of plain-text articles (plain_text), the synthetic
corpus for benchmarks (corpus) and the public bulk downloads (downloads). It may import
archive.models, the shared modules (db, caching) and the parts below it: text, search,
linking, names and jobs; never site or api, which sit above it.
"""

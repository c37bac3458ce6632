"""The read-only open-data API under /api/ (Django REST framework; see docs/api.md).

Serializers, filters, pagination and throttled, cacheable views of published content only.
May import any part but site; nothing but apksite.urls imports it.
"""

"""The read-only open-data API under /api/ (Django REST framework; see docs/api.md)."""

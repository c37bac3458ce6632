"""The API's rate limit set for one test: DRF reads its throttle rates once, at import."""

import contextlib

from django.core.cache import cache
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle


@contextlib.contextmanager
def api_rate(settings, rate):
    """Within the block the API allows `rate` ("3/minute") per client, counted afresh."""
    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": rate},
    }
    api_settings.reload()
    AnonRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    try:
        yield
    finally:
        del settings.REST_FRAMEWORK
        api_settings.reload()
        AnonRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
        cache.clear()

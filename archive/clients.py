"""Which client a request came from, for everything that counts per client: the API's
throttle (archive.api.throttling) and the admin's login lockout (django-axes,
AXES_CLIENT_IP_CALLABLE). One rule and one setting, DJANGO_PROXY_COUNT (settings.PROXY_COUNT).

Directly on the Internet (PROXY_COUNT = 0) the client is REMOTE_ADDR and X-Forwarded-For is
ignored: anyone can write it. Behind N reverse proxies each proxy appends the address it was
reached from, so the client is the N-th address from the right; whatever stands left of it was
sent by the client and is never read, so an invented extra entry changes nothing. A request
with fewer entries than proxies, or with a malformed one, counts as REMOTE_ADDR's (the proxy's
own address): never as an address the client chose.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR", "")
    count = getattr(settings, "PROXY_COUNT", 0)
    if count <= 0:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [address.strip() for address in header.split(",") if address.strip()]
    if len(forwarded) < count:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-count]))
    except ValueError:
        return remote

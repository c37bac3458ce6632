"""The API's limit per client, told apart as the admin's login lockout tells them apart
(archive.clients: REMOTE_ADDR, or X-Forwarded-For behind DJANGO_PROXY_COUNT proxies)."""

from rest_framework.throttling import AnonRateThrottle

from archive.clients import client_ip


class ClientRateThrottle(AnonRateThrottle):
    def get_ident(self, request):
        return client_ip(request)

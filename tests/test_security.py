"""Hostile visitors: HTTPS and browser protections on real responses, a strict Content
Security Policy, brute-force throttling of the admin login, permissions, the admin's URL."""

import runpy
import sys
import types
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.test import RequestFactory

from tests.api_rates import api_rate
from tests.factories import make_article, make_person, make_quote, make_session, make_topic
from tests.test_production import load_settings

pytestmark = pytest.mark.django_db

PRODUCTION_KEYS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_REDIRECT_EXEMPT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "X_FRAME_OPTIONS",
    "CONTENT_SECURITY_POLICY",
    "MIDDLEWARE",
    "AUTHENTICATION_BACKENDS",
]


@pytest.fixture
def production(settings, monkeypatch):
    """The running test settings, with every protection as production configures it."""
    conf = load_settings(monkeypatch)
    for key in PRODUCTION_KEYS:
        setattr(settings, key, conf[key])
    return conf


@pytest.fixture
def archive():
    session = make_session(32)
    person = make_person("Kassym-Jomart Tokayev", aliases=["K. Tokayev"])
    topic = make_topic("Youth")
    article = make_article("Unity", sessions=[session], people=[person], topics=[topic])
    make_quote(person, article, "Unity is our strength", session=session)
    return {"session": session, "person": person, "topic": topic, "article": article}


def public_urls(archive):
    return [
        "/",
        "/articles/",
        "/articles/?topic=youth",
        archive["article"].get_absolute_url(),
        "/sessions/",
        archive["session"].get_absolute_url(),
        "/people/",
        archive["person"].get_absolute_url(),
        "/topics/",
        archive["topic"].get_absolute_url(),
        "/search/?q=unity",
        "/no-such-page/",
    ]


def test_plain_http_is_redirected_to_https(production, client):
    response = client.get("/articles/?page=2")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/articles/?page=2"


def test_every_response_carries_the_browser_protections(production, client, archive):
    for url in [*public_urls(archive), "/admin/login/"]:
        response = client.get(url, secure=True)
        assert response.status_code in (200, 404), url
        assert response["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        ), url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["X-Frame-Options"] == "DENY", url
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", url
        policy = dict(
            [*part.strip().split(" ", 1), ""][:2]
            for part in response["Content-Security-Policy"].split(";")
        )
        assert policy["script-src"] == "'self'", url
        assert policy["style-src"] == "'self'", url
        assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'", url
        assert policy["base-uri"] == "'none'" and policy["default-src"] == "'self'", url
        assert "upgrade-insecure-requests" in policy
        assert "unsafe-inline" not in response["Content-Security-Policy"], url


def test_session_and_csrf_cookies_are_secure(production, client):
    User.objects.create_user("ed", password="right-password", is_staff=True)
    login_page = client.get("/admin/login/", secure=True)
    assert login_page.cookies["csrftoken"]["secure"]
    response = client.post(
        "/admin/login/",
        {"username": "ed", "password": "right-password", "next": "/admin/"},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]


class ScriptAndStyleFinder(HTMLParser):
    """What a strict CSP would block: inline scripts, event handlers, inline styles."""

    def __init__(self):
        super().__init__()
        self.blocked = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/json":
            self._in_script = True
        if tag == "style":
            self.blocked.append("<style>")
        for name in attrs:
            if name.startswith("on") or name == "style":
                self.blocked.append(f"<{tag} {name}=…>")

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.blocked.append(f"inline script {data.strip()[:40]!r}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False


def blocked_by_csp(html):
    finder = ScriptAndStyleFinder()
    finder.feed(html)
    return finder.blocked


def test_no_page_needs_inline_script_or_style(archive, client, editor_client):
    """The policy has no 'unsafe-inline', so the pages must not rely on it."""
    for url in public_urls(archive):
        assert blocked_by_csp(client.get(url).content.decode()) == [], url
    article = archive["article"]
    for url in [
        "/admin/",
        "/admin/archive/article/",
        "/admin/archive/article/add/",
        f"/admin/archive/article/{article.pk}/change/",
        f"/admin/archive/article/{article.pk}/history/",
        "/admin/archive/article/recover/",
        "/admin/archive/person/add/",
    ]:
        response = editor_client.get(url)
        assert response.status_code == 200, url
        assert blocked_by_csp(response.content.decode()) == [], url


def every_admin_page(archive):
    """The index, and for each model its list, add form, change form, history, and the import
    and export pages where it has them."""
    from django.contrib import admin

    urls = ["/admin/", "/admin/password_change/"]
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        base = f"/admin/{opts.app_label}/{opts.model_name}/"
        urls += [base, f"{base}add/"]
        if obj := model.objects.first():
            urls += [f"{base}{obj.pk}/change/", f"{base}{obj.pk}/history/"]
        if hasattr(model_admin, "get_export_resource_classes"):
            urls += [f"{base}export/", f"{base}import/"]
    return urls


def test_every_admin_page_works_under_the_policy(archive, client):
    """The admin's own pages and django-import-export's: no inline handler (the export page's
    "Select all" had an onchange the policy blocked: it did nothing), no inline style."""
    client.force_login(User.objects.create_superuser("root", password="pw"))
    urls = every_admin_page(archive)
    assert "/admin/archive/article/export/" in urls
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 403), (url, response.status_code)
        if response.status_code == 200:
            assert blocked_by_csp(response.content.decode()) == [], url


def test_the_browsable_api_works_under_the_policy(archive, client):
    article, person = archive["article"], archive["person"]
    for url in [
        "/api/",
        "/api/articles/",
        "/api/articles/?session=32&ordering=title",
        f"/api/articles/{article.slug}/",
        "/api/sessions/",
        "/api/sessions/32/",
        f"/api/people/?name={person.name}",
        "/api/quotes/",
        "/api/topics/youth/",
        "/api/sessions/abc/",
    ]:
        response = client.get(url, HTTP_ACCEPT="text/html")
        assert response["Content-Type"].startswith("text/html"), url
        assert blocked_by_csp(response.content.decode()) == [], url


def test_a_template_that_needs_an_inline_script_gets_a_nonce(production):
    from csp.middleware import CSPMiddleware

    request = RequestFactory().get("/")
    middleware = CSPMiddleware(lambda request: HttpResponse())
    middleware.process_request(request)
    nonce = str(request.csp_nonce)  # what {{ request.csp_nonce }} renders
    header = middleware.process_response(request, HttpResponse())["Content-Security-Policy"]
    assert f"script-src 'self' 'nonce-{nonce}'" in header

    unused = RequestFactory().get("/")
    middleware.process_request(unused)
    header = middleware.process_response(unused, HttpResponse())["Content-Security-Policy"]
    assert "nonce-" not in header  # no nonce unless a page uses one


# --- Brute force -------------------------------------------------------------------------------


def attempt(client, password, ip="203.0.113.5"):
    return client.post(
        "/admin/login/",
        {"username": "ed", "password": password, "next": "/admin/"},
        REMOTE_ADDR=ip,
    )


def test_admin_login_locks_out_after_repeated_failures(client, settings):
    User.objects.create_user("ed", password="right-password", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "guess").status_code == 200  # the form again, with an error
    locked = attempt(client, "guess")
    assert locked.status_code == 429
    assert "too many" in locked.content.decode().lower()
    # Locked: even the right password is refused from that address ...
    assert attempt(client, "right-password").status_code == 429
    assert "_auth_user_id" not in client.session
    # ... while the editor can still log in from elsewhere.
    assert attempt(client, "right-password", ip="198.51.100.9").status_code == 302


def test_a_successful_login_clears_earlier_failures(client, settings):
    User.objects.create_user("ed", password="right-password", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "typo")
    assert attempt(client, "right-password").status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "typo").status_code == 200


# --- Behind reverse proxies ---------------------------------------------------------------------
# DJANGO_PROXY_COUNT=N: N proxies each append the address they were reached from to
# X-Forwarded-For; Django sees the last proxy as REMOTE_ADDR. One setting for the API's limit
# and the login lockout (archive/clients.py).

PROXIES = ["10.0.0.1", "10.0.0.2", "10.0.0.3"]


def through_proxies(count, client_address, sent=""):
    """The META of a request from client_address that came through `count` proxies; `sent` is
    an X-Forwarded-For the client wrote itself."""
    chain = [sent] if sent else []
    chain += [client_address, *PROXIES[: count - 1]]
    return {"HTTP_X_FORWARDED_FOR": ", ".join(chain), "REMOTE_ADDR": PROXIES[count - 1]}


@pytest.fixture
def api_limit_of_3(settings):
    with api_rate(settings, "3/minute"):
        yield


@pytest.mark.parametrize("count", [1, 2, 3])
def test_behind_proxies_each_client_has_its_own_api_limit(client, settings, api_limit_of_3, count):
    settings.PROXY_COUNT = count
    alice, bob = "198.51.100.7", "2001:db8::b0b"

    def get(address, sent=""):
        return client.get("/api/sessions/", **through_proxies(count, address, sent)).status_code

    assert [get(alice) for _ in range(3)] == [200, 200, 200]
    assert get(alice) == 429
    # Bob, behind the same proxies, has his own limit ...
    assert [get(bob) for _ in range(3)] == [200, 200, 200]
    assert get(bob) == 429
    # ... and neither dodges it by writing an X-Forwarded-For of their own.
    assert get(alice, sent="203.0.113.50") == 429
    assert get(bob, sent="203.0.113.51, 203.0.113.52") == 429
    assert get(alice, sent="not-an-address") == 429


def test_directly_on_the_internet_x_forwarded_for_is_ignored(client, settings, api_limit_of_3):
    settings.PROXY_COUNT = 0
    statuses = [
        client.get(
            "/api/sessions/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}", REMOTE_ADDR="198.51.100.7"
        ).status_code
        for n in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]


@pytest.mark.parametrize("count", [1, 2])
def test_behind_proxies_each_client_has_its_own_login_lockout(client, settings, count):
    settings.PROXY_COUNT = count
    User.objects.create_user("ed", password="right-password", is_staff=True)
    alice, bob = "198.51.100.7", "198.51.100.8"

    def login(password, address, sent=""):
        return client.post(
            "/admin/login/",
            {"username": "ed", "password": password, "next": "/admin/"},
            **through_proxies(count, address, sent),
        ).status_code

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login("guess", alice) == 200
    assert login("guess", alice) == 429
    # Alice is locked out, even with an address of her own invention in front ...
    assert login("right-password", alice) == 429
    assert login("right-password", alice, sent="203.0.113.50") == 429
    assert login("right-password", alice, sent="203.0.113.50, 203.0.113.51") == 429
    # ... while Bob, behind the same proxies, logs in.
    assert login("right-password", bob) == 302


# --- Permissions -------------------------------------------------------------------------------


def test_editors_see_history_and_recover_deleted_articles_but_not_login_records(
    archive, editor_client
):
    article = archive["article"]
    assert editor_client.get(f"/admin/archive/article/{article.pk}/history/").status_code == 200
    assert editor_client.get("/admin/archive/article/recover/").status_code == 200
    assert editor_client.get("/admin/axes/accessattempt/").status_code == 403
    assert editor_client.get("/admin/axes/accesslog/").status_code == 403


def test_superusers_see_login_records(client):
    client.force_login(User.objects.create_superuser("root", password="pw"))
    assert client.get("/admin/axes/accessattempt/").status_code == 200


def test_a_user_who_is_not_staff_cannot_use_the_admin(client):
    User.objects.create_user("reader", password="pw-reader")
    response = client.post(
        "/admin/login/", {"username": "reader", "password": "pw-reader", "next": "/admin/"}
    )
    assert response.status_code == 200  # the login form again
    assert client.get("/admin/archive/article/").status_code == 302


def test_the_admin_url_is_configurable(settings, client, editor):
    settings.ADMIN_URL = "editors-7f3k/"
    module = types.ModuleType("tests._configured_urls")
    module.__dict__.update(runpy.run_path(settings.BASE_DIR / "apksite" / "urls.py"))
    sys.modules[module.__name__] = module
    settings.ROOT_URLCONF = module.__name__
    try:
        client.force_login(editor)
        assert client.get("/editors-7f3k/archive/article/").status_code == 200
        assert client.get("/admin/archive/article/").status_code == 404
    finally:
        del sys.modules[module.__name__]

"""What every page's <head> needs: the site's absolute address for canonical and social URLs,
and the page in each language (the switcher and the hreflang alternates)."""

from django.conf import settings

from archive.languages import language_links


def site(request):
    # SITE_URL (e.g. https://apk-archive.kz) pins one address when the site answers to several
    # host names; without it the address the visitor used is the canonical one.
    base = getattr(settings, "SITE_URL", "") or f"{request.scheme}://{request.get_host()}"
    return {
        "site_url": base.rstrip("/"),
        "site_name": "APK Archive",
        "language_links": language_links(request),
    }

"""Web addresses typed by editors (Source.url, Article.source_url): checked the same way in the
admin's forms (model validation) and in imports (archive.transfer.columns.URLWidget)."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Characters a URL never holds unescaped (RFC 3986): a link with them is a trap, not an
# address, e.g. https://example.com/<script>, which URLValidator alone lets through.
NOT_IN_URLS = re.compile(r"[\s<>\"`{}|\\^\x00-\x1f\x7f]")


@deconstructible
class WebAddressValidator(URLValidator):
    """http:// or https:// only (no javascript:, data:, ftp: ...), and no markup characters."""

    message = _("Enter a valid URL: http:// or https://, with no spaces, quotes or < >.")

    def __init__(self, **kwargs):
        super().__init__(schemes=["http", "https"], **kwargs)

    def __call__(self, value):
        super().__call__(value)
        if NOT_IN_URLS.search(value):
            raise ValidationError(self.message, code=self.code, params={"value": value})


validate_web_address = WebAddressValidator()

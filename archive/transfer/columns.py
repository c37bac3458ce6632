"""Columns of the import/export contract and the widgets that read and write their cells.

A widget's clean() turns one cell into a Python value or raises CellError with a message
for the person who typed it; render() writes the value back the same way. Widgets that
name other records resolve them through the resource's Lookups (archive.transfer.lookups).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.utils import timezone
from import_export.fields import Field
from import_export.results import Error
from import_export.widgets import Widget

from archive.models import DatePrecision
from archive.models.validators import validate_web_address
from archive.text.numerals import parse_number
from archive.transfer import cells
from archive.transfer.cells import CellError

ROW_CONVENTION = "the header is row 1"


# --- Problems ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an import file, said so that its author can find and fix it."""

    message: str
    row: str = ""  # "row 7" (spreadsheet numbering) or "item 3" (JSON)
    column: str = ""
    value: str = ""

    def __str__(self):
        where = []
        if self.row:
            where.append(f"{self.row.capitalize()} ({self._convention()})")
        if self.column:
            where.append(f"column '{self.column}'")
        if self.value:
            shown = self.value if len(self.value) <= 60 else self.value[:57] + "…"
            where.append(f"value '{shown}'")
        if where:
            return f"{', '.join(where)}: {self.message}"
        return self.message[:1].upper() + self.message[1:]

    def _convention(self):
        return "the first object is item 1" if self.row.startswith("item") else ROW_CONVENTION


def database_problem(error):
    # Checks before saving should leave nothing for the database to refuse; if it does, its
    # first line is shown, not a statement that may quote thousands of values.
    message = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
    if len(message) > 300:
        message = message[:297] + "…"
    return Problem(f"the database refused the import: {message}")


class ProblemError(Error):
    """A Problem in the library's error list, so its admin templates show the message."""

    def __init__(self, problem):
        super().__init__(problem)

    @property
    def traceback(self):
        return ""


# --- Columns and widgets ---------------------------------------------------------------------


class Column(Field):
    """A column of the contract. Columns without a model attribute keep their cleaned value
    on the instance until the rows are saved, and read their current value from the resource
    (`read_<column>`), so previews and exports show them like any other field."""

    def __init__(self, name, widget=None, *, attribute=None, required=False, importable=True):
        super().__init__(attribute=attribute, column_name=name, widget=widget or TextWidget())
        self.required = required
        self.importable = importable
        self.resource = None

    def get_value(self, instance):
        pending = getattr(instance, "_import_values", None)
        if pending is not None and self.column_name in pending:
            return pending[self.column_name]
        if self.attribute:
            return super().get_value(instance)
        return getattr(self.resource, f"read_{self.column_name}")(instance)


class CellWidget(Widget):
    resource = None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class TextWidget(CellWidget):
    def __init__(self, max_length=None, required=False, strip=True):
        super().__init__()
        self.max_length, self.required, self.strip = max_length, required, strip

    def clean(self, value, row=None, **kwargs):
        text = cells.as_text(value)
        if self.strip:
            text = text.strip()
        if self.required and not text.strip():
            raise CellError("may not be empty")
        if self.max_length and len(text) > self.max_length:
            raise CellError(f"is {len(text)} characters long; at most {self.max_length} fit")
        return text


class URLWidget(TextWidget):
    # The same rule as the admin's forms (archive/models/validators.py).
    validate = staticmethod(validate_web_address)

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row)
        if text:
            try:
                self.validate(text)
            except ValidationError:
                raise CellError("is not a web address (expected https://…)") from None
        return text


class SlugWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row)
        if text:
            try:
                validate_slug(text)  # ASCII only, as the URL patterns (<slug:...>) accept
            except ValidationError:
                raise CellError(
                    "a slug may contain only Latin letters (a-z), digits, - and _"
                ) from None
        return text


class BoolWidget(CellWidget):
    def __init__(self, empty=False):
        super().__init__()
        self.empty = empty  # what an empty cell means

    def clean(self, value, row=None, **kwargs):
        if not cells.as_text(value).strip():
            return self.empty
        return cells.parse_bool(value)

    def render(self, value, obj=None, **kwargs):
        return "yes" if value else "no"


class PositiveIntWidget(CellWidget):
    def clean(self, value, row=None, **kwargs):
        text = cells.as_text(value).strip()
        if not text:
            return None
        if not text.isdigit():
            raise CellError("expected a whole number (0 or more)")
        return int(text)


class ChoiceWidget(CellWidget):
    def __init__(self, choices, default):
        super().__init__()
        self.choices, self.default, self.known = choices, default, None

    def clean(self, value, row=None, **kwargs):
        if self.known is None:  # labels are lazy translations: resolve them once
            self.known = {}
            for code, label in self.choices:
                self.known[str(label).casefold()] = self.known[str(code).casefold()] = code
        code = self.known.get(cells.as_text(value).strip().casefold())
        if code is not None:
            return code
        return cells.parse_choice(value, self.choices, self.default)  # a default, or the error


class DateWidget(CellWidget):
    """Cleans to (date, precision); renders the date in ISO form."""

    def clean(self, value, row=None, **kwargs):
        return cells.parse_partial_date(value)

    def render(self, value, obj=None, **kwargs):
        return cells.format_date(value)


class MomentWidget(CellWidget):
    """A date and time (publish_at), read and written in the archive's time zone."""

    def clean(self, value, row=None, **kwargs):
        return cells.parse_moment(value, timezone.get_default_timezone())

    def render(self, value, obj=None, **kwargs):
        return cells.format_moment(value, timezone.get_default_timezone())


class SessionNumberWidget(CellWidget):
    def clean(self, value, row=None, **kwargs):
        text = cells.as_text(value).strip()
        if not text:
            raise CellError("may not be empty")
        number = parse_number(text)
        if number is None:
            raise CellError("is not a session number (write 27, XXVII or 27th)")
        return number


class RefWidget(CellWidget):
    """One related object named in a cell; `index` names the Lookups index that finds it."""

    def __init__(self, index, required=False):
        super().__init__()
        self.index, self.required = index, required

    def lookup(self):
        return getattr(self.resource.lookups, self.index)

    def clean(self, value, row=None, **kwargs):
        text = cells.as_text(value).strip()
        if not text:
            if self.required:
                raise CellError("may not be empty")
            return None
        return self.lookup().resolve(text)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else self.label(value)

    def label(self, pk):
        index = self.lookup()
        if self.index == "sessions":
            return str(index.number_by_pk[pk])
        if self.index == "articles":
            return index.slug_by_pk[pk]
        return index.label(pk)


class RefListWidget(RefWidget):
    """Several related objects in one cell, separated by '|'. Cleans to a list of keys."""

    def clean(self, value, row=None, **kwargs):
        return cells.parse_list(value, lambda item: self.lookup().resolve(item))

    def render(self, value, obj=None, **kwargs):
        return cells.join_list(self.label(pk) for pk in value or ())


class PositionsWidget(CellWidget):
    """Offices a person held, separated by '|': 'Title; Organisation (from – until)' each
    (cells.parse_position). Cleans to a list of (title, organisation, from, until)."""

    def __init__(self, max_length=300):
        super().__init__()
        self.max_length = max_length

    def clean(self, value, row=None, **kwargs):
        return cells.parse_list(
            value, lambda item: cells.parse_position(item, self.max_length), name_items=True
        )

    def render(self, value, obj=None, **kwargs):
        return cells.join_list(cells.format_position(position) for position in value or ())


class ListWidget(CellWidget):
    def clean(self, value, row=None, **kwargs):
        return cells.split_list(value)

    def render(self, value, obj=None, **kwargs):
        return cells.join_list(value or ())


def date_precision_column():
    """How precise the row's date is (day, month or year); an empty cell leaves the precision
    the date itself gave (ArchiveResource.assign_date)."""
    return Column(
        "date_precision",
        ChoiceWidget(DatePrecision.choices, DatePrecision.DAY),
        attribute="date_precision",
    )


def text_column(name, model, field=None, **kwargs):
    """A column for a text field of `model`, limited to what the database column holds."""
    model_field = model._meta.get_field(field or name)
    widget_kwargs = {
        "max_length": model_field.max_length,
        "required": kwargs.pop("required", False),
    }
    if model_field.get_internal_type() == "TextField":
        widget_kwargs["strip"] = False  # Markdown and long texts are kept exactly as written.
    return Column(name, TextWidget(**widget_kwargs), attribute=field or name, **kwargs)

"""Form widgets of the public pages, rendered in Python.

Django renders a <select> through a template, and each of its options through another
(django/forms/widgets/select_option.html): the article list's filter menus (sessions,
topics, sources, languages: a hundred options) spent a quarter of the page's CPU there
(bench/pages.py, docs/performance.md). MenuSelect writes the same HTML, byte for byte
(tests/site/test_widgets.py compares the two), without a template.
"""

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe


def _attrs(attrs):
    """What django/forms/widgets/attrs.html writes: in order, True as a bare name, False
    left out."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(format_html(' {}="{}"', name, str(value)))
    return "".join(parts)


class MenuSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"', widget["name"]), _attrs(widget["attrs"]), ">"]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in options:
                parts.append(
                    format_html(
                        '\n  <option value="{}"{}>{}</option>\n',
                        str(option["value"]),
                        mark_safe(_attrs(option["attrs"])),  # escaped above
                        option["label"],
                    )
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # every part escaped above

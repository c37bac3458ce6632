"""Template helpers for the admin."""

from django import template

from archive.admin_home import what_needs_doing

register = template.Library()


@register.inclusion_tag("admin/archive/what_needs_doing.html", takes_context=True)
def what_needs_doing_panel(context):
    return {"tasks": what_needs_doing(context["request"].user)}

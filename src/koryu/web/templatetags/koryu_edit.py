"""Links to a record's or organization's history and, for those allowed, to edit it."""

from __future__ import annotations

from django import template

from koryu.accounts.roles import can_edit_organization, can_edit_record
from koryu.catalog.models import Organization, Record

register = template.Library()


@register.inclusion_tag("web/edit/_record_actions.html", takes_context=True)
def record_actions(context, record_id: int) -> dict:
    user = context["request"].user
    row = Record.objects.filter(pk=record_id).only("pk", "version", "status").first()
    may = row is not None and user.is_authenticated and can_edit_record(user, row)
    return {"record_id": record_id, "may_edit": may, "row": row}


@register.inclusion_tag("web/edit/_organization_actions.html", takes_context=True)
def organization_actions(context, org_id: int) -> dict:
    user = context["request"].user
    org = Organization.objects.filter(pk=org_id).only("pk").first()
    may = org is not None and user.is_authenticated and can_edit_organization(user, org)
    return {"org_id": org_id, "may_edit": may}


@register.filter
def may_upload(user) -> bool:
    """{% if user|may_upload %}: the "Add documents" link for editors and reviewers."""
    from koryu.accounts.roles import can_upload

    return bool(getattr(user, "is_authenticated", False)) and can_upload(user)

"""The safety network's panels on the child record and the case page: one query each, whatever the data."""

from typing import Any

from django import template

from casemap.safety.selectors import case_network_summary, person_network

register = template.Library()


@register.inclusion_tag("safety/_child_record_panel_body.html")
def child_record_network_panel(person: Any, user: Any) -> dict[str, Any]:
    return {"person": person, "network": person_network(user=user, person=person)}


@register.inclusion_tag("safety/_case_panel_body.html")
def case_network_panel(case: Any) -> dict[str, Any]:
    return {"case": case, "summary": case_network_summary(case=case)}

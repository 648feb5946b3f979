"""Forms for the safety network, safety plans and the trajectory."""

from casemap.safety.forms.network import DeactivateForm, MemberForm

__all__ = ["DeactivateForm", "MemberForm"]

"""Forms for the safety network, safety plans and the trajectory."""

from casemap.safety.forms.network import DeactivateForm, MemberAddForm, MemberChangeForm

__all__ = ["DeactivateForm", "MemberAddForm", "MemberChangeForm"]

"""The closure audit gate: a service may close a case only after a completed closure audit of it."""

from dataclasses import dataclass

from casemap.cases.models import Case
from casemap.quality.models import Audit, AuditStatus, AuditTool, ClosureAuditRule

CLOSURE_AUDIT_MISSING = (
    "This case cannot close yet: {service} cases close only after a completed {tool}, and this case has {state}"
)


@dataclass(frozen=True)
class MissingClosureAudit:
    tool: AuditTool
    audit: Audit | None  # the closure audit in progress, if one has started
    service_label: str

    @property
    def message(self) -> str:
        state = "one in progress that is not completed" if self.audit else "none"
        return CLOSURE_AUDIT_MISSING.format(service=self.service_label, tool=self.tool.name.lower(), state=state)


def missing_closure_audit(case: Case) -> MissingClosureAudit | None:
    """What stands between this case and closing, or None when its service needs no closure audit or it has one
    completed since the case opened."""
    rule = ClosureAuditRule.objects.filter(service=case.service, is_required=True).select_related("tool").first()
    if rule is None:
        return None
    audits = Audit.objects.filter(
        case=case, tool_version__tool=rule.tool, archived_at__isnull=True, created_at__date__gte=case.opened_on
    )
    if audits.filter(status=AuditStatus.COMPLETED).exists():
        return None
    in_progress = audits.filter(status=AuditStatus.IN_PROGRESS).order_by("-pk").first()
    return MissingClosureAudit(tool=rule.tool, audit=in_progress, service_label=case.get_service_display())

"""The period a data officer exports Annex A for: the six months to today unless they choose other days."""

import datetime
from typing import Any

from django.utils import timezone

from casemap.core.forms import GovukDateField, GovukForm
from casemap.returns.annex_a.period import END_REQUIRED, START_REQUIRED, default_period, period_problems


class AnnexAPeriodForm(GovukForm):
    period_start = GovukDateField(
        label="Start of the period",
        help_text="Ofsted asks for the six months before the lists are made. For example, 1 6 2026",
        error_messages={"required": START_REQUIRED},
    )
    period_end = GovukDateField(
        label="End of the period",
        help_text="Usually today. For example, 30 11 2026",
        error_messages={"required": END_REQUIRED},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        period = default_period(timezone.localdate())
        kwargs.setdefault("initial", {"period_start": period.start, "period_end": period.end})
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start: datetime.date | None = cleaned.get("period_start")
        end: datetime.date | None = cleaned.get("period_end")
        if start is not None and end is not None:
            for field, message in period_problems(start, end, today=timezone.localdate()).items():
                self.add_error(field, message)
        return cleaned

import datetime

from django import forms
from django.utils import timezone

YEARS_OFFERED = 3


def current_collection_year(today: datetime.date | None = None) -> int:
    """The collection year today falls in: it ends on the next 31 March."""
    today = today or timezone.localdate()
    return today.year + 1 if today.month > 3 else today.year


def collection_year_label(year: int) -> str:
    return f"1 April {year - 1} to 31 March {year}"


class CensusYearForm(forms.Form):
    year = forms.TypedChoiceField(
        label="Which collection year?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the collection year to export"},
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        latest = current_collection_year()
        field = self.fields["year"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(year, collection_year_label(year)) for year in range(latest, latest - YEARS_OFFERED, -1)]
        field.error_messages["invalid_choice"] = "Choose one of the collection years shown"

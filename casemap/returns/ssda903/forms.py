from casemap.returns.forms import CensusYearForm


class Ssda903YearForm(CensusYearForm):
    """The collection year to export, on the same page as the census's form: its fields are prefixed so that the
    two forms' fields and error links never share an id."""

    prefix = "ssda903"

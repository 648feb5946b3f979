# The Cooper family's section 47 enquiries, for conferences held in these tests.
from casemap.meetings.tests.conftest import enquiries  # noqa: F401

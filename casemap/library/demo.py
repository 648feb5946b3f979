"""The good-practice library for the demo, through the real services.

Tom is the Child protection team's practice champion. He nominated the worked example's first map (Merinda and
Eddy's family, mapped by Sally); Sally agreed, and Liam, the practice lead, checked the anonymised copy and
published it: everyone can read it under "Good practice". Tom has also nominated the family's signed safety plan,
which waits on Sally's caseload for her agreement.
"""

import datetime

from django.utils import timezone

from casemap.accounts.models import User
from casemap.cases.models import Case
from casemap.library.models import LibraryTool, PracticeChampion
from casemap.library.services import nomination_answer, nomination_create, nomination_publish
from casemap.mapping.models import Map
from casemap.safety.models import PlanStatus, SafetyPlan

WHY_THE_MAP = (
    "The danger statements say plainly who is worried, about what, and what could happen to the children, in "
    "words the parents agreed to. Each one is paired with a safety goal written as what the family will do, and "
    "everyone's scale, the parents' included, has its reason."
)
WHY_THE_PLAN = "The rules are in the family's own words, and each names who makes sure and who checks."


def demo_library_create(users: dict[str, User]) -> None:
    sally, tom, liam = users["sally"], users["tom"], users["liam"]
    assert tom.team is not None
    champion = PracticeChampion(user=tom, team=tom.team, starts_on=timezone.localdate() - datetime.timedelta(days=90))
    champion.full_clean()
    champion.save()
    case = Case.objects.get(family_name="Merinda and Eddy's family")
    first_map = Map.objects.get(case=case, number=1)
    map_nomination = nomination_create(
        acting_user=tom, source=first_map, tool=LibraryTool.MAP, why_good_practice=WHY_THE_MAP,
        tags=["domestic abuse", "scaling with parents"],
    )  # fmt: skip
    map_nomination = nomination_answer(acting_user=sally, nomination=map_nomination, agrees=True)
    nomination_publish(acting_user=liam, nomination=map_nomination)
    plan = SafetyPlan.objects.filter(case=case).exclude(status=PlanStatus.DRAFT).order_by("-number").first()
    if plan is not None:
        nomination_create(
            acting_user=tom, source=plan, tool=LibraryTool.SAFETY_PLAN, why_good_practice=WHY_THE_PLAN,
            tags=["family rules"],
        )  # fmt: skip

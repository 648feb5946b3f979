"""Something waiting for the demo's team manager: Tom has mapped one of his families and asked Dana to sign the
map off, with a note. Made through the real services, like the rest of the demo."""

from django.utils import timezone

from casemap.accounts.models import User
from casemap.cases.models import Case
from casemap.cases.selectors import case_children
from casemap.handoffs.models import SignOffRequest
from casemap.handoffs.services import sign_off_ask
from casemap.mapping.models import ItemCategory, MapSetting
from casemap.mapping.services import item_save, map_start

NOTE = "First map with the family. Could you look at the worries column before the core group?"


def demo_hand_offs_create(users: dict[str, User]) -> SignOffRequest | None:
    """Tom's first map of an open family of his, asked to be signed off. None when Tom holds no such family."""
    tom = users["tom"]
    case = Case.objects.filter(allocated_worker=tom, closed_on__isnull=True, maps__isnull=True).order_by("pk").first()
    if case is None:
        return None
    names = " and ".join(child.first_name for child in case_children(case)[:2])
    map_ = map_start(acting_user=tom, case=case, setting=MapSetting.HOME_VISIT, held_on=timezone.localdate())
    for category, text in [
        (ItemCategory.HARM, f"The school saw bruises on {names}'s arms twice this term."),
        (ItemCategory.COMPLICATING_FACTOR, "Mum has been unwell and says she is struggling to get up in the morning."),
        (ItemCategory.EXISTING_STRENGTH, "Mum walks the children to school most days and talks to the teacher."),
        (ItemCategory.EXISTING_SAFETY, "Nan looks after the children after school when mum is unwell."),
    ]:
        item_save(acting_user=tom, map_=map_, expected_version=None, category=category, text=text)
    return sign_off_ask(acting_user=tom, record=map_, expected_version=None, note=NOTE)

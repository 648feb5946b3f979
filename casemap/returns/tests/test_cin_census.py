"""The Children in Need census: schema-valid, clean under the DfE's rules, read in chunks of a fixed cost."""

import datetime
import io
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree

from casemap.access.models import AccessAction, AccessLogEntry
from casemap.conftest import World
from casemap.returns.cin_census.export import cin_census_export
from casemap.returns.cin_census.records import CensusYear
from casemap.returns.cin_census.selectors import census_children
from casemap.returns.tests.census_cases import YEAR, census_cases_create
from casemap.returns.validation import CensusValidation, cin_census_validate

SCHEMA_PATH = Path(settings.BASE_DIR) / "casemap" / "returns" / "schemas" / "CIN_schema_2026.xsd"


def export(world: World, year: int, tmp_path: Path) -> tuple[Path, etree._ElementTree]:
    path = tmp_path / f"cin-{year}.xml"
    with path.open("wb") as output:
        cin_census_export(acting_user=world.data_officer, year=year, output=output, chunk_size=2)
    document = etree.parse(str(path))
    schema = etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))
    assert schema.validate(document), [str(error) for error in schema.error_log]
    return path, document


def assert_no_errors(validation: CensusValidation) -> None:
    assert validation.errors == [], "\n".join(
        f"{failure.code} {failure.child_id} {failure.fields}: {failure.message}" for failure in validation.errors
    )


def child_element(document: etree._ElementTree, person_id: int) -> etree._Element:
    [child] = document.xpath(f"//Child[ChildIdentifiers/LAchildID='P{person_id:07d}']")
    return child


def test_the_hard_cases_are_schema_valid_and_break_no_rule(world: World, tmp_path: Path) -> None:
    cases = census_cases_create(world)
    path, document = export(world, YEAR, tmp_path)

    assert document.findtext("Header/CollectionDetails/ReferenceDate") == "2026-03-31"
    assert document.findtext("Header/Source/LEA") == settings.LA_NUMBER
    exported = {element.text for element in document.iterfind("Children/Child/ChildIdentifiers/LAchildID")}
    assert f"P{world.child.pk:07d}" not in exported  # referred this autumn: next year's census
    assert len(exported) == 6

    protected = child_element(document, cases.protected.pk)
    plans = protected.findall("CINdetails/ChildProtectionPlans")
    assert [plan.findtext("InitialCategoryOfAbuse") for plan in plans] == ["NEG", "PHY"]
    assert [plan.findtext("LatestCategoryOfAbuse") for plan in plans] == ["EMO", "PHY"]
    assert [plan.findtext("NumberOfPreviousCPP") for plan in plans] == ["0", "1"]
    assert plans[0].findtext("CPPendDate") is not None
    assert len(plans[0].findall("Reviews/CPPreviewDate")) >= 1
    assert len(protected.findall("CINdetails/Section47")) == 2

    assert child_element(document, cases.died.pk).findtext("CINdetails/ReasonForClosure") == "RC2"
    re_referred = child_element(document, cases.re_referred.pk).findall("CINdetails")
    assert [episode.findtext("ReferralNFA") for episode in re_referred] == ["1", "0"]
    unborn = child_element(document, cases.unborn.pk).find("ChildIdentifiers")
    assert unborn.findtext("ExpectedPersonBirthDate") == "2026-05-10"
    assert unborn.findtext("PersonBirthDate") is None
    disabled = child_element(document, cases.disabled.pk)
    assert [code.text for code in disabled.iterfind("ChildCharacteristics/Disabilities/Disability")] == ["AUT", "COMM"]
    assert child_element(document, cases.upn_unknown.pk).findtext("ChildIdentifiers/UPNunknown") == "UN2"

    validation = cin_census_validate(path, year=YEAR)
    assert validation.ruleset == "cin2025_26"
    assert_no_errors(validation)

    # The rules do run: a closure before the referral is an error, and names the child.
    episode = child_element(document, cases.disabled.pk).find("CINdetails")
    closure = etree.Element("CINclosureDate")
    closure.text = "2025-01-01"
    episode.find("PrimaryNeedCode").addnext(closure)
    broken = tmp_path / "broken.xml"
    document.write(str(broken))
    broken_errors = cin_census_validate(broken, year=YEAR).errors
    assert broken_errors
    assert {failure.person_id for failure in broken_errors if failure.child_id} == {cases.disabled.pk}


def test_the_current_year_with_an_unborn_child_breaks_no_rule(world: World, tmp_path: Path) -> None:
    from casemap.cases.models import ReferralDecision
    from casemap.cases.services import referral_decide, referral_receive
    from casemap.people.services import person_create

    today = timezone.localdate()
    year = today.year + 1 if today.month > 3 else today.year
    expected = person_create(
        acting_user=world.worker,
        first_name="Baby",
        last_name="Cooper",
        is_child=True,
        expected_birth_date=today + datetime.timedelta(days=60),
        upn_unknown_reason="UN6",
    )
    case = referral_receive(
        acting_user=world.worker,
        children=[expected],
        team=world.team,
        received_on=today - datetime.timedelta(days=3),
        source="3B",
        what_was_reported="The midwife is worried about the home the baby will come to.",
    )
    referral_decide(
        acting_user=world.manager,
        case=case,
        decision=ReferralDecision.ASSESSMENT,
        decided_on=today - datetime.timedelta(days=3),
        reasons="A pre-birth assessment is needed.",
    )
    path, document = export(world, year, tmp_path)
    identifiers = child_element(document, expected.pk).find("ChildIdentifiers")
    assert identifiers.findtext("ExpectedPersonBirthDate") == (today + datetime.timedelta(days=60)).isoformat()
    assert child_element(document, world.child.pk) is not None
    assert_no_errors(cin_census_validate(path, year=year))


def test_each_chunk_costs_the_same_queries_and_every_child_is_logged_as_exported(world: World) -> None:
    cases = census_cases_create(world)
    census_year = CensusYear(YEAR)
    with CaptureQueriesContext(connection) as one_chunk:
        [_everyone] = census_children(census_year, chunk_size=10)
    with CaptureQueriesContext(connection) as three_chunks:
        chunks = list(census_children(census_year, chunk_size=2))
    assert [len(chunk) for chunk in chunks] == [2, 2, 2]
    # England's bank holidays once, seven queries a chunk, and the empty page that ends the reading.
    assert len(one_chunk) == 1 + 7 + 1
    assert len(three_chunks) == 1 + 3 * 7 + 1

    before = AccessLogEntry.objects.count()
    cin_census_export(acting_user=world.data_officer, year=YEAR, output=io.BytesIO(), chunk_size=4)
    logged = AccessLogEntry.objects.order_by("id")[before:]
    assert {entry.person_id for entry in logged} == {
        child.pk
        for child in (cases.protected, cases.died, cases.re_referred, cases.unborn, cases.disabled, cases.upn_unknown)
    }
    assert {(entry.user_id, entry.action) for entry in logged} == {(world.data_officer.pk, AccessAction.EXPORT)}

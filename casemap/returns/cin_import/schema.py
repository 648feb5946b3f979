"""The first reading of a census file: is it XML, is it the census's schema, whose is it, and how many children.

The file is read once, streaming (`lxml.etree.iterparse`, each child cleared once checked): the frame of the message
is checked here and each `Header` and `Child` against the schema on its own, which together is the whole schema
with one child in memory at a time, and lets every problem be put in plain words with the child's identifier, the
field and the line. Nothing is imported from a file with any problem.
"""

import dataclasses
import datetime
import functools
import re
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from lxml import etree

from casemap.returns.cin_census.writer import SOFTWARE_CODE
from casemap.returns.cin_import.problems import ImportProblem

SCHEMA_PATH = Path(settings.BASE_DIR) / "casemap" / "returns" / "schemas" / "CIN_schema_2026.xsd"
XS = "http://www.w3.org/2001/XMLSchema"
# lxml's parser, hardened: no external entities, no network, no DTD, no document deeper or larger than libxml2's
# defaults allow.
PARSER_OPTIONS = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}
LA_CHILD_ID_LENGTH = 20  # the DfE's rule for LAchildID


@dataclasses.dataclass(frozen=True)
class CensusHeader:
    year: int
    la_number: str
    software_code: str

    @property
    def made_by_casemap_here(self) -> bool:
        """A file Casemap exported for this authority: its LAchildIDs are Casemap's own people (`P` and seven
        digits)."""
        return self.software_code == SOFTWARE_CODE and self.la_number == settings.LA_NUMBER


@dataclasses.dataclass(frozen=True)
class CensusFileCheck:
    header: CensusHeader | None
    children: int
    problems: list[ImportProblem]


@functools.cache
def _schemas() -> tuple[etree.XMLSchema, etree.XMLSchema]:
    """The census schema as the DfE wrote it, and the same with `Child` and `Header` declared at the top level too,
    so that each can be checked alone."""
    whole = etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))
    parts = etree.parse(str(SCHEMA_PATH))
    for name, kind in (("Child", "childtype"), ("Header", "headertype")):
        etree.SubElement(parts.getroot(), f"{{{XS}}}element", name=name, type=kind)
    return whole, etree.XMLSchema(parts)


def census_schema() -> etree.XMLSchema:
    """The schema as the DfE wrote it, for a whole document already in memory (tests, small files)."""
    return _schemas()[0]


# The schema's frame around the children: <Message> holds an optional <Header> then one <Children>, which holds one
# or more <Child>. `census_file_check` checks the frame itself and each Header and Child against the schema, which
# together is the whole schema, one child in memory at a time.
MESSAGE_PARTS = ("Header", "Children")


def census_file_check(path: Path) -> CensusFileCheck:
    """Read the file once: its header, how many children it holds, and every problem found."""
    parts = _schemas()[1]
    problems: list[ImportProblem] = []
    header: CensusHeader | None = None
    children = 0
    depth = 0
    seen: list[str] = []  # the parts of <Message> met so far, in order
    lines_by_child: dict[str, int] = {}  # where each child identifier was first met
    try:
        for event, element in etree.iterparse(str(path), events=("start", "end"), **PARSER_OPTIONS):
            if event == "start":
                depth += 1
                if depth == 1 and element.tag != "Message":
                    return CensusFileCheck(None, 0, [_not_a_census(element.tag)])
                if depth == 2:
                    problems.extend(_check_message_part(element, seen))
                elif depth == 3 and seen[-1:] == ["Children"] and element.tag != "Child":
                    problems.append(_unexpected(element, "Children", "Child"))
                continue
            depth -= 1
            if depth == 2 and element.tag == "Child":
                children += 1
                problems.extend(_check_part(parts, element, children))
                problems.extend(_repeated_child(element, lines_by_child))
                _forget(element)
            elif depth == 1 and element.tag == "Header":
                header_problems = _check_part(parts, element, 0)
                problems.extend(header_problems)
                if not header_problems:
                    header, header_refusals = _read_header(element)
                    problems.extend(header_refusals)
            elif depth == 1 and element.tag == "Children" and children == 0:
                problems.append(
                    ImportProblem("", "Message.Children", "the file holds no children", line=element.sourceline)
                )
            if depth <= 1 and element.tag != "Child":
                _text_problem(element, problems)
    except etree.XMLSyntaxError as error:
        return CensusFileCheck(None, children, [_not_well_formed(error)])
    except OSError as error:
        return CensusFileCheck(None, 0, [ImportProblem("", "", f"The file could not be read ({error.strerror})")])
    if "Children" not in seen:
        problems.append(ImportProblem("", "Message.Children", "the file has no <Children>"))
    if "Header" not in seen:
        problems.append(ImportProblem("", "Message.Header", "the file has no header, so it does not say its year"))
    return CensusFileCheck(header, children, problems)


def _repeated_child(element: etree._Element, lines_by_child: dict[str, int]) -> list[ImportProblem]:
    """A census holds each child once: a second <Child> with the same identifier refuses the file."""
    child_id = (element.findtext("ChildIdentifiers/LAchildID") or "").strip()
    if not child_id:
        return []
    if child_id not in lines_by_child:
        lines_by_child[child_id] = element.sourceline or 0
        return []
    first = lines_by_child[child_id]
    return [
        ImportProblem(
            child_id=child_id,
            field="ChildIdentifiers.LAchildID",
            message=f"is in the file twice (first on line {first}): a census holds each child once",
            line=element.sourceline,
        )
    ]


def _check_message_part(element: etree._Element, seen: list[str]) -> list[ImportProblem]:
    """<Header> at most once and first, then <Children> once: nothing else directly in <Message>."""
    tag = element.tag
    allowed = [part for part in MESSAGE_PARTS if part not in seen and not (part == "Header" and "Children" in seen)]
    seen.append(str(tag))
    if tag in allowed:
        return []
    return [_unexpected(element, "Message", " or ".join(allowed) or "nothing more")]


def _unexpected(element: etree._Element, parent: str, expected: str) -> ImportProblem:
    return ImportProblem(
        child_id="",
        field=f"{parent}.{element.tag}",
        message=f"is not expected here (out of order, or not part of the census): expected {expected}",
        line=element.sourceline,
    )


def _text_problem(element: etree._Element, problems: list[ImportProblem]) -> None:
    """<Message> and <Children> hold only elements: text between them is not the census's."""
    texts = [element.text, *(child.tail for child in element)] if element.tag in {"Message", "Children"} else []
    if any(text and text.strip() for text in texts):
        problems.append(ImportProblem("", str(element.tag), "holds text where the census expects only other elements"))


def _forget(element: etree._Element) -> None:
    """Free a child once read: its own content, and the emptied children before it."""
    element.clear()
    parent = element.getparent()
    while element.getprevious() is not None and parent is not None:
        del parent[0]


def _not_a_census(tag: object) -> ImportProblem:
    return ImportProblem("", "", f"This is not a Children in Need census: it starts with <{tag}>, not <Message>")


def _not_well_formed(error: etree.XMLSyntaxError) -> ImportProblem:
    line = error.lineno or None
    return ImportProblem(
        child_id="",
        field="",
        message="The file is not well-formed XML (it may be cut short, or not XML at all)",
        detail=str(error.msg or ""),
        line=line,
    )


def _check_part(parts: etree.XMLSchema, element: etree._Element, number: int) -> list[ImportProblem]:
    if parts.validate(element):
        return []
    child_id = ""
    if element.tag == "Child":
        child_id = (element.findtext("ChildIdentifiers/LAchildID") or "").strip() or f"number {number} in the file"
    problems = []
    for entry in parts.error_log:
        field, message = plain_schema_message(entry.message, entry.path or "")
        problems.append(ImportProblem(child_id=child_id, field=field, message=message, line=entry.line or None))
    return problems


def _read_header(element: etree._Element) -> tuple[CensusHeader | None, list[ImportProblem]]:
    year_text = (element.findtext("CollectionDetails/Year") or "").strip()
    reference_text = (element.findtext("CollectionDetails/ReferenceDate") or "").strip()[:10]
    la_number = (element.findtext("Source/LEA") or "").strip()
    software_code = (element.findtext("Source/SoftwareCode") or "").strip()
    year = int(year_text[:4]) if year_text else None
    if year is None and reference_text:
        year = datetime.date.fromisoformat(reference_text).year
    if year is None:
        return None, [
            ImportProblem("", "CollectionDetails.Year", "the header does not say which collection year the file is")
        ]
    problems = []
    if datetime.date(year - 1, 4, 1) > timezone.localdate():
        problems.append(
            ImportProblem(
                "",
                "CollectionDetails.Year",
                f"the file is for the collection year ending 31 March {year}, which has not begun",
            )
        )
    if reference_text and datetime.date.fromisoformat(reference_text) != datetime.date(year, 3, 31):
        problems.append(
            ImportProblem("", "CollectionDetails.ReferenceDate", "the reference date is not 31 March of the year")
        )
    if la_number != settings.LA_NUMBER:
        problems.append(
            ImportProblem(
                "",
                "Source.LEA",
                f"the file is for local authority {la_number}, but Casemap is set up for {settings.LA_NUMBER}",
            )
        )
    return CensusHeader(year=year, la_number=la_number, software_code=software_code), problems


# lxml's messages, and the plain words for each kind. The offending value is never repeated: it may be a child's
# detail, and the line and field say where to look.
_ELEMENT = re.compile(r"^Element '(?P<name>[^']+)'(?: \[[^]]*\])?: ")
_ENUMERATION = re.compile(r"is not an element of the set \{(?P<codes>[^}]*)\}")
_EXPECTED = re.compile(r"Expected is(?: one of)? \( (?P<names>[^)]*) \)")
_ATOMIC = re.compile(r"is not a valid value of the (?:local )?atomic type(?: '(?P<type>[^']+)')?")
_TYPE_WORDS = {
    "xs:date": "is not a date written as YYYY-MM-DD",
    "xs:gYear": "is not a year written as four digits",
    "xs:dateTime": "is not a date and time written as YYYY-MM-DDThh:mm:ss",
    "xs:integer": "is not a whole number",
}
MOST_CODES_LISTED = 12


def plain_schema_message(message: str, path: str) -> tuple[str, str]:
    """(field, plain words) for one of lxml's schema messages: `Element 'Sex': [facet 'enumeration'] The value 'X'
    is not an element of the set {'M', 'F', 'U'}.` becomes ("ChildIdentifiers.Sex", "is not one of the codes the
    census allows: M, F or U")."""
    match = _ELEMENT.match(message)
    name = match.group("name") if match else ""
    field = _field(path, name)
    rest = message[match.end() :] if match else message
    if "[facet 'enumeration']" in message and (codes := _ENUMERATION.search(message)):
        allowed = [code.strip().strip("'") for code in codes.group("codes").split(",")]
        if len(allowed) > MOST_CODES_LISTED:
            return field, "is not one of the codes the census allows for it"
        return field, f"is not one of the codes the census allows: {', '.join(allowed[:-1])} or {allowed[-1]}"
    if "[facet 'pattern']" in message:
        return field, "is not written in the form the census allows"
    if "[facet 'minLength']" in message:
        return field, "is empty"
    if "[facet 'minInclusive']" in message:
        return field, "is below the smallest number the census allows"
    if (atomic := _ATOMIC.search(rest)) is not None:
        return field, _TYPE_WORDS.get(atomic.group("type") or "", "is not a value of the kind the census expects")
    if "Missing child element" in rest and (expected := _EXPECTED.search(rest)):
        needed = [each.strip() for each in expected.group("names").split(",") if each.strip()]
        if len(needed) == 1:
            return name, f"{needed[0]} is missing"
        return name, f"ends before an element it needs: expected one of {', '.join(needed)}"
    if "This element is not expected" in rest:
        expected = _EXPECTED.search(rest)
        if expected:
            names = _names(expected.group("names"))
            return field, f"is not expected here (out of order, or not part of the census): expected {names}"
        return field, "is not expected here (out of order, or not part of the census)"
    if "Character content other than whitespace" in rest:
        return field, "holds text where the census expects only other elements"
    if "No matching global declaration" in rest:
        return field, "is not an element of the census"
    return field, rest.rstrip(".")


def _names(names: str) -> str:
    listed = [name.strip() for name in names.split(",") if name.strip()]
    return listed[0] if len(listed) == 1 else f"one of {', '.join(listed)}"


def _field(path: str, name: str) -> str:
    """`/Child/CINdetails/Assessments[2]/AssessmentAuthorisationDate` -> `Assessments.AssessmentAuthorisationDate`."""
    steps = [re.sub(r"\[\d+\]$", "", step) for step in path.split("/") if step]
    if not steps:
        return name
    return ".".join(steps[-2:])

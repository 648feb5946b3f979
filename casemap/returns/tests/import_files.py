"""Census files for the import's tests: Casemap's own export of the hard cases, the same under another system's
identifiers, and small hand-written files."""

import io
from pathlib import Path

from lxml import etree

from casemap.conftest import World
from casemap.returns.cin_census.export import cin_census_export

OTHER_SYSTEM = "OtherSystem"


def export_census(world: World, year: int) -> bytes:
    output = io.BytesIO()
    cin_census_export(acting_user=world.data_officer, year=year, output=output)
    return output.getvalue()


def as_other_system(census: bytes, prefix: str = "OLD") -> bytes:
    """The same census as another system would have sent it: its own identifiers and software code."""
    document = etree.fromstring(census)
    document.find("Header/Source/SoftwareCode").text = OTHER_SYSTEM
    for child_id in document.iterfind("Children/Child/ChildIdentifiers/LAchildID"):
        child_id.text = f"{prefix}{child_id.text}"
    return etree.tostring(document, xml_declaration=True, encoding="utf-8")


def children_by_id(census: bytes) -> dict[str, etree._Element]:
    """Each child's element by LAchildID, without the identifier, for comparing the facts of two files."""
    document = etree.fromstring(census)
    children = {}
    for child in document.iterfind("Children/Child"):
        identifier = child.find("ChildIdentifiers/LAchildID")
        children[identifier.text] = child
    return children


def facts(child: etree._Element) -> bytes:
    """A child's element as canonical XML with the identifier taken out: the facts alone."""
    copy = etree.fromstring(etree.tostring(child))
    identifier = copy.find("ChildIdentifiers/LAchildID")
    identifier.getparent().remove(identifier)
    for element in copy.iter():
        element.tail = None
        if element.text is not None and not element.text.strip():
            element.text = None
    return etree.tostring(copy, method="c14n")


def write(tmp_path: Path, census: bytes, name: str = "census.xml") -> Path:
    path = tmp_path / name
    path.write_bytes(census)
    return path


HEADER = """<Header><CollectionDetails><Collection>CIN</Collection><Year>2026</Year><ReferenceDate>2026-03-31</ReferenceDate>
</CollectionDetails><Source><SourceLevel>L</SourceLevel><LEA>999</LEA><SoftwareCode>OtherSystem</SoftwareCode>
<Release>1</Release><SerialNo>001</SerialNo><DateTime>2026-04-20T10:00:00</DateTime></Source></Header>"""


def a_child(child_id: str, episodes: str, *, identifiers: str = "", disabilities: str = "NONE") -> str:
    """A child in the census's XML; `episodes` are its CINdetails."""
    return (
        f"<Child><ChildIdentifiers><LAchildID>{child_id}</LAchildID>"
        f"{identifiers or '<UPNunknown>UN2</UPNunknown><PersonBirthDate>2014-02-03</PersonBirthDate>'}"
        "<Sex>F</Sex></ChildIdentifiers><ChildCharacteristics><Ethnicity>WBRI</Ethnicity><Disabilities>"
        f"{''.join(f'<Disability>{code}</Disability>' for code in disabilities.split())}"
        f"</Disabilities></ChildCharacteristics>{episodes}</Child>"
    )


def an_episode(body: str = "", *, referral: str = "2025-06-02", source: str = "3A", closing: str = "") -> str:
    """A CINdetails: the referral, then `closing` (closure date and reason), then `body` (assessments, plans,
    enquiries), ReferralNFA 0, in the schema's order; a plan's elements go in `plans`."""
    return (
        f"<CINdetails><CINreferralDate>{referral}</CINreferralDate><ReferralSource>{source}</ReferralSource>"
        f"<PrimaryNeedCode>N1</PrimaryNeedCode>{closing}{body}<ReferralNFA>0</ReferralNFA></CINdetails>"
    )


def a_census(*children: str) -> bytes:
    return f'<?xml version="1.0" encoding="utf-8"?><Message>{HEADER}<Children>{"".join(children)}</Children></Message>'.encode()

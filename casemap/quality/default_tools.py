"""The two audit tools every authority starts with; practice leads edit them into new versions.

The Signs of Safety case audit follows the purposes in Lincolnshire's audit guidance (the child's voice, a timely
journey, quality, recording) and the elements of the Meaningful Measures case dashboard. The closure audit uses
Ofsted's four grades, as Lincolnshire audits every case before it closes.
"""

from typing import Any

SIGNS_OF_SAFETY_CASE_AUDIT = "Signs of Safety case audit"
CLOSURE_AUDIT = "Closure audit"

_CASE_AUDIT_CRITERIA = [
    (
        "The child's voice",
        "Look for the child's own words (Three Houses, Wizard and Fairy, Safety House) and whether they changed "
        "the plan. Judge how well the voice is used, not whether a tool was used.",
        {
            "0": "The child is not seen or heard in the record.",
            "5": "The child's words are recorded but do not shape the assessment or plan.",
            "10": "The child's words run through the map, the danger statements and the plan, in their own words.",
        },
    ),
    (
        "The map: worries, what is working well, what needs to happen",
        "Harm, danger and complicating factors are told apart; existing safety is not confused with strengths; "
        "everyone involved could recognise the family in it.",
        {
            "0": "No map, or a list of concerns with nothing working well.",
            "5": "A map with the three questions answered, but harm and complicating factors are mixed.",
            "10": "A balanced, specific map the family helped make, with harm, danger and safety clearly apart.",
        },
    ),
    (
        "Danger statements and safety goals",
        "Plain words the family understands: who is worried, about what, what could happen to the child; goals "
        "that say what the family will do, paired with each statement.",
        {
            "0": "No danger statements or goals.",
            "5": "Statements and goals are there but in professional language or not paired.",
            "10": "Every danger statement has a goal, in words the family and network use themselves.",
        },
    ),
    (
        "Scaling",
        "Everyone's scale is recorded with their reasons, the family's included, and scales are revisited.",
        {
            "0": "No scaling.",
            "10": "Everyone involved has scaled, with reasons, and the scales over time tell the story of the work.",
        },
    ),
    (
        "The safety network",
        "Who is in the network, what each person knows and does; the network grows from the family's own people.",
        {
            "0": "No network is identified.",
            "10": "A named network of the family's people who know the worries and have a part in the plan.",
        },
    ),
    (
        "The safety plan",
        "The family's plan in their words: rules, who makes sure, who checks, what the children know; tested over "
        "time and reviewed.",
        {
            "0": "No plan, or a plan of professional tasks only.",
            "10": "The family's own detailed plan, tested over time, that the children can explain.",
        },
    ),
    (
        "A timely journey",
        "The work moves at the child's pace: visits, meetings and reviews on time, drift avoided.",
        {
            "0": "The child waited: drift and missed timescales with no reason recorded.",
            "10": "Every step on time or with a recorded reason, and the child's plan moved on without delay.",
        },
    ),
    (
        "Recording and management oversight",
        "The record is up to date, written for the family to read, with oversight decisions and reasons.",
        {
            "0": "Records are late or missing and there is no management oversight.",
            "10": "Up to date, respectful, clear records with oversight decisions that add to the work.",
        },
    ),
]

_CLOSURE_AUDIT_CRITERIA = [
    (
        "Reasons for closing",
        "The reason is clear, agreed with the family, and follows from the safety goals being met.",
        {
            "1": "The case is closing with no clear reason, or against the evidence on the record.",
            "2": "A reason is given but it is not tied to the safety goals or agreed with the family.",
            "3": "Closing follows from the goals being met and the family knows why.",
            "4": "The family, the network and the child all say why the case can close, in their own words.",
        },
    ),
    (
        "Safety after closing",
        "The safety plan and the network carry on without children's services.",
        {
            "1": "No plan or network continues after closing.",
            "2": "A plan exists but the network does not know its part.",
            "3": "The plan and network continue and have been tested.",
            "4": "The network owns the plan, has tested it over time and knows what to do if worries return.",
        },
    ),
    (
        "The child's view of closing",
        "The child has been told why the case is closing and their view is recorded.",
        {
            "1": "The child has not been told or asked.",
            "2": "The child was told but their view is not recorded.",
            "3": "The child's view of closing is recorded.",
            "4": "The child's view is recorded in their words and shaped the closing plan.",
        },
    ),
    (
        "Knowing how to get help again",
        "The family knows whom to call and how to come back if they need help.",
        {
            "1": "Nothing is recorded about future help.",
            "2": "A number was given but nothing more.",
            "3": "The family and network know whom to call and when.",
            "4": "The family's own words say when and how they would ask for help again.",
        },
    ),
]


def install_default_tools(
    audit_tool: Any, audit_tool_version: Any, audit_criterion: Any, *, published_at: Any = None
) -> None:
    """Create the two tools, each with a published first version. Model classes are passed in so a data migration
    can use its historical models."""
    from django.utils import timezone

    published_at = published_at or timezone.now()
    for name, purpose, scale, criteria in [
        (SIGNS_OF_SAFETY_CASE_AUDIT, "case", "sos", _CASE_AUDIT_CRITERIA),
        (CLOSURE_AUDIT, "closure", "ofsted", _CLOSURE_AUDIT_CRITERIA),
    ]:
        tool, created = audit_tool.objects.get_or_create(name=name, defaults={"purpose": purpose})
        if not created:
            continue
        version = audit_tool_version.objects.create(
            tool=tool, number=1, scale=scale, has_overall_judgement=True, published_at=published_at
        )
        for position, (title, guidance, anchors) in enumerate(criteria, start=1):
            audit_criterion.objects.create(
                version=version, position=position, title=title, guidance=guidance, anchors=anchors
            )

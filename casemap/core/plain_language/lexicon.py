"""The words the plain-language coach knows: jargon with plain alternatives, and the small
vocabularies its danger statement and safety goal checks look for.

This module is data only. Matching rules live in `checks.py`: phrases match on word boundaries,
ignoring case, except abbreviations (a word with two or more capitals, like "LAC" or "CiC"),
which match exactly so that "lacking" or "Lac" are left alone.

Left out on purpose, because the family's own statements use them and they are the framework's
words, not jargon: "CPS", "Child Protection Services", "safety network", "safety plan",
"safety goal", "danger statement", "worried", "mum", "dad". "Contact" is only listed in phrases
that clearly mean family time ("supervised contact"), because "made contact with the school"
is plain English.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class JargonTerm:
    phrase: str
    # A plain phrase to write instead; for a label, how to describe what happened.
    plain: str
    note: str = ""
    # A label names a kind of harm or a judgement of a person instead of saying what someone did.
    label: bool = False


# For labels about harm between adults, the example the domain notes use.
_WHO_DID_WHAT = "who did what, for example “Eddy pushed Merinda against the wall”"
_WHAT_WENT_WITHOUT = "what the child went without, for example “there was no food in the house for two days”"
_WHAT_THEY_DID = "what the person did or did not do, for example “Merinda missed the last three visits”"
_WHAT_WAS_USED = (
    "what was taken, how often, and what happened to the children, "
    "for example “Eddy drank until he fell asleep while looking after Jirra”"
)
_HOW_IT_SHOWS = (
    "what the person does and how it affects the children, "
    "for example “Merinda stays in bed all day and the children get themselves to school”"
)
_WHAT_CHILD_DOES = "what the child does, for example “Darel kicks the door and screams when he is told no”"
_WHAT_HAPPENED = "what happened to the child, for example “Alkira had a bruise on her cheek the size of a hand”"
_WHAT_WAS_SAID = "what was said, by whom, for example “Eddy shouted at Merinda that she was useless”"
_WHO_IS_WORRIED = "(who) is worried that …"

JARGON: tuple[JargonTerm, ...] = (
    # Children in care and the law around them
    JargonTerm("LAC", "child in care", "Short for “looked after child”."),
    JargonTerm("LAC review", "review meeting for a child in care"),
    JargonTerm("looked after child", "child in care"),
    JargonTerm("looked after children", "children in care"),
    JargonTerm("CLA", "child in care", "Short for “child looked after”."),
    JargonTerm("CLA review", "review meeting for a child in care"),
    JargonTerm("child looked after", "child in care"),
    JargonTerm("children looked after", "children in care"),
    JargonTerm("CiC", "child in care"),
    JargonTerm("CIC", "child in care"),
    JargonTerm("s20", "in care with the parents' agreement", "Section 20 of the Children Act 1989."),
    JargonTerm("section 20", "in care with the parents' agreement"),
    JargonTerm("s31", "a care order from the court", "Section 31 of the Children Act 1989."),
    JargonTerm("section 31", "a care order from the court"),
    JargonTerm("care proceedings", "a court case about who the children should live with"),
    JargonTerm("PLO", "formal meetings before the council decides whether to go to court"),
    JargonTerm("public law outline", "formal meetings before the council decides whether to go to court"),
    JargonTerm("pre-proceedings", "formal meetings before the council decides whether to go to court"),
    JargonTerm("ICO", "a short-term care order from the court", "Short for “interim care order”."),
    JargonTerm("interim care order", "a short-term care order from the court"),
    JargonTerm("EPO", "an emergency order from the court to keep the child safe"),
    JargonTerm("emergency protection order", "an emergency order from the court to keep the child safe"),
    JargonTerm("SGO", "a court order making a relative or friend the child's special guardian"),
    JargonTerm("special guardianship order", "a court order making a relative or friend the child's guardian"),
    JargonTerm("CAO", "a court order saying who the child lives with or sees"),
    JargonTerm("child arrangements order", "a court order saying who the child lives with or sees"),
    JargonTerm("parental responsibility", "the right to make decisions for the child"),
    JargonTerm("connected person", "a relative or family friend who looks after the child"),
    JargonTerm("kinship care", "living with a relative or family friend"),
    JargonTerm("placement", "where the child lives"),
    JargonTerm("foster placement", "living with foster carers"),
    JargonTerm("residential placement", "living in a children's home"),
    JargonTerm("placement breakdown", "the child had to move from where they were living"),
    JargonTerm("placement move", "moving to a new home"),
    JargonTerm("respite", "short breaks"),
    JargonTerm("respite care", "short breaks away from home"),
    JargonTerm("permanence", "a settled home for the rest of childhood"),
    JargonTerm("permanency", "a settled home for the rest of childhood"),
    JargonTerm("reunification", "the children going back home"),
    JargonTerm("UASC", "a child who came to the UK alone to seek safety"),
    JargonTerm("PEP", "the child's school plan", "Short for “personal education plan”."),
    JargonTerm("IRO", "the person who chairs reviews for a child in care"),
    # Family time
    JargonTerm("supervised contact", "family time with a worker there"),
    JargonTerm("unsupervised contact", "family time without a worker there"),
    JargonTerm("contact centre", "family time centre"),
    JargonTerm("contact session", "family time"),
    JargonTerm("contact visit", "family time"),
    JargonTerm("contact arrangements", "plans for family time"),
    JargonTerm("family contact", "family time"),
    JargonTerm("direct contact", "seeing each other in person"),
    JargonTerm("indirect contact", "letters, cards or calls"),
    JargonTerm("contact supervisor", "the person who stays with you during family time"),
    # Child protection process
    JargonTerm("s47", "child protection enquiries", "Section 47 of the Children Act 1989."),
    JargonTerm("s47 enquiry", "child protection enquiry: finding out whether the child is being harmed"),
    JargonTerm("section 47", "child protection enquiries"),
    JargonTerm("section 47 enquiry", "child protection enquiry: finding out whether the child is being harmed"),
    JargonTerm("s17", "help for a child in need", "Section 17 of the Children Act 1989."),
    JargonTerm("section 17", "help for a child in need"),
    JargonTerm("CIN", "child in need"),
    JargonTerm("CIN plan", "the plan to help the child"),
    JargonTerm("ICPC", "first child protection conference"),
    JargonTerm("RCPC", "review child protection conference"),
    JargonTerm("CP plan", "child protection plan"),
    JargonTerm("CP conference", "child protection conference"),
    JargonTerm("CP register", "child protection plan", "The register was abolished in 2008."),
    JargonTerm("CPP", "child protection plan"),
    JargonTerm("core group", "the group of family and workers who meet to check the plan"),
    JargonTerm("strategy discussion", "a meeting between social care, police and health to decide what to do"),
    JargonTerm("strategy meeting", "a meeting between social care, police and health to decide what to do"),
    JargonTerm("LADO", "the council officer who looks into worries about adults who work with children"),
    JargonTerm("MASH", "the team that first looks at worries about a child"),
    JargonTerm("front door", "the team that first looks at worries about a child"),
    JargonTerm("threshold", "the level of worry at which we must act"),
    JargonTerm("escalate to", "pass to"),
    JargonTerm("escalated to", "passed to"),
    JargonTerm("escalation", "passing the worry on to someone more senior"),
    JargonTerm("step down", "move to less support from us"),
    JargonTerm("stepped down", "moved to less support from us"),
    JargonTerm("NFA", "no further action"),
    JargonTerm("referral", "the call or message to children's services"),
    JargonTerm("re-referral", "another call or message to children's services"),
    JargonTerm("single assessment", "our assessment of how things are for the children"),
    JargonTerm("C&F assessment", "our assessment of how things are for the children"),
    JargonTerm("pre-birth assessment", "our assessment before the baby is born"),
    JargonTerm("statutory", "required by law"),
    JargonTerm("allocated worker", "your social worker"),
    JargonTerm("duty worker", "the social worker on call today"),
    JargonTerm("chronology", "a list of what happened and when"),
    JargonTerm("genogram", "family tree"),
    JargonTerm("ecomap", "a drawing of the people and services around the family"),
    JargonTerm("direct work", "time spent with the child"),
    JargonTerm("life story work", "helping the child understand their story"),
    # Agencies, roles and their abbreviations
    JargonTerm("CSC", "children's services"),
    JargonTerm("LA", "the council"),
    JargonTerm("local authority", "the council"),
    JargonTerm("SW", "social worker"),
    JargonTerm("FSW", "family support worker"),
    JargonTerm("TM", "team manager"),
    JargonTerm("HV", "health visitor"),
    JargonTerm("DSL", "the teacher in charge of keeping children safe at school"),
    JargonTerm("SENCO", "the teacher in charge of extra help at school"),
    JargonTerm("SEN", "extra help with learning"),
    JargonTerm("SEND", "extra help with learning or a disability"),
    JargonTerm("EHCP", "the child's education, health and care plan"),
    JargonTerm("EWO", "education welfare officer"),
    JargonTerm("CAMHS", "the children's mental health service"),
    JargonTerm("YOT", "the youth justice team"),
    JargonTerm("YJS", "the youth justice team"),
    JargonTerm("MARAC", "a meeting of services to plan safety for people at high risk of domestic abuse"),
    JargonTerm("MAPPA", "the way police and probation manage people who could cause serious harm"),
    JargonTerm("IDVA", "a domestic abuse adviser"),
    JargonTerm("ISVA", "a sexual violence adviser"),
    JargonTerm("NRM", "the process for recognising victims of trafficking or modern slavery"),
    JargonTerm("CAF", "early help assessment"),
    JargonTerm("EHA", "early help assessment"),
    JargonTerm("TAF", "the team of people helping the family"),
    JargonTerm("team around the family", "the people helping the family"),
    JargonTerm("TAC", "the team of people helping the child"),
    JargonTerm("team around the child", "the people helping the child"),
    JargonTerm("FGC", "family group conference: a family meeting to make a plan"),
    JargonTerm("lead professional", "the worker who coordinates the help"),
    JargonTerm("multi-agency", "the different services involved, like school, health and police"),
    JargonTerm("partner agencies", "the other services involved"),
    JargonTerm("CME", "child missing education"),
    JargonTerm("EHE", "taught at home"),
    JargonTerm("MFH", "missing from home"),
    JargonTerm("missing episode", "time the child went missing"),
    JargonTerm("absconded", "ran away"),
    JargonTerm("absconding", "running away"),
    JargonTerm("CYP", "children and young people"),
    JargonTerm("YP", "young person"),
    # Family members and people, by role instead of by name
    JargonTerm("subject child", "the child's name"),
    JargonTerm("index child", "the child's name"),
    JargonTerm("service user", "the person's name"),
    JargonTerm("sibling", "brother or sister"),
    JargonTerm("sibling group", "brothers and sisters"),
    JargonTerm("maternal", "on mum's side"),
    JargonTerm("paternal", "on dad's side"),
    JargonTerm("MGM", "mum's mum"),
    JargonTerm("PGM", "dad's mum"),
    JargonTerm("MGF", "mum's dad"),
    JargonTerm("PGF", "dad's dad"),
    JargonTerm("perpetrator", "the name of the person who did it"),
    JargonTerm("alleged perpetrator", "the name of the person said to have done it"),
    JargonTerm("non-abusing parent", "the parent's name"),
    JargonTerm("non-resident parent", "the parent who lives somewhere else"),
    # Talking about worries without saying who is worried
    JargonTerm("concerns were raised", _WHO_IS_WORRIED, "Say who is worried, by name."),
    JargonTerm("concerns have been raised", _WHO_IS_WORRIED, "Say who is worried, by name."),
    JargonTerm("concerns raised", _WHO_IS_WORRIED, "Say who is worried, by name."),
    JargonTerm("raised concerns", "said they were worried"),
    JargonTerm("there are concerns", _WHO_IS_WORRIED, "Say who is worried, by name."),
    JargonTerm("ongoing concerns", "still worried"),
    JargonTerm("low level concerns", "smaller worries"),
    JargonTerm("safeguarding", "keeping children safe"),
    JargonTerm("safeguard", "keep safe"),
    JargonTerm("contextual safeguarding", "keeping children safe outside the home"),
    JargonTerm("risk factors", "what we are worried about"),
    JargonTerm("protective factors", "what is working well"),
    JargonTerm("at risk of harm", "could be hurt"),
    JargonTerm("at risk of significant harm", "could be badly hurt"),
    JargonTerm("ACEs", "hard things that happened in childhood"),
    JargonTerm("adverse childhood experiences", "hard things that happened in childhood"),
    JargonTerm("trauma-informed", "aware of what the person has been through"),
    JargonTerm("lived experience", "what life is like for the child"),
    JargonTerm("voice of the child", "what the child says"),
    JargonTerm("disclosed", "told"),
    JargonTerm("disclosure", "what the child told"),
    JargonTerm("made a disclosure", "told"),
    JargonTerm("allegation", "what someone said happened"),
    JargonTerm("presenting as", "seemed", "Say what you saw or heard."),
    JargonTerm("presents as", "seems", "Say what you saw or heard."),
    JargonTerm("presented as", "seemed", "Say what you saw or heard."),
    JargonTerm("failed to", "did not"),
    JargonTerm("failure to", "did not"),
    JargonTerm("deficit", "what is missing"),
    JargonTerm("failure to thrive", "not growing or gaining weight as expected"),
    JargonTerm("faltering growth", "not growing or gaining weight as expected"),
    # Office words
    JargonTerm("intervention", "help"),
    JargonTerm("package of support", "help"),
    JargonTerm("support package", "help"),
    JargonTerm("holistic", "whole"),
    JargonTerm("robust", "clear and strong"),
    JargonTerm("going forward", "from now on"),
    JargonTerm("moving forward", "from now on"),
    JargonTerm("in relation to", "about"),
    JargonTerm("with regard to", "about"),
    JargonTerm("with regards to", "about"),
    JargonTerm("re", "about"),
    JargonTerm("prior to", "before"),
    JargonTerm("in a timely manner", "soon"),
    JargonTerm("utilise", "use"),
    JargonTerm("facilitate", "arrange"),
    JargonTerm("liaise with", "talk to"),
    JargonTerm("ascertain", "find out"),
    JargonTerm("commence", "start"),
    JargonTerm("reside", "live"),
    JargonTerm("parenting capacity", "how well the parents can look after the children"),
    JargonTerm("capacity to change", "whether the parents can make the changes"),
    JargonTerm("MH", "mental health"),
    # Labels: name a harm or judge a person instead of saying what happened
    JargonTerm("DV", _WHO_DID_WHAT, label=True),
    JargonTerm("DA", _WHO_DID_WHAT, label=True),
    JargonTerm("domestic violence", _WHO_DID_WHAT, label=True),
    JargonTerm("domestic abuse", _WHO_DID_WHAT, label=True),
    JargonTerm("domestic incident", _WHO_DID_WHAT, label=True),
    JargonTerm("IPV", _WHO_DID_WHAT, label=True),
    JargonTerm("intimate partner violence", _WHO_DID_WHAT, label=True),
    JargonTerm("coercive control", _WHO_DID_WHAT, label=True),
    JargonTerm("parental conflict", _WHO_DID_WHAT, label=True),
    JargonTerm("neglect", _WHAT_WENT_WITHOUT, label=True),
    JargonTerm("neglectful", _WHAT_WENT_WITHOUT, label=True),
    JargonTerm("neglected", _WHAT_WENT_WITHOUT, label=True),
    JargonTerm("self-neglect", _HOW_IT_SHOWS, label=True),
    JargonTerm(
        "poor home conditions",
        "what you saw in the home, for example “there was dog mess on the kitchen floor”",
        label=True,
    ),
    JargonTerm(
        "poor hygiene", "what you saw, for example “Jirra was wearing the same dirty clothes all week”", label=True
    ),
    JargonTerm("emotional abuse", _WHAT_WAS_SAID, label=True),
    JargonTerm("emotional harm", _WHAT_WAS_SAID, label=True),
    JargonTerm("physical abuse", _WHAT_HAPPENED, label=True),
    JargonTerm("sexual abuse", "what the child said or what was seen, in the words used", label=True),
    JargonTerm("CSA", "what the child said or what was seen, in the words used", label=True),
    JargonTerm("significant harm", _WHAT_HAPPENED, label=True),
    JargonTerm("cumulative harm", "what has happened again and again, and for how long", label=True),
    JargonTerm("NAI", _WHAT_HAPPENED, "Short for “non-accidental injury”.", label=True),
    JargonTerm("non-accidental injury", _WHAT_HAPPENED, label=True),
    JargonTerm("failure to protect", _WHAT_THEY_DID, label=True),
    JargonTerm(
        "CSE",
        "what is happening to the child, with whom, for example “Darel is given money to carry parcels”",
        label=True,
    ),
    JargonTerm("child sexual exploitation", "what is happening to the child, and with whom", label=True),
    JargonTerm(
        "CCE",
        "what is happening to the child, with whom, for example “Darel is given money to carry parcels”",
        label=True,
    ),
    JargonTerm("child criminal exploitation", "what is happening to the child, and with whom", label=True),
    JargonTerm(
        "county lines",
        "what is happening to the child, with whom, for example “Darel is given money to carry parcels”",
        label=True,
    ),
    JargonTerm("non-engagement", _WHAT_THEY_DID, label=True),
    JargonTerm("not engaging", _WHAT_THEY_DID, label=True),
    JargonTerm("disengaged", _WHAT_THEY_DID, label=True),
    JargonTerm("disengagement", _WHAT_THEY_DID, label=True),
    JargonTerm("poor engagement", _WHAT_THEY_DID, label=True),
    JargonTerm("difficult to engage", _WHAT_THEY_DID, label=True),
    JargonTerm("hard to reach", _WHAT_THEY_DID, label=True),
    JargonTerm("failed to engage", _WHAT_THEY_DID, label=True),
    JargonTerm("engage with services", "work with", "Say who they will work with and what they will do."),
    JargonTerm("disguised compliance", _WHAT_THEY_DID, label=True),
    JargonTerm("non-compliant", _WHAT_THEY_DID, label=True),
    JargonTerm("non-compliance", _WHAT_THEY_DID, label=True),
    JargonTerm("uncooperative", _WHAT_THEY_DID, label=True),
    JargonTerm("resistant", _WHAT_THEY_DID, label=True),
    JargonTerm("resistance", _WHAT_THEY_DID, label=True),
    JargonTerm("hostile", _WHAT_WAS_SAID, label=True),
    JargonTerm("hostility", _WHAT_WAS_SAID, label=True),
    JargonTerm("manipulative", _WHAT_THEY_DID, label=True),
    JargonTerm("lack of insight", "what the person said about the worries, in their words", label=True),
    JargonTerm("minimising", "what the person said about the worries, in their words", label=True),
    JargonTerm("in denial", "what the person said about the worries, in their words", label=True),
    JargonTerm("volatile", _WHO_DID_WHAT, label=True),
    JargonTerm("chaotic", _WHAT_THEY_DID, label=True),
    JargonTerm("chaotic lifestyle", _WHAT_THEY_DID, label=True),
    JargonTerm("toxic trio", "each worry on its own: what happened and who did what", label=True),
    JargonTerm("trigger trio", "each worry on its own: what happened and who did what", label=True),
    JargonTerm("inappropriate", "what was done or said, and why it worries you", label=True),
    JargonTerm("substance misuse", _WHAT_WAS_USED, label=True),
    JargonTerm("substance abuse", _WHAT_WAS_USED, label=True),
    JargonTerm("drug misuse", _WHAT_WAS_USED, label=True),
    JargonTerm("alcohol misuse", _WHAT_WAS_USED, label=True),
    JargonTerm("mental health issues", _HOW_IT_SHOWS, label=True),
    JargonTerm("mental health difficulties", _HOW_IT_SHOWS, label=True),
    JargonTerm("poor mental health", _HOW_IT_SHOWS, label=True),
    JargonTerm("MH issues", _HOW_IT_SHOWS, label=True),
    JargonTerm("poor parenting", _WHAT_THEY_DID, label=True),
    JargonTerm(
        "lack of boundaries", "what the rules are and what happens, for example “Darel stays out until 2am”", label=True
    ),
    JargonTerm(
        "poor boundaries", "what the rules are and what happens, for example “Darel stays out until 2am”", label=True
    ),
    JargonTerm("challenging behaviour", _WHAT_CHILD_DOES, label=True),
    JargonTerm("behavioural issues", _WHAT_CHILD_DOES, label=True),
    JargonTerm("anger issues", _WHAT_CHILD_DOES, label=True),
    JargonTerm("attachment issues", _WHAT_CHILD_DOES, label=True),
    JargonTerm("dysregulated", _WHAT_CHILD_DOES, label=True),
    JargonTerm("risky behaviour", _WHAT_CHILD_DOES, label=True),
)


# Danger statements: words for what a caregiver does or does not do, in every form.
BEHAVIOUR_WORDS: frozenset[str] = frozenset({
    "hit", "hits", "hitting", "smack", "smacks", "smacked", "smacking", "slap", "slaps", "slapped", "slapping", "punch",
    "punches", "punched", "punching", "kick", "kicks", "kicked", "kicking", "boot", "boots", "booted", "booting",
    "push", "pushes", "pushed", "pushing", "shove", "shoves", "shoved", "shoving", "grab", "grabs", "grabbed",
    "grabbing", "shake", "shakes", "shook", "shaken", "shaking", "throw", "throws", "threw", "thrown", "throwing",
    "break", "breaks", "broke", "breaking", "smash", "smashes", "smashed", "smashing", "bite", "bites", "bit", "bitten",
    "biting", "choke", "chokes", "choked", "choking", "strangle", "strangles", "strangled", "strangling", "stab",
    "stabs", "stabbed", "stabbing", "pull", "pulls", "pulled", "pulling", "drag", "drags", "dragged", "dragging",
    "hold", "holds", "held", "holding", "lock", "locks", "locked", "locking", "scream", "screams", "screamed",
    "screaming", "shout", "shouts", "shouted", "shouting", "yell", "yells", "yelled", "yelling", "swear", "swears",
    "swore", "sworn", "swearing", "threaten", "threatens", "threatened", "threatening", "argue", "argues", "argued",
    "arguing", "fight", "fights", "fought", "fighting", "call", "calls", "called", "calling", "blame", "blames",
    "blamed", "blaming", "criticise", "criticises", "criticised", "criticising", "ignore", "ignores", "ignored",
    "ignoring", "humiliate", "humiliates", "humiliated", "humiliating", "tell", "tells", "told", "telling", "leave",
    "leaves", "left", "leaving", "forget", "forgets", "forgot", "forgotten", "forgetting", "drink", "drinks", "drank",
    "drunk", "drinking", "smoke", "smokes", "smoked", "smoking", "inject", "injects", "injected", "injecting", "drive",
    "drives", "drove", "driven", "driving", "feed", "feeds", "fed", "feeding", "wash", "washes", "washed", "washing",
    "clean", "cleans", "cleaned", "cleaning", "bath", "baths", "bathed", "bathing", "bathe", "supervise", "supervises",
    "supervised", "supervising", "watch", "watches", "watched", "watching", "protect", "protects", "protected",
    "protecting", "collect", "collects", "collected", "collecting", "take", "takes", "took", "taken", "taking", "bring",
    "brings", "brought", "bringing", "send", "sends", "sent", "sending", "keep", "keeps", "kept", "keeping", "let",
    "lets", "letting", "allow", "allows", "allowed", "allowing", "touch", "touches", "touched", "touching", "steal",
    "steals", "stole", "stolen", "stealing", "sell", "sells", "sold", "selling", "miss", "misses", "missed", "attend",
    "attends", "attended", "attending", "refuse", "refuses", "refused", "refusing", "starve", "starves", "starved",
    "control", "controls", "controlled", "controlling",
})  # fmt: skip

# Danger statements: what could happen to the child. Phrases match whole words, ignoring case.
IMPACT_PHRASES: tuple[str, ...] = (
    "hurt", "hurts", "harm", "harmed", "injure", "injured", "injury", "injuries",
    "upset", "frightened", "scared", "afraid", "terrified", "fear",
    "die", "dies", "died", "dying", "killed", "dead", "death",
    "bruise", "bruises", "bruised", "bruising", "cut", "cuts", "burn", "burns", "burned", "burnt",
    "broken bone", "broken bones", "fracture", "fractures", "accident", "drown", "fall", "overdose", "poisoned",
    "miss school", "missing school", "miss out", "fall behind", "behind at school",
    "hungry", "starving", "underweight", "not grow", "sick", "ill", "unwell", "in pain",
    "lonely", "sad", "unhappy", "anxious", "cry", "cries", "crying", "nightmares", "wet the bed",
    "unsafe", "not safe", "confused", "blame themselves", "blame herself", "blame himself",
    "think it is ok", "think it's ok", "think it is okay", "think it's okay", "think that this is",
    "think this is", "learn that", "grow up", "copy",
    "trouble with the police", "violent relationships", "same problems",
    "self-harm", "run away", "go missing", "come into care", "live away from",
)  # fmt: skip

# Safety goals: a "will …" that says how someone will feel or what they will notice is not an action.
NOT_ACTIONS: frozenset[str] = frozenset({
    "be", "feel", "feels", "see", "know", "have", "think", "seem", "hear", "notice", "understand", "believe", "learn",
    "grow", "need", "want", "not", "never",
})  # fmt: skip

# Who-is-worried: words before "is worried" that name someone by role, not by name.
ROLE_WORDS: frozenset[str] = frozenset({
    "i", "we", "worker", "school", "teacher", "nursery", "college", "police", "officer", "health", "visitor", "nurse",
    "midwife", "doctor", "gp", "paediatrician", "hospital", "manager", "grandma", "grandmother", "nan", "nana", "nanna",
    "gran", "grandad", "grandpa", "grandfather", "aunt", "auntie", "aunty", "uncle", "cousin", "neighbour", "friend",
    "mum", "dad", "mother", "father", "carer", "carers", "sister", "brother", "family", "parents",
})  # fmt: skip

# Capitalised words that start a sentence without naming anyone.
NOT_NAMES: frozenset[str] = frozenset({
    "it", "there", "this", "that", "these", "those", "the", "a", "an", "everyone", "everybody", "someone", "somebody",
    "people", "professionals", "agencies", "services", "they", "he", "she", "concerns", "worries", "some", "many",
    "all", "others", "staff",
})  # fmt: skip

# Safety goals: a positive turn for the behaviour after "will not …", keyed by the word after it.
# Only verbs whose meaning is clear on their own: "will not take" could be drugs or the children.
TURN_ROUND: dict[str, str] = {
    "argue": "sort out disagreements calmly",
    "fight": "sort out problems calmly",
    "shout": "speak calmly to each other and to the children",
    "scream": "speak calmly to each other and to the children",
    "yell": "speak calmly to each other and to the children",
    "swear": "speak calmly to each other and to the children",
    "hit": "use calm ways to guide the children, like talking with them or time out",
    "smack": "use calm ways to guide the children, like talking with them or time out",
    "hurt": "keep the children safe and use calm ways to guide them",
    "throw": "walk away and calm down when they feel angry",
    "drink": "make sure a sober adult is always looking after the children",
    "leave": "make sure a safe adult is always with the children",
    "left": "make sure a safe adult is always with the children",
    "drive": "drive safely, with the children in car seats",
}

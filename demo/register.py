"""The demo's register and what follows from it: the advisory board's recommendations and
the committee's answers, what became of each decision, the action items a committee assigned,
and the communications team's public updates.
"""

from __future__ import annotations

from dataclasses import dataclass

from governance.enums import ActionStatus, Classification, RecommendationStatus, UpdateStatus

PUB, INT, CONF, RES = (
    Classification.PUBLIC,
    Classification.INTERNAL,
    Classification.CONFIDENTIAL,
    Classification.RESTRICTED,
)

# ------------------------------------------------------------------ recommendations


@dataclass(frozen=True)
class RecommendationSpec:
    key: str
    to: str
    title: str
    text: str
    rationale: str
    status: RecommendationStatus  # how far it went; past SUBMITTED, the committee's answer
    classification: Classification
    drafted: int
    submitted: int | None = None  # by the board's secretary
    # the committee's answer (to `status`): text, by, day, decision key
    response: tuple[str, str, int, str | None] | None = None
    drafter: str = "advisor"


RS = RecommendationStatus

RECOMMENDATIONS = [
    RecommendationSpec("idp", "sc", "Align municipal IDPs with the District Development Model",
        "Participating municipalities align their integrated development plans with the "
        "District Development Model one plan, and the MCPP funds planning advisers to do so.",
        "Alignment of municipal policies with national and provincial frameworks.", RS.ACCEPTED,
        PUB, -66, -62, ("Accepted: planning advisers are funded for the next IDP cycle.",
                        "chair", -35, "d_idp")),
    RecommendationSpec("kpi", "sc", "A standardized KPI framework and digital dashboard",
        "Adopt a standardized KPI framework for the focus areas and a digital dashboard for "
        "monitoring strategy implementation, shared with every partner.",
        "Standardized reporting frameworks for policy and strategy monitoring.",
        RS.UNDER_REVIEW, INT, -66, -62, ("Under review: the secretariat prepares the "
                                         "committee's response.", "secretary", -50, None)),
    RecommendationSpec("crisis", "sc", "Confidential handling of politically sensitive matters",
        "Put in place rapid communication protocols for policy disputes and a risk "
        "communication framework, with confidential handling of politically sensitive "
        "information such as tariff negotiations.", "Crisis and sensitive communication.",
        RS.SUBMITTED, CONF, -9, -5, drafter="pab_giz"),
    RecommendationSpec("consultancy", "sc", "Revenue from consultancy by programme staff",
        "Programme staff offer paid consultancy and training to non-participating "
        "municipalities to fund the programme's sustainability.",
        "Revenue generation through consultancy, workshops and training.", RS.REJECTED, INT,
        -60, -55, ("Rejected: paid consultancy by programme staff would conflict with the "
                   "partners' funding commitments.", "secretary", -30, None)),
    RecommendationSpec("water_account", "sc", "Ring-fenced water trading account for Gamagara",
        "Make a ring-fenced water trading account a condition of the bulk water agreement.",
        "Municipal financial viability of water services.", RS.DRAFT, RES, -4),
    RecommendationSpec("interns", "ou", "University internships in the Operations Unit",
        "Host policy research interns from the University of Limpopo and Wits in the "
        "Operations Unit, with a shared knowledge repository of municipal policies.",
        "Internships and knowledge exchange programmes.", RS.SUBMITTED, PUB, -15, -12),
]  # fmt: skip

# ------------------------------------------------------------------ decisions


@dataclass(frozen=True)
class Resolution:
    """A decision taken without a motion (by round-robin resolution), recorded directly."""

    body: str
    day: int
    title: str
    text: str
    classification: Classification


@dataclass(frozen=True)
class DecisionSpec:
    """What became of a decision: the motion whose adoption recorded it (its reference, date
    and classification are the register's and the rule's), what it names when recorded (an
    agreement, a recommendation, the decision it supersedes), and what followed."""

    key: str
    motion: str | Resolution
    cleared: bool = False  # cleared for release the day after it was taken
    agreement: str | None = None
    recommendation: str | None = None
    supersedes: str | None = None
    revoked: tuple[int, str] | None = None  # day, reason


DECISIONS = [
    DecisionSpec("d_focus", "sc1_focus", cleared=True, agreement="framework"),
    DecisionSpec("d_gamagara", "sc1_gamagara", agreement="gamagara_water"),
    DecisionSpec("d_revenue1", "sc2_revenue", agreement="revenue"),
    DecisionSpec("d_ta", "sc2_ta", agreement="tubatse_assets", revoked=(-40,
        "The preferred bidder withdrew; the procurement is to be run again.")),
    DecisionSpec("d_revenue2", "sc3_revenue", cleared=True, agreement="revenue",
        supersedes="d_revenue1"),
    DecisionSpec("d_idp", "sc3_idp", cleared=True, recommendation="idp"),
    DecisionSpec("d_protocol", "sc3_protocol"),
    DecisionSpec("d_forensic", "sc4_forensic", agreement="wastewater"),
    DecisionSpec("d_tanker", Resolution("sc", -3,
        "Emergency water tankering for Thabazimbi",
        "By round-robin resolution, Anglo American Platinum funds water tankers for the "
        "affected Thabazimbi wards for up to three weeks while the bulk supply is restored.",
        INT), cleared=True),
    DecisionSpec("d_audit", "ou1_audit"),
    DecisionSpec("d_plan", "cf1_plan", cleared=True, agreement="kati_plan"),
    DecisionSpec("d_committee", "cf1_committee", cleared=True),
    DecisionSpec("d_obstacle", "mc1_obstacle"),
]  # fmt: skip

# ------------------------------------------------------------------ action items

AS_ = ActionStatus
# committee, title, owner person, owner organization, day assigned, due day, status reported
# (by the owner person, else the committee's secretary), classification, decision. The actions
# of Kati's three-month action plan are the consultation framework's: demo/results.py.
ACTION_ITEMS = [
    ("sc", "Circulate the focus area implementation plans to all partners", "secretary", None, -84,
     -60, AS_.DONE, PUB, "d_focus"),
    ("sc", "Submit the billing data cleansing plan", None, "thabazimbi", -35, -10, AS_.OPEN, INT,
     "d_revenue2"),
    ("sc", "Coordinate the tanker schedule with the ward committees", None, "thabazimbi", -3, -1,
     AS_.IN_PROGRESS, PUB, "d_tanker"),
    ("sc", "Update the Gamagara bulk water feasibility study", None, "kumba", -84, 30,
     AS_.IN_PROGRESS, CONF, "d_gamagara"),
    ("sc", "Brief the forensic reviewers on the wastewater works contract", "chair", None, -21, 7,
     AS_.OPEN, RES, "d_forensic"),
    ("sc", "Prepare the response to the KPI dashboard recommendation", "secretary", None, -50, 14,
     AS_.OPEN, INT, None),
    ("sc", "Rerun the asset register procurement", None, "amplats", -40, -20, AS_.CANCELLED, INT,
     "d_ta"),
    ("sc", "Deliver the municipal champions' coaching calendar", "member", None, -84, -45,
     AS_.BLOCKED, INT, None),
    ("mc", "Signaler les obstacles au cadre de concertation", "monitor", None, -30, 18, AS_.OPEN,
     INT, "d_obstacle"),
]  # fmt: skip

# ------------------------------------------------------------------ updates

US = UpdateStatus
# title, summary, body, status, urgent, decisions, drafted day, published day, retraction.
# Drafted by one communications officer, approved by the other (the day before it was published,
# or the day after it was drafted), published and retracted by its author.
FOCUS_AREAS = "MCPP partners agree four focus areas for municipal collaboration"
KATI_PLAN = "Kati adopte un plan d'action de trois mois avec ses coopératives"
# Each update's language when not English: Kati's consultation framework works in French.
UPDATE_LANGUAGES = {KATI_PLAN: "fr"}

UPDATES = [
    (FOCUS_AREAS,
     "Water, infrastructure, development planning and financial viability.",
     "The MCPP Steering Committee adopted four municipal function focus areas: strategic "
     "water management, infrastructure lifecycle management, strategic development planning "
     "and municipal financial viability.", US.PUBLISHED, False, ("d_focus",), -83, -80, None),
    (KATI_PLAN,
     "Le cadre de concertation de Kati adopte son plan d'action.",
     "La commune de Kati, ses coopératives de beurre de karité et de maraîchage et leurs "
     "partenaires ont adopté un plan d'action de trois mois et installé un comité de suivi.",
     US.PUBLISHED, False, ("d_plan", "d_committee"), -69, -66, None),
    ("Revenue enhancement support for Thabazimbi approved",
     "Phase 1 widened to a meter audit.",
     "Anglo American Platinum will fund phase 1 of revenue enhancement support to Thabazimbi "
     "Local Municipality, now including a meter audit.", US.PUBLISHED, False, ("d_revenue2",),
     -33, -30, None),
    ("Thabazimbi water supply interruption: emergency tankers deployed",
     "Water tankers serve the affected wards while the bulk supply is restored.",
     "Water tankers are serving the affected Thabazimbi wards. Residents should store water "
     "safely and report leaks to the municipality. Schedules are posted at ward offices.",
     US.PUBLISHED, True, ("d_tanker",), -3, -2, None),
    ("Gamagara water tariff relief announced", None,
     "Gamagara residents will receive water tariff relief.", US.RETRACTED, False, (), -52, -50,
     (-49, "Published in error: the figures had not been cleared by the Steering Committee.")),
    ("Advisory board recommendation on IDP alignment accepted", None,
     "The Steering Committee accepted the Partnership Advisory Board's recommendation to align "
     "municipal IDPs with the District Development Model.", US.APPROVED, False, ("d_idp",), -8,
     None, None),
    ("Have your say: youth and women in municipal policy", None,
     "Public consultation forums on municipal policy will be held in each participating "
     "municipality; youth, women and marginalised groups are especially invited.",
     US.IN_REVIEW, False, (), -4, None, None),
    ("Saving water in Kathu and Olifantshoek", None,
     "Draft: practical water conservation advice for Gamagara residents.", US.DRAFT, False, (),
     -1, None, None),
]  # fmt: skip


@dataclass(frozen=True)
class UpdateTranslation:
    """A published update's translation, drafted, reviewed and published on its own."""

    of: str  # the original's title
    language: str
    title: str
    summary: str
    body: str
    drafted: int
    published: int


UPDATE_TRANSLATIONS = [
    UpdateTranslation(
        FOCUS_AREAS, "fr",
        "Les partenaires du MCPP retiennent quatre domaines prioritaires de collaboration "
        "municipale",
        "L'eau, les infrastructures, la planification du développement et la viabilité "
        "financière.",
        "Le comité de pilotage du MCPP a adopté quatre domaines prioritaires de compétence "
        "municipale : la gestion stratégique de l'eau, la gestion du cycle de vie des "
        "infrastructures, la planification stratégique du développement et la viabilité "
        "financière des municipalités.",
        -79, -77,
    ),
    UpdateTranslation(
        KATI_PLAN, "en",
        "Kati adopts a three-month action plan with its cooperatives",
        "Kati's consultation framework adopts its action plan.",
        "The commune of Kati, its shea butter and market gardening cooperatives and their "
        "partners agreed a three-month action plan and installed a monitoring committee.",
        -65, -64,
    ),
]  # fmt: skip

"""The demo programme: the MCPP, SayPro and PACT (Mali) partnerships, loaded in one go."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from tortoise.transactions import in_transaction

from governance.credentials import hash_password
from governance.enums import (
    ActionStatus,
    AgreementStatus,
    AttendanceStatus,
    BodyKind,
    Classification,
    CommitmentStatus,
    DecisionStatus,
    MeetingStatus,
    MemberRole,
    MinutesStatus,
    MotionOutcome,
    MotionStatus,
    OrganizationKind,
    PartyRole,
    RecommendationStatus,
    ReleaseStatus,
    UpdateStatus,
    VoteChoice,
    VotingRule,
)
from governance.models import (
    AccessGrant,
    ActionItem,
    AgendaItem,
    Agreement,
    AgreementParty,
    Attendance,
    Body,
    Commitment,
    Decision,
    EligibleVoter,
    FocusArea,
    Meeting,
    Membership,
    Minutes,
    MinutesVersion,
    Motion,
    Organization,
    Person,
    Recommendation,
    ReferenceCounter,
    Update,
    Vote,
)

DEMO_PASSWORD = "indaba-demo"  # noqa: S105 - published on purpose: it is the demo's

PUB, INT, CONF, RES = (
    Classification.PUBLIC,
    Classification.INTERNAL,
    Classification.CONFIDENTIAL,
    Classification.RESTRICTED,
)
FOR, AGAINST, ABSTAIN = VoteChoice.FOR, VoteChoice.AGAINST, VoteChoice.ABSTAIN
CHAIR, DEPUTY, SECRETARY, MEMBER, OBSERVER = (
    MemberRole.CHAIR,
    MemberRole.DEPUTY_CHAIR,
    MemberRole.SECRETARY,
    MemberRole.MEMBER,
    MemberRole.OBSERVER,
)
APOLOGIES, ABSENT = AttendanceStatus.APOLOGIES, AttendanceStatus.ABSENT
ZAR = "ZAR"
XOF = "XOF"  # no minor unit: amounts are whole francs
RAND = 100  # cents per rand


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    role: str


# ------------------------------------------------------------------ organizations and people

OK = OrganizationKind
ORGANIZATIONS = [
    ("anglo", "Anglo American", OK.PRIVATE_SECTOR),
    ("amplats", "Anglo American Platinum", OK.PRIVATE_SECTOR),
    ("kumba", "Kumba Iron Ore", OK.PRIVATE_SECTOR),
    ("debeers", "De Beers", OK.PRIVATE_SECTOR),
    ("dcog", "Department of Cooperative Governance", OK.NATIONAL_GOVERNMENT),
    ("limpopo", "Limpopo Department of Co-operative Governance, Human Settlements and "
     "Traditional Affairs", OK.PROVINCIAL_GOVERNMENT),
    ("thabazimbi", "Thabazimbi Local Municipality", OK.MUNICIPALITY),
    ("gamagara", "Gamagara Local Municipality", OK.MUNICIPALITY),
    ("tubatse", "Greater Tubatse/Fetakgomo Local Municipality", OK.MUNICIPALITY),
    ("musina", "Musina Local Municipality", OK.MUNICIPALITY),
    ("wards", "Thabazimbi Ward Committees Forum", OK.COMMUNITY_GROUP),
    ("saypro", "SayPro", OK.NGO),
    ("ul", "University of Limpopo", OK.ACADEMIC),
    ("wits", "University of the Witwatersrand", OK.ACADEMIC),
    ("giz", "Deutsche Gesellschaft für Internationale Zusammenarbeit (GIZ)",
     OK.DEVELOPMENT_PARTNER),
    ("kati", "Commune de Kati", OK.MUNICIPALITY),
    ("agri", "Service local de l'agriculture de Kati", OK.NATIONAL_GOVERNMENT),
    ("shea", "Coopérative des femmes productrices de beurre de karité de Kati", OK.COOPERATIVE),
    ("gardeners", "Coopérative des maraîchers de Kati", OK.COOPERATIVE),
    ("radio", "Radio Rurale de Kati", OK.MEDIA),
]  # fmt: skip

# key (also the mailbox), name, title, organization, role shown by `make run`, admin, comms
ACCOUNTS = [
    ("admin", "Naledi Mokoena", "Platform administrator", None,
     "Platform admin (no memberships)", True, False),
    ("chair", "Thandiwe Mahlangu", "Chief Director: Municipal Support", "dcog",
     "Steering committee chair (MCPP); plain member of the SayPro Operations Unit", False, False),
    ("secretary", "Sipho Ndlovu", "MCPP programme manager", "anglo",
     "Steering committee secretary (MCPP)", False, False),
    ("member", "Lerato Maseko", "Head of Social Performance", "amplats",
     "Steering committee voting member (Anglo American Platinum)", False, False),
    ("participant", "Thabo Molefe", "Ward committees forum coordinator", "wards",
     "Participant with no memberships", False, False),
    ("party", "Kgomotso Diale", "Chief Financial Officer", "gamagara",
     "Gamagara municipality, party to a confidential agreement, not on the committee",
     False, False),
    ("advisor", "Ayanda Khumalo", "Senior lecturer, public administration", "ul",
     "Partnership Advisory Board member (SayPro)", False, False),
    ("comms", "Zanele Dube", "Communications officer", "saypro",
     "Communications officer (drafts updates)", False, True),
    ("comms2", "Michael Pillay", "Corporate affairs manager", "anglo",
     "Communications officer (reviews and approves updates)", False, True),
    ("monitor", "Fatoumata Coulibaly", "Présidente, coopérative des productrices de karité",
     "shea", "Monitoring committee member (Kati three-month action plan)", False, False),
]  # fmt: skip

# People without a password (API-only partners, or not yet signed up).
PEOPLE = [
    ("deputy", "Nomvula Sithole", "Head of Municipal Partnerships", "anglo"),
    ("kumba_rep", "Johan Pretorius", "Community development manager, Sishen mine", "kumba"),
    ("debeers_rep", "Refilwe Mokoena", "Social performance lead, Venetia mine", "debeers"),
    ("thabazimbi_mm", "Mpho Baloyi", "Municipal manager", "thabazimbi"),
    ("tubatse_mm", "Tshepo Mashego", "Municipal manager", "tubatse"),
    ("gamagara_mm", "Kagiso Mothibi", "Former municipal manager", "gamagara"),
    ("coghsta", "Rudzani Netshiavha", "Director: Municipal Finance Support", "limpopo"),
    ("ou_head", "Keabetswe Molefe", "Head, Policy and Strategy Operations Unit", "saypro"),
    ("ou_sec", "Ntombi Zulu", "Documentation and reporting officer", "saypro"),
    ("ou_member", "Lwazi Nkosi", "Stakeholder engagement coordinator", "saypro"),
    ("idp", "Precious Mabunda", "IDP manager", "thabazimbi"),
    ("pab_chair", "Mandla Zungu", "Professor, Wits School of Governance", "wits"),
    ("pab_sec", "Palesa Nhlapo", "Partnerships officer", "saypro"),
    ("pab_giz", "Katrin Weber", "Governance adviser", "giz"),
    ("dcog_obs", "Dineo Phiri", "Deputy Director: Intergovernmental Relations", "dcog"),
    ("mayor", "Moussa Diarra", "Maire de Kati", "kati"),
    ("deputy_mayor", "Mariam Sidibé", "Première adjointe au maire", "kati"),
    ("commune_sg", "Awa Keïta", "Secrétaire générale de la mairie", "kati"),
    ("gardeners_rep", "Bakary Sangaré", "Président, coopérative des maraîchers", "gardeners"),
    ("agri_rep", "Seydou Traoré", "Chef du service local de l'agriculture", "agri"),
    ("pact", "Dieneba Cissé", "Spécialiste, Programme d'appui aux collectivités territoriales",
     "giz"),
    ("radio_rep", "Oumar Konaté", "Journaliste", "radio"),
]  # fmt: skip


def demo_accounts() -> list[DemoAccount]:
    return [DemoAccount(f"{key}@example.org", name, role) for key, name, _, _, role, *_ in ACCOUNTS]


def _mailbox(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return ".".join(ascii_name.lower().split()) + "@example.org"


# ------------------------------------------------------------------ bodies

# key, name, slug, kind, prefix, quorum, first day (relative to today), mandate
BODIES = [
    ("sc", "MCPP Steering Committee", "mcpp-steering-committee", BodyKind.STEERING_COMMITTEE,
     "SC", 3, -400,
     "Steers the Municipal Capacity Partnership Programme between Anglo American and the "
     "Department of Cooperative Governance, with Anglo American Platinum, Kumba Iron Ore, "
     "De Beers and the participating municipalities: agrees priorities with partners, "
     "co-designs, reviews and adapts interventions, removes blockages across municipal "
     "service delivery value chains, and governs the partnership agreements in the focus "
     "areas of strategic water management, infrastructure lifecycle management, strategic "
     "development planning and municipal financial viability."),
    ("ou", "SayPro Policy and Strategy Operations Unit", "saypro-operations-unit",
     BodyKind.OPERATIONS_UNIT, "OU", 2, -300,
     "Day-to-day management of municipal policies and strategies; coordination of "
     "stakeholder engagement and feedback; documentation and reporting management."),
    ("pab", "SayPro Partnership Advisory Board", "saypro-partnership-advisory-board",
     BodyKind.ADVISORY_BOARD, "PAB", 3, -300,
     "External guidance on policy and strategy best practices; recommendations for "
     "innovation and improvement; sustainability and capacity-building of partnerships."),
    ("cf", "Kati commune and private sector consultation framework", "kati-consultation-framework",
     BodyKind.CONSULTATION_FRAMEWORK, "CF", 4, -150,
     "Cadre de concertation entre la commune et le secteur privé. Brings together the "
     "commune, the shea butter and market gardening cooperatives, the local technical "
     "services, PACT/GIZ and NGOs to identify the sectors' investment needs, factor them "
     "into commune planning (PDESC) and agree a three-month action plan."),
    ("mc", "Kati action plan monitoring committee", "kati-action-plan-monitoring-committee",
     BodyKind.MONITORING_COMMITTEE, "MC", 3, -70,
     "Installed by the consultation framework to see the three-month action plan implemented "
     "on schedule, identify obstacles to implementation and report them to the consultation "
     "framework so that a new action plan can be agreed."),
]  # fmt: skip

# body: (person, role, voting rights, last day + 1 relative to today or None)
MEMBERSHIPS: dict[str, list[tuple[str, MemberRole, bool, int | None]]] = {
    "sc": [
        ("chair", CHAIR, True, None),
        ("deputy", DEPUTY, True, None),
        ("secretary", SECRETARY, False, None),
        ("member", MEMBER, True, None),
        ("kumba_rep", MEMBER, True, None),
        ("debeers_rep", MEMBER, True, None),
        ("thabazimbi_mm", MEMBER, True, None),
        ("tubatse_mm", MEMBER, True, None),
        ("gamagara_mm", MEMBER, True, -60),
        ("coghsta", OBSERVER, False, None),
    ],
    "ou": [
        ("ou_head", CHAIR, True, None),
        ("ou_sec", SECRETARY, False, None),
        ("ou_member", MEMBER, True, None),
        ("idp", MEMBER, True, None),
        ("chair", MEMBER, True, None),
        ("secretary", OBSERVER, False, None),
    ],
    "pab": [
        ("pab_chair", CHAIR, True, None),
        ("pab_sec", SECRETARY, False, None),
        ("advisor", MEMBER, True, None),
        ("deputy", MEMBER, True, None),
        ("pab_giz", MEMBER, True, None),
        ("dcog_obs", OBSERVER, False, None),
    ],
    "cf": [
        ("mayor", CHAIR, True, None),
        ("deputy_mayor", DEPUTY, True, None),
        ("commune_sg", SECRETARY, False, None),
        ("monitor", MEMBER, True, None),
        ("gardeners_rep", MEMBER, True, None),
        ("agri_rep", MEMBER, False, None),
        ("pact", MEMBER, False, None),
        ("radio_rep", OBSERVER, False, None),
    ],
    "mc": [
        ("deputy_mayor", CHAIR, True, None),
        ("commune_sg", SECRETARY, False, None),
        ("monitor", MEMBER, True, None),
        ("gardeners_rep", MEMBER, True, None),
        ("agri_rep", MEMBER, True, None),
        ("radio_rep", MEMBER, True, None),
    ],
}

# ------------------------------------------------------------------ meetings and motions


@dataclass(frozen=True)
class MeetingSpec:
    key: str
    body: str
    title: str
    day: int
    hour: int
    location: str
    status: MeetingStatus
    classification: Classification
    agenda: tuple[tuple[str, str, Classification], ...]
    absent: tuple[tuple[str, AttendanceStatus], ...] = ()
    minutes: MinutesStatus | None = None
    versions: int = 1


ROSEBANK = "Anglo American, 144 Oxford Road, Rosebank, Johannesburg"
PRETORIA = "Department of Cooperative Governance, 87 Hamilton Street, Arcadia, Pretoria"
ONLINE = "Online (video conference)"
MAIRIE = "Salle des délibérations, Mairie de Kati"
ADJ, SCHED, LIVE = MeetingStatus.ADJOURNED, MeetingStatus.SCHEDULED, MeetingStatus.IN_PROGRESS
MD, MCIRC, MAPP = MinutesStatus.DRAFT, MinutesStatus.CIRCULATED, MinutesStatus.APPROVED

MEETINGS = [
    MeetingSpec("sc1", "sc", "MCPP Steering Committee: first quarterly meeting", -84, 7, ROSEBANK,
        ADJ, PUB, (
            ("Welcome, apologies and declarations of interest", "", PUB),
            ("Municipal function focus areas for collaboration",
             "Agreement on priorities with partners: strategic water management, infrastructure "
             "lifecycle management, strategic development planning and municipal financial "
             "viability.", PUB),
            ("Extending the programme to further municipalities",
             "Proposal to add two participating municipalities this financial year.", PUB),
            ("Closed session: Gamagara bulk water negotiation mandate",
             "Terms Kumba Iron Ore and Gamagara Local Municipality may negotiate within.", CONF),
        ), absent=(("tubatse_mm", APOLOGIES),), minutes=MAPP, versions=3),
    MeetingSpec("sc2", "sc", "Closed session on municipal financial viability", -56, 8, ONLINE,
        ADJ, CONF, (
            ("Thabazimbi revenue enhancement support, phase 1",
             "Billing data cleansing, indigent register review and revenue coaching.", CONF),
            ("Technical assistance for the Tubatse infrastructure asset register",
             "Appointment of a service provider.", CONF),
        ), absent=(("kumba_rep", ABSENT),), minutes=MAPP, versions=2),
    MeetingSpec("sc3", "sc", "MCPP Steering Committee: second quarterly meeting", -35, 7,
        PRETORIA, ADJ, INT, (
            ("Thabazimbi revenue enhancement: amended budget",
             "The phase 1 budget revised after the billing data audit.", INT),
            ("Response to the Partnership Advisory Board on IDP alignment",
             "Recommendation to align municipal IDPs with the District Development Model.", PUB),
            ("Crisis communication protocol",
             "Rapid communication for service interruptions and sensitive matters.", INT),
        ), absent=(("debeers_rep", APOLOGIES),), minutes=MCIRC, versions=2),
    MeetingSpec("sc4", "sc", "In committee: procurement irregularities, Thabazimbi wastewater "
        "treatment works", -21, 9, ONLINE, ADJ, RES, (
            ("Findings of the internal audit on the refurbishment contract", "", RES),
        ), absent=(("debeers_rep", APOLOGIES), ("tubatse_mm", APOLOGIES),
                   ("thabazimbi_mm", ABSENT), ("coghsta", ABSENT)), minutes=MD),
    MeetingSpec("sc5", "sc", "Special meeting: Thabazimbi water supply interruption", 0, 5, ONLINE,
        LIVE, INT, (
            ("Emergency water supply status report", "Tankering, reservoirs and repairs.", INT),
            ("Rapid-response engineering support for the Thabazimbi bulk water system", "", INT),
            ("Nomination to the district water task team", "", INT),
        ), absent=(("debeers_rep", APOLOGIES),), minutes=MD),
    MeetingSpec("sc6", "sc", "MCPP Steering Committee: third quarterly meeting", 14, 7, ROSEBANK,
        SCHED, PUB, (
            ("Adoption of the minutes of the second quarterly meeting", "", PUB),
            ("Partnership Advisory Board recommendations under review", "", INT),
            ("Closed session: Gamagara bulk water agreement terms", "", CONF),
            ("Infrastructure lifecycle management: Tubatse asset register and maintenance plan",
             "Progress report and co-funding request.", PUB),
        )),
    MeetingSpec("sc7", "sc", "MCPP annual planning and learning workshop", 42, 7, PRETORIA,
        SCHED, INT, (
            ("Learning from the first year: functionality of teams", "", INT),
            ("Co-design of next year's interventions with partners", "", INT),
        )),
    MeetingSpec("ou1", "ou", "Operations Unit monthly meeting", -20, 8, "SayPro, Johannesburg",
        ADJ, INT, (
            ("Policy and strategy audit: Thabazimbi and Gamagara", "Phase one: assessment.", INT),
            ("Stakeholder and user mapping", "", INT),
        ), absent=(("chair", APOLOGIES),), minutes=MAPP, versions=2),
    MeetingSpec("ou2", "ou", "Operations Unit monthly meeting", 10, 8, "SayPro, Johannesburg",
        SCHED, INT, (
            ("KPI development and performance monitoring framework", "", INT),
            ("Staff training and capacity building schedule", "", INT),
        )),
    MeetingSpec("pab1", "pab", "Partnership Advisory Board: quarterly sitting", -62, 9,
        "Wits School of Governance, Parktown", ADJ, PUB, (
            ("Recommendation: align IDPs with the District Development Model", "", PUB),
            ("Recommendation: KPI framework and digital dashboard", "", PUB),
        ), minutes=MAPP, versions=2),
    MeetingSpec("pab2", "pab", "Partnership Advisory Board: quarterly sitting", 21, 9, ONLINE,
        SCHED, INT, (
            ("Follow-up of recommendations submitted to the Steering Committee", "", INT),
            ("Draft recommendations in preparation", "", CONF),
        )),
    MeetingSpec("cf1", "cf", "Consultation framework: launch of the three-month action plan",
        -70, 9, MAIRIE, ADJ, PUB, (
            ("Investment needs expressed by the cooperatives",
             "Identified by the shea butter and market gardening professionals beforehand.",
             PUB),
            ("Adoption of the three-month action plan", "", PUB),
            ("Installation of the monitoring committee", "", PUB),
        ), minutes=MAPP, versions=2),
    MeetingSpec("cf2", "cf", "Consultation framework: review of the action plan and next plan",
        20, 9, MAIRIE, SCHED, PUB, (
            ("Monitoring committee report on the three-month action plan", "", PUB),
            ("Priority actions for the next three-month plan", "", PUB),
        )),
    MeetingSpec("mc1", "mc", "Monitoring committee: monthly follow-up", -30, 9, MAIRIE, ADJ, INT, (
            ("Status of the designated actions", "", INT),
            ("Obstacles to report to the consultation framework", "", INT),
            ("Land access for the market gardeners' irrigation perimeter",
             "Negotiation with customary landholders.", CONF),
        ), absent=(("radio_rep", APOLOGIES),), minutes=MCIRC),
    MeetingSpec("mc2", "mc", "Monitoring committee: monthly follow-up", 3, 9, MAIRIE, SCHED, INT, (
            ("Status of the designated actions", "", INT),
            ("Preparing the report to the consultation framework", "", INT),
        )),
]  # fmt: skip


@dataclass(frozen=True)
class MotionSpec:
    key: str
    meeting: str
    item: int | None  # agenda position
    title: str
    text: str
    proposer: str
    seconder: str | None
    rule: VotingRule
    status: MotionStatus
    outcome: MotionOutcome | None = None
    votes: tuple[tuple[str, VoteChoice], ...] = ()
    secret: bool = False
    recorded: tuple[str, ...] = ()  # ballots the secretary recorded in the room


SIMPLE, ABSOLUTE, TWO_THIRDS, CONSENSUS = (
    VotingRule.SIMPLE_MAJORITY,
    VotingRule.ABSOLUTE_MAJORITY,
    VotingRule.TWO_THIRDS,
    VotingRule.CONSENSUS,
)
CLOSED, OPEN, DRAFT = MotionStatus.CLOSED, MotionStatus.OPEN, MotionStatus.DRAFT
ADOPTED, REJECTED = MotionOutcome.ADOPTED, MotionOutcome.REJECTED


def _ballots(yes: str = "", no: str = "", abstain: str = "") -> tuple[tuple[str, VoteChoice], ...]:
    groups = ((yes, FOR), (no, AGAINST), (abstain, ABSTAIN))
    return tuple((person, choice) for people, choice in groups for person in people.split())


MOTIONS = [
    MotionSpec("sc1_focus", "sc1", 2, "Adopt the four municipal function focus areas",
        "The Steering Committee adopts strategic water management, infrastructure lifecycle "
        "management, strategic development planning and municipal financial viability as the "
        "MCPP's focus areas for collaboration with participating municipalities.",
        "deputy", "kumba_rep", SIMPLE, CLOSED, ADOPTED,
        _ballots("chair deputy member kumba_rep thabazimbi_mm gamagara_mm", "", "debeers_rep")),
    MotionSpec("sc1_expand", "sc1", 3, "Extend the programme to two further municipalities",
        "The programme admits two further participating municipalities this financial year.",
        "thabazimbi_mm", "gamagara_mm", SIMPLE, CLOSED, REJECTED,
        _ballots("thabazimbi_mm gamagara_mm", "deputy member kumba_rep debeers_rep", "chair")),
    MotionSpec("sc1_gamagara", "sc1", 4, "Gamagara bulk water negotiation mandate",
        "Kumba Iron Ore and Gamagara Local Municipality negotiate the bulk water supply and "
        "water conservation agreement within the capital envelope tabled in closed session.",
        "chair", "member", TWO_THIRDS, CLOSED, ADOPTED,
        _ballots("chair deputy member kumba_rep debeers_rep thabazimbi_mm", "", "gamagara_mm")),
    MotionSpec("sc2_revenue", "sc2", 1, "Thabazimbi revenue enhancement support, phase 1",
        "Anglo American Platinum funds phase 1 of revenue enhancement support to Thabazimbi "
        "Local Municipality: billing data cleansing, indigent register review and in-service "
        "coaching of the revenue team, to a ceiling of R5.2 million.",
        "member", "deputy", SIMPLE, CLOSED, ADOPTED,
        _ballots("chair deputy member debeers_rep tubatse_mm", "", "thabazimbi_mm")),
    MotionSpec("sc2_ta", "sc2", 2, "Appoint the asset register technical assistance provider",
        "The preferred bidder is appointed to build the Greater Tubatse/Fetakgomo "
        "infrastructure asset register.",
        "deputy", None, SIMPLE, CLOSED, ADOPTED,
        _ballots("chair deputy debeers_rep thabazimbi_mm", "member", "tubatse_mm"), secret=True),
    MotionSpec("sc3_revenue", "sc3", 1, "Fund revenue enhancement and a meter audit for "
        "Thabazimbi",
        "Anglo American Platinum funds phase 1 of revenue enhancement support to Thabazimbi "
        "Local Municipality to a ceiling of R6.5 million, the scope widened to the meter "
        "audit found necessary by the billing data review.",
        "member", "chair", SIMPLE, CLOSED, ADOPTED,
        _ballots("chair deputy member kumba_rep tubatse_mm", "", "thabazimbi_mm")),
    MotionSpec("sc3_idp", "sc3", 2, "Accept the recommendation on IDP alignment",
        "The Steering Committee accepts the Partnership Advisory Board's recommendation: "
        "participating municipalities align their integrated development plans with the "
        "District Development Model one plan, supported by the MCPP planning advisers.",
        "chair", "deputy", SIMPLE, CLOSED, ADOPTED,
        _ballots("chair deputy member kumba_rep thabazimbi_mm tubatse_mm")),
    MotionSpec("sc3_protocol", "sc3", 3, "Adopt the MCPP crisis communication protocol",
        "Service interruptions affecting residents are communicated within 24 hours through "
        "the partners' communications officers, after clearance by the chair.",
        "deputy", "member", ABSOLUTE, CLOSED, ADOPTED,
        _ballots("chair deputy member kumba_rep tubatse_mm", "thabazimbi_mm")),
    MotionSpec("sc4_forensic", "sc4", 1, "Refer the wastewater works contract to forensic review",
        "The refurbishment contract for the Thabazimbi wastewater treatment works is referred "
        "to an independent forensic review; disbursements under the agreement are suspended "
        "until the review reports.",
        "chair", "kumba_rep", SIMPLE, CLOSED, ADOPTED,
        _ballots("chair deputy member kumba_rep")),
    MotionSpec("sc5_engineering", "sc5", 2, "Fund rapid-response engineering support",
        "Anglo American Platinum funds a rapid-response engineering team for six weeks to "
        "restore the Thabazimbi bulk water supply, reporting weekly to the committee.",
        "thabazimbi_mm", "member", SIMPLE, OPEN,
        votes=_ballots("chair deputy kumba_rep thabazimbi_mm"),
        recorded=("kumba_rep",)),
    MotionSpec("sc5_nominee", "sc5", 3, "Nominate the MCPP representative to the district water "
        "task team", "Mpho Baloyi represents the MCPP on the district water task team.",
        "deputy", "tubatse_mm", SIMPLE, OPEN,
        votes=_ballots("deputy tubatse_mm", "kumba_rep"), secret=True),
    MotionSpec("sc6_tubatse", "sc6", 4, "Co-fund the Tubatse infrastructure maintenance plan",
        "The MCPP co-funds the first year of the Greater Tubatse/Fetakgomo infrastructure "
        "maintenance plan derived from the asset register.", "member", None, SIMPLE, DRAFT),
    MotionSpec("ou1_audit", "ou1", 1, "Adopt the policy and strategy audit work plan",
        "The Operations Unit audits the policy and strategy frameworks of Thabazimbi and "
        "Gamagara before the strategy development phase.", "ou_member", "idp", SIMPLE, CLOSED,
        ADOPTED, _ballots("ou_head ou_member idp")),
    MotionSpec("pab1_submit", "pab1", 1, "Submit the IDP alignment and KPI recommendations",
        "The board submits its recommendations on IDP alignment and on a KPI framework with a "
        "digital dashboard to the MCPP Steering Committee.", "advisor", "pab_giz", SIMPLE,
        CLOSED, ADOPTED, _ballots("pab_chair advisor deputy pab_giz")),
    MotionSpec("cf1_plan", "cf1", 2, "Adopt the three-month action plan",
        "Le cadre de concertation adopte le plan d'action de trois mois: registering the "
        "cooperatives' designated actions with the PDESC, radio reports, opening cooperative "
        "accounts, treasurer training and land access for the irrigation perimeter.",
        "deputy_mayor", "monitor", CONSENSUS, CLOSED, ADOPTED,
        _ballots("mayor deputy_mayor monitor gardeners_rep")),
    MotionSpec("cf1_committee", "cf1", 3, "Install the inclusive monitoring committee",
        "A monitoring committee chaired by the first deputy mayor, with both cooperatives, the "
        "local agriculture service and Radio Rurale de Kati, follows the action plan.",
        "mayor", "gardeners_rep", CONSENSUS, CLOSED, ADOPTED,
        _ballots("mayor deputy_mayor monitor gardeners_rep")),
    MotionSpec("mc1_obstacle", "mc1", 2, "Report the bank account obstacle",
        "The committee reports to the consultation framework that the shea cooperative cannot "
        "open its account until its statutes are registered.", "monitor", "agri_rep", SIMPLE,
        CLOSED, ADOPTED, _ballots("deputy_mayor monitor gardeners_rep agri_rep")),
]  # fmt: skip

# ------------------------------------------------------------------ agreements

WATER = "Strategic Water Management"
INFRA = "Infrastructure Lifecycle Management"
PLANNING = "Strategic Development Planning"
FINANCE = "Municipal Financial Viability"
FOCUS_AREAS = [WATER, INFRA, PLANNING, FINANCE]

R = PartyRole
CS = CommitmentStatus
AS = AgreementStatus


@dataclass(frozen=True)
class AgreementSpec:
    key: str
    programme: str
    title: str
    summary: str
    status: AgreementStatus
    classification: Classification
    body: str
    areas: tuple[str, ...]
    opened: int  # day negotiations opened: the reference's year
    signed: int | None
    effective: int | None
    expires: int | None
    parties: tuple[tuple[str, PartyRole], ...]
    # party, description, due day, status, amount (minor units), currency
    commitments: tuple[tuple[str, str, int | None, CommitmentStatus, int | None, str | None], ...]


AGREEMENTS = [
    AgreementSpec("framework", "MCPP", "MCPP framework partnership agreement",
        "The collaboration between Anglo American and the Department of Cooperative Governance "
        "with Anglo American Platinum, Kumba Iron Ore, De Beers and the participating "
        "municipalities.", AS.ACTIVE, PUB, "sc", (WATER, INFRA, PLANNING, FINANCE),
        -420, -400, -395, 700,
        (("anglo", R.FUNDER), ("dcog", R.CONVENER), ("amplats", R.FUNDER), ("kumba", R.FUNDER),
         ("debeers", R.FUNDER), ("thabazimbi", R.BENEFICIARY), ("gamagara", R.BENEFICIARY),
         ("tubatse", R.BENEFICIARY)),
        (("anglo", "Programme management, coaching and technical assistance", 330, CS.ON_TRACK,
          45_000_000 * RAND, ZAR),
         ("dcog", "Convene the Steering Committee quarterly and align with the District "
          "Development Model", None, CS.ON_TRACK, None, None),
         ("thabazimbi", "Nominate municipal champions for each focus area", -380, CS.MET, None,
          None),
         ("gamagara", "Nominate municipal champions for each focus area", -380, CS.MET, None,
          None),
         ("tubatse", "Nominate municipal champions for each focus area", -380, CS.MISSED, None,
          None))),
    AgreementSpec("revenue", "MCPP", "Thabazimbi revenue enhancement and financial recovery "
        "support", "Billing data cleansing, indigent register review, meter audit and "
        "in-service coaching of the revenue team.", AS.ACTIVE, INT, "sc", (FINANCE,),
        -70, -50, -30, 300,
        (("amplats", R.FUNDER), ("thabazimbi", R.BENEFICIARY), ("saypro", R.IMPLEMENTER),
         ("limpopo", R.TECHNICAL_PARTNER)),
        (("amplats", "Fund phase 1 to the ceiling approved by the committee", 120, CS.ON_TRACK,
          6_500_000 * RAND, ZAR),
         ("thabazimbi", "Cleanse the billing data and the indigent register", -10, CS.AT_RISK,
          None, None),
         ("saypro", "Revenue enhancement coaching, twelve sessions", 90, CS.PENDING,
          1_200_000 * RAND, ZAR),
         ("limpopo", "Second a municipal finance support official", -20, CS.MET, None, None))),
    AgreementSpec("gamagara_water", "MCPP", "Gamagara bulk water supply and water conservation "
        "and demand management", "Bulk water augmentation for Kathu and Olifantshoek, with "
        "water conservation and demand management and a ring-fenced water account.",
        AS.NEGOTIATION, CONF, "sc", (WATER, INFRA), -84, None, None, None,
        (("kumba", R.FUNDER), ("gamagara", R.BENEFICIARY), ("dcog", R.CONVENER),
         ("wits", R.TECHNICAL_PARTNER)),
        (("kumba", "Capital contribution to the bulk water pipeline", 365, CS.PENDING,
          38_000_000 * RAND, ZAR),
         ("gamagara", "Ring-fence water revenue in a dedicated trading account", 180,
          CS.PENDING, None, None),
         ("wits", "Water balance and non-revenue water study", 60, CS.PENDING,
          850_000 * RAND, ZAR))),
    AgreementSpec("tubatse_assets", "MCPP", "Greater Tubatse/Fetakgomo infrastructure asset "
        "register and maintenance plan", "A complete asset register and a ten-year "
        "maintenance plan for water, sanitation and roads infrastructure.", AS.SIGNED, PUB, "sc",
        (INFRA,), -60, -5, 25, 755,
        (("amplats", R.FUNDER), ("tubatse", R.BENEFICIARY), ("ul", R.TECHNICAL_PARTNER)),
        (("amplats", "Fund the asset register and maintenance plan", 200, CS.PENDING,
          4_800_000 * RAND, ZAR),
         ("tubatse", "Give field teams access to all infrastructure sites", 40, CS.PENDING,
          None, None),
         ("ul", "Train municipal technicians in asset management", 150, CS.PENDING, None,
          None))),
    AgreementSpec("musina_sdf", "MCPP", "Musina spatial development framework review",
        "Review of the spatial development framework ahead of the next IDP cycle.", AS.DRAFT,
        INT, "sc", (PLANNING,), -12, None, None, None,
        (("debeers", R.FUNDER), ("musina", R.BENEFICIARY), ("saypro", R.IMPLEMENTER)),
        (("debeers", "Fund the review", None, CS.PENDING, 2_300_000 * RAND, ZAR),)),
    AgreementSpec("wastewater", "MCPP", "Thabazimbi wastewater treatment works refurbishment",
        "Refurbishment of the wastewater treatment works; disbursements suspended pending a "
        "forensic review of the contract.", AS.SUSPENDED, RES, "sc", (INFRA, WATER),
        -300, -280, -270, 460,
        (("amplats", R.FUNDER), ("thabazimbi", R.BENEFICIARY), ("dcog", R.CONVENER)),
        (("amplats", "Fund the refurbishment in three tranches", 90, CS.AT_RISK,
          12_000_000 * RAND, ZAR),
         ("thabazimbi", "Appoint a qualified process controller", -100, CS.MISSED, None,
          None))),
    AgreementSpec("kati_plan", "PACT", "Support to the Kati three-month action plan",
        "PACT technical and financial support to the consultation framework's action plan: "
        "small-scale irrigation for market gardening and shea butter processing.", AS.ACTIVE,
        PUB, "cf", (WATER, PLANNING), -80, -68, -68, 300,
        (("giz", R.FUNDER), ("kati", R.CONVENER), ("shea", R.BENEFICIARY),
         ("gardeners", R.BENEFICIARY), ("agri", R.TECHNICAL_PARTNER)),
        (("giz", "Consultation workshops, moderation and training", 20, CS.ON_TRACK,
          7_500_000, XOF),
         ("kati", "Register the designated actions in the PDESC and meeting logistics", -15,
          CS.MET, 1_000_000, XOF),
         ("shea", "Radio reports, member travel and opening the cooperative account", 5,
          CS.AT_RISK, 150_000, XOF),
         ("gardeners", "Contribution to the irrigation perimeter works", 40, CS.PENDING,
          400_000, XOF),
         ("agri", "Technical support to the commune and the cooperatives", None,
          CS.ON_TRACK, None, None))),
]  # fmt: skip

# ------------------------------------------------------------------ recommendations


@dataclass(frozen=True)
class RecommendationSpec:
    key: str
    to: str
    title: str
    text: str
    rationale: str
    status: RecommendationStatus
    classification: Classification
    drafted: int
    submitted: int | None = None
    # response: text, by, day, decision key
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
        RS.UNDER_REVIEW, INT, -66, -62),
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
class DecisionSpec:
    key: str
    body: str
    motion: str | None
    day: int
    cleared: bool = False
    title: str = ""  # the motion's when empty
    text: str = ""
    classification: Classification | None = None  # the motion's when None
    agreement: str | None = None
    recommendation: str | None = None
    supersedes: str | None = None
    revoked: tuple[int, str] | None = None


DECISIONS = [
    DecisionSpec("d_focus", "sc", "sc1_focus", -84, cleared=True, agreement="framework"),
    DecisionSpec("d_gamagara", "sc", "sc1_gamagara", -84, agreement="gamagara_water"),
    DecisionSpec("d_revenue1", "sc", "sc2_revenue", -56, agreement="revenue"),
    DecisionSpec("d_ta", "sc", "sc2_ta", -56, agreement="tubatse_assets", revoked=(-40,
        "The preferred bidder withdrew; the procurement is to be run again.")),
    DecisionSpec("d_revenue2", "sc", "sc3_revenue", -35, cleared=True, agreement="revenue",
        supersedes="d_revenue1"),
    DecisionSpec("d_idp", "sc", "sc3_idp", -35, cleared=True, recommendation="idp"),
    DecisionSpec("d_protocol", "sc", "sc3_protocol", -35),
    DecisionSpec("d_forensic", "sc", "sc4_forensic", -21, agreement="wastewater"),
    DecisionSpec("d_tanker", "sc", None, -3, cleared=True,
        title="Emergency water tankering for Thabazimbi",
        text="By round-robin resolution, Anglo American Platinum funds water tankers for the "
        "affected Thabazimbi wards for up to three weeks while the bulk supply is restored.",
        classification=INT),
    DecisionSpec("d_audit", "ou", "ou1_audit", -20),
    DecisionSpec("d_plan", "cf", "cf1_plan", -70, cleared=True, agreement="kati_plan"),
    DecisionSpec("d_committee", "cf", "cf1_committee", -70, cleared=True),
    DecisionSpec("d_obstacle", "mc", "mc1_obstacle", -30),
]  # fmt: skip

# ------------------------------------------------------------------ action items

AS_ = ActionStatus
# committee, title, owner person, owner organization, due day, status, classification, decision
ACTION_ITEMS = [
    ("sc", "Circulate the focus area implementation plans to all partners", "secretary", None,
     -60, AS_.DONE, PUB, "d_focus"),
    ("sc", "Submit the billing data cleansing plan", None, "thabazimbi", -10, AS_.OPEN, INT,
     "d_revenue2"),
    ("sc", "Coordinate the tanker schedule with the ward committees", None, "thabazimbi", -1,
     AS_.IN_PROGRESS, PUB, "d_tanker"),
    ("sc", "Update the Gamagara bulk water feasibility study", None, "kumba", 30,
     AS_.IN_PROGRESS, CONF, "d_gamagara"),
    ("sc", "Brief the forensic reviewers on the wastewater works contract", "chair", None, 7,
     AS_.OPEN, RES, "d_forensic"),
    ("sc", "Prepare the response to the KPI dashboard recommendation", "secretary", None, 14,
     AS_.OPEN, INT, None),
    ("sc", "Rerun the asset register procurement", None, "amplats", -20, AS_.CANCELLED, INT,
     "d_ta"),
    ("sc", "Deliver the municipal champions' coaching calendar", "member", None, -45,
     AS_.BLOCKED, INT, None),
    ("mc", "Register the cooperatives' designated actions with the PDESC", None, "kati", -15,
     AS_.DONE, PUB, None),
    ("mc", "Broadcast monthly radio reports on the action plan", None, "radio", 5,
     AS_.IN_PROGRESS, PUB, None),
    ("mc", "Open the cooperative's account with the local microfinance institution", None,
     "shea", -5, AS_.OPEN, INT, None),
    ("mc", "Organise member travel to the Kati market fair", "monitor", None, -20, AS_.BLOCKED,
     INT, None),
    ("mc", "Train the cooperative treasurers in bookkeeping", None, "giz", -30, AS_.DONE, PUB,
     None),
    ("mc", "Settle the customary landholders' terms for the irrigation perimeter", None, "kati",
     40, AS_.OPEN, CONF, None),
    ("mc", "Report the obstacles to the consultation framework", "monitor", None, 18, AS_.OPEN,
     INT, "d_obstacle"),
]  # fmt: skip

# ------------------------------------------------------------------ updates

US = UpdateStatus
# title, summary, body, status, urgent, decisions, drafted day, published day, retraction
UPDATES = [
    ("MCPP partners agree four focus areas for municipal collaboration",
     "Water, infrastructure, development planning and financial viability.",
     "The MCPP Steering Committee adopted four municipal function focus areas: strategic "
     "water management, infrastructure lifecycle management, strategic development planning "
     "and municipal financial viability.", US.PUBLISHED, False, ("d_focus",), -83, -80, None),
    ("Kati adopts a three-month action plan with its cooperatives",
     "Le cadre de concertation de Kati adopte son plan d'action.",
     "The commune of Kati, its shea butter and market gardening cooperatives and their "
     "partners agreed a three-month action plan and installed a monitoring committee.",
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

# ------------------------------------------------------------------ loading


class _Demo:
    def __init__(self, today: date) -> None:
        self.today = today
        self.orgs: dict[str, Organization] = {}
        self.people: dict[str, Person] = {}
        self.bodies: dict[str, Body] = {}
        self.memberships: list[Membership] = []
        self.meetings: dict[str, Meeting] = {}
        self.items: dict[tuple[str, int], AgendaItem] = {}
        self.motions: dict[str, Motion] = {}
        self.agreements: dict[str, Agreement] = {}
        self.recommendations: dict[str, Recommendation] = {}
        self.decisions: dict[str, Decision] = {}
        self.grants: list[AccessGrant] = []
        self.counters: dict[tuple[str, int], int] = {}

    def day(self, offset: int) -> date:
        return self.today + timedelta(days=offset)

    def at(self, offset: int, hour: int = 9, minute: int = 0) -> datetime:
        return datetime.combine(self.day(offset), time(hour, minute), tzinfo=UTC)

    def person_id(self, key: str | None) -> int | None:
        return self.people[key].id if key else None

    def secretary_of(self, body: str) -> str:
        return next(p for p, role, *_ in MEMBERSHIPS[body] if role == SECRETARY)

    def chair_of(self, body: str) -> str:
        return next(p for p, role, *_ in MEMBERSHIPS[body] if role == CHAIR)

    def grant(self, kind: str, item_id: int, classification: Classification, who: str) -> None:
        if classification == RES:
            self.grants.append(
                AccessGrant(subject_type=kind, subject_id=item_id, person_id=self.people[who].id)
            )

    def number(self, scope: str, year: int) -> int:
        self.counters[scope, year] = self.counters.get((scope, year), 0) + 1
        return self.counters[scope, year]

    def active(self, body: str, on: date, *, voting: bool = False) -> list[str]:
        start = self.day(next(first for key, *_, first, _ in BODIES if key == body))
        return [
            person
            for person, _, has_vote, end in MEMBERSHIPS[body]
            if start <= on and (end is None or on < self.day(end)) and (has_vote or not voting)
        ]

    async def organizations_and_people(self) -> None:
        for key, name, kind in ORGANIZATIONS:
            self.orgs[key] = await Organization.create(name=name, kind=kind)
        password_hash = hash_password(DEMO_PASSWORD)  # argon2 is slow on purpose: once
        for key, name, title, org, _, admin, comms in ACCOUNTS:
            self.people[key] = await Person.create(
                name=name,
                email=f"{key}@example.org",
                title=title,
                organization=self.orgs[org] if org else None,
                password_hash=password_hash,
                is_admin=admin,
                is_communications=comms,
            )
        for key, name, title, org in PEOPLE:
            self.people[key] = await Person.create(
                name=name, email=_mailbox(name), title=title, organization=self.orgs[org]
            )

    async def bodies_and_memberships(self) -> None:
        for key, name, slug, kind, prefix, quorum, start, mandate in BODIES:
            self.bodies[key] = await Body.create(
                name=name, slug=slug, kind=kind, prefix=prefix, quorum=quorum, mandate=mandate
            )
            for person, role, voting, end in MEMBERSHIPS[key]:
                self.memberships.append(
                    Membership(
                        body_id=self.bodies[key].id,
                        person_id=self.people[person].id,
                        role=role,
                        organization_id=self.people[person].organization_id,
                        voting_rights=voting,
                        start_date=self.day(start),
                        end_date=self.day(end) if end is not None else None,
                    )
                )
        await Membership.bulk_create(self.memberships)

    async def meetings_and_agendas(self) -> None:
        attendance = []
        for spec in MEETINGS:
            secretary = self.secretary_of(spec.body)
            meeting = await Meeting.create(
                body=self.bodies[spec.body],
                title=spec.title,
                starts_at=self.at(spec.day, spec.hour),
                ends_at=self.at(spec.day, spec.hour + 3),
                location=spec.location,
                status=spec.status,
                classification=spec.classification,
            )
            self.meetings[spec.key] = meeting
            self.grant("meeting", meeting.id, spec.classification, secretary)
            for position, (title, description, classification) in enumerate(spec.agenda, 1):
                item = await AgendaItem.create(
                    meeting=meeting,
                    position=position,
                    title=title,
                    description=description or None,
                    classification=classification,
                )
                self.items[spec.key, position] = item
                self.grant("agenda_item", item.id, classification, secretary)
            if spec.status in (ADJ, LIVE):
                absent = dict(spec.absent)
                attendance += [
                    Attendance(
                        meeting_id=meeting.id,
                        person_id=self.people[person].id,
                        status=absent.get(person, AttendanceStatus.PRESENT),
                    )
                    for person in self.active(spec.body, self.day(spec.day))
                ]
        await Attendance.bulk_create(attendance)

    async def motions_and_votes(self) -> None:
        specs = {m.key: m for m in MEETINGS}
        eligible_rows, vote_rows = [], []
        for spec in MOTIONS:
            meeting_spec = specs[spec.meeting]
            meeting = self.meetings[spec.meeting]
            body = self.bodies[meeting_spec.body]
            item = self.items[spec.meeting, spec.item] if spec.item else None
            levels = list(Classification)
            classification = max(
                meeting.classification, item.classification if item else PUB, key=levels.index
            )
            on = self.day(meeting_spec.day)
            eligible = self.active(meeting_spec.body, on, voting=True)
            away = dict(meeting_spec.absent)
            present = [p for p in eligible if p not in away]
            opened = meeting.starts_at + timedelta(minutes=40 + 10 * (spec.item or 0))
            voted = spec.status in (OPEN, CLOSED)
            closed = spec.status == CLOSED
            motion = await Motion.create(
                meeting=meeting,
                agenda_item=item,
                title=spec.title,
                text=spec.text,
                proposer_id=self.person_id(spec.proposer),
                seconder_id=self.person_id(spec.seconder),
                voting_rule=spec.rule,
                secret_ballot=spec.secret,
                classification=classification,
                status=spec.status,
                outcome=spec.outcome,
                eligible_count=len(eligible) if voted else None,
                present_count=len(present) if closed else None,
                quorum_required=body.quorum if voted else None,
                opened_at=opened if voted else None,
                closed_at=opened + timedelta(minutes=8) if closed else None,
            )
            self.motions[spec.key] = motion
            self.grant("motion", motion.id, classification, self.secretary_of(meeting_spec.body))
            if not voted:
                continue
            eligible_rows += [
                EligibleVoter(motion_id=motion.id, person_id=self.people[p].id) for p in eligible
            ]
            recorder = self.people[self.secretary_of(meeting_spec.body)].id
            for minute, (voter, choice) in enumerate(spec.votes, 1):
                if voter not in eligible:
                    raise ValueError(f"{voter} has no vote on {spec.key}")
                vote_rows.append(
                    Vote(
                        motion_id=motion.id,
                        voter_id=self.people[voter].id,
                        choice=choice,
                        cast_at=opened + timedelta(minutes=minute),
                        recorded_by_id=recorder if voter in spec.recorded else None,
                    )
                )
        await EligibleVoter.bulk_create(eligible_rows)
        await Vote.bulk_create(vote_rows)

    async def agreements_and_commitments(self) -> None:
        areas = {name: await FocusArea.create(name=name) for name in FOCUS_AREAS}
        parties, commitments = [], []
        for spec in sorted(AGREEMENTS, key=lambda a: a.opened):  # numbered in date order
            year = self.day(spec.opened).year
            number = self.number(f"demo-agreement:{spec.programme}", year)
            agreement = await Agreement.create(
                reference=f"{spec.programme}-AGR-{year}-{number:02d}",
                title=spec.title,
                summary=spec.summary,
                status=spec.status,
                classification=spec.classification,
                governing_body=self.bodies[spec.body],
                signed_on=self.day(spec.signed) if spec.signed is not None else None,
                effective_from=self.day(spec.effective) if spec.effective is not None else None,
                expires_on=self.day(spec.expires) if spec.expires is not None else None,
            )
            self.agreements[spec.key] = agreement
            await agreement.focus_areas.add(*(areas[a] for a in spec.areas))
            self.grant("agreement", agreement.id, spec.classification, self.secretary_of(spec.body))
            parties += [
                AgreementParty(
                    agreement_id=agreement.id,
                    organization_id=self.orgs[org].id,
                    role=role,
                    signed_on=agreement.signed_on,
                )
                for org, role in spec.parties
            ]
            commitments += [
                Commitment(
                    agreement_id=agreement.id,
                    party_id=self.orgs[org].id,
                    description=description,
                    due_date=self.day(due) if due is not None else None,
                    status=status,
                    amount_minor=amount,
                    currency=currency,
                )
                for org, description, due, status, amount, currency in spec.commitments
            ]
        await AgreementParty.bulk_create(parties)
        await Commitment.bulk_create(commitments)

    async def recommendations_from_the_board(self) -> None:
        board = self.bodies["pab"]
        for spec in sorted(RECOMMENDATIONS, key=lambda r: r.drafted):  # numbered in date order
            year = self.day(spec.drafted).year
            number = self.number(f"recommendation:{board.id}", year)
            response_text, responder, responded = None, None, None
            if spec.response:
                response_text, by, day, _ = spec.response
                responder, responded = self.people[by], self.at(day, 11)
            rec = await Recommendation.create(
                reference=f"{board.prefix}-R-{year}-{number:03d}",
                board=board,
                addressed_to=self.bodies[spec.to],
                title=spec.title,
                text=spec.text,
                rationale=spec.rationale,
                status=spec.status,
                classification=spec.classification,
                submitted_at=self.at(spec.submitted, 10) if spec.submitted is not None else None,
                response_text=response_text,
                responded_by=responder,
                responded_at=responded,
                created_at=self.at(spec.drafted, 10),
            )
            self.recommendations[spec.key] = rec
            self.grant("recommendation", rec.id, spec.classification, spec.drafter)

    async def decision_register(self) -> None:
        motions = {m.key: m for m in MOTIONS}
        superseded = {d.supersedes for d in DECISIONS if d.supersedes}
        for spec in DECISIONS:
            body = self.bodies[spec.body]
            motion = self.motions[spec.motion] if spec.motion else None
            recorded = spec.classification or (motion.classification if motion else INT)
            decided = self.day(spec.day)
            number = self.number(f"decision:{body.id}", decided.year)
            status = DecisionStatus.IN_FORCE
            if spec.key in superseded:
                status = DecisionStatus.SUPERSEDED
            if spec.revoked:
                status = DecisionStatus.REVOKED
            decision = await Decision.create(
                reference=f"{body.prefix}-{decided.year}-{number:03d}",
                committee=body,
                motion=motion,
                title=spec.title or motions[spec.motion or ""].title,
                text=spec.text or motions[spec.motion or ""].text,
                decided_on=decided,
                classification=PUB if spec.cleared else recorded,
                recorded_classification=recorded,
                status=status,
                release=(
                    ReleaseStatus.CLEARED_FOR_RELEASE
                    if spec.cleared
                    else ReleaseStatus.NOT_FOR_RELEASE
                ),
                supersedes=self.decisions[spec.supersedes] if spec.supersedes else None,
                agreement=self.agreements[spec.agreement] if spec.agreement else None,
                recommendation=(
                    self.recommendations[spec.recommendation] if spec.recommendation else None
                ),
                revoked_reason=spec.revoked[1] if spec.revoked else None,
                revoked_at=self.at(spec.revoked[0], 12) if spec.revoked else None,
                created_at=self.at(spec.day, 12),
            )
            self.decisions[spec.key] = decision
            self.grant("decision", decision.id, recorded, self.secretary_of(spec.body))
        for answered in RECOMMENDATIONS:
            if answered.response and answered.response[3]:
                rec = self.recommendations[answered.key]
                rec.response_decision_id = self.decisions[answered.response[3]].id
                await rec.save(update_fields=["response_decision_id"])

    async def minutes(self) -> None:
        versions = []
        motions_by_item: dict[tuple[str, int], list[MotionSpec]] = {}
        for m in MOTIONS:
            if m.item:
                motions_by_item.setdefault((m.meeting, m.item), []).append(m)
        for spec in MEETINGS:
            if spec.minutes is None:
                continue
            meeting = self.meetings[spec.key]
            text = self.minutes_text(spec, motions_by_item)
            secretary = self.people[self.secretary_of(spec.body)]
            chair = self.people[self.chair_of(spec.body)]
            approved = spec.minutes == MAPP
            minutes = await Minutes.create(
                meeting=meeting,
                status=spec.minutes,
                content=text,
                version=spec.versions,
                circulated_at=self.at(spec.day + 3, 10) if spec.minutes != MD else None,
                approved_at=self.at(spec.day + 14, 10) if approved else None,
                approved_by=chair if approved else None,
            )
            for n in range(1, spec.versions + 1):
                draft = text if n == spec.versions else f"> Draft {n}, for comment.\n\n{text}"
                versions.append(
                    MinutesVersion(
                        minutes_id=minutes.id,
                        version=n,
                        content=draft,
                        saved_by_id=secretary.id,
                        saved_at=meeting.starts_at + timedelta(days=n - 1, hours=2),
                    )
                )
        await MinutesVersion.bulk_create(versions)

    def minutes_text(
        self, spec: MeetingSpec, motions: dict[tuple[str, int], list[MotionSpec]]
    ) -> str:
        away = dict(spec.absent)
        everyone = self.active(spec.body, self.day(spec.day))
        present = [self.people[p].name for p in everyone if p not in away]
        apologies = [self.people[p].name for p in everyone if away.get(p) == APOLOGIES]
        levels = list(Classification)
        lines = [
            f"# {spec.title}",
            "",
            f"{self.day(spec.day):%d %B %Y}, {spec.location}.",
            "",
            f"**Present:** {', '.join(present)}.",
        ]
        if apologies:
            lines += ["", f"**Apologies:** {', '.join(apologies)}."]
        # Minutes are read by whoever may read the meeting: an item classified above it
        # (a closed session) is not named, numbered or summarised here, only its existence
        # said once, as the public minutes of a council say "in committee".
        shown = 0
        closed = False
        for position, (title, description, classification) in enumerate(spec.agenda, 1):
            if levels.index(classification) > levels.index(spec.classification):
                closed = True
                continue
            shown += 1
            lines += ["", f"## {shown}. {title}", "", description or "Noted."]
            outcomes = [
                f"- Motion *{m.title}*: {m.outcome.value.lower() if m.outcome else 'voting open'}."
                for m in motions.get((spec.key, position), [])
            ]
            if outcomes:
                lines += ["", *outcomes]
        if closed:
            lines += ["", "The committee met in closed session; that part is recorded separately."]
        return "\n".join(lines) + "\n"

    async def action_items(self) -> None:
        for body, title, person, org, due, status, classification, decision in ACTION_ITEMS:
            item = await ActionItem.create(
                committee=self.bodies[body],
                title=title,
                owner_person_id=self.person_id(person),
                owner_organization=self.orgs[org] if org else None,
                due_date=self.day(due),
                status=status,
                classification=classification,
                decision=self.decisions[decision] if decision else None,
            )
            self.grant("action_item", item.id, classification, self.secretary_of(body))

    async def updates(self) -> None:
        author, approver = self.people["comms"], self.people["comms2"]
        for row in UPDATES:
            title, summary, body, status, urgent, decisions, drafted, published, retracted = row
            created = self.at(drafted, 8)
            published_at = self.at(published, 10) if published is not None else None
            update = await Update.create(
                title=title,
                summary=summary,
                body=body,
                status=status,
                urgent=urgent,
                author=author,
                approved_by=None if status in (US.DRAFT, US.IN_REVIEW) else approver,
                published_at=published_at,
                listed_at=published_at or created,
                retracted_at=self.at(retracted[0], 9) if retracted else None,
                retraction_reason=retracted[1] if retracted else None,
                created_at=created,
            )
            if decisions:
                await update.decisions.add(*(self.decisions[d] for d in decisions))

    async def counters_and_grants(self) -> None:
        await ReferenceCounter.bulk_create(
            [
                ReferenceCounter(scope=scope, year=year, last_number=last)
                for (scope, year), last in self.counters.items()
                if not scope.startswith("demo-")
            ]
        )
        await AccessGrant.bulk_create(self.grants)


async def load_demo(today: date | None = None) -> list[DemoAccount] | None:
    if await Body.exists(slug="mcpp-steering-committee"):
        return None
    demo = _Demo(today or datetime.now(UTC).date())
    async with in_transaction():
        if await Body.exists(slug="mcpp-steering-committee"):
            return None
        await demo.organizations_and_people()
        await demo.bodies_and_memberships()
        await demo.meetings_and_agendas()
        await demo.motions_and_votes()
        await demo.agreements_and_commitments()
        await demo.recommendations_from_the_board()
        await demo.decision_register()
        await demo.minutes()
        await demo.action_items()
        await demo.updates()
        await demo.counters_and_grants()
    return demo_accounts()

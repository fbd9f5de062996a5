"""The demo's motions: who moved and seconded them, under which rule, how far each ballot
went and the ballots given. Not their outcome: closing a ballot counts it under the motion's
rule (governance.voting_rules), and an adopted motion's decision is recorded by the same
close, numbered by the register (governance.references).
"""

from __future__ import annotations

from dataclasses import dataclass

from governance.enums import MotionStatus, VoteChoice, VotingRule

FOR, AGAINST, ABSTAIN = VoteChoice.FOR, VoteChoice.AGAINST, VoteChoice.ABSTAIN


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
    status: MotionStatus  # how far the ballot went: DRAFT (tabled), OPEN or CLOSED
    votes: tuple[tuple[str, VoteChoice], ...] = ()
    secret: bool = False
    # Ballots given in the room, which the secretary records (the others are cast by the
    # voters themselves).
    recorded: tuple[str, ...] = ()
    # Adopted only if the rule also holds within each constituency (demo.bodies).
    each: bool = False


SIMPLE, ABSOLUTE, TWO_THIRDS, CONSENSUS = (
    VotingRule.SIMPLE_MAJORITY,
    VotingRule.ABSOLUTE_MAJORITY,
    VotingRule.TWO_THIRDS,
    VotingRule.CONSENSUS,
)
CLOSED, OPEN, DRAFT = MotionStatus.CLOSED, MotionStatus.OPEN, MotionStatus.DRAFT


def ballots(yes: str = "", no: str = "", abstain: str = "") -> tuple[tuple[str, VoteChoice], ...]:
    groups = ((yes, FOR), (no, AGAINST), (abstain, ABSTAIN))
    return tuple((person, choice) for people, choice in groups for person in people.split())


MOTIONS = [
    MotionSpec("sc1_focus", "sc1", 2, "Adopt the four municipal function focus areas",
        "The Steering Committee adopts strategic water management, infrastructure lifecycle "
        "management, strategic development planning and municipal financial viability as the "
        "MCPP's focus areas for collaboration with participating municipalities.",
        "deputy", "kumba_rep", SIMPLE, CLOSED,
        ballots("chair deputy member kumba_rep thabazimbi_mm gamagara_mm", "", "debeers_rep")),
    MotionSpec("sc1_expand", "sc1", 3, "Extend the programme to two further municipalities",
        "The programme admits two further participating municipalities this financial year.",
        "thabazimbi_mm", "gamagara_mm", SIMPLE, CLOSED,
        ballots("thabazimbi_mm gamagara_mm", "deputy member kumba_rep debeers_rep", "chair")),
    MotionSpec("sc1_gamagara", "sc1", 4, "Gamagara bulk water negotiation mandate",
        "Kumba Iron Ore and Gamagara Local Municipality negotiate the bulk water supply and "
        "water conservation agreement within the capital envelope tabled in closed session.",
        "chair", "member", TWO_THIRDS, CLOSED,
        ballots("chair deputy member kumba_rep debeers_rep thabazimbi_mm", "", "gamagara_mm")),
    MotionSpec("sc2_revenue", "sc2", 1, "Thabazimbi revenue enhancement support, phase 1",
        "Anglo American Platinum funds phase 1 of revenue enhancement support to Thabazimbi "
        "Local Municipality: billing data cleansing, indigent register review and in-service "
        "coaching of the revenue team, to a ceiling of R5.2 million.",
        "member", "deputy", SIMPLE, CLOSED,
        ballots("chair deputy member debeers_rep tubatse_mm", "", "thabazimbi_mm")),
    MotionSpec("sc2_ta", "sc2", 2, "Appoint the asset register technical assistance provider",
        "The preferred bidder is appointed to build the Greater Tubatse/Fetakgomo "
        "infrastructure asset register.",
        "deputy", None, SIMPLE, CLOSED,
        ballots("chair deputy debeers_rep thabazimbi_mm", "member", "tubatse_mm"), secret=True),
    MotionSpec("sc3_revenue", "sc3", 1, "Fund revenue enhancement and a meter audit for "
        "Thabazimbi",
        "Anglo American Platinum funds phase 1 of revenue enhancement support to Thabazimbi "
        "Local Municipality to a ceiling of R6.5 million, the scope widened to the meter "
        "audit found necessary by the billing data review.",
        "member", "chair", SIMPLE, CLOSED,
        ballots("chair deputy member kumba_rep tubatse_mm", "", "thabazimbi_mm")),
    MotionSpec("sc3_idp", "sc3", 2, "Accept the recommendation on IDP alignment",
        "The Steering Committee accepts the Partnership Advisory Board's recommendation: "
        "participating municipalities align their integrated development plans with the "
        "District Development Model one plan, supported by the MCPP planning advisers.",
        "chair", "deputy", SIMPLE, CLOSED,
        ballots("chair deputy member kumba_rep thabazimbi_mm tubatse_mm")),
    MotionSpec("sc3_protocol", "sc3", 3, "Adopt the MCPP crisis communication protocol",
        "Service interruptions affecting residents are communicated within 24 hours through "
        "the partners' communications officers, after clearance by the chair.",
        "deputy", "member", ABSOLUTE, CLOSED,
        ballots("chair deputy member kumba_rep tubatse_mm", "thabazimbi_mm")),
    # Carried over all votes, 4 to 2, but not within the municipalities: not adopted.
    MotionSpec("sc3_cofunding", "sc3", 4, "Municipal co-funding of technical assistance",
        "Each participating municipality co-funds 10% of the technical assistance it receives "
        "from the programme, from the next financial year.",
        "member", "chair", SIMPLE, CLOSED,
        ballots("chair deputy member kumba_rep", "thabazimbi_mm tubatse_mm"), each=True),
    MotionSpec("sc4_forensic", "sc4", 1, "Refer the wastewater works contract to forensic review",
        "The refurbishment contract for the Thabazimbi wastewater treatment works is referred "
        "to an independent forensic review; disbursements under the agreement are suspended "
        "until the review reports.",
        "chair", "kumba_rep", SIMPLE, CLOSED,
        ballots("chair deputy member kumba_rep"),
        # In committee: only the chair and the secretary are named on this RESTRICTED motion,
        # so the others' votes, given in the room, are recorded by the secretary.
        recorded=("deputy", "member", "kumba_rep")),
    MotionSpec("sc5_engineering", "sc5", 2, "Fund rapid-response engineering support",
        "Anglo American Platinum funds a rapid-response engineering team for six weeks to "
        "restore the Thabazimbi bulk water supply, reporting weekly to the committee.",
        "thabazimbi_mm", "member", SIMPLE, OPEN,
        votes=ballots("chair deputy kumba_rep thabazimbi_mm"),
        recorded=("kumba_rep",)),
    MotionSpec("sc5_nominee", "sc5", 3, "Nominate the MCPP representative to the district water "
        "task team", "Mpho Baloyi represents the MCPP on the district water task team.",
        "deputy", "tubatse_mm", SIMPLE, OPEN,
        votes=ballots("deputy tubatse_mm", "kumba_rep"), secret=True),
    MotionSpec("sc6_tubatse", "sc6", 4, "Co-fund the Tubatse infrastructure maintenance plan",
        "The MCPP co-funds the first year of the Greater Tubatse/Fetakgomo infrastructure "
        "maintenance plan derived from the asset register.", "member", None, SIMPLE, DRAFT),
    MotionSpec("ou1_audit", "ou1", 1, "Adopt the policy and strategy audit work plan",
        "The Operations Unit audits the policy and strategy frameworks of Thabazimbi and "
        "Gamagara before the strategy development phase.", "ou_member", "idp", SIMPLE, CLOSED,
        ballots("ou_head ou_member idp")),
    MotionSpec("pab1_submit", "pab1", 1, "Submit the IDP alignment and KPI recommendations",
        "The board submits its recommendations on IDP alignment and on a KPI framework with a "
        "digital dashboard to the MCPP Steering Committee.", "advisor", "pab_giz", SIMPLE,
        CLOSED, ballots("pab_chair advisor deputy pab_giz")),
    MotionSpec("cf1_plan", "cf1", 2, "Adopter le plan d'action de trois mois",
        "Le cadre de concertation adopte le plan d'action de trois mois : inscription au PDESC "
        "des actions désignées des coopératives, émissions de radio, ouverture des comptes des "
        "coopératives, formation des trésoriers et accès à la terre pour le périmètre irrigué.",
        "deputy_mayor", "monitor", CONSENSUS, CLOSED,
        ballots("mayor deputy_mayor monitor gardeners_rep")),
    MotionSpec("cf1_committee", "cf1", 3, "Installer le comité de suivi inclusif",
        "Un comité de suivi présidé par la première adjointe au maire, avec les deux "
        "coopératives, le service local de l'agriculture et Radio Rurale de Kati, suit "
        "l'exécution du plan d'action.",
        "mayor", "gardeners_rep", CONSENSUS, CLOSED,
        ballots("mayor deputy_mayor monitor gardeners_rep")),
    MotionSpec("mc1_obstacle", "mc1", 2, "Signaler l'obstacle du compte bancaire",
        "Le comité signale au cadre de concertation que la coopérative de karité ne peut pas "
        "ouvrir son compte tant que ses statuts ne sont pas enregistrés.", "monitor", "agri_rep",
        SIMPLE, CLOSED, ballots("deputy_mayor monitor gardeners_rep agri_rep")),
]  # fmt: skip

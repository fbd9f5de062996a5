"""The demo's committees and advisory board, and who sits on them from when to when.

Days are counted from the day the demo is loaded (0 is today, -400 is 400 days ago).
"""

from __future__ import annotations

from governance.enums import BodyKind, MemberRole

CHAIR, DEPUTY, SECRETARY, MEMBER, OBSERVER = (
    MemberRole.CHAIR,
    MemberRole.DEPUTY_CHAIR,
    MemberRole.SECRETARY,
    MemberRole.MEMBER,
    MemberRole.OBSERVER,
)

# key, name, slug, kind, prefix, quorum, first day of its memberships, mandate
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
    ("cf", "Cadre de concertation commune-secteur privé de Kati", "cadre-de-concertation-kati",
     BodyKind.CONSULTATION_FRAMEWORK, "CF", 4, -150,
     "Espace de dialogue entre la commune et les professionnels des filières : il réunit la "
     "commune, les coopératives de beurre de karité et de maraîchage, les services techniques "
     "locaux, le PACT/GIZ et les ONG pour recenser les besoins d'investissement des filières, "
     "les inscrire dans la planification communale (PDESC) et convenir d'un plan d'action de "
     "trois mois."),
    ("mc", "Comité de suivi du plan d'action de Kati", "comite-de-suivi-kati",
     BodyKind.MONITORING_COMMITTEE, "MC", 3, -70,
     "Installé par le cadre de concertation pour veiller à l'exécution du plan d'action de "
     "trois mois dans les délais, relever les obstacles à sa mise en œuvre et en rendre compte "
     "au cadre de concertation, afin qu'un nouveau plan d'action soit arrêté."),
]  # fmt: skip

# The zone each body meets in: the MCPP and SayPro in South Africa, Kati in Mali. Kati's
# bodies keep their record in French (their names, agendas, minutes, motions, plans): see
# LANGUAGES, and demo/people.py for the people who read Indaba in French.
TIME_ZONES = {
    "sc": "Africa/Johannesburg",
    "ou": "Africa/Johannesburg",
    "pab": "Africa/Johannesburg",
    "cf": "Africa/Bamako",
    "mc": "Africa/Bamako",
}

# The language each body writes its record in (the minutes the secretary writes from what
# the meeting recorded: demo/meeting_room.py); English for any other.
LANGUAGES = {"cf": "fr", "mc": "fr"}

# body: (person, role, voting rights, the day the membership ends (its last day + 1) or None)
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


# The steering committee's stakeholder groups: a motion requiring each constituency is
# decided within each as well. The secretary keeps the record for all and holds no seat of
# a constituency; the provincial observer sits with government.
CONSTITUENCIES: dict[str, dict[str, str]] = {
    "sc": {
        "chair": "Government",
        "coghsta": "Government",
        "deputy": "Industry",
        "member": "Industry",
        "kumba_rep": "Industry",
        "debeers_rep": "Industry",
        "thabazimbi_mm": "Municipalities",
        "tubatse_mm": "Municipalities",
        "gamagara_mm": "Municipalities",
    },
}


def secretary_of(body: str) -> str:
    """Who keeps the body's record: schedules, takes attendance, tables motions, writes
    the minutes, opens and closes ballots, records decisions, assigns action items."""
    return next(p for p, role, *_ in MEMBERSHIPS[body] if role == SECRETARY)


def chair_of(body: str) -> str:
    return next(p for p, role, *_ in MEMBERSHIPS[body] if role == CHAIR)

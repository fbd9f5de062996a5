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

# The zone each body meets in: the MCPP and SayPro in South Africa, Kati in Mali.
TIME_ZONES = {
    "sc": "Africa/Johannesburg",
    "ou": "Africa/Johannesburg",
    "pab": "Africa/Johannesburg",
    "cf": "Africa/Bamako",
    "mc": "Africa/Bamako",
}

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

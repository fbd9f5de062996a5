"""The demo's partnership agreements: parties, focus areas, dates, commitments.

An agreement's reference is what its secretariat writes on it (`<PROGRAMME>-AGR-<YEAR>-<NN>`,
numbered per programme and year in the order negotiations opened); its status moves through
the agreement's lifecycle (governance.agreements), one transition at a time, on the days
given here.
"""

from __future__ import annotations

from dataclasses import dataclass

from governance.enums import AgreementStatus, Classification, CommitmentStatus, PartyRole

PUB, INT, CONF, RES = (
    Classification.PUBLIC,
    Classification.INTERNAL,
    Classification.CONFIDENTIAL,
    Classification.RESTRICTED,
)
ZAR = "ZAR"
XOF = "XOF"  # no minor unit: amounts are whole francs
RAND = 100  # cents per rand

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
    # How far it went: DRAFT, NEGOTIATION (from `opened`), SIGNED (on `signed`), ACTIVE (from
    # `effective`), SUSPENDED (on `suspended`).
    status: AgreementStatus
    classification: Classification
    body: str
    areas: tuple[str, ...]
    opened: int  # day it was entered and negotiations opened: the reference's year
    signed: int | None
    effective: int | None
    expires: int | None
    parties: tuple[tuple[str, PartyRole], ...]
    # party, description, due day, status reported, amount (minor units), currency
    commitments: tuple[tuple[str, str, int | None, CommitmentStatus, int | None, str | None], ...]
    suspended: int | None = None
    # Who enters it and moves it on: the governing committee's secretary, unless named here.
    entered_by: str | None = None


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
          None)),
        # Negotiated before the committee first sat: entered by the platform administrator.
        entered_by="admin"),
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
          None)),
        suspended=-21),  # pending the forensic review the committee decided that day
    # Signed in Kati between the commune, its cooperatives and PACT: written in French.
    AgreementSpec("kati_plan", "PACT", "Appui au plan d'action de trois mois de Kati",
        "Appui technique et financier du PACT au plan d'action du cadre de concertation : petite "
        "irrigation pour le maraîchage et transformation du beurre de karité.", AS.ACTIVE,
        PUB, "cf", (WATER, PLANNING), -80, -68, -68, 300,
        (("giz", R.FUNDER), ("kati", R.CONVENER), ("shea", R.BENEFICIARY),
         ("gardeners", R.BENEFICIARY), ("agri", R.TECHNICAL_PARTNER)),
        (("giz", "Ateliers de concertation, animation et formation", 20, CS.ON_TRACK,
          7_500_000, XOF),
         ("kati", "Inscription des actions désignées au PDESC et logistique des réunions", -15,
          CS.MET, 1_000_000, XOF),
         ("shea", "Émissions de radio, déplacement des membres et ouverture du compte de la "
          "coopérative", 5, CS.AT_RISK, 150_000, XOF),
         ("gardeners", "Contribution aux travaux du périmètre irrigué", 40, CS.PENDING,
          400_000, XOF),
         ("agri", "Appui technique à la commune et aux coopératives", None,
          CS.ON_TRACK, None, None))),
]  # fmt: skip

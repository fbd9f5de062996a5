"""The demo's meetings: when and where, how far each has gone (scheduled, in progress,
adjourned), its agenda at each classification, who sent apologies or was absent (everyone
else active on the day is recorded present), and how far its minutes went.

The minutes' text is not here: the loader writes it from what the meeting recorded
(attendance, the outcome of each motion), after the meeting, as the secretary would.
"""

from __future__ import annotations

from dataclasses import dataclass

from governance.enums import AttendanceStatus, Classification, MeetingStatus, MinutesStatus

PUB, INT, CONF, RES = (
    Classification.PUBLIC,
    Classification.INTERNAL,
    Classification.CONFIDENTIAL,
    Classification.RESTRICTED,
)
APOLOGIES, ABSENT = AttendanceStatus.APOLOGIES, AttendanceStatus.ABSENT


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
    # How far its minutes went (None: none written), and how many versions were saved.
    minutes: MinutesStatus | None = None
    versions: int = 1
    notice: int = 21  # days between scheduling it and its start


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
            ("Municipal co-funding of technical assistance",
             "Each constituency must agree: industry, government and the municipalities.", INT),
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
        ), absent=(("debeers_rep", APOLOGIES),), minutes=MD, notice=1),
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
    MeetingSpec("cf1", "cf", "Cadre de concertation : lancement du plan d'action de trois mois",
        -70, 9, MAIRIE, ADJ, PUB, (
            ("Besoins d'investissement exprimés par les coopératives",
             "Recensés au préalable par les productrices de beurre de karité et les maraîchers.",
             PUB),
            ("Adoption du plan d'action de trois mois", "", PUB),
            ("Installation du comité de suivi", "", PUB),
        ), minutes=MAPP, versions=2),
    MeetingSpec("cf2", "cf", "Cadre de concertation : bilan du plan d'action et plan suivant",
        20, 9, MAIRIE, SCHED, PUB, (
            ("Rapport du comité de suivi sur le plan d'action de trois mois", "", PUB),
            ("Actions prioritaires du prochain plan de trois mois", "", PUB),
        )),
    MeetingSpec("mc1", "mc", "Comité de suivi : réunion mensuelle", -30, 9, MAIRIE, ADJ, INT, (
            ("Point sur les actions désignées", "", INT),
            ("Obstacles à signaler au cadre de concertation", "", INT),
            ("Accès à la terre pour le périmètre irrigué des maraîchers",
             "Négociation avec les détenteurs coutumiers.", CONF),
        ), absent=(("radio_rep", APOLOGIES),), minutes=MCIRC),
    MeetingSpec("mc2", "mc", "Comité de suivi : réunion mensuelle", 3, 9, MAIRIE, SCHED, INT, (
            ("Point sur les actions désignées", "", INT),
            ("Préparation du rapport au cadre de concertation", "", INT),
        )),
]  # fmt: skip

"""Who is in the demo: the partner organizations, the people, and the accounts one signs in
with (the README lists them; `python -m server demo` prints them)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from governance.enums import OrganizationKind

# Published on purpose: the README and `make run` print it. It obeys the password rule
# (governance.validation.password, 12 characters at least) like any other password: the
# loader checks it through that rule before it sets it.
DEMO_PASSWORD = "indaba-demo-only"  # noqa: S105


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    role: str


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


# Kati's people read Indaba, and get their email, in French, on Bamako's clocks; the platform
# administrator, who follows every body from Johannesburg, reads every meeting's time on
# her dashboard on Johannesburg's (her own zone: governance.zones.set_time_zone).
FRENCH = ("monitor", "mayor", "deputy_mayor", "commune_sg", "gardeners_rep", "agri_rep", "pact",
          "radio_rep")  # fmt: skip
OWN_TIME_ZONES = {"admin": "Africa/Johannesburg", **dict.fromkeys(FRENCH, "Africa/Bamako")}


def demo_accounts() -> list[DemoAccount]:
    return [DemoAccount(f"{key}@example.org", name, role) for key, name, _, _, role, *_ in ACCOUNTS]


def mailbox(name: str) -> str:
    """The address of someone without an account: their name, in ASCII, at example.org."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return ".".join(ascii_name.lower().split()) + "@example.org"

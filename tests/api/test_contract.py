"""The public contract: we may add to it, never remove, rename or narrow."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from graphql import (
    DocumentNode,
    GraphQLSchema,
    build_schema,
    find_breaking_changes,
    parse,
    print_ast,
)

from schema import build_schema as build_indaba_schema

ROOT = Path(__file__).resolve().parents[2]
# The partners' contract, as published beside the repository; a copy is kept in
# schema/contract.graphql so the check runs on any clone.
PUBLISHED = ROOT.parent / "shared" / "contract" / "schema.graphql"
COPY = ROOT / "schema" / "contract.graphql"
CONTRACT = PUBLISHED if PUBLISHED.exists() else COPY
COMMITTED = ROOT / "schema" / "schema.graphql"


def actual_sdl() -> str:
    return build_indaba_schema().as_str()


def test_the_contract_has_no_breaking_changes():
    contract = build_schema(CONTRACT.read_text())
    actual = build_schema(actual_sdl())
    assert [
        f"{c.type.name}: {c.description}" for c in find_breaking_changes(contract, actual)
    ] == []


def test_the_committed_schema_is_what_export_schema_prints():
    printed = subprocess.run(
        [sys.executable, "-m", "server", "export-schema"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert printed == COMMITTED.read_text(), "run `make schema` and commit schema/schema.graphql"


def test_the_committed_schema_keeps_the_contract():
    contract = build_schema(CONTRACT.read_text())
    committed = build_schema(COMMITTED.read_text())
    assert find_breaking_changes(contract, committed) == []


def test_the_kept_copy_of_the_contract_is_the_published_one():
    if PUBLISHED.exists():
        assert COPY.read_text() == PUBLISHED.read_text()
    assert find_breaking_changes(build_schema(COPY.read_text()), build_schema(actual_sdl())) == []


# ------------------------------------------------------------------ the second release

WAVE2_PUBLISHED = ROOT.parent / "shared" / "contract" / "wave2.graphql"
WAVE2_COPY = ROOT / "schema" / "contract-wave2.graphql"
WAVE2 = WAVE2_PUBLISHED if WAVE2_PUBLISHED.exists() else WAVE2_COPY
# The parts of wave2.graphql delivered so far: a type's name, and the fields of its
# `extend` blocks that are (None: the whole definition); a block that adds no fields, only
# interfaces, is always kept. Grows issue by issue until it is
# the whole file.
DELIVERED: dict[str, set[str] | None] = {
    "Body": {"timeZone"},  # and `implements Node`
    "Committee": {"timeZone", "indicators", "actionPlans"},
    "AdvisoryBoard": {"timeZone"},
    "UpdateBodyInput": None,
    "UpdateDraftInput": None,
    "CreateBodyInput": {"timeZone"},
    "ActionItem": {"overdue", "plan"},
    "Commitment": {"amount"},
    "ApiToken": {"readOnly"},
    "ApiTokenInfo": None,
    "Viewer": {
        "apiTokens",
        "webhooks",
        "notifications",
        "unreadNotifications",
        "notificationPreferences",
        "locale",
    },
    "Person": {"isIntegration"},
    "CreatePersonInput": {"isIntegration"},
    "AddCommitmentInput": {"amount"},
    "UpdateMeetingInput": None,
    "UpdateAgendaItemInput": None,
    "Mutation": {
        "revokeApiToken",
        "setMeetingStatus",
        "withdrawRecommendation",
        "updateMeeting",
        "updateAgendaItem",
        "moveAgendaItem",
        "removeAgendaItem",
        "saveMinutesSections",
        "updateBody",
        "updateDraft",
        "returnUpdate",
        "uploadDocument",
        "removeDocument",
        # Results (issue 12)
        "createIndicator",
        "recordMeasurement",
        "createActionPlan",
        "transitionActionPlan",
        "submitProgressReport",
        "rollOverActionPlan",
        # Webhooks (issue 14)
        "createWebhook",
        "deleteWebhook",
        # Notifications (issue 14)
        "markNotificationsRead",
        "setNotificationPreferences",
    },
    "MinutesSection": None,
    "Minutes": {"sections"},
    "MinutesSectionInput": None,
    # Constituency voting (issue 11)
    "ConstituencyTally": None,
    "Tally": {"constituencies"},
    "Motion": {"requireEachConstituency"},
    "Membership": {"constituency"},
    "AddMemberInput": {"constituency"},
    "ProposeMotionInput": {"requireEachConstituency"},
    # Documents (issue 13)
    "Upload": None,
    "Document": None,
    "DocumentEdge": None,
    "DocumentConnection": None,
    "UploadDocumentInput": None,
    "Decision": {"documents"},
    "Recommendation": {"documents"},
    "Update": {"documents", "language", "translations"},
    # An update's language and translations (issue 15)
    "DraftUpdateInput": {"language", "translationOfId"},
    # Results (issue 12)
    "IndicatorDirection": None,
    "IndicatorFrequency": None,
    "IndicatorStatus": None,
    "ActionPlanStatus": None,
    "Measurement": None,
    "Indicator": None,
    "ProgressReport": None,
    "ActionPlan": None,
    "Agreement": {"indicators", "documents"},
    "IndicatorEdge": None,
    "IndicatorConnection": None,
    "MeasurementEdge": None,
    "MeasurementConnection": None,
    "ActionPlanEdge": None,
    "ActionPlanConnection": None,
    "ProgressReportEdge": None,
    "ProgressReportConnection": None,
    "Query": {"indicators", "indicator", "actionPlans", "actionPlan", "documents"},
    "CreateIndicatorInput": None,
    "RecordMeasurementInput": None,
    "CreateActionPlanInput": None,
    "SubmitProgressReportInput": None,
    "CreateActionItemInput": {"planId"},
    # Webhooks (issue 14)
    "WebhookEvent": None,
    "WebhookDelivery": None,
    "Webhook": None,
    "WebhookWithSecret": None,
    "CreateWebhookInput": None,
    # Notifications (issue 14)
    "NotificationKind": None,
    "Notification": None,
    "NotificationPreference": None,
    "NotificationEdge": None,
    "NotificationConnection": None,
    "NotificationPreferenceInput": None,
    "Subscription": {"notificationReceived"},
}


def delivered_contract() -> GraphQLSchema:
    """schema.graphql followed by the delivered parts of wave2.graphql, as one document."""
    kept, found = [], {name: set() for name in DELIVERED}
    for definition in parse(WAVE2.read_text()).definitions:
        name = getattr(getattr(definition, "name", None), "value", None)
        if name not in DELIVERED:
            continue
        fields = DELIVERED[name]
        if fields is not None:
            chosen = tuple(f for f in definition.fields or () if f.name.value in fields)
            if not chosen and definition.fields:  # a block that only adds interfaces stays
                continue
            found[name] |= {f.name.value for f in chosen}
            definition = replace(definition, fields=chosen)
        kept.append(definition)
    missing = {name: fields - found[name] for name, fields in DELIVERED.items() if fields}
    assert not any(missing.values()), f"not in wave2.graphql: {missing}"
    document = print_ast(DocumentNode(definitions=tuple(kept)))
    return build_schema(CONTRACT.read_text() + "\n" + document)


def test_the_delivered_parts_of_the_second_release_have_no_breaking_changes():
    actual = build_schema(actual_sdl())
    assert [
        f"{c.type.name}: {c.description}"
        for c in find_breaking_changes(delivered_contract(), actual)
    ] == []
    # The one change an `extend` block cannot say (wave2.graphql's header).
    issue = actual.mutation_type.fields["issueApiToken"]
    read_only = issue.args["readOnly"]
    assert read_only.type.name == "Boolean"  # nullable, like the contract's
    assert read_only.ast_node is not None
    assert print_ast(read_only.ast_node.default_value) == "false"


def test_the_whole_second_release_contract_has_no_breaking_changes():
    """Every part of wave2.graphql has landed (issue 15 brought the last: an update's
    language and translations), so the whole of it holds, as its header asks."""
    contract = build_schema(CONTRACT.read_text() + "\n" + WAVE2.read_text())
    actual = build_schema(actual_sdl())
    assert [
        f"{c.type.name}: {c.description}" for c in find_breaking_changes(contract, actual)
    ] == []


def test_the_kept_copy_of_the_second_release_contract_is_the_published_one():
    if WAVE2_PUBLISHED.exists():
        assert WAVE2_COPY.read_text() == WAVE2_PUBLISHED.read_text()

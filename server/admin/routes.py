"""Every admin route, in one list (mounted at /admin by server.app).

`page` is a screen (GET); `action` a state change (POST, CSRF-checked) whose
refusals re-render the named page with the message. tests/admin checks each
route here for its permissions: a route added without a test entry fails there.
Every route has a name, unique here: links and redirects are written from it
(`path_for('admin:meeting', meeting_id=...)` in templates, `admin.url("meeting", ...)`
in views), never by hand.
"""

from __future__ import annotations

from starlette.routing import BaseRoute, Route

from server.admin import (
    action_items,
    agreements,
    bodies,
    communications,
    dashboard,
    decisions,
    documents,
    grants,
    meeting_corrections,
    meetings,
    minutes,
    monitoring,
    motions,
    notifications,
    passwords,
    people,
    plans,
    profile,
    recommendations,
    results,
    sign_in,
    tokens,
    webhooks,
)
from server.admin.pages import action, page

MEETING = "/meetings/{meeting_id:int}"
AGENDA_ITEM = "/agenda-items/{agenda_item_id:int}"
MOTION = "/motions/{motion_id:int}"
DECISION = "/decisions/{decision_id:int}"
AGREEMENT = "/agreements/{agreement_id:int}"
RECOMMENDATION = "/recommendations/{recommendation_id:int}"
UPDATE = "/updates/{update_id:int}"
PERSON = "/people/{person_id:int}"
BODY = "/bodies/{body_id:int}"
GRANTS = "/grants/{kind:str}/{item_id:int}"
INDICATOR = "/indicators/{indicator_id:int}"
PLAN = "/action-plans/{plan_id:int}"
ATTACHMENTS = "/attachments/{kind:str}/{item_id:int}"

routes: list[BaseRoute] = [
    Route("/sign-in", sign_in.show, methods=["GET"], name="sign_in"),
    Route("/sign-in", sign_in.submit, methods=["POST"], name="sign_in_submit"),
    # the second step: a code, or (INDABA_REQUIRE_2FA=admin) enrolling first
    Route("/sign-in/code", sign_in.show_code, methods=["GET"], name="sign_in_code"),
    Route("/sign-in/code", sign_in.submit_code, methods=["POST"], name="sign_in_code_submit"),
    Route("/sign-in/two-factor", sign_in.show_enrolment, methods=["GET"], name="sign_in_enrol"),
    Route(
        "/sign-in/two-factor",
        sign_in.submit_enrolment,
        methods=["POST"],
        name="sign_in_enrol_submit",
    ),
    action("/sign-out", sign_in.sign_out, page=None, name="sign_out"),
    # a password forgotten, or set for the first time, from a link sent by email
    Route("/password/forgot", passwords.forgot, methods=["GET"], name="password_forgot"),
    Route(
        "/password/forgot",
        passwords.forgot_submit,
        methods=["POST"],
        name="password_forgot_submit",
    ),
    Route("/password/reset/{token:str}", passwords.reset, methods=["GET"], name="password_reset"),
    Route(
        "/password/reset/{token:str}",
        passwords.reset_submit,
        methods=["POST"],
        name="password_reset_submit",
    ),
    Route("/invitation/{token:str}", passwords.invitation, methods=["GET"], name="invitation"),
    Route(
        "/invitation/{token:str}",
        passwords.invitation_submit,
        methods=["POST"],
        name="invitation_submit",
    ),
    # one's own account: two-factor sign-in, API tokens
    page("/profile", profile.show, name="profile"),
    page("/profile/two-factor", profile.setup, name="profile_two_factor"),
    action(
        "/profile/password", profile.change_password, page=profile.show, name="profile_password"
    ),
    action(
        "/profile/two-factor", profile.change, page=profile.setup, name="profile_two_factor_change"
    ),
    action(
        "/profile/language", profile.change_language, page=profile.show, name="profile_language"
    ),
    action(
        "/profile/time-zone",
        profile.change_time_zone,
        page=profile.show,
        name="profile_time_zone",
    ),
    page("/tokens", tokens.index, name="tokens"),
    action("/tokens", tokens.issue, page=tokens.index, name="tokens_issue"),
    action("/tokens/{token_id:int}/revoke", tokens.revoke, page=tokens.index, name="token_revoke"),
    page("/webhooks", webhooks.index, name="webhooks"),
    action("/webhooks", webhooks.create, page=webhooks.index, name="webhooks_create"),
    action(
        "/webhooks/{webhook_id:int}/delete",
        webhooks.delete,
        page=webhooks.index,
        name="webhook_delete",
    ),
    # one's notifications: the bell's fragment, the list, marking read, preferences
    page("/notifications", notifications.index, name="notifications"),
    page("/notifications/bell", notifications.bell, name="notifications_bell"),
    action(
        "/notifications/read",
        notifications.mark_all,
        page=notifications.index,
        name="notifications_read_all",
    ),
    action(
        "/notifications/{notification_id:int}/read",
        notifications.mark_one,
        page=notifications.index,
        name="notification_read",
    ),
    page(
        "/notifications/preferences",
        notifications.preferences,
        name="notification_preferences",
    ),
    action(
        "/notifications/preferences",
        notifications.save_preferences,
        page=notifications.preferences,
        name="notification_preferences_save",
    ),
    page("/", dashboard.show, name="dashboard"),
    # meetings, agenda, attendance, minutes
    page("/meetings", meetings.index, name="meetings"),
    action("/meetings", meetings.schedule, page=meetings.index, name="meetings_schedule"),
    page(MEETING, meetings.show, name="meeting"),
    action(MEETING + "/status", meetings.set_status, page=meetings.show, name="meeting_status"),
    action(
        MEETING + "/agenda", meetings.add_agenda_item, page=meetings.show, name="meeting_agenda"
    ),
    action(
        MEETING + "/attendance",
        meetings.record_attendance,
        page=meetings.show,
        name="meeting_attendance",
    ),
    action(
        MEETING + "/attendance/all",
        meeting_corrections.all_present,
        page=meetings.show,
        name="meeting_attendance_all",
    ),
    # corrections: the meeting's particulars, the agenda's items
    action(
        MEETING + "/edit",
        meeting_corrections.update_meeting,
        page=meetings.show,
        name="meeting_update",
    ),
    action(
        AGENDA_ITEM + "/edit",
        meeting_corrections.update_agenda_item,
        page=meeting_corrections.agenda_item_page,
        name="agenda_item_update",
    ),
    action(
        AGENDA_ITEM + "/move",
        meeting_corrections.move_agenda_item,
        page=meeting_corrections.agenda_item_page,
        name="agenda_item_move",
    ),
    action(
        AGENDA_ITEM + "/remove",
        meeting_corrections.remove_agenda_item,
        page=meeting_corrections.agenda_item_page,
        name="agenda_item_remove",
    ),
    action(MEETING + "/minutes", minutes.save, page=meetings.show, name="meeting_minutes"),
    action(
        MEETING + "/minutes/preview",
        minutes.preview,
        page=meetings.show,
        name="meeting_minutes_preview",
    ),
    action(
        MEETING + "/minutes/circulate",
        meetings.circulate_minutes,
        page=meetings.show,
        name="meeting_minutes_circulate",
    ),
    action(
        MEETING + "/minutes/approve",
        meetings.approve_minutes,
        page=meetings.show,
        name="meeting_minutes_approve",
    ),
    # motions and ballots
    action(MEETING + "/motions", motions.propose, page=meetings.show, name="meeting_motions"),
    page(MOTION, motions.show, name="motion"),
    page(MOTION + "/tally", motions.tally, name="motion_tally"),
    action(MOTION + "/open", motions.open_voting, page=motions.show, name="motion_open"),
    action(MOTION + "/vote", motions.cast_vote, page=motions.show, name="motion_vote"),
    action(MOTION + "/votes", motions.record_vote, page=motions.show, name="motion_votes"),
    action(MOTION + "/close", motions.close_voting, page=motions.show, name="motion_close"),
    action(MOTION + "/withdraw", motions.withdraw, page=motions.show, name="motion_withdraw"),
    # the decisions register
    page("/decisions", decisions.index, name="decisions"),
    action("/decisions", decisions.record, page=decisions.index, name="decisions_record"),
    page(DECISION, decisions.show, name="decision"),
    action(
        DECISION + "/supersede", decisions.supersede, page=decisions.show, name="decision_supersede"
    ),
    action(DECISION + "/revoke", decisions.revoke, page=decisions.show, name="decision_revoke"),
    action(
        DECISION + "/release", decisions.set_release, page=decisions.show, name="decision_release"
    ),
    # agreements and commitments
    page("/agreements", agreements.index, name="agreements"),
    action("/agreements", agreements.create, page=agreements.index, name="agreements_create"),
    page(AGREEMENT, agreements.show, name="agreement"),
    action(
        AGREEMENT + "/status", agreements.transition, page=agreements.show, name="agreement_status"
    ),
    action(
        AGREEMENT + "/commitments",
        agreements.add_commitment,
        page=agreements.show,
        name="agreement_commitments",
    ),
    action(
        "/commitments/{commitment_id:int}/status",
        agreements.commitment_status,
        page=agreements.commitment_page,
        name="commitment_status",
    ),
    # recommendations
    page("/recommendations", recommendations.index, name="recommendations"),
    action(
        "/recommendations",
        recommendations.draft,
        page=recommendations.index,
        name="recommendations_draft",
    ),
    page(RECOMMENDATION, recommendations.show, name="recommendation"),
    action(
        RECOMMENDATION + "/edit",
        recommendations.edit,
        page=recommendations.show,
        name="recommendation_edit",
    ),
    action(
        RECOMMENDATION + "/submit",
        recommendations.submit,
        page=recommendations.show,
        name="recommendation_submit",
    ),
    action(
        RECOMMENDATION + "/withdraw",
        recommendations.withdraw,
        page=recommendations.show,
        name="recommendation_withdraw",
    ),
    action(
        RECOMMENDATION + "/respond",
        recommendations.respond,
        page=recommendations.show,
        name="recommendation_respond",
    ),
    # action items
    page("/action-items", action_items.index, name="action_items"),
    action(
        "/action-items", action_items.create, page=action_items.index, name="action_items_create"
    ),
    action(
        "/action-items/{item_id:int}/status",
        action_items.update_status,
        page=action_items.index,
        name="action_item_status",
    ),
    # results: indicators and their measurements, action plans and their reports
    page("/indicators", results.index, name="indicators"),
    action("/indicators", results.create, page=results.index, name="indicators_create"),
    page(INDICATOR, results.show, name="indicator"),
    action(
        INDICATOR + "/measurements",
        results.record,
        page=results.show,
        name="indicator_measurements",
    ),
    page("/action-plans", plans.index, name="action_plans"),
    action("/action-plans", plans.create, page=plans.index, name="action_plans_create"),
    page(PLAN, plans.show, name="action_plan"),
    action(PLAN + "/status", plans.transition, page=plans.show, name="action_plan_status"),
    action(PLAN + "/roll-over", plans.roll_over, page=plans.show, name="action_plan_roll_over"),
    action(PLAN + "/reports", plans.report, page=plans.show, name="action_plan_reports"),
    action(PLAN + "/actions", plans.add_action, page=plans.show, name="action_plan_actions"),
    # communications
    page("/updates", communications.index, name="updates"),
    action("/updates", communications.draft, page=communications.index, name="updates_draft"),
    page(UPDATE, communications.show, name="update"),
    action(UPDATE + "/edit", communications.edit, page=communications.show, name="update_edit"),
    action(
        UPDATE + "/submit", communications.submit, page=communications.show, name="update_submit"
    ),
    action(
        UPDATE + "/return", communications.send_back, page=communications.show, name="update_return"
    ),
    action(
        UPDATE + "/approve", communications.approve, page=communications.show, name="update_approve"
    ),
    action(
        UPDATE + "/publish", communications.publish, page=communications.show, name="update_publish"
    ),
    action(
        UPDATE + "/retract", communications.retract, page=communications.show, name="update_retract"
    ),
    # people, tokens, organizations, bodies, memberships, grants
    page("/people", people.index, name="people"),
    action("/people", people.create, page=people.index, name="people_create"),
    page(PERSON, people.show, name="person"),
    action(PERSON + "/tokens", people.issue_token, page=people.show, name="person_tokens"),
    action(PERSON + "/invitation", people.invite, page=people.show, name="person_invite"),
    action(
        PERSON + "/tokens/revoke",
        people.revoke_tokens,
        page=people.show,
        name="person_tokens_revoke",
    ),
    page("/organizations", bodies.organizations, name="organizations"),
    action(
        "/organizations",
        bodies.create_organization,
        page=bodies.organizations,
        name="organizations_create",
    ),
    page("/bodies", bodies.index, name="bodies"),
    action("/bodies", bodies.create, page=bodies.index, name="bodies_create"),
    page(BODY, bodies.show, name="body"),
    page(BODY + "/monitoring", monitoring.show, name="body_monitoring"),
    action(BODY + "/edit", bodies.update, page=bodies.show, name="body_edit"),
    action(BODY + "/members", bodies.add_member, page=bodies.show, name="body_members"),
    action(BODY + "/members/end", bodies.end_member, page=bodies.show, name="body_members_end"),
    page(GRANTS, grants.show, name="grants"),
    action(GRANTS, grants.grant, page=grants.show, name="grants_add"),
    action(GRANTS + "/revoke", grants.revoke, page=grants.show, name="grants_revoke"),
    # documents attached to a meeting, agreement, decision, recommendation, action plan or update
    page(ATTACHMENTS, documents.show, name="documents"),
    action(ATTACHMENTS, documents.upload, page=documents.show, name="documents_upload"),
    action(ATTACHMENTS + "/remove", documents.remove, page=documents.show, name="documents_remove"),
]

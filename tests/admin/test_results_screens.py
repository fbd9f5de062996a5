"""The results screens (issue 12): indicators with their status and chart, recording a
figure, action plans with their completion, reports and roll-over, and a committee's
monitoring page. Each form: denied, then allowed; a hidden item is Not Found; every list
costs the same statements whatever its length."""

from __future__ import annotations

import re
from datetime import date, timedelta

from governance.enums import (
    ActionPlanStatus,
    ActionStatus,
    Classification,
    MemberRole,
)
from governance.models import (
    ActionItem,
    ActionPlan,
    Indicator,
    Measurement,
    Membership,
    Person,
    ProgressReport,
)
from tests.admin.helpers import PASSWORD_HASH, sign_in
from tests.api.test_sql_statements import counting_statements
from tests.world import TODAY, day, name_on

CONF = Classification.CONFIDENTIAL
RESTRICTED = Classification.RESTRICTED
YEAR = TODAY.year


def dots(page: str) -> int:
    """The measurements drawn on the indicator page's chart."""
    chart = re.search(r'<figure class="chart" id="chart">(.*?)</figure>', page, re.S)
    assert chart, page
    return chart.group(1).count('<circle class="dot"')


async def monitor(setting, browser):
    """A member of the operations unit, which monitors the world's plan."""
    person = await Person.create(
        name="Monitor Person", email="monitor@example.org", password_hash=PASSWORD_HASH
    )
    await Membership.create(
        person_id=person.id, body_id=setting.body("ou"), role=MemberRole.MEMBER,
        voting_rights=True, start_date=day(-30),
    )  # fmt: skip
    return await sign_in(browser(), person.email)


async def more_indicators(setting, count: int, level=CONF) -> None:
    """`count` indicators of the steering committee, each with two figures."""
    for number in range(count):
        indicator = await Indicator.create(
            code=f"SC-X-{number:03d}", name=f"Extra {number}", unit="%", direction="INCREASE",
            frequency="QUARTERLY", baseline=10, baseline_date=date(YEAR - 1, 1, 1), target=20,
            target_date=date(YEAR + 1, 1, 1), body_id=setting.body("sc"), classification=level,
        )  # fmt: skip
        for quarter, value in ((3, 11.0), (6, 12.0)):
            await Measurement.create(
                indicator_id=indicator.id, period_start=date(YEAR - 1, quarter - 2, 1),
                period_end=date(YEAR - 1, quarter, 28), value=value,
            )  # fmt: skip


# ---------------------------------------------------------------- indicators


async def test_the_list_shows_status_and_trend_of_what_the_viewer_may_see(setting, signed_in):
    indicator = setting.ids["indicator"]
    link = f'href="/admin/indicators/{indicator}">SC-KPI-001'
    # Denied: a participant sees no CONFIDENTIAL indicator of the committee.
    page = (await (await signed_in("participant")).get("/admin/indicators")).text
    assert link not in page and "No indicators match." in page
    # A member: the indicator, its status (45 % is on track towards 80 %) and its trend.
    member = await signed_in("member")
    page = (await member.get("/admin/indicators")).text
    row = re.search(rf'<tr id="indicator-{indicator}">(.*?)</tr>', page, re.S).group(1)
    assert link in row and 'class="state state-on_track">On track<' in row
    assert '<svg class="sparkline"' in row and "1 measurement, from 45\u00a0%" in row
    # Filtered by status: the rule's answer, not a column.
    page = (await member.get("/admin/indicators?status=OFF_TRACK")).text
    assert link not in page and "No indicators match." in page
    page = await member.get(f"/admin/indicators?status=ON_TRACK&committee={setting.body('sc')}")
    assert link in page.text
    page = (await member.get(f"/admin/indicators?committee={setting.body('ou')}")).text
    assert link not in page


async def test_the_indicator_page_draws_its_chart_with_a_text_alternative(setting, signed_in):
    path = f"/admin/indicators/{setting.ids['indicator']}"
    # Hidden: Not Found, as the API says, not Forbidden.
    assert (await (await signed_in("participant")).get(path)).status_code == 404
    page = (await (await signed_in("member")).get(path)).text
    assert 'role="img" aria-labelledby="chart-title chart-desc"' in page
    assert '<title id="chart-title">SC-KPI-001: Households with water, measured against' in page
    desc = re.search(r'<desc id="chart-desc">(.*?)</desc>', page).group(1)
    assert f"Baseline 40\u00a0% on 1 Jan {YEAR - 1}. Target 80\u00a0% by 1 Jan {YEAR + 1}." in desc
    assert "Status: on track." in desc
    assert '<polyline class="expected"' in page and dots(page) == 1
    # The figures as a table beside it.
    table = re.search(r'id="measurements"(.*?)</section>', page, re.S).group(1)
    assert f"31 Mar {YEAR - 1}" in table and "45\u00a0%" in table
    assert "Record a measurement" not in page  # a member does not record figures


async def test_recording_a_figure_denied_then_allowed_and_a_repeated_period_refused(
    setting, signed_in
):
    indicator = setting.ids["indicator"]
    path = f"/admin/indicators/{indicator}"
    figure = {"period_start": f"{YEAR - 1}-04-01", "period_end": f"{YEAR - 1}-06-30"}
    # Denied: a member of the committee sees it but records nothing.
    member = await signed_in("member")
    assert (await member.post(path + "/measurements", {**figure, "value": "50"})).status_code == 403
    assert await Measurement.filter(indicator_id=indicator).count() == 1
    # The party to its agreement: the form, and the figure on the chart and in its table.
    party = await signed_in("party")
    page = (await party.get(path)).text
    assert "Record a measurement" in page and dots(page) == 1
    done = await party.post(path + "/measurements", {**figure, "value": "52,5", "source": "Q2"})
    assert done.status_code == 303 and done.headers["location"] == path + "#measurements"
    page = (await party.get(path)).text
    assert dots(page) == 2 and f"1 Apr {YEAR - 1} to 30 Jun {YEAR - 1}: 52.5\u00a0%" in page
    assert "52.5\u00a0%" in re.search(r'id="measurements"(.*?)</section>', page, re.S).group(1)
    # The same period again: refused in the form, what was typed kept, nothing recorded.
    again = await party.post(path + "/measurements", {**figure, "value": "53"})
    assert again.status_code == 409
    error = re.search(r'<p class="flash error form-error" role="alert"[^>]*>(.*?)</p>', again.text)
    assert error and "already has a measurement" in error.group(1)
    assert 'name="value" type="text" value="53"' in again.text
    assert await Measurement.filter(indicator_id=indicator).count() == 2
    # Through htmx, the same message in the form's block.
    again = await party.post(
        path + "/measurements", {**figure, "value": "53"}, headers={"HX-Request": "true"}
    )
    assert again.status_code == 409 and "already has a measurement" in again.text


async def test_defining_an_indicator_is_the_officers_form(setting, signed_in):
    form = {
        "body_id": setting.body("sc"), "code": "SC-KPI-050", "name": "Revenue collected",
        "unit": "%", "direction": "INCREASE", "frequency": "QUARTERLY", "baseline": "60",
        "baseline_date": f"{YEAR}-01-01", "target": "90", "target_date": f"{YEAR + 2}-01-01",
        "classification": "INTERNAL",
    }  # fmt: skip
    member = await signed_in("member")
    assert "Define an indicator" not in (await member.get("/admin/indicators")).text
    assert (await member.post("/admin/indicators", form)).status_code == 403
    secretary = await signed_in("secretary")
    assert "Define an indicator" in (await secretary.get("/admin/indicators")).text
    # A definition the rule cannot judge is refused with the service's words.
    bad = await secretary.post("/admin/indicators", {**form, "baseline": "95"})
    assert bad.status_code == 400 and "target must be above its baseline" in bad.text
    done = await secretary.post("/admin/indicators", form)
    created = await Indicator.get(code="SC-KPI-050")
    assert done.headers["location"] == f"/admin/indicators/{created.id}"
    page = (await secretary.get(done.headers["location"])).text
    assert "Nothing measured yet." in page and "state-no_data" in page


# ---------------------------------------------------------------- action plans


async def test_the_plan_page_shows_actions_completion_indicators_and_reports(setting, signed_in):
    plan = setting.ids["plan"]
    path = f"/admin/action-plans/{plan}"
    assert (await (await signed_in("participant")).get(path)).status_code == 404
    sc, chair = setting.body("sc"), setting.person("chair")
    for title, status, due in [
        ("Open the bank account", ActionStatus.BLOCKED, day(-3)),
        ("Hire the facilitator", ActionStatus.DONE, day(-10)),
        ("Print the charter", ActionStatus.CANCELLED, None),
        ("Train the monitors", ActionStatus.OPEN, day(20)),
    ]:
        await ActionItem.create(
            committee_id=sc, title=title, classification=CONF, status=status, due_date=due,
            owner_person_id=chair, plan_id=plan,
        )  # fmt: skip
    hidden = await ActionItem.create(
        committee_id=sc, title="Secret step", classification=RESTRICTED, plan_id=plan
    )
    await name_on(setting.world, "action_item", hidden.id, RESTRICTED)
    page = (await (await signed_in("secretary")).get(path)).text
    # One of the three actions the secretary sees is done: the cancelled one left out, and
    # the RESTRICTED one too, since counting it would tell them it exists.
    assert re.search(r'id="completion"><meter [^>]*value="0.333"', page) and "33\u00a0%" in page
    late = re.search(r"<li id=\"item-\d+\"><span class=\"who\"><strong>Open the bank account.*?</li>", page, re.S)  # fmt: skip
    assert late and "overdue" in late.group(0) and "Chair Person" in late.group(0)
    assert "overdue</strong>" not in page.split("Hire the facilitator")[1].split("</li>")[0]
    assert "Secret step" not in page  # RESTRICTED: the chair's and the named person's
    assert "SC-KPI-001: Households with water" in page and "state-on_track" in page
    assert "Mark in progress" in page and "Roll over into the next plan" in page
    as_chair = (await (await signed_in("chair")).get(path)).text
    assert "Secret step" in as_chair  # the chair sees four counted actions, one done
    assert re.search(r'id="completion"><meter [^>]*value="0.250"', as_chair)


async def test_reporting_on_a_plan_denied_then_allowed_for_a_monitor(setting, signed_in, browser):
    plan = setting.ids["plan"]
    path = f"/admin/action-plans/{plan}"
    report = {
        "period_end": TODAY.isoformat(),
        "summary": "Two of five **done**.<script>alert(1)</script>",
        "obstacles": "The bank account is not open.",
    }
    # Denied: a member of the adopting committee is not its monitor.
    member = await signed_in("member")
    assert "Report progress" not in (await member.get(path)).text
    assert (await member.post(path + "/reports", report)).status_code == 403
    assert await ProgressReport.all().count() == 0
    # A member of the monitoring committee: reports, rendered as sanitised Markdown.
    watcher = await monitor(setting, browser)
    assert "Report progress" in (await watcher.get(path)).text
    done = await watcher.post(path + "/reports", report)
    submitted = await ProgressReport.get(plan_id=plan)
    assert done.headers["location"] == f"{path}#report-{submitted.id}"
    page = (await watcher.get(path)).text
    article = re.search(rf'<article class="report" id="report-{submitted.id}">(.*?)</article>', page, re.S).group(1)  # fmt: skip
    assert "Two of five <strong>done</strong>." in article and "<script>" not in article
    assert "Obstacles" in article and "The bank account is not open." in article
    assert "Monitor Person" in article


async def test_moving_and_rolling_over_a_plan_is_the_adopting_officers(setting, signed_in):
    plan = setting.ids["plan"]
    path = f"/admin/action-plans/{plan}"
    item = await ActionItem.create(
        committee_id=setting.body("sc"), title="Carry me", classification=CONF, plan_id=plan
    )
    member = await signed_in("member")
    page = (await member.get(path)).text
    assert "Mark in progress" not in page and "Roll over" not in page
    assert (await member.post(path + "/status", {"status": "IN_PROGRESS"})).status_code == 403
    end = (TODAY + timedelta(days=150)).isoformat()
    assert (await member.post(path + "/roll-over", {"period_end": end})).status_code == 403
    secretary = await signed_in("secretary")
    moved = await secretary.post(path + "/status", {"status": "IN_PROGRESS"})
    assert moved.status_code == 303
    assert (await ActionPlan.get(id=plan)).status == ActionPlanStatus.IN_PROGRESS
    # A new end before the old one is refused with the service's words.
    early = await secretary.post(path + "/roll-over", {"period_end": TODAY.isoformat()})
    assert early.status_code == 400 and "periodEnd must be after" in early.text
    rolled = await secretary.post(path + "/roll-over", {"period_end": end})
    following = await ActionPlan.get(previous_id=plan)
    assert rolled.headers["location"] == f"/admin/action-plans/{following.id}"
    page = (await secretary.get(rolled.headers["location"])).text
    assert f'href="/admin/action-plans/{plan}">' in page and "Follows" in page
    assert "Carry me" in page and "state-draft" in page
    old = (await secretary.get(path)).text
    assert "state-closed" in old and "Rolled over into" in old
    assert (await ActionItem.get(id=item.id)).plan_id == following.id


async def test_drawing_up_a_plan_and_adding_an_action(setting, signed_in):
    form = {
        "body_id": setting.body("sc"), "title": "Kati plan 2", "classification": "INTERNAL",
        "period_start": TODAY.isoformat(), "period_end": day(90).isoformat(),
        "monitored_by_id": setting.body("ou"), "indicator_ids": setting.ids["indicator"],
    }  # fmt: skip
    member = await signed_in("member")
    assert "Draw up an action plan" not in (await member.get("/admin/action-plans")).text
    assert (await member.post("/admin/action-plans", form)).status_code == 403
    secretary = await signed_in("secretary")
    done = await secretary.post("/admin/action-plans", form)
    plan = await ActionPlan.get(title="Kati plan 2")
    assert done.headers["location"] == f"/admin/action-plans/{plan.id}"
    assert plan.reference == f"SC-AP-{YEAR}-002" and plan.status == ActionPlanStatus.DRAFT
    action = {"title": "Open the bank account", "classification": "INTERNAL"}
    path = f"/admin/action-plans/{plan.id}/actions"
    assert (await member.post(path, action)).status_code == 403
    assert (await secretary.post(path, action)).status_code == 303
    page = (await secretary.get(f"/admin/action-plans/{plan.id}")).text
    assert "Open the bank account" in page and "SC-KPI-001" in page


# ---------------------------------------------------------------- the monitoring page


async def test_a_committee_s_monitoring_page(setting, signed_in):
    world, sc = setting.world, setting.body("sc")
    plan = setting.ids["plan"]
    # The plan ends in five days: a report is due; one action is late.
    await ActionPlan.filter(id=plan).update(period_end=day(5))
    await ActionItem.create(
        committee_id=sc, title="Late step", classification=CONF, plan_id=plan,
        due_date=day(-2), owner_organization_id=world.orgs["party"].id,
    )  # fmt: skip
    await more_indicators(setting, 1, RESTRICTED)  # the chair's to see, not the secretary's
    await name_on(world, "indicator", (await Indicator.get(code="SC-X-000")).id, RESTRICTED)
    path = f"/admin/bodies/{sc}/monitoring"
    body_page = (await (await signed_in("participant")).get(f"/admin/bodies/{sc}")).text
    assert f'href="{path}"' in body_page
    # Someone who sees nothing of the committee's: empty lists, nothing leaks.
    page = (await (await signed_in("participant")).get(path)).text
    assert "SC-KPI-001" not in page and "Late step" not in page and "SC-AP-" not in page
    page = (await (await signed_in("secretary")).get(path)).text
    section = re.search(r'id="monitoring-indicators"(.*?)</section>', page, re.S).group(1)
    assert 'id="status-on_track"' in section and "SC-KPI-001" in section
    assert "SC-X-000" not in section
    plans = re.search(r'id="monitoring-plans"(.*?)</section>', page, re.S).group(1)
    assert f"SC-AP-{YEAR}-001" in plans and "0\u00a0%" in plans
    late = re.search(r'id="monitoring-overdue"(.*?)</section>', page, re.S).group(1)
    assert "Late step" in late and "Gamagara Local Municipality" in late
    due = re.search(r'id="monitoring-reports"(.*?)</section>', page, re.S).group(1)
    assert f"SC-AP-{YEAR}-001" in due
    # The chair sees the RESTRICTED indicator, under its status (it is off track).
    page = (await (await signed_in("chair")).get(path)).text
    assert "SC-X-000" in page
    # The operations unit monitors the plan: it is on its page too.
    page = (await (await signed_in("secretary")).get(f"/admin/bodies/{setting.body('ou')}/monitoring")).text  # fmt: skip
    assert "monitored here" in page


# ---------------------------------------------------------------- statements


async def statements(person, path: str) -> int:
    with counting_statements() as seen:
        page = await person.get(path)
    assert page.status_code == 200, page.text
    return len(seen)


async def test_each_list_costs_the_same_statements_whatever_its_length(setting, signed_in):
    chair = await signed_in("chair")
    sc, plan = setting.body("sc"), setting.ids["plan"]
    paths = [
        "/admin/indicators",
        "/admin/indicators?status=ON_TRACK",
        "/admin/action-plans",
        f"/admin/action-plans/{plan}",
        f"/admin/bodies/{sc}/monitoring",
    ]
    before = [await statements(chair, path) for path in paths]
    await more_indicators(setting, 20)
    for number in range(20):
        other = await ActionPlan.create(
            reference=f"SC-AP-2099-{number:03d}", title=f"Plan {number}", body_id=sc,
            period_start=day(-30), period_end=day(3), classification=CONF,
            status=ActionPlanStatus.IN_PROGRESS,
        )  # fmt: skip
        for target in (plan, other.id):
            await ActionItem.create(
                committee_id=sc, title=f"Step {number}", classification=CONF, plan_id=target,
                due_date=day(-1), owner_person_id=setting.person("member"),
                owner_organization_id=setting.org("party"),
            )  # fmt: skip
        await ProgressReport.create(plan_id=plan, period_end=day(-number), summary="So far.")
    page = (await chair.get("/admin/indicators")).text
    assert page.count('<svg class="sparkline"') == 21
    page = (await chair.get(f"/admin/bodies/{sc}/monitoring")).text
    assert page.count("Step ") == 40 and page.count("SC-AP-2099-") >= 20
    assert [await statements(chair, path) for path in paths] == before


async def test_a_restricted_plan_or_indicator_leads_its_chair_to_the_named_people(
    setting, signed_in
):
    plan, indicator = setting.ids["plan"], setting.ids["indicator"]
    await ActionPlan.filter(id=plan).update(classification=RESTRICTED)
    await Indicator.filter(id=indicator).update(classification=RESTRICTED)
    # Denied: the secretary does not even see them; the chair names people on both.
    secretary = await signed_in("secretary")
    assert (await secretary.get(f"/admin/action-plans/{plan}")).status_code == 404
    assert (await secretary.get(f"/admin/indicators/{indicator}")).status_code == 404
    chair = await signed_in("chair")
    for kind, path in (
        ("action_plan", f"/admin/action-plans/{plan}"),
        ("indicator", f"/admin/indicators/{indicator}"),
    ):
        item_id = plan if kind == "action_plan" else indicator
        grants = f"/admin/grants/{kind}/{item_id}"
        assert f'href="{grants}">Named people</a>' in (await chair.get(path)).text
        # The grants page leads back to the item.
        assert f'href="{path}"' in (await chair.get(grants)).text

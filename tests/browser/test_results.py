"""Results (issue 12) in a real browser: the secretary defines an indicator and records its
figures, each a new point on the chart and a row of its table; draws up a plan, adopts
it, reports progress when the report falls due, and rolls it over into the next plan.
The committee's monitoring page is photographed on the way."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.async_api import Page, expect

from tests.browser.conftest import OpenAs, screenshot

pytestmark = pytest.mark.browser

TODAY = date.today()
YEAR = TODAY.year
CODE = "MCPP-BT-001"
PLAN = "Water loss quick wins"
COMMITTEE = "MCPP Steering Committee"


async def select_by_text(page: Page, label: str, text: str) -> None:
    await page.get_by_label(label, exact=True).select_option(label=text)


async def record(page: Page, start: str, end: str, value: str) -> None:
    form = page.locator("form", has=page.get_by_role("button", name="Record"))
    await form.get_by_label("Period from").fill(start)
    await form.get_by_label("Period to").fill(end)
    await form.get_by_label("Value (%)").fill(value)
    await form.get_by_role("button", name="Record").click()


async def test_a_recorded_figure_is_a_new_point_on_the_chart_and_in_its_table(open_as: OpenAs):
    page = await open_as("secretary")
    await page.get_by_role("navigation").get_by_role("link", name="Indicators").click()
    await page.get_by_text("Define an indicator").click()
    await select_by_text(page, "Committee (reports on it)", COMMITTEE)
    await page.get_by_label("Code").fill(CODE)
    await page.get_by_label("Name", exact=True).fill("Revenue collection rate")
    await page.get_by_label("Unit").fill("%")
    await page.get_by_label("Direction").select_option("INCREASE")
    await page.get_by_label("Baseline", exact=True).fill("60")
    await page.get_by_label("Baseline date").fill(f"{YEAR - 1}-01-01")
    await page.get_by_label("Target", exact=True).fill("90")
    await page.get_by_label("Target date").fill(f"{YEAR + 1}-01-01")
    await page.get_by_role("button", name="Define the indicator").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        f"{CODE}: Revenue collection rate"
    )
    chart = page.locator("#chart svg")
    await expect(page.locator("#measurements")).to_contain_text("Nothing measured yet.")
    await expect(chart.locator("circle.dot")).to_have_count(0)

    # A figure: a point on the chart (its title says which), a row in the table beside it.
    await record(page, f"{YEAR - 1}-01-01", f"{YEAR - 1}-03-31", "63")
    await expect(page.get_by_text("Recorded 63 % for")).to_be_visible()
    await expect(chart.locator("circle.dot")).to_have_count(1)
    await record(page, f"{YEAR - 1}-04-01", f"{YEAR - 1}-06-30", "70")
    await expect(chart.locator("circle.dot")).to_have_count(2)
    # The chart's own <title> is not taken for the page's by htmx's swap.
    await expect(page).to_have_title(f"{CODE} · Indaba")
    point = chart.locator("circle.dot").nth(1).locator("title")
    await expect(point).to_have_text(f"1 Apr {YEAR - 1} to 30 Jun {YEAR - 1}: 70 %")
    row = page.locator("#measurements tbody tr").nth(1)
    await expect(row).to_contain_text(f"30 Jun {YEAR - 1}")
    await expect(row).to_contain_text("70 %")
    # Read as a screen reader reads it: the image's name and description.
    await expect(chart).to_have_attribute("role", "img")
    await expect(chart.locator("desc")).to_contain_text("2 measurements; the latest 70 %")
    await expect(chart.locator("desc")).to_contain_text("Status: on track.")
    await expect(page.locator("p.meta .state")).to_have_text("On track")
    await screenshot(page, "indicator-chart")

    # The same period again: refused in the form, the figure kept for correcting.
    await record(page, f"{YEAR - 1}-04-01", f"{YEAR - 1}-06-30", "71")
    alert = page.locator("#record-error")
    await expect(alert).to_contain_text("already has a measurement")
    await expect(page.get_by_label("Value (%)")).to_have_value("71")
    await expect(chart.locator("circle.dot")).to_have_count(2)

    # The list: its status and a sparkline of the two figures.
    await page.get_by_role("navigation").get_by_role("link", name="Indicators").click()
    listed = page.locator("tr", has=page.get_by_role("link", name=CODE))
    await expect(listed.locator(".state")).to_have_text("On track")
    await expect(listed.locator("svg.sparkline title")).to_contain_text("2 measurements")


async def test_a_plan_is_reported_on_when_due_and_rolled_over(open_as: OpenAs):
    page = await open_as("secretary")
    await page.get_by_role("navigation").get_by_role("link", name="Action plans").click()
    await page.get_by_text("Draw up an action plan").click()
    await page.get_by_label("Title").fill(PLAN)
    await select_by_text(page, "Adopting committee", COMMITTEE)
    await select_by_text(page, "Monitoring committee", "SayPro Policy and Strategy Operations Unit")
    await page.get_by_label("From").fill((TODAY - timedelta(days=85)).isoformat())
    await page.get_by_label("To", exact=True).fill((TODAY + timedelta(days=5)).isoformat())
    await page.get_by_role("button", name="Draw up the plan").click()
    heading = page.get_by_role("heading", level=1)
    await expect(heading).to_contain_text(PLAN)
    reference = (await heading.inner_text()).split(":")[0]
    await page.get_by_role("button", name="Mark adopted").click()
    await expect(page.locator("p.meta .state")).to_have_text("Adopted")

    # An action, already late: marked overdue on the plan.
    actions = page.locator("#actions")
    await actions.get_by_text("Add an action").click()
    await actions.get_by_label("What is to be done").fill("Fix the leaking mains")
    await actions.get_by_label("Due").fill((TODAY - timedelta(days=2)).isoformat())
    await actions.get_by_role("button", name="Add the action").click()
    item = page.locator("#actions li", has_text="Fix the leaking mains")
    await expect(item.locator(".overdue")).to_have_text("overdue")
    await expect(page.locator("#completion")).to_contain_text("0 %")

    # It ends within the week: the report is due, on the dashboard.
    await page.get_by_role("navigation").get_by_role("link", name="Dashboard").click()
    due = page.locator("#waiting-reports")
    await due.get_by_role("link", name=re.compile(reference)).click()
    reports = page.locator("#reports")
    await reports.get_by_label("Summary (Markdown)").fill("Two **quick wins** done.")
    await reports.get_by_label("Obstacles (optional)").fill("The bank account is not open yet.")
    await reports.get_by_role("button", name="Submit the report").click()
    report = reports.locator("article.report")
    await expect(report.locator("strong")).to_have_text("quick wins")
    await expect(report).to_contain_text("The bank account is not open yet.")
    await page.get_by_role("navigation").get_by_role("link", name="Dashboard").click()
    await expect(page.locator("#waiting-reports")).not_to_contain_text(reference)

    # The committee's monitoring page: the plan, its late action, the indicators.
    await page.get_by_role("navigation").get_by_role("link", name="Bodies").click()
    await page.get_by_role("link", name=COMMITTEE).click()
    await page.get_by_role("link", name="monitoring: indicators and action plans").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Monitoring: {COMMITTEE}")
    await expect(page.locator("#monitoring-plans")).to_contain_text(reference)
    await expect(page.locator("#monitoring-overdue")).to_contain_text("Fix the leaking mains")
    await screenshot(page, "monitoring-dashboard")

    # Rolled over: this plan closes, the next opens with the action still to do.
    await page.locator("#monitoring-plans").get_by_role("link", name=re.compile(reference)).click()
    await page.get_by_text("Roll over into the next plan").click()
    await page.get_by_label("The next plan runs until").fill(
        (TODAY + timedelta(days=95)).isoformat()
    )
    await page.get_by_role("button", name="Roll over").click()
    await expect(heading).not_to_contain_text(reference)
    await expect(heading).to_contain_text(PLAN)
    await expect(page.locator("p.meta .state")).to_have_text("Draft")
    await expect(page.locator("#actions")).to_contain_text("Fix the leaking mains")
    await page.get_by_role("link", name=reference).click()
    await expect(page.locator("p.meta .state")).to_have_text("Closed")
    await expect(page.locator("#actions")).to_contain_text("No actions yet.")

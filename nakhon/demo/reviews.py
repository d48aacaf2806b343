"""Architecture review requests in the Bangkok demo, in every state of the workflow
(`data/governance_requests.json`): drafts, submitted (one late), under review (one late),
approved, approved with conditions (one open, one overdue, a waiver expiring within 90 days),
rejected, dismissed and closed. One duplicates the city's complaint systems (a district's own
complaint system for the complaint-management capability), which the checks on submission
report.

Every step goes through the workflow (`governance.workflow`) as it would for people: the demo
account drafts, submits and decides (it is an administrator), the demo reviewers answer and
vote. Times are days before the day of loading. A request is matched by its title and unit:
one that exists is left as it is, so loading twice changes nothing.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from nakhon.core.permissions import Role
from nakhon.core.services import Actor
from nakhon.demo import sample
from nakhon.governance import workflow
from nakhon.governance.models import ReviewRequest, Standard
from nakhon.repository.models import Element, Status
from nakhon.repository.services import elements

REQUESTS_JSON = sample.DATA_DIR / "governance_requests.json"
REVIEW_REQUESTS = "review_requests"


def demo_reviewer(row: dict):
    """A reviewer account of the demo; like the demo's own account, it cannot sign in."""
    user, created = get_user_model().objects.get_or_create(
        username=row["username"],
        defaults={
            "role": Role.REVIEWER,
            "first_name": row["first_name"],
            "last_name": row["last_name"],
        },
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


class ReviewsLoader(sample.AddOnLoader):
    def load(self) -> sample.Summary:
        data = sample.read_json(REQUESTS_JSON)
        self.summary.add_kind(REVIEW_REQUESTS, _("review requests"))
        self.now = timezone.now()
        self.reviewers = {row["username"]: demo_reviewer(row) for row in data["reviewers"]}
        for row in data["new_elements"]:
            self.elements[row["key"]] = self.sync_new_element(row)
        for row in data["requests"]:
            self.sync_request(row)
        return self.summary

    def sync_new_element(self, row: dict) -> Element:
        values = {
            "type": row["type"],
            "name": row["name"],
            "name_en": row["name_en"],
            "owner_unit": self.unit(row["owner"]),
            "status": Status.PLAN,
            "properties": [sample.DEMO_PROPERTY],
        }
        return self.sync_object("elements", elements, f"{sample.PREFIX}{row['key']}", values)

    def unit(self, code: str):
        identifier = sample.owner_identifier(code)
        if identifier not in self.units:
            raise sample.DemoDataError(_("%(code)s: no such unit in the demo.") % {"code": code})
        return self.units[identifier]

    def element(self, key: str) -> Element:
        if key in self.elements:
            return self.elements[key]
        found = Element.objects.filter(identifier=key).first()  # a citizen service ("svc-…")
        if found is None:
            raise sample.DemoDataError(_("%(key)s: no such element in the demo.") % {"key": key})
        return found

    def ago(self, days: int):
        return self.now - timedelta(days=days)

    def sync_request(self, row: dict) -> ReviewRequest:
        unit = self.unit(row["unit"])
        existing = ReviewRequest.objects.filter(title=row["title"], owner_unit=unit).first()
        if existing is not None:
            self.summary.tally(REVIEW_REQUESTS, sample.UNCHANGED)
            return existing
        request = self.create(
            REVIEW_REQUESTS,
            workflow.requests,
            title=row["title"],
            request_type=row["type"],
            owner_unit=unit,
            budget=sample.optional(row["budget"] or "", Decimal),
            fiscal_year=row["fiscal_year"],
            budget_line=row["budget_line"],
            start_date=sample.optional(row["start"] or "", date.fromisoformat),
            end_date=sample.optional(row["end"] or "", date.fromisoformat),
            capabilities=[self.element(k) for k in row.get("capabilities", [])],
            citizen_services=[self.element(k) for k in row.get("services", [])],
        )
        for affected in row.get("affected", []):
            workflow.affected_elements.create(
                self.actor,
                request=request,
                element=self.element(affected["element"]),
                effect=affected["effect"],
                personal_data=affected["personal_data"],
                classification=affected["classification"] or "",
                lawful_basis=affected["lawful_basis"] or "",
            )
        for departure in row.get("departures", []):
            workflow.principle_departures.create(
                self.actor,
                request=request,
                principle=self.element(departure["principle"]),
                reason=departure["reason"],
            )
        self.walk(request, row.get("steps", {}))
        return request

    def walk(self, request: ReviewRequest, steps: dict) -> None:
        """Take the request through the steps the file gives, each on its day."""
        if "submitted" not in steps:
            return
        workflow.submit(self.actor, request, at=self.ago(steps["submitted"]))
        if "assigned" in steps:
            days, names = steps["assigned"]
            for name in names:
                workflow.assign(self.actor, request, self.reviewers[name], at=self.ago(days))
        if "review_started" in steps:
            workflow.start_review(self.actor, request, at=self.ago(steps["review_started"]))
        for name, answers in steps.get("answers", {}).items():
            review = request.reviews.get(reviewer=self.reviewers[name])
            given = {code: tuple(value) for code, value in answers.items()}
            workflow.answer(Actor(self.reviewers[name], self.actor.channel), review, given)
        for name, vote, comment, days in steps.get("votes", []):
            review = request.reviews.get(reviewer=self.reviewers[name])
            reviewer = Actor(self.reviewers[name], self.actor.channel, self.actor.batch)
            workflow.vote(reviewer, review, vote, comment, at=self.ago(days))
        for waiver in steps.get("waivers", []):
            standard = Standard.objects.get(code=waiver["standard"])
            workflow.grant_waiver(
                self.actor,
                request,
                standard=standard,
                standard_name=str(standard),
                reason=waiver["reason"],
                expires_on=timezone.localdate() + timedelta(days=waiver["expires_in_days"]),
            )
        if "decision" in steps:
            decision, note, days = steps["decision"]
            conditions = [
                {
                    "text": c["text"],
                    "due_date": timezone.localdate() + timedelta(days=c["due_in_days"]),
                }
                for c in steps.get("conditions", [])
            ]
            workflow.decide(
                self.actor, request, decision, note, conditions_to_add=conditions, at=self.ago(days)
            )
        for row, condition in zip(
            steps.get("conditions", []), request.conditions.order_by("created_at"), strict=True
        ):
            if "met" in row:
                note, days = row["met"]
                workflow.close_condition(self.actor, condition, "met", note, at=self.ago(days))
        if "closed" in steps:
            workflow.close(self.actor, request, at=self.ago(steps["closed"]))


def load(summary: sample.Summary, user=None) -> sample.Summary:
    return ReviewsLoader(Actor.shell(user or sample.demo_user()), summary).load()

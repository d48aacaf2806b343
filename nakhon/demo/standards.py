"""Governance in the Bangkok demo: the EA programme's principles and the standards catalogue.

- `data/governance_principles.csv`: eight principles an EA office of a Thai city would set
  (citizen first, digital by default, reuse, once only, interoperability, security and
  privacy, government cloud first, open by default), each a Principle element with its
  statement, rationale and implications in Thai and English, grounded in the Acts the
  platform measures services against (THAI-CONTEXT.md).
- `data/governance_standards.csv`: a catalogue that matches the portfolio's technology
  elements (`applications_technology.csv`), with the products past their end of support
  retired or contained, some standards past their review date, some whose review date is not
  known, and practices (digital ID, e-payment, DPIA). The hardware nodes of single units are
  left out on purpose: a request that builds on them meets "not in the catalogue".

Principles are elements `bma-demo-<key>`; standards are matched by their code. Loading twice
changes nothing. Illustrative, as the rest of the demo.
"""

from datetime import date

from django.utils.translation import gettext as _

from nakhon.core.services import Actor
from nakhon.demo import sample
from nakhon.governance.models import PrincipleProfile, Standard
from nakhon.governance.standard_services import principles, standards

PRINCIPLES_CSV = sample.DATA_DIR / "governance_principles.csv"
STANDARDS_CSV = sample.DATA_DIR / "governance_standards.csv"

PRINCIPLE_FIELDS = ("code", "rationale", "rationale_en", "implications", "implications_en")
STANDARDS = "standards"
STANDARD_FIELDS = ("name", "name_en", "kind", "category", "status", "description")


class StandardsLoader(sample.AddOnLoader):
    """Writes the principles and the standards on top of the portfolio, into the summary."""

    def load(self) -> sample.Summary:
        self.summary.add_kind(STANDARDS, _("standards"))
        for row in sample.read_csv(PRINCIPLES_CSV):
            self.sync_principle(row)
        for row in sample.read_csv(STANDARDS_CSV):
            self.sync_standard(row)
        return self.summary

    def sync_principle(self, row: dict) -> PrincipleProfile:
        identifier = f"{sample.PREFIX}{row['key']}"
        element_values = {
            "name": row["name"],
            "name_en": row["name_en"],
            "documentation": row["documentation"],
            "owner_unit": self.units[sample.owner_identifier(row["owner"])],
            "properties": [sample.DEMO_PROPERTY],
        }
        profile = PrincipleProfile.objects.filter(element__identifier=identifier).first()
        profile_values = {name: row[name] for name in PRINCIPLE_FIELDS}
        return self.sync_profile(
            "elements", principles, profile, identifier, element_values, profile_values
        )

    def sync_standard(self, row: dict) -> Standard:
        values = {name: row[name] for name in STANDARD_FIELDS}
        values |= {
            "owner_unit": self.units[sample.owner_identifier(row["owner"])],
            "review_date": sample.optional(row["review_date"], date.fromisoformat),
            "elements": [self.element(key) for key in row["elements"].split()],
        }
        standard = Standard.objects.filter(code=row["code"]).first()
        if standard is None:
            return self.create(STANDARDS, standards, code=row["code"], **values)
        return self.apply_changes(
            STANDARDS, standards, standard, standards.changes(standard, values)
        )

    def element(self, key: str):
        if key not in self.elements:
            raise sample.DemoDataError(_("%(key)s: no such element in the demo.") % {"key": key})
        return self.elements[key]


def load(summary: sample.Summary, user=None) -> sample.Summary:
    return StandardsLoader(Actor.shell(user or sample.demo_user()), summary).load()

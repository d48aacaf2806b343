"""The EA office's decisions on the demo's redundancy findings (`data/dismissed_findings.csv`):
complementary systems it has looked at and set aside with a reason (the hospital system, PACS
and emergency medicine behind health services; the two emergency centres each the master of
its own calls). Loading twice changes nothing. Illustrative, as the rest of the demo."""

from django.utils.translation import gettext as _

from nakhon.analysis.models import DismissedFinding
from nakhon.analysis.services import dismissed_findings
from nakhon.core.services import Actor
from nakhon.demo import sample

FINDINGS_CSV = sample.DATA_DIR / "dismissed_findings.csv"
DISMISSED = "dismissed findings"


class FindingsLoader(sample.AddOnLoader):
    def load(self) -> sample.Summary:
        self.summary.add_kind(DISMISSED, _("dismissed findings"))
        for row in sample.read_csv(FINDINGS_CSV):
            self.sync(row)
        return self.summary

    def sync(self, row: dict) -> DismissedFinding:
        target = self.elements.get(row["target"])
        if target is None:
            raise sample.DemoDataError(
                _("%(key)s: no such element in the demo.") % {"key": row["target"]}
            )
        found = DismissedFinding.objects.filter(kind=row["kind"], target=target).first()
        if found is None:
            return self.create(
                DISMISSED, dismissed_findings, kind=row["kind"], target=target, reason=row["reason"]
            )
        changes = dismissed_findings.changes(found, {"reason": row["reason"]})
        return self.apply_changes(DISMISSED, dismissed_findings, found, changes)


def load(summary: sample.Summary, user=None) -> sample.Summary:
    return FindingsLoader(Actor.shell(user or sample.demo_user()), summary).load()

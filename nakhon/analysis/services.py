"""Writes of the analysis app: dismissing a redundancy finding and restoring it."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from nakhon.analysis.models import DismissedFinding
from nakhon.core.services import ObjectService, register


class DismissedFindingService(ObjectService):
    model = DismissedFinding

    def validate_domain(self, obj: DismissedFinding) -> None:
        if not obj.reason.strip():
            raise ValidationError({"reason": _("Say why this finding is not redundancy.")})
        taken = DismissedFinding.objects.filter(kind=obj.kind, target_id=obj.target_id)
        if taken.exclude(pk=obj.pk).exists():
            raise ValidationError(_("This finding is dismissed already."))


dismissed_findings = register(DismissedFindingService())

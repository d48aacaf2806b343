from django.db.models import Count

from nakhon.core.views import ObjectDetailView, ObjectListView
from nakhon.organization.filtersets import OrgUnitFilterSet
from nakhon.organization.models import OrgUnit
from nakhon.organization.tables import OrgUnitTable
from nakhon.repository.views import ELEMENTS

UNITS = OrgUnit.objects.select_related("element", "parent__element").annotate(
    element_count=Count("owned_elements", distinct=True)
)


class OrgUnitListView(ObjectListView):
    filterset = OrgUnitFilterSet
    table = OrgUnitTable


class OrgUnitView(ObjectDetailView):
    def get_extra_context(self, obj) -> dict:
        return {
            "children": obj.children.select_related("element").order_by("code"),
            "members": obj.members.order_by("username"),
            "owned": ELEMENTS.filter(owner_unit=obj).order_by("type", "name")[:50],
            "owned_count": obj.element_count,
        }

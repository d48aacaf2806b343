from nakhon.organization.models import OrgUnit
from nakhon.repository.forms import ProfileForm


class OrgUnitForm(ProfileForm):
    class Meta:
        model = OrgUnit
        fields = ["name", "name_en", "kind", "code", "parent", "documentation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = OrgUnit.objects.select_related("element").order_by("kind", "code")
        if self.instance.pk:
            units = units.exclude(pk__in=self.instance.subtree_ids())
        self.fields["parent"].queryset = units

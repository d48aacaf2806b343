"""Forms for frameworks, people and assessments; every one writes through its service."""

from django import forms
from django.utils.translation import gettext_lazy as _

from nakhon.capacity.models import (
    Assessment,
    Person,
    ProficiencyLevel,
    SkillArea,
    SkillFramework,
    TargetLevel,
)
from nakhon.core import permissions
from nakhon.core.forms import VersionedModelForm
from nakhon.organization.models import OrgUnit


class SkillFrameworkForm(VersionedModelForm):
    class Meta:
        model = SkillFramework
        fields = [
            "code",
            "name",
            "name_en",
            "edition",
            "publisher",
            "year",
            "source",
            "is_active",
        ]
        widgets = {"source": forms.Textarea(attrs={"rows": 5})}


class ProficiencyLevelForm(VersionedModelForm):
    class Meta:
        model = ProficiencyLevel
        fields = ["framework", "level", "name", "name_en", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class SkillAreaForm(VersionedModelForm):
    class Meta:
        model = SkillArea
        fields = ["framework", "code", "name", "name_en", "kind", "description", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class TargetLevelForm(VersionedModelForm):
    class Meta:
        model = TargetLevel
        fields = ["area", "personnel_group", "role_level", "level"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = SkillArea.objects.select_related("framework")


class PersonForm(VersionedModelForm):
    """A person; the units offered are those the user may assign, and the accounts those not
    linked to someone else yet."""

    class Meta:
        model = Person
        fields = [
            "name",
            "name_en",
            "unit",
            "position",
            "personnel_group",
            "role_level",
            "programme_role",
            "user",
        ]

    def limit_owner_choices(self, user) -> None:
        self.fields["unit"].queryset = permissions.units_user_may_assign(user)
        if permissions.role_of(user) not in permissions.EDIT_EVERYTHING:
            self.fields["unit"].required = True
        accounts = self.fields["user"].queryset.filter(capacity_person__isnull=True)
        if self.instance.user_id:
            accounts = accounts | self.fields["user"].queryset.filter(pk=self.instance.user_id)
        self.fields["user"].queryset = accounts.order_by("username")
        if permissions.role_of(user) not in permissions.EDIT_EVERYTHING:
            # Linking accounts is the EA office's: a unit editor cannot see who owns which.
            del self.fields["user"]


class AssessmentForm(VersionedModelForm):
    """A rating of one person in one area; the people offered are those the user may rate."""

    class Meta:
        model = Assessment
        fields = ["person", "area", "source", "assessed_on", "level", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        active = SkillFramework.active()
        areas = SkillArea.objects.select_related("framework")
        if not self.instance.pk and active is not None:
            areas = areas.filter(framework=active)
        self.fields["area"].queryset = areas
        self.fields["area"].label_from_instance = lambda a: f"{a} · {a.framework.edition}"

    def limit_owner_choices(self, user) -> None:
        people = Person.objects.restrict(user).filter(anonymised_at__isnull=True)
        writable = Person.objects.restrict(user, permissions.CHANGE)
        own = people.filter(user=user) if user.is_authenticated else people.none()
        self.fields["person"].queryset = (writable | own).distinct().order_by("name")

    def service_values(self) -> dict:
        values = super().service_values()
        values["framework"] = values["area"].framework
        return values


class DashboardForm(forms.Form):
    """Which unit's dashboard, under which framework."""

    unit = forms.ModelChoiceField(
        label=_("unit"),
        queryset=OrgUnit.objects.select_related("element").order_by("kind", "code"),
        required=False,
        empty_label=_("the whole city"),
    )
    framework = forms.ModelChoiceField(
        label=_("framework"),
        queryset=SkillFramework.objects.all(),
        required=False,
        empty_label=_("the active framework"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"

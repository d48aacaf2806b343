"""Staff accounts are managed in Django's admin by administrators.

Architecture objects are not registered here: the admin would write around the service layer,
skipping the change log and the version check.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from nakhon.organization.models import OrgUnit, User


@admin.register(User)
class StaffAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "unit", "is_active")
    list_filter = ("role", "is_active", "is_superuser")
    list_select_related = ("unit__element",)
    fieldsets = (
        *UserAdmin.fieldsets,
        (_("Role in the EA programme"), {"fields": ("role", "unit")}),
    )
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        (_("Role in the EA programme"), {"fields": ("role", "unit")}),
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = OrgUnit.objects.select_related("element").order_by("kind", "code")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

"""People named on pages whose rows anyone may read (mentoring): shown by name only to those who
may see the person (`people.person_visibility`), to everyone else as hidden."""

from django.utils.translation import gettext as _

from nakhon.capacity.models import Person
from nakhon.capacity.models.people import person_visibility


class PeopleShown:
    """Which people one reader may see, asked once per page."""

    def __init__(self, user):
        visible = person_visibility(user)
        self.everyone = visible is None
        self.ids = (
            set()
            if self.everyone
            else set(Person.objects.filter(visible).values_list("pk", flat=True))
        )

    def may_see(self, person) -> bool:
        return person is not None and (self.everyone or person.pk in self.ids)

    def label(self, person) -> str:
        if person is None:
            return "—"
        return str(person) if self.may_see(person) else _("(not shown: personal data)")

    def shown(self, people) -> list[str]:
        return [self.label(p) for p in people]

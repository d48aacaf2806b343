"""Whatever random objects the API accepts, every export format can write (hypothesis)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nakhon.archimate import metamodel
from nakhon.core.permissions import Role
from nakhon.interchange import services
from nakhon.interchange.formats import FORMATS
from tests.cases.api import api_client
from tests.conftest import examples

pytestmark = pytest.mark.django_db

TYPES = sorted(t for t in metamodel.ELEMENT_TYPES if t not in ("Plateau", "BusinessActor"))
# Any text, control characters and lone surrogates included: the API refuses what it must.
TEXT = st.text(max_size=20)
# A few identifiers, so that elements and views try to share them.
IDENTIFIERS = st.sampled_from(["", "id-a", "id-b", "id-c"])


@st.composite
def element_bodies(draw):
    return {
        "type": draw(st.sampled_from(TYPES)),
        "name": draw(TEXT),
        "documentation": draw(TEXT),
        "identifier": draw(IDENTIFIERS),
        "properties": [{"key": draw(TEXT), "value": draw(TEXT)}],
    }


@st.composite
def view_bodies(draw):
    return {"name": draw(TEXT), "identifier": draw(IDENTIFIERS)}


@settings(
    max_examples=examples(20),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    bodies=st.lists(
        st.one_of(
            element_bodies().map(lambda body: ("elements", body)),
            view_bodies().map(lambda body: ("views", body)),
        ),
        max_size=6,
    )
)
def test_what_the_api_accepts_every_format_exports(make_user, bodies):
    user = make_user(Role.EA_OFFICE)
    client = api_client(user)
    for collection, body in bodies:
        response = client.post(f"/api/repository/{collection}/", body, format="json")
        assert response.status_code in (201, 400), response.content[:500]
    for key in (key for key, fmt in FORMATS.items() if fmt.write is not None):
        assert services.export(user, key).content

"""The views (diagrams) endpoint; `View` is the ArchiMate view, not a Django view."""

import uuid

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from nakhon.repository.models import View
from nakhon.repository.services import relationships, views
from tests.cases.api import FUZZ, JSON_VALUES, APIViewTestCase, api_client, unique

IDENTIFIERS = st.sampled_from(["a", "b", "c"])
SHARED_KEYS = ["identifier", "kind", "label", "style", "properties"]
NODE_KEYS = [*SHARED_KEYS, "element", "view_ref", "x", "y", "w", "h", "children"]
CONNECTION_KEYS = [*SHARED_KEYS, "relationship", "source", "target", "bendpoints"]


def diagrams(known_ids: list[str]):
    """Diagram documents whose values are often right (known kinds, identifiers and ids, small
    numbers), so that many get past the first check, mixed with any JSON at all."""
    near_misses = (
        st.sampled_from(["element", "label", "container", "relationship", "line"])
        | IDENTIFIERS
        | st.sampled_from(known_ids)
        | st.integers(min_value=-5, max_value=5)
        | JSON_VALUES
    )

    def items(keys):
        return st.dictionaries(st.sampled_from(keys), near_misses, max_size=len(keys))

    return st.fixed_dictionaries(
        {},
        optional={
            "nodes": st.lists(items(NODE_KEYS), max_size=3),
            "connections": st.lists(items(CONNECTION_KEYS), max_size=3),
        },
    )


class TestViewAPI(APIViewTestCase):
    url_name = "repository-api:view"
    model = View
    update_data = {"name": "มุมมองการใช้งานแอปพลิเคชัน", "viewpoint": "application_usage"}

    def make_object(self, owner):
        element = self.make_element("ApplicationComponent", owner=owner)
        node = {
            "identifier": f"n-{uuid.uuid4().hex}",
            "kind": "element",
            "element": str(element.pk),
        }
        diagram = {"nodes": [node]}
        return views.create(
            self.system_actor, name=unique("มุมมอง"), owner_unit=owner, diagram=diagram
        )

    def create_data(self, owner) -> dict:
        return {
            "name": unique("ภาพรวมระบบภาษี"),
            "viewpoint": "application_cooperation",
            "owner_unit": str(owner.pk),
            "diagram": self.diagram(owner),
        }

    def diagram(self, owner) -> dict:
        component = self.make_element("ApplicationComponent", owner=owner)
        service = self.make_element("ApplicationService", owner=owner)
        rel = relationships.create(
            self.system_actor, type="Realization", source=component, target=service
        )
        return {
            "nodes": [
                {
                    "identifier": "group",
                    "kind": "container",
                    "label": "ระบบภาษี",
                    "x": 0,
                    "y": 0,
                    "w": 400,
                    "h": 200,
                    "style": {"fillColor": "#ffffcc"},
                    "children": [
                        {"identifier": "c", "kind": "element", "element": str(component.pk)},
                        {"identifier": "s", "kind": "element", "element": str(service.pk)},
                    ],
                }
            ],
            "connections": [
                {
                    "identifier": "r",
                    "kind": "relationship",
                    "relationship": str(rel.pk),
                    "source": "c",
                    "target": "s",
                    "bendpoints": [{"x": 10, "y": 20}],
                }
            ],
        }

    def post_diagram(self, diagram):
        body = {**self.create_data(self.unit_a), "diagram": diagram}
        return api_client(self.ea_office).post(self.list_url(), body, format="json")

    def test_diagram_is_read_back_as_written(self):
        body = self.create_data(self.unit_a)
        created = api_client(self.ea_office).post(self.list_url(), body, format="json")
        diagram = api_client(self.ea_office).get(created.json()["url"]).json()["diagram"]
        group = diagram["nodes"][0]
        assert [child["identifier"] for child in group["children"]] == ["c", "s"]
        assert group["style"] == {"fillColor": "#ffffcc"}
        assert diagram["connections"][0]["bendpoints"] == [{"x": 10, "y": 20}]

    def test_update_replaces_the_diagram(self):
        view = self.make_object(self.unit_a)
        diagram = {"nodes": [{"identifier": "note", "kind": "label", "label": "หมายเหตุ"}]}
        response = api_client(self.ea_office).patch(
            self.detail_url(view), {"diagram": diagram, "version": view.version}, format="json"
        )
        assert response.status_code == 200, response.json()
        assert [n["identifier"] for n in response.json()["diagram"]["nodes"]] == ["note"]

    @pytest.mark.parametrize(
        "diagram",
        [
            [],
            "nodes",
            None,
            {"nodes": "n1"},
            {"nodes": [{"identifier": "n", "kind": "element", "element": str(uuid.uuid4())}]},
            {"nodes": [{"identifier": "n", "kind": "element", "element": "not-a-uuid"}]},
            {"nodes": [{"identifier": "n", "kind": "spaceship"}]},
            {"nodes": [{"identifier": "n", "kind": "label", "x": 2**40}]},
            {"nodes": [{"identifier": "n", "kind": "label", "w": -1}]},
            {"nodes": [{"identifier": "n", "kind": "label", "style": "red"}]},
            {"nodes": [{"identifier": "n", "kind": "label", "style": {"font": "a\x00"}}]},
            {"nodes": [{"identifier": "n", "kind": "label"}, {"identifier": "n", "kind": "label"}]},
            {"connections": [{"identifier": "c", "kind": "line", "source": "x", "target": "y"}]},
        ],
    )
    def test_bad_diagram_is_a_400_under_diagram_that_writes_nothing(self, diagram):
        views_before = View.objects.count()
        response = self.post_diagram(diagram)
        assert response.status_code == 400
        assert "diagram" in response.json()
        assert View.objects.count() == views_before

    @FUZZ
    @given(data=st.data())
    def test_random_diagrams_never_cause_a_server_error(self, data):
        if not hasattr(self, "view"):
            self.view = self.make_object(self.unit_a)
            valid = self.diagram(self.unit_a)
            children = valid["nodes"][0]["children"]
            self.known_ids = [n["element"] for n in children] + [
                valid["connections"][0]["relationship"]
            ]
        diagram = data.draw(diagrams(self.known_ids))
        self.view.refresh_from_db()
        response = api_client(self.ea_office).patch(
            self.detail_url(self.view), {"diagram": diagram, "version": self.view.version}, "json"
        )
        event(f"status {response.status_code}")
        assert response.status_code < 500, response.content

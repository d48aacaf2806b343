"""A model document that uses every feature the document can carry, for the round trips."""

from pathlib import Path

import pytest

from nakhon.interchange.document import (
    ConnectionDoc,
    ElementDoc,
    FolderDoc,
    ModelDocument,
    NodeDoc,
    Property,
    RelationshipDoc,
    ViewDoc,
)


@pytest.fixture
def full_document() -> ModelDocument:
    return ModelDocument(
        identifier="id-model",
        name={"th": "แบบจำลองทดสอบ", "en": "Test model"},
        documentation={"th": "คำอธิบายแบบจำลอง", "en": "About the model", "ja": "モデル"},
        properties=[Property("owner", "สำนักยุทธศาสตร์")],
        property_types={"owner": "string", "cost": "number"},
        # In identifier order, the order exports use.
        elements=[
            ElementDoc(
                "id-actor",
                "BusinessActor",
                {"th": "ประชาชน", "en": "Citizen", "ja": "市民"},
                {"th": "ผู้รับบริการ"},
                [Property("cost", "12.50"), Property("cost", "13")],
            ),
            ElementDoc("id-app", "ApplicationComponent", {"en": "BMA OSS"}),
            ElementDoc("id-data", "DataObject", {"th": "คำขออนุญาต"}),
            ElementDoc("id-goal", "Goal", {"th": "เมืองน่าอยู่"}),
            ElementDoc("id-or", "OrJunction"),
            ElementDoc("id-service", "BusinessService", {"th": "การขออนุญาตก่อสร้างอาคาร"}),
        ],
        relationships=[
            RelationshipDoc("id-r1", "Serving", "id-service", "id-actor", {"th": "ให้บริการ"}),
            RelationshipDoc("id-r2", "Access", "id-app", "id-data", access_type="Read"),
            RelationshipDoc("id-r3", "Serving", "id-app", "id-or"),
            RelationshipDoc("id-r4", "Serving", "id-or", "id-service"),
            RelationshipDoc("id-r5", "Influence", "id-service", "id-goal", modifier="+"),
            RelationshipDoc("id-r6", "Association", "id-goal", "id-r1", is_directed=True),
        ],
        folders=[
            FolderDoc(
                {"en": "Business"},
                items=["id-actor", "id-service"],
                children=[FolderDoc({"th": "บริการประชาชน"}, items=["id-goal"])],
            ),
            FolderDoc({"en": "Views"}, items=["id-view"]),
        ],
        views=[
            ViewDoc(
                "id-view",
                {"th": "ภาพรวม", "en": "Overview"},
                viewpoint="layered",
                properties=[Property("status", "draft")],
                nodes=[
                    NodeDoc(
                        "n-group",
                        "container",
                        0,
                        0,
                        400,
                        300,
                        label={"th": "กลุ่ม"},
                        style={"fillColor": {"r": 255, "g": 255, "b": 224, "a": 100}},
                        children=[
                            NodeDoc("n-actor", "element", 10, 10, 120, 55, ref="id-actor"),
                            NodeDoc("n-service", "element", 10, 150, 120, 55, ref="id-service"),
                        ],
                    ),
                    NodeDoc("n-note", "label", 500, 0, 200, 40, label={"th": "หมายเหตุ"}),
                    NodeDoc("n-ref", "view_reference", 500, 100, 120, 55, ref="id-view"),
                ],
                connections=[
                    ConnectionDoc(
                        "c-1",
                        "relationship",
                        "n-service",
                        "n-actor",
                        ref="id-r1",
                        bendpoints=[(70, 100), (80, 110)],
                        source_attachment=(70, 150),
                    ),
                    ConnectionDoc("c-2", "line", "n-note", "c-1", label={"en": "see"}),
                ],
            )
        ],
        source="test",
    )


FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "archi"


@pytest.fixture
def archi_fixtures() -> Path:
    assert FIXTURES.is_dir(), f"The shared Archi fixtures are missing at {FIXTURES}"
    return FIXTURES

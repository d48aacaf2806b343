"""An Archi exchange file imported into a change proposal: recorded there, nothing live."""

from dataclasses import replace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from nakhon.core import proposals
from nakhon.core.models import Action, ChangeLogEntry
from nakhon.core.permissions import Role
from nakhon.core.services import Actor
from nakhon.interchange import services
from nakhon.interchange.errors import InterchangeError
from nakhon.repository.models import Element, Plateau, PlateauState, Relationship, View
from nakhon.repository.services import elements, plateaus

pytestmark = pytest.mark.django_db


def exchange_file() -> bytes:
    """A new application in the target plateau, serving a service the repository holds (whose
    documentation the file changes), shown on a new view."""
    return """<?xml version="1.0" encoding="UTF-8"?>
<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/"
       xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="m">
  <name xml:lang="th">คำขอระบบใหม่</name>
  <elements>
    <element identifier="id-new-app" xsi:type="ApplicationComponent">
      <name xml:lang="th">ระบบรับเรื่องร้องเรียนออนไลน์</name>
      <properties><property propertyDefinitionRef="pp"><value>id-target</value></property>
      </properties>
    </element>
    <element identifier="id-live-service" xsi:type="ApplicationService">
      <name xml:lang="th">บริการรับเรื่อง</name>
      <documentation xml:lang="th">ปรับปรุงตามคำขอ</documentation>
    </element>
  </elements>
  <relationships>
    <relationship identifier="id-new-rel" source="id-new-app" target="id-live-service"
                  xsi:type="Realization"/>
  </relationships>
  <propertyDefinitions>
    <propertyDefinition identifier="pp" type="string"><name>nakhon:plateaus</name>
    </propertyDefinition>
  </propertyDefinitions>
  <views><diagrams>
    <view identifier="id-new-view" xsi:type="Diagram"><name xml:lang="th">ภาพระบบใหม่</name>
      <node identifier="n1" xsi:type="Element" elementRef="id-new-app"
            x="10" y="10" w="120" h="55"/>
    </view>
  </diagrams></views>
</model>""".encode()


@pytest.fixture
def office(make_user):
    return make_user(Role.EA_OFFICE, username="office")


@pytest.fixture
def live(office):
    actor = Actor.shell(office)
    service = elements.create(
        actor, type="ApplicationService", name="บริการรับเรื่อง", identifier="id-live-service"
    )
    target = plateaus.create(
        actor, name="เป้าหมาย", identifier="id-target", state=PlateauState.TARGET
    )
    return service, target


def test_an_archi_file_imported_into_a_proposal_is_recorded_not_written(office, live, tmp_path):
    service, target = live
    proposal = proposals.open_proposal(office, "New complaints system")
    actor = replace(Actor.shell(office), proposal=proposal)
    counts = (Element.objects.count(), Relationship.objects.count(), View.objects.count())
    entries = ChangeLogEntry.objects.count()
    path = tmp_path / "request.xml"
    path.write_bytes(exchange_file())

    plan = services.import_files(actor, [path], without_refused=False)

    assert plan.proposal == str(proposal.pk) and plan.batch == ""
    assert (Element.objects.count(), Relationship.objects.count(), View.objects.count()) == counts
    assert ChangeLogEntry.objects.count() == entries
    assert not target.elements.exists()
    ops = {(op.action, op.object_repr) for op in proposal.operations.all()}
    assert {
        (Action.CREATE, "ระบบรับเรื่องร้องเรียนออนไลน์"),
        (Action.UPDATE, "บริการรับเรื่อง"),
        (Action.CREATE, "ภาพระบบใหม่"),
        (Action.UPDATE, "เป้าหมาย"),
    } <= ops
    (updated,) = [c for c in proposals.diff(proposal) if c.label == "บริการรับเรื่อง"]
    assert [(f.key, f.old, f.new) for f in updated.fields] == [
        ("documentation", "", "ปรับปรุงตามคำขอ")
    ]

    # Imported again, the file finds its own objects in the proposal: nothing new to record.
    before = sorted(proposal.operations.values_list("object_id", flat=True))
    services.import_files(actor, [path], without_refused=False)
    assert sorted(proposal.operations.values_list("object_id", flat=True)) == before

    proposals.merge(Actor.shell(office), proposal)
    app = Element.objects.get(identifier="id-new-app")
    assert list(Plateau.objects.get(pk=target.pk).elements.all()) == [app]
    assert View.objects.get(identifier="id-new-view").nodes.get().element_id == app.pk
    service.refresh_from_db()
    assert service.documentation == "ปรับปรุงตามคำขอ"


def test_the_import_api_takes_the_proposal_header(client, office, live):
    proposal = proposals.open_proposal(office, "Via the API")
    client.force_login(office)
    upload = SimpleUploadedFile("request.xml", exchange_file(), content_type="application/xml")
    response = client.post(
        "/api/interchange/import/",
        {"files": [upload]},
        headers={"X-Nakhon-Proposal": str(proposal.pk)},
    )
    assert response.status_code == 201, response.content
    assert response.json()["proposal"] == str(proposal.pk)
    assert not Element.objects.filter(identifier="id-new-app").exists()
    assert proposal.operations.filter(action=Action.CREATE).exists()
    response = client.post(
        "/api/interchange/import/",
        {"files": [SimpleUploadedFile("r.xml", exchange_file())]},
        headers={"X-Nakhon-Proposal": "not-a-proposal"},
    )
    assert response.status_code == 400


def test_an_import_into_a_closed_proposal_is_refused_with_a_message(office, live, tmp_path):
    proposal = proposals.open_proposal(office, "Closed")
    proposals.withdraw(office, proposal)
    path = tmp_path / "request.xml"
    path.write_bytes(exchange_file())
    actor = replace(Actor.shell(office), proposal=proposal)
    with pytest.raises(InterchangeError, match="withdrawn"):
        services.import_files(actor, [path], without_refused=False)
    assert not proposal.operations.exists()

"""Viewpoints read from Archi's viewpoints.xml, with the layer macros expanded."""

from pathlib import Path

import pytest
from django.utils import translation
from django.utils.functional import Promise

from nakhon.archimate.metamodel import (
    ELEMENT_TYPES,
    Layer,
    RulesFileError,
    parse_xml,
    types_in_layer,
)
from nakhon.archimate.viewpoints import (
    LAYER_MACROS,
    VIEWPOINTS,
    UnknownViewpoint,
    expand_concept,
    load_viewpoints_file,
    viewpoint_allows,
    viewpoint_choices,
)


def test_all_viewpoints_of_the_file_in_its_order():
    assert len(VIEWPOINTS) == 25
    assert list(VIEWPOINTS)[:3] == ["organization", "business_process_cooperation", "product"]
    assert list(VIEWPOINTS)[-1] == "layered"
    assert VIEWPOINTS["capability"].name == "Capability Map"


def test_plain_concepts_are_taken_as_listed():
    assert VIEWPOINTS["organization"].concepts == {
        "BusinessActor",
        "BusinessCollaboration",
        "BusinessInterface",
        "BusinessRole",
        "Location",
    }


def test_layer_macros_expand_to_the_layer_types():
    assert VIEWPOINTS["technology"].concepts == {*types_in_layer(Layer.TECHNOLOGY), "Location"}
    assert VIEWPOINTS["application_cooperation"].concepts == {
        *types_in_layer(Layer.APPLICATION),
        "Location",
    }
    assert VIEWPOINTS["motivation"].concepts == set(types_in_layer(Layer.MOTIVATION))
    assert VIEWPOINTS["physical"].concepts >= {"Equipment", "Facility", "DistributionNetwork"}
    assert VIEWPOINTS["strategy"].concepts == {*types_in_layer(Layer.STRATEGY), "Outcome"}
    assert {"Plateau", "Gap", "WorkPackage"} <= VIEWPOINTS["implementation_migration"].concepts
    assert "Resource" in VIEWPOINTS["requirements_realization"].concepts


def test_every_macro_in_the_file_is_known_and_expanded():
    shared = Path(__file__).resolve().parents[3] / "shared/archimate/rules/viewpoints.xml"
    if not shared.is_file():
        pytest.fail(f"Reference file {shared} is missing; restore the read-only copy there.")
    concepts = {node.text.strip() for node in parse_xml(shared).iter("concept")}
    assert {concept for concept in concepts if concept.startswith("$")} == set(LAYER_MACROS)
    for viewpoint in VIEWPOINTS.values():
        assert viewpoint.concepts <= ELEMENT_TYPES.keys()


def test_archi_junction_class_expands_to_both_junctions():
    assert expand_concept("Junction") == ["AndJunction", "OrJunction"]
    with pytest.raises(RulesFileError):
        expand_concept("$InfrastructureElements$")


def test_no_viewpoint_allows_everything():
    assert viewpoint_allows(None, "OrJunction")
    assert viewpoint_allows("", "Plateau")
    assert viewpoint_allows("layered", "Grouping")
    assert VIEWPOINTS["layered"].concepts == frozenset()


def test_a_viewpoint_allows_only_its_concepts():
    assert viewpoint_allows("organization", "BusinessActor")
    assert viewpoint_allows("organization", "archimate:BusinessRole")
    assert not viewpoint_allows("organization", "ApplicationComponent")
    assert viewpoint_allows("physical", "Equipment")
    assert not viewpoint_allows("technology", "Equipment")


def test_junctions_and_grouping_follow_the_file():
    # viewpoints.xml lists neither in any viewpoint; Archi adds them in code, this module does not.
    assert not viewpoint_allows("organization", "AndJunction")
    assert not viewpoint_allows("organization", "Grouping")


def test_unknown_viewpoint_is_an_error():
    with pytest.raises(UnknownViewpoint, match="organisation"):
        viewpoint_allows("organisation", "BusinessActor")


def test_choices_are_translatable_labels():
    choices = viewpoint_choices()
    assert len(choices) == 25
    assert all(isinstance(viewpoint.label, Promise) for viewpoint in VIEWPOINTS.values())
    with translation.override("en"):
        assert (choices[0][0], str(choices[0][1])) == ("organization", "Organization")


def test_loader_refuses_unknown_concepts(tmp_path: Path):
    broken = tmp_path / "viewpoints.xml"
    broken.write_text(
        '<viewpoints><viewpoint id="x"><name xml:lang="en">X</name>'
        "<concept>$OtherElements$</concept></viewpoint></viewpoints>"
    )
    with pytest.raises(RulesFileError, match="OtherElements"):
        load_viewpoints_file(broken)

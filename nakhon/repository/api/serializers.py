"""The repository in the API: elements, relationships, plateaus and views with their diagrams."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from nakhon.archimate import metamodel
from nakhon.core.api.serializers import (
    JSONObjectField,
    PropertySerializer,
    ServiceModelSerializer,
    StorableJSONField,
    UnitField,
)
from nakhon.repository.diagrams import diagram_document
from nakhon.repository.models import ConnectionKind, Element, NodeKind, Plateau, Relationship, View

# The range of the database's integer columns that hold diagram coordinates.
INT_MIN, INT_MAX = -(2**31), 2**31 - 1


class ArchiMateTypeField(serializers.ChoiceField):
    """An ArchiMate type name, in any spelling the exchange formats use ("archimate:Serving",
    "ServingRelationship", "serving"); unknown names are refused with the list of valid ones."""

    def __init__(self, normalise, choices, **kwargs):
        self.normalise = normalise
        super().__init__(choices=choices, **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid_choice", input=data)
        try:
            return self.normalise(data)
        except metamodel.UnknownType as unknown:
            raise serializers.ValidationError(str(unknown)) from None


def element_type_field(**kwargs) -> ArchiMateTypeField:
    return ArchiMateTypeField(
        metamodel.normalise_element_type, metamodel.element_type_choices(), **kwargs
    )


def relationship_type_field(**kwargs) -> ArchiMateTypeField:
    return ArchiMateTypeField(
        metamodel.normalise_relationship_type, metamodel.relationship_type_choices(), **kwargs
    )


def endpoint_type_field(**kwargs) -> ArchiMateTypeField:
    """An element type, or Relationship for a relationship at that end."""
    choices = [
        *metamodel.element_type_choices(),
        (metamodel.RELATIONSHIP_CONCEPT, metamodel.RELATIONSHIP_CONCEPT_LABEL),
    ]
    return ArchiMateTypeField(metamodel.normalise_endpoint_type, choices, **kwargs)


class ElementSerializer(ServiceModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="repository-api:element-detail")
    type = element_type_field()
    layer = serializers.ChoiceField(choices=metamodel.Layer.choices, read_only=True)
    properties = PropertySerializer(many=True, required=False)

    class Meta:
        model = Element
        fields = [
            "id",
            "url",
            "identifier",
            "type",
            "layer",
            "name",
            "name_en",
            "documentation",
            "properties",
            "owner_unit",
            "status",
            "planned_from",
            "active_from",
            "phase_out_from",
            "retired_from",
            "version",
            "created_at",
            "updated_at",
        ]


class RelationshipSerializer(ServiceModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="repository-api:relationship-detail")
    type = relationship_type_field()
    properties = PropertySerializer(many=True, required=False)

    class Meta:
        model = Relationship
        fields = [
            "id",
            "url",
            "identifier",
            "type",
            "source",
            "target",
            "source_relationship",
            "target_relationship",
            "name",
            "name_en",
            "documentation",
            "properties",
            "access_type",
            "is_directed",
            "modifier",
            "version",
            "created_at",
            "updated_at",
        ]

    def validate(self, attrs):
        for end in ("source", "target"):
            self._require_one_end(attrs, end)
        return attrs

    def _require_one_end(self, attrs: dict, end: str) -> None:
        """Each end is an element or (ArchiMate 3.1+) a relationship: exactly one of the two."""
        element, relationship = self._value(attrs, end), self._value(attrs, f"{end}_relationship")
        if (element is None) != (relationship is None):
            return
        raise serializers.ValidationError(
            {
                end: _(
                    "Give either %(end)s (an element) or %(end)s_relationship (a relationship): "
                    "exactly one of the two."
                )
                % {"end": end}
            }
        )

    def _value(self, attrs: dict, name: str):
        """The value after this write: what was sent, else what is stored."""
        if name in attrs:
            return attrs[name]
        return getattr(self.instance, name, None)


class ElementRelationshipsSerializer(serializers.Serializer):
    outgoing = RelationshipSerializer(many=True, help_text=gettext_lazy("From this element."))
    incoming = RelationshipSerializer(many=True, help_text=gettext_lazy("To this element."))


class AllowedRelationshipsQuerySerializer(serializers.Serializer):
    target = serializers.PrimaryKeyRelatedField(
        queryset=Element.objects.all(),
        required=False,
        help_text=gettext_lazy("The element the relationship would go to."),
    )
    target_type = endpoint_type_field(
        required=False,
        help_text=gettext_lazy("Or the type of element (or Relationship) it would go to."),
    )

    def validate(self, attrs):
        if ("target" in attrs) == ("target_type" in attrs):
            raise serializers.ValidationError(
                _("Give either target (an element id) or target_type (an ArchiMate type).")
            )
        return attrs


class RefusedRelationshipSerializer(serializers.Serializer):
    # Plain strings, not enums: the relationship type enum belongs to Relationship.type.
    type = serializers.CharField()
    reason = serializers.CharField()


class AllowedRelationshipsSerializer(serializers.Serializer):
    source = serializers.UUIDField()
    source_type = serializers.CharField()
    target = serializers.UUIDField(allow_null=True)
    target_type = serializers.CharField()
    allowed = serializers.ListField(
        child=serializers.CharField(),
        help_text=gettext_lazy("Relationship types ArchiMate allows."),
    )
    refused = RefusedRelationshipSerializer(
        many=True, help_text=gettext_lazy("Every other relationship type, with the reason.")
    )


class ProfileSerializer(ServiceModelSerializer):
    """A profile (plateau, org unit) with its element's fields inline, as profile services take
    them: one object for the client, one write for the service."""

    id = serializers.UUIDField(source="pk", read_only=True)
    name = serializers.CharField(
        source="element.name", max_length=Element._meta.get_field("name").max_length
    )
    name_en = serializers.CharField(
        source="element.name_en",
        max_length=Element._meta.get_field("name_en").max_length,
        required=False,
        allow_blank=True,
    )
    documentation = serializers.CharField(
        source="element.documentation", required=False, allow_blank=True
    )

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        values.update(values.pop("element", {}))
        return values


class PlateauSerializer(ProfileSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="repository-api:plateau-detail", lookup_url_kwarg="id"
    )
    owner_unit = UnitField(source="element.owner_unit")

    class Meta:
        model = Plateau
        fields = [
            "id",
            "url",
            "name",
            "name_en",
            "documentation",
            "owner_unit",
            "state",
            "valid_from",
            "elements",
            "relationships",
            "version",
            "created_at",
            "updated_at",
        ]


class PointSerializer(serializers.Serializer):
    x = serializers.IntegerField(min_value=INT_MIN, max_value=INT_MAX)
    y = serializers.IntegerField(min_value=INT_MIN, max_value=INT_MAX)


class DiagramItemSerializer(serializers.Serializer):
    """What nodes and connections share. Identifiers name the ends of connections."""

    identifier = serializers.CharField(max_length=255)
    label = serializers.CharField(required=False, allow_blank=True)
    label_en = serializers.CharField(required=False, allow_blank=True)
    documentation = serializers.CharField(required=False, allow_blank=True)
    style = JSONObjectField(
        required=False, help_text=gettext_lazy("Colours, fonts and line widths.")
    )
    properties = PropertySerializer(many=True, required=False)
    extra = JSONObjectField(
        required=False,
        help_text=gettext_lazy("What exchange files carry beyond these fields, kept for export."),
    )


class DiagramChildrenField(serializers.Field):
    """A node's children, which are nodes again. They are validated on demand, so that what
    walks the fields (OPTIONS, the browsable API) meets no endless nesting."""

    def to_internal_value(self, data):
        children = DiagramNodeSerializer(
            data=data, many=True, partial=self.root.partial, context=self.context
        )
        children.is_valid(raise_exception=True)
        return children.validated_data

    def to_representation(self, value):
        return value


class DiagramNodeSerializer(DiagramItemSerializer):
    kind = serializers.ChoiceField(choices=NodeKind.choices)
    element = serializers.UUIDField(required=False, allow_null=True)
    view_ref = serializers.UUIDField(required=False, allow_null=True)
    x = serializers.IntegerField(required=False, min_value=INT_MIN, max_value=INT_MAX)
    y = serializers.IntegerField(required=False, min_value=INT_MIN, max_value=INT_MAX)
    w = serializers.IntegerField(required=False, min_value=0, max_value=INT_MAX)
    h = serializers.IntegerField(required=False, min_value=0, max_value=INT_MAX)

    children = DiagramChildrenField(required=False)


# Documented as what it is, now that the node serializer exists.
extend_schema_field(DiagramNodeSerializer(many=True))(DiagramChildrenField)


class DiagramConnectionSerializer(DiagramItemSerializer):
    kind = serializers.ChoiceField(choices=ConnectionKind.choices)
    relationship = serializers.UUIDField(required=False, allow_null=True)
    source = serializers.CharField(
        max_length=255, help_text=gettext_lazy("Identifier of a node or connection.")
    )
    target = serializers.CharField(
        max_length=255, help_text=gettext_lazy("Identifier of a node or connection.")
    )
    bendpoints = PointSerializer(many=True, required=False)
    source_attachment = StorableJSONField(required=False, allow_null=True)
    target_attachment = StorableJSONField(required=False, allow_null=True)


class DiagramSerializer(serializers.Serializer):
    """A view's diagram as one document (see nakhon.repository.diagrams). The shape is checked
    here; that the ids exist and the ends match is checked by the service."""

    nodes = DiagramNodeSerializer(many=True, required=False)
    connections = DiagramConnectionSerializer(many=True, required=False)

    def get_attribute(self, view: View) -> View:
        return view

    def to_representation(self, view: View) -> dict:
        return diagram_document(view)


class ViewSerializer(ServiceModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="repository-api:view-detail")
    properties = PropertySerializer(many=True, required=False)
    diagram = DiagramSerializer(required=False)

    class Meta:
        model = View
        fields = [
            "id",
            "url",
            "identifier",
            "name",
            "name_en",
            "documentation",
            "properties",
            "viewpoint",
            "owner_unit",
            "diagram",
            "version",
            "created_at",
            "updated_at",
        ]
        # A view people create needs a name; imported ones may lack it, as in Archi.
        extra_kwargs = {"name": {"required": True, "allow_blank": False}}

"""What the repository knows beyond ArchiMate, carried in every format as `nakhon:` properties.

Exchange files have a place for names, documentation and properties only. The owning unit, the
lifecycle, plateau membership and the profiles (an org unit's code, a citizen service's fees and
documents, an application's cost) travel as properties, so that an export imports back without
loss, here or into another repository, and other tools show them as ordinary properties:

- `nakhon:owner_unit`, `nakhon:status`, `nakhon:planned_from` ... on elements (`nakhon:owner_unit`
  on views too);
- `nakhon:profile` names an element's profile (`serviceprofile`, `orgunit`, ...), and each field
  of it follows as `nakhon:<profile>.<field>`; a profile's rows (a service's channels, steps and
  documents) are JSON lists;
- `nakhon:plateaus` on an element or relationship: the plateaus it belongs to;
- references name objects by identifier (a unit by its business actor's), lists are separated by
  spaces, booleans are `true`/`false`, dates ISO 8601.

A value equal to the field's default is left out of exports. On import a property left out leaves
the stored value as it is (a file from a tool that knows nothing of Nakhon changes no profile),
and a new object takes the default; an empty value clears a field.
"""

import json
from collections.abc import Callable, Iterable
from functools import partial
from operator import itemgetter

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from nakhon.core.services import service_for
from nakhon.interchange.document import ModelDocument, Property
from nakhon.interchange.errors import InterchangeError
from nakhon.organization.models import OrgUnit
from nakhon.repository.models import LIFECYCLE_DATES, Element, Plateau, Relationship, View
from nakhon.repository.services import profile_models

PREFIX = "nakhon:"
PROFILE = PREFIX + "profile"
PLATEAUS = PREFIX + "plateaus"
OWNER = PREFIX + "owner_unit"
UNIT_PARENT = f"{PREFIX}{OrgUnit._meta.model_name}.parent"
ELEMENT_FIELDS = ("owner_unit", "status", *LIFECYCLE_DATES)
VIEW_FIELDS = ("owner_unit",)
BOOKKEEPING = {"version", "created_at", "updated_at", "created_by", "updated_by", "element"}
EXCHANGE_TYPES = (
    (models.BooleanField, "boolean"),
    (models.DateField, "date"),
    (models.DecimalField, "number"),
    (models.IntegerField, "number"),
)

Resolve = Callable[[str], object]  # an identifier to a database id, or None


def profile_fields(model) -> list[models.Field]:
    """The fields of a profile that travel: its own concrete fields, in declaration order."""
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in BOOKKEEPING and not f.primary_key and f.editable
    ]


def profile_rows(model) -> list[str]:
    """The names of a profile's rows (written with it, logged in its snapshot)."""
    return sorted(service_for(model).restorable_extras())


def profile_key(model, name: str) -> str:
    return f"{PREFIX}{model._meta.model_name}.{name}"


def concept_key(field: models.Field) -> str:
    """The key of an element's or view's own field: `nakhon:status`."""
    return PREFIX + field.name


def fields_named(model, names: Iterable[str]) -> list[models.Field]:
    return [model._meta.get_field(name) for name in names]


def known_keys() -> dict[str, str]:
    """Every `nakhon:` key this version reads, with its exchange data type."""
    types = {PROFILE: "string", PLATEAUS: "string"}
    for field in fields_named(Element, ELEMENT_FIELDS):
        types[concept_key(field)] = exchange_type(field)
    for model in profile_models():
        for field in profile_fields(model):
            types[profile_key(model, field.name)] = exchange_type(field)
        types.update(
            dict.fromkeys((profile_key(model, row) for row in profile_rows(model)), "string")
        )
    return types


def exchange_type(field: models.Field) -> str:
    if field.is_relation:
        return "string"
    return next((name for kind, name in EXCHANGE_TYPES if isinstance(field, kind)), "string")


# Writing


def encode(field: models.Field, value, identifiers: dict) -> str:
    """A field's stored value as property text (`identifiers`: database id -> identifier)."""
    if value is None:
        return ""
    if field.is_relation:
        return identifiers[value]
    if isinstance(field, models.BooleanField):
        return "true" if value else "false"
    if isinstance(field, models.DateField):
        return value.isoformat()
    if isinstance(field, models.JSONField):
        return _json(value)
    return str(value)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class _Fields:
    """Fields written as properties, each with its key; a value equal to the default is left
    out (compared before encoding: most objects have nothing to say)."""

    def __init__(self, fields: Iterable[models.Field], key_of: Callable):
        self.specs = [
            (f, f.attname, key_of(f), None if f.is_relation else f.get_default()) for f in fields
        ]
        self.values_of_row = itemgetter(*(attname for _, attname, *_ in self.specs))
        self.defaults = self.values_of_row({attname: d for _, attname, _, d in self.specs})

    def row_properties(self, row: dict, identifiers: dict) -> list[Property]:
        """`properties` of a row of stored values by attname; all defaults cost one compare."""
        if self.values_of_row(row) == self.defaults:
            return []
        return self.properties(row.__getitem__, identifiers)

    def properties(self, value_of: Callable, identifiers: dict) -> list[Property]:
        found = []
        for field, attname, key, default in self.specs:
            value = value_of(attname)
            if value != default:
                found.append(Property(key, encode(field, value, identifiers)))
        return found


class Carrier:
    """Reads, for an export, what the repository holds beyond the exchange format."""

    def __init__(self):
        self.units = dict(
            Element.objects.filter(orgunit__isnull=False).values_list("pk", "identifier")
        )
        self.element_fields = _Fields(fields_named(Element, ELEMENT_FIELDS), concept_key)
        self.view_fields = _Fields(fields_named(View, VIEW_FIELDS), concept_key)
        self.profiles: dict = {}
        self.used: set[str] = set()
        for model in profile_models():
            self._read_profiles(model)
        self.plateaus = {
            Element: _memberships(Plateau.elements.through, "element_id"),
            Relationship: _memberships(Plateau.relationships.through, "relationship_id"),
        }

    def _read_profiles(self, model) -> None:
        fields = _Fields(profile_fields(model), lambda field: profile_key(model, field.name))
        rows = profile_rows(model)
        for profile in model.objects.prefetch_related(*rows).order_by("pk"):
            found = [Property(PROFILE, model._meta.model_name)]
            found += fields.properties(partial(getattr, profile), self.units)
            extra = service_for(model).extra_snapshot(profile) if rows else {}
            found += [
                Property(profile_key(model, row), _json(extra[row])) for row in rows if extra[row]
            ]
            self.profiles[profile.pk] = found

    def element_properties(self, row: dict) -> list[Property]:
        """`row`: the element's stored values by attname, with its `id`."""
        found = self.element_fields.row_properties(row, self.units)
        found += self.profiles.get(row["id"], ())
        found += self._plateau_properties(Element, row["id"])
        return self._noted(found)

    def relationship_properties(self, relationship_id) -> list[Property]:
        return self._noted(self._plateau_properties(Relationship, relationship_id))

    def view_properties(self, row: dict) -> list[Property]:
        return self._noted(self.view_fields.row_properties(row, self.units))

    def _noted(self, properties: list[Property]) -> list[Property]:
        if properties:
            self.used.update(p.key for p in properties)
        return properties

    def property_types(self) -> dict[str, str]:
        """The exchange data types of the keys written so far."""
        types = known_keys()
        return {key: types[key] for key in sorted(self.used)}

    def _plateau_properties(self, model, pk) -> list[Property]:
        plateaus = self.plateaus[model].get(pk)
        return [Property(PLATEAUS, " ".join(sorted(plateaus)))] if plateaus else []


def _memberships(through, column: str) -> dict:
    members: dict = {}
    rows = through.objects.values_list(column, "plateau__element__identifier")
    for pk, plateau in rows.iterator(chunk_size=5000):
        members.setdefault(pk, []).append(plateau)
    return members


# Reading


def carried_by(doc: ModelDocument) -> dict[str, dict[str, str]]:
    """The `nakhon:` properties this version knows, of each of the document's objects:
    {identifier: {key: text}}. Unknown ones stay ordinary properties."""
    keys = known_keys()
    carried: dict[str, dict[str, str]] = {}
    for obj in (*doc.elements, *doc.relationships, *doc.views):
        ours = {p.key: p.value for p in obj.properties if p.key in keys}
        if ours:
            carried[obj.identifier] = ours
    return carried


def file_property_types(types: dict[str, str]) -> dict[str, str]:
    """The property definitions of a file less the `nakhon:` ones (exports write those anew)."""
    keys = known_keys()
    return {key: kind for key, kind in types.items() if key not in keys}


def decode(field: models.Field, text: str, resolve: Resolve, identifier: str):
    """Property text as a value for the field (a database id for a reference)."""
    text = text.strip()
    if not text:
        return None if field.null or field.is_relation else field.get_default()
    if field.is_relation:
        return _resolved(resolve, text, identifier, field)
    if isinstance(field, models.BooleanField):
        if text.lower() not in ("true", "false"):
            raise _bad_value(identifier, field, text, _("give true or false"))
        return text.lower() == "true"
    try:
        return json.loads(text) if isinstance(field, models.JSONField) else field.to_python(text)
    except (ValidationError, ValueError) as error:
        detail = " ".join(getattr(error, "messages", [str(error)]))
        raise _bad_value(identifier, field, text, detail) from None


def decode_rows(name: str, text: str, identifier: str) -> list:
    try:
        rows = json.loads(text) if text.strip() else []
    except ValueError:
        rows = None
    if not isinstance(rows, list):
        raise InterchangeError(
            _("The property %(key)s must be a JSON list of rows.") % {"key": name},
            identifier=identifier,
        )
    return rows


def _resolved(resolve: Resolve, text: str, identifier: str, field) -> object:
    pk = resolve(text)
    if pk is None:
        raise _bad_value(
            identifier, field, text, _("no org unit in the file or the repository has it")
        )
    return pk


def _bad_value(identifier: str, field, text: str, detail: str) -> InterchangeError:
    return InterchangeError(
        _("“%(value)s” is not a valid %(field)s: %(detail)s.")
        % {"value": text, "field": field.verbose_name, "detail": detail},
        identifier=identifier,
    )


def stored_values(model, names, carried: dict, resolve: Resolve, identifier: str) -> dict:
    """{attname: value} of the named element or view fields the carried properties give."""
    fields = fields_named(model, names)
    return _values(fields, concept_key, carried, resolve, identifier)


def _values(fields, key_of: Callable, carried: dict, resolve: Resolve, identifier: str) -> dict:
    return {
        field.attname: decode(field, carried[key_of(field)], resolve, identifier)
        for field in fields
        if key_of(field) in carried
    }


def profile_model(carried: dict, identifier: str):
    """The profile model `nakhon:profile` names, or None."""
    name = carried.get(PROFILE, "").strip()
    if not name:
        return None
    for model in profile_models():
        if model._meta.model_name == name:
            return model
    raise InterchangeError(
        _("“%(name)s” is not a kind of profile; give one of %(names)s.")
        % {"name": name, "names": ", ".join(m._meta.model_name for m in profile_models())},
        identifier=identifier,
    )


def profile_values(model, carried: dict, resolve: Resolve, identifier: str) -> dict:
    """{attname or row name: value} of the profile fields and rows the properties give."""
    values = _values(
        profile_fields(model),
        lambda field: profile_key(model, field.name),
        carried,
        resolve,
        identifier,
    )
    for row in profile_rows(model):
        if profile_key(model, row) in carried:
            values[row] = decode_rows(
                profile_key(model, row), carried[profile_key(model, row)], identifier
            )
    return values


def plateau_identifiers(carried: dict) -> set[str] | None:
    """The plateaus an object says it belongs to, or None when it does not say."""
    if PLATEAUS not in carried:
        return None
    return set(carried[PLATEAUS].split())

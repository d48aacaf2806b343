"""Django's JSON serialisation, keeping times to the microsecond (Django's rounds them to the
millisecond): the format of backups (settings.SERIALIZATION_MODULES["fulljson"])."""

import datetime

from django.core.serializers import json


class Serializer(json.Serializer):
    def _value_from_field(self, obj, field):
        value = field.value_from_object(obj)
        if isinstance(value, datetime.datetime | datetime.time):
            return value.isoformat()
        return super()._value_from_field(obj, field)


Deserializer = json.Deserializer

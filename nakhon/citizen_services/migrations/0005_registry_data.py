"""The registries' first rows, and the existing documents and fees carried over to them.

Issuing agencies: the agencies whose documents Bangkok's citizen's manuals ask for most, whether
each is a state agency, and the exchange links that can fetch its documents (THAI-CONTEXT.md:
DOPA's civil registration through its linkage centre and GDX, the Department of Business
Development through Biz Portal and GDX, the BMA's own records). Common documents: the documents
manuals ask for most, each with its issuer.

Existing rows: a document whose name is (a copy of) a common document is marked as it, and gets
its issuer if it named none; an issuer the registry does not have becomes an agency, a state
agency if any document was ticked "issued by the state" with it (the tick is removed in 0006),
otherwise not known. A digital fee left blank meant "the same as at the counter": it now says so.
The registries are kept on their pages afterwards; `registry_data` holds their first rows,
which only fill in what is missing.
"""

import uuid

from django.db import migrations
from django.db.models import F

from nakhon.citizen_services.registry_data import AGENCIES, DOCUMENTS

def spelling(text):
    return " ".join(str(text).split()).casefold()


def without_copy_prefix(name):
    key = spelling(name)
    for prefix in ("สำเนา", "copy of ", "copies of ", "a copy of "):
        if key.startswith(prefix):
            return key[len(prefix) :].strip()
    return key


def spellings(row):
    names = [row.code, row.name, row.name_en, *row.aliases.splitlines()]
    return {spelling(n) for n in names if n.strip()}


def forwards(apps, schema_editor):
    Agency = apps.get_model("services", "IssuingAgency")
    Common = apps.get_model("services", "CommonDocument")
    Document = apps.get_model("services", "ServiceDocument")
    Profile = apps.get_model("services", "ServiceProfile")
    for code, name, name_en, aliases, state, links in AGENCIES:
        if not Agency.objects.filter(code=code).exists():
            Agency.objects.create(
                code=code,
                name=name,
                name_en=name_en,
                aliases=aliases,
                state_agency=state,
                exchange_links=links,
            )
    agencies = {a.code: a for a in Agency.objects.all()}
    for code, name, name_en, aliases, issuer in DOCUMENTS:
        if not Common.objects.filter(code=code).exists():
            Common.objects.create(
                code=code, name=name, name_en=name_en, aliases=aliases, issuer=agencies[issuer]
            )
    by_spelling = {s: a for a in Agency.objects.all() for s in spellings(a)}
    commons = list(Common.objects.select_related("issuer"))
    common_by_spelling = {s: c for c in commons for s in spellings(c)}
    new_agencies = {}
    for document in Document.objects.all():
        changed = []
        if not document.common:
            common = common_by_spelling.get(spelling(document.name)) or common_by_spelling.get(
                without_copy_prefix(document.name)
            )
            if common is not None:
                document.common = common.code
                changed.append("common")
                if not document.issuer.strip():
                    document.issuer = common.issuer.name
                    changed.append("issuer")
        issuer = document.issuer.strip()
        if issuer and spelling(issuer) not in by_spelling:
            key = spelling(issuer)
            state = new_agencies.get(key, (issuer, None))[1]
            new_agencies[key] = (issuer, True if document.government_issued else state)
        if changed:
            document.save(update_fields=changed)
    for number, (name, state) in enumerate(new_agencies.values(), start=1):
        code = f"agency-{number}"
        while Agency.objects.filter(code=code).exists():
            code = f"agency-{number}-{uuid.uuid4().hex[:6]}"
        Agency.objects.create(code=code, name=name, state_agency=state, exchange_links=[])
    Profile.objects.filter(digital_fee__isnull=True).update(digital_fee=F("fee"))


class Migration(migrations.Migration):
    dependencies = [("services", "0004_registry_and_unknowns")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

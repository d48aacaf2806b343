"""`nakhon backup` and `nakhon restore`: everything comes back, row by row and file by file,
into an empty database; a database that holds data is not overwritten unless asked."""

import shutil

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token

from nakhon.core.backup import holds_data
from nakhon.core.permissions import Role
from nakhon.repository.services import relationships

pytestmark = pytest.mark.django_db(transaction=True)


def every_row() -> dict:
    """Every row of every table the backup keeps (many-to-many tables included), with content
    types and permissions by name: their ids are `migrate`'s, not the data's."""
    types = {t.pk: (t.app_label, t.model) for t in ContentType.objects.all()}
    permissions = {p.pk: (types[p.content_type_id], p.codename) for p in Permission.objects.all()}
    by_name = {ContentType: types, Permission: permissions}
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if model in (ContentType, Permission) or model._meta.app_label == "sessions":
            continue
        named = [
            (field.attname, by_name[field.related_model])
            for field in model._meta.concrete_fields
            if field.is_relation and field.related_model in by_name
        ]
        table = []
        for row in model._base_manager.order_by("pk").values():
            for attname, names in named:
                row[attname] = names.get(row[attname])
            table.append(row)
        rows[model._meta.label] = table
    return rows


def test_a_backup_restores_every_row_and_file_into_an_empty_database(
    settings, tmp_path, make_user, make_element, system_actor, unit_a
):
    settings.DATA_DIR = tmp_path / "data"
    settings.MEDIA_ROOT = tmp_path / "media"
    service = make_element(
        "ApplicationService", owner=unit_a, properties=[{"key": "ระดับ", "value": "สูง"}]
    )
    process = make_element("BusinessProcess", owner=unit_a)
    relationships.create(system_actor, type="Serving", source=service, target=process)
    user = make_user(Role.EA_OFFICE, unit=unit_a)
    user.user_permissions.add(Permission.objects.get(codename="view_user"))
    Token.objects.create(user=user)
    job_file = tmp_path / "data" / "jobs" / "abc" / "รายงาน.csv"
    job_file.parent.mkdir(parents=True)
    job_file.write_text("ก,ข\n1,2\n")
    material = tmp_path / "media" / "capacity" / "materials" / "2026" / "สไลด์.pdf"
    material.parent.mkdir(parents=True)
    material.write_bytes(b"%PDF-1.7 slides")
    before = every_row()
    assert before["repository.Element"] and before["core.ChangeLogEntry"]

    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "-o", str(archive), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(tmp_path / "data")
    shutil.rmtree(tmp_path / "media")
    assert holds_data() == []

    call_command("restore", str(archive), verbosity=0)
    after = every_row()
    for table, rows in before.items():
        assert after[table] == rows, table
    assert job_file.read_text() == "ก,ข\n1,2\n"
    assert material.read_bytes() == b"%PDF-1.7 slides"


def test_restore_refuses_a_database_that_holds_data_unless_asked(settings, tmp_path, make_user):
    settings.DATA_DIR = tmp_path
    keeper = make_user(Role.VIEWER, username="kept")
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "-o", str(archive), verbosity=0)
    make_user(Role.VIEWER, username="added-later")
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", str(archive), verbosity=0)
    call_command("restore", str(archive), "--replace", verbosity=0)
    assert list(keeper._meta.model.objects.values_list("username", flat=True)) == ["kept"]

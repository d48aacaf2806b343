import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from nakhon.capacity.frameworks import load_framework, load_shipped, read_file, shipped_files
from nakhon.capacity.models import SkillArea, SkillFramework, TargetLevel
from nakhon.capacity.services import skill_frameworks, target_levels
from nakhon.core.models import ChangeLogEntry

pytestmark = pytest.mark.django_db


def test_the_shipped_frameworks_load_once_and_again_change_nothing(system_actor):
    first = load_shipped(system_actor)
    assert {f.code for f in first.frameworks} == {"ocsc-dga-2566", "ocsc-2561", "bma-ea-2562"}
    # 3 frameworks; 5 levels each; 7 + 6 + 3 areas; a target per area, 2 groups, 3 levels.
    assert first.created == 3 + 15 + 16 + 16 * 6
    assert SkillFramework.active().code == "ocsc-dga-2566"
    current = SkillFramework.objects.get(code="ocsc-dga-2566")
    kinds = list(current.areas.values_list("kind", flat=True))
    assert kinds.count("core") == 3 and kinds.count("optional") == 4
    cio_leadership = TargetLevel.objects.get(
        area__framework=current,
        area__code="digital-leadership",
        personnel_group="it",
        role_level="executive",
    )
    assert cio_leadership.level == 4
    for framework in first.frameworks:
        assert "PROGRAMME'S OWN" in framework.source
    logged = ChangeLogEntry.objects.count()
    again = load_shipped(system_actor)
    assert (again.created, again.updated) == (0, 0)
    assert ChangeLogEntry.objects.count() == logged


def test_an_edit_is_logged_and_reloading_puts_back_only_the_files_values(system_actor):
    load_shipped(system_actor)
    older = SkillFramework.objects.get(code="ocsc-2561")
    skill_frameworks.activate(system_actor, older)
    target = TargetLevel.objects.filter(area__framework=older).first()
    target_levels.update(system_actor, target, version=target.version, level=0)
    tally = load_shipped(system_actor)
    assert tally.updated == 1  # the target; the active framework stays the one chosen
    assert SkillFramework.active() == older


def test_a_file_naming_an_unknown_group_is_refused(system_actor, tmp_path):
    path = tmp_path / "bad.json"
    data = read_file(next(p for p in shipped_files() if "bma-ea" in p.name))
    data["targets"]["ea-reading"]["contractors"] = {"operational": 1}
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValidationError) as refused:
        read_file(path)
    assert "contractors/operational" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        load_framework(system_actor, {"code": "x"})
    assert "lacks name, edition, levels" in str(refused.value)
    assert not SkillArea.objects.exists()


def test_the_command_loads_them(admin_user, capsys):
    call_command("capacity", "frameworks", "--user", admin_user.username)
    assert "unchanged" in capsys.readouterr().out
    assert SkillFramework.objects.count() == 3

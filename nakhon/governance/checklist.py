"""The reviewers' checklist, held as data (`data/checklist.json`) and loaded into
`ChecklistQuestion` rows through their service, so that answers point at stored questions and
a change to the file is logged when it is loaded."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db import transaction

from nakhon.core.dates import is_thai
from nakhon.core.services import Actor, service_for
from nakhon.governance.models import ChecklistQuestion

CHECKLIST_FILE = Path(__file__).parent / "data" / "checklist.json"


@dataclass(frozen=True)
class Section:
    code: str
    name_th: str
    name_en: str
    order: int

    @property
    def name(self) -> str:
        return self.name_th if is_thai() else self.name_en


@cache
def read(path: Path = CHECKLIST_FILE) -> tuple[dict[str, Section], list[dict]]:
    """The sections by code, and every question's stored values, in the file's order."""
    data = json.loads(path.read_text(encoding="utf-8"))
    sections, questions = {}, []
    for index, section in enumerate(data["sections"]):
        code = section["code"]
        sections[code] = Section(code, section["name_th"], section["name_en"], index)
        for question in section["questions"]:
            questions.append(
                {
                    "code": question["code"],
                    "section": code,
                    "order": len(questions) + 1,
                    "text": question["text_th"],
                    "text_en": question["text_en"],
                    "active": True,
                }
            )
    return sections, questions


def sections() -> dict[str, Section]:
    return read()[0]


def sync(actor: Actor) -> list[ChecklistQuestion]:
    """Bring the stored questions in line with the file: new ones created, changed ones
    updated, ones the file no longer asks kept (answers point at them) but no longer asked.
    Loading an unchanged file writes nothing."""
    service = service_for(ChecklistQuestion)
    wanted = {row["code"]: row for row in read()[1]}
    with transaction.atomic():
        stored = {q.code: q for q in ChecklistQuestion.objects.all()}
        for code, values in wanted.items():
            if code in stored:
                service.update(actor, stored[code], version=None, **values)
            else:
                service.create(actor, **values)
        for code, question in stored.items():
            if code not in wanted and question.active:
                service.update(actor, question, version=None, active=False)
    return list(ChecklistQuestion.objects.filter(active=True).order_by("order"))


def questions(actor: Actor) -> list[ChecklistQuestion]:
    """The questions asked now, loaded from the file first where the stored ones differ."""
    stored = list(ChecklistQuestion.objects.filter(active=True).order_by("order"))
    expected = [row["code"] for row in read()[1]]
    if [q.code for q in stored] == expected:
        return stored
    return sync(actor)

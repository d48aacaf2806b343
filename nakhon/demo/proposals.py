"""A demo review request whose change proposal conflicts with a later live edit.

The Environment Department asks to change its pollution-complaints system: its proposal plans
the old PHP system's phase-out and retirement. After the proposal was drafted, the EA office
moved the phase-out forward in the live repository, so merging the proposal stops on a
conflict, field by field, until the department resolves it on the request's proposal page.
Only lifecycle dates are touched, which the other demo loaders leave alone, so loading the
demo again changes nothing.
"""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from nakhon.core.services import Actor
from nakhon.demo import applications, sample
from nakhon.governance import proposals, workflow
from nakhon.governance.models import ReviewRequest
from nakhon.repository.models import Element
from nakhon.repository.services import elements

TITLE = "ปรับปรุงระบบรับเรื่องร้องเรียนมลพิษและสิ่งแวดล้อม"
APPLICATION = applications.identifier("app-env-complaint")


def load(summary: sample.Summary, user=None) -> sample.Summary:
    actor = Actor.shell(user or sample.demo_user())
    if ReviewRequest.objects.filter(title=TITLE).exists():
        return summary  # loaded already: the live edit came after the proposal
    application = Element.objects.select_related("owner_unit").get(identifier=APPLICATION)
    request = workflow.requests.create(
        actor,
        title=TITLE,
        request_type="change_data",
        owner_unit=application.owner_unit,
        description=(
            "ย้ายการรับเรื่องร้องเรียนมลพิษไปยังระบบรับเรื่องร้องเรียนกลาง "
            "และปลดระบบเดิมที่ใช้ PHP 5.6 ซึ่งหมดการสนับสนุนแล้ว"
        ),
        budget=Decimal("1800000.00"),
        fiscal_year=2570,
        budget_line="แผนงานพัฒนาระบบสารสนเทศ สำนักสิ่งแวดล้อม",
    )
    proposal = proposals.start(actor, request)
    elements.update(
        replace(actor, proposal=proposal),
        application,
        version=application.version,
        documentation=application.documentation,
        phase_out_from=date(2027, 4, 1),
        retired_from=date(2027, 9, 30),
    )
    workflow.submit(actor, request)
    # Later, the EA office moves the phase-out forward live: the proposal's base moved.
    application.refresh_from_db()
    elements.update(
        actor, application, version=application.version, phase_out_from=date(2027, 1, 1)
    )
    return summary

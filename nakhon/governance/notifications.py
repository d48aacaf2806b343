"""E-mails about review requests, through Django's mail backend (the console unless a
deployment sets one), each written in its recipient's language.

A person's language is their `LanguagePreference`, else `settings.LANGUAGE_CODE` (Thai). Mails
leave only when the step's transaction commits: a refused step sends nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from nakhon.core.permissions import Role


def language_of(user) -> str:
    try:
        return user.governance_language.language
    except ObjectDoesNotExist:
        return settings.LANGUAGE_CODE


def ea_office():
    return get_user_model().objects.filter(role=Role.EA_OFFICE, is_active=True)


def unit_editors(unit):
    return get_user_model().objects.filter(role=Role.UNIT_EDITOR, unit=unit, is_active=True)


def render(user, event: str, context: dict) -> tuple[str, str]:
    """The subject and body of `event`'s mail in `user`'s language (the template's first line
    is the subject)."""
    with translation.override(language_of(user)):
        text = render_to_string(
            f"governance/email/{event}.txt",
            {**context, "recipient": user, "base_url": settings.NAKHON_BASE_URL},
        )
    subject, _blank, body = text.strip().partition("\n")
    return subject.strip(), body.strip() + "\n"


def send(users, event: str, context: dict) -> None:
    """Mail each of `users` who has an address, once the transaction commits."""
    recipients = {u.pk: u for u in users if u is not None and u.email}.values()
    messages = [(u.email, *render(u, event, context)) for u in recipients]

    def deliver():
        for address, subject, body in messages:
            send_mail(subject, body, None, [address])

    transaction.on_commit(deliver)


def on_submit(request) -> None:
    send(ea_office(), "submitted", {"request": request})


def on_assign(review) -> None:
    send([review.reviewer], "assigned", {"request": review.request, "review": review})


def on_vote(review) -> None:
    send(ea_office(), "voted", {"request": review.request, "review": review})


def on_decide(request) -> None:
    people = [request.submitted_by, *unit_editors(request.owner_unit)]
    send(people, "decided", {"request": request})


def on_condition_due(condition) -> None:
    person = condition.owner or condition.request.submitted_by
    send([person], "condition_due", {"request": condition.request, "condition": condition})

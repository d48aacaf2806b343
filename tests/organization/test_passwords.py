"""Passwords: Django's validators refuse short, common, purely numeric passwords and ones like
the person's own name."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from nakhon.organization.models import User


@pytest.mark.parametrize("password", ["73920581649", "password123", "short1!", "somchai.jaidee"])
def test_weak_passwords_are_refused(password):
    user = User(username="somchai.jaidee", first_name="Somchai", last_name="Jaidee")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_long_uncommon_password_is_accepted():
    validate_password("ทางด่วน-Rama9-ฝนตก", User(username="somchai"))

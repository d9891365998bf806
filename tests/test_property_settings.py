"""The property tests run without hypothesis' per-example deadline (tests/conftest.py): a busy machine must not
fail a test that asserts no time."""

from hypothesis import given, settings
from hypothesis import strategies as st


def test_the_profile_has_no_deadline():
    assert settings().deadline is None


@given(st.integers())
def test_a_property_test_without_settings_gets_no_deadline(n):
    assert settings().deadline is None

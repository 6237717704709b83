import pytest
from django.core.exceptions import ImproperlyConfigured

from patuh.lib.env import env_int


def test_whole_numbers_are_read_with_a_default(monkeypatch):
    assert env_int("PATUH_X", 10) == 10
    monkeypatch.setenv("PATUH_X", " 25 ")
    assert env_int("PATUH_X", 10) == 25


@pytest.mark.parametrize(("raw", "message"), [("ten", "not a whole number"), ("0", "at least 1")])
def test_a_bad_number_names_the_variable(monkeypatch, raw, message):
    monkeypatch.setenv("PATUH_X", raw)
    with pytest.raises(ImproperlyConfigured, match=f"PATUH_X='{raw}' .*{message}"):
        env_int("PATUH_X", 10, minimum=1)

"""The parsed form files are cached like bytecode: used only for the very same text, written only where Python
writes bytecode, and never trusted when damaged."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import govreport.forms as forms
from govreport.forms.parsed import cache_file, cached_toml

FORM_DIR = Path(__file__).resolve().parents[2] / "govreport" / "forms"


@pytest.fixture
def form_file(tmp_path, monkeypatch):
    """A copy of the 2021 form file, its cache under a private bytecode prefix that Python may write."""
    monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path / "pycache"))
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    path = tmp_path / "forms" / "2021.toml"
    path.parent.mkdir()
    path.write_bytes((FORM_DIR / "2021.toml").read_bytes())
    return path


def _no_parse(monkeypatch):
    def fail(text, source):
        raise AssertionError("parsed although the cache holds this text")

    monkeypatch.setattr(forms, "_toml", fail)


def test_the_cache_gives_what_the_file_says(form_file, monkeypatch):
    parsed = cached_toml(form_file, forms._toml)
    cache = cache_file(form_file)
    assert cache is not None and cache.is_file()
    assert str(cache).startswith(sys.pycache_prefix)
    assert not list(cache.parent.glob("*.tmp"))
    _no_parse(monkeypatch)
    assert cached_toml(form_file, forms._toml) == parsed
    assert forms._form(parsed, "2021.toml") == forms.get_form("2021")


def test_a_changed_file_is_parsed_again(form_file):
    cached_toml(form_file, forms._toml)
    text = form_file.read_text(encoding="utf-8")
    form_file.write_text(text.replace('name = "', 'name = "改', 1), encoding="utf-8")
    assert cached_toml(form_file, forms._toml)["name"].startswith("改")


@pytest.mark.parametrize("damage", [b"", b"junk", b"\xe9\x03\x00\x00"])
def test_a_damaged_cache_is_ignored_and_rewritten(form_file, damage):
    expected = cached_toml(form_file, forms._toml)
    cache = cache_file(form_file)
    cache.write_bytes(damage)
    assert cached_toml(form_file, forms._toml) == expected
    assert cache.read_bytes() != damage


def test_nothing_is_written_where_python_writes_no_bytecode(form_file, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    cached_toml(form_file, forms._toml)
    assert not cache_file(form_file).exists()

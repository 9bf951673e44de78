"""The small parsers on their own: interpolation, the .env format, sizes and durations, ports, volumes."""

from __future__ import annotations

import pytest

from generator.errors import C2PError
from generator.load.dotenv import parse_env_text
from generator.load.interpolate import InterpolationError, substitute
from generator.load.mounts import SyntaxProblem, parse_port, parse_volume
from generator.load.units import normalize_duration, parse_bytes

ENV = {"SET": "v", "EMPTY": ""}


@pytest.mark.parametrize("text,want", [
    ("$SET", "v"), ("${SET}", "v"), ("${UNSET}", ""), ("$$SET", "$SET"), ("a$$", "a$"),
    ("${UNSET:-d}", "d"), ("${EMPTY:-d}", "d"), ("${EMPTY-d}", ""), ("${UNSET-d}", "d"),
    ("${SET:+alt}", "alt"), ("${EMPTY:+alt}", ""), ("${EMPTY+alt}", "alt"), ("${UNSET+alt}", ""),
    ("${UNSET:-${SET}}", "v"), ("${UNSET:-${ALSO:-deep}}", "deep"), ("${SET:?never}", "v"),
    ("cost $5", "cost $5"), ("$", "$"), ("{$SET}", "{v}"), ("${UNSET:-a}b}", "ab}"), ("${UNSET-$$}", "$"),
])
def test_interpolation(text, want):
    assert substitute(text, ENV) == want


@pytest.mark.parametrize("text,message", [
    ("${UNSET:?say why}", "required variable UNSET is missing a value: say why"),
    ("${EMPTY:?}", "required variable EMPTY is missing a value"),
    ("${UNSET?}", "required variable UNSET is missing a value"),
    ("${ SET}", "invalid interpolation format"), ("${SET:=x}", "invalid interpolation format"),
    ("${SET", "invalid interpolation format"), ("${UNSET:-x", "unterminated"),
])
def test_interpolation_errors(text, message):
    with pytest.raises(InterpolationError, match=message.replace("$", r"\$").replace("{", r"\{")):
        substitute(text, ENV)


def test_empty_but_set_passes_question_mark():
    assert substitute("${EMPTY?}", ENV) == ""


def test_dotenv_format():
    text = "\n".join([
        "# comment", "A=1", "export B=two", "C='single $A'", 'D="double ${A} \\n x"', "E=unquoted # comment",
        "F=${A}-${LOOKUP}", "G: yaml-style", 'H="multi', 'line"', "BARE", "MISSING_BARE", "I=",
    ])
    values = parse_env_text(text, "x.env", {"LOOKUP": "l", "BARE": "from-lookup"})
    assert values == {"A": "1", "B": "two", "C": "single $A", "D": "double 1 \n x", "E": "unquoted",
                      "F": "1-l", "G": "yaml-style", "H": "multi\nline", "BARE": "from-lookup", "I": ""}


def test_dotenv_error_has_a_line():
    with pytest.raises(C2PError) as exc:
        parse_env_text("A=1\nnot a valid line\n", "x.env", {})
    assert str(exc.value.location) == "x.env:2:1"


@pytest.mark.parametrize("value,want", [("512M", 536870912), ("1g", 1073741824), ("1gb", 1073741824),
                                        ("100k", 102400), (2048, 2048), ("1.5G", 1610612736)])
def test_bytes(value, want):
    assert parse_bytes(value) == want


@pytest.mark.parametrize("value,want", [("90s", "1m30s"), ("1h", "1h0m0s"), ("500ms", "500ms"), ("0s", "0s"),
                                        ("1m30s", "1m30s"), ("1.5s", "1.5s"), ("2h30m", "2h30m0s")])
def test_durations_print_like_go(value, want):
    assert normalize_duration(value) == want


def test_port_ranges_expand():
    ports = parse_port("127.0.0.1:8000-8001:80-81/udp")
    assert [(p["published"], p["target"], p["protocol"], p["host_ip"]) for p in ports] == [
        ("8000", 80, "udp", "127.0.0.1"), ("8001", 81, "udp", "127.0.0.1")]
    assert parse_port("8000-8010:80") == [{"mode": "ingress", "target": 80, "published": "8000-8010", "protocol": "tcp"}]
    with pytest.raises(SyntaxProblem):
        parse_port("80-81:90-99")


def test_volume_short_syntax():
    assert parse_volume("./data:/data:ro", "/p", None) == {
        "type": "bind", "source": "/p/data", "target": "/data", "read_only": True, "bind": {"create_host_path": True}}
    assert parse_volume("db:/var/lib/db/", "/p", None) == {"type": "volume", "source": "db", "target": "/var/lib/db",
                                                           "volume": {}}
    assert parse_volume("~/x:/x", "/p", "/home/me")["source"] == "/home/me/x"
    assert parse_volume("data:/b:bogus", "/p", None) == {"type": "volume", "source": "data", "target": "/b",
                                                          "volume": {}}  # unknown options ignored, as compose does
    assert parse_volume("c:/data", "/p", None)["target"] == "c:/data"  # a Windows drive letter, as compose reads it

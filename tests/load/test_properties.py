"""Property: any document — random compose-shaped data, or the example with random edits — either
loads or fails with a C2PError (exit 2). Never another exception, never a hang."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import C2PError
from generator.load import load_project, to_compose_json_text

EXAMPLE = (Path(__file__).resolve().parents[2] / "examples" / "server2" / "docker-compose.v2.yml").read_text()
WORKDIR = Path(tempfile.mkdtemp(prefix="c2p-prop-"))

KEYS = ["image", "build", "command", "entrypoint", "environment", "env_file", "ports", "expose", "volumes",
        "depends_on", "healthcheck", "restart", "deploy", "profiles", "networks", "secrets", "configs",
        "labels", "extends", "condition", "target", "source", "type", "test", "interval", "resources",
        "limits", "cpus", "memory", "context", "dockerfile", "published", "required", "path", "x-c2p", "<<"]
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 70000), st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["db", "web", "80:80", "./data:/data", "${X:-1}", "$$", "${", "1g", "10s", "service_healthy",
                     "a=b", "CMD", "volume", "bind", "~/x", "", "x:y:z:w"]),
    st.text(max_size=12),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), inner, max_size=4)),
    max_leaves=25,
)
SERVICE = st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=6)
DOCUMENT = st.fixed_dictionaries(
    {"services": st.dictionaries(st.sampled_from(["web", "db", "cache"]), SERVICE | VALUES, max_size=3)},
    optional={"volumes": VALUES, "networks": VALUES, "secrets": VALUES, "name": SCALARS, "include": VALUES},
)


def _load(text: str) -> None:
    path = WORKDIR / "compose.yaml"
    path.write_text(text)
    try:
        project = load_project((str(path),), (), (), {"X": "1"}, working_dir=str(WORKDIR))
    except C2PError as exc:
        assert exc.one_line() and "\n" not in exc.one_line()
        return
    json.loads(to_compose_json_text(project))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENT)
def test_random_documents_load_or_fail_cleanly(doc):
    _load(json.dumps(doc))  # JSON is YAML


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(EXAMPLE)), st.integers(0, 3),
                          st.sampled_from(["", ":", "-", " ", "\n", "{", "[", "&a", "*a", "<<", "$", "'", "\t", "x"])),
                min_size=1, max_size=4))
def test_edited_example_loads_or_fails_cleanly(edits):
    text = EXAMPLE
    for pos, cut, insert in edits:
        text = text[:pos] + insert + text[pos + cut:]
    _load(text)


TEXT = st.text(alphabet=st.sampled_from(list("abc019:/.-_=$~{}[] \\,")), max_size=16)
NUM_OR_TEXT = st.one_of(st.integers(-1, 70000), TEXT, st.floats(allow_nan=False, allow_infinity=False, width=32))
WELL_SHAPED = st.fixed_dictionaries(
    {"image": TEXT},
    optional={
        "ports": st.lists(st.one_of(NUM_OR_TEXT, st.fixed_dictionaries({"target": NUM_OR_TEXT},
                                                                     optional={"published": NUM_OR_TEXT}))),
        "volumes": st.lists(st.one_of(TEXT, st.fixed_dictionaries({"type": st.sampled_from(["bind", "volume", "tmpfs"]),
                                                                  "target": TEXT}, optional={"source": TEXT}))),
        "environment": st.one_of(st.lists(TEXT), st.dictionaries(TEXT, st.one_of(st.none(), NUM_OR_TEXT))),
        "command": st.one_of(TEXT, st.lists(TEXT)),
        "depends_on": st.lists(st.sampled_from(["web", "db", "cache"]), unique=True),
        "healthcheck": st.fixed_dictionaries({}, optional={"test": st.one_of(TEXT, st.lists(TEXT)),
                                                           "interval": TEXT, "retries": NUM_OR_TEXT}),
        "deploy": st.fixed_dictionaries({"resources": st.fixed_dictionaries(
            {}, optional={"limits": st.fixed_dictionaries({}, optional={"cpus": NUM_OR_TEXT, "memory": NUM_OR_TEXT})})}),
        "extends": st.sampled_from(["web", "db", "cache"]),
        "profiles": st.lists(st.sampled_from(["a", "b"])),
        "build": st.one_of(TEXT, st.fixed_dictionaries({"context": TEXT}, optional={"args": st.lists(TEXT)})),
        "stop_grace_period": TEXT, "mem_limit": NUM_OR_TEXT, "tmpfs": TEXT,
    },
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["web", "db", "cache"]), WELL_SHAPED, min_size=1, max_size=3))
def test_well_shaped_services_load_or_fail_cleanly(services):
    _load(json.dumps({"services": services}))

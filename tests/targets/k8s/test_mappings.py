"""The k8s mappings keep their contract (generator/targets/k8s/mapping.py): every kind has a mapping or a reason, every
mapping provides every output its kind's consumers ask for, a missing output fails loudly instead of shipping `<host>`,
templates beside a mapping are escaped like the others, and no module dispatches on a mapping's name."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
import yaml

from generator.classify.kinds import KINDS
from generator.mapping import MissingOutput, Output
from generator.plan.model import OUTPUTS, SECRET_OUTPUTS, EnvOverride, Resource
from generator.targets.k8s import MAPPINGS, NOT_MAPPED, TARGET
from generator.targets.k8s.mapping import DOCS_KEYS, GUIDE_KEYS, K8sMapping, by_mapping
from tests.targets.k8s.server2_plan import server2_plan

ROOT = Path(__file__).resolve().parents[3]
K8S = ROOT / "generator" / "targets" / "k8s"


def test_every_kind_has_a_k8s_mapping_or_a_reason():
    mapped = [k for m in MAPPINGS for k in m.kinds]
    assert len(mapped) == len(set(mapped)), "two k8s mappings claim one kind: choose() would take the first"
    for kind in KINDS:
        assert (kind.name in mapped) != (kind.name in NOT_MAPPED), kind.name
    assert not set(NOT_MAPPED) - {k.name for k in KINDS}, "NOT_MAPPED names a kind classify does not know"


def test_a_kind_without_mapping_is_left_out_with_its_reason():
    got = TARGET.decide(Resource(name="mq", kind="rabbitmq", mapping="", engine="rabbitmq"), {})
    assert got.mapping == "unsupported"
    assert got.warnings[0].startswith("mq: rabbitmq has no Kubernetes mapping in c2p yet")


def test_mapping_names_are_unique_and_each_lives_in_its_folder():
    assert len({m.name for m in MAPPINGS}) == len(MAPPINGS)
    folders = sorted(p for p in (K8S / "mappings").iterdir() if (p / "__init__.py").is_file())
    assert len(folders) == len(MAPPINGS)
    for mapping in MAPPINGS:
        folder = Path(__import__(type(mapping).__module__, fromlist=["x"]).__file__).parent
        assert folder.parent == K8S / "mappings" and (folder / "templates").is_dir(), mapping.name


@pytest.mark.parametrize("mapping", MAPPINGS, ids=lambda m: m.name)
def test_mapping_has_every_attribute_of_the_contract(mapping):
    for name in K8sMapping.__annotations__:
        assert hasattr(mapping, name), f"{mapping.name} lacks {name}"
    for name in ("decide", "outputs", "render", "docs", "object_names", "server_certificate", "network_policies",
                 "wait_for", "install_steps", "guide"):
        assert callable(getattr(mapping, name, None)), f"{mapping.name} lacks {name}()"


def _decided(plan):
    return {r.kind: r for r in plan.resources}


@pytest.mark.parametrize("job", [False, True])
def test_every_mapping_provides_every_output_its_consumers_ask_for(job):
    plan = server2_plan()
    postgres = TARGET.decide(dataclasses.replace(plan.resource("timescaledb"), kind="postgres", engine="postgres",
                                                 mapping="", settings={}, decisions=(), warnings=()), {})
    sql = [TARGET.decide(Resource(name=kind, kind=kind, mapping="", engine=kind, versions={kind: version}), {})
           for kind, version in (("mariadb", "11.4"), ("mysql", "8.4"))]
    resources = list(plan.resources) + [postgres] + sql
    covered = set()
    for res in resources:
        mapping = next(m for m in MAPPINGS if m.name == res.mapping)
        provided = mapping.outputs(res, job)
        assert set(OUTPUTS[res.kind]) <= set(provided), (res.kind, sorted(provided))
        for name, out in provided.items():
            assert isinstance(out, Output)
            if name in SECRET_OUTPUTS:
                assert out.secret and not out.value, f"{res.kind}.{name} must be a Secret reference, never a literal"
        covered.add(res.kind)
    assert covered == {k for m in MAPPINGS for k in m.kinds}


def _golden_plan(case: str):
    from generator.classify import classify
    from generator.load import load_project
    from generator.plan import build_plan

    project = load_project((str(ROOT / "tests" / "golden" / "cases" / case / "compose.yaml"),), (), (), {})
    return build_plan(project, classify(project), "k8s")


def test_docs_and_guide_give_every_part():
    seen = []
    for plan in (server2_plan(), _golden_plan("wordpress-mariadb"), _golden_plan("ghost-mysql")):
        for mapping, resources in by_mapping(plan):
            seen.append(mapping.name)
            for res in resources:
                assert set(DOCS_KEYS) <= set(mapping.docs(plan, res)), mapping.name
            guide = mapping.guide(plan, resources)
            assert set(GUIDE_KEYS) <= set(guide), mapping.name
            assert [k for k, _ in guide["install"]] == list(mapping.install_steps(resources)), mapping.name
    assert sorted(set(seen)) == sorted(m.name for m in MAPPINGS)


def test_a_missing_output_fails_instead_of_writing_a_placeholder(monkeypatch):
    """Before the mapping redesign a consumer wired to an output its mapping lacked got the literal `<host>`."""
    from generator.targets.k8s import envwire
    from generator.targets.k8s.mappings.redis_operator import MAPPING as REDIS

    plan = server2_plan()
    app = plan.apps[0]
    ov = EnvOverride(var="REDIS_HOST", action="set", resource="redis", role="host", template="{host}:{port}",
                     secret=False, reason="test")
    assert envwire.wire(plan, ov, app) == ([], [], "redis-master:6379")
    real = REDIS.outputs
    monkeypatch.setattr(type(REDIS), "outputs", lambda self, r, job=False: {
        k: v for k, v in real(r, job).items() if k != "host"})
    with pytest.raises(MissingOutput, match="provides no output 'host'"):
        envwire.wire(plan, ov, app)
    with pytest.raises(MissingOutput):
        envwire.explain(plan, app)(ov)


def test_templates_beside_a_mapping_are_escaped_like_the_others():
    """A mapping's own template (redis-operator's ConfigMap), with the [[ ]] delimiters and YAML's finaliser: a hostile
    value from compose stays one scalar, Helm's `{{` included."""
    from pathlib import Path

    from generator.render.jinja import render_beside
    from generator.targets.k8s.mappings import redis_operator

    hostile = "a\nb: c # {{ .Values }}"
    c = {"config_map": "r-config", "service": hostile, "config_key": "redis-additional.conf", "name": "r",
         "checkov_skips": [], "s": {"persistence": hostile, "config": ["appendonly yes"]}}
    text = render_beside(Path(redis_operator.__file__).parent / "templates", "configmap.yaml.j2", c=c, project=hostile)
    doc = yaml.safe_load(text)
    assert doc["metadata"]["labels"]["app.kubernetes.io/part-of"] == hostile
    assert "\nb: c" not in text.split("apiVersion")[0].replace("\\n", "")  # the comment lines stay comments


DISPATCH = re.compile(r'mapping ?(==|!=|in) |kind ?== ?"timescaledb"')


def test_no_module_or_template_dispatches_on_a_mapping_name():
    """`grep -rnE 'mapping ?(==|!=|in) |kind ?== ?"timescaledb"' generator/targets/k8s templates/helm` finds only
    lines whose comment says why."""
    bad = []
    for path in sorted([*K8S.rglob("*.py"), *K8S.rglob("*.j2"), *(ROOT / "templates" / "helm").rglob("*.j2")]):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if DISPATCH.search(line) and "#" not in line.split(DISPATCH.search(line).group(0), 1)[1]:
                bad.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not bad, "\n".join(bad)

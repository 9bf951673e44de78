"""--target aws as a tuple of mappings (generator/targets/aws/mapping.py): no shared file asks which mapping a resource
has, each mapping's templates sit beside it and print through the same escapers, and a consumer asking an output a
mapping lacks fails loudly instead of rendering a placeholder."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from generator.mapping import MissingOutput
from generator.plan.model import App, Database, EnvOverride, EnvVar, Plan, Resource, SqlFacts
from generator.render.jinja import language_of, render_template
from generator.targets.aws import BY_NAME, MAPPINGS, NOT_MAPPED, TARGET
from generator.targets.aws.base import AwsBase
from generator.targets.aws.mapping import AwsMapping

ROOT = Path(__file__).resolve().parents[3]
DISPATCH = re.compile(r"mapping ?(==|!=|in) ")


def test_no_shared_file_dispatches_on_a_mapping_name():
    """`grep -rnE 'mapping ?(==|!=|in) ' generator/targets/aws templates/terraform` is empty."""
    found = [f"{p.relative_to(ROOT)}:{n}: {line.strip()}"
             for folder in (ROOT / "generator" / "targets" / "aws", ROOT / "templates" / "terraform")
             for p in sorted(folder.rglob("*")) if p.is_file() and p.suffix in (".py", ".j2")
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if DISPATCH.search(line)]
    assert found == []


def _resource(kind: str) -> Resource:
    facts = SqlFacts(databases=(Database("app", "app"),)) if kind in ("postgres", "timescaledb") else None
    return Resource(name="svc", kind=kind, mapping="", engine=kind, versions={}, image=f"{kind}:latest", port=1,
                    facts=facts)


def _decided(mapping: AwsMapping) -> Resource:
    options = {"vault": "secrets-manager"} if mapping.name == "secrets-manager" else {}
    res = TARGET.decide(_resource(mapping.kinds[0]), options)
    assert res.mapping == mapping.name
    return res


@pytest.mark.parametrize("mapping", MAPPINGS, ids=lambda m: m.name)
def test_each_mapping_is_a_folder_with_its_templates(mapping):
    assert isinstance(mapping, AwsMapping) and isinstance(mapping, AwsBase)
    folder = Path(mapping.here).parent
    assert folder.parent.name == "mappings" and (folder / "main.tf.j2").is_file() and (folder / "outputs.tf.j2").is_file()
    res = _decided(mapping)
    plan = Plan(project="p", target="aws", sources=(), resources=(res,))
    names = [v for k, v in mapping.docs(plan, res).items() if isinstance(v, str) and v.endswith(".j2")]
    assert "migration" in mapping.docs(plan, res)
    for name in names:  # each section the docs name loads (beside the mapping, or a shared one under templates/)
        assert language_of(name) == "md"
        from generator.render.jinja import environment

        environment("md", False).get_template(name)
    assert mapping.providers == tuple(p for p in mapping.providers if p != "aws")
    assert not mapping.in_vpc or mapping.kms_covers, "an in-VPC service names what the KMS key encrypts"


def test_names_are_unique_and_every_unmapped_kind_says_why():
    assert len(BY_NAME) == len(MAPPINGS)
    mapped = {k for m in MAPPINGS for k in m.kinds}
    assert not mapped & set(NOT_MAPPED) and all(NOT_MAPPED.values())


def test_a_template_beside_a_mapping_is_escaped_like_any_other():
    """Loaded by name from the mapping's folder, with the finaliser of its language: compose data stays data."""
    rds = BY_NAME["rds"]
    assert rds.outputs_template.startswith("generator/targets/aws/mappings/rds/")
    hostile = 'x" ${file("/etc/passwd")} %{ if true }'
    r = {"name": hostile, "id": "x", "s": {"app_role": hostile}}
    text = render_template(rds.outputs_template, r=r)
    assert not re.search(r"(?<!\$)\$\{file", text) and "$${file(" in text and "%%{ if" in text
    assert '"x\\" $${file' in text  # the quote escaped too: the description stays one string
    md = render_template(BY_NAME["tiger-cloud"].template("tls.md.j2"),
                         rs=[{"name": "ts\n## injected heading", "s": {"ca_file": "/ca.pem"}}])
    assert md.startswith("- **ts") and "\n## injected" not in md


def _plan_with_app(res: Resource, template: str) -> Plan:
    ov = EnvOverride(var="DATABASE_URL", action="set", resource=res.name, role="url", template=template, secret=True,
                     reason="test")
    app = App(name="web", image="example/web:1", env=(EnvVar(name="DATABASE_URL", secret=True, override=ov),))
    return Plan(project="p", target="aws", sources=(), resources=(res,), apps=(app,))


def test_a_consumer_asking_an_output_the_mapping_lacks_fails_loudly(monkeypatch):
    """Before: the env file said `<not generated>` and app_env.tf left the variable out, exit 0. Now: MissingOutput,
    naming the resource, the mapping and the output."""
    from generator.targets.aws.render import render

    res = TARGET.decide(_resource("postgres"), {})
    plan = _plan_with_app(res, "postgresql://{username}:{password}@{host}:{port}/{database}")
    assert "aws_db_instance.svc.address" in render(plan)["terraform/app_env.tf"]
    rds = type(BY_NAME["rds"])
    full = rds.outputs
    monkeypatch.setattr(rds, "outputs", lambda self, r, job=False: {k: v for k, v in full(self, r, job).items()
                                                                     if k != "host"})
    with pytest.raises(MissingOutput, match=r"svc \(rds\) provides no output 'host'"):
        render(plan)


def test_an_unmapped_resource_is_said_not_generated_not_an_error():
    """A resource left out (mapping unsupported) is a different case: the env file says so and README lists it."""
    from generator.targets.aws.render import render

    res = TARGET.decide(dataclasses.replace(_resource("mongodb"), engine="mongodb"), {})
    assert res.mapping == "unsupported"
    tree = render(_plan_with_app(res, "mongodb://{host}:{port}"))
    assert "<not generated>" in tree["env/web.env"]


def test_choose_routes_by_kind_and_option():
    pg, ts, redis, vault = (_resource(k) for k in ("postgres", "timescaledb", "redis", "vault"))
    assert TARGET.choose(pg, {}) is BY_NAME["rds"]
    assert TARGET.choose(ts, {}) is BY_NAME["tiger-cloud"]
    assert TARGET.choose(ts, {"engine": "rds"}) is BY_NAME["rds"]
    assert TARGET.choose(redis, {}) is BY_NAME["elasticache"]
    assert TARGET.choose(vault, {}) is BY_NAME["hcp-vault"]
    assert TARGET.choose(vault, {"vault": "secrets-manager"}) is BY_NAME["secrets-manager"]
    assert TARGET.choose(_resource("mysql"), {}) is BY_NAME["rds-mysql"]
    assert TARGET.choose(_resource("mariadb"), {}) is BY_NAME["rds-mysql"]
    assert "Amazon DocumentDB" in TARGET.choose(_resource("mongodb"), {}).because

"""The registry: every kind on every built target has a mapping or a reason, and every mapping provides every output
its consumers can ask for. A forgotten piece fails here, not in a user's output (a literal `<host>`, a mapped service
listed as unsupported).

The consumers' side is not a hand-kept list: every role a consumer variable can have is run through the real
env-override code (plan/envmap.override_for) against the mapping's decided resource, and each placeholder of the
resulting template must be an output the mapping provides."""

from __future__ import annotations

import string

import pytest

from generator.classify.kinds import KINDS
from generator.classify.model import Use
from generator.mapping import Mapping, NotMapped
from generator.plan.envmap import override_for
from generator.plan.model import FACTS_OF, OUTPUTS, Database, Resource, SqlFacts
from generator.plan.recorder import Recorder
from generator.targets import BUILT, get_target

ROLES = ("url", "host", "port", "user", "password", "database", "sslmode", "tls", "ca", "addr", "namespace", "token")
# a compose value for each role, as consumers write them (the URL's scheme is the kind's own)
RAW = {"host": "db", "port": "5432", "user": "app", "password": "***", "database": "app", "addr": "http://vault:8200",
       "namespace": "", "token": "***", "sslmode": "disable", "tls": "false", "ca": "/ca.pem"}


def sample(kind: str) -> Resource:
    """A resource of `kind` as the plan stage hands it to a target: compose's port, an app database for SQL kinds."""
    k = next(k for k in KINDS if k.name == kind)
    facts = FACTS_OF[kind](databases=(Database("app", "app"),)) if FACTS_OF.get(kind) is SqlFacts else None
    return Resource(name="svc", kind=kind, mapping="", engine=kind, versions={}, image=f"{kind}:latest",
                    port=k.default_port, facts=facts)


def decided(target, mapping: Mapping, kind: str) -> Resource:
    return mapping.decide(sample(kind), Recorder(target.name, "svc", {}))


def consumer_placeholders(target: str, res: Resource, kind: str) -> set[str]:
    """Every output a consumer variable of any role can ask of this resource on this target."""
    k = next(k for k in KINDS if k.name == kind)
    scheme = (k.url_schemes or (kind,))[0]
    asked: set[str] = set()
    for role in ROLES:
        raw = f"{scheme}://app:***@svc:{k.default_port or 1}/app" if role == "url" else RAW[role]
        use = Use(service="app", env=f"X_{role.upper()}", target=res.name, role=role, value=raw, matched_by="test")
        ov = override_for(use, res, raw, target)
        if ov is not None and ov.action == "set" and ov.template:
            asked |= {f for _lit, f, _spec, _conv in string.Formatter().parse(ov.template) if f}
    return asked


def problems(target) -> list[str]:
    """What is missing in one target's registry (empty: complete)."""
    out = []
    mapped = {kind for m in target.mappings for kind in m.kinds}
    for kind in (k.name for k in KINDS):
        if kind in mapped and kind in target.not_mapped:
            out.append(f"{target.name}: {kind} is both mapped and listed as not mapped")
        elif kind not in mapped and not str(target.not_mapped.get(kind, "")).strip():
            out.append(f"{target.name}: {kind} has no mapping and no 'not mapped, because …' entry")
    for m in target.mappings:
        for kind in m.kinds:
            res = decided(target, m, kind)
            if res.mapping != m.name:
                out.append(f"{target.name}: {m.name} did not map a plain {kind} (mapping {res.mapping!r})")
                continue
            provided = set(m.outputs(res)) & set(m.outputs(res, job=True))
            asked = consumer_placeholders(target.name, res, kind)
            # an output a mapping withholds on purpose, with its reason (aws Secrets Manager has no Vault address: the
            # plan removes VAULT_ADDR), is not required unless a consumer can still ask for it
            withheld = {o for o, why in (getattr(m, "withheld", None) or {}).items() if str(why).strip()} - asked
            for name in sorted((set(OUTPUTS.get(kind, ())) - withheld | asked) - provided):
                out.append(f"{target.name}: {m.name} ({kind}) lacks output {name!r} its consumers can ask for")
    return out


@pytest.mark.parametrize("name", BUILT)
def test_every_kind_has_a_mapping_or_a_reason_and_every_output(name):
    assert problems(get_target(name)) == []


@pytest.mark.parametrize("name", BUILT)
def test_choose_finds_the_registered_mapping_for_each_kind(name):
    target = get_target(name)
    for kind in (k.name for k in KINDS):
        choice = target.choose(sample(kind), {})
        if kind in target.not_mapped:
            assert isinstance(choice, NotMapped) and choice.because, kind
        else:
            assert choice in target.mappings and kind in choice.kinds, kind


@pytest.mark.parametrize("name", BUILT)
def test_the_registry_test_sees_a_missing_mapping_and_a_missing_output(name):
    """The checks above could fail: drop a mapping, then one output of another, and each is named."""
    target = get_target(name)
    first, *rest = target.mappings

    class Without:
        pass

    gone = Without()
    gone.name, gone.mappings, gone.not_mapped = target.name, tuple(rest), target.not_mapped
    assert any(f"{k} has no mapping" in p for p in problems(gone) for k in first.kinds)

    class Lacking:
        def __init__(self, inner):
            self.inner = inner
            self.name, self.kinds, self.title = inner.name, inner.kinds, inner.title

        def decide(self, resource, rec):
            return self.inner.decide(resource, rec)

        def outputs(self, resource, job=False):
            have = dict(self.inner.outputs(resource, job))
            have.pop(sorted(have)[0])
            return have

    lacking = Without()
    lacking.name, lacking.mappings, lacking.not_mapped = target.name, (Lacking(first),) + tuple(rest), target.not_mapped
    assert any("lacks output" in p for p in problems(lacking))

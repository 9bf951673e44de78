"""The app side of the k8s target (review k8s #3, #11): every app pod that uses a resource with a ca_file mounts the
release CA ConfigMap (never a Secret) read-only at tls.CA_DIR — Deployments, StatefulSets and Jobs — and a Job
connects to `<cluster>-rw` while the other apps go through the pooler."""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

import yaml

from generator.classify import classify
from generator.plan.build import build
from generator.render import render
from generator.targets.k8s import TARGET, app_chart, tls
from tests.classify.build import server2


class _Target:
    """The k8s target with the server side's CA contract applied (what targets/k8s/tls.py asks of it) and options."""

    def __init__(self, ca=True, pooler=False):
        self.ca, self.pooler = ca, pooler

    def __getattr__(self, name):
        return getattr(TARGET, name)

    def choose(self, resource, options):
        choice = TARGET.choose(resource, options)
        return _Adjusted(self, choice) if hasattr(choice, "decide") else choice

    def decide(self, resource, options):
        from generator.mapping import decide

        return decide(self, resource, options)

    def adjust(self, res):
        if self.ca and res.settings.get("tls"):
            res = dataclasses.replace(res, settings=MappingProxyType({**res.settings, "ca_file": tls.CA_FILE}))
        elif not self.ca:  # a resource whose clients are not given the CA
            res = dataclasses.replace(res, settings=MappingProxyType({k: v for k, v in res.settings.items()
                                                                      if k != "ca_file"}))
        return res


class _Adjusted:
    """The chosen mapping, deciding with the test's options and handing the result to the target's `adjust`."""

    def __init__(self, target, mapping):
        self.target, self.mapping = target, mapping

    def __getattr__(self, name):
        return getattr(self.mapping, name)

    def decide(self, resource, rec):
        if self.target.pooler and resource.kind in ("postgres", "timescaledb"):
            rec.options["pooler"] = True
        return self.target.adjust(self.mapping.decide(resource, rec))


def _values(**kw):
    p = server2()
    plan = build(p, classify(p), "k8s", get_target=lambda name: _Target(**kw))
    tree = render(plan)
    return plan, tree, yaml.safe_load(tree["charts/server2/values.yaml"])


def _entries(values):
    return {**values["apps"], **values["jobs"]}


def test_every_app_using_a_ca_resource_mounts_the_public_ca_read_only():
    _, tree, values = _values()
    entries = _entries(values)
    assert set(entries) == {"server2", "worker", "migrate"}
    for name, entry in entries.items():
        (vol,) = [v for v in entry["volumes"] if v["name"] == tls.CA_VOLUME]
        assert vol == {"name": tls.CA_VOLUME, "configMap": {"name": tls.ca_configmap("server2")}}, name
        (mount,) = [m for m in entry["volumeMounts"] if m["name"] == tls.CA_VOLUME]
        assert mount == {"name": tls.CA_VOLUME, "mountPath": tls.CA_DIR, "readOnly": True}, name
        assert not any("secret" in v and "ca" in v["name"] for v in entry["volumes"]), name
    # the ConfigMap is the server side's: the chart makes no empty one; the README fills it from the CA's ca.crt only
    assert tls.ca_configmap("server2") not in values["configMaps"]
    assert "get secret server2-ca -o jsonpath='{.data.ca\\.crt}'" in tree["README.md"]
    assert f"create configmap {tls.ca_configmap('server2')} --from-file=ca.crt=" in tree["README.md"]


def test_the_env_names_the_mounted_file():
    _, _, values = _values()
    worker = values["apps"]["worker"]
    composed = {e["name"]: e["value"] for e in worker["composedEnv"]}
    assert composed["DATABASE_URL"].endswith(f"?sslmode=verify-full&sslrootcert={tls.CA_FILE}")
    # the worker runs its own binary (no Python evidence): go-redis would refuse redis-py's query options
    assert composed["REDIS_URL"].endswith("@redis-master:6379/0"), composed["REDIS_URL"]
    assert worker["env"]["VAULT_CACERT"] == tls.CA_FILE


def test_no_ca_file_no_mount():
    p = server2()  # the chart alone: the README's TLS steps assume the CA contract this test takes away
    plan = build(p, classify(p), "k8s", get_target=lambda name: _Target(ca=False))
    values = yaml.safe_load(app_chart.render(plan)["charts/server2/values.yaml"])
    for name, entry in _entries(values).items():
        assert not any(v["name"] == tls.CA_VOLUME for v in entry["volumes"]), name
        assert "VAULT_CACERT" not in entry["env"]


def test_jobs_bypass_the_pooler():
    plan, tree, values = _values(pooler=True)
    url = {e["name"]: e["value"] for e in values["jobs"]["migrate"]["composedEnv"]}["DATABASE_URL"]
    assert "@timescaledb-rw:5432/" in url
    for app in ("server2", "worker"):
        url = {e["name"]: e["value"] for e in values["apps"][app]["composedEnv"]}["DATABASE_URL"]
        assert "@timescaledb-pooler-rw:5432/" in url
    assert "timescaledb-rw:5432" in tree["env/migrate.env"] and "pooler" not in tree["env/migrate.env"]
    assert [w["host"] for w in values["jobs"]["migrate"]["waitFor"] if w["name"] == "timescaledb"] == ["timescaledb-rw"]


def test_python_worker_gets_redis_py_tls_options_in_k8s_too():
    """The shared rule (plan/urls.redis_tls_query) in the k8s chart: a Celery worker's URL carries ssl_cert_reqs and
    the release CA; the unknown-runtime server2 does not, and the plan warns how to give it the CA."""
    p = server2()
    worker = dataclasses.replace(p.services["worker"], command=("celery", "-A", "server2", "worker"))
    p = dataclasses.replace(p, services=MappingProxyType({**p.services, "worker": worker}))
    plan = build(p, classify(p), "k8s", get_target=lambda name: _Target())
    values = yaml.safe_load(render(plan)["charts/server2/values.yaml"])
    composed = {n: {e["name"]: e["value"] for e in values["apps"][n]["composedEnv"]} for n in ("worker", "server2")}
    assert composed["worker"]["REDIS_URL"].endswith(f"/0?ssl_cert_reqs=required&ssl_ca_certs={tls.CA_FILE}")
    assert "?" not in composed["server2"]["REDIS_URL"]
    assert any("cannot tell this app's Redis client" in w for w in plan.warnings)

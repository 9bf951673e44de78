"""The release CA on --target k8s (targets/k8s/tls.py, certs.py): cert-manager issues one CA and every server
certificate; the servers present them; the plan tells the apps which CA file to trust; the README installs it in an
order that works, with steps numbered without gaps."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.render import render
from generator.targets.k8s import tls
from tests.targets.k8s.server2_plan import server2_plan
from tests.targets.k8s.validation import crds

GOLDEN = Path(__file__).resolve().parents[2] / "golden" / "cases"


def _docs(text: str) -> list[dict]:
    return [d for d in yaml.safe_load_all(text) if d]


def _tree(**kw):
    return render(server2_plan(**kw))


def _certs(tree: dict[str, str]) -> list[dict]:
    return [yaml.safe_load(text) for path, text in sorted(tree.items()) if path.startswith("manifests/tls/certificate-")]


def test_every_server_trusts_the_release_ca_in_the_plan():
    plan = server2_plan()
    for r in plan.resources:
        assert r.settings["ca_file"] == tls.CA_FILE == "/etc/c2p/ca/ca.crt", r.name
        assert any(d.key == "ca_file" and d.reason for d in r.decisions), r.name
    pg = plan.resource("timescaledb")
    assert pg.settings["sslmode"] == "verify-full"
    assert next(d for d in pg.decisions if d.key == "sslmode").value == "verify-full"


def test_redis_without_tls_has_no_ca_file():
    plan = server2_plan(options={"redis": {"tls": False}})
    assert "ca_file" not in plan.resource("redis").settings
    certs = _certs(render(plan))
    assert certs  # the others still have theirs
    assert "redis-tls" not in {c["spec"]["secretName"] for c in certs}


def test_ca_chain_self_signed_issuer_ca_certificate_ca_issuer():
    tree = _tree()
    selfsigned, ca_cert, ca_issuer = (yaml.safe_load(tree[f"manifests/tls/{f}"])
                                      for f in ("selfsigned-issuer.yaml", "ca-certificate.yaml", "ca-issuer.yaml"))
    assert (selfsigned["kind"], selfsigned["spec"]) == ("Issuer", {"selfSigned": {}})
    assert ca_cert["kind"] == "Certificate" and ca_cert["spec"]["isCA"] is True
    assert ca_cert["spec"]["issuerRef"]["name"] == selfsigned["metadata"]["name"] == "server2-ca-selfsigned"
    assert ca_cert["spec"]["secretName"] == tls.ca_configmap("server2") == "server2-ca"
    assert ca_issuer["kind"] == "Issuer" and ca_issuer["spec"] == {"ca": {"secretName": "server2-ca"}}


def test_each_server_gets_a_certificate_from_the_ca_issuer_with_the_names_clients_use():
    certs = {c["spec"]["secretName"]: c["spec"] for c in _certs(_tree())}
    assert set(certs) == {"timescaledb-server-tls", "redis-tls", "vault-tls"}
    for spec in certs.values():
        assert spec["issuerRef"] == {"name": "server2-ca", "kind": "Issuer", "group": "cert-manager.io"}
        assert "server auth" in spec["usages"]
    pg = certs["timescaledb-server-tls"]
    assert {"timescaledb-rw", "timescaledb-rw.server2.svc", "timescaledb-ro", "timescaledb-r"} <= set(pg["dnsNames"])
    assert pg["secretTemplate"]["labels"] == {"cnpg.io/reload": ""}
    redis = certs["redis-tls"]
    assert {"redis-master", "redis-master.server2.svc", "redis-sentinel",
            "*.redis-headless.server2.svc.cluster.local"} <= set(redis["dnsNames"])
    assert "client auth" in redis["usages"]  # replicas and Sentinels present it when they connect over TLS
    vault = certs["vault-tls"]
    assert {"vault", "vault-active", "*.vault-internal", "vault.server2.svc"} <= set(vault["dnsNames"])
    assert vault["ipAddresses"] == ["127.0.0.1"]  # the chart's VAULT_ADDR inside the pod (kubectl exec … vault)


def test_pooler_names_are_in_the_cnpg_certificate_when_the_pooler_is_on():
    tree = _tree(options={"timescaledb": {"pooler": True}})
    pg = next(c["spec"] for c in _certs(tree)
              if c["spec"]["secretName"] == "timescaledb-server-tls")
    assert "timescaledb-pooler-rw" in pg["dnsNames"]


def test_the_cnpg_cluster_presents_the_release_ca_certificate():
    cluster = yaml.safe_load(_tree()["manifests/timescaledb/cluster.yaml"])
    assert cluster["spec"]["certificates"] == {"serverTLSSecret": "timescaledb-server-tls",
                                               "serverCASecret": "timescaledb-server-tls"}


def test_no_secret_with_a_key_is_handed_to_the_vault_agent():
    readme = _tree(options={"vault": {"vault_secrets": "injector"}})["README.md"]  # the injector is the alternative to VSO
    secret = re.search(r"vault\.hashicorp\.com/tls-secret: ([\w-]+)", readme).group(1)
    assert secret == tls.ca_public_secret("server2")
    assert "vault.hashicorp.com/ca-cert: /vault/tls/ca.crt" in readme
    # that Secret is made from ca.crt alone
    assert re.search(rf"create secret generic {secret} --from-file=ca\.crt=\S+ \\\n", readme)
    certs = {c["spec"]["secretName"] for c in _certs(_tree())}
    assert secret not in certs and secret != "server2-ca"


def test_the_ca_is_published_from_its_public_certificate_only():
    readme = _tree()["README.md"]
    assert "get secret server2-ca -o jsonpath='{.data.ca\\.crt}' | base64 -d > server2-ca.crt" in readme
    assert "tls.key" not in re.search(r"\*\*Release CA.*?```sh\n(.*?)```", readme, re.S).group(1)
    assert "create configmap server2-ca --from-file=ca.crt=server2-ca.crt" in readme


def _install(readme: str) -> str:
    return readme.split("## Install, in order", 1)[1].split("\n## ", 1)[0]


def _numbers(readme: str) -> list[str]:
    return re.findall(r"^(\w+)\. \*\*", _install(readme), re.M)


@pytest.mark.parametrize("case", sorted(p.name for p in GOLDEN.iterdir() if (p / "compose.yaml").exists()
                                        or (p / "docker-compose.yml").exists()))
def test_install_steps_are_numbered_without_gaps(case, tmp_path):
    from generator.cli import main as cli

    src = GOLDEN / case
    compose = next(p for p in (src / "compose.yaml", src / "docker-compose.yml") if p.exists())
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["generate", "-f", str(compose), "--target", "k8s", "-o", str(tmp_path)])
    if result.exit_code != 0:
        pytest.skip(f"{case} is refused on k8s: {result.output[-200:]}")
    readme = (tmp_path / "k8s" / "README.md").read_text()
    numbers = _numbers(readme)
    assert numbers == [str(i) for i in range(1, len(numbers) + 1)], numbers
    migration = (tmp_path / "k8s" / "MIGRATION.md").read_text()
    for ref in re.findall(r"\bstep (\d+\w*)", readme) + re.findall(r"README step (\w+)", migration):
        assert ref in numbers, f"README/MIGRATION.md cite step {ref}; the README's steps are {numbers}"
    install = _install(readme)
    if "manifests/tls/" in install:  # cert-manager first, then the CA, then the servers
        order = [install.index("jetstack/cert-manager --version"), install.index("apply -f manifests/tls/selfsigned-issuer.yaml")]
        order += [install.index(f"{s} --version") for s in ("cnpg/cloudnative-pg", "ot-helm/redis-operator", "hashicorp/vault")
                  if f"{s} --version" in install]
        assert order == sorted(order), order


def test_the_old_readme_numbering_is_caught():
    """Before the fix, a compose file without PostgreSQL started its install steps at 4 and cited `step 6b`."""
    old = "## Install, in order\n\n4. **Redis**: …\n\n5. **Vault**: …\n\n6b. **Compose secrets**\n\n7. **The app chart**\n"
    numbers = _numbers(old)
    assert numbers != [str(i) for i in range(1, len(numbers) + 1)]


def test_pinned_versions_name_only_what_is_installed():
    plan = server2_plan()
    from dataclasses import replace

    redis_only = replace(plan, resources=tuple(r for r in plan.resources if r.name == "redis"), apps=())
    readme = render(redis_only)["README.md"]
    pinned = re.search(r"^Pinned versions: (.*)$", readme, re.M).group(1)
    assert "CloudNativePG" not in pinned and "vault" not in pinned and "redis-operator v0.26.0" in pinned
    assert "cert-manager v1.18.2" in pinned  # it issues the Redis certificate


@pytest.mark.tools
def test_kubeconform_checks_the_certificates_against_the_packaged_cert_manager_schemas(tmp_path):
    from generator.validate import check_kubernetes
    from tests.conftest import require_tool

    require_tool("kubeconform")
    tree = _tree()
    files = []
    for path, text in tree.items():
        if path.startswith("manifests/tls/"):
            (tmp_path / Path(path).name).write_text(text)
            files.append(tmp_path / Path(path).name)
    ok = check_kubernetes(files, schema_locations=crds())
    assert ok.status == "passed" and "cert-manager.io" in ok.summary, ok
    bad = tmp_path / "bad.yaml"
    bad.write_text(tree["manifests/tls/certificate-redis-tls.yaml"].replace("  dnsNames:", "  dnsName:", 1))
    result = check_kubernetes([bad], schema_locations=crds())
    assert result.status == "failed" and "dnsName" in str(result), result


def test_a_cluster_named_like_the_release_ca_is_refused():
    """CloudNativePG's own client CA Secret of a cluster `server2` is `server2-ca`: the release CA's name."""
    from dataclasses import replace

    from generator.errors import C2PError
    from generator.targets.k8s.names import check_names

    plan = server2_plan()
    pg = plan.resource("timescaledb")
    clash = replace(plan, resources=tuple(replace(r, settings={**r.settings, "cluster": "server2"}) if r is pg else r
                                          for r in plan.resources))
    with pytest.raises(C2PError, match="server2-ca"):
        check_names(clash, "server2")

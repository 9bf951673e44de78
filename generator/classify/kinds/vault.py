"""HashiCorp Vault: version, dev mode (in-memory, root token) or a real server with storage."""

from __future__ import annotations

from types import MappingProxyType

from generator.classify.kinds.base import Context, Facts, Kind, env_value, first_version
from generator.classify.signals import Signals
from generator.classify.volumes import kind_data_mount, mount_label
from generator.model import Service

DATA_PATHS = ("/vault/file", "/vault/data", "/vault/raft", "/bitnami/vault")


def dev_mode(service: Service, signals: Signals) -> bool:
    """`server -dev`, a dev root token, or the official image's default command (which is `server -dev`)."""
    words = signals.argv
    if any(w == "-dev" or w.startswith("-dev=") or w == "--dev" for w in words):
        return True
    if env_value(signals, "VAULT_DEV_ROOT_TOKEN_ID") is not None:
        return True
    ref = signals.image
    official = ref is not None and ref.name == "vault" and ref.namespace in ("", "hashicorp")
    return official and not words and service.build is None


def vault_facts(service: Service, signals: Signals, ctx: Context) -> Facts:
    ref = signals.built_from or signals.image
    versions = {}
    version = first_version(ref.tag if ref else None, parts=3)
    warnings = []
    if version:
        versions["vault"] = version
    dev = dev_mode(service, signals)
    data = kind_data_mount(signals.mounts, DATA_PATHS)
    config = env_value(signals, "VAULT_LOCAL_CONFIG") or ""
    storage = "inmem" if dev else ("raft" if "raft" in config else "file" if "file" in config else "unknown")
    facts = {
        "dev_mode": dev,
        "dev_root_token": env_value(signals, "VAULT_DEV_ROOT_TOKEN_ID") is not None,
        "storage": storage,
        "data_volume": mount_label(data, ctx.working_dir) if data else None,
        "port": 8200,
    }
    if dev:
        warnings.append(f"{service.name}: Vault runs in dev mode: in-memory storage and a root token — nothing to "
                        "migrate, and the token must not reach production")
        if data is not None:
            warnings.append(f"{service.name}: the volume {facts['data_volume']} is unused in dev mode (storage is in memory)")
    return Facts(versions=MappingProxyType(versions), facts=MappingProxyType(facts), warnings=tuple(warnings))


KIND = Kind(
    name="vault",
    label="HashiCorp Vault",
    images=r"vault|vault-enterprise|openbao",
    namespaces=r"|hashicorp|bitnami|openbao|library",
    commands=r"(^|\s|/)(vault|bao)\s+server(\s|$)|^server(\s+-dev|\s+-config)",
    clients=r"(^|\s|/)vault\s+(kv|login|write|read|operator|secrets|auth|policy)\b",
    sidecars=r"^(\S*/)?(vault\s+)?(agent|proxy)(\s|$)",
    healthchecks=r"vault\s+status|/v1/sys/health",
    env=r"VAULT_DEV_ROOT_TOKEN_ID|VAULT_DEV_LISTEN_ADDRESS|VAULT_LOCAL_CONFIG|SKIP_SETCAP",
    env_weight=0.6,
    ports=(8200,),
    data_paths=DATA_PATHS,
    default_port=8200,
    core=True,
    url_schemes=("http", "https"),
    targets=MappingProxyType({
        "gcp": "Vault on GKE via Helm (planned)",
        "azure": "HCP Vault Dedicated on Azure (planned)",
    }),
    facts=vault_facts,
)

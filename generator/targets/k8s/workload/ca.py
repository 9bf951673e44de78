"""The release CA in the app pods: every app (Deployment, StatefulSet, Job) that consumes a resource whose clients
must trust the release CA (`settings["ca_file"]`, contract in targets/k8s/tls.py) mounts ConfigMap
`tls.ca_configmap(project)` read-only at tls.CA_DIR — the public certificate only, never a Secret holding a key.
Its env (plan/envmap.py, plan/splitenv.py) names the file: sslrootcert, VAULT_CACERT, the Redis client's CA option,
NODE_EXTRA_CA_CERTS.
"""

from __future__ import annotations

from generator.plan.model import Volume
from generator.targets.k8s import tls


def carry(d, plan) -> None:
    """Add the CA mount to the app's Draft when one of the resources its env points at has a ca_file."""
    names = {v.override.resource for v in d.app.env if v.override is not None and v.override.resource}
    users = sorted(r.name for r in plan.resources if r.name in names and r.settings.get("ca_file"))
    if not users or any(v.target.rstrip("/") == tls.CA_DIR for v in d.volumes):
        return
    taken = {v.name for v in d.volumes}
    if tls.CA_VOLUME in taken:
        return
    d.volumes.append(Volume(
        name=tls.CA_VOLUME, kind="config-map", target=tls.CA_DIR, object=tls.ca_configmap(plan.project),
        read_only=True, user_creates=True, origin="release-ca", key=tls.CA_KEY,
        reason=f"the public certificate of the release CA, which signs the certificates of {', '.join(users)}: the "
               "app's clients verify them with it"))
    bundle = next((v for v in d.app.env if v.override is not None and v.override.action == "set"
                   and v.override.template == tls.TRUST_FILE), None)
    if bundle is not None and tls.TRUST_VOLUME not in taken:
        d.volumes.append(Volume(
            name=tls.TRUST_VOLUME, kind="empty-dir", target=tls.TRUST_DIR, size="16Mi", origin="trust-bundle",
            reason=f"{bundle.name} names {tls.TRUST_FILE}: an init container running the app's image writes the "
                   "image's system CA bundle and the release CA there (the app's TLS client trusts only the system store); "
                   "it fails, naming the paths it tried, if the image has no system bundle"))


"""What a stateful service's compose definition held that its operator or chart does not take over as-is.

Its data volume becomes the operator's storage and its main port the operator's Service; everything else
(environment, command, other mounts and ports, secrets, pod settings) is listed with the reason, so the
README accounts for every item of the compose file.
"""

from __future__ import annotations

from generator.classify.volumes import mount_label
from generator.model import ComposeProject
from generator.plan.model import NotCarried, Resource, SqlFacts
from generator.targets.k8s.mapping import mapping_of

_BASIC = {"image", "environment", "command", "entrypoint", "volumes", "ports", "expose", "healthcheck", "restart",
          "networks", "depends_on", "profiles", "secrets", "configs", "build"}


def resource_items(res: Resource, project: ComposeProject) -> list[NotCarried]:
    svc = project.services.get(res.name)
    if svc is None:
        return []
    mapping = mapping_of(res)  # who runs it and what becomes of compose's environment: its mapping says
    runner = mapping.runner if mapping else res.mapping
    out: list[NotCarried] = []

    def add(item: str, reason: str, todo: bool = False) -> None:
        out.append(NotCarried(service=res.name, item=item, reason=reason, todo=todo))

    if svc.environment:
        add("environment " + ", ".join(sorted(svc.environment)), mapping.env_note if mapping else "not copied")
    if svc.command or svc.entrypoint:
        add("command" if svc.command else "entrypoint",
            f"{runner} starts the server itself; what c2p understood of it (persistence, dev mode, flags) is in the "
            "settings above, the rest is not copied")
    for m in svc.volumes:
        label = mount_label(m, project.working_dir) if m.type == "bind" else (m.source or "(anonymous)")
        if label == res.data_volume:
            continue
        if any(label == s or label.startswith(s.rstrip("/") + "/") for s in (res.facts.init_scripts if isinstance(res.facts, SqlFacts) else ())):
            init = res.settings.get("init_sql") or {}
            carried = bool(init.get("files") or init.get("secret_keys"))
            todo = bool(init.get("todo")) or not carried
            reason = ("its .sql files run once at bootstrap through postInitApplicationSQLRefs; see the init-scripts "
                      "step of this service's section" + (" for what could not be carried" if todo else "")) if carried \
                else "not carried over: see the init-scripts step of this service's section"
            add(f"volume {label}:{m.target}", reason, todo=todo)
            continue
        add(f"volume {label}:{m.target}", f"{runner}'s pods mount only their own storage: not carried over")
    for p in svc.ports:
        if p.target == res.port:
            add(f"port {p.published or ''}:{p.target}".replace(" :", " "),
                "published to the host in compose: in the cluster it is reachable only through its Service "
                "(kubectl port-forward to reach it from a laptop)")
        else:
            add(f"port {p.target}", f"{runner} exposes port {res.port} only")
    for spec in svc.expose:
        if str(spec).split("/")[0] != str(res.port):
            add(f"expose {spec}", f"{runner} exposes port {res.port} only")
    for ref in svc.secrets:
        add(f"secret {ref.source}", f"{runner} generates and manages its credentials: the compose secret is not mounted")
    for ref in svc.configs:
        add(f"config {ref.source}", f"{runner} configures the server from its own settings: not mounted")
    rest = sorted(k for k, v in svc.raw.items()
                  if k not in _BASIC and not k.startswith("x-") and v not in (None, False, "", (), {}))
    if rest:
        add("settings " + ", ".join(rest), f"{runner} runs the server with its own pod settings")
    return out

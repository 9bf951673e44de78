"""Object names on --target k8s: every name c2p makes from a compose name is checked before rendering.

- Two compose services must not meet in one Kubernetes name (`my_app`/`my-app`, `db.main`/`db_main`, two names
  sharing their first 40 characters, `___`/`...` → `svc`): refused, naming both.
- A user service must not take a name an operator or chart makes for a stateful service (`db-rw`, `redis-master`,
  `vault-active`): REDIS_URL/DATABASE_URL would point at the user's Service. The reserved names come from each
  mapping's `object_names` (mappings/<name>/), beside the code that makes them.
- Env var names follow Kubernetes' classic rule (generator/names.py); another name is refused.
"""

from __future__ import annotations

from generator.errors import C2PError
from generator.names import check_app_env_names, service_location as _where, shown
from generator.plan.model import Plan, Resource


def resource_names(resource: Resource) -> tuple[str, ...]:
    """The object names one planned stateful service brings into the namespace (its mapping's `object_names`)."""
    from generator.targets.k8s.mapping import mapping_of

    mapping = mapping_of(resource)
    return mapping.object_names(resource) if mapping is not None else ()


def app_names(name: str) -> tuple[str, ...]:
    """The object names one app service brings (workload and Service, its env Secret)."""
    from generator.targets.k8s.common import k8s_name

    base = k8s_name(name)
    return (base, f"{base}-env")


def check_names(plan: Plan, project) -> None:
    owner: dict[str, tuple[str, str]] = {}  # object name → (compose service, what made it)

    def claim(obj: str, service: str, what: str) -> None:
        prior = owner.get(obj)
        if prior is None:
            owner[obj] = (service, what)
            return
        if prior[0] == service:
            return
        a, b = sorted([prior, (service, what)])
        why = "; ".join(w for _, w in (a, b) if w)
        raise C2PError(f"services {shown(a[0])} and {shown(b[0])} both become the Kubernetes name {obj!r}"
                       + (f" ({why})" if why else ""), _where(project, b[0]), "rename one of them")

    from generator.targets.k8s import certs, tls

    if certs.uses_ca(plan):
        for obj in tls.names(plan.project):
            claim(obj, "(the release CA)", f"the release CA of project {plan.project} makes {obj}")
    for res in plan.resources:
        for obj in resource_names(res):
            claim(obj, res.name, f"{res.name} is a {res.mapping} service and makes {obj}")
    from generator.targets.k8s import shared_env

    if shared_env.keys(plan):
        obj = shared_env.secret_name(plan.project)
        claim(obj, "(the shared app secrets)", f"the secrets several services of project {plan.project} share are in {obj}")
    for app in plan.apps:
        for obj in app_names(app.name):
            claim(obj, app.name, f"{app.name} has the Secret {obj}" if obj.endswith("-env") else "")
    check_app_env_names(plan, project)

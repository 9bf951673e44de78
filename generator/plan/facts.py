"""What a target needs to know about a compose service beyond the App/Resource fields, typed. The plan stage fills
them once (plan/gather.py from the compose model, plan/hostpaths.py from the disk, plan/peers.py across services,
plan/given.py from the compose files), so no target reads the compose model (`Service.raw` above all), the compose
files or the project's files. `App.compose` and `Resource.compose` hold them (schemas/plan.schema.json,
`composeFacts`); they restate the compose input, so `c2p plan` leaves them out of its JSON (plan/model.py `to_dict`).
Never a secret's value: variable names, label keys and "looks like a secret" verdicts only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping

from generator.model import EMPTY, FileRef, Mount, Port

if TYPE_CHECKING:
    from generator.plan.model import FileContent


@dataclass(frozen=True)
class TopLevel:
    """A top-level volume, network, secret or config a service uses."""

    name: str  # the compose key
    external: bool = False
    real_name: str | None = None  # `name:` when set (the Docker object's name)
    internal: bool = False  # networks: no way out
    tmpfs: bool = False  # volumes: driver_opts type tmpfs
    tmpfs_size: str | None = None  # volumes: the size= of driver_opts o ("64m"), as written
    file: str | None = None  # secrets and configs: the host path (absolute)
    environment: str | None = None  # secrets and configs: the variable it comes from
    content: str | None = None  # configs only: inline content (a secret's is never kept)
    content_secret: str | None = None  # configs: why the inline content looks like a secret (then it is not kept)
    users: tuple[str, ...] = ()  # volumes: the enabled services mounting it, sorted


@dataclass(frozen=True)
class HostRead:
    """What plan/hostfiles.py found reading a host file or folder to copy."""

    status: str  # "files" (copy into a ConfigMap) | "secret" (the user creates a Secret from it) | "refused"
    reason: str
    is_dir: bool = False
    files: tuple[FileContent, ...] = ()  # "files" only: a secret's content is never read into the plan
    flat: bool = True  # every file at the top of the directory (kubectl create --from-file=DIR/ can take it)


@dataclass(frozen=True)
class HostPath:
    """A host path compose bind-mounts (or a secret's or config's file), as the plan stage found it on disk."""

    path: str  # absolute, as compose resolved it
    label: str  # ./rel for a project path, the absolute path outside the project (never ../.. chains)
    outside: bool  # outside the project directory (links resolved)
    exists: bool  # os.path.lexists
    is_dir: bool
    is_file: bool
    build_context: bool = False  # the service's own build context (a live-reload mount)
    users: tuple[str, ...] = ()  # bind mounts: the enabled services bind-mounting the same real path (links resolved)
    read: HostRead | None = None  # its content, when a target may copy it (never for a secret's file)


@dataclass(frozen=True)
class ComposeMount:
    """One compose mount, with what the plan stage found about it."""

    mount: Mount
    label: str  # the volume name, the bind path relative to the project (./db/data), or "(anonymous)"
    data: bool  # classify.volumes.is_data_mount: a named volume or a data-looking writable bind (looked at on disk)


@dataclass(frozen=True)
class InitScript:
    """One entry compose mounts into /docker-entrypoint-initdb.d, in the image's run order."""

    name: str  # as the image sees it; "" when the mounted path is missing at generate time
    path: str  # host path (its HostPath is in ComposeFacts.host_paths when it was read)
    label: str


@dataclass(frozen=True)
class Attachment:
    """How it joins one compose network (only networks with settings)."""

    network: str
    aliases: tuple[str, ...] = ()
    static: bool = False  # a fixed ipv4_address / ipv6_address


@dataclass(frozen=True)
class Hook:
    """One compose post_start / pre_stop hook."""

    command: tuple[str, ...] | None
    keys: tuple[str, ...]  # the hook's keys (command, user, privileged, working_dir, environment)


@dataclass(frozen=True)
class ComposeFacts:
    keys: tuple[str, ...] = ()  # every compose key the service sets to a non-empty value, x-* excepted, sorted
    # lifecycle
    scale: int | None = None
    init: bool = False
    stop_grace_period: str | None = None  # normalized duration ("1m30s")
    stop_signal: str | None = None
    post_start: tuple[Hook, ...] = ()
    pre_stop: tuple[Hook, ...] = ()
    pull_policy: str | None = None
    platform: str | None = None
    deploy_mode: str | None = None
    deploy_placement: bool = False  # placement constraints or preferences
    deploy_swarm: tuple[str, ...] = ()  # the Swarm-only deploy keys it sets (SWARM_DEPLOY order)
    deploy_restart_policy: bool = False
    pids_limit: bool = False  # pids_limit or deploy.resources.limits.pids
    # security
    read_only: bool = False
    privileged: bool = False
    cap_add: tuple[str, ...] = ()
    cap_drop: tuple[str, ...] = ()
    security_opt: tuple[str, ...] = ()
    sysctls: tuple[tuple[str, str], ...] = ()  # (name, value), sorted
    group_add: tuple[str, ...] = ()
    ulimits: tuple[str, ...] = ()  # names, sorted
    namespaces: Mapping[str, str] = field(default_factory=lambda: EMPTY)  # pid/ipc/userns_mode/uts/cgroup as set
    shm_size: int | None = None  # bytes
    devices: tuple[str, ...] = ()  # host device paths (or the entry as written)
    gpus: bool = False
    # networking
    networks: tuple[str, ...] = ()  # its compose networks (another service's, for network_mode service:X), sorted
    hostname: str | None = None
    domainname: str | None = None
    mac_address: str | None = None
    external_links: tuple[str, ...] = ()
    dns: tuple[str, ...] = ()
    dns_search: tuple[str, ...] = ()
    dns_opt: tuple[str, ...] = ()
    extra_hosts: tuple[str, ...] = ()
    # the rest
    annotations: Mapping[str, str] = field(default_factory=lambda: EMPTY)  # secrets masked, as labels
    secret_annotations: tuple[str, ...] = ()  # annotation keys whose value held a secret literal of the file
    volumes_from: tuple[str, ...] = ()
    # the top-level objects it uses, by compose key
    volumes: Mapping[str, TopLevel] = field(default_factory=lambda: EMPTY)
    network_objects: Mapping[str, TopLevel] = field(default_factory=lambda: EMPTY)
    secrets: Mapping[str, TopLevel] = field(default_factory=lambda: EMPTY)
    configs: Mapping[str, TopLevel] = field(default_factory=lambda: EMPTY)
    # a user-supplied variable compose set to a non-empty value → the project-relative file that set it ("" when
    # not found there: extends, includes); filled for the variables that look like secrets (plan/given.py)
    given: Mapping[str, str] = field(default_factory=lambda: EMPTY)
    # host paths it bind-mounts or whose files its secrets/configs name, by path (plan/hostpaths.py)
    host_paths: Mapping[str, HostPath] = field(default_factory=lambda: EMPTY)
    init_scripts: tuple[InitScript, ...] = ()  # its /docker-entrypoint-initdb.d mounts, expanded, in run order
    image: str | None = None  # the image it runs: `image`, else the FROM of the Dockerfile it builds
    # what a stateful service's ledger lists (targets/k8s/workload/ledger.py): names and labels, never values
    env_names: tuple[str, ...] = ()  # sorted
    has_command: bool = False
    has_entrypoint: bool = False
    mounts: tuple[ComposeMount, ...] = ()  # its volumes, in compose order
    expose: tuple[str, ...] = ()
    ports: tuple[Port, ...] = ()  # as compose published them (App.ports adds the expose-only ones)
    secret_refs: tuple[FileRef, ...] = ()  # its `secrets` entries, in compose order
    config_refs: tuple[FileRef, ...] = ()
    # how it runs
    user: str | None = None
    restart: str | None = None
    restart_attempts: int | str | None = None  # deploy.restart_policy.max_attempts
    replicas_set: bool = False  # deploy.replicas given (App.replicas holds it)
    working_dir: str | None = None
    builds: bool = False  # compose builds its image
    labels: Mapping[str, str] = field(default_factory=lambda: EMPTY)  # secrets masked: "***" (plan/gather.py)
    tmpfs: tuple[str, ...] = ()  # the service-level `tmpfs` entries ("/run:size=64m")
    env_set: tuple[str, ...] = ()  # the variables compose gives a non-empty value, sorted (never the values)
    masked: tuple[str, ...] = ()  # "command" / "entrypoint" when it holds a secret literal (App's shows ***)
    secret_labels: tuple[str, ...] = ()  # label keys whose value held a secret literal of the file
    location: str | None = None  # where compose defines it ("file:line:column"), for error messages
    # how others reach it (plan/peers.py)
    container_name: str | None = None
    network_mode: str | None = None
    attachments: tuple[Attachment, ...] = ()  # by network name
    links: tuple[str, ...] = ()
    names: tuple[str, ...] = ()  # its name, container_name and network aliases, sorted
    reached_on: tuple[tuple[int, str, str], ...] = ()  # (port, service, env var or command) naming one of its names
    named_by: tuple[str, ...] = ()  # services whose environment values name it
    fronts: tuple[str, ...] = ()  # the services it depends on that publish a port, sorted

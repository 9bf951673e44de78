"""Files an app keeps, on --target aws: a service classified unknown-stateful only because it mounts a data volume
(authentik's ./media, Nextcloud's html, Mastodon's public/system) is an app like any other (its env points at the
managed services), and each of its writable data volumes gets an Amazon EFS file system (templates efs.tf.j2).

A service whose image runs a database c2p has no kind for (classify/other_databases.py: Neo4j, Cassandra, …) stays
unknown-stateful and is left out: EFS (NFS) is no home for a database's files.

One file system per compose volume, not one file system with an access point per volume: each volume keeps its own
backups, restores, lifecycle and `prevent_destroy`, and an access point would force one POSIX user on every file,
which c2p cannot know (authentik writes as uid 1000, the nextcloud image as www-data, 33). Apps that mount the same
compose volume share its file system, as they shared the volume.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from generator.classify.model import UNKNOWN_STATEFUL
from generator.imageref import parse_image
from generator.plan.facts import TopLevel
from generator.plan.model import Plan, Volume
from generator.targets.aws.common import aws_name, tf_id

# Object storage that known apps can use instead of a shared file system, by image (checked in each app's docs).
OBJECT_STORAGE = (
    (r"(^|/)mastodon$", "Mastodon can keep media in S3 instead: `S3_ENABLED=true`, `S3_BUCKET`, `S3_REGION`, "
                        "`AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` (docs.joinmastodon.org/admin/optional/object-storage)"),
    (r"(^|/)nextcloud$", "Nextcloud can keep files in S3 as its primary storage instead: the image's `OBJECTSTORE_S3_BUCKET`, "
                         "`OBJECTSTORE_S3_REGION`, … (nextcloud/docker README, S3 as primary object store); it "
                         "must be chosen before the first install"),
    (r"(^|/)outline$", "Outline can keep uploads in S3 instead: `FILE_STORAGE=s3` with `AWS_S3_UPLOAD_BUCKET_NAME`, "
                       "`AWS_REGION` (outline .env.sample)"),
    (r"(^|/)(go)?authentik/server$", "authentik can keep media in S3 instead: `AUTHENTIK_STORAGE__MEDIA__BACKEND=s3` "
                                                "with `AUTHENTIK_STORAGE__MEDIA__S3__BUCKET_NAME` (docs.goauthentik.io, "
                                                "configuration: Media storage settings)"),
)


def runs_a_database(info) -> bool:
    """The classification's evidence says the image runs a database c2p has no kind for."""
    return any(e.source == "image" and e.kind == UNKNOWN_STATEFUL for e in info.evidence)


def adopts(info) -> bool:
    """aws plans an unknown-stateful service as an app unless it is a database (plan/build.py's hook)."""
    return not runs_a_database(info)


def _slug(label: str) -> str:
    return aws_name(re.sub(r"^\./", "", label).replace("/", "-"))


def decide_files(plan: Plan, classification) -> Plan:
    """Each adopted app's writable data mounts as `efs` volumes (object: the Terraform name of the file system,
    key: the Docker volume on the compose host, None for a bind mount)."""
    adopted = [a for a in plan.apps if classification.services[a.name].kind == UNKNOWN_STATEFUL]
    kept = {cm.label for a in adopted for cm in a.compose.mounts if cm.data}
    # Every app that mounts a kept volume mounts its file system, a read-only mount too (nextcloud's nginx `web`
    # serves the `nextcloud` volume read-only): without it that service would find the path empty.
    mounts: dict[str, list[tuple[str, object]]] = {}
    for app in sorted(plan.apps, key=lambda a: a.name):
        for cm in app.compose.mounts:
            m = cm.mount
            if m.type in ("volume", "bind") and m.source and cm.label in kept:
                mounts.setdefault(cm.label, []).append((app.name, m))
    objects: dict[str, str] = {}
    for label in sorted(mounts):
        base = "efs_" + tf_id(_slug(label)).replace("-", "_")
        obj = base
        while obj in objects.values():
            obj += "_"
        objects[label] = obj
    apps = []
    for app in plan.apps:
        vols = []
        for label, users in sorted(mounts.items()):
            for name, m in users:
                if name != app.name:
                    continue
                others = tuple(sorted({n for n, _ in users if n != name}))
                vols.append(Volume(
                    name=_slug(label)[:63].strip("-") or "data", kind="efs", target=m.target, source=label,
                    object=objects[label], access_mode="ReadWriteMany", shared_with=others, read_only=m.read_only,
                    key=docker_volume_name(app.compose.volumes.get(label), label, plan.project)
                    if m.type == "volume" else None,
                    reason=f"compose kept {m.target} in {label}: Amazon EFS file system {objects[label]} (encrypted, "
                           "backed up), mounted at the same path"))
        apps.append(replace(app, volumes=app.volumes + tuple(vols)) if vols else app)
    return replace(plan, apps=tuple(apps))


@dataclass(frozen=True)
class FileSystem:
    id: str  # Terraform name (efs_media)
    aws: str  # AWS name part
    source: str  # compose volume name or ./path
    docker_volume: str | None  # the Docker volume's real name on the compose host (None: a bind mount)
    mounts: tuple[tuple[str, str, bool], ...]  # (app, container path, read-only)
    alternatives: tuple[str, ...]

    @property
    def used_by(self) -> str:
        return ", ".join(f"{app} at {path}" + (" (read-only)" if ro else "") for app, path, ro in self.mounts)

    @property
    def writers(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(app for app, _, ro in self.mounts if not ro))


def writers(efs: list[FileSystem]) -> tuple[str, ...]:
    """The services that write any of the file systems, each once (MIGRATION.md stops them before the copy)."""
    return tuple(sorted({app for f in efs for app in f.writers}))


def file_systems(plan: Plan) -> list[FileSystem]:
    """What efs.tf.j2, the README and MIGRATION.md print: one entry per file system."""
    by: dict[str, dict] = {}
    for app in sorted(plan.apps, key=lambda a: a.name):
        for v in app.volumes:
            if v.kind != "efs":
                continue
            entry = by.setdefault(v.object, {"source": v.source, "docker": v.key, "mounts": [], "alt": set()})
            entry["mounts"].append((app.name, v.target, v.read_only))
            ref = parse_image(app.image)
            image = ref.repo if ref else ""
            entry["alt"] |= {text for rx, text in OBJECT_STORAGE if re.search(rx, image)}
    out = []
    for obj, e in sorted(by.items()):
        out.append(FileSystem(obj, obj[4:].replace("_", "-")[:40].strip("-") or "files", e["source"], e["docker"],
                              tuple(e["mounts"]), tuple(sorted(e["alt"]))))
    return out


def docker_volume_name(top: TopLevel | None, key: str, project: str) -> str:
    """The Docker volume's name of the compose volume `key` (`name:` when set, the key itself for an external
    volume, else `<project>_<volume>`, as Docker Compose names it)."""
    if top is None:
        return f"{project}_{key}"
    return top.real_name or (key if top.external else f"{project}_{key}")

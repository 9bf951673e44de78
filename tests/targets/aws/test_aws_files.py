"""aws: an unknown-stateful service that is not a database (a data volume, no database image) is an app whose files
go to Amazon EFS; a database c2p has no kind for (Neo4j) stays left out; k8s is unchanged. Operators' security
groups are admitted on every data service (review aws, issue 12 leftovers)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.classify import classify
from generator.load import load_project
from generator.plan.build import build
from generator.render import render

ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "realworld"


def _plan(case: str, target: str = "aws", file: str = "docker-compose.yml"):
    p = load_project([str(ROOT / case / file)], (), (), {})
    return build(p, classify(p), target)


def _compose(tmp_path, text: str):
    f = tmp_path / "compose.yaml"
    f.write_text(text)
    p = load_project([str(f)], (), (), {})
    return p, classify(p)


def test_authentik_apps_are_generated_with_their_media_on_efs():
    plan = _plan("authentik")
    names = {a.name for a in plan.apps}
    assert {"server", "worker"} <= names and not any(s.name in ("server", "worker") for s in plan.skipped)
    server = next(a for a in plan.apps if a.name == "server")
    (vol,) = [v for v in server.volumes if v.kind == "efs"]
    assert (vol.target, vol.source, vol.object, vol.shared_with) == ("/media", "./media", "efs_media", ("worker",))
    env = {v.name: v for v in server.env}
    assert env["AUTHENTIK_POSTGRESQL__HOST"].override is not None  # env overrides like every other app
    tree = render(plan)
    efs = tree["terraform/efs.tf"]
    for needle in ('resource "aws_efs_file_system" "efs_media"', "encrypted        = true",
                   "kms_key_id       = var.kms_key_arn", 'transition_to_ia = "AFTER_30_DAYS"', "prevent_destroy = true",
                   'resource "aws_efs_backup_policy" "efs_media"', 'status = "ENABLED"',
                   "from_port                    = 2049",
                   "referenced_security_group_id = var.app_security_group_id"):
        assert needle in efs, needle
    assert "ingress {" not in efs and "egress {" not in efs  # standalone rules only
    readme, migration = tree["README.md"], tree["MIGRATION.md"]
    assert "server at `/media`" in readme and "worker at `/media`" in readme and "efsVolumeConfiguration" in readme
    assert "efs.csi.aws.com" in readme and "AUTHENTIK_STORAGE__MEDIA__BACKEND=s3" in readme
    assert "sudo tar -C ./media --numeric-owner -cf - . > efs_media.tar" in migration
    assert "output -raw efs_media_dns_name" in migration and "-xpf efs_media.tar" in migration
    assert 'output "efs_media_file_system_id"' in tree["terraform/outputs.tf"]


def test_named_volume_is_copied_through_a_container(tmp_path):
    p, c = _compose(tmp_path, "name: shop\nservices:\n  web:\n    image: ghcr.io/acme/web:1\n    volumes: ['files:/srv/files']\n"
                              "volumes:\n  files: {}\n")
    tree = render(build(p, c, "aws"))
    assert "docker run --rm -v shop_files:/from:ro debian:bookworm-slim tar -C /from" in tree["MIGRATION.md"]
    assert 'resource "aws_efs_file_system" "efs_files"' in tree["terraform/efs.tf"]


def test_a_database_without_a_kind_stays_left_out(tmp_path):
    p, c = _compose(tmp_path, "services:\n  graph:\n    image: neo4j:5\n    volumes: ['graph:/data']\n"
                              "  web:\n    image: ghcr.io/acme/web:1\nvolumes:\n  graph: {}\n")
    plan = build(p, c, "aws")
    assert [s.name for s in plan.skipped] == ["graph"] and "graph" not in {a.name for a in plan.apps}
    assert "terraform/efs.tf" not in render(plan)


def test_k8s_keeps_adopting_every_unknown_stateful(tmp_path):
    p, c = _compose(tmp_path, "services:\n  graph:\n    image: neo4j:5\n    volumes: ['graph:/data']\n"
                              "volumes:\n  graph: {}\n")
    assert "graph" in {a.name for a in build(p, c, "k8s").apps}


@pytest.mark.parametrize("case,file", [("authentik", "docker-compose.yml"), ("nextcloud", "compose.yaml")])
def test_operator_security_groups_are_admitted_on_each_data_service(case, file):
    tree = render(_plan(case, file=file))
    variables = tree["terraform/variables.tf"]
    assert 'variable "operator_security_group_ids"' in variables and "default     = []" in variables
    rules = [t for path, t in tree.items() if path.startswith("terraform/")]
    text = "\n".join(rules)
    sgs = text.count('resource "aws_security_group" ')
    assert text.count("for_each = toset(var.operator_security_group_ids)") == sgs > 0
    assert "var.operator_security_group_ids" in tree["README.md"] and "operator_security_group_ids" in tree["MIGRATION.md"]


@pytest.mark.parametrize("case,file", [("authentik", "docker-compose.yml"), ("nextcloud", "compose.yaml"),
                                       ("strapi", "docker-compose.yml"), ("vault-consul", "docker-compose.yml")])
def test_one_function_decides_the_checkov_skips_for_code_and_readme(case, file):
    """docs_ops.checkov_skips returns exactly the skips the output carries: each one sits in the Terraform, every
    inline skip in the Terraform is one of them, and README.md lists the same ones (no second decision)."""
    import re

    from generator.targets.aws.docs import checkov_skip_list
    from generator.targets.aws.docs_ops import checkov_skips

    try:
        plan = _plan(case, file=file)
    except Exception:  # a fixture under another file name
        plan = _plan(case, file="compose.yaml")
    tree = render(plan)
    tf = "\n".join(t for p, t in tree.items() if p.startswith("terraform/"))
    skips = checkov_skips(plan)
    inline = {" ".join(why.split()) for why in re.findall(r"#checkov:skip=CKV2_AWS_57:(.*)", tf)}
    reasons = [" ".join(why.split()) for checks in skips.values() for why in checks.values()]
    patterns = [re.compile(re.escape(r).replace(re.escape("<name>"), "[a-z0-9_]+")) for r in reasons]
    assert all(any(p.fullmatch(i) for p in patterns) for i in inline)  # every inline skip is one of them
    assert all(any(p.fullmatch(i) for i in inline) for p in patterns)  # and each of them sits in the code
    listed = checkov_skip_list(plan)
    assert [w for w in skips] and len(listed) == sum(len(c) for c in skips.values())
    for _check, where, why in listed:
        assert why in tree["README.md"] and where in tree["README.md"]


def test_plural_key_names_are_secrets():
    """strapi's APP_KEYS (now an app on aws, its uploads on EFS) must never be written out in clear."""
    from generator.classify.secrets import is_secret_name

    assert is_secret_name("APP_KEYS") and is_secret_name("SIGNING_KEYS") and not is_secret_name("MONKEYS")


def test_mount_targets_are_one_per_availability_zone():
    """EFS allows one mount target per availability zone (CreateMountTarget: MountTargetConflict): two private subnets
    in one zone must not get two (review aws round 2, item A)."""
    efs = render(_plan("authentik"))["terraform/efs.tf"]
    assert 'data "aws_subnet" "private"' in efs and "for_each = toset(var.private_subnet_ids)" in efs
    assert "s.availability_zone => s.id..." in efs and "az => sort(ids)[0]" in efs
    mount_targets = efs.split('resource "aws_efs_mount_target"')[1:]
    assert mount_targets and all("for_each = local.efs_subnet_per_az" in m.split("}")[0] for m in mount_targets)


def test_a_read_only_mount_of_a_kept_volume_is_listed_read_only(tmp_path):
    """nextcloud's nginx mounts the `nextcloud` volume read-only: it must mount the file system too (review aws round
    2, item B); the copy stops only the writers, each once (item D: authentik listed worker twice)."""
    p, c = _compose(tmp_path, "name: shop\nservices:\n  app:\n    image: ghcr.io/acme/app:1\n"
                              "    volumes: ['files:/srv/files', './media:/media']\n"
                              "  web:\n    image: nginx:1.27\n    volumes: ['files:/srv/files:ro']\n"
                              "volumes:\n  files: {}\n")
    plan = build(p, c, "aws")
    web = next(a for a in plan.apps if a.name == "web")
    assert [(v.kind, v.target, v.read_only) for v in web.volumes] == [("efs", "/srv/files", True)]
    tree = render(plan)
    assert "web at `/srv/files` read-only (ECS `readOnly = true`" in tree["README.md"]
    assert "app at `/srv/files`;" in tree["README.md"]
    assert "`docker compose stop app`)" in tree["MIGRATION.md"]
    assert "web at /srv/files (read-only)" in tree["terraform/efs.tf"]

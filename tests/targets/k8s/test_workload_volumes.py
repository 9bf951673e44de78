"""Named volumes, tmpfs and anonymous volumes of app services on Kubernetes."""

from __future__ import annotations

import pytest

from generator.errors import C2PError
from tests.targets.k8s.workload_helpers import app, dropped, plan_for, tree_for, values, volume

APP = "ghcr.io/acme/app:1.0"


def _app(**extra):
    return {"image": APP, "x-c2p": {"kind": "app"}, **extra}


def test_a_volume_only_one_service_uses_makes_a_statefulset_with_a_claim_template(tmp_path):
    plan = plan_for(tmp_path, {"services": {"api": _app(ports=["8000:8000"], volumes=["cache:/var/lib/cache"])},
                               "volumes": {"cache": {}}})
    api = app(plan, "api")
    v = volume(api, "/var/lib/cache")
    assert (api.workload, v.kind, v.size, v.access_mode) == ("statefulset", "claim-template", "10Gi", "ReadWriteOnce")
    assert api.settings["replicas"] == 1  # one writer, as in compose: not the 2 replicas of a stateless app
    entry = values(tree_for(plan))["apps"]["api"]
    assert entry["workload"] == "StatefulSet"
    assert entry["volumeClaimTemplates"] == [{"name": "cache", "size": "10Gi", "storageClass": "",
                                              "accessModes": ["ReadWriteOnce"]}]


def test_a_volume_two_services_share_is_one_readwritemany_claim_with_a_warning(tmp_path):
    compose = {"services": {"web": _app(volumes=["uploads:/srv/uploads"]),
                            "worker": _app(volumes=["uploads:/data/uploads:ro"])},
               "volumes": {"uploads": {}}}
    plan = plan_for(tmp_path, compose)
    web, worker = volume(app(plan, "web"), "/srv/uploads"), volume(app(plan, "worker"), "/data/uploads")
    assert web.object == worker.object == "demo-uploads"
    assert (web.kind, web.access_mode, web.shared_with) == ("claim", "ReadWriteMany", ("worker",))
    assert worker.read_only
    assert sum("ReadWriteMany" in w for w in plan.warnings) == 1
    # review k8s #15: not the default class (RWO on EBS/PD, the claim would stay Pending): a class to FILL IN
    tree = tree_for(plan)
    assert values(tree)["persistentVolumeClaims"] == {
        "demo-uploads": {"size": "10Gi", "storageClass": "fill-in-rwx-storage-class", "accessModes": ["ReadWriteMany"]}}
    assert "FILL IN** a StorageClass that supports ReadWriteMany" in tree["README.md"]
    assert "persistentVolumeClaims.demo-uploads.storageClass" in tree["README.md"]
    assert "ReadWriteOnce only" in tree["README.md"]
    assert app(plan, "web").workload == "deployment"


def test_a_writable_data_folder_becomes_a_claim_and_is_copied_in(tmp_path):
    """Review k8s #9 (authentik's ./media): a writable bind folder that holds data is a claim (RWX when shared), not a
    ConfigMap copy nor a TODO, and MIGRATION.md copies its files in."""
    compose = {"services": {"server": _app(volumes=["./media:/media", "./conf:/etc/app:ro", "./uploads:/srv/uploads"]),
                            "worker": _app(volumes=["./media:/media"])}}
    plan = plan_for(tmp_path, compose, {"media/logo.png": "png", "conf/app.ini": "[app]\n"})
    server = app(plan, "server")
    media, conf, uploads = (volume(server, t) for t in ("/media", "/etc/app", "/srv/uploads"))
    assert (media.kind, media.access_mode, media.object, media.shared_with) == ("claim", "ReadWriteMany", "demo-media", ("worker",))
    assert volume(app(plan, "worker"), "/media").object == "demo-media"
    assert conf.kind == "config-map"                      # read-only configuration stays a copy
    assert (uploads.kind, uploads.access_mode) == ("claim-template", "ReadWriteOnce")  # missing: Docker creates it
    assert not any("./media" in nc.item or "./uploads" in nc.item for nc in plan.not_carried)
    migration = tree_for(plan)["MIGRATION.md"]
    assert '-v "$PWD"/media:/from:ro' in migration and "PVC demo-media" in migration
    assert '-v "$PWD"/uploads:/from:ro' in migration


def test_sizes_storage_classes_and_a_deployment_come_from_x_c2p(tmp_path):
    compose = {
        "x-c2p": {"k8s": {"volumes": {"data": {"storage_class": "fast"}}}},
        "services": {"api": _app(volumes=["data:/data"], **{"x-c2p": {"kind": "app", "k8s": {
            "workload": "deployment", "volumes": {"data": {"size": "20Gi"}}}}})},
        "volumes": {"data": {}},
    }
    plan = plan_for(tmp_path, compose)
    api = app(plan, "api")
    v = volume(api, "/data")
    assert (api.workload, v.kind, v.size, v.storage_class) == ("deployment", "claim", "20Gi", "fast")
    assert api.settings["strategy"] == "Recreate" and api.settings["replicas"] == 1
    size = next(d for d in api.decisions if d.key == "volumes.data.size")
    assert size.source == "override"
    assert values(tree_for(plan))["persistentVolumeClaims"]["demo-data"]["storageClass"] == "fast"


def test_a_bad_volume_override_is_one_clear_line(tmp_path):
    compose = {"x-c2p": {"k8s": {"volumes": {"data": {"size": "lots"}}}}, "services": {"api": _app()}}
    with pytest.raises(C2PError) as err:
        plan_for(tmp_path, compose)
    assert "k8s.volumes.data.size" in err.value.one_line() and "\n" not in err.value.one_line()


def test_tmpfs_in_every_spelling_is_a_memory_emptydir_with_its_size(tmp_path):
    compose = {"services": {"api": _app(
        tmpfs=["/run:size=64m"],
        volumes=[{"type": "tmpfs", "target": "/cache", "tmpfs": {"size": "16m"}}, "scratch:/scratch", "/anon"])},
        "volumes": {"scratch": {"driver_opts": {"type": "tmpfs", "device": "tmpfs", "o": "size=100m"}}}}
    api = app(plan_for(tmp_path, compose), "api")
    got = {v.target: (v.kind, v.memory, v.size) for v in api.volumes}
    assert got["/run"] == ("empty-dir", True, "64Mi")
    assert got["/cache"] == ("empty-dir", True, "16Mi")
    assert got["/scratch"] == ("empty-dir", True, "100Mi")
    assert got["/anon"] == ("empty-dir", False, None)
    assert api.workload == "deployment"  # no claim: nothing to keep


def test_a_mount_at_tmp_replaces_the_default_tmp(tmp_path):
    api = app(plan_for(tmp_path, {"services": {"api": _app(tmpfs=["/tmp"])}}), "api")
    assert [(v.target, v.memory) for v in api.volumes] == [("/tmp", True)]


def test_an_external_volume_is_a_claim_the_user_creates(tmp_path):
    compose = {"services": {"api": _app(volumes=["archive:/archive:ro"])},
               "volumes": {"archive": {"external": True, "name": "prod-archive"}}}
    plan = plan_for(tmp_path, compose)
    v = volume(app(plan, "api"), "/archive")
    assert (v.kind, v.object, v.user_creates) == ("claim", "prod-archive", True)
    assert values(tree_for(plan))["persistentVolumeClaims"] == {}


def test_an_app_cannot_mount_a_database_volume(tmp_path):
    compose = {"services": {"db": {"image": "postgres:16", "environment": {"POSTGRES_PASSWORD": "x-pass-123"},
                                   "volumes": ["pg:/var/lib/postgresql/data"]},
                            "backup": _app(volumes=["pg:/backup/pg:ro"])},
               "volumes": {"pg": {}}}
    plan = plan_for(tmp_path, compose)
    item = dropped(plan, "backup")["volume pg:/backup/pg"]
    assert item.todo and "db" in item.reason
    assert any("holds the data of db" in w for w in plan.warnings)


def test_an_unknown_service_with_data_runs_as_a_statefulset_with_a_warning(tmp_path):
    compose = {"services": {"search": {"image": "getmeili/meilisearch:v1.10", "volumes": ["meili:/meili_data"]}},
               "volumes": {"meili": {}}}
    plan = plan_for(tmp_path, compose)
    search = app(plan, "search")
    assert search.workload == "statefulset" and not plan.skipped
    assert any("does not know what it is" in w and "no replication" in w and "hardened pod settings" in w
               and "as compose ran it" not in w for w in plan.warnings)  # it does not: UID 10001, read-only root


def test_a_pre_install_job_mounting_a_chart_volume_runs_after_install(tmp_path):
    compose = {"services": {"init": _app(command=["app", "init"], restart="no", volumes=["state:/state"]),
                            "web": _app(volumes=["state:/state"], depends_on={
                                "init": {"condition": "service_completed_successfully"}})},
               "volumes": {"state": {}}}
    plan = plan_for(tmp_path, compose)
    job = app(plan, "init")
    assert job.workload == "job" and job.settings["hook"] == "post-install,post-upgrade"
    assert any("runs after install" in w for w in plan.warnings)


def test_generate_with_a_bad_workload_override_exits_2_with_one_line(tmp_path):
    from click.testing import CliRunner

    from generator.cli import main
    from tests.targets.k8s.workload_helpers import project_dir

    root = project_dir(tmp_path, {"services": {"api": _app(**{"x-c2p": {"k8s": {"workload": "daemonset"}}})}})
    result = CliRunner().invoke(main, ["generate", "-f", str(root / "compose.yaml"), "--target", "k8s",
                                       "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "workload" in lines[0] and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_an_unreadable_bind_source_is_refused_not_a_crash(tmp_path, monkeypatch):
    from generator.plan import hostfiles

    def boom(*_args, **_kw):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(hostfiles, "read_file", boom)
    plan = plan_for(tmp_path, {"services": {"api": _app(volumes=["./app.ini:/etc/app.ini"])}}, {"app.ini": "x=1\n"})
    assert "cannot be read (Permission denied)" in dropped(plan, "api")["volume ./app.ini:/etc/app.ini"].reason

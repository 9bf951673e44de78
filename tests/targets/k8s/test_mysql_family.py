"""The k8s MariaDB (mariadb-operator) and MySQL (Percona XtraDB Cluster) mappings: decide (every setting with a
reason, options win, typos warned, versions), what they render (kubeconform -strict against the packaged CRD
schemas), their outputs (the password only by reference) and the DEFINER rewrite of the dump runbook."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from generator.errors import C2PError
from generator.plan.model import Database, Resource, SqlFacts
from generator.plan.recorder import Recorder
from generator.targets.k8s.mappings import sqlfamily as F
from generator.targets.k8s.mappings.mariadb import MAPPING as MARIADB
from generator.targets.k8s.mappings.mysql import MAPPING as MYSQL
from tests.conftest import require_tool


def _res(kind="mariadb", version="11.4", db=("wordpress", "wp"), **kw):
    base = dict(name="db", kind=kind, mapping="", engine=kind, versions={kind: version} if version else {},
                image=f"{kind}:{version or 'latest'}", port=3306, data_volume="db_data",
                facts=SqlFacts(databases=(Database(*db),) if db else ()))
    base.update(kw)
    return Resource(**base)


def _decide(mapping, resource, options=None):
    return mapping.decide(resource, Recorder("k8s", resource.name, options or {}))


@pytest.mark.parametrize("mapping,kind", [(MARIADB, "mariadb"), (MYSQL, "mysql")])
def test_every_setting_has_a_reason_and_the_consumer_contract(mapping, kind):
    r = _decide(mapping, _res(kind, "11.4" if kind == "mariadb" else "8.4"))
    assert r.mapping == mapping.name
    assert all(d.reason for d in r.decisions)
    keys = {d.key for d in r.decisions}
    assert {"name", "replicas", "image", "tls", "ca_file", "ssl_mode", "database", "owner", "storage", "backup",
            "anti_affinity", "topology"} <= keys
    s = r.settings
    assert (s["tls"], s["ca_file"], s["ssl_mode"]) == (True, "/etc/c2p/ca/ca.crt", "VERIFY_IDENTITY")
    assert (s["database"], s["owner"], s["port"]) == ("wordpress", "wp", 3306)
    out = mapping.outputs(r)
    assert set(out) >= {"host", "port", "username", "password", "database"}
    assert out["password"].secret == (f"{s['name']}-app", "password") and not out["password"].value
    assert out["host"].value == s["host"] and out["port"].value == "3306"


@pytest.mark.parametrize("mapping,kind", [(MARIADB, "mariadb"), (MYSQL, "mysql")])
def test_options_win_and_typos_are_warned(mapping, kind):
    r = _decide(mapping, _res(kind), {"replicas": 5, "storage": "100Gi", "anti_affinity": "preferred",
                                      "backup_retention_days": 7, "replicsa": 3, "tls": False})
    s = r.settings
    assert (s["replicas"], s["storage"], s["anti_affinity"], s["backup"]["retention_days"]) == (5, "100Gi", "preferred", 7)
    sources = {d.key: d.source for d in r.decisions}
    assert sources["replicas"] == sources["storage"] == sources["anti_affinity"] == "override"
    assert any("unknown x-c2p k8s option 'replicsa'" in w and "did you mean 'replicas'" in w for w in r.warnings)
    assert any("k8s.tls is not used here" in w for w in r.warnings)  # TLS cannot be turned off
    assert s["tls"] is True


def test_mariadb_versions():
    same = _decide(MARIADB, _res(version="11.4.5"))
    assert same.settings["image"] == "mariadb:11.4" and not same.warnings
    old = _decide(MARIADB, _res(version="10.3"))
    assert old.settings["image"] == "mariadb:11.8.8" and any("10.3" in w for w in old.warnings)
    eol = _decide(MARIADB, _res(version="10.6"))
    assert eol.settings["image"] == "mariadb:10.6" and any("PAST ITS END OF LIFE" in w for w in eol.warnings)
    unknown = _decide(MARIADB, _res(version=None))
    assert unknown.settings["image"] == "mariadb:11.8.8" and any("not known" in w for w in unknown.warnings)
    assert _decide(MARIADB, _res(), {"image": "mariadb:11.4.5@sha256:" + "a" * 64}).settings["image"].endswith("a" * 64)


def test_mysql_versions():
    assert not [w for w in _decide(MYSQL, _res("mysql", "8.4.3")).warnings if "VERSION" in w or "8.0" in w]
    eight = _decide(MYSQL, _res("mysql", "8.0"))
    assert any("end of life" in w for w in eight.warnings)
    nine = _decide(MYSQL, _res("mysql", "9.1"))
    assert any("DOWNGRADE" in w for w in nine.warnings)
    assert nine.settings["image"].startswith("percona/percona-xtradb-cluster:8.4")


def test_mysql_refuses_what_the_operator_refuses():
    with pytest.raises(C2PError, match="22 characters"):
        _decide(MYSQL, _res("mysql"), {"name": "a-very-long-cluster-name-x"})
    with pytest.raises(C2PError, match="odd number"):
        _decide(MYSQL, _res("mysql"), {"replicas": 4})
    long = _decide(MYSQL, _res("mysql", name="wordpress-database-primary-server"))
    assert len(long.settings["name"]) <= 22


def test_an_app_that_used_root_gets_its_own_account():
    r = _decide(MARIADB, _res(db=("wordpress", "root")))
    assert r.settings["owner"] == "app"
    no_db = _decide(MYSQL, _res("mysql", db=None))
    assert (no_db.settings["database"], no_db.settings["owner"]) == ("app", "app")


@pytest.mark.parametrize("mapping,kind", [(MARIADB, "mariadb"), (MYSQL, "mysql")])
@pytest.mark.parametrize("options", [{}, {"anti_affinity": "preferred", "storage_class": "fast", "replicas": 1}])
def test_rendered_objects_pass_kubeconform_strict(mapping, kind, options, tmp_path):
    exe = require_tool("kubeconform")
    if kind == "mysql" and options.get("replicas") == 1:
        options = {**options, "replicas": 5}
    # MariaDB's Database CR takes any name (backquoted); PXC's spec.users[].dbs only plain ones (test below)
    r = _decide(mapping, _res(kind, db=("my-db`x" if kind == "mariadb" else "my_db", "wp")), options)

    class Plan:
        project = "blog"

    files = mapping.render(Plan, r)
    for rel, text in files.items():
        (tmp_path / rel.replace("/", "_")).write_text(text)
    from generator.paths import schema_path

    crds = schema_path("c2p").parent / "crds"
    out = subprocess.run([exe, "-strict", "-summary", "-schema-location",
                          str(crds) + "/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json", *map(str, tmp_path.iterdir())],
                         capture_output=True, text=True)
    assert out.returncode == 0 and "Invalid: 0, Errors: 0" in out.stdout, out.stdout + out.stderr


def test_definer_rewrite_keeps_names_whole(tmp_path):
    sed = shutil.which("sed") or pytest.skip("no sed")
    dump = tmp_path / "d.sql"
    dump.write_text("CREATE DEFINER=`root`@`%` PROCEDURE p() SELECT 1;\n"
                    "/*!50013 DEFINER=`root`@`localhost` SQL SECURITY DEFINER */\n"
                    "/*!50017 DEFINER=`old`@`10.0.0.%`*/ /*!50003 TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET @a=1 */;\n"
                    "INSERT INTO `posts` VALUES\n('a post on DEFINER=`root`@`%`');\n")
    for owner in ("wp", "a&b|c\\d`e#f"):
        out = subprocess.run([sed, "-E", F.definer_sed(owner), str(dump)], capture_output=True, text=True,
                             check=True).stdout
        assert "('a post on DEFINER=`root`@`%`');" in out, out  # table data is not a statement
        want = "DEFINER=" + F.ident(owner) + "@`%`"
        assert out.count(want) == 3 and "old" not in out and out.count("root") == 1, out


def test_pxc_refuses_a_database_name_its_operator_cannot_grant():
    """spec.users[].dbs goes into GRANT unquoted and is compared with mysql.db.Db (pkg/pxc/users): only plain names."""
    with pytest.raises(C2PError, match="letters, digits, _ and"):
        _decide(MYSQL, _res("mysql", db=("my-db", "wp")), {})

    class Plan:
        project = "shop"

    text = "\n".join(MYSQL.render(Plan, _decide(MYSQL, _res("mysql", db=("shop", "wp")), {})).values())
    assert "- shop\n" in text and "`shop`" not in text

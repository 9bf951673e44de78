"""MySQL/MariaDB split-style consumers in production (plan/mysqlenv.py): WordPress, Ghost, Nextcloud and phpMyAdmin
get their own names and TLS settings, other apps the generic ones with a warning; nothing from compose reaches
WORDPRESS_CONFIG_EXTRA's PHP but compose's own statements; every placeholder is an output; TLS-off switches are
turned back on."""

from __future__ import annotations

import re

import pytest

from generator.classify import classify
from generator.plan.model import OUTPUTS
from generator.plan.mysqlclients import WP_FLAGS
from tests.classify.build import project, svc
from tests.plan.fake_target import build_with
from tests.plan.mysql_target import MySqlTarget
from tests.realworld.cases import load

CA = "/etc/c2p/ca/ca.crt"
DB = svc("db", "mysql:8.4", env={"MYSQL_ROOT_PASSWORD": "r", "MYSQL_DATABASE": "app", "MYSQL_USER": "app",
                                 "MYSQL_PASSWORD": "pw"})


def _plan(*apps, target=None, db=DB):
    p = project(*apps, db)
    return build_with(p, classify(p), target or MySqlTarget())


def _app(plan, name):
    return next(a for a in plan.apps if a.name == name)


def _env(plan, name):
    return {v.name: v for v in _app(plan, name).env}


def _tpl(plan, app, var):
    ov = _env(plan, app)[var].override
    return ov.template if ov else None


def _url(value, image="example/api:1", env=None, var="DATABASE_URL", **target):
    app = svc("api", image, env={var: value, **(env or {})})
    return _tpl(_plan(app, target=MySqlTarget(**target)), "api", var)


def test_wordpress_gets_host_port_its_names_and_the_tls_flags_as_a_c2p_constant():
    wp = svc("wordpress", "wordpress:6.7", env={"WORDPRESS_DB_HOST": "db", "WORDPRESS_DB_USER": "app",
                                                "WORDPRESS_DB_NAME": "app"})
    plan = _plan(wp, target=MySqlTarget(bundle="/etc/c2p/trust/bundle.pem"))
    env = _env(plan, "wordpress")
    assert env["WORDPRESS_DB_HOST"].override.template == "{host}:{port}"
    assert env["WORDPRESS_DB_PASSWORD"].override.template == "{password}" and env["WORDPRESS_DB_PASSWORD"].secret
    assert env["WORDPRESS_CONFIG_EXTRA"].override.template == WP_FLAGS
    assert "MYSQLI_CLIENT_SSL_VERIFY_SERVER_CERT" in WP_FLAGS
    assert env["SSL_CERT_FILE"].override.template == "/etc/c2p/trust/bundle.pem"


def test_wordpress_keeps_composes_config_extra_and_appends_the_constant():
    extra = "define('WP_HOME', 'https://{example}.org'); define('MYSQL_SSL_CA_X', 1);"
    wp = svc("wordpress", "wordpress:6.7", env={"WORDPRESS_DB_HOST": "db", "WORDPRESS_CONFIG_EXTRA": extra})
    plan = _plan(wp)
    tpl = _tpl(plan, "wordpress", "WORDPRESS_CONFIG_EXTRA")
    assert tpl.format() == extra + "\n" + WP_FLAGS  # compose's text byte for byte, then c2p's constant
    assert any("add /etc/c2p/ca/ca.crt to the image's trust store" in w for w in _app(plan, "wordpress").warnings)
    own = svc("wordpress", "wordpress:6.7", env={"WORDPRESS_DB_HOST": "db",
                                                 "WORDPRESS_CONFIG_EXTRA": "define('MYSQL_CLIENT_FLAGS', 0);"})
    plan = _plan(own)
    assert _tpl(plan, "wordpress", "WORDPRESS_CONFIG_EXTRA") is None  # compose's, carried as it was
    assert any("defines MYSQL_CLIENT_FLAGS itself" in w for w in _app(plan, "wordpress").warnings)
    assert _tpl(_plan(wp, target=MySqlTarget(tls=False)), "wordpress", "WORDPRESS_CONFIG_EXTRA") is None


def test_the_realworld_wordpress_gets_redis_and_mysql_settings_in_one_config_extra():
    p = load("wordpress")
    plan = build_with(p, classify(p), MySqlTarget())
    tpl = _tpl(plan, "wordpress", "WORDPRESS_CONFIG_EXTRA")
    assert "getenv('WP_REDIS_HOST')" in tpl and tpl.endswith(WP_FLAGS) and "'redis'" not in tpl


def test_ghost_gets_its_nconf_names_port_and_ssl_object():
    ghost = svc("ghost", "ghost:5-alpine", env={"database__client": "mysql", "database__connection__host": "db",
                                                "database__connection__user": "root", "database__connection__database": "x"})
    env = _env(_plan(ghost), "ghost")
    want = {"database__connection__host": "{host}", "database__connection__user": "{username}",
            "database__connection__database": "{database}", "database__connection__password": "{password}",
            "database__connection__port": "{port}", "database__connection__ssl__rejectUnauthorized": "true",
            "NODE_EXTRA_CA_CERTS": CA}
    assert {k: env[k].override.template for k in want} == want
    assert "MySQL clients verify" in env["NODE_EXTRA_CA_CERTS"].override.reason


def test_nextcloud_is_wired_and_warned_exactly_what_tls_needs():
    nc = svc("app", "nextcloud:29-apache", env={"MYSQL_HOST": "db", "MYSQL_USER": "app", "MYSQL_PASSWORD": "pw",
                                                "MYSQL_DATABASE": "app"})
    plan = _plan(nc)
    assert _tpl(plan, "app", "MYSQL_HOST") == "{host}:{port}"
    warning = next(w for w in _app(plan, "app").warnings if "dbdriveroptions" in w)
    assert f"PDO::MYSQL_ATTR_SSL_CA => '{CA}'" in warning and "PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => true" in warning


def test_file_forms_are_warned_and_no_password_is_added_next_to_them():
    nc = svc("app", "nextcloud:29-apache", env={"MYSQL_HOST": "db", "MYSQL_PASSWORD_FILE": "/run/secrets/pw"})
    plan = _plan(nc)
    assert "MYSQL_PASSWORD" not in _env(plan, "app")
    assert any(w.startswith("app: MYSQL_PASSWORD_FILE: the app reads its MySQL password from /run/secrets/pw")
               for w in _app(plan, "app").warnings)


def test_phpmyadmin_gets_its_ssl_settings_and_no_password():
    env = _env(_plan(svc("pma", "phpmyadmin:5.2", env={"PMA_HOST": "db"})), "pma")
    assert {k: env[k].override.template for k in ("PMA_HOST", "PMA_PORT", "PMA_SSL", "PMA_SSL_VERIFY", "PMA_SSL_CA")} \
        == {"PMA_HOST": "{host}", "PMA_PORT": "{port}", "PMA_SSL": "1", "PMA_SSL_VERIFY": "1", "PMA_SSL_CA": CA}
    assert "PMA_PASSWORD" not in env


def test_an_unknown_split_app_gets_the_generic_password_and_a_tls_warning():
    plan = _plan(svc("app", "example/app:1", env={"DB_HOST": "db:3306", "DB_USER": "app"}))
    env = _env(plan, "app")
    assert env["DB_HOST"].override.template == "{host}:{port}" and env["DB_PASSWORD"].override.template == "{password}"
    assert "generic name" in env["DB_PASSWORD"].override.reason
    assert any("does not know how this app takes TLS for MySQL" in w for w in _app(plan, "app").warnings)
    plan = _plan(svc("app", "example/app:1", env={"DB_HOST": "db"}), target=MySqlTarget(tls=False))
    assert not any("TLS" in w for w in _app(plan, "app").warnings)


@pytest.mark.parametrize("case", ["wordpress-mysql", "wordpress", "ghost", "nextcloud", "nextcloud-mariadb",
                                  "mysql-url", "jdbc-mariadb"])
def test_every_placeholder_is_an_output_and_no_compose_password_is_left(case):
    p = load(case)
    plan = build_with(p, classify(p), MySqlTarget())
    kinds = {r.name: r.kind for r in plan.resources}
    for app in plan.apps:
        for var in app.env:
            ov = var.override
            if ov is None or ov.template is None or ov.resource not in kinds:
                continue
            assert set(re.findall(r"(?<!\{)\{(\w+)\}(?!\})", ov.template)) <= set(OUTPUTS[kinds[ov.resource]]), ov
            for secret in ("example_fake_pw", "examplepass_fake", "ncpass_fake", "shop_fake_pw", "orders_fake_pw",
                           "wordpress_fake_pw"):
                assert secret not in ov.template and secret not in (ov.dev_value or "")


def test_tls_off_switches_outside_the_group_are_turned_back_on():
    app = svc("api", "example/api:1", env={"DATABASE_URL": "mysql+pymysql://a:b@db/app", "DB_SSL": "false",
                                           "MYSQL_TLS_REJECT_UNAUTHORIZED": "0", "NODE_TLS_REJECT_UNAUTHORIZED": "0"})
    env = _env(_plan(app), "api")
    assert env["DB_SSL"].override.template == "true" and env["DB_SSL"].override.dev_value == "false"
    assert env["MYSQL_TLS_REJECT_UNAUTHORIZED"].override.template == "true"
    assert env["NODE_TLS_REJECT_UNAUTHORIZED"].override.action == "remove"
    plain = _env(_plan(app, target=MySqlTarget(tls=False)), "api")
    assert plain["DB_SSL"].override is None and plain["DB_SSL"].value == "false"

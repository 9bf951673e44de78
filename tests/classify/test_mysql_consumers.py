"""MySQL/MariaDB consumers in their usual forms (generator/classify/consumers.py): DATABASE_URL with every common
driver's scheme, JDBC URLs, Go DSNs, and the split styles of WordPress, Ghost, Nextcloud, phpMyAdmin and generic apps
with their sibling variables; TLS-off settings noted as development-only; the Go DSN password is a secret."""

from __future__ import annotations

import pytest

from generator.classify import classify
from generator.classify.secrets import MASK, mask_text
from tests.classify.build import project, svc

MYSQL = svc("mysql", "mysql:8.4", env={"MYSQL_ROOT_PASSWORD": "r", "MYSQL_DATABASE": "app", "MYSQL_USER": "app"})
MARIA = svc("maria", "mariadb:11.4", env={"MARIADB_ROOT_PASSWORD": "r", "MARIADB_DATABASE": "app"})


def _uses(app):
    c = classify(project(app, MYSQL, MARIA))
    return {u.env: u for u in c.services[app.name].consumes}


@pytest.mark.parametrize("url", [
    "mysql://app:pw@mysql:3306/app", "mysql2://app:pw@mysql/app", "mysql+pymysql://app:pw@mysql/app?charset=utf8mb4",
    "mysql+mysqldb://app:pw@mysql/app", "mysql+aiomysql://app:pw@mysql/app", "mysql+asyncmy://app:pw@mysql/app",
    "mariadb://app:pw@maria/app", "mariadb+mariadbconnector://app:pw@maria:3306/app", "jdbc:mysql://mysql:3306/app",
    "jdbc:mariadb://maria/app?user=app&password=pw", "app:pw@tcp(mysql:3306)/app?parseTime=true",
])
def test_every_usual_url_form_points_at_the_server(url):
    use = _uses(svc("api", "example/api:1", env={"DATABASE_URL": url}))["DATABASE_URL"]
    assert use.role == "url" and use.target in ("mysql", "maria")
    assert "pw" not in use.value.replace("pwd", "")  # the password is masked in what the plan shows


def test_the_go_dsn_password_is_a_secret():
    assert mask_text("app:s3cret@tcp(mysql:3306)/app") == f"app:{MASK}@tcp(mysql:3306)/app"
    use = _uses(svc("api", "example/api:1", env={"DB_DSN": "app:s3cret@tcp(mysql)/app"}))["DB_DSN"]
    assert "s3cret" not in use.value and "literal password" in use.dev_only


@pytest.mark.parametrize("app,host,siblings", [
    (svc("wp", "wordpress:6.7", env={"WORDPRESS_DB_HOST": "mysql:3306", "WORDPRESS_DB_USER": "app",
                                     "WORDPRESS_DB_PASSWORD": "pw", "WORDPRESS_DB_NAME": "app"}),
     "WORDPRESS_DB_HOST", {"WORDPRESS_DB_USER": "user", "WORDPRESS_DB_PASSWORD": "password",
                           "WORDPRESS_DB_NAME": "database"}),
    (svc("ghost", "ghost:5", env={"database__connection__host": "mysql", "database__connection__user": "root",
                                  "database__connection__password": "pw", "database__connection__database": "ghost",
                                  "database__connection__port": "3306"}),
     "database__connection__host", {"database__connection__user": "user", "database__connection__password": "password",
                                    "database__connection__database": "database", "database__connection__port": "port"}),
    (svc("nc", "nextcloud:29", env={"MYSQL_HOST": "maria", "MYSQL_USER": "nc", "MYSQL_PASSWORD": "pw",
                                    "MYSQL_DATABASE": "nc"}),
     "MYSQL_HOST", {"MYSQL_USER": "user", "MYSQL_PASSWORD": "password", "MYSQL_DATABASE": "database"}),
    (svc("pma", "phpmyadmin:5.2", env={"PMA_HOST": "maria", "PMA_PORT": "3306"}), "PMA_HOST", {"PMA_PORT": "port"}),
    (svc("app", "example/app:1", env={"DB_HOST": "mysql", "DB_PORT": "3306", "DB_USERNAME": "app", "DB_PASS": "pw",
                                      "DB_DATABASE": "app", "DB_SSL": "false"}),
     "DB_HOST", {"DB_PORT": "port", "DB_USERNAME": "user", "DB_PASS": "password", "DB_DATABASE": "database",
                 "DB_SSL": "tls"}),
])
def test_split_style_hosts_and_their_siblings(app, host, siblings):
    uses = _uses(app)
    assert uses[host].role == "host"
    assert {v: uses[v].role for v in siblings} == siblings
    assert all(uses[v].target == uses[host].target for v in siblings)


@pytest.mark.parametrize("url,note", [
    ("jdbc:mysql://mysql/app?useSSL=false", "useSSL=false"), ("jdbc:mysql://mysql/app?sslMode=DISABLED", "sslMode=DISABLED"),
    ("mysql://app:pw@mysql/app?ssl-mode=PREFERRED", "ssl-mode=PREFERRED"), ("app:pw@tcp(mysql)/app?tls=skip-verify",
                                                                           "tls=skip-verify"),
    ("mysql://app:pw@mysql/app?sslaccept=accept_invalid_certs", "sslaccept=accept_invalid_certs"),
    ("jdbc:mariadb://maria/app?sslMode=trust", "sslMode=trust"),
])
def test_tls_off_in_a_mysql_url_is_noted_as_development_only(url, note):
    use = _uses(svc("api", "example/api:1", env={"DATABASE_URL": url}))["DATABASE_URL"]
    assert note in use.dev_only


def test_a_postgres_url_is_not_judged_by_mysql_rules():
    pg = svc("pg", "postgres:16", env={"POSTGRES_PASSWORD": "x"})
    c = classify(project(svc("api", "example/api:1", env={"DATABASE_URL": "postgres://u@pg/db?ssl=false"}), pg))
    assert c.services["api"].consumes[0].dev_only == ()

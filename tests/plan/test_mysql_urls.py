"""MySQL/MariaDB URLs in production (plan/mysqlurls.py, plan/mysqlclients.py): every URL client gets TLS in its own
convention from the mapping's settings (tls, ca_file, ssl_mode), query parameters c2p decides are dropped and the
others carried byte for byte, and a client that cannot take all of TLS from its URL is warned about."""

from __future__ import annotations


import pytest

from generator.classify import classify
from generator.plan.mysqlclients import SYSTEM_CA
from generator.plan.mysqlurls import NODE_SSL
from tests.classify.build import project, svc
from tests.plan.fake_target import build_with
from tests.plan.mysql_target import MySqlTarget

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


BASE = "{username}:{password}@{host}:{port}/{database}"


@pytest.mark.parametrize("url,env,want", [
    ("mysql+mysqldb://app:pw@db/app", {}, f"mysql+mysqldb://{BASE}?ssl_mode=VERIFY_IDENTITY&ssl_ca={CA}"),
    ("mysql+pymysql://app:pw@db/app?charset=utf8mb4", {},
     f"mysql+pymysql://{BASE}?charset=utf8mb4&ssl_ca={CA}&ssl_check_hostname=true"),
    ("mysql+mysqlconnector://app:pw@db/app", {},
     f"mysql+mysqlconnector://{BASE}?ssl_ca={CA}&ssl_verify_cert=true&ssl_verify_identity=true"),
    ("mariadb+mariadbconnector://app:pw@db/app", {},
     f"mariadb+mariadbconnector://{BASE}?ssl=true&ssl_verify_cert=true&ssl_ca={CA}"),
    ("mysql2://app:pw@db/app?pool=5", {}, f"mysql2://{BASE}?pool=5&ssl_mode=VERIFY_IDENTITY&sslca={CA}"),
    ("mysql://app:pw@db/app", {"NODE_ENV": "production"}, f"mysql://{BASE}?{NODE_SSL}"),
    ("mysql://app:pw@db/app?connection_limit=5", {"NODE_ENV": "production"},
     f"mysql://{BASE}?connection_limit=5&sslaccept=strict&sslcert={CA}"),
    ("mysql://app:pw@db/app", {"DJANGO_SETTINGS_MODULE": "x.settings", "PYTHONUNBUFFERED": "1"},
     f"mysql://{BASE}?ssl_mode=VERIFY_IDENTITY&ssl-ca={CA}"),
    ("mysql://app:pw@db/app", {"PYTHONUNBUFFERED": "1"}, f"mysql://{BASE}?ssl_mode=VERIFY_IDENTITY&ssl_ca={CA}"),
    ("mysql://app:pw@db/app", {"RAILS_ENV": "production"}, f"mysql://{BASE}?ssl_mode=VERIFY_IDENTITY&sslca={CA}"),
    ("app:pw@tcp(db:3306)/app?parseTime=true", {}, "{username}:{password}@tcp({host}:{port})/{database}?parseTime=true&tls=true"),
    ("jdbc:mysql://db:3306/app?serverTimezone=UTC", {}, "jdbc:mysql://{host}:{port}/{database}?serverTimezone=UTC&sslMode=VERIFY_IDENTITY"),
    ("jdbc:mariadb://db/app?user=app&password=pw", {},
     f"jdbc:mariadb://{{host}}:{{port}}/{{database}}?user={{username}}&password={{password}}&sslMode=verify-full&serverSslCert={CA}"),
])
def test_each_url_client_gets_tls_in_its_own_convention(url, env, want):
    assert _url(url, env=env) == want


def test_verify_ca_and_required_modes_and_a_public_ca():
    assert _url("mysql+pymysql://a:b@db/app", ssl_mode="VERIFY_CA").endswith("ssl_check_hostname=false")
    assert _url("jdbc:mariadb://db/app", ssl_mode="REQUIRED").endswith("sslMode=trust" + f"&serverSslCert={CA}")
    assert _url("a:b@tcp(db)/app", ssl_mode="REQUIRED").endswith("tls=skip-verify")
    # no ca_file: the server's CA is publicly trusted — the system bundle where a client needs a file
    assert _url("mysql+pymysql://a:b@db/app", ca=None).endswith(f"ssl_ca={SYSTEM_CA}&ssl_check_hostname=true")
    assert _url("mysql://a:b@db/app?connection_limit=1", env={"NODE_ENV": "x"}, ca=None).endswith("sslaccept=strict")
    assert _url("jdbc:mariadb://db/app", ca=None).endswith("sslMode=verify-full")
    assert _url("mysql+pymysql://a:b@db/app", tls=False) == f"mysql+pymysql://{BASE}"


def test_decided_query_parameters_are_dropped_and_the_others_kept_byte_for_byte():
    url = ("jdbc:mysql://db/app?host=evil&sslMode=DISABLED&useSSL=false&trustCertificateKeyStoreUrl=file:/x"
           "&connectTimeout=5000&note=a%26host%3Devil&x={y}")
    plan = _plan(svc("api", "example/api:1", env={"DB_URL": url}))
    got = _tpl(plan, "api", "DB_URL")
    assert got == "jdbc:mysql://{host}:{port}/{database}?connectTimeout=5000&note=a%26host%3Devil&x={{y}}&sslMode=VERIFY_IDENTITY"
    assert got.format(host="h", port=3306, database="d").endswith("x={y}&sslMode=VERIFY_IDENTITY")
    warning = next(w for w in _app(plan, "api").warnings if "Dropped query parameters" in w)
    assert "host" in warning and "truststorecertificate" not in warning and "trustcertificatekeystoreurl" in warning
    assert "sslmode" not in warning.split("connects (c2p sets those):")[1]  # c2p's own TLS switch is not "dropped"


def test_an_unknown_client_gets_no_tls_parameters_and_a_warning():
    plan = _plan(svc("api", "example/api:1", env={"DATABASE_URL": "mysql://a:b@db/app"}))
    assert _tpl(plan, "api", "DATABASE_URL") == f"mysql://{BASE}"
    assert any("c2p cannot tell which MySQL client reads this URL" in w and CA in w for w in _app(plan, "api").warnings)


def test_clients_that_take_no_pem_ca_are_warned():
    for url, words in (("jdbc:mysql://db/app", "truststore"), ("a:b@tcp(db)/app", "RegisterTLSConfig")):
        plan = _plan(svc("api", "example/api:1", env={"DSN": url}))
        assert any(words in w and CA in w for w in _app(plan, "api").warnings), url
        plan = _plan(svc("api", "example/api:1", env={"DSN": url}), target=MySqlTarget(ca=None))
        assert not any(words in w for w in _app(plan, "api").warnings)  # a public CA: the default trust verifies


def test_async_sqlalchemy_drivers_and_nodes_mariadb_connector_are_not_guessed():
    for url, env in (("mysql+aiomysql://a:b@db/app", {}), ("mysql+asyncmy://a:b@db/app", {}),
                     ("mariadb://a:b@db/app", {"NODE_ENV": "production"})):
        plan = _plan(svc("api", "example/api:1", env={"DATABASE_URL": url, **env}))
        assert "?" not in _tpl(plan, "api", "DATABASE_URL"), url
        assert any("c2p cannot tell which MySQL client" in w for w in _app(plan, "api").warnings), url


def test_a_go_dsn_gets_ssl_cert_file_when_the_target_builds_a_trust_bundle():
    app = svc("api", "example/api:1", env={"DSN": "a:b@tcp(db)/app"})
    plan = _plan(app, target=MySqlTarget(bundle="/etc/c2p/trust/bundle.pem"))
    assert _tpl(plan, "api", "SSL_CERT_FILE") == "/etc/c2p/trust/bundle.pem"
    assert not any("RegisterTLSConfig" in w for w in _app(plan, "api").warnings)
    own = svc("api", "example/api:1", env={"DSN": "a:b@tcp(db)/app", "SSL_CERT_FILE": "/etc/own.pem"})
    plan = _plan(own, target=MySqlTarget(bundle="/etc/c2p/trust/bundle.pem"))
    assert any("SSL_CERT_FILE" in w and "RegisterTLSConfig" in w for w in _app(plan, "api").warnings)

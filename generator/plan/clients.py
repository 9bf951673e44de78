"""Well-known clients and apps: the env names under which they take a Redis/PostgreSQL password, the TLS switch and
the CA, and what they cannot take. Data, with sources; the rules that use it are in plan/splitenv.py.

A consumer that reaches a database through a host variable (`REDIS_HOST`, `AUTHENTIK_REDIS__HOST`, `PGHOST`,
`DB_HOST`) gets its password, TLS switch and CA under its own names. An app listed here by its prefix (and, where
the prefix is too common to say whose it is, its image) gets the names its documentation gives; any other app gets
the generic `<prefix>PASSWORD` / `<prefix>TLS` names in its own separator style, said so in the reason.

URL-style clients (plan/urls.py builds their URLs):
- PostgreSQL `?sslmode=verify-full&sslrootcert=<ca>`: libpq (psycopg, the pg gem, Django through dj-database-url,
  which passes the query into DATABASES OPTIONS), pgjdbc (`jdbc:postgresql://…?sslmode=…&sslrootcert=…`) and
  node-postgres (pg-connection-string reads sslrootcert into ssl.ca and treats require like verify-full) all read
  both from the URL.
- Redis `rediss://…?ssl_cert_reqs=required&ssl_ca_certs=<ca>`: redis-py and Celery's broker/result backends
  (Celery refuses a rediss:// URL without ssl_cert_reqs: celery/backends/redis.py), so only an app whose runtime
  (below) is Python gets them; go-redis's ParseURL refuses options it does not know ("redis: unexpected option"),
  and an app of unknown runtime gets none (a warning names the CA). Node (ioredis/Bull, node-redis)
  and Ruby (redis-rb, redis-client) take no TLS options from the URL: Node gets the CA from NODE_EXTRA_CA_CERTS, Ruby
  has no environment setting for it (a warning says so).

Some apps need more than the URL to speak TLS (TlsNeed): mastodon's Ruby services connect through redis-rb's hiredis
driver, which refuses rediss://, unless REDIS_DRIVER=ruby (read from 4.3 on). c2p sets those variables wherever it
gives the app TLS to that service; a release too old to read them cannot take TLS at all (like `no_tls`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.classify.kinds.base import first_version
from generator.imageref import parse_image, written_repository


@dataclass(frozen=True)
class TlsNeed:
    """Variables an app of one runtime needs, besides the URL/switch, to connect over TLS; from release `since` on."""

    runtime: str  # only apps of this runtime (runtime() below): mastodon's streaming is Node, its web Ruby
    env: tuple[tuple[str, str], ...]  # (variable, value) c2p sets with TLS
    why: str  # the reason printed next to each variable, with its source
    since: tuple[int, ...] = ()  # the first release (image tag) that reads them; () = every release
    before: str = ""  # why an older release cannot take TLS at all


@dataclass(frozen=True)
class Convention:
    app: str  # who takes these names (printed in reasons and warnings)
    family: str  # "redis" | "postgres"
    prefix: str  # the host variable's prefix, exactly (`AUTHENTIK_REDIS__` for AUTHENTIK_REDIS__HOST)
    source: str  # where the names come from
    image: str | None = None  # regex on the image name, when the prefix alone does not say which app it is
    password: str | None = None  # suffix of the password variable
    tls: tuple[tuple[str, str], ...] = ()  # (suffix, value) pairs that switch TLS on and make it verify
    ca: str | None = None  # suffix of the variable naming the CA file
    url: str | None = None  # the app takes no TLS through its host variables, but this URL variable wins over them
    no_tls: str | None = None  # the app has no way to take TLS for this service: why
    tls_needs: tuple[TlsNeed, ...] = ()  # what it needs set to take TLS (per runtime, per release)


CONVENTIONS: tuple[Convention, ...] = (
    Convention(
        "authentik", "redis", "AUTHENTIK_REDIS__",
        "goauthentik/authentik internal/config/struct.go (RedisConfig) and the configuration docs: "
        "AUTHENTIK_REDIS__PASSWORD, __TLS, __TLS_REQS (none|optional|required), __TLS_CA_CERT",
        password="PASSWORD", tls=(("TLS", "true"), ("TLS_REQS", "required")), ca="TLS_CA_CERT"),
    Convention(
        "authentik", "postgres", "AUTHENTIK_POSTGRESQL__",
        "goauthentik.io/docs/install-config/configuration: AUTHENTIK_POSTGRESQL__PASSWORD, __SSLMODE, __SSLROOTCERT",
        password="PASSWORD", tls=(("SSLMODE", "{sslmode}"),), ca="SSLROOTCERT"),
    Convention(
        "mastodon", "redis", "REDIS_", image=r"(^|/)(mastodon|mastodon-streaming)$",
        source="mastodon/mastodon lib/mastodon/redis_configuration.rb: REDIS_HOST/PORT/PASSWORD always build a "
               "redis:// URL; REDIS_URL, when set, is used as is",
        password="PASSWORD", url="REDIS_URL", tls_needs=(TlsNeed(
            "ruby", (("REDIS_DRIVER", "ruby"),),
            "mastodon's Ruby services connect through redis-rb's hiredis driver unless REDIS_DRIVER=ruby (mastodon/"
            "mastodon lib/mastodon/redis_configuration.rb, `driver`; added in 4.3 by PR #30717), and redis-rb 4's "
            "hiredis driver raises \"SSL not supported by hiredis driver\" for rediss:// (redis/redis-rb "
            "lib/redis/connection/hiredis.rb); the ruby driver speaks TLS through OpenSSL",
            since=(4, 3),
            before="mastodon before 4.3 connects through redis-rb's hiredis driver, chosen in code with no setting "
                   "(app/lib/redis_configuration.rb: Redis.new(url:, driver: :hiredis)), and that driver raises \"SSL "
                   "not supported by hiredis driver\" for rediss:// (redis/redis-rb lib/redis/connection/hiredis.rb); "
                   "REDIS_DRIVER=ruby is read from 4.3 on (mastodon/mastodon PR #30717)"),)),
    Convention(
        "mastodon", "postgres", "DB_", image=r"(^|/)(mastodon|mastodon-streaming)$",
        source="mastodon/mastodon config/database.yml and streaming/database.js: DB_PASS, DB_SSLMODE; the CA "
               "through libpq's PGSSLROOTCERT",
        password="PASS", tls=(("SSLMODE", "{sslmode}"),)),
    Convention(
        "nextcloud", "redis", "REDIS_HOST", image=r"(^|/)nextcloud$",
        source="nextcloud/docker .config/redis.config.php: REDIS_HOST, REDIS_HOST_PORT, REDIS_HOST_PASSWORD; no TLS "
               "option (the image writes no ssl_context)",
        password="_PASSWORD",
        no_tls="the nextcloud image's redis.config.php takes no TLS setting from the environment"),
    Convention(
        "libpq", "postgres", "PG",
        "PostgreSQL docs, libpq environment variables (libpq-envars): PGPASSWORD, PGSSLMODE, PGSSLROOTCERT",
        password="PASSWORD", tls=(("SSLMODE", "{sslmode}"),), ca="SSLROOTCERT"),
)

# libpq reads these as defaults (any libpq-based driver: psycopg, the pg gem, pgx, node-postgres for PGSSLMODE);
# an app whose own names carry no CA gets them (PostgreSQL docs, libpq-envars).
LIBPQ_SSLMODE, LIBPQ_ROOTCERT = "PGSSLMODE", "PGSSLROOTCERT"


def convention(family: str, prefix: str, image: str | None) -> Convention | None:
    name = written_repository(image)
    for conv in CONVENTIONS:
        if conv.family == family and conv.prefix == prefix and (conv.image is None or re.search(conv.image, name)):
            return conv
    return None


def _release(image: str | None) -> tuple[int, ...] | None:
    """The release an image tag names (`v4.2.8` → (4, 2, 8)); None for latest, a digest or no tag."""
    ref = parse_image(image) if image else None
    version = first_version(ref.tag if ref else None, parts=3)
    return tuple(int(p) for p in version.split(".")) if version else None


def _too_old(need: TlsNeed, image: str | None) -> bool:
    release = _release(image)
    # a tag that names only a major (`v4`) is the newest of it: too old only when the whole major is
    return bool(need.since) and release is not None and release[:len(need.since)] < need.since[:len(release)]


def tls_blocker(conv: Convention | None, image: str | None, rt: str | None) -> str | None:
    """Why this app cannot take TLS to the service at all, with the source (None: it can)."""
    if conv is None:
        return None
    if conv.no_tls:
        return f"{conv.no_tls} ({conv.source})"
    return next((n.before for n in conv.tls_needs if n.runtime == rt and _too_old(n, image)), None)


def tls_env(conv: Convention | None, image: str | None, rt: str | None) -> tuple[tuple[str, str, str], ...]:
    """(variable, value, why) the app needs set to take TLS to the service."""
    if conv is None:
        return ()
    return tuple((var, value, n.why) for n in conv.tls_needs if n.runtime == rt and not _too_old(n, image)
                 for var, value in n.env)


# What runtime an app is, from its image, command and env (for the CA: Node takes NODE_EXTRA_CA_CERTS, which adds
# to its trust store — nodejs.org/api/cli.html#node_extra_ca_certsfile; Python redis-py/Celery take the CA in the
# Redis URL's query — redis-py connection.py parse_url passes ssl_* query arguments to the SSL connection, and
# Celery's redis backend refuses a rediss:// URL without ssl_cert_reqs (celery/backends/redis.py,
# E_REDIS_SSL_CERT_REQS_MISSING_INVALID); Ruby's redis-client takes none from the environment).
RUNTIMES = (
    ("node", r"(^|/)(node|npm|npx|yarn|pnpm|bun)$|\.m?js$", r"(^|/)(node|outline|ghost|strapi|directus|n8n|"
     r"mastodon-streaming|next|nuxt)(-[\w.]+)?$", r"^(NODE_ENV|NODE_OPTIONS|NPM_CONFIG_\w+)$"),
    ("python", r"(^|/)(python[\d.]*|gunicorn|uvicorn|celery|daphne|hypercorn|flask|django-admin)$|manage\.py$|\.py$",
     r"(^|/)(python|django|authentik|server|superset|airflow|sentry|netbox|paperless-ngx)(-[\w.]+)?$",
     r"^(DJANGO_\w+|CELERY_\w+|PYTHON\w+|FLASK_\w+)$"),
    ("ruby", r"(^|/)(ruby|bundle|rails|sidekiq|puma|rake)$", r"(^|/)(ruby|rails|mastodon|discourse|gitlab-\w+)$",
     r"^(RAILS_ENV|RACK_ENV|BUNDLE_\w+)$"),
    ("php", r"(^|/)(php|php-fpm[\d.]*|apache2-foreground|frankenphp)$|\.php$",
     r"(^|/)(php|wordpress|nextcloud|drupal|joomla|matomo|mediawiki|phpmyadmin)(-[\w.]+)?$", r"^(PHP_\w+)$"),
)

# Runtimes whose TLS clients trust only the system store and take no CA file from the environment for Redis: they
# get SSL_CERT_FILE naming a bundle that holds the image's system CAs and the release CA (the k8s target builds it in
# an init container, targets/k8s/tls.py). All read SSL_CERT_FILE through OpenSSL's default store, which
# X509_STORE_set_default_paths loads from the file that variable names (openssl crypto/x509/by_file.c,
# X509_get_default_cert_file_env; docs.openssl.org openssl-env(7)).
TRUST_STORE_ONLY = {
    "ruby": "Ruby's Redis clients (redis-rb 4's ruby driver, redis-client) verify with OpenSSL::SSL::SSLContext::"
            "DEFAULT_CERT_STORE, an X509::Store#set_default_paths, when given no CA (ruby/openssl lib/openssl/ssl.rb "
            "SSLContext#set_params; redis-rb lib/redis/connection/ruby.rb SSLSocket.connect); REDIS_URL takes no CA option",
    "php": "PHP's openssl streams (phpredis, predis) verify with openssl.cafile, empty by default, so OpenSSL's default "
           "store (php.net openssl.cafile)",
}
TRUST_VAR = "SSL_CERT_FILE"


def runtime(image: str | None, argv: tuple[str, ...], env_names) -> str | None:
    """"node" | "python" | "ruby" | "php" | None: what the evidence says the app runs on (command first, then image, env)."""
    words = [w for w in argv[:3] if w]
    name = written_repository(image)
    for rt, cmd, _img, _env in RUNTIMES:
        if any(re.search(cmd, w.lower()) for w in words):
            return rt
    for rt, _cmd, img, _env in RUNTIMES:
        if name and re.search(img, name):
            return rt
    for rt, _cmd, _img, env in RUNTIMES:
        if any(re.match(env, n) for n in env_names):
            return rt
    return None


# Apps that encrypt their PostgreSQL connection but do not verify the server's certificate, whatever sslmode and
# CA their settings name: the README says "encrypted, not verified" for them instead of claiming verify-full.
UNVERIFIED_POSTGRES = (
    (r"(^|/)outline$", "Outline",
     "outline/outline server/storage/database.ts: in production, for any PGSSLMODE but `disable`, Sequelize is given "
     "`dialectOptions.ssl = {rejectUnauthorized: false}` (ref. brianc/node-postgres#2009), so node-postgres encrypts "
     "the connection and accepts any certificate"),
)


def unverified_postgres(image: str | None) -> tuple[str, str] | None:
    """(app, source) when the image is an app known to skip the PostgreSQL certificate check, else None."""
    name = written_repository(image)
    for rx, app, source in UNVERIFIED_POSTGRES:
        if name and re.search(rx, name):
            return app, source
    return None

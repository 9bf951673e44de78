"""What well-known images need to run: the port they listen on, the user, the paths they write at start-up.

Data, each entry with the source it was read from (the image's Dockerfile and entrypoint). Used by
workload/network.py (a service nobody reaches on a published port still needs its Service port: php-fpm on 9000)
and workload/runas.py (the chart's hardened defaults — UID 10001, read-only root filesystem, every capability
dropped — are relaxed exactly as far as the image needs, with a reason and a warning).

An image matches an entry by repository (Docker Hub's `library/` and `docker.io/` dropped), by tag (`tag`: a regular
expression searched in the tag; `not_tag`: one that must not be found) and, where given, by the compose command /
entrypoint (`command`) and environment (`env`: the entry applies only when the service sets one of these). The
first matching entry wins. A service built from a Dockerfile is matched by its base image (the FROM line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.imageref import parse_image

_PMA_SESSIONS = ("PHP keeps its sessions in files inside the pod and the entrypoint writes a random blowfish secret per "
                 "container (phpmyadmin/docker docker-entrypoint.sh): a login made on one replica is unknown to the other")


@dataclass(frozen=True)
class KnownImage:
    name: str  # for messages
    repos: tuple[str, ...]
    source: str  # where the facts below were read
    tag: str | None = None
    not_tag: str | None = None
    command: str | None = None
    env: tuple[str, ...] = ()
    ports: tuple[int, ...] = ()  # what the image listens on (its EXPOSE)
    run_as: int | None = None  # the UID (and GID) the entrypoint needs; None: any non-root UID works
    writable: tuple[str, ...] = ()  # paths written at start-up: an emptyDir each
    read_only_root: bool = True  # False: it writes into image folders an emptyDir would hide
    capabilities: tuple[str, ...] = ()  # added back (all others stay dropped)
    why: str = ""
    suggest: str = ""  # a variant that needs less
    # why one replica: the image keeps login sessions in the pod (files, a per-container secret), so a second
    # replica behind a Service without affinity breaks logins; "" = replicas are interchangeable
    sessions_in_pod: str = ""


PHP = "docker-library/php 8.x Dockerfile (apache and fpm variants), commit 445bf414"
_APACHE_DIRS = ("/var/run/apache2", "/var/lock/apache2")
_APACHE_WHY = ("apache2-foreground writes its PID file in /var/run/apache2 and its mutex in /var/lock/apache2 (the "
               "image makes them world-writable \"to allow running as an arbitrary user\", docker-library/php#743)")
_FPM = "php-fpm listens on 9000 (`listen = 9000` in php-fpm.d/docker.conf, EXPOSE 9000); any UID works"
_NEXTCLOUD_ROOT = ("its entrypoint writes /usr/local/etc/php/conf.d/redis-session.ini when REDIS_HOST is set (a "
                   "root-owned folder of the image, which an emptyDir would empty), copies the sources with rsync "
                   "--chown and runs occ as www-data through su")

IMAGES: tuple[KnownImage, ...] = (
    KnownImage(
        name="nextcloud cron", repos=("nextcloud",), command=r"(^|/)cron\.sh\b",
        source="nextcloud/docker 32/fpm-alpine/cron.sh (`exec busybox crond -f`) and Dockerfile (crontab of "
               "www-data), commit 4de1eed6",
        run_as=0, capabilities=("SETGID", "SETUID"),
        why="busybox crond runs www-data's crontab: it must start as root to switch to www-data"),
    KnownImage(
        name="nextcloud (fpm, Redis sessions)", repos=("nextcloud",), tag="fpm", env=("REDIS_HOST",),
        source="nextcloud/docker 32/fpm-alpine/entrypoint.sh (configure_redis_session, rsync --chown, run_as), commit "
               "4de1eed6",
        ports=(9000,), run_as=0, read_only_root=False,
        capabilities=("CHOWN", "DAC_OVERRIDE", "FOWNER", "SETGID", "SETUID"), why=_NEXTCLOUD_ROOT),
    KnownImage(
        name="nextcloud (apache, Redis sessions)", repos=("nextcloud",), env=("REDIS_HOST",),
        source="nextcloud/docker 32/apache/entrypoint.sh (configure_redis_session, rsync --chown, run_as), commit "
               "4de1eed6",
        ports=(80,), run_as=0, read_only_root=False,
        capabilities=("CHOWN", "DAC_OVERRIDE", "FOWNER", "NET_BIND_SERVICE", "SETGID", "SETUID"),
        why=_NEXTCLOUD_ROOT + "; as root it binds port 80 with NET_BIND_SERVICE"),
    KnownImage(name="nextcloud (fpm)", repos=("nextcloud",), tag="fpm", ports=(9000,),
               source="nextcloud/docker 32/fpm-alpine/Dockerfile (FROM php:*-fpm-alpine) and entrypoint.sh (as a "
                      "non-root UID it copies without --chown), commit 4de1eed6", why=_FPM),
    KnownImage(name="nextcloud (apache)", repos=("nextcloud",), ports=(80,), writable=_APACHE_DIRS,
               source="nextcloud/docker 32/apache/Dockerfile (FROM php:*-apache), " + PHP, why=_APACHE_WHY),
    KnownImage(
        name="phpMyAdmin (fpm)", repos=("phpmyadmin", "phpmyadmin/phpmyadmin"), tag="fpm",
        source="phpmyadmin/docker docker-entrypoint.sh and fpm/Dockerfile, commit 452a995f",
        ports=(9000,), run_as=33, read_only_root=False,
        sessions_in_pod=_PMA_SESSIONS,
        why="its entrypoint writes /etc/phpmyadmin/config.secret.inc.php next to the image's config.inc.php, in a "
            "folder owned by www-data (UID 33)"),
    KnownImage(
        name="phpMyAdmin", repos=("phpmyadmin", "phpmyadmin/phpmyadmin"),
        source="phpmyadmin/docker docker-entrypoint.sh and apache/Dockerfile (/etc/phpmyadmin owned by www-data, "
               "UID 33), commit 452a995f",
        ports=(80,), run_as=33, read_only_root=False,
        sessions_in_pod=_PMA_SESSIONS,
        why="its entrypoint writes /etc/phpmyadmin/config.secret.inc.php (the blowfish secret) next to the image's "
            "config.inc.php, in a folder owned by www-data (UID 33)"),
    KnownImage(name="WordPress (fpm)", repos=("wordpress",), tag="fpm", ports=(9000,), why=_FPM,
               source="docker-library/wordpress docker-entrypoint.sh (any UID: copies into /var/www/html as that "
                      "user), commit bf223d1c; " + PHP),
    KnownImage(name="WordPress (apache)", repos=("wordpress",), not_tag="cli|fpm", ports=(80,),
               writable=_APACHE_DIRS, why=_APACHE_WHY,
               source="docker-library/wordpress docker-entrypoint.sh (any UID), commit bf223d1c; " + PHP),
    KnownImage(name="PHP (fpm)", repos=("php",), tag="fpm", ports=(9000,), source=PHP, why=_FPM),
    KnownImage(name="PHP (apache)", repos=("php",), tag="apache", ports=(80,), writable=_APACHE_DIRS,
               source=PHP, why=_APACHE_WHY),
    KnownImage(
        name="Apache httpd", repos=("httpd",),
        source="docker-library/httpd 2.4/Dockerfile (EXPOSE 80, logs to /proc/self/fd/1 and 2) and httpd-foreground "
               "(PID file /usr/local/apache2/logs/httpd.pid), commit 9b63b37c",
        ports=(80,), writable=("/usr/local/apache2/logs",),
        why="httpd writes its PID file in /usr/local/apache2/logs (its logs go to stdout/stderr); as a non-root UID "
            "its `User www-data` directive is not applied"),
    KnownImage(
        name="https-portal", repos=("steveltn/https-portal",),
        source="SteveLTN/https-portal Dockerfile (FROM nginx, ENTRYPOINT s6-overlay /init), fs_overlay/opt/"
               "certs_manager (lib/nginx.rb, certs_manager.rb, lib/commands.rb), nginx.conf.erb (`user nginx;`), "
               "crontab.erb and logrotate.d/nginx (`create 0640 nginx nginx`), commit 0e72267b; "
               "just-containers/s6-overlay libexec/preinit (normally run as root), commit 9658b23e",
        ports=(80, 443), run_as=0, read_only_root=False, capabilities=("CHOWN", "KILL", "SETGID", "SETUID"),
        why="its s6-overlay init runs as root and, at every start, writes /etc/nginx/nginx.conf, /etc/nginx/conf.d, "
            "/etc/crontab, /etc/hosts, /var/www and the PID file in /var/run (image folders an emptyDir would "
            "empty); as root its nginx switches its workers to user nginx (SETUID, SETGID) and signals them (KILL), "
            "and nginx and logrotate give their temp folders and logs to nginx (CHOWN); cron runs the renewals",
        suggest="the chart's Ingress with cert-manager: https-portal's job in compose (TLS and Let's Encrypt "
                "certificates for DOMAINS) is theirs in Kubernetes, and its HTTP-01 challenge needs its port 80 "
                "reachable from the internet"),
    KnownImage(
        name="nginx", repos=("nginx",),
        source="nginx/docker-nginx mainline Dockerfiles (EXPOSE 80, temp paths under /var/cache/nginx, PID in "
               "/var/run), commit 0d7f4380; Docker Hub nginx page, \"Running nginx in read-only mode\" (mount "
               "/var/cache/nginx and /var/run)",
        ports=(80,), writable=("/var/cache/nginx", "/var/run"),
        why="nginx creates its temp folders under /var/cache/nginx and its PID file in /var/run at start-up; as a "
            "non-root UID its `user` directive is ignored (a warning in the log)",
        suggest="nginxinc/nginx-unprivileged (UID 101, listens on 8080, writes only /tmp)"),
)

def families() -> list[str]:
    """The images of the table, by family name, for the README ("nginx", "nextcloud", …), in table order."""
    out: list[str] = []
    for entry in IMAGES:
        family = entry.name.split(" (")[0].removesuffix(" cron")
        if family not in out:
            out.append(family)
    return out


def split(image: str) -> tuple[str, str]:
    """(repository without Docker Hub's prefixes, tag) of an image reference, both lowercase."""
    ref = parse_image(image)
    return (ref.repo, (ref.tag or "").lower()) if ref else ("", "")


def for_service(d) -> KnownImage | None:
    """The known image a Draft's service runs (its image, else its Dockerfile's base image: App.compose.image)."""
    command = " ".join(str(a) for a in (d.app.entrypoint or ()) + (d.app.command or ()))  # secrets shown as ***
    return match(d.facts.image, command, frozenset(d.facts.env_set))


def match(image: str | None, command: str = "", env: frozenset[str] = frozenset()) -> KnownImage | None:
    if not image:
        return None
    repo, tag = split(image)
    for entry in IMAGES:
        if repo not in entry.repos:
            continue
        if entry.tag and not re.search(entry.tag, tag):
            continue
        if entry.not_tag and re.search(entry.not_tag, tag):
            continue
        if entry.command and not re.search(entry.command, command):
            continue
        if entry.env and not env.intersection(entry.env):
            continue
        return entry
    return None

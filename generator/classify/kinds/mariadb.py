"""MariaDB: recognised; not mapped by the targets yet (reported and left out of the plan)."""

from __future__ import annotations

from generator.classify.kinds.base import Kind
from generator.classify.kinds.generic import generic_facts, planned

DATA_PATHS = ("/var/lib/mysql", "/bitnami/mariadb")

KIND = Kind(
    name="mariadb",
    label="MariaDB",
    images=r"mariadb|mariadb-server",
    commands=r"(^|\s|/)(mariadbd|mysqld)(\s|$)",
    clients=r"(^|\s|/)(mariadb|mariadb-dump)\s",
    healthchecks=r"healthcheck\.sh|mariadb-admin\b",
    family="mysql",
    # MARIADB_* only: the MYSQL_* names are MySQL's too, and would make every mysql image a "mariadb"
    env=r"MARIADB_(ROOT_PASSWORD|ROOT_PASSWORD_FILE|ALLOW_EMPTY_ROOT_PASSWORD|RANDOM_ROOT_PASSWORD|AUTO_UPGRADE)",
    ports=(3306,),
    data_paths=DATA_PATHS,
    default_port=3306,
    url_schemes=("mariadb", "jdbc:mariadb"),
    targets=planned("RDS for MariaDB", "mariadb-operator"),
    facts=generic_facts("mariadb", DATA_PATHS, 3306),
)

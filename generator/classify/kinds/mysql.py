"""MySQL: recognised; not mapped by the targets yet (reported and left out of the plan)."""

from __future__ import annotations

from generator.classify.kinds.base import Kind
from generator.classify.kinds.generic import generic_facts, planned

DATA_PATHS = ("/var/lib/mysql", "/bitnami/mysql")

KIND = Kind(
    name="mysql",
    label="MySQL",
    images=r"mysql|mysql-server|percona(-server)?",
    commands=r"(^|\s|/)mysqld(\s|$)",
    clients=r"(^|\s|/)(mysql|mysqldump)\s",
    healthchecks=r"mysqladmin\b",
    env=r"MYSQL_(ROOT_PASSWORD|ROOT_PASSWORD_FILE|ALLOW_EMPTY_PASSWORD|RANDOM_ROOT_PASSWORD|ROOT_HOST)",
    ports=(3306,),
    data_paths=DATA_PATHS,
    default_port=3306,
    url_schemes=("mysql", "mysql+pymysql", "mysql2", "jdbc:mysql"),
    targets=planned("RDS for MySQL", "MySQL Operator / Percona"),
    facts=generic_facts("mysql", DATA_PATHS, 3306),
)

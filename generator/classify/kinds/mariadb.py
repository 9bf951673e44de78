"""MariaDB (family mysql): a core kind — facts in kinds/sql.py, consumers in classify/consumers.py, env overrides in
plan/mysqlenv.py; each target maps it through its own mapping."""

from __future__ import annotations


from generator.classify.kinds.base import Kind
from generator.classify.kinds.sql import sql_facts

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
    core=True,
    # SQLAlchemy's mariadb dialect (docs.sqlalchemy.org dialects/mysql, "mariadb+mariadbconnector"), Connector/J
    url_schemes=("mariadb", "mariadb+mariadbconnector", "mariadb+pymysql", "mariadb+mysqldb", "jdbc:mariadb"),
    facts=sql_facts("mariadb", DATA_PATHS),
)

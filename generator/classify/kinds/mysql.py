"""MySQL (and Percona Server, MySQL-compatible): a core kind — facts in kinds/sql.py, consumers in classify/consumers.py,
env overrides in plan/mysqlenv.py; each target maps it through its own mapping."""

from __future__ import annotations


from generator.classify.kinds.base import Kind
from generator.classify.kinds.sql import sql_facts

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
    core=True,
    # SQLAlchemy's dialect+driver names (docs.sqlalchemy.org dialects/mysql), mysql2 (Node/Ruby), Connector/J
    url_schemes=("mysql", "mysql2", "mysql+pymysql", "mysql+mysqldb", "mysql+aiomysql", "mysql+asyncmy",
                 "mysql+mysqlconnector", "jdbc:mysql"),
    facts=sql_facts("mysql", DATA_PATHS),
)

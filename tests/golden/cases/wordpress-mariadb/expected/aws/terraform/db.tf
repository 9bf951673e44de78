# db: MariaDB on Amazon RDS, Multi-AZ, encrypted gp3 with autoscaling, TLS required
# (require_secure_transport), reachable only from the app's security group. The master password is generated, kept
# and rotated by RDS in Secrets Manager; Terraform never reads it.
resource "aws_db_subnet_group" "db" {
  name_prefix = "${var.name_prefix}-db-"
  description = "db: private subnets of the app VPC"
  subnet_ids  = var.private_subnet_ids
}

# The family follows var.db_engine_version: a major upgrade replaces this group (family is ForceNew)
# and create_before_destroy hands the new one to the instance in the same ModifyDBInstance call, as RDS requires.
resource "aws_db_parameter_group" "db" {
  name_prefix = "${var.name_prefix}-db-"
  family      = "mariadb${var.db_engine_version}"
  description = "db: TLS required, slow queries logged, routines restorable without SUPER"

  parameter {
    name  = "require_secure_transport"
    value = "1"
  }

  # with backups on, the binary log is on; without SUPER, CREATE FUNCTION/TRIGGER then fails unless this is 1
  parameter {
    name  = "log_bin_trust_function_creators"
    value = "1"
  }

  parameter {
    name  = "slow_query_log"
    value = "1"
  }

  parameter {
    name  = "long_query_time"
    value = "1"
  }

  parameter {
    name  = "log_output"
    value = "FILE"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_security_group" "db" {
  name_prefix = "${var.name_prefix}-db-"
  description = "db (RDS MariaDB): only the app may connect"
  vpc_id      = var.vpc_id

  tags = {
    Name = "${var.name_prefix}-db"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "db_from_app" {
  security_group_id            = aws_security_group.db.id
  description                  = "MariaDB from the app's security group"
  ip_protocol                  = "tcp"
  from_port                    = 3306
  to_port                      = 3306
  referenced_security_group_id = var.app_security_group_id
}

# Operators' hosts (var.operator_security_group_ids, default none): the user step of README.md and the restore of
# MIGRATION.md run from a host in the app's security group or in one of these.
resource "aws_vpc_security_group_ingress_rule" "db_from_operators" {
  for_each = toset(var.operator_security_group_ids)

  security_group_id            = aws_security_group.db.id
  description                  = "MariaDB from an operator host (var.operator_security_group_ids)"
  ip_protocol                  = "tcp"
  from_port                    = 3306
  to_port                      = 3306
  referenced_security_group_id = each.value
}

# The app's side as a standalone rule too (README.md: the app security group must not use inline rules).
resource "aws_vpc_security_group_egress_rule" "app_to_db" {
  security_group_id            = var.app_security_group_id
  description                  = "the app to db (RDS MariaDB)"
  ip_protocol                  = "tcp"
  from_port                    = 3306
  to_port                      = 3306
  referenced_security_group_id = aws_security_group.db.id
}

data "aws_iam_policy_document" "db_monitoring_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["monitoring.rds.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "db_monitoring" {
  name_prefix        = "${var.name_prefix}-db-mon-"
  description        = "Enhanced Monitoring for db (RDS)"
  assume_role_policy = data.aws_iam_policy_document.db_monitoring_assume.json
}

resource "aws_iam_role_policy_attachment" "db_monitoring" {
  role       = aws_iam_role.db_monitoring.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}

resource "aws_db_instance" "db" {
  identifier                            = "${var.name_prefix}-db"
  engine                                = "mariadb"
  engine_version                        = var.db_engine_version
  auto_minor_version_upgrade            = true
  allow_major_version_upgrade           = true
  apply_immediately                     = var.db_apply_immediately
  instance_class                        = var.db_instance_class
  allocated_storage                     = var.db_allocated_storage
  max_allocated_storage                 = var.db_max_allocated_storage
  storage_type                          = "gp3"
  storage_encrypted                     = true
  kms_key_id                            = var.kms_key_arn
  multi_az                              = var.db_multi_az
  db_name                               = "wordpress"
  username                              = "dbadmin"
  manage_master_user_password           = true
  master_user_secret_kms_key_id         = var.kms_key_arn
  iam_database_authentication_enabled   = true
  db_subnet_group_name                  = aws_db_subnet_group.db.name
  vpc_security_group_ids                = [aws_security_group.db.id]
  parameter_group_name                  = aws_db_parameter_group.db.name
  publicly_accessible                   = false
  backup_retention_period               = var.db_backup_retention_days
  backup_window                         = "03:00-04:00"
  maintenance_window                    = "sun:04:30-sun:05:30"
  copy_tags_to_snapshot                 = true
  deletion_protection                   = true
  skip_final_snapshot                   = false
  final_snapshot_identifier             = "${var.name_prefix}-db-final"
  performance_insights_enabled          = true
  performance_insights_retention_period = 7
  performance_insights_kms_key_id       = var.kms_key_arn
  monitoring_interval                   = 60
  monitoring_role_arn                   = aws_iam_role.db_monitoring.arn
  enabled_cloudwatch_logs_exports       = ["error", "slowquery"]

  depends_on = [aws_iam_role_policy_attachment.db_monitoring]

  # A replacement would start from an empty database: README.md lists the arguments that would force one.
  lifecycle {
    prevent_destroy = true
  }
}

# The apps' own user (wpuser): its password is generated here once and does not rotate, so the apps'
# connection settings stay valid when RDS rotates the master secret (which Terraform never reads). README.md
# "Database roles" creates the user in the database, as the master.
resource "random_password" "db_app" {
  length  = 40
  special = false
}

resource "aws_secretsmanager_secret" "db_app" {
  #checkov:skip=CKV2_AWS_57:the apps' database password is generated by Terraform (random_password) and must not change under running apps; rotate it with `tofu apply -replace=random_password.db_app`, then re-run the user step (README.md, "Database roles") and restart the apps
  name                    = "${var.name_prefix}/db/app-user"
  description             = "db: the apps' database user and its password (generated by c2p)"
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = 30
}

resource "aws_secretsmanager_secret_version" "db_app" {
  secret_id = aws_secretsmanager_secret.db_app.id
  secret_string = jsonencode({
    username = "wpuser"
    password = random_password.db_app.result
    dbname   = "wordpress"
  })
}

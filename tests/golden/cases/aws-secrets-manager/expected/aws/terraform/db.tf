# db: PostgreSQL on Amazon RDS, Multi-AZ, encrypted gp3 with autoscaling, TLS forced, reachable
# only from the app's security group. The master password is generated and kept by RDS in Secrets Manager.
resource "aws_db_subnet_group" "db" {
  name_prefix = "${var.name_prefix}-db-"
  description = "db: private subnets of the app VPC"
  subnet_ids  = var.private_subnet_ids
}

resource "aws_db_parameter_group" "db" {
  name_prefix = "${var.name_prefix}-db-"
  family      = "postgres${var.db_engine_version}"
  description = "db: TLS required, slow queries and statements logged"

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  parameter {
    name  = "log_min_duration_statement"
    value = "1000"
  }

  parameter {
    name  = "log_statement"
    value = "ddl"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_security_group" "db" {
  name_prefix = "${var.name_prefix}-db-"
  description = "db (RDS PostgreSQL): only the app may connect"
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
  description                  = "PostgreSQL from the app's security group"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = var.app_security_group_id
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
  engine                                = "postgres"
  engine_version                        = var.db_engine_version
  auto_minor_version_upgrade            = true
  instance_class                        = var.db_instance_class
  allocated_storage                     = var.db_allocated_storage
  max_allocated_storage                 = var.db_max_allocated_storage
  storage_type                          = "gp3"
  storage_encrypted                     = true
  kms_key_id                            = var.kms_key_arn
  multi_az                              = var.db_multi_az
  db_name                               = "shop"
  username                              = "shop"
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
  enabled_cloudwatch_logs_exports       = ["postgresql", "upgrade"]

  depends_on = [aws_iam_role_policy_attachment.db_monitoring]
}

# The RDS-managed master secret, read to assemble the apps' DATABASE_URL (app_env.tf).
data "aws_secretsmanager_secret_version" "db_master" {
  secret_id = aws_db_instance.db.master_user_secret[0].secret_arn
}

# Files the apps keep: one Amazon EFS file system per compose data volume (README.md, "Files the apps keep"),
# encrypted, backed up by AWS Backup, reachable over NFS only from the app's security group and the operators' hosts.

# The availability zone of each private subnet: the mount targets below are keyed by zone.
data "aws_subnet" "private" {
  for_each = toset(var.private_subnet_ids)

  id = each.value
}

locals {
  efs_subnet_per_az = {
    for az, ids in { for s in data.aws_subnet.private : s.availability_zone => s.id... } : az => sort(ids)[0]
  }
}

# wp_data: wordpress at /var/www/html

resource "aws_efs_file_system" "efs_wp_data" {
  creation_token   = "${var.name_prefix}-wp-data"
  encrypted        = true
  kms_key_id       = var.kms_key_arn
  performance_mode = "generalPurpose"
  throughput_mode  = "elastic"

  # Files not read for 30 days move to Infrequent Access, and back to Standard on their first read.
  lifecycle_policy {
    transition_to_ia = "AFTER_30_DAYS"
  }

  lifecycle_policy {
    transition_to_primary_storage_class = "AFTER_1_ACCESS"
  }

  tags = {
    Name = "${var.name_prefix}-wp-data"
  }

  # A replacement would start from an empty file system: README.md lists the arguments that would force one.
  lifecycle {
    prevent_destroy = true
  }
}

# Daily AWS Backup of the file system (the default EFS backup plan, 35 days of recovery points).
resource "aws_efs_backup_policy" "efs_wp_data" {
  file_system_id = aws_efs_file_system.efs_wp_data.id

  backup_policy {
    status = "ENABLED"
  }
}

resource "aws_security_group" "efs_wp_data" {
  name_prefix = "${var.name_prefix}-wp-data-"
  description = "wp_data (Amazon EFS): NFS only from the app"
  vpc_id      = var.vpc_id

  tags = {
    Name = "${var.name_prefix}-wp-data"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "efs_wp_data_from_app" {
  security_group_id            = aws_security_group.efs_wp_data.id
  description                  = "NFS from the app's security group"
  ip_protocol                  = "tcp"
  from_port                    = 2049
  to_port                      = 2049
  referenced_security_group_id = var.app_security_group_id
}

# The app's side as a standalone rule too (README.md: the app security group must not use inline rules).
resource "aws_vpc_security_group_egress_rule" "app_to_efs_wp_data" {
  security_group_id            = var.app_security_group_id
  description                  = "the app to wp_data (Amazon EFS, NFS)"
  ip_protocol                  = "tcp"
  from_port                    = 2049
  to_port                      = 2049
  referenced_security_group_id = aws_security_group.efs_wp_data.id
}

resource "aws_vpc_security_group_ingress_rule" "efs_wp_data_from_operators" {
  for_each = toset(var.operator_security_group_ids)

  security_group_id            = aws_security_group.efs_wp_data.id
  description                  = "NFS from an operator host (var.operator_security_group_ids): the file copy"
  ip_protocol                  = "tcp"
  from_port                    = 2049
  to_port                      = 2049
  referenced_security_group_id = each.value
}

# One mount target per availability zone (EFS allows only one per zone: CreateMountTarget fails with
# MountTargetConflict on a second subnet in the same zone), in the first private subnet of that zone by ID; an app
# in another subnet of the zone mounts through it.
resource "aws_efs_mount_target" "efs_wp_data" {
  for_each = local.efs_subnet_per_az

  file_system_id  = aws_efs_file_system.efs_wp_data.id
  subnet_id       = each.value
  security_groups = [aws_security_group.efs_wp_data.id]
}

# Inputs. Networking is the team's: the existing VPC, its private subnets and the app's security group.
# Sizes, versions and HA are defaulted from the c2p plan; README.md says why each default was chosen.

variable "region" {
  description = "AWS region to deploy into (Tiger Cloud and HCP use the same region)."
  type        = string
  default     = "eu-central-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must look like eu-central-1."
  }
}

variable "name_prefix" {
  description = "Prefix of every resource name (lowercase letters, digits, hyphens)."
  type        = string
  default     = "ghost-mysql"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,18}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 2-20 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "tags" {
  description = "Tags added to every AWS resource (provider default_tags)."
  type        = map(string)
  default     = {}
}

variable "vpc_id" {
  description = "ID of the existing VPC the app runs in."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "vpc_id must be a VPC ID (vpc-...)."
  }
}

variable "private_subnet_ids" {
  description = "Private subnets (in at least two availability zones) for the databases and caches."
  type        = list(string)

  validation {
    condition     = length(var.private_subnet_ids) >= 2
    error_message = "Give at least two private subnets in different availability zones (Multi-AZ)."
  }
}

variable "app_security_group_id" {
  description = "Security group of the app's tasks/pods: the only source allowed to reach the data services."
  type        = string

  validation {
    condition     = can(regex("^sg-[0-9a-f]+$", var.app_security_group_id))
    error_message = "app_security_group_id must be a security group ID (sg-...)."
  }
}

variable "operator_security_group_ids" {
  description = "Security groups of operators' hosts (a bastion, a CI runner in the VPC) also admitted to the databases, caches and file systems, for the role, restore and copy steps of README.md and MIGRATION.md. Empty: only the app's security group."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for id in var.operator_security_group_ids : can(regex("^sg-[0-9a-f]+$", id))])
    error_message = "operator_security_group_ids must be security group IDs (sg-...)."
  }
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key for encryption at rest and secrets; null uses the AWS-managed keys."
  type        = string
  default     = null
}

variable "db_engine_version" {
  description = "db (RDS): MySQL major version; minor versions upgrade automatically."
  type        = string
  default     = "8.0"

  validation {
    condition     = contains(["5.7", "8.0", "8.4", "9.7"], var.db_engine_version)
    error_message = "Give a MySQL major version RDS offers (5.7, 8.0, 8.4, 9.7)."
  }
}

variable "db_instance_class" {
  description = "db (RDS): instance class."
  type        = string
  default     = "db.m7g.large"

  validation {
    condition     = !contains(["db.t2.micro", "db.t2.small", "db.t3.micro", "db.t3.small", "db.t4g.micro", "db.t4g.small"], var.db_instance_class)
    error_message = "Performance Insights is not available on micro and small classes: use db.t4g.medium or larger."
  }
}

variable "db_allocated_storage" {
  description = "db (RDS): initial gp3 storage in GiB."
  type        = number
  default     = 50

  validation {
    condition     = var.db_allocated_storage >= 20
    error_message = "gp3 storage starts at 20 GiB."
  }
}

variable "db_max_allocated_storage" {
  description = "db (RDS): storage autoscaling ceiling in GiB."
  type        = number
  default     = 500

  validation {
    condition     = var.db_max_allocated_storage > var.db_allocated_storage
    error_message = "The autoscaling ceiling must be above the initial storage."
  }
}

variable "db_multi_az" {
  description = "db (RDS): synchronous standby in another availability zone."
  type        = bool
  default     = true
}

variable "db_backup_retention_days" {
  description = "db (RDS): days of automated backups and point-in-time recovery."
  type        = number
  default     = 14

  validation {
    condition     = var.db_backup_retention_days >= 1 && var.db_backup_retention_days <= 35
    error_message = "RDS keeps backups 1 to 35 days (0 would turn backups off)."
  }
}

variable "db_apply_immediately" {
  description = "db (RDS): apply changes now instead of in the maintenance window; true for a major version upgrade (README.md, Upgrades)."
  type        = bool
  default     = false
}

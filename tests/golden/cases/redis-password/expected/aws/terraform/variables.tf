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
  default     = "queue"

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

variable "logs_kms_key_arn" {
  description = "KMS key of the CloudWatch log groups; its key policy must allow the service principal logs.<region>.amazonaws.com (README.md, Encryption keys). null: CloudWatch Logs' own encryption."
  type        = string
  default     = null
}

variable "cache_engine_version" {
  description = "cache (ElastiCache valkey): engine version."
  type        = string
  default     = "8.1"

  validation {
    condition     = can(regex("^[0-9]+\\.[0-9]+$", var.cache_engine_version))
    error_message = "Give a major.minor version, e.g. 8.1."
  }
}

variable "cache_node_type" {
  description = "cache (ElastiCache): node type."
  type        = string
  default     = "cache.m7g.large"
}

variable "cache_num_cache_clusters" {
  description = "cache (ElastiCache): nodes (primary + replicas)."
  type        = number
  default     = 2

  validation {
    condition     = var.cache_num_cache_clusters >= 2 && var.cache_num_cache_clusters <= 6
    error_message = "Automatic failover and Multi-AZ need 2 to 6 nodes."
  }
}

variable "cache_snapshot_retention_days" {
  description = "cache (ElastiCache): days daily snapshots are kept."
  type        = number
  default     = 7

  validation {
    condition     = var.cache_snapshot_retention_days >= 1 && var.cache_snapshot_retention_days <= 35
    error_message = "Keep snapshots 1 to 35 days (0 would turn backups off)."
  }
}

variable "cache_auth_token_update_strategy" {
  description = "cache (ElastiCache): ROTATE adds a new auth token and keeps the old one valid; SET, applied after a ROTATE, makes the current token the only one (README.md, Rotating the auth token)."
  type        = string
  default     = "ROTATE"

  validation {
    condition     = contains(["ROTATE", "SET"], var.cache_auth_token_update_strategy)
    error_message = "auth_token_update_strategy is ROTATE or SET."
  }
}

variable "cache_snapshot_arns" {
  description = "cache (ElastiCache): RDB files in S3 that seed the group when it is created (MIGRATION.md); ignored once the group exists."
  type        = list(string)
  default     = []
}

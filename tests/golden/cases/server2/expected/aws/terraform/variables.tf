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
  default     = "server2"

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

variable "private_route_table_ids" {
  description = "Route tables of the app's private subnets: each gets a route to the peered managed-service network."
  type        = list(string)
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

variable "hcp_project_id" {
  description = "HCP project that owns the HVN and the Vault cluster."
  type        = string
}

variable "timescale_project_id" {
  description = "Tiger Cloud project ID."
  type        = string
}

variable "timescale_access_key" {
  description = "Tiger Cloud client credentials: access key."
  type        = string
  sensitive   = true
}

variable "timescale_secret_key" {
  description = "Tiger Cloud client credentials: secret key."
  type        = string
  sensitive   = true
}

variable "timescaledb_milli_cpu" {
  description = "timescaledb (Tiger Cloud): CPU in millicores."
  type        = number
  default     = 2000

  validation {
    condition     = contains([500, 1000, 2000, 4000, 8000, 16000, 32000, 48000, 64000], var.timescaledb_milli_cpu)
    error_message = "Tiger Cloud sizes: 500, 1000, 2000, 4000, 8000, 16000, 32000, 48000, 64000."
  }
}

variable "timescaledb_memory_gb" {
  description = "timescaledb (Tiger Cloud): memory in GB, milli_cpu / 250."
  type        = number
  default     = 8

  validation {
    condition     = var.timescaledb_memory_gb * 250 == var.timescaledb_milli_cpu
    error_message = "Tiger Cloud pairs 4 GB of memory with each vCPU: memory_gb = milli_cpu / 250."
  }
}

variable "timescaledb_ha_replicas" {
  description = "timescaledb (Tiger Cloud): HA replicas (0 none, 1 high availability, 2 highest)."
  type        = number
  default     = 1

  validation {
    condition     = contains([0, 1, 2], var.timescaledb_ha_replicas)
    error_message = "ha_replicas is 0, 1 or 2."
  }
}

variable "timescaledb_sync_replicas" {
  description = "timescaledb (Tiger Cloud): synchronous replicas (1 only with 2 HA replicas)."
  type        = number
  default     = 0

  validation {
    condition     = var.timescaledb_sync_replicas == 0 || (var.timescaledb_sync_replicas == 1 && var.timescaledb_ha_replicas == 2)
    error_message = "sync_replicas = 1 needs ha_replicas = 2."
  }
}

variable "timescaledb_vpc_cidr" {
  description = "timescaledb (Tiger Cloud): CIDR of the Tiger Cloud VPC; must not overlap the app VPC."
  type        = string
  default     = "10.250.0.0/24"

  validation {
    condition     = can(cidrhost(var.timescaledb_vpc_cidr, 0))
    error_message = "Give an IPv4 CIDR block."
  }
}

variable "redis_engine_version" {
  description = "redis (ElastiCache valkey): engine version."
  type        = string
  default     = "8.1"

  validation {
    condition     = can(regex("^[0-9]+\\.[0-9]+$", var.redis_engine_version))
    error_message = "Give a major.minor version, e.g. 8.1."
  }
}

variable "redis_node_type" {
  description = "redis (ElastiCache): node type."
  type        = string
  default     = "cache.m7g.large"
}

variable "redis_num_cache_clusters" {
  description = "redis (ElastiCache): nodes (primary + replicas)."
  type        = number
  default     = 2

  validation {
    condition     = var.redis_num_cache_clusters >= 2 && var.redis_num_cache_clusters <= 6
    error_message = "Automatic failover and Multi-AZ need 2 to 6 nodes."
  }
}

variable "redis_snapshot_retention_days" {
  description = "redis (ElastiCache): days daily snapshots are kept."
  type        = number
  default     = 7

  validation {
    condition     = var.redis_snapshot_retention_days >= 1 && var.redis_snapshot_retention_days <= 35
    error_message = "Keep snapshots 1 to 35 days (0 would turn backups off)."
  }
}

variable "redis_auth_token_update_strategy" {
  description = "redis (ElastiCache): ROTATE adds a new auth token and keeps the old one valid; SET, applied after a ROTATE, makes the current token the only one (README.md, Rotating the auth token)."
  type        = string
  default     = "ROTATE"

  validation {
    condition     = contains(["ROTATE", "SET"], var.redis_auth_token_update_strategy)
    error_message = "auth_token_update_strategy is ROTATE or SET."
  }
}

variable "redis_snapshot_arns" {
  description = "redis (ElastiCache): RDB files in S3 that seed the group when it is created (MIGRATION.md); ignored once the group exists."
  type        = list(string)
  default     = []
}

variable "vault_tier" {
  description = "vault (HCP Vault Dedicated): cluster tier; never dev in production."
  type        = string
  default     = "standard_small"

  validation {
    condition     = contains(["standard_small", "standard_medium", "standard_large", "plus_small", "plus_medium", "plus_large"], var.vault_tier)
    error_message = "Use a production tier: standard_small, standard_medium, standard_large, plus_small, plus_medium, plus_large."
  }
}

variable "vault_hvn_cidr" {
  description = "vault (HCP): CIDR of the HashiCorp Virtual Network; must not overlap the app VPC."
  type        = string
  default     = "172.25.16.0/20"

  validation {
    condition     = try(cidrhost(var.vault_hvn_cidr, 0) == split("/", var.vault_hvn_cidr)[0] && tonumber(split("/", var.vault_hvn_cidr)[1]) >= 16 && tonumber(split("/", var.vault_hvn_cidr)[1]) <= 25 && (cidrhost(format("%s/8", split("/", var.vault_hvn_cidr)[0]), 0) == "10.0.0.0" || cidrhost(format("%s/12", split("/", var.vault_hvn_cidr)[0]), 0) == "172.16.0.0" || cidrhost(format("%s/16", split("/", var.vault_hvn_cidr)[0]), 0) == "192.168.0.0"), false)
    error_message = "The HVN CIDR must be an RFC 1918 block (in 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16) from /16 to /25, written as the start of its range."
  }
}

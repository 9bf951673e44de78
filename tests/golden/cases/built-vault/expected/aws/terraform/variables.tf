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
  default     = "secrets"

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

variable "app_security_group_id" {
  description = "Security group of the app's tasks/pods: the only source allowed to reach the data services."
  type        = string

  validation {
    condition     = can(regex("^sg-[0-9a-f]+$", var.app_security_group_id))
    error_message = "app_security_group_id must be a security group ID (sg-...)."
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

variable "hcp_project_id" {
  description = "HCP project that owns the HVN and the Vault cluster."
  type        = string
}

variable "secrets_tier" {
  description = "secrets (HCP Vault Dedicated): cluster tier; never dev in production."
  type        = string
  default     = "standard_small"

  validation {
    condition     = contains(["standard_small", "standard_medium", "standard_large", "plus_small", "plus_medium", "plus_large"], var.secrets_tier)
    error_message = "Use a production tier: standard_small, standard_medium, standard_large, plus_small, plus_medium, plus_large."
  }
}

variable "secrets_hvn_cidr" {
  description = "secrets (HCP): CIDR of the HashiCorp Virtual Network; must not overlap the app VPC."
  type        = string
  default     = "172.25.16.0/20"

  validation {
    condition     = try(cidrhost(var.secrets_hvn_cidr, 0) == split("/", var.secrets_hvn_cidr)[0] && tonumber(split("/", var.secrets_hvn_cidr)[1]) >= 16 && tonumber(split("/", var.secrets_hvn_cidr)[1]) <= 25 && (cidrhost(format("%s/8", split("/", var.secrets_hvn_cidr)[0]), 0) == "10.0.0.0" || cidrhost(format("%s/12", split("/", var.secrets_hvn_cidr)[0]), 0) == "172.16.0.0" || cidrhost(format("%s/16", split("/", var.secrets_hvn_cidr)[0]), 0) == "192.168.0.0"), false)
    error_message = "The HVN CIDR must be an RFC 1918 block (in 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16) from /16 to /25, written as the start of its range."
  }
}

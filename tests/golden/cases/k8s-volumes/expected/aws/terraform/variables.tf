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
  default     = "media"

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

variable "kms_key_arn" {
  description = "Customer-managed KMS key for encryption at rest and secrets; null uses the AWS-managed keys."
  type        = string
  default     = null
}

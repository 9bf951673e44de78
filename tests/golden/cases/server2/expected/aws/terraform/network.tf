# The team's existing network, read and never created: c2p does not invent VPCs, subnets or routes.
data "aws_vpc" "app" {
  id = var.vpc_id
}

data "aws_caller_identity" "current" {}

# secrets: HCP Vault Dedicated (managed HA, integrated storage, auto-unseal, snapshots), with no public
# endpoint: the HashiCorp Virtual Network (HVN) is peered with the app's VPC, routes both ways.
resource "hcp_hvn" "secrets" {
  hvn_id         = "${var.name_prefix}-secrets-hvn"
  cloud_provider = "aws"
  region         = var.region
  cidr_block     = var.secrets_hvn_cidr
}

resource "hcp_vault_cluster" "secrets" {
  cluster_id      = "${var.name_prefix}-secrets"
  hvn_id          = hcp_hvn.secrets.hvn_id
  tier            = var.secrets_tier
  public_endpoint = false
  proxy_endpoint  = "DISABLED"

  lifecycle {
    prevent_destroy = true
  }
}

resource "hcp_aws_network_peering" "secrets" {
  hvn_id          = hcp_hvn.secrets.hvn_id
  peering_id      = "${var.name_prefix}-secrets-peering"
  peer_vpc_id     = var.vpc_id
  peer_account_id = data.aws_caller_identity.current.account_id
  peer_vpc_region = var.region
}

resource "aws_vpc_peering_connection_accepter" "secrets" {
  vpc_peering_connection_id = hcp_aws_network_peering.secrets.provider_peering_id
  auto_accept               = true

  tags = {
    Name = "${var.name_prefix}-secrets-hcp-hvn"
  }
}

resource "hcp_hvn_route" "secrets" {
  hvn_link         = hcp_hvn.secrets.self_link
  hvn_route_id     = "${var.name_prefix}-secrets-to-vpc"
  destination_cidr = data.aws_vpc.app.cidr_block
  target_link      = hcp_aws_network_peering.secrets.self_link

  depends_on = [aws_vpc_peering_connection_accepter.secrets]
}

resource "aws_route" "secrets" {
  for_each = toset(var.private_route_table_ids)

  route_table_id            = each.value
  destination_cidr_block    = hcp_hvn.secrets.cidr_block
  vpc_peering_connection_id = aws_vpc_peering_connection_accepter.secrets.id
}

resource "aws_vpc_security_group_egress_rule" "app_to_secrets" {
  security_group_id = var.app_security_group_id
  description       = "secrets (HCP Vault) from the app over the HVN peering"
  ip_protocol       = "tcp"
  from_port         = 8200
  to_port           = 8200
  cidr_ipv4         = hcp_hvn.secrets.cidr_block
}

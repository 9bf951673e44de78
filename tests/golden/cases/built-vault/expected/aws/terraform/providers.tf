provider "aws" {
  region = var.region

  default_tags {
    tags = var.tags
  }
}

# HCP credentials come from the environment (HCP_CLIENT_ID / HCP_CLIENT_SECRET of a service principal).
provider "hcp" {
  project_id = var.hcp_project_id
}

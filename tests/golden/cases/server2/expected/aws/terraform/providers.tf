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

# Tiger Cloud (ex-Timescale Cloud) client credentials: Project settings → Create credentials.
provider "timescale" {
  project_id = var.timescale_project_id
  access_key = var.timescale_access_key
  secret_key = var.timescale_secret_key
}

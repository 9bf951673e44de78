# timescaledb: TimescaleDB on Tiger Cloud (timescale/timescale). RDS and Aurora do not offer the
# timescaledb extension, so Tiger Cloud is the managed TimescaleDB on AWS. Decisions: README.md.
resource "timescale_service" "timescaledb" {
  name                      = "${var.name_prefix}-timescaledb"
  region_code               = var.region
  milli_cpu                 = var.timescaledb_milli_cpu
  memory_gb                 = var.timescaledb_memory_gb
  ha_replicas               = var.timescaledb_ha_replicas
  sync_replicas             = var.timescaledb_sync_replicas
  connection_pooler_enabled = true
  environment_tag           = "PROD"

  lifecycle {
    prevent_destroy = true
  }
}

output "app_env_secret_arns" {
  description = "Secrets Manager ARN of each app service's production environment (JSON)."
  value       = { for name, secret in aws_secretsmanager_secret.app_env : name => secret.arn }
}

output "app_secrets_read_policy_arns" {
  description = "IAM policy per app service that reads its secrets: attach it to the role that fetches them (ECS task execution role, External Secrets)."
  value       = { for name, policy in aws_iam_policy.app_secrets_read : name => policy.arn }
}

output "timescaledb_hostname" {
  description = "timescaledb (Tiger Cloud): primary endpoint host."
  value       = timescale_service.timescaledb.hostname
}

output "timescaledb_port" {
  description = "timescaledb (Tiger Cloud): primary endpoint port."
  value       = timescale_service.timescaledb.port
}

output "timescaledb_password" {
  description = "timescaledb (Tiger Cloud): tsdbadmin password, for the migration (tofu output -raw)."
  value       = timescale_service.timescaledb.password
  sensitive   = true
}

output "timescaledb_app_username" {
  description = "timescaledb (Tiger Cloud): the apps' database role (not tsdbadmin)."
  value       = "server2"
}

output "timescaledb_app_secret_arn" {
  description = "timescaledb (Tiger Cloud): Secrets Manager secret with the apps' role and password (JSON)."
  value       = aws_secretsmanager_secret.timescaledb_app.arn
}

output "redis_primary_endpoint" {
  description = "redis (ElastiCache): primary endpoint host (TLS)."
  value       = aws_elasticache_replication_group.redis.primary_endpoint_address
}

output "redis_auth_token_secret_arn" {
  description = "redis (ElastiCache): Secrets Manager secret holding the auth token."
  value       = aws_secretsmanager_secret.redis_auth.arn
}

output "redis_auth_token" {
  description = "redis (ElastiCache): auth token, for the migration (tofu output -raw)."
  value       = random_password.redis_auth.result
  sensitive   = true
}

output "vault_private_endpoint_url" {
  description = "vault (HCP Vault): VAULT_ADDR, reachable over the HVN peering."
  value       = hcp_vault_cluster.vault.vault_private_endpoint_url
}

output "vault_namespace" {
  description = "vault (HCP Vault): VAULT_NAMESPACE for the app."
  value       = hcp_vault_cluster.vault.namespace
}

output "app_env_secret_arns" {
  description = "Secrets Manager ARN of each app service's production environment (JSON)."
  value       = { for name, secret in aws_secretsmanager_secret.app_env : name => secret.arn }
}

output "app_secrets_read_policy_arns" {
  description = "IAM policy per app service that reads its secrets: attach it to the role that fetches them (ECS task execution role, External Secrets)."
  value       = { for name, policy in aws_iam_policy.app_secrets_read : name => policy.arn }
}

output "db_address" {
  description = "db (RDS): endpoint host."
  value       = aws_db_instance.db.address
}

output "db_master_user_secret_arn" {
  description = "db (RDS): Secrets Manager secret with the master username and password (managed by RDS)."
  value       = aws_db_instance.db.master_user_secret[0].secret_arn
}

output "db_app_username" {
  description = "db (RDS): the apps' database role (not the master)."
  value       = "shop"
}

output "db_app_secret_arn" {
  description = "db (RDS): Secrets Manager secret with the apps' role and password (JSON)."
  value       = aws_secretsmanager_secret.db_app.arn
}

output "vault_secret_arns" {
  description = "vault (Secrets Manager, instead of Vault): ARN of each secret, by name."
  value       = { for name, secret in aws_secretsmanager_secret.vault : name => secret.arn }
}

output "vault_read_policy_arn" {
  description = "vault (Secrets Manager): IAM policy that reads those secrets; attach it to the apps' roles."
  value       = aws_iam_policy.vault_read.arn
}

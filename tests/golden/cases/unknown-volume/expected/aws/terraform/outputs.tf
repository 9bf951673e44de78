output "app_env_secret_arns" {
  description = "Secrets Manager ARN of each app service's production environment (JSON)."
  value       = { for name, secret in aws_secretsmanager_secret.app_env : name => secret.arn }
}

output "app_secrets_read_policy_arns" {
  description = "IAM policy per app service that reads its secrets: attach it to the role that fetches them (ECS task execution role, External Secrets)."
  value       = { for name, policy in aws_iam_policy.app_secrets_read : name => policy.arn }
}

output "app_user_secret_arns" {
  description = "Secrets Manager ARN of each app service's values you supply (JSON; Terraform never sets them)."
  value       = { for name, secret in aws_secretsmanager_secret.app_user : name => secret.arn }
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
  value       = "search"
}

output "db_app_secret_arn" {
  description = "db (RDS): Secrets Manager secret with the apps' role and password (JSON)."
  value       = aws_secretsmanager_secret.db_app.arn
}

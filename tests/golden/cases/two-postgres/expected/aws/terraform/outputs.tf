output "app_env_secret_arns" {
  description = "Secrets Manager ARN of each app service's production environment (JSON)."
  value       = { for name, secret in aws_secretsmanager_secret.app_env : name => secret.arn }
}

output "app_secrets_read_policy_arns" {
  description = "IAM policy per app service that reads its secrets: attach it to the role that fetches them (ECS task execution role, External Secrets)."
  value       = { for name, policy in aws_iam_policy.app_secrets_read : name => policy.arn }
}

output "orders_db_address" {
  description = "orders-db (RDS): endpoint host."
  value       = aws_db_instance.orders_db.address
}

output "orders_db_master_user_secret_arn" {
  description = "orders-db (RDS): Secrets Manager secret with the master username and password (managed by RDS)."
  value       = aws_db_instance.orders_db.master_user_secret[0].secret_arn
}

output "orders_db_app_username" {
  description = "orders-db (RDS): the apps' database role (not the master)."
  value       = "orders"
}

output "orders_db_app_secret_arn" {
  description = "orders-db (RDS): Secrets Manager secret with the apps' role and password (JSON)."
  value       = aws_secretsmanager_secret.orders_db_app.arn
}

output "stores_db_address" {
  description = "stores-db (RDS): endpoint host."
  value       = aws_db_instance.stores_db.address
}

output "stores_db_master_user_secret_arn" {
  description = "stores-db (RDS): Secrets Manager secret with the master username and password (managed by RDS)."
  value       = aws_db_instance.stores_db.master_user_secret[0].secret_arn
}

output "stores_db_app_username" {
  description = "stores-db (RDS): the apps' database role (not the master)."
  value       = "stores"
}

output "stores_db_app_secret_arn" {
  description = "stores-db (RDS): Secrets Manager secret with the apps' role and password (JSON)."
  value       = aws_secretsmanager_secret.stores_db_app.arn
}

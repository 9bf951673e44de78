output "app_env_secret_arns" {
  description = "Secrets Manager ARN of each app service's production environment (JSON)."
  value       = { for name, secret in aws_secretsmanager_secret.app_env : name => secret.arn }
}

output "app_secrets_read_policy_arns" {
  description = "IAM policy per app service that reads its secrets: attach it to the role that fetches them (ECS task execution role, External Secrets)."
  value       = { for name, policy in aws_iam_policy.app_secrets_read : name => policy.arn }
}

output "db_address" {
  description = "db (RDS MariaDB): endpoint host."
  value       = aws_db_instance.db.address
}

output "db_master_user_secret_arn" {
  description = "db (RDS MariaDB): Secrets Manager secret with the master username and password (managed by RDS)."
  value       = aws_db_instance.db.master_user_secret[0].secret_arn
}

output "db_app_username" {
  description = "db (RDS MariaDB): the apps' database user (not the master)."
  value       = "wordpress"
}

output "db_app_secret_arn" {
  description = "db (RDS MariaDB): Secrets Manager secret with the apps' user and password (JSON)."
  value       = aws_secretsmanager_secret.db_app.arn
}

output "efs_wp_data_file_system_id" {
  description = "wp_data (Amazon EFS): file system ID, for the task's efsVolumeConfiguration or the EFS CSI volume handle."
  value       = aws_efs_file_system.efs_wp_data.id
}

output "efs_wp_data_dns_name" {
  description = "wp_data (Amazon EFS): DNS name to mount it over NFS (the file copy, MIGRATION.md)."
  value       = aws_efs_file_system.efs_wp_data.dns_name
}

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

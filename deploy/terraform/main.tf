# RoleCall's reader role in one account (../../README.md, "Reading an organization"). Apply it in
# every account RoleCall reads other than its own, e.g. with one aliased provider per account:
#
#   module "rolecall_reader_prod" {
#     source                 = "./deploy/terraform"
#     providers              = { aws = aws.prod }
#     rolecall_principal_arn = "arn:aws:iam::111111111111:role/rolecall"
#   }
#
# The permissions are read from ../reader-policy.json: exactly those the README lists.

terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 5.0" }
  }
}

variable "rolecall_principal_arn" {
  description = "The ARN of the role (or user) RoleCall runs as; its sessions assume this role."
  type        = string
}

variable "reader_role_name" {
  description = "The role's name; RoleCall's ROLECALL_READER_ROLE must match it."
  type        = string
  default     = "rolecall-reader"
}

variable "external_id" {
  description = "Optional external ID RoleCall must pass (ROLECALL_READER_EXTERNAL_ID)."
  type        = string
  default     = ""
}

data "aws_iam_policy_document" "trust" {
  statement {
    sid     = "TrustRoleCall"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = [var.rolecall_principal_arn]
    }
    dynamic "condition" {
      for_each = var.external_id == "" ? [] : [var.external_id]
      content {
        test     = "StringEquals"
        variable = "sts:ExternalId"
        values   = [condition.value]
      }
    }
  }
}

resource "aws_iam_role" "reader" {
  name                 = var.reader_role_name
  description          = "Read by RoleCall (explains AssumeRole failures). Read-only."
  max_session_duration = 3600
  assume_role_policy   = data.aws_iam_policy_document.trust.json
}

resource "aws_iam_role_policy" "read" {
  name   = "rolecall-read"
  role   = aws_iam_role.reader.id
  policy = file("${path.module}/../reader-policy.json")
}

output "reader_role_arn" {
  value = aws_iam_role.reader.arn
}

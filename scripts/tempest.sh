#!/usr/bin/env bash
# Runs Debian's Tempest API tests (identity, image and compute) against a nubo: writes a workspace and tempest.conf, runs, summarises, keeps results.
#
# usage: scripts/tempest.sh [--url URL --data-dir DIR] [--workspace DIR] [--concurrency N]
#                           [--exclude-list FILE] [REGEX]
#
#   REGEX           tests to run (default ^tempest\.api\.(identity|image|compute))
#   --url URL       a running nubo, e.g. http://127.0.0.1:5000 (its identity is URL/identity/v3); with --data-dir
#   --data-dir DIR  that nubo's data dir, for DIR/credentials.json (admin password)
#                   Without --url and --data-dir the script starts its own nubo on a free port and stops it at exit.
#   --workspace DIR Tempest workspace (default .tempest/api); results land in DIR/results/
#   --concurrency N Tempest workers (default 2)
#   --exclude-list  regexes of tests not to run (default scripts/tempest-exclude.txt)
#
# The last line printed is `tempest-summary: passed=N failed=N skipped=N time=Ns`; the exit status is Tempest's.
# Needs Debian's `tempest` package (apt-get install tempest), which brings /usr/bin/tempest and its Python.
set -euo pipefail

repo=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
regex='^tempest\.api\.(identity|image|compute)'
url=''
data_dir=''
workspace="$repo/.tempest/api"
concurrency=2
exclude_list="$repo/scripts/tempest-exclude.txt"

while [ $# -gt 0 ]; do
  case "$1" in
    --url) url=$2; shift 2 ;;
    --data-dir) data_dir=$2; shift 2 ;;
    --workspace) workspace=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    --exclude-list) exclude_list=$2; shift 2 ;;
    -h | --help) sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "tempest.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) regex=$1; shift ;;
  esac
done

tempest_bin=/usr/bin/tempest
python=/usr/bin/python3
if [ ! -x "$tempest_bin" ]; then
  echo "tempest.sh: $tempest_bin is missing; install Debian's package: apt-get install tempest" >&2
  exit 2
fi
if { [ -n "$url" ] && [ -z "$data_dir" ]; } || { [ -z "$url" ] && [ -n "$data_dir" ]; }; then
  echo "tempest.sh: give --url and --data-dir together, or neither (then the script starts its own nubo)" >&2
  exit 2
fi

own_data_dir=''
stop_own_nubo() {
  if [ -n "$own_data_dir" ]; then
    "$repo/bin/nubo" down --data-dir "$own_data_dir" >/dev/null 2>&1 || true
    rm -rf "$own_data_dir"
  fi
}
trap stop_own_nubo EXIT

if [ -z "$url" ]; then
  own_data_dir=$(mktemp -d "${TMPDIR:-/tmp}/nubo-tempest-XXXXXX")
  port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  echo "tempest.sh: starting nubo on port $port (data dir $own_data_dir)" >&2
  # Cost 4 keeps the many logins of a Tempest run fast; it is configuration, not behaviour.
  NUBO_IDENTITY_BCRYPT_COST=${NUBO_IDENTITY_BCRYPT_COST:-4} "$repo/bin/nubo" up --detach --data-dir "$own_data_dir" \
    --port "$port" --no-clouds-yaml >&2
  url="http://127.0.0.1:$port"
  data_dir=$own_data_dir
fi

admin_password=$("$python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["admin"]["password"])' \
  "$data_dir/credentials.json")

# Compute tests boot servers from two images and two flavors: made once per cloud (found by name after that).
# The images are 1 MiB of zeros: the fake driver boots anything; the container driver would refuse them.
export OS_AUTH_URL="$url/identity/v3" OS_USERNAME=admin OS_PASSWORD="$admin_password" OS_PROJECT_NAME=admin \
  OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default OS_IDENTITY_API_VERSION=3 OS_REGION_NAME=RegionOne
compute_ref() { # kind name create-args... → id
  local kind=$1 name=$2
  shift 2
  openstack "$kind" show "$name" -f value -c id 2>/dev/null || openstack "$kind" create "$@" "$name" -f value -c id
}
image_data=$(mktemp "${TMPDIR:-/tmp}/nubo-tempest-image-XXXXXX")
head -c 1048576 /dev/zero >"$image_data"
image_ref=$(compute_ref image tempest-image-1 --public --disk-format raw --container-format bare --file "$image_data")
image_ref_alt=$(compute_ref image tempest-image-2 --public --disk-format raw --container-format bare --file "$image_data")
rm -f "$image_data"
flavor_ref=$(compute_ref flavor tempest-nano --ram 128 --disk 1 --vcpus 1)
flavor_ref_alt=$(compute_ref flavor tempest-micro --ram 192 --disk 1 --vcpus 1)

mkdir -p "$workspace/etc" "$workspace/logs" "$workspace/lock" "$workspace/results"
workspace=$(cd "$workspace" && pwd)
# Tempest appends to its log; one run per log keeps it readable.
rm -f "$workspace/logs/tempest.log" "$workspace/results/"tempest.*
conf="$workspace/etc/tempest.conf"

# Written by hand rather than by `tempest init`, which would also register the workspace in ~/.tempest.
cat >"$workspace/.stestr.conf" <<EOF
[DEFAULT]
test_path=/usr/lib/python3/dist-packages/tempest/test_discover
top_dir=/usr/lib/python3/dist-packages/tempest
group_regex=([^\.]*\.)*
EOF

cat >"$conf" <<EOF
# Written by scripts/tempest.sh for the nubo at $url; rewritten on every run.
[DEFAULT]
log_dir = $workspace/logs
log_file = tempest.log

[oslo_concurrency]
lock_path = $workspace/lock

[auth]
# Tempest makes a project and a user per test class through the admin API.
use_dynamic_credentials = True
create_isolated_networks = False
admin_username = admin
admin_password = $admin_password
admin_project_name = admin
admin_domain_name = Default
default_credentials_domain_name = Default

[identity]
uri_v3 = $url/identity/v3
auth_version = v3
region = RegionOne
# nubo serves every interface from one URL; public is what clients use.
v3_endpoint_type = public
admin_role = admin
default_domain_id = default

[identity-feature-enabled]
api_v2 = False
api_v3 = True
# OS-TRUST is not implemented.
trust = False
# No PCI-DSS options (lockout, password history, password expiry).
security_compliance = False
application_credentials = True
# Application credential access rules are not implemented.
access_rules = False
project_tags = True
domain_specific_drivers = False
immutable_user_source = False
# OS-INHERIT grants are implemented; OS-EC2 credentials are not.
api_extensions = OS-INHERIT

[image-feature-enabled]
import_image = False
manage_locations = False
os_glance_reserved = True

[compute]
image_ref = $image_ref
image_ref_alt = $image_ref_alt
flavor_ref = $flavor_ref
flavor_ref_alt = $flavor_ref_alt
region = RegionOne
min_microversion = 2.1
max_microversion = 2.96
build_timeout = 60

[compute-feature-enabled]
# What nubo's Compute does with the fake driver (docs/tempest.md explains each).
live_migration = False
cold_migration = True
resize = True
change_password = False
console_output = True
vnc_console = False
spice_console = False
serial_console = False
rescue = True
pause = True
suspend = True
shelve = True
snapshot = True
interface_attach = False
attach_encrypted_volume = False
personality = False
config_drive = True
metadata_service = False

[validation]
# Tempest's servers are not reachable over the network (fake driver, no floating IPs for Tempest).
run_validation = False

[service_available]
cinder = False
glance = True
horizon = False
neutron = False
nova = True
swift = False

[service-clients]
http_timeout = 60
EOF

cd "$workspace"
export TEMPEST_CONFIG_DIR="$workspace/etc" TEMPEST_CONFIG=tempest.conf PYTHON="$python"
args=(run --config-file "$conf" --regex "$regex" --concurrency "$concurrency")
[ -f "$exclude_list" ] && args+=(--exclude-list "$exclude_list")
echo "tempest.sh: tempest ${args[*]}" >&2
start=$(date +%s)
status=0
"$tempest_bin" "${args[@]}" || status=$?
elapsed=$(($(date +%s) - start))

# The summary and JSON come from the subunit stream of this run, so they count exactly what Tempest ran.
"$python" -m stestr last --subunit >"$workspace/results/tempest.subunit" 2>/dev/null || true
"$python" - "$workspace/results/tempest.subunit" "$workspace/results/tempest.json" "$elapsed" <<'EOF'
import json
import sys

import subunit
import testtools

source, target, elapsed = sys.argv[1], sys.argv[2], int(sys.argv[3])
tests = []


def on_test(test):
    status = test['status']
    if status not in ('success', 'skip', 'fail', 'xfail', 'uxsuccess'):
        return
    start, stop = test['timestamps']
    reason = ''
    for name in ('reason', 'traceback'):
        if name in test['details']:
            reason = test['details'][name].as_text()
            break
    tests.append({
        'id': test['id'],
        'status': status,
        'duration': round((stop - start).total_seconds(), 3) if start and stop else None,
        'reason': reason,
    })


with open(source, 'rb') as stream:
    result = testtools.StreamToDict(on_test)
    result.startTestRun()
    subunit.ByteStreamToStreamResult(stream).run(result)
    result.stopTestRun()

count = lambda *statuses: sum(1 for t in tests if t['status'] in statuses)
summary = {
    'passed': count('success', 'xfail'),
    'failed': count('fail', 'uxsuccess'),
    'skipped': count('skip'),
    'seconds': elapsed,
}
tests.sort(key=lambda t: t['id'])
with open(target, 'w') as out:
    json.dump({'summary': summary, 'tests': tests}, out, indent=1)
for t in tests:
    if t['status'] in ('fail', 'uxsuccess'):
        print(f"FAILED {t['id']}")
print(f"results: {source} {target}")
print(f"tempest-summary: passed={summary['passed']} failed={summary['failed']} "
      f"skipped={summary['skipped']} time={elapsed}s")
EOF
exit "$status"

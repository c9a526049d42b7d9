#!/usr/bin/env bash
# Installs the Debian packages the tests drive, when any is missing: the real OpenStack clients and Tempest,
# git-review, Ansible (the gate's executor), Chromium (status page tests), and the instance/network substrate
# (crun, dnsmasq, nftables, iptables, debootstrap, busybox, dropbear, iperf3).
# Idempotent and quick when everything is there. Needs root (or sudo) only when something must be installed.
set -euo pipefail
packages=(python3-openstackclient python3-openstacksdk tempest python3-osc-placement git-review
  ansible-core chromium crun dnsmasq-base nftables iptables iproute2 debootstrap busybox-static dropbear-bin
  openssh-client iperf3)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing Debian packages for the tests: ${missing[*]}" >&2
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

// The instance's PID 1, a POSIX shell script that works with busybox sh and dash: what cloud-init does at boot,
// from the files the driver puts in /run/nubo (and the config drive at /mnt/config), then sshd/dropbear, then it
// reaps orphans until told to stop. Its output is the console log (`openstack console log show`).
export const GUEST_INIT = `#!/bin/sh
# nubo-init: PID 1 of a nubo container instance. Written by the compute driver; read-only in the guest.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
N=/run/nubo
say() { echo "nubo-init: $*"; }
have() { command -v "$1" >/dev/null 2>&1; }
# Exiting PID 1 makes the kernel SIGKILL the rest of the namespace: give daemons a moment to stop cleanly first.
stop() { say "stopping"; kill -TERM -1 2>/dev/null; sleep 0.3; exit 0; }
trap stop TERM INT
id=$(cat $N/instance_id)
say "booting instance $id as $(hostname)"
ip link set lo up 2>/dev/null || ifconfig lo up 2>/dev/null
hostname > /etc/hostname 2>/dev/null
grep -qs "[[:space:]]$(hostname)\\$" /etc/hosts || echo "127.0.1.1 $(hostname)" >> /etc/hosts 2>/dev/null

# Network: DHCP on every interface the network agent plugged in (loopback only until it does).
for dev in $(ls /sys/class/net); do
  [ "$dev" = lo ] && continue
  ip link set "$dev" up
  if have udhcpc; then udhcpc -i "$dev" -n -q -t 5 -T 1 -s $N/udhcpc.script 2>&1 | sed 's/^/dhcp: /'
  elif have dhclient; then dhclient -4 -1 -pf /run/dhclient.$dev.pid "$dev" && say "dhcp: $dev $(ip -4 -o addr show $dev | awk '{print $4}')"
  else say "no DHCP client in the image for $dev"; fi
done

# First boot of this instance id (cloud-init's per-instance modules): key pair and user_data.
mkdir -p /var/lib/nubo-init
if [ "$(cat /var/lib/nubo-init/instance-id 2>/dev/null)" != "$id" ]; then
  if [ -s $N/authorized_keys ]; then
    mkdir -p /root/.ssh && chmod 700 /root/.ssh
    cat $N/authorized_keys >> /root/.ssh/authorized_keys && chmod 600 /root/.ssh/authorized_keys
    say "injected $(grep -c . $N/authorized_keys) ssh key(s) for root"
  fi
  echo "$id" > /var/lib/nubo-init/instance-id
  if [ -s $N/user_data ]; then
    if head -c 2 $N/user_data | grep -q '#!'; then
      cp $N/user_data /var/lib/nubo-init/user_data && chmod 700 /var/lib/nubo-init/user_data
      say "running user_data"
      /var/lib/nubo-init/user_data 2>&1; say "user_data exited with $?"
    else
      say "user_data is not a script (#!): kept at /var/lib/nubo-init/user_data, not run"
      cp $N/user_data /var/lib/nubo-init/user_data
    fi
  fi
fi

# Login: dropbear (tiny image) or OpenSSH, host keys made on first start.
if have dropbear; then
  mkdir -p /etc/dropbear && dropbear -R -E -p 22 2>&1 && say "dropbear listening on port 22"
elif [ -x /usr/sbin/sshd ]; then
  mkdir -p /run/sshd && ssh-keygen -A >/dev/null 2>&1
  /usr/sbin/sshd -e && say "sshd listening on port 22"
fi
[ -s $N/cmd ] && { say "starting the image command"; sh $N/cmd & }
say "ready"
while :; do sleep 3600 & wait $!; done
`;

/** busybox udhcpc's lease script (the busybox-static package ships none). */
export const UDHCPC_SCRIPT = `#!/bin/sh
case "$1" in
  deconfig) ip addr flush dev "$interface"; ip link set "$interface" up ;;
  bound|renew)
    ip addr flush dev "$interface"
    ip addr add "$ip/\${mask:-24}" dev "$interface"
    [ -n "$router" ] && for r in $router; do ip route replace default via "$r" dev "$interface"; break; done
    : > /etc/resolv.conf; for d in $dns; do echo "nameserver $d" >> /etc/resolv.conf; done
    echo "$interface: $ip/\${mask:-24} router=$router dns=$dns" ;;
esac
exit 0
`;

#!/usr/bin/env bash
# e2e lab: two real "learner VMs" (kube-master, kube-worker) on this machine.
#
# Each VM is a Debian 12 root filesystem booted with systemd-nspawn (real systemd
# as PID 1, real sshd) in its own network namespace, wired to a host bridge. The
# tutor's end-to-end tests talk to them over SSH exactly as they would talk to a
# learner's VMs. See e2e/README.md for the full story and the facts behind it.
#
# Usage: lab.sh up | down | status | exec ROLE -- CMD... | rekey ROLE | net ROLE up|down | reboot ROLE | artifacts DIR | help
set -euo pipefail

# ---------------------------------------------------------------------------
# Configuration (env overridable where it matters to callers)
# ---------------------------------------------------------------------------
LAB_CACHE="${LAB_CACHE:-/var/cache/k8s-tutor-lab}"
LAB_STATE="${LAB_STATE:-/var/lib/k8s-tutor-lab}"
LAB_MIRROR="${LAB_MIRROR:-http://deb.debian.org/debian}"
LAB_BOOT_TIMEOUT="${LAB_BOOT_TIMEOUT:-60}"
LAB_STOP_TIMEOUT="${LAB_STOP_TIMEOUT:-20}"

# Bump when the rootfs recipe changes so an old cache is not reused silently.
readonly ROOTFS_VERSION="bookworm-v1"
readonly SUITE="bookworm"
readonly ROOTFS_PACKAGES="systemd,systemd-sysv,dbus,openssh-server,iproute2,iputils-ping,openssl,curl,ca-certificates,sudo,procps,less,vim-tiny,nano,kmod,iptables"
# Downloaded (not installed) into the cache and into each VM's apt archive dir.
readonly CACHED_DEBS="etcd-server etcd-client"
# `artifacts` fetches kubernetes-client (kubectl 1.20) here with apt-get download.
ARTIFACT_DEBS_DIR="$LAB_CACHE/artifact-debs"

readonly BRIDGE="labbr0"
readonly BRIDGE_ADDR="10.77.0.1"
readonly SUBNET="10.77.0.0/24"
readonly NAT_COMMENT="k8s-tutor-lab"
readonly ROLES="master worker"

CACHE_DIR="$LAB_CACHE/$ROOTFS_VERSION"      # complete cache: rootfs/ + debs/
KEY="$LAB_STATE/id_ed25519"
PASSWORD_FILE="$LAB_STATE/password"

log() { printf 'lab: %s\n' "$*" >&2; }
die() { printf 'lab: error: %s\n' "$*" >&2; exit 1; }

# Per-role facts. Interface names must stay <= 15 chars (kernel IFNAMSIZ).
vm_name() { echo "kube-$1"; }
vm_addr() { case "$1" in master) echo 10.77.0.10 ;; worker) echo 10.77.0.11 ;; *) die "unknown role '$1' (master|worker)" ;; esac; }
vm_netns() { echo "lab-kube-$1"; }
vm_veth() { echo "labv-$1"; }
vm_dir() { echo "$LAB_STATE/vms/kube-$1"; }
vm_rootfs() { echo "$(vm_dir "$1")/rootfs"; }
vm_log() { echo "$LAB_STATE/kube-$1.log"; }
vm_pidfile() { echo "$LAB_STATE/kube-$1.pid"; }

check_role() { vm_addr "$1" >/dev/null; }

# ---------------------------------------------------------------------------
# Prerequisites
# ---------------------------------------------------------------------------

# We never install packages ourselves (CI's .ci/run does); we say exactly what
# is missing and stop.
require_commands() {
  local missing_pkgs=() pair cmd pkg
  for pair in systemd-nspawn:systemd-container debootstrap:debootstrap \
              iptables:iptables ip:iproute2 ss:iproute2 ssh-keygen:openssh-client \
              nsenter:util-linux flock:util-linux setsid:util-linux; do
    cmd="${pair%%:*}"; pkg="${pair#*:}"
    if ! command -v "$cmd" >/dev/null 2>&1; then
      case " ${missing_pkgs[*]} " in *" $pkg "*) ;; *) missing_pkgs+=("$pkg") ;; esac
    fi
  done
  if ((${#missing_pkgs[@]})); then
    printf 'lab: missing commands; install them with:\n  apt-get install -y %s\n' "${missing_pkgs[*]}" >&2
    exit 2
  fi
  [[ $EUID -eq 0 ]] || die "must run as root (namespaces, bridge, iptables)"
}

# One lab operation at a time; a second caller waits instead of racing.
take_lock() {
  mkdir -p "$LAB_STATE"
  chmod 700 "$LAB_STATE"
  exec 9>"$LAB_STATE/.lock"
  flock -w 300 9 || die "another lab.sh holds $LAB_STATE/.lock"
}

# There is no host systemd here; nspawn still expects what systemd would have
# made at boot. Facts: tmpfs on /run/systemd/nspawn and the inaccessible nodes.
prepare_host_for_nspawn() {
  mkdir -p /run/systemd/nspawn
  if ! mountpoint -q /run/systemd/nspawn; then
    mount -t tmpfs -o mode=0755 tmpfs /run/systemd/nspawn
    touch "$LAB_STATE/mounted-nspawn-tmpfs"
  fi
  local d=/run/systemd/inaccessible
  mkdir -p "$d"
  [[ -e $d/reg ]] || install -m 0000 /dev/null "$d/reg"
  [[ -e $d/dir ]] || install -d -m 0000 "$d/dir"
  [[ -e $d/chr ]] || mknod -m 0000 "$d/chr" c 0 0
  [[ -e $d/blk ]] || mknod -m 0000 "$d/blk" b 0 0
  [[ -e $d/fifo ]] || mkfifo -m 0000 "$d/fifo"
  if [[ ! -e $d/sock ]]; then
    # mknod cannot make a socket node; a short-lived helper binds one.
    make_unix_socket "$d/sock"
    chmod 0000 "$d/sock"
  fi
}

# Only a bind() creates a socket inode. Perl is always on Debian (perl-base is
# essential); fall back to python3 if present.
make_unix_socket() {
  local path="$1"
  if command -v perl >/dev/null 2>&1; then
    perl -MIO::Socket::UNIX -e 'IO::Socket::UNIX->new(Type => SOCK_STREAM(), Local => $ARGV[0]) or die "$!\n"' "$path"
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$path"
  else
    die "cannot create $path (need perl or python3)"
  fi
}

# ---------------------------------------------------------------------------
# Rootfs cache (built once, reused; written atomically)
# ---------------------------------------------------------------------------

ensure_rootfs_cache() {
  if [[ -f $CACHE_DIR/complete ]]; then
    log "using cached rootfs $CACHE_DIR"
    return
  fi
  mkdir -p "$LAB_CACHE"
  # Serialize builds across concurrent lab.sh using different state dirs.
  exec 8>"$LAB_CACHE/.lock"
  flock -w 900 8 || die "cannot lock $LAB_CACHE/.lock"
  if [[ -f $CACHE_DIR/complete ]]; then return; fi
  # A half-built dir from an interrupted run is never reused. debootstrap
  # mounts /proc and /sys inside its target: an interrupted one leaves them.
  unmount_under "$LAB_CACHE/.build-"
  rm -rf --one-file-system "$LAB_CACHE"/.build-* "$CACHE_DIR"
  local tmp
  tmp="$(mktemp -d "$LAB_CACHE/.build-XXXXXX")"
  log "building Debian $SUITE rootfs with debootstrap (about 1 min) in $tmp"
  if ! debootstrap --variant=minbase --include="$ROOTFS_PACKAGES" \
        "$SUITE" "$tmp/rootfs" "$LAB_MIRROR" >"$tmp/debootstrap.log" 2>&1; then
    tail -n 30 "$tmp/debootstrap.log" >&2
    die "debootstrap failed (log: $tmp/debootstrap.log)"
  fi
  fetch_cached_debs "$tmp"
  generalize_rootfs "$tmp/rootfs"
  date -u +%FT%TZ >"$tmp/complete"
  mv -T "$tmp" "$CACHE_DIR"          # the atomic step: a rename on one fs
  flock -u 8
  log "rootfs cached in $CACHE_DIR ($(du -sh "$CACHE_DIR" | cut -f1))"
}

# Unmount (deepest first) every mount whose path starts with PREFIX.
unmount_under() {
  local prefix="$1" target
  findmnt -rn -o TARGET | awk -v p="$prefix" 'index($0, p) == 1' | sort -r |
    while read -r target; do umount -l "$target" || true; done
}

# Lessons install etcd with apt; keeping the .debs lets apt skip the download
# and lets tests `apt-get install /opt/...deb` when the mirror is slow.
fetch_cached_debs() {
  local tmp="$1" r="$1/rootfs"
  cp /etc/resolv.conf "$r/etc/resolv.conf"
  # debootstrap leaves ~50 MB of its own .debs here; drop them first.
  chroot "$r" apt-get clean
  # shellcheck disable=SC2086 # CACHED_DEBS is a word list on purpose
  if ! { chroot "$r" apt-get update -q && \
         chroot "$r" apt-get install -y -q --download-only --no-install-recommends $CACHED_DEBS; } \
       >"$tmp/debs.log" 2>&1; then
    tail -n 20 "$tmp/debs.log" >&2
    die "could not download $CACHED_DEBS into the rootfs (log: $tmp/debs.log)"
  fi
  mkdir -p "$tmp/debs"
  cp "$r"/var/cache/apt/archives/*.deb "$tmp/debs/"
  # A fresh VM has no package lists: a lesson's `apt-get update` is real.
  rm -rf "$r"/var/lib/apt/lists/*
  mkdir -p "$r/var/lib/apt/lists/partial"
}

# Remove per-machine identity from the cached image; each VM gets its own.
generalize_rootfs() {
  local r="$1"
  rm -f "$r"/etc/ssh/ssh_host_*
  : >"$r/etc/machine-id"
  rm -f "$r/var/lib/dbus/machine-id"
}

# ---------------------------------------------------------------------------
# Kernel features the lessons need (overlay, br_netfilter, sysctls)
# ---------------------------------------------------------------------------

# Lesson 04 runs `modprobe overlay br_netfilter` and checks /sys/module/NAME.
# The VMs share the host's kernel, so the modules must be in it: on a modular
# kernel we load them here, on the HOST (CI is a throwaway root machine). A
# kernel built without module support (this machine: no /proc/modules) has
# them built in, or not at all.
prepare_host_kernel() {
  if [[ -e /proc/modules ]]; then
    command -v modprobe >/dev/null 2>&1 || die "modprobe is missing (apt-get install -y kmod)"
    modprobe overlay || die "cannot load kernel module overlay on the host"
    modprobe br_netfilter || die "cannot load kernel module br_netfilter on the host"
  fi
  grep -qw overlay /proc/filesystems || die "the host kernel has no overlay filesystem"
  [[ -e /proc/sys/net/bridge/bridge-nf-call-iptables ]] || die "the host kernel has no br_netfilter"
  # Built-in br_netfilter has no parameters, so it has no /sys/module entry
  # (modules that are loaded, or built-in ones with parameters, do). The VMs get
  # a /sys/module naming what the host's does plus br_netfilter: what a VM with
  # a modular kernel shows after `modprobe br_netfilter`. Empty dirs, no
  # initstate: kmod reads that as "built in", which is the truth here.
  rm -rf "$LAB_STATE/sys-module"
  if [[ ! -d /sys/module/br_netfilter ]]; then
    local m
    mkdir -p "$LAB_STATE/sys-module/br_netfilter"
    for m in /sys/module/*; do mkdir -p "$LAB_STATE/sys-module/${m##*/}"; done
  fi
}

# modprobe in a VM needs /lib/modules/$(uname -r): the host's, read-only, if it
# has one (bind-mounted by boot_vm); otherwise (no module support) a minimal one
# listing the two built-in modules, so `modprobe overlay` succeeds as it would
# on a kernel that builds them in.
make_vm_modules_dir() {
  local r="$1" k
  k="$(uname -r)"
  [[ -d /lib/modules/$k ]] && return 0
  mkdir -p "$r/lib/modules/$k"
  printf '%s\n' kernel/fs/overlayfs/overlay.ko kernel/net/bridge/br_netfilter.ko >"$r/lib/modules/$k/modules.builtin"
  chroot "$r" depmod "$k" 2>/dev/null || die "depmod failed in $r"
}

# ---------------------------------------------------------------------------
# Per-VM filesystem
# ---------------------------------------------------------------------------

make_credentials() {
  umask 077
  # No SIGPIPE games under pipefail: head reads a fixed amount first.
  head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | cut -c1-24 >"$PASSWORD_FILE"
  chmod 600 "$PASSWORD_FILE"
  rm -f "$KEY" "$KEY.pub"
  ssh-keygen -q -t ed25519 -N '' -C "k8s-tutor-lab" -f "$KEY"
  umask 022
}

make_vm_rootfs() {
  local role="$1" name r
  name="$(vm_name "$role")"; r="$(vm_rootfs "$role")"
  rm -rf --one-file-system "$(vm_dir "$role")"
  mkdir -p "$(vm_dir "$role")"
  # cp -a of ~250 MB takes well under a second on this disk; reflink when the
  # fs supports it (btrfs/xfs) for free.
  cp -a --reflink=auto "$CACHE_DIR/rootfs" "$r"

  echo "$name" >"$r/etc/hostname"
  # What a Debian installer writes: only the machine's own name. Lessons that
  # teach /etc/hosts entries for the other node must still have work to do.
  printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n\n::1\tlocalhost ip6-localhost ip6-loopback\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n' \
    "$name" >"$r/etc/hosts"
  # Distinct machine ids, as two real VMs (and later kubelets) would have.
  tr -d '-' </proc/sys/kernel/random/uuid >"$r/etc/machine-id"
  # The host's resolver is reachable through the NAT (measured); nspawn is told
  # to leave this file alone (--resolv-conf=off).
  cp /etc/resolv.conf "$r/etc/resolv.conf"

  # Own host keys per VM; copies of one image would otherwise share them.
  rm -f "$r"/etc/ssh/ssh_host_*
  ssh-keygen -A -f "$r" >/dev/null

  cat >"$r/etc/ssh/sshd_config.d/10-k8s-tutor-lab.conf" <<'EOF'
# Written by e2e/lab/lab.sh: a learner's fresh VM as the tutor expects it.
PermitRootLogin yes
PasswordAuthentication yes
# VERBOSE: tests grep the journal to prove (no) auth attempts happened.
LogLevel VERBOSE
EOF

  # This sandbox's kernel can't remove a stopped unit's cgroup at once (cgroup.kill: EIO),
  # so hostnamed, which exits when idle, sometimes fails its next D-Bus activation with
  # 219/CGROUP and hostnamectl hangs for 25 s. Restarting it answers the waiting call.
  install -d "$r/etc/systemd/system/systemd-hostnamed.service.d"
  printf '[Unit]\nStartLimitIntervalSec=0\n[Service]\nRestart=on-failure\nRestartSec=300ms\n' \
    >"$r/etc/systemd/system/systemd-hostnamed.service.d/10-k8s-tutor-lab.conf"

  printf 'root:%s\n' "$(cat "$PASSWORD_FILE")" | chroot "$r" chpasswd
  install -d -m 700 "$r/root/.ssh"
  install -m 600 "$KEY.pub" "$r/root/.ssh/authorized_keys"
  add_sudo_users "$r"
  make_vm_modules_dir "$r"
}

# The logins most learners' VMs have instead of root (Ubuntu cloud images, Multipass,
# Vagrant): SUDO_NOPASSWD may sudo without a password, as cloud-init sets up `ubuntu`;
# SUDO_PASSWORD is in the sudo group and sudo asks for its (login) password; NO_SUDO may
# not use sudo at all. Same password and key as root.
readonly SUDO_NOPASSWD=learner SUDO_PASSWORD=pwlearner NO_SUDO=nosudo
add_sudo_users() {
  local r="$1" user
  for user in $SUDO_NOPASSWD $SUDO_PASSWORD $NO_SUDO; do
    chroot "$r" useradd --create-home --shell /bin/bash "$user"
    printf '%s:%s\n' "$user" "$(cat "$PASSWORD_FILE")" | chroot "$r" chpasswd
    install -d -m 700 -o "$(chroot "$r" id -u "$user")" -g "$(chroot "$r" id -g "$user")" "$r/home/$user/.ssh"
    install -m 600 -o "$(chroot "$r" id -u "$user")" -g "$(chroot "$r" id -g "$user")" "$KEY.pub" "$r/home/$user/.ssh/authorized_keys"
  done
  chroot "$r" usermod -aG sudo "$SUDO_PASSWORD"
  printf '%s ALL=(ALL) NOPASSWD:ALL\n' "$SUDO_NOPASSWD" >"$r/etc/sudoers.d/90-k8s-tutor-lab"
  chmod 440 "$r/etc/sudoers.d/90-k8s-tutor-lab"
}

# ---------------------------------------------------------------------------
# Network: bridge, netns + veth per VM, NAT
# ---------------------------------------------------------------------------

# MTU of the host's uplink; VMs use the same so TCP through NAT never depends
# on PMTU discovery (the uplink here is 1400, not 1500).
uplink_mtu() {
  local dev
  dev="$(ip -o route show default 2>/dev/null | awk '{for (i=1;i<NF;i++) if ($i=="dev") {print $(i+1); exit}}')"
  if [[ -n $dev && -r /sys/class/net/$dev/mtu ]]; then cat "/sys/class/net/$dev/mtu"; else echo 1500; fi
}

setup_bridge_and_nat() {
  local mtu="$1"
  ip link add "$BRIDGE" type bridge
  ip link set "$BRIDGE" mtu "$mtu"
  ip addr add "$BRIDGE_ADDR/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up

  # Remember the old value so `down` restores it only if we changed it.
  local fwd
  fwd="$(cat /proc/sys/net/ipv4/ip_forward)"
  if [[ $fwd != 1 ]]; then
    echo "$fwd" >"$LAB_STATE/ip_forward.orig"
    echo 1 >/proc/sys/net/ipv4/ip_forward
  fi
  # Every rule carries our comment: `down` deletes exactly these and no other.
  iptables -t nat -A POSTROUTING -s "$SUBNET" ! -d "$SUBNET" -m comment --comment "$NAT_COMMENT" -j MASQUERADE
  # Harmless when FORWARD's policy is ACCEPT, needed when a host has it DROP.
  iptables -I FORWARD -i "$BRIDGE" -m comment --comment "$NAT_COMMENT" -j ACCEPT
  iptables -I FORWARD -o "$BRIDGE" -m conntrack --ctstate RELATED,ESTABLISHED -m comment --comment "$NAT_COMMENT" -j ACCEPT
}

setup_vm_network() {
  local role="$1" mtu="$2" ns veth
  ns="$(vm_netns "$role")"; veth="$(vm_veth "$role")"
  ip netns add "$ns"
  ip link add "$veth" mtu "$mtu" type veth peer name eth0 mtu "$mtu" netns "$ns"
  ip link set "$veth" master "$BRIDGE" up
  ip -n "$ns" link set lo up
  ip -n "$ns" addr add "$(vm_addr "$role")/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" route add default via "$BRIDGE_ADDR"
}

# ---------------------------------------------------------------------------
# Boot / find / stop VMs
# ---------------------------------------------------------------------------

boot_vm() {
  local role="$1" name pid
  name="$(vm_name "$role")"
  # setsid: the VM must outlive this script and ignore its terminal's signals.
  # --register=no --keep-unit: there is no host D-Bus/machined (facts).
  # --resolv-conf=off: keep the resolv.conf we wrote. --link-journal=no: the
  # VM keeps its journal to itself, like a real machine.
  local extra=() k
  k="$(uname -r)"
  [[ -d /lib/modules/$k ]] && extra+=(--bind-ro="/lib/modules/$k")
  [[ -d $LAB_STATE/sys-module ]] && extra+=(--bind-ro="$LAB_STATE/sys-module:/sys/module")
  # SYSTEMD_NSPAWN_API_VFS_WRITABLE=1: /proc/sys (and /sys) writable, so lesson
  # 04's `sysctl --system` works. net.* is per network namespace (the VM's own);
  # kernel.*/fs.*/vm.* are the host's: a VM's sysctl changes those for the host.
  # CAP_NET_ADMIN (which nspawn drops with --network-namespace-path): writing
  # net.ipv4.ip_forward in the VM's own netns needs it, as root on a VM has it.
  SYSTEMD_NSPAWN_API_VFS_WRITABLE=1 setsid systemd-nspawn \
    --quiet --register=no --keep-unit --boot --capability=CAP_NET_ADMIN \
    --directory="$(vm_rootfs "$role")" \
    --machine="$name" \
    --network-namespace-path="/run/netns/$(vm_netns "$role")" \
    --resolv-conf=off --timezone=off --link-journal=no \
    --console=read-only \
    --bind-ro="$CACHE_DIR/debs:/opt/k8s-tutor-lab/debs" \
    "${extra[@]}" \
    </dev/null >"$(vm_log "$role")" 2>&1 8>&- 9>&- &
  pid=$!
  echo "$pid" >"$(vm_pidfile "$role")"
  log "booting $name (nspawn pid $pid, console log $(vm_log "$role"))"
}

# The recorded nspawn PID, if that process is still our nspawn (guards against
# PID reuse: it must be systemd-nspawn with our --machine= argument).
nspawn_pid() {
  local role="$1" pidfile pid
  pidfile="$(vm_pidfile "$role")"
  [[ -f $pidfile ]] || return 1
  pid="$(cat "$pidfile")"
  [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/cmdline ]] || return 1
  tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qx -- "--machine=$(vm_name "$role")" || return 1
  echo "$pid"
}

# Every process inside the VM's network namespace: the VM's systemd and all
# under it, also the orphans left when nspawn itself was SIGKILLed. (A VM
# process's /proc/PID/root reads "/" from the host, so the root dir can't tell.)
vm_processes() {
  local ns
  ns="$(vm_netns "$1")"
  [[ -e /run/netns/$ns ]] || return 0
  ip netns pids "$ns" 2>/dev/null || true
}

# The VM's PID 1 (systemd), seen from the host: the one process in the VM
# whose PID inside its own namespace is 1.
vm_leader() {
  local role="$1" p nspid
  for p in $(vm_processes "$role"); do
    nspid="$(awk '/^NSpid:/ {print $NF}' "/proc/$p/status" 2>/dev/null)" || continue
    if [[ $nspid == 1 ]]; then echo "$p"; return 0; fi
  done
  return 1
}

# sshd is listening on port 22 in the VM's netns. This check opens no
# connection, so `status` never shows up in sshd's journal.
sshd_listening() {
  local ns
  ns="$(vm_netns "$1")"
  [[ -e /run/netns/$ns ]] || return 1
  [[ -n "$(ip netns exec "$ns" ss -Hltn 'sport = :22' 2>/dev/null)" ]]
}

vm_is_up() { nspawn_pid "$1" >/dev/null && sshd_listening "$1"; }

# One real TCP connection reading sshd's banner: proves host -> bridge -> VM.
# (sshd logs one "Connection from 10.77.0.1" per VM for this, at `up` only.)
sshd_banner_ok() {
  local addr
  addr="$(vm_addr "$1")"
  # shellcheck disable=SC2016 # $0 expands in the inner bash, on purpose
  timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/22" && head -c 4 <&3' "$addr" 2>/dev/null | grep -q '^SSH-'
}

wait_for_sshd() {
  local role="$1" deadline
  deadline=$((SECONDS + LAB_BOOT_TIMEOUT))
  until sshd_listening "$role" && sshd_banner_ok "$role"; do
    if ! nspawn_pid "$role" >/dev/null; then
      tail -n 40 "$(vm_log "$role")" >&2 || true
      die "$(vm_name "$role") exited during boot (log above: $(vm_log "$role"))"
    fi
    if ((SECONDS >= deadline)); then
      tail -n 40 "$(vm_log "$role")" >&2 || true
      die "$(vm_name "$role"): sshd not answering on $(vm_addr "$role"):22 after ${LAB_BOOT_TIMEOUT}s (log above: $(vm_log "$role"))"
    fi
    sleep 0.3
  done
  log "$(vm_name "$role") is up: sshd answers on $(vm_addr "$role"):22"
}

# SIGTERM to nspawn makes it ask the VM's systemd for a clean poweroff (about
# 2 s). The VMs (ROLE..., default both) are asked at once, then waited for
# together; one that ignores it is SIGKILLed after LAB_STOP_TIMEOUT. Never by
# process name.
stop_vms() {
  local role pid deadline pids=() roles="${*:-$ROLES}"
  for role in $roles; do
    if pid="$(nspawn_pid "$role")"; then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
    fi
  done
  deadline=$((SECONDS + LAB_STOP_TIMEOUT))
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      log "nspawn $pid ignored SIGTERM for ${LAB_STOP_TIMEOUT}s; SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  for role in $roles; do kill_vm_leftovers "$role"; done
}

# What survives its nspawn: a VM whose nspawn was SIGKILLed keeps running as an
# orphan. SIGKILL to everything in the VM's netns (its PID 1 included, which
# takes the whole PID namespace down with it); then nspawn's propagation dir.
kill_vm_leftovers() {
  local role="$1" procs deadline prop
  procs="$(vm_processes "$role")"
  if [[ -n $procs ]]; then
    log "$(vm_name "$role"): killing leftover VM processes: $(echo "$procs" | tr '\n' ' ')"
    # shellcheck disable=SC2086 # a list of PIDs
    kill -KILL $procs 2>/dev/null || true
    deadline=$((SECONDS + 10))
    while [[ -n "$(vm_processes "$role")" ]] && ((SECONDS < deadline)); do sleep 0.1; done
  fi
  rm -f "$(vm_pidfile "$role")"
  prop="/run/systemd/nspawn/propagate/$(vm_name "$role")"
  if [[ -d $prop ]]; then
    umount -R "$prop" 2>/dev/null || true
    rm -rf --one-file-system "$prop"
  fi
}

teardown_vm_network() {
  local role="$1" ns veth
  ns="$(vm_netns "$role")"; veth="$(vm_veth "$role")"
  if [[ -e /run/netns/$ns ]]; then ip netns del "$ns"; fi
  if ip link show "$veth" >/dev/null 2>&1; then ip link del "$veth"; fi
}

# Delete only the rules carrying our comment (repeat: a crash may have left
# duplicates).
delete_our_iptables_rules() {
  command -v iptables >/dev/null 2>&1 || return 0
  local table chain rule args
  for table in nat filter; do
    for chain in POSTROUTING FORWARD; do
      while rule="$(iptables -t "$table" -S "$chain" 2>/dev/null | grep -m1 -- "--comment $NAT_COMMENT")"; do
        # -S prints "-A CHAIN args"; turn it into a delete of the same rule.
        read -r -a args <<<"${rule/#-A /-D }"
        iptables -t "$table" "${args[@]}"
      done
    done
  done
}

teardown_network() {
  local role
  for role in $ROLES; do teardown_vm_network "$role"; done
  if ip link show "$BRIDGE" >/dev/null 2>&1; then ip link del "$BRIDGE"; fi
  delete_our_iptables_rules
  if [[ -f $LAB_STATE/ip_forward.orig ]]; then
    cat "$LAB_STATE/ip_forward.orig" >/proc/sys/net/ipv4/ip_forward
    rm -f "$LAB_STATE/ip_forward.orig"
  fi
}

# Everything an earlier run may have left: VMs, netns, veths, bridge, rules.
teardown_all() {
  stop_vms
  teardown_network
  if [[ -f $LAB_STATE/mounted-nspawn-tmpfs ]]; then
    umount /run/systemd/nspawn 2>/dev/null || true
    rm -f "$LAB_STATE/mounted-nspawn-tmpfs"
  fi
}

# ---------------------------------------------------------------------------
# Status JSON
# ---------------------------------------------------------------------------

json_escape() { local s="${1//\\/\\\\}"; printf '%s' "${s//\"/\\\"}"; }

# Prints one JSON line; returns 0 when both VMs are up, 3 otherwise.
print_status() {
  local role up all_up=1 password="" sep="" out='{"hosts":['
  [[ -r $PASSWORD_FILE ]] && password="$(cat "$PASSWORD_FILE")"
  for role in $ROLES; do
    if vm_is_up "$role"; then up=true; else up=false; all_up=0; fi
    out+="$sep{\"role\":\"$role\",\"hostname\":\"$(vm_name "$role")\",\"address\":\"$(vm_addr "$role")\",\"port\":22,\"user\":\"root\",\"password\":\"$(json_escape "$password")\",\"privateKeyPath\":\"$(json_escape "$KEY")\",\"up\":$up}"
    sep=","
  done
  out+="],\"sudoUsers\":{\"nopasswd\":\"$SUDO_NOPASSWD\",\"password\":\"$SUDO_PASSWORD\",\"nosudo\":\"$NO_SUDO\"}}"
  printf '%s\n' "$out"
  ((all_up)) || return 3
}

# ---------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------

cmd_up() {
  require_commands
  take_lock
  if vm_is_up master && vm_is_up worker; then
    log "lab already up"
    print_status
    return
  fi
  log "cleaning leftovers of an earlier run (if any)"
  teardown_all
  ensure_rootfs_cache
  prepare_host_for_nspawn
  prepare_host_kernel
  make_credentials
  local role mtu
  mtu="$(uplink_mtu)"
  setup_bridge_and_nat "$mtu"
  for role in $ROLES; do
    make_vm_rootfs "$role"
    setup_vm_network "$role" "$mtu"
    boot_vm "$role"
  done
  for role in $ROLES; do wait_for_sshd "$role"; done
  print_status
}

cmd_down() {
  take_lock
  teardown_all
  # VM disks are throwaway: the next `up` copies fresh ones from the cache.
  rm -rf --one-file-system "$LAB_STATE/vms"
  log "lab down"
}

cmd_status() {
  print_status
}

# Run a command inside a VM without SSH: enter all of the VM's namespaces via
# its PID 1 (works with sshd stopped or eth0 down).
cmd_exec() {
  local role="${1:-}"
  check_role "$role"
  shift
  [[ ${1:-} == "--" ]] && shift
  (($#)) || die "usage: lab.sh exec ROLE -- CMD [ARGS...]"
  local leader
  leader="$(vm_leader "$role")" || die "$(vm_name "$role") is not running"
  # A clean environment like a root login's, not the caller's.
  exec nsenter --target "$leader" --mount --uts --ipc --net --pid --cgroup --root --wd -- \
    /usr/bin/env -i HOME=/root USER=root LOGNAME=root TERM="${TERM:-dumb}" \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
}

# New SSH host keys for one VM, then restart sshd: the changed-host-key test.
cmd_rekey() {
  local role="${1:-}"
  check_role "$role"
  (cmd_exec "$role" -- sh -c 'rm -f /etc/ssh/ssh_host_* && ssh-keygen -A >/dev/null && systemctl restart ssh && ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub')
}

# Reboot one VM as a real machine reboots: a clean shutdown, then a boot that
# starts from the kernel's defaults. A container's network namespace would
# outlive it (with the sysctls and routes the VM set), and a VM cannot restart
# itself (its own `systemctl reboot` ends its nspawn, exit code 133), so the VM
# is stopped (if it still runs), gets a NEW netns and veth, with ip_forward 0 as
# a booting kernel has it (a fresh netns would copy the host's 1), and boots.
# Prints the new namespace's state before the boot on stdout ("before-boot ..."
# lines), so a test can show that the VM's boot, not the lab, restored it.
# Kernel modules stay the host's: a reboot here cannot unload them.
cmd_reboot() {
  local role="${1:-}" ns k
  check_role "$role"
  require_commands
  take_lock
  [[ -d $(vm_rootfs "$role") ]] || die "$(vm_name "$role") has no disk: run 'lab.sh up' first"
  stop_vms "$role"
  teardown_vm_network "$role"
  setup_vm_network "$role" "$(uplink_mtu)"
  ns="$(vm_netns "$role")"
  ip netns exec "$ns" sysctl -qw net.ipv4.ip_forward=0
  for k in net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables net.bridge.bridge-nf-call-ip6tables; do
    echo "before-boot sysctl $k = $(ip netns exec "$ns" sysctl -n "$k" 2>&1)"
  done
  ip -n "$ns" -4 route show | sed 's/^/before-boot route /'
  boot_vm "$role"
  wait_for_sshd "$role"
}

# Cut / restore a VM's network from the host (works with SSH down). Bringing
# eth0 up again needs the default route re-added: the kernel dropped it.
cmd_net() {
  local role="${1:-}" state="${2:-}" ns
  check_role "$role"
  ns="$(vm_netns "$role")"
  [[ -e /run/netns/$ns ]] || die "$(vm_name "$role") has no network namespace (lab down?)"
  case "$state" in
    down) ip -n "$ns" link set eth0 down ;;
    up)
      ip -n "$ns" link set eth0 up
      ip -n "$ns" route replace default via "$BRIDGE_ADDR"
      ;;
    *) die "usage: lab.sh net ROLE up|down" ;;
  esac
}

# Release archives for the offline-artifacts path (GitHub and dl.k8s.io are
# unreachable here), each with the checksum file lesson 05 reads next to it:
#  - etcd-v3.4.23-linux-amd64.tar.gz + SHA256SUMS: Debian's etcd 3.4.23 (cached
#    .debs) in etcd's release layout. Real binaries.
# With --with-standins also (without it, etcd alone: the artifacts lab test counts on that):
#  - kubernetes-server-linux-amd64.tar.gz / kubernetes-node-linux-amd64.tar.gz
#    (+ .sha512, the bare digest): the release layout kubernetes/server/bin/...
#    and kubernetes/node/bin/...; kubectl is Debian's real kubectl 1.20
#    (kubernetes-client .deb); kube-apiserver, kube-controller-manager,
#    kube-scheduler, kubelet and kube-proxy are STAND-IN SCRIPTS (those binaries
#    cannot be had here): see write_standin.
#  - crictl-v1.24.2-linux-amd64.tar.gz (+ .sha256): a STAND-IN crictl script.
# --arch arm64 writes the same under -linux-arm64 names (for a lab VM whose uname says
# aarch64; the binaries stay amd64, as the lab VMs really are).
# Deterministic (sorted, fixed owner and mtime, gzip -n): the same bytes every run.
cmd_artifacts() {
  local standins=0 arch=amd64
  while [[ ${1:-} == --* ]]; do
    case "$1" in
      --with-standins) standins=1; shift ;;
      # The lab's VMs are amd64; a VM that only pretends to be arm64 (a stand-in uname, see
      # e2e/README.md) gets the same binaries under the arm64 names the course then asks for.
      --arch) arch="${2:-}"; shift 2 ;;
      *) die "unknown option $1" ;;
    esac
  done
  [[ $arch == amd64 || $arch == arm64 ]] || die "--arch is amd64 or arm64, not '$arch'"
  local out="${1:-}" debs="$CACHE_DIR/debs" v="3.4.23" work name deb pkg k8s
  [[ -n $out ]] || die "usage: lab.sh artifacts [--with-standins] [--arch amd64|arm64] DIR"
  command -v dpkg-deb >/dev/null 2>&1 || die "dpkg-deb is missing (apt-get install -y dpkg)"
  [[ -r $debs ]] || die "no readable .deb cache in $debs: run 'lab.sh up' first (as root)"
  ((standins)) && k8s="$(lab_k8s_version)"
  name="etcd-v$v-linux-$arch"
  work="$(mktemp -d)"
  # shellcheck disable=SC2064 # expand now: $work is local
  trap "rm -rf '$work'" RETURN
  for pkg in etcd-server etcd-client; do
    deb="$(compgen -G "$debs/${pkg}_${v}-*_amd64.deb" | head -n 1)" ||
      die "no ${pkg} ${v} .deb in $debs (the cache holds: $(find "$debs" -name '*.deb' -printf '%f '))"
    dpkg-deb -x "$deb" "$work/x"
  done
  mkdir -p "$work/$name"
  install -m 0755 "$work/x/usr/bin/etcd" "$work/x/usr/bin/etcdctl" "$work/$name/"
  mkdir -p "$out"
  write_tar "$work" "$out/$name.tar.gz" "$name"
  # One list for both architectures when DIR gets both (as etcd's release list has them all).
  (cd "$out" && { grep -v "  $name.tar.gz\$" SHA256SUMS 2>/dev/null || true; sha256sum "$name.tar.gz"; } | sort -k2 >SHA256SUMS.part && mv SHA256SUMS.part SHA256SUMS)
  log "wrote $out/$name.tar.gz ($(du -h "$out/$name.tar.gz" | cut -f1)) and $out/SHA256SUMS"
  ((standins)) || return 0

  # Kubernetes server and node archives.
  deb="$(artifact_deb kubernetes-client)"
  dpkg-deb -x "$deb" "$work/kc"
  local k="$work/k8s" b
  mkdir -p "$k/kubernetes/server/bin" "$k/kubernetes/node/bin"
  install -m 0755 "$work/kc/usr/bin/kubectl" "$k/kubernetes/server/bin/kubectl"
  install -m 0755 "$work/kc/usr/bin/kubectl" "$k/kubernetes/node/bin/kubectl"
  for b in kube-apiserver kube-controller-manager kube-scheduler; do
    write_standin "$k/kubernetes/server/bin/$b" "$b" "Kubernetes v$k8s"
  done
  for b in kubelet kube-proxy; do write_standin "$k/kubernetes/node/bin/$b" "$b" "Kubernetes v$k8s"; done
  for pkg in server node; do
    write_tar "$k" "$out/kubernetes-$pkg-linux-$arch.tar.gz" kubernetes/"$pkg"
    (cd "$out" && sha512sum "kubernetes-$pkg-linux-$arch.tar.gz" | cut -d' ' -f1 >"kubernetes-$pkg-linux-$arch.tar.gz.sha512")
  done
  # crictl: the archive holds the one file at its top level, as the release's does.
  mkdir -p "$work/crictl"
  write_standin "$work/crictl/crictl" crictl "crictl version v1.24.2"
  write_tar "$work/crictl" "$out/crictl-v1.24.2-linux-$arch.tar.gz" crictl
  (cd "$out" && sha256sum "crictl-v1.24.2-linux-$arch.tar.gz" | cut -d' ' -f1 >"crictl-v1.24.2-linux-$arch.tar.gz.sha256")
  log "wrote kubernetes-server/-node-linux-$arch.tar.gz (+ .sha512, version v$k8s) and crictl-v1.24.2-linux-$arch.tar.gz (+ .sha256): STAND-INS, see e2e/README.md"
}

# tar DIR's MEMBERS into OUT deterministically, atomically.
write_tar() {
  local dir="$1" out="$2"
  shift 2
  tar -C "$dir" --sort=name --owner=0 --group=0 --numeric-owner --mtime=@1680000000 \
    -cf - "$@" | gzip -n -9 >"$out.part"
  mv "$out.part" "$out"
}

# The version the stand-in Kubernetes binaries claim: versions.kubernetes of
# lessons/course.yaml with "-lab" added, so that they are never taken for the release whose
# digests course.yaml pins (the lab sets versions.kubernetes to it: LAB_VARIABLE_OVERRIDES in
# e2e/helpers/lab.ts). LAB_K8S_VERSION overrides.
lab_k8s_version() {
  if [[ -n ${LAB_K8S_VERSION:-} ]]; then echo "$LAB_K8S_VERSION"; return; fi
  local f v
  f="$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../../lessons/course.yaml"
  v="$(awk '/^versions:/ {on=1; next} on && /^[^ ]/ {on=0} on && $1 == "kubernetes:" {gsub(/"/, "", $2); print $2; exit}' "$f" 2>/dev/null)"
  [[ -n $v ]] || die "cannot read versions.kubernetes from $f (set LAB_K8S_VERSION)"
  echo "$v-lab"
}

# A .deb fetched on the host with `apt-get download` into $ARTIFACT_DEBS_DIR
# once (not part of the rootfs cache: the VMs do not get it).
artifact_deb() {
  local pkg="$1" deb
  mkdir -p "$ARTIFACT_DEBS_DIR"
  if ! deb="$(compgen -G "$ARTIFACT_DEBS_DIR/${pkg}_*_amd64.deb" | head -n 1)"; then
    log "downloading $pkg .deb into $ARTIFACT_DEBS_DIR"
    (cd "$ARTIFACT_DEBS_DIR" && apt-get download -q "$pkg" >&2) ||
      die "could not download $pkg with 'apt-get download' (run 'apt-get update' on this host first)"
    deb="$(compgen -G "$ARTIFACT_DEBS_DIR/${pkg}_*_amd64.deb" | head -n 1)" || die "no $pkg .deb in $ARTIFACT_DEBS_DIR"
  fi
  echo "$deb"
}

# A STAND-IN for a binary that cannot be had here. It answers only the version
# question lesson 05 asks (`--version`; crictl also `version`), every answer
# marked as a stand-in; anything else prints "not available in the e2e lab" and
# exits 1. It exists only to prove lesson 05's download / verify / unpack path.
# crictl's `version` asks the real containerd (with ctr), so it fails when
# containerd does not answer, but it does not speak CRI.
write_standin() {
  local path="$1" bin="$2" version="$3"
  cat >"$path" <<STANDIN_HEAD
#!/bin/sh
# e2e-lab STAND-IN for $bin: the real binary is not available in the e2e lab
# (GitHub and dl.k8s.io are unreachable there). Written by e2e/lab/lab.sh artifacts.
case "\${1:-}" in
  --version) echo "$version (e2e-lab stand-in for $bin: not the real binary)"; exit 0 ;;
STANDIN_HEAD
  if [[ $bin == crictl ]]; then
    cat >>"$path" <<'STANDIN_CRICTL'
  version)
    v="$(ctr version 2>/dev/null | awk '/^Server:/ {s=1} s && $1 == "Version:" {print $2; exit}')"
    [ -n "$v" ] || { echo "crictl (e2e-lab stand-in): containerd does not answer" >&2; exit 1; }
    echo "Version:  0.1.0"
    echo "RuntimeName:  containerd"
    echo "RuntimeVersion:  $v"
    echo "RuntimeApiVersion:  v1"
    echo "(e2e-lab stand-in for crictl: asked containerd with ctr, not over CRI)"
    exit 0 ;;
STANDIN_CRICTL
  fi
  cat >>"$path" <<STANDIN_TAIL
esac
echo "$bin: not available in the e2e lab (this is a stand-in; see e2e/README.md)" >&2
exit 1
STANDIN_TAIL
  chmod 0755 "$path"
}

usage() {
  cat <<'EOF'
usage: lab.sh COMMAND
  up                  build (once) the cached rootfs, start kube-master and kube-worker,
                      print the status JSON (idempotent)
  down                stop both VMs and remove netns, veths, bridge, NAT rules (idempotent)
  status              print one JSON line; exit 0 if both VMs are up, 3 otherwise
  exec ROLE -- CMD    run CMD inside the VM (ROLE: master|worker) without SSH
  rekey ROLE          regenerate that VM's SSH host keys and restart sshd
  net ROLE down|up    cut / restore the VM's eth0 from the host (up re-adds the default route)
  reboot ROLE         clean shutdown of the VM, a new netns and veth (ip_forward 0, no routes but the
                      default one; printed as "before-boot ..." lines), boot, wait for sshd
  artifacts [--with-standins] [--arch amd64|arm64] DIR
                      write into DIR etcd-v3.4.23-linux-ARCH.tar.gz + SHA256SUMS (Debian's etcd in
                      the release layout); with --with-standins also STAND-IN
                      kubernetes-server/-node-linux-ARCH.tar.gz (+ .sha512, version
                      <course version>-lab) and crictl-v1.24.2-linux-ARCH.tar.gz (+ .sha256).
                      ARCH (default amd64) only names the files: the binaries are the
                      lab's amd64 ones, for a VM that pretends to be arm64
env: LAB_CACHE (default /var/cache/k8s-tutor-lab), LAB_STATE (default /var/lib/k8s-tutor-lab),
     LAB_MIRROR, LAB_BOOT_TIMEOUT (s), LAB_STOP_TIMEOUT (s), LAB_K8S_VERSION
EOF
}

main() {
  local cmd="${1:-}"
  (($#)) && shift
  case "$cmd" in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    exec) cmd_exec "$@" ;;
    rekey) cmd_rekey "$@" ;;
    net) cmd_net "$@" ;;
    reboot) cmd_reboot "$@" ;;
    artifacts) cmd_artifacts "$@" ;;
    help | -h | --help) usage ;;
    *) usage >&2; exit 64 ;;
  esac
}

main "$@"

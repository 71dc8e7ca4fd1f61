#!/usr/bin/env bash
# The explorer over SSH (`ssh -t host latent`) inside a real sixel xterm: an sshd of our own on 127.0.0.1 (its own
# host key, user key and port, stopped and its keys removed at the end). `latent terminal` finds sixel and the
# cell size from TIOCGWINSZ (ssh carries the window's pixel size); the explorer shows the images; q exits 0 and
# the shell after it works.
source "$(dirname "$0")/lib/xterm.bash"
for tool in Xvfb xterm xdotool import ssh ssh-keygen; do command -v "$tool" >/dev/null || xfail "$tool is not installed"; done
[ -x /usr/sbin/sshd ] || xfail "/usr/sbin/sshd is not installed (openssh-server)"
keys="$(mktemp -d)"
sshd_pid=""
stop_sshd() {
  [ -n "$sshd_pid" ] && kill "$sshd_pid" 2>/dev/null
  rm -rf "$keys"
  xterm_cleanup
}
trap stop_sshd EXIT
mkdir -p /run/sshd
ssh-keygen -q -t ed25519 -N '' -f "$keys/host" || xfail "no host key"
ssh-keygen -q -t ed25519 -N '' -f "$keys/user" || xfail "no user key"
cp "$keys/user.pub" "$keys/authorized_keys"
port=$(( 20000 + RANDOM % 20000 ))
cat > "$keys/sshd_config" <<CFG
ListenAddress 127.0.0.1
Port $port
HostKey $keys/host
AuthorizedKeysFile $keys/authorized_keys
PidFile $keys/sshd.pid
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AcceptEnv LANG LC_*
CFG
/usr/sbin/sshd -D -e -f "$keys/sshd_config" 2>"$keys/sshd.log" &
sshd_pid=$!
for ((i = 0; i < 50; i++)); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
ssh_cmd="ssh -t -p $port -i '$keys/user' -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR $(id -un)@127.0.0.1"

report="$XT_STATE/terminal.txt"
# The report goes to a file on the far side (the same machine): ssh's own output is the terminal the queries go to.
XT_COMMAND="$ssh_cmd \"LANG=C.UTF-8 '$LATENT_BIN' terminal > '$report'\"" xterm_start
status=$(xwait_exit 30) || xfail "latent terminal over ssh did not finish"
[ "$status" = 0 ] || { cat "$keys/sshd.log" >&2; xfail "latent terminal over ssh exited with $status"; }
tr -d '\r' < "$report" | tee "$report.txt"
grep -q "^images: sixel (" "$report.txt" || xfail "sixel not found over ssh"
grep -qE "^cell: [0-9]+x[0-9]+ px from tiocgwinsz$" "$report.txt" || xfail "the cell size did not come from TIOCGWINSZ over ssh"

XT_COMMAND="$ssh_cmd \"cd '$ROOT' && LANG=C.UTF-8 XDG_CACHE_HOME='$XT_STATE/cache' '$LATENT_BIN'\"; echo after-latent" xterm_start
xwait_check 120 ssh-start --images 77 3 98 28 1500 --images 99 3 120 28 1500 --edge-clear
xkeys q
status=$(xwait_exit 15) || xfail "latent over ssh did not exit after q"
[ "$status" = 0 ] || xfail "latent over ssh: status $status after q"
echo "ssh_xterm: ok (screenshots in $SHOTS)"

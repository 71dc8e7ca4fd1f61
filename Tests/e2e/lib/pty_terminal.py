#!/usr/bin/env python3
"""pty_terminal.py [--answer da1|da1-sixel|none] [--keys KEYS] [--step-wait S] [--bytes-per-key] -- COMMAND...

Runs COMMAND on a pseudo-terminal (120x40 cells, no pixel size) that plays a minimal terminal: it answers the
DA1 query (ESC [ c) as told and nothing else. Prints the milliseconds from the first query to the end of the
probe's wait (the first output that is not a query, or the exit), then the command's output as text.

With --keys, types each character of KEYS once the screen is up, waiting --step-wait seconds after each, and
with --bytes-per-key prints the bytes the command wrote after each key (one number per line) instead.
"""
import argparse, fcntl, os, pty, select, struct, sys, termios, time

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--answer", default="none", choices=["da1", "da1-sixel", "none"])
    ap.add_argument("--keys", default="")
    ap.add_argument("--step-wait", type=float, default=0.15)
    ap.add_argument("--settle", type=float, default=1.5)
    ap.add_argument("--bytes-per-key", action="store_true")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.command[1:] if a.command and a.command[0] == "--" else a.command
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(cmd[0], cmd)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    out = bytearray()
    query_at = answered_at = None
    answer = {"da1": b"\x1b[?62;1;6c", "da1-sixel": b"\x1b[?62;4;6c", "none": b""}[a.answer]

    def pump(timeout):
        nonlocal query_at, answered_at
        got = 0
        end = time.monotonic() + timeout
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return got
            r, _, _ = select.select([fd], [], [], left)
            if not r:
                return got
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return -1
            if not chunk:
                return -1
            if query_at is None and b"\x1b[c" in chunk:
                query_at = time.monotonic()
                if answer:
                    os.write(fd, answer)
                chunk = chunk.replace(b"\x1b[c", b"")
            elif query_at is not None and answered_at is None and chunk.strip():
                answered_at = time.monotonic()
            out.extend(chunk)
            got += len(chunk)

    counts = []
    status = pump(a.settle)
    if a.keys and status != -1:
        for key in a.keys:
            os.write(fd, key.encode())
            n = pump(a.step_wait)
            if n == -1:
                break
            counts.append(n)
    # Drain until the command exits.
    while pump(0.5) not in (-1, 0):
        pass
    try:
        os.kill(pid, 15)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
    if a.bytes_per_key:
        print("\n".join(map(str, counts)))
        return
    if query_at is None:
        print("no query")
    else:
        print(int(((answered_at or time.monotonic()) - query_at) * 1000))
    sys.stdout.write(out.decode("utf-8", "replace").replace("\r\n", "\n"))

main()

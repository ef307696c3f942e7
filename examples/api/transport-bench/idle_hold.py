#!/usr/bin/env python3
"""Open N idle TCP connections to 127.0.0.1:PORT, touch READY_FILE, hold them (sending nothing)
for HOLD seconds, and report how many the server closed and after how long (checks the 10 s idle timeout)."""
import json, resource, selectors, socket, sys, time

port, n, ready_file, hold = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

t0 = time.monotonic()
socks, opened_at = [], {}
for _ in range(n):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.setblocking(False)
    socks.append(s)
    opened_at[s.fileno()] = time.monotonic()
t_ready = time.monotonic()
with open(ready_file, "w") as f:
    f.write("%d %.3f\n" % (len(socks), t_ready - t0))

sel = selectors.DefaultSelector()
for s in socks:
    sel.register(s, selectors.EVENT_READ)
closed = []  # seconds from connect to server-side close
deadline = t_ready + hold
while time.monotonic() < deadline and len(closed) < n:
    for key, _ in sel.select(timeout=max(0.0, deadline - time.monotonic())):
        s = key.fileobj
        try:
            d = s.recv(4096)
        except (ConnectionResetError, BlockingIOError):
            d = b""
        if not d:
            closed.append(time.monotonic() - opened_at[s.fileno()])
            sel.unregister(s)
            s.close()
print(json.dumps({
    "opened": len(socks), "connect_s": round(t_ready - t0, 3), "closed_by_server": len(closed),
    "close_after_min_s": round(min(closed), 2) if closed else None,
    "close_after_max_s": round(max(closed), 2) if closed else None,
}))
for s in socks:
    try: s.close()
    except OSError: pass

"""Serve the app from several Streamlit processes behind HAProxy: one port for a lecture hall.

    bash scripts/serve.sh --replicas 2                 # http://<this machine>:8501
    bash scripts/serve.sh --replicas 4 --port 8080 --address 0.0.0.0

Starts N `streamlit run streamlit_app.py` servers on the ports after --port
(127.0.0.1 only), all on the same app folder (MNIST_STUDIO_HOME), and Debian's
HAProxy in front on --port. HAProxy passes the websocket through and keeps each
browser on one replica with a cookie (Streamlit keeps a session's state, and
the images it sends, in one process). Prints the URL when every part answers;
Ctrl-C (or SIGTERM) stops them all.

A replica that dies (a crash, kill -9, out of memory) does not end the
lesson: HAProxy's health check takes it out within about 2 s and sends its
browsers to the others (they reconnect and rerun their page there), and this
script starts it again, waiting 1 s, then 2, 4, ... up to 30 s if it keeps
dying (back to 1 s once it has stayed up a minute), and says so in the
terminal. Only HAProxy's own death stops everything.

A served class has a teacher key (ui/roles.py): MNIST_STUDIO_TEACHER_KEY, or
`teacher_key` in .streamlit/secrets.toml; where neither is set this script
makes one and prints it here, in the teacher's terminal, not in the app.
"""
import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.join import PUBLIC_URL_VARIABLE  # noqa: E402
from core.network import lan_address  # noqa: E402
from core.roles import KEY_VARIABLE, key_from_environment, new_key  # noqa: E402

COOKIE = "mnist_replica"
START_TIMEOUT_S = 120
FIRST_BACKOFF_S, MAX_BACKOFF_S, STABLE_S = 1.0, 30.0, 60.0

HAPROXY_CONFIG = """\
global
    maxconn 4000

defaults
    mode http
    timeout connect 5s
    timeout client 1h
    timeout server 1h
    timeout tunnel 1h

frontend app
    bind {address}:{port}
    default_backend streamlit

backend streamlit
    balance leastconn
    option httpchk GET /_stcore/health
    # a request to a replica that just died is tried again on another one instead of failing
    option redispatch 1
    retries 2
    retry-on conn-failure empty-response junk-response
    cookie {cookie} insert indirect nocache httponly
    http-response set-header X-Replica %[srv_name]
{servers}
"""


def haproxy_config(address, port, replica_ports):
    servers = "\n".join(f"    server r{i} 127.0.0.1:{p} check inter 1s fall 2 rise 2 cookie r{i}"
                        for i, p in enumerate(replica_ports, start=1))
    return HAPROXY_CONFIG.format(address=address, port=port, cookie=COOKIE, servers=servers)


def healthy(url):
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def wait_until_healthy(url, processes):
    deadline = time.monotonic() + START_TIMEOUT_S
    while not healthy(url):
        if any(p.poll() is not None for p in processes) or time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not start")
        time.sleep(0.25)


def start_replica(replica_port, log_dir):
    log = open(Path(log_dir) / f"replica-{replica_port}.log", "ab")
    return subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.headless", "true",
         "--server.port", str(replica_port), "--server.address", "127.0.0.1",
         "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"})


def start(replicas, port, address, log_dir):
    """Start the replicas and the proxy; returns (processes, proxy URL): the
    replicas in port order, then HAProxy. Stops what it started if any part
    fails to answer."""
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(haproxy).exists():
        raise RuntimeError("HAProxy not found: sudo apt-get install -y haproxy")
    replica_ports = [port + i for i in range(1, replicas + 1)]
    processes = []
    try:
        for replica_port in replica_ports:
            processes.append(start_replica(replica_port, log_dir))
        for replica_port in replica_ports:
            wait_until_healthy(f"http://127.0.0.1:{replica_port}", processes)
        config = Path(log_dir) / "haproxy.cfg"
        config.write_text(haproxy_config(address, port, replica_ports))
        log = open(Path(log_dir) / "haproxy.log", "wb")
        processes.append(subprocess.Popen([haproxy, "-db", "-f", str(config)], stdout=log, stderr=subprocess.STDOUT))
        url = f"http://{'127.0.0.1' if address in ('0.0.0.0', '') else address}:{port}"
        wait_until_healthy(url, processes)
    except BaseException:
        stop(processes)
        raise
    return processes, url


def supervise(processes, port, log_dir, say=print):
    """Keep the replicas running until HAProxy (the last process) stops: a dead
    replica is started again after a back-off that doubles while it keeps dying.
    Returns when HAProxy has stopped."""
    proxy, replicas = processes[-1], processes[:-1]
    ports = [port + i for i in range(1, len(replicas) + 1)]
    backoff = [FIRST_BACKOFF_S] * len(replicas)
    started = [time.monotonic()] * len(replicas)
    restart_at = [None] * len(replicas)
    back = [True] * len(replicas)  # answered its health check since its last start
    while proxy.poll() is None:
        now = time.monotonic()
        for i, process in enumerate(replicas):
            name = f"replica r{i + 1} (port {ports[i]})"
            if restart_at[i] is None and process.poll() is not None:
                if now - started[i] > STABLE_S:
                    backoff[i] = FIRST_BACKOFF_S
                restart_at[i] = now + backoff[i]
                say(f"{name} stopped (exit code {process.returncode}); its students move to the others; "
                    f"starting it again in {backoff[i]:.0f} s", flush=True)
            elif restart_at[i] is not None and now >= restart_at[i]:
                replicas[i] = processes[i] = start_replica(ports[i], log_dir)
                started[i], restart_at[i], back[i] = now, None, False
                backoff[i] = min(backoff[i] * 2, MAX_BACKOFF_S)
            elif not back[i] and process.poll() is None and healthy(f"http://127.0.0.1:{ports[i]}"):
                back[i] = True
                say(f"{name} is back and takes students again", flush=True)
        time.sleep(0.5)


def stop(processes):
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def key_in_secrets():
    """True if a secrets.toml Streamlit reads (the project's, the user's) holds teacher_key."""
    for path in (ROOT / ".streamlit" / "secrets.toml", Path.home() / ".streamlit" / "secrets.toml"):
        try:
            if str(tomllib.loads(path.read_text()).get("teacher_key", "")).strip():
                return True
        except (OSError, tomllib.TOMLDecodeError):
            continue
    return False


def ensure_teacher_key(say=print):
    """Make sure the replicas have a teacher key: the environment's, the
    secrets', or a new one put in the environment they inherit and printed."""
    if key_from_environment():
        say(f"Teacher key: the one in {KEY_VARIABLE}.")
    elif key_in_secrets():
        say("Teacher key: the one in .streamlit/secrets.toml (teacher_key).")
    else:
        os.environ[KEY_VARIABLE] = key = new_key()
        say(f"Teacher key for this lesson: {key}  (type it under Teacher in the app's sidebar; "
            f"students do not need it; set {KEY_VARIABLE} to choose your own)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=2, help="Streamlit processes (about one per core)")
    parser.add_argument("--port", type=int, default=8501, help="the one port students open; replicas use the next N")
    parser.add_argument("--address", default="0.0.0.0", help="where the proxy listens (0.0.0.0: the whole network)")
    args = parser.parse_args()
    if args.replicas < 1:
        parser.error("--replicas must be at least 1")
    log_dir = tempfile.mkdtemp(prefix="mnist-studio-serve-")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    processes = []
    ensure_teacher_key()
    # the class session's join link and QR code: the proxy's address, not a replica's
    host = lan_address() if args.address in ("0.0.0.0", "") else args.address
    os.environ.setdefault(PUBLIC_URL_VARIABLE, f"http://{host}:{args.port}")
    try:
        processes, url = start(args.replicas, args.port, args.address, log_dir)
        print(f"MNIST Studio: {args.replicas} replicas behind HAProxy at {url} (logs in {log_dir})", flush=True)
        if args.address in ("0.0.0.0", ""):
            print(f"Students open http://{lan_address()}:{args.port}", flush=True)
        supervise(processes, args.port, log_dir)
        print("HAProxy stopped, so the app is unreachable: stopping; see the logs in " + log_dir, file=sys.stderr)
        return 1
    except RuntimeError as e:
        print(f"error: {e}; logs in {log_dir}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stop(processes)


if __name__ == "__main__":
    sys.exit(main())

# lab.py: prints lifecycle markers that the sandbox's timeline reads (the twin of lab.js).
# A marker is an ordinary log line:  [lab] <event> pid=<pid> key=value ...
# Delete the calls and the timeline loses its markers; the server works the same.
#
# uvicorn and gunicorn have no hook for "this process now serves" or "that worker ended", but they
# log both. lab watches their own log records (a logging filter that lets every record through) and
# prints a marker beside them: "Uvicorn running on" (one process: after bind), "Application startup
# complete." (a worker: the parent bound the socket), "Child process [N] died" (uvicorn's
# supervisor), "Worker (pid:N) was sent SIGKILL!" (gunicorn's arbiter, before its child_exit hook).
import logging
import multiprocessing
import os
import sys

_started_in = None  # the pid that printed its start marker: a forked worker inherits it, and differs
_gunicorn_worker = False  # set in gunicorn's post_fork hook (see worker_started)
_exit_status = {}  # pid -> (code, signal), from gunicorn's log line, read by worker_exited
_declared_role = None  # the role given to start() in this process, if any (set again in a forked one)


def mark(event, **fields):
    pairs = {"pid": os.getpid(), **fields}  # a pid in fields names another process (see exited)
    text = " ".join(f"{k}={'_'.join(str(v).split())}" for k, v in pairs.items() if v is not None)
    # One write: print(..., flush=True) on a buffered stdout writes the line and its newline together,
    # so two workers' lines never interleave on the shared pipe.
    print(f"[lab] {event} {text}", flush=True)


def _role():
    if _declared_role:
        return _declared_role
    if _gunicorn_worker:
        return "worker"
    if "gunicorn.arbiter" in sys.modules:
        return "master"  # imported by gunicorn's arbiter (--preload, or a hook in gunicorn.conf.py)
    if multiprocessing.current_process().name != "MainProcess":
        # spawned by uvicorn's supervisor (--workers N): a fresh interpreter, named SpawnProcess-N
        # from the start, even while it re-imports the main script as __mp_main__
        return "worker"
    return "single"


def role():
    """single, master or worker: what this process is, as lab sees it."""
    return _role()


def start(role=None):
    """Module code started running in this process. Printed once per process."""
    global _started_in, _declared_role
    if _started_in == os.getpid():
        return
    _started_in = os.getpid()
    _declared_role = role
    mark("start", role=role or _role())


def listening(port=None):
    """This process accepts connections on `port`."""
    mark("listening", port=port or os.environ.get("PORT"))


def event(name, **fields):
    """Anything worth a dot on the timeline: lab.event("lifespan-startup")."""
    mark("event", name=name, **fields)


def exited(pid, code=None, signal=None):
    """Another process (pid) ended; printed by whoever saw it end, such as gunicorn's arbiter."""
    mark("exit", pid=pid, code=code, signal=signal)


# gunicorn hooks: call these from the example's gunicorn.conf.py.
def master_started(server=None):
    start("master")


def master_listening(server=None):
    listening()


def worker_started(server=None, worker=None):
    global _gunicorn_worker
    _gunicorn_worker = True
    start("worker")


def worker_exited(server=None, worker=None):
    code, signal = _exit_status.pop(worker.pid, (0, None))
    exited(worker.pid, code, signal)


class _Watch(logging.Filter):
    def filter(self, record):
        try:
            _seen(record)
        except Exception:  # a marker must never break the server's logging
            pass
        return True


def _seen(record):
    message = record.msg if isinstance(record.msg, str) else ""
    if record.name == "uvicorn.error":
        if message.startswith("Uvicorn running on"):
            # One process: it has bound and listens. A supervisor (--workers, uvicorn.run(workers=N))
            # logs this after bind() but before any worker calls listen(): connections are refused
            # until a worker has started, so only the workers print listening.
            if _role() == "single":
                listening()
        elif message == "Application startup complete." and _role() == "worker":
            listening()
        elif message.startswith("Child process [") and message.endswith("] died"):
            exited(message[len("Child process [") : -len("] died")])
    elif record.name == "gunicorn.error" and message.startswith("Worker (pid:%s)"):
        pid = record.args[0]
        if "was sent" in message:
            _exit_status[pid] = (None, record.args[1])
        elif "exited with code" in message:
            _exit_status[pid] = (record.args[1], None)


# A filter on the logger itself: uvicorn's worker class and gunicorn replace these loggers' handlers,
# not their filters.
for _name in ("uvicorn.error", "gunicorn.error"):
    if not any(isinstance(f, _Watch) for f in logging.getLogger(_name).filters):
        logging.getLogger(_name).addFilter(_Watch())


class PidHeader:
    """ASGI middleware: every response says which process answered (x-pid), for the request panel."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        async def with_pid(message):
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-pid", str(os.getpid()).encode())]
            await send(message)

        await self.app(scope, receive, with_pid)

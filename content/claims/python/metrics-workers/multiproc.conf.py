# gunicorn -c multiproc.conf.py: prometheus-client's multiprocess mode.
import os
import shutil

from prometheus_client import multiprocess


def on_starting(server):
    # Once, in the master, before any worker: an empty folder for the workers' metric files.
    folder = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)


def child_exit(server, worker):
    # In the master, when a worker has exited: drop its live gauges (livesum, livemax, ...).
    multiprocess.mark_process_dead(worker.pid)
    print(f"child_exit: marked pid {worker.pid} dead", flush=True)

# gunicorn -c no-hook.conf.py: multiprocess mode without the child_exit hook.
import os
import shutil


def on_starting(server):
    folder = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)

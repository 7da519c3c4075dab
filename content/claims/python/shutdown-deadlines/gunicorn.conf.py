# gunicorn's server hooks run in the master (the arbiter), not in the workers.
import os


def on_exit(server):
    # Once per server, after every worker has stopped: the place for cleanup that must run once.
    print(f"on_exit in pid {os.getpid()} (master): cleanup once for the whole server", flush=True)

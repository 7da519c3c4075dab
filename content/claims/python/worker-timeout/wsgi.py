# A plain WSGI app for gunicorn's sync worker: a request longer than --timeout.
import os
import time


def app(environ, start_response):
    print(f"{environ['PATH_INFO']} started in pid {os.getpid()}", flush=True)
    time.sleep(6)
    print(f"{environ['PATH_INFO']} finished in pid {os.getpid()}", flush=True)
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"done\n"]

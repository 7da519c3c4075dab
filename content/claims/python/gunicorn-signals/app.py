# A plain WSGI app, to see what gunicorn's own sync worker does with TERM and INT.
import os
import time


def app(environ, start_response):
    if environ["PATH_INFO"] == "/slow":
        print(f"/slow started in pid {os.getpid()}", flush=True)
        time.sleep(1.5)
        print(f"/slow finished in pid {os.getpid()}", flush=True)
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"done\n"]

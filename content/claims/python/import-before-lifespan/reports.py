# Another module that uses the client at import time, as a module-level constant or a default.
import os

from resources import client  # copies the name's value now: None, lifespan has not run yet

print(f"reports imported in pid {os.getpid()}: client is {client}", flush=True)


def report():
    return f"reports sees {client}"

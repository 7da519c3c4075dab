# The master's signals. gunicorn's master (the arbiter) runs none of your requests; it manages
# workers, and signals tell it what to do:
#   HUP   reload: start new workers (they import the app and run lifespan again), then stop the old
#   TTIN  one worker more          TTOU  one worker fewer
#   TERM  graceful stop: workers finish their requests in flight (up to graceful_timeout), then exit
#   INT / QUIT  quick stop: the master sends its workers QUIT at once
# POST /master/<SIGNAL> sends it from a worker to its master (os.getppid()), as `kill -HUP <pid>`
# in a shell would; the processes table shows which pid the master is.
import os
import signal

from fastapi import FastAPI, HTTPException
from fastapi.responses import PlainTextResponse
from contextlib import asynccontextmanager

import lab

lab.start()
print(f"module scope ran in pid {os.getpid()}", flush=True)

SIGNALS = {"HUP", "TTIN", "TTOU", "TERM", "INT", "QUIT"}


@asynccontextmanager
async def lifespan(app: FastAPI):
    print(f"lifespan startup ran in pid {os.getpid()}", flush=True)
    lab.event("lifespan-startup")
    yield
    print(f"lifespan shutdown ran in pid {os.getpid()}", flush=True)


app = FastAPI(lifespan=lifespan)
app.add_middleware(lab.PidHeader)


@app.get("/", response_class=PlainTextResponse)
async def root():
    return f"worker {os.getpid()} answered\n"


@app.post("/master/{name}", response_class=PlainTextResponse)
async def send_to_master(name: str):
    if name not in SIGNALS:
        raise HTTPException(404, f"not one of {sorted(SIGNALS)}")
    master = os.getppid()
    os.kill(master, getattr(signal, f"SIG{name}"))
    return f"worker {os.getpid()} sent SIG{name} to the master, pid {master}\n"

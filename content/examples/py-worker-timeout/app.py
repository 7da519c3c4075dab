# WORKER TIMEOUT: gunicorn's master expects each worker to check in (a heartbeat) at least every
# --timeout seconds. UvicornWorker checks in from its event loop, so time.sleep() in an async def
# blocks the heartbeat with everything else: after 3 s (-t 3) the master logs
# "WORKER TIMEOUT (pid:N)", kills that worker (SIGABRT) and boots a new one. The request is lost.
# asyncio.sleep() for as long is fine: the loop keeps running and so does the heartbeat.
import asyncio
import os
import time
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import PlainTextResponse

import lab

lab.start()


@asynccontextmanager
async def lifespan(app: FastAPI):
    lab.event("lifespan-startup")
    yield


app = FastAPI(lifespan=lifespan)
app.add_middleware(lab.PidHeader)


@app.get("/", response_class=PlainTextResponse)
async def root():
    return f"worker {os.getpid()} answered\n"


@app.get("/block", response_class=PlainTextResponse)
async def block(seconds: float = 10):
    print(f"/block: time.sleep({seconds}) in async def, pid {os.getpid()}", flush=True)
    time.sleep(seconds)  # blocks this worker's event loop, and with it the heartbeat
    return f"worker {os.getpid()} slept {seconds} s\n"


@app.get("/await", response_class=PlainTextResponse)
async def wait(seconds: float = 6):
    print(f"/await: await asyncio.sleep({seconds}), pid {os.getpid()}", flush=True)
    await asyncio.sleep(seconds)
    return f"worker {os.getpid()} awaited {seconds} s\n"

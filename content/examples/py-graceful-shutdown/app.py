# Graceful shutdown under uvicorn: on SIGTERM it stops accepting, lets the requests in flight finish,
# runs lifespan shutdown, and exits. --timeout-graceful-shutdown 3 caps the wait: a request still
# running 3 s after the signal is cancelled, and its client gets 500 Internal Server Error.
# /slow?seconds=N&sigterm sends this process SIGTERM 0.5 s into the request, as a deploy would.
import asyncio
import os
import signal
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import PlainTextResponse

import lab

lab.start()


@asynccontextmanager
async def lifespan(app: FastAPI):
    lab.event("lifespan-startup")
    yield
    print("lifespan shutdown ran: close pools and flush here", flush=True)
    lab.event("lifespan-shutdown")


app = FastAPI(lifespan=lifespan)
app.add_middleware(lab.PidHeader)


@app.get("/", response_class=PlainTextResponse)
async def root():
    return f"pid {os.getpid()} is up\n"


@app.get("/slow", response_class=PlainTextResponse)
async def slow(seconds: float = 2, sigterm: str | None = None):
    if sigterm is not None:
        loop = asyncio.get_running_loop()
        loop.call_later(0.5, os.kill, os.getpid(), signal.SIGTERM)
        print("SIGTERM in 0.5 s", flush=True)
    print(f"/slow started: {seconds} s of work", flush=True)
    try:
        await asyncio.sleep(seconds)
    except asyncio.CancelledError:
        print(f"/slow cancelled before its {seconds} s were up", flush=True)
        raise
    print("/slow finished", flush=True)
    return f"finished {seconds} s of work in pid {os.getpid()}\n"

# Module scope, lifespan, handler: which code runs once, which runs per process, which per request.
# uvicorn --workers 2: the parent imports none of this; it spawns two fresh interpreters, and each
# imports the module and runs lifespan. Kill one: the parent starts a new one, which imports again.
import os
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import PlainTextResponse

import lab

lab.start()
print(f"module scope ran in pid {os.getpid()}", flush=True)
handled = 0  # a module global: one per process


@asynccontextmanager
async def lifespan(app: FastAPI):
    print(f"lifespan startup ran in pid {os.getpid()}", flush=True)
    lab.event("lifespan-startup")
    yield
    print(f"lifespan shutdown ran in pid {os.getpid()}", flush=True)
    lab.event("lifespan-shutdown")


app = FastAPI(lifespan=lifespan)
app.add_middleware(lab.PidHeader)


@app.get("/", response_class=PlainTextResponse)
async def root():
    global handled
    handled += 1
    print(f"handler ran in pid {os.getpid()} (request {handled} of this process)", flush=True)
    return f"pid {os.getpid()} handled {handled} request(s)\n"

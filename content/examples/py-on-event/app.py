# lifespan= and @app.on_event: with a lifespan on the app, FastAPI skips the app's on_event
# handlers (an included router's on_event handlers still run). And a mounted sub-app is only an ASGI
# app to route to: its own lifespan never runs. Edit: remove lifespan=lifespan, Restart, and the
# on_event handler runs instead.
import os
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import PlainTextResponse

import lab

lab.start()


@asynccontextmanager
async def lifespan(app: FastAPI):
    print("lifespan startup ran", flush=True)
    lab.event("lifespan-startup")
    app.state.started_by = "lifespan"
    yield


@asynccontextmanager
async def sub_lifespan(app: FastAPI):
    print("sub-app lifespan startup ran", flush=True)  # never printed: see below
    lab.event("sub-lifespan-startup")
    app.state.started_by = "sub lifespan"
    yield


app = FastAPI(lifespan=lifespan)
app.add_middleware(lab.PidHeader)


@app.on_event("startup")
async def on_startup():
    print("on_event startup ran", flush=True)
    lab.event("on-event-startup")
    app.state.started_by = "on_event"


sub = FastAPI(lifespan=sub_lifespan)
app.mount("/sub", sub)


@app.get("/", response_class=PlainTextResponse)
async def root():
    return f"app.state.started_by = {getattr(app.state, 'started_by', None)!r} (pid {os.getpid()})\n"


@sub.get("/", response_class=PlainTextResponse)
async def sub_root():
    return f"sub.state.started_by = {getattr(sub.state, 'started_by', None)!r}: its lifespan never ran\n"

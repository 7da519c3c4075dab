# Three lifetimes for one object: a Depends() result is cached for one request (every parameter that
# asks for get_db in that request gets the same one), an @lru_cache function's result lives as long as
# its process (one per worker), and app.state set in lifespan is built once per worker at startup.
# lru_cache takes no lock: sync dependencies run in the threadpool, so two first requests at the same
# moment can both miss the cache and build the settings twice in one worker (seen in a burst here).
import itertools
import os
from contextlib import asynccontextmanager
from functools import lru_cache
from typing import Annotated

from fastapi import Depends, FastAPI, Request

import lab

lab.start()
sessions = itertools.count(1)


def get_db():
    session = next(sessions)
    print(f"get_db() opened session {session} in pid {os.getpid()}", flush=True)
    return session


@lru_cache
def get_settings():
    print(f"get_settings() built the settings in pid {os.getpid()}", flush=True)
    lab.event("settings-built")
    return {"built_in": os.getpid()}


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.client = f"client made by lifespan in pid {os.getpid()}"
    print(f"lifespan startup set app.state.client in pid {os.getpid()}", flush=True)
    lab.event("lifespan-startup")
    yield


app = FastAPI(lifespan=lifespan)
app.add_middleware(lab.PidHeader)


@app.get("/")
def root(
    request: Request,
    db: Annotated[int, Depends(get_db)],
    again: Annotated[int, Depends(get_db)],
    settings: Annotated[dict, Depends(get_settings)],
):
    return {
        "pid": os.getpid(),
        "db": db,
        "same_db_twice": db == again,
        "settings_built_in": settings["built_in"],
        "state_client": request.app.state.client,
    }

# A FastAPI app with a request slower than the shutdown deadline, to see how each server ends when
# the deadline cuts the drain short, and where cleanup that must run once for the whole server goes.
import asyncio
import os
from contextlib import asynccontextmanager

from fastapi import FastAPI


@asynccontextmanager
async def lifespan(app: FastAPI):
    print(f"lifespan startup in pid {os.getpid()}", flush=True)
    yield
    print(f"lifespan shutdown in pid {os.getpid()}", flush=True)


app = FastAPI(lifespan=lifespan)


@app.get("/")
async def root():
    return {"pid": os.getpid()}


@app.get("/slow")
async def slow():
    print(f"/slow started in pid {os.getpid()}", flush=True)
    await asyncio.sleep(6)
    print(f"/slow finished in pid {os.getpid()}", flush=True)
    return {"slow": "done"}

# A slow endpoint to keep a request in flight while the server is told to stop, as an orchestrator
# does during a rolling update.
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
    await asyncio.sleep(2)
    print(f"/slow finished in pid {os.getpid()}", flush=True)
    return {"slow": "done"}

# One FastAPI app that says when each part of it runs, and in which process.
import asyncio
import os
from contextlib import asynccontextmanager

from fastapi import FastAPI

IMPORTED_IN = os.getpid()
print(f"module ran in pid {IMPORTED_IN} as {__name__}", flush=True)


@asynccontextmanager
async def lifespan(app: FastAPI):
    pid = os.getpid()
    where = "this process" if pid == IMPORTED_IN else f"pid {IMPORTED_IN}, before a fork"
    print(f"lifespan startup in pid {pid} (module imported in {where})", flush=True)
    yield
    print(f"lifespan shutdown in pid {pid}", flush=True)


app = FastAPI(lifespan=lifespan)


@app.get("/")
async def root():
    return {"pid": os.getpid()}


@app.get("/slow")
async def slow():
    print(f"/slow started in pid {os.getpid()}", flush=True)
    await asyncio.sleep(1.5)
    print(f"/slow finished in pid {os.getpid()}", flush=True)
    return {"slow": "done"}


@app.get("/crash")
def crash():
    print(f"/crash: pid {os.getpid()} exits now", flush=True)
    os._exit(1)

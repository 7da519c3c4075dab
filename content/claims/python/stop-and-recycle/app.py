# Says when a worker process starts and stops, so that a recycled worker shows up as a new PID
# that imports the module and runs lifespan again, and keeps a slow request in flight while the server
# is told to stop (as an orchestrator does during a rolling update).
import asyncio
import os
from contextlib import asynccontextmanager

from fastapi import FastAPI

print(f"module ran in pid {os.getpid()}", flush=True)


@asynccontextmanager
async def lifespan(app: FastAPI):
    print(f"lifespan startup in pid {os.getpid()} (load the model, open the pool)", flush=True)
    yield
    print(f"lifespan shutdown in pid {os.getpid()}", flush=True)


app = FastAPI(lifespan=lifespan)


@app.get("/")
async def root():
    print(f"request served by pid {os.getpid()}", flush=True)
    return {"pid": os.getpid()}


@app.get("/slow")
async def slow():
    print(f"/slow started in pid {os.getpid()}", flush=True)
    await asyncio.sleep(2)
    print(f"/slow finished in pid {os.getpid()}", flush=True)
    return {"slow": "done"}

# An app whose lifespan startup fails, as it does when the database is unreachable.
import os
from contextlib import asynccontextmanager

from fastapi import FastAPI


@asynccontextmanager
async def lifespan(app: FastAPI):
    print(f"lifespan startup in pid {os.getpid()}: failing", flush=True)
    raise RuntimeError("database unreachable")
    yield


app = FastAPI(lifespan=lifespan)

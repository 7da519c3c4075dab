# Import runs before lifespan: a module that grabs a singleton at import time gets what was there then.
import os
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request

import resources
import reports


@asynccontextmanager
async def lifespan(app: FastAPI):
    resources.client = f"Client(built in lifespan, pid {os.getpid()})"
    app.state.client = resources.client
    print(f"lifespan startup in pid {os.getpid()}: built {resources.client}", flush=True)
    yield


app = FastAPI(lifespan=lifespan)


def client_dep(request: Request):
    return request.app.state.client


@app.get("/report")
async def report():
    print(f"GET /report: {reports.report()}", flush=True)
    return reports.report()


@app.get("/fixed")
async def fixed(client=Depends(client_dep)):
    print(f"GET /fixed: dependency gives {client}; get_client() gives {resources.get_client()}", flush=True)
    return client

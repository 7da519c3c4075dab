# max_requests with jitter: each gunicorn worker exits once it has served its limit, --max-requests 6
# plus a random 0 to 3 (--max-requests-jitter 3) so that the workers do not all leave at once, and the
# master boots a replacement, which runs lifespan again (a slow leak is reset; so is every cache).
# UvicornWorker hands the limit to uvicorn, which checks it every 0.1 s and then logs "Maximum
# request limit of N exceeded": under a fast burst a worker serves more than N before it leaves.

import os
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import PlainTextResponse

import lab

lab.start()
served = 0


@asynccontextmanager
async def lifespan(app: FastAPI):
    print(f"lifespan startup ran in pid {os.getpid()}", flush=True)
    lab.event("lifespan-startup")
    yield


app = FastAPI(lifespan=lifespan)
app.add_middleware(lab.PidHeader)


@app.get("/", response_class=PlainTextResponse)
async def root():
    global served
    served += 1
    return f"worker {os.getpid()} served {served} request(s)\n"

# A blocking call in async def vs in def, under a burst of 5. An async def handler runs on the
# event loop itself: time.sleep(0.5) there stops the loop, so 5 requests take turns (about 2.5 s for
# the last). A plain def handler runs in the threadpool (40 threads by default), so the same 5 sleep
# side by side and all finish in about 0.5 s. await asyncio.sleep(0.5) is the non-blocking version.
import asyncio
import os
import time

from fastapi import FastAPI
from fastapi.responses import PlainTextResponse

import lab

lab.start()
app = FastAPI()
app.add_middleware(lab.PidHeader)


@app.get("/async-blocking", response_class=PlainTextResponse)
async def async_blocking():
    time.sleep(0.5)  # blocks the event loop: nothing else in this process runs meanwhile
    return f"async def + time.sleep in pid {os.getpid()}\n"


@app.get("/def-blocking", response_class=PlainTextResponse)
def def_blocking():
    time.sleep(0.5)  # blocks one threadpool thread; the loop goes on
    return f"def + time.sleep in pid {os.getpid()}\n"


@app.get("/async-await", response_class=PlainTextResponse)
async def async_await():
    await asyncio.sleep(0.5)  # gives the loop back while it waits
    return f"async def + await asyncio.sleep in pid {os.getpid()}\n"

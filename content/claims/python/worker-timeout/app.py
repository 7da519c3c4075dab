# A blocking call inside async def: the event loop stops, and so does UvicornWorker's heartbeat.
import os
import time

from fastapi import FastAPI

app = FastAPI()


@app.get("/block")
async def block():
    print(f"/block started in pid {os.getpid()}: time.sleep(6) on the event loop", flush=True)
    time.sleep(6)
    print(f"/block finished in pid {os.getpid()}", flush=True)
    return {"blocked": 6}
